/**
 * "How many chips?": the capacity search of `roofline serve --target-rate` on the Serving page. For a
 * target rate under the page's SLOs, each candidate replica (a layout from the layout search, on each
 * candidate system) gets a max-load search by simulation, one candidate per slice (a progress bar, a
 * Cancel button); then the cheapest plan with its derivation (replicas = ⌈target ÷ max load⌉, chips,
 * $ per hour) and every alternative in a table.
 */
import { createCapacitySearch, formatSignificant, formatUsd, parseSystems, SERVE_CAPACITY_INPUTS, type CapacityResult, type ServeOptions } from "@roofline/core";
import { useEffect, useRef, useState } from "preact/hooks";
import { InputControl } from "../components/Controls.tsx";
import { ErrorBox } from "../components/Layout.tsx";
import { Stat } from "../components/Num.tsx";
import { attempt, inputOptions } from "../options.ts";
import type { AppState } from "../state.ts";

interface CapacityJob {
  running: boolean;
  done: number;
  total: number;
  result: CapacityResult | null;
  error: string | null;
  cancelled: boolean;
}

const IDLE: CapacityJob = { running: false, done: 0, total: 0, result: null, error: null, cancelled: false };

export function CapacityPanel({ state, set, serve }: { state: AppState; set: (p: Partial<AppState>) => void; serve: ServeOptions | null }) {
  const given = inputOptions(state, SERVE_CAPACITY_INPUTS);
  const target = given["targetRate"] as { value: number } | undefined;
  const key = JSON.stringify([state.model, state.config, state.hardware, state.inputs]);
  const [job, setJob] = useState<CapacityJob>(IDLE);
  const live = useRef(0);
  const timer = useRef<number | null>(null);
  const stop = () => {
    live.current++;
    if (timer.current !== null) window.clearTimeout(timer.current);
    timer.current = null;
    setJob((j) => (j.running ? { ...j, running: false, cancelled: true } : j));
  };
  useEffect(() => {
    const id = ++live.current;
    if (!serve || !target) {
      setJob(IDLE);
      return;
    }
    const label = (i: string) => SERVE_CAPACITY_INPUTS.get(i).label;
    const made = attempt(() =>
      createCapacitySearch({
        serve,
        targetRatePerSecond: target.value,
        ...(typeof given["systems"] === "string" ? { systems: parseSystems(given["systems"], label("systems")) } : {}),
        ...(given["maxReplicaChips"] !== undefined ? { maxChipsPerReplica: (given["maxReplicaChips"] as { value: number }).value } : {}),
        names: { targetRate: label("targetRate"), systems: label("systems"), maxChips: label("maxReplicaChips"), sloTtft: "SLO TTFT", sloTpot: "SLO TPOT" },
      }),
    );
    if (!made.ok) {
      setJob({ ...IDLE, error: made.message });
      return;
    }
    const search = made.value;
    setJob({ ...IDLE, running: true, total: search.total });
    const tick = () => {
      if (live.current !== id) return;
      const r = attempt(() => search.step());
      if (!r.ok) return setJob({ ...IDLE, total: search.total, done: search.done(), error: r.message });
      if (!r.value) {
        setJob({ ...IDLE, running: true, total: search.total, done: search.done() });
        timer.current = window.setTimeout(tick, 0);
        return;
      }
      const res = attempt(() => search.result());
      setJob({ ...IDLE, total: search.total, done: search.done(), ...(res.ok ? { result: res.value } : { error: res.message }) });
    };
    timer.current = window.setTimeout(tick, 150);
    return () => {
      live.current++;
      if (timer.current !== null) window.clearTimeout(timer.current);
    };
  }, [key, serve]);

  const r = job.result;
  return (
    <section class="capacity" data-capacity aria-labelledby="capacity-title">
      <h2 class="sub" id="capacity-title">
        How many chips?
      </h2>
      <p class="small">
        The cheapest fleet for a target rate under the SLOs above (the same search as the CLI&apos;s <code>roofline serve</code> with a target rate): each candidate replica is a layout from the layout search on each candidate system; its max load
        (the highest rate at which every class meets its SLOs and the server keeps up) comes from simulations; replicas = ⌈target ÷ max load⌉, cost = replicas × chips × $/chip-hour.
      </p>
      <div class="inline-inputs">
        {SERVE_CAPACITY_INPUTS.inputs.map((d) => (
          <InputControl key={d.id} def={d} state={state} set={set} effective={{}} />
        ))}
      </div>
      <p class="small" data-capacity-progress>
        {job.running ? (
          <>
            <button type="button" data-action="cancel-capacity" onClick={stop}>
              Cancel
            </button>{" "}
            <progress max={job.total} value={job.done} aria-label="Capacity search progress">
              {job.done}/{job.total}
            </progress>{" "}
            measuring candidate {job.done + 1} of {job.total}…
          </>
        ) : job.cancelled ? (
          <>cancelled after {job.done} of {job.total} candidates.</>
        ) : r ? (
          <>{job.total} candidate replicas measured.</>
        ) : !target ? (
          <>Give a target rate to search.</>
        ) : null}
      </p>
      {job.error ? <ErrorBox message={job.error} /> : null}
      {r ? <CapacityBody r={r} /> : null}
    </section>
  );
}

function CapacityBody({ r }: { r: CapacityResult }) {
  const c = r.chosen;
  const k = c.candidate;
  const d = r.derivations;
  return (
    <>
      <p data-capacity-answer>
        <strong>
          {c.replicas} × {k.chipsPerReplica} {k.hardware.name}
        </strong>{" "}
        ({k.layoutText}, {k.weightPrecision} weights) = {c.totalChips} chips{c.usdPerHour === null ? " (no price known: ranked by chips)" : `, ${formatUsd(c.usdPerHour)} per hour`}. Check: one replica at{" "}
        {formatSignificant(r.check.ratePerSecond, 4)} requests/s {r.check.meets ? "meets every SLO" : "misses an SLO"} ({r.check.requests} requests simulated, seed {r.check.seed}).
      </p>
      <div class="stats">
        <Stat id="capacity.maxRate" label="Max load of one replica" value={k.maxRatePerReplica} unit="1/s" d={d["maxRatePerReplica"] ?? null} />
        <Stat id="capacity.replicas" label="Replicas" value={c.replicas} unit="1" d={d["replicas"] ?? null} />
        <Stat id="capacity.chips" label="Chips" value={c.totalChips} unit="chip" d={d["totalChips"] ?? null} />
        <Stat id="capacity.usd" label="$ per hour" value={c.usdPerHour} unit="USD/h" d={d["usdPerHour"] ?? null} />
      </div>
      <table class="compare-table" data-capacity-table>
        <thead>
          <tr>
            <th>system</th>
            <th>chips per replica</th>
            <th>layout</th>
            <th>max load per replica</th>
            <th>replicas</th>
            <th>chips</th>
            <th>$ per hour</th>
          </tr>
        </thead>
        <tbody>
          {r.plans.map((p, i) => (
            <tr key={`${p.candidate.hardware.id}-${p.candidate.chipsPerReplica}`} class={i === 0 ? "chosen" : undefined}>
              <td>{p.candidate.hardware.name}</td>
              <td>{p.candidate.chipsPerReplica}</td>
              <td>{p.candidate.layoutText}</td>
              <td>{formatSignificant(p.candidate.maxRatePerReplica, 4)}/s</td>
              <td>{p.replicas}</td>
              <td>{p.totalChips}</td>
              <td>{p.usdPerHour === null ? "—" : formatUsd(p.usdPerHour)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {r.rejected.length ? (
        <details class="small">
          <summary>Not candidates ({r.rejected.length})</summary>
          <ul>
            {r.rejected.map((x) => (
              <li key={`${x.hardware.id}-${x.chipsPerReplica ?? "none"}`}>
                {x.chipsPerReplica === null ? "" : `${x.chipsPerReplica} × `}
                {x.hardware.name}: {x.reason}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </>
  );
}

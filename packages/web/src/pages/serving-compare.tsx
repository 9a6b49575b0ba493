/**
 * Comparisons of the Serving page's simulations: each comparison scenario (another chip, model, chip
 * count, precision, or the other step-time efficiency: ideal roofline or expected) is simulated as the
 * page simulates its own — the main run at the page's rate, the rate sweep, the closed loops of the
 * throughput–interactivity frontier — in short slices after
 * the page's own job, so typing stays responsive. Its TTFT and TPOT distributions, its goodput and
 * throughput against rate and its frontier are drawn on the page's charts (dashed, in its colour), and a table gives its
 * simulated numbers beside the page's, each the same analysis as `roofline serve --json`.
 */
import { CompareTable } from "../components/CompareTable.tsx";
import { analyzeServing, frontier, rateSweep, type FrontierPoint, type RatePoint, type ServeOptions, type ServeResult } from "@roofline/core";
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { Num } from "../components/Num.tsx";
import { attempt } from "../options.ts";
import { compareEach, computed, type Compared, type Comparison } from "../compare.ts";
import { overlaid, overlay } from "../components/compare-chart.ts";
import type { ChartSpec } from "../components/svgchart.tsx";
import type { AppState } from "../state.ts";
import { SERVING_DIMS } from "./serving-energy.tsx";

/** A comparison's simulations so far. */
export interface SimCompared {
  main: ServeResult | null;
  rates: RatePoint[];
  maxRate: number;
  /** Closed loops at each concurrency: the throughput–interactivity frontier. */
  frontier: FrontierPoint[];
  error: string | null;
}

export interface SweepPlan {
  fractions: readonly number[];
  requests: number;
  cap: number;
  /** The concurrencies of a scenario's frontier (the page's own choice). */
  concurrencies: (o: ServeOptions) => number[];
  frontierRequests: number;
}

const EMPTY_SIM: SimCompared = { main: null, rates: [], maxRate: 0, frontier: [], error: null };

/**
 * Simulates each comparison (null `optionsOf` result: the page has no comparable workload, e.g. a
 * pasted trace). Runs one slice per timer tick, started after `delayMs` (the page's own job first).
 */
export function useServingCompares(state: AppState, optionsOf: (s: AppState) => ServeOptions, enabled: boolean, key: string, plan: SweepPlan, delayMs = 240) {
  const list: Compared<ServeOptions>[] = useMemo(() => (enabled ? compareEach(state, optionsOf, SERVING_DIMS) : []), [key, state.compare, enabled]);
  const [sims, setSims] = useState<SimCompared[]>([]);
  const live = useRef(0);
  useEffect(() => {
    const id = ++live.current;
    const ok = computed(list);
    const acc: SimCompared[] = ok.map(() => ({ ...EMPTY_SIM }));
    const slices: (() => void)[] = [];
    ok.forEach((c, i) => {
      const o = c.value;
      const fail = (f: () => void) => () => {
        const cur = acc[i] as SimCompared;
        if (cur.error) return;
        const r = attempt(f);
        if (!r.ok) acc[i] = { ...cur, error: r.message };
      };
      slices.push(fail(() => (acc[i] = { ...(acc[i] as SimCompared), main: analyzeServing(o) })));
      for (const f of o.trace ? [] : plan.fractions)
        slices.push(
          fail(() => {
            const s = rateSweep(o, [f], plan.requests, plan.cap);
            const cur = acc[i] as SimCompared;
            acc[i] = { ...cur, maxRate: s.maxRatePerSecond, rates: [...cur.rates, ...s.points] };
          }),
        );
      const cs = attempt(() => (o.trace ? [] : plan.concurrencies(o)));
      for (const c of cs.ok ? cs.value : [])
        slices.push(
          fail(() => {
            const cur = acc[i] as SimCompared;
            acc[i] = { ...cur, frontier: [...cur.frontier, ...frontier(o, [c], plan.frontierRequests)] };
          }),
        );
    });
    setSims(acc.slice());
    let k = 0;
    let timer: number | null = null;
    const tick = () => {
      if (live.current !== id) return;
      const slice = slices[k++];
      if (!slice) return;
      slice();
      setSims(acc.slice());
      if (k < slices.length) timer = window.setTimeout(tick, 0);
    };
    if (slices.length) timer = window.setTimeout(tick, delayMs);
    return () => {
      live.current++;
      if (timer !== null) window.clearTimeout(timer);
    };
  }, [list]);
  const withSims = computed(list).map((c, i) => ({ ...c, value: sims[i] ?? EMPTY_SIM }));
  return { list, sims: withSims };
}

export type SimCompares = readonly (Comparison & { value: SimCompared })[];

/** A simulated chart (CDF, rate sweep) with each comparison's series on it, built by the page's own chart function. */
export function withSimCompares(main: ChartSpec, compares: SimCompares, build: (v: SimCompared) => ChartSpec | null, name?: (label: string) => string | null, pick?: (label: string) => boolean): ChartSpec {
  return overlay(main, overlaid(compares, build), { ...(name ? { name: (l) => name(l.label ?? "") } : {}), ...(pick ? { pick: (l) => l.label !== undefined && pick(l.label) } : {}) });
}

/** Each scenario's simulated numbers at its rate (the page's first), or what is still running. */
export function SimCompareTable({ here, compares }: { here: ServeResult; compares: SimCompares }) {
  if (compares.length === 0) return null;
  const row = (label: string, r: ServeResult | null, i: number | null, error: string | null) => {
    const id = (k: string) => `serving.sim.compare.${i ?? "page"}.${k}`;
    if (!r)
      return (
        <tr key={label} data-sim-row={i ?? "page"}>
          <th scope="row">{label}</th>
          <td colSpan={6} class="small muted">
            {error ? `Not simulated: ${error}` : "simulating…"}
          </td>
        </tr>
      );
    const d = r.derivations;
    return (
      <tr key={label} data-sim-row={i ?? "page"} data-sim-done>
        <th scope="row">{label}</th>
        <td class="num-col">
          <Num id={id("rps")} value={r.requestsPerSecond} unit="1/s" d={d["simulated.outputTokensPerSecond"] ?? null} />
        </td>
        <td class="num-col">
          <Num id={id("ttftP50")} value={r.ttftSeconds.p50} unit="s" d={d["simulated.ttftSeconds"] ?? null} />
        </td>
        <td class="num-col">
          <Num id={id("ttftP99")} value={r.ttftSeconds.p99} unit="s" d={d["simulated.ttftSeconds"] ?? null} />
        </td>
        <td class="num-col">
          <Num id={id("tpotP50")} value={r.tpotSeconds.p50} unit="s" d={d["simulated.tpotSeconds"] ?? null} />
        </td>
        <td class="num-col">
          <Num id={id("tpotP99")} value={r.tpotSeconds.p99} unit="s" d={d["simulated.tpotSeconds"] ?? null} />
        </td>
        <td class="num-col">
          <Num id={id("goodput")} value={r.goodputRequestsPerSecond.total} unit="1/s" d={d["simulated.goodputRequestsPerSecond"] ?? null} />
        </td>
      </tr>
    );
  };
  return (
    <div class="table-scroll">
      <CompareTable caption="Each scenario simulated at this rate (the same workload and seed; step times: each scenario's)" columns={["requests/s served", "TTFT p50", "TTFT p99", "TPOT p50", "TPOT p99", "goodput"]} marker="data-sim-compare">
        {row(`this scenario (${here.stepTimes} step times)`, here, null, null)}
        {compares.map((c, i) => row(`vs ${c.label}`, c.value.main, i, c.value.error))}
      </CompareTable>
    </div>
  );
}

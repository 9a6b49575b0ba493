/**
 * Energy of a served workload against the request rate (Serving page): the replica's chips at TDP —
 * the most they are rated to draw, so an upper bound on power, idle and prefill time included — over
 * the closed form's output tokens per second at each rate. Core's energy formulas (roofline/energy.ts)
 * do the arithmetic; this file only picks the rates.
 */
import { closedFormServing, energyOfThroughput, formatSignificant, prepareRoofline, SERVE_ROOFLINE_INPUTS, type EnergyResult, type ServeOptions } from "@roofline/core";
import { useMemo } from "preact/hooks";
import { Chart } from "../components/Chart.tsx";
import { COLORS, tickFormat } from "../components/chart-style.ts";
import { Num, Stat } from "../components/Num.tsx";
import type { ChartSpec } from "../components/svgchart.tsx";
import { attempt } from "../options.ts";
import { compareEach, computed, type CompareDim, type Comparison } from "../compare.ts";
import { compareLegend, overlaid, overlay } from "../components/compare-chart.ts";
import { CompareFailures } from "../components/CompareBar.tsx";
import type { AppState } from "../state.ts";

/**
 * What a comparison can change on the Serving page, step-time efficiency included (`eff:ideal` runs the
 * comparison on the ideal roofline's step times, `eff:expected` on the efficiency model's; without it,
 * the page's own choice).
 */
export const SERVING_DIMS: readonly CompareDim[] = ["model", "hardware", "chips", "weights", "kv", "eff"];

type ServingEnergyResult = NonNullable<ReturnType<typeof servingEnergy>>;

/** A comparison on the Serving page: its closed form at the page's rate, and its energy curve (null: TDP unknown). */
interface ServingCompared {
  cf: ReturnType<typeof closedFormServing>;
  energy: ServingEnergyResult | null;
}

/** Fractions of the saturation rate the energy curve is drawn at. */
const FRACTIONS = [0.02, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.97];

export interface ServingEnergyPoint {
  rate: number;
  energy: EnergyResult;
}

/** Energy at the page's rate and along the rate axis (closed form; below saturation throughput follows the rate). */
export function servingEnergy(o: ServeOptions, rate: number): { at: EnergyResult | null; points: ServingEnergyPoint[]; maxRate: number } | null {
  const chips = prepareRoofline(o, SERVE_ROOFLINE_INPUTS).params["chips"];
  if (!chips || o.hardware.tdpWatts.value === null) return null;
  const at = (r: number) => {
    const out = closedFormServing(o, r).derivations["outputTokensPerSecond"];
    return out ? energyOfThroughput(out, chips, o.hardware) : null;
  };
  const maxRate = closedFormServing(o).closedForm.maxRatePerSecond;
  const points = FRACTIONS.flatMap((f) => {
    const e = at(f * maxRate);
    return e ? [{ rate: f * maxRate, energy: e }] : [];
  });
  return { at: rate < maxRate ? at(rate) : null, points, maxRate };
}

export function servingEnergyChart(points: readonly ServingEnergyPoint[], rate: number, maxRate: number, width: number, height: number, compares: readonly (Comparison & { value: ServingCompared })[] = []): ChartSpec {
  const spec = (ps: readonly ServingEnergyPoint[], lmax: number): ChartSpec => energySpec(ps, rate, lmax, width, height);
  return overlay(spec(points, maxRate), overlaid(compares, (v) => (v.energy ? spec(v.energy.points, v.energy.maxRate) : null)), { name: () => null });
}

function energySpec(points: readonly ServingEnergyPoint[], rate: number, maxRate: number, width: number, height: number): ChartSpec {
  return {
    title: "Energy per output token against arrival rate",
    width,
    height,
    x: { type: "log", label: "arrival rate (requests/s) →", format: tickFormat("1"), unit: "1/s" },
    y: { type: "log", label: "↑ J per output token (chips at TDP)", format: tickFormat("J/token") },
    lines: [{ points: points.map((p) => ({ x: p.rate, y: p.energy.joulesPerToken })), color: COLORS.step, width: 2.5, label: "J per output token (upper bound)" }],
    rulesX: [
      ...(rate < maxRate ? [{ at: rate, color: COLORS.band, width: 6 }] : []),
      { at: maxRate, color: COLORS.compute, dash: "4 3", label: `saturation ${formatSignificant(maxRate, 3)}/s` },
    ],
  };
}

/**
 * The Serving page's energy: stats at its rate and the curve against rate, with the page's comparisons
 * (`optionsOf` builds a comparison's workload exactly as the page builds its own).
 */
export function ServingEnergy({ o, rate, state, optionsOf }: { o: ServeOptions; rate: number; state: AppState; optionsOf: (s: AppState) => ServeOptions }) {
  const e = useMemo(() => attempt(() => servingEnergy(o, rate)), [o, rate]);
  const compareList = useMemo(
    () =>
      compareEach(
        state,
        (s): ServingCompared => {
          const co = optionsOf(s);
          return { cf: closedFormServing(co, rate), energy: servingEnergy(co, rate) };
        },
        SERVING_DIMS,
      ),
    [o, rate, state.compare],
  );
  const compares = computed(compareList);
  const drawn = compares.filter((c) => c.value.energy !== null);
  if (!e.ok) return null;
  if (e.value === null) return <p class="small muted" data-serving-energy="unknown">Energy: the catalog has no TDP for this chip, so energy per token is unknown.</p>;
  const { at, points, maxRate } = e.value;
  return (
    <section class="serving-energy" aria-labelledby="serving-energy-title" data-serving-energy>
      <h2 class="sub" id="serving-energy-title">
        Energy at this rate (closed form)
      </h2>
      <div class="stats">
        <Stat id="serving.energy.joulesPerToken" label="Energy per output token (chips at TDP: an upper bound)" value={at?.joulesPerToken ?? null} unit="J/token" d={at?.derivations.joulesPerToken ?? null} hint={at ? undefined : "past saturation: no steady state"} />
        <Stat id="serving.energy.tokensPerSecondPerMegawatt" label="Output tokens/s per MW (at TDP: a lower bound)" value={at?.tokensPerSecondPerMegawatt ?? null} unit="token/s/MW" d={at?.derivations.tokensPerSecondPerMegawatt ?? null} />
        <Stat id="serving.energy.powerWatts" label="Power of the replica's chips (TDP)" value={at?.powerWatts ?? points[0]?.energy.powerWatts ?? null} unit="W" d={at?.derivations.powerWatts ?? points[0]?.energy.derivations.powerWatts ?? null} />
      </div>
      {points.length > 1 ? (
        <div class="charts">
          <Chart id="serving-energy" title="Energy per output token against arrival rate" spec={(w, h) => servingEnergyChart(points, rate, maxRate, w, h, drawn)} legend={[{ label: "J per output token (upper bound)", color: COLORS.step }, { label: "saturation (closed form)", color: COLORS.compute, dash: true }, ...compareLegend(drawn)]}>
            {drawn.length < compares.length ? <p class="small muted">Not on this chart: {compares.filter((c) => c.value.energy === null).map((c) => `vs ${c.label}`).join(", ")} — no TDP is known for it.</p> : null}
          </Chart>
        </div>
      ) : null}
      <CompareFailures list={compareList} />
      {compares.length ? <CompareClosedForms here={{ cf: closedFormServing(o, rate), energy: e.value }} compares={compares} /> : null}
      <p class="small muted">
        Power counts the replica's chips at their rated maximum for the whole time, idle and prefill included; host CPUs, networking and cooling are not counted. At low rates the chips wait for work, so energy per token
        rises; the closed form's output tokens/s equal the rate × the mean output length below saturation.
        {compares.length ? " Comparisons are drawn on this chart (closed form, each against its own saturation rate); they are simulated too, below (distributions, goodput against rate)." : ""}
      </p>
    </section>
  );
}

/** The closed form of each scenario at the page's rate: saturation, TTFT, TPOT, end-to-end, energy per output token. */
function CompareClosedForms({ here, compares }: { here: ServingCompared; compares: readonly (Comparison & { value: ServingCompared })[] }) {
  const row = (label: string, v: ServingCompared, i: number | null) => {
    const c = v.cf.closedForm;
    const d = v.cf.derivations;
    const id = (k: string) => `serving.compare.${i ?? "page"}.${k}`;
    return (
      <tr key={label} data-compare-row={i ?? "page"}>
        <th scope="row">{label}</th>
        <td class="num-col">
          <Num id={id("max")} value={c.maxRatePerSecond} unit="1/s" d={d["maxRatePerSecond"] ?? null} />
        </td>
        <td class="num-col">
          <Num id={id("ttft")} value={c.ttftSeconds} unit="s" d={d["ttftSeconds"] ?? null} />
        </td>
        <td class="num-col">
          <Num id={id("tpot")} value={c.tpotSeconds} unit="s" d={d["tpotSeconds"] ?? null} />
        </td>
        <td class="num-col">
          <Num id={id("e2e")} value={c.e2eSeconds} unit="s" d={d["e2eSeconds"] ?? null} />
        </td>
        <td class="num-col">
          <Num id={id("joulesPerToken")} value={v.energy?.at?.joulesPerToken ?? null} unit="J/token" d={v.energy?.at?.derivations.joulesPerToken ?? null} />
        </td>
      </tr>
    );
  };
  return (
    <table class="compare-table" data-compare-table>
      <caption class="small">Each scenario at this rate (closed form; "unknown" past its saturation)</caption>
      <thead>
        <tr>
          <th scope="col">scenario</th>
          <th scope="col">saturation rate</th>
          <th scope="col">TTFT</th>
          <th scope="col">TPOT</th>
          <th scope="col">end-to-end</th>
          <th scope="col">J per output token</th>
        </tr>
      </thead>
      <tbody>
        {row("this scenario", here, null)}
        {compares.map((c, i) => row(`vs ${c.label}`, c.value, i))}
      </tbody>
    </table>
  );
}

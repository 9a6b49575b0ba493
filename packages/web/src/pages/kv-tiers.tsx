/** Where a KV cache should live: $ vs hold time per memory tier, against recomputing it. */
import { analyzeKvTiers, formatQuantity, type KvTierResult, KV_TIERS_INPUTS } from "@roofline/core";
import { useMemo } from "preact/hooks";
import { Chart } from "../components/Chart.tsx";
import { DataTable } from "../components/DataTable.tsx";
import { AnalysisLayout, ErrorBox, Warnings, type PageProps } from "../components/Layout.tsx";
import { ExpectedHint, Stat } from "../components/Num.tsx";
import { COLORS, tickFormat } from "../components/chart-style.ts";
import type { ChartSpec, RuleMark } from "../components/svgchart.tsx";
import { attempt, inputOptions, labelNames, resolveHardware, resolveModel } from "../options.ts";
import { compareEach, computed, tableDims, type Comparison } from "../compare.ts";
import { compareLegend, overlaid, overlay } from "../components/compare-chart.ts";
import { CompareFailures } from "../components/CompareBar.tsx";
import type { AppState } from "../state.ts";

/** A comparison changes the model (its KV per token), the chip (HBM tier, recompute cost) or the KV precision. */
const KV_TIERS_DIMS = tableDims(KV_TIERS_INPUTS);
/** A scenario's tiers (the same analysis as `roofline kv-tiers`). */
const kvTiersOf = (state: AppState) => analyzeKvTiers({ hardware: resolveHardware(state), model: resolveModel(state), ...inputOptions(state, KV_TIERS_INPUTS), names: labelNames(KV_TIERS_INPUTS) });
type Compares = readonly (Comparison & { value: KvTierResult })[];

/** The page's chart with each comparison's tier curves on it (dashed, in its colour, named "vs …: tier"). */
function kvTiersWithCompares(r: KvTierResult, compares: Compares, width: number, height: number): ChartSpec {
  return overlay(kvTiersChart(r, width, height), overlaid(compares, (v) => kvTiersChart(v, width, height)));
}

const TIER_COLORS: Record<string, string> = { hbm: COLORS.compute, dram: COLORS.weights, flash: COLORS.kv, disk: COLORS.memory, recompute: COLORS.step };

export function kvTiersChart(r: KvTierResult, width: number, height: number): ChartSpec {
  const kinds = ["hbm", "dram", "flash", "disk", "recompute"] as const;
  const rules: RuleMark[] = [
    ...r.crossovers.map((c) => ({ at: c.holdSeconds, color: COLORS.marker, dash: "2 3", label: `${c.from} → ${c.to}` })),
    { at: 300, color: COLORS.accent, dash: "4 3", label: "5-minute cache" },
    { at: 3600, color: COLORS.accent, dash: "4 3", label: "1-hour cache" },
  ];
  return {
    title: "Cost to hold one token's KV and use it again, vs hold time",
    width,
    height,
    x: { type: "log", label: "hold time →", format: tickFormat("s") },
    y: { type: "log", label: "↑ $ per token", format: tickFormat("USD") },
    lines: kinds
      .filter((k) => r.points.some((p) => p.usd[k] !== null))
      .map((k) => ({ points: r.points.map((p) => ({ x: p.holdSeconds, y: p.usd[k] ?? Number.NaN })), color: TIER_COLORS[k] as string, width: k === "recompute" ? 2.5 : 2, label: k })),
    rulesX: rules,
  };
}

export function KvTiersPage({ state, set }: PageProps) {
  const result = useMemo(() => attempt(() => kvTiersOf(state)), [state.model, state.config, state.hardware, state.inputs]);
  const compareList = useMemo(() => compareEach(state, kvTiersOf, KV_TIERS_DIMS), [state.model, state.config, state.hardware, state.inputs, state.compare]);
  return (
    <AnalysisLayout
      state={state}
      set={set}
      table={KV_TIERS_INPUTS}
      compare={KV_TIERS_DIMS}
      intro={
        <p>
          A cached token's KV can stay in HBM (dear to hold, free to use), move to host DRAM, flash or disk (cheap to hold, slow and costly to bring back), or be thrown away and recomputed by a prefill. The cheapest place moves down the
          hierarchy as the hold time grows; each tier is balanced for a hold time near its drain time (capacity ÷ bandwidth). Host DRAM has no public price: give one to put it in the comparison.
        </p>
      }
    >
      <CompareFailures list={compareList} />
      {result.ok ? <KvTiersBody r={result.value} compares={computed(compareList)} /> : <ErrorBox message={result.message} details={result.details} />}
    </AnalysisLayout>
  );
}

function KvTiersBody({ r, compares }: { r: KvTierResult; compares: Compares }) {
  const d = r.derivations;
  return (
    <>
      <Warnings warnings={r.warnings} />
      <div class="charts">
        <Chart id="kv-tiers-hold" title="$ vs hold time per tier" spec={(w, h) => kvTiersWithCompares(r, compares, w, h)} legend={[...Object.entries(TIER_COLORS).map(([label, color]) => ({ label, color })), ...compareLegend(compares).map((l) => ({ ...l, label: `${l.label} (each tier)` }))]} />
      </div>
      <div class="stats">
        <Stat id="kvtiers.kvBytesPerToken" label="KV bytes per token" value={r.kvBytesPerToken} unit="B/token" d={d["kvBytesPerToken"] ?? null} />
        <Stat
          id="kvtiers.recompute"
          label="Cost to recompute one token's KV"
          value={r.recomputeUsdPerToken}
          unit="USD"
          d={d["recomputeUsdPerToken"] ?? null}
          hint={r.expectedRecomputeUsdPerToken !== null ? <ExpectedHint id="kvtiers.expectedRecompute" value={r.expectedRecomputeUsdPerToken} unit="USD" d={d["expectedRecomputeUsdPerToken"] ?? null} /> : null}
        />
        {r.crossovers.map((c) => (
          <Stat key={`${c.from}-${c.to}`} id={`kvtiers.crossover.${c.from}-${c.to}`} label={`${c.from} → ${c.to} at hold time`} value={c.holdSeconds} unit="s" d={d[`crossover.${c.from}-${c.to}`] ?? null} />
        ))}
        {r.durations.map((x) => (
          <Stat
            key={x.durationSeconds}
            id={`kvtiers.duration${x.durationSeconds}`}
            label={`${formatQuantity(x.durationSeconds, "s")} cache: recompute ÷ cheapest (${x.cheapest})`}
            value={x.impliedDiscount}
            unit="1"
            d={d[`durationMatch.${x.durationSeconds}s`] ?? null}
            hint={x.expected && x.expected.impliedDiscount !== null ? <ExpectedHint id={`kvtiers.expectedDuration${x.durationSeconds}`} value={x.expected.impliedDiscount} unit="1" d={d["expectedRecomputeUsdPerToken"] ?? null} /> : null}
          />
        ))}
      </div>
      <p class="small" data-expected-note>
        Ideal: recomputing is a prefill at the compute roofline (weights' FLOPs only). Expected: {r.expectedRecomputeUsdPerToken === null ? `none — ${r.expectedNote}.` : `${r.expectedNote}.`} Holding and bringing back KV are
        rent × bytes ÷ bandwidth: no efficiency model is applied to them.
      </p>
      <DataTable
        id="kv-tiers-table"
        title="Tiers, per token"
        columns={[
          { key: "tier", label: "tier", value: (t) => t.name },
          { key: "drain", label: "drain time", value: (t) => t.drainSeconds, cell: (t) => (t.drainSeconds === null ? "—" : formatQuantity(t.drainSeconds, "s")), numeric: true },
          { key: "hold", label: "$ to hold / s", value: (t) => t.holdUsdPerSecond, cell: (t) => (t.holdUsdPerSecond === null ? "unknown" : formatQuantity(t.holdUsdPerSecond, "USD/s")), numeric: true },
          { key: "rt", label: "time to bring back", value: (t) => t.retrieveSeconds, cell: (t) => (t.retrieveSeconds === null ? "—" : formatQuantity(t.retrieveSeconds, "s")), numeric: true },
          { key: "ru", label: "$ to bring back", value: (t) => t.retrieveUsd, cell: (t) => (t.retrieveUsd === null ? "unknown" : formatQuantity(t.retrieveUsd, "USD")), numeric: true },
          { key: "price", label: "price", value: (t) => t.priceNote },
        ]}
        rows={r.tiers}
        rowKey={(t) => t.kind}
      />
    </>
  );
}

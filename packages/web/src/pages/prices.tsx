/** What API prices reveal: cost vs context with the price tier overlaid, and the inversion's numbers. */
import { analyzeContext, getPriceSheet, invertPrices, formatQuantity, formatSignificant, type ContextResult, type InversionResult, type PriceSheet, PRICES_CURVE_ONLY, PRICES_INPUTS } from "@roofline/core";
import { useMemo } from "preact/hooks";
import { Chart } from "../components/Chart.tsx";
import { DataTable } from "../components/DataTable.tsx";
import { AnalysisLayout, ErrorBox, Warnings, type PageProps } from "../components/Layout.tsx";
import { Stat } from "../components/Num.tsx";
import { COLORS, tickFormat } from "../components/chart-style.ts";
import type { ChartSpec, RuleMark } from "../components/svgchart.tsx";
import { attempt, inputOptions, labelNames, rooflineOptions } from "../options.ts";
import { countTick, Notes } from "./economics-common.tsx";
import { compareEach, computed, tableDims, type Comparison } from "../compare.ts";
import { compareLegend, overlaid, overlay } from "../components/compare-chart.ts";
import { CompareFailures } from "../components/CompareBar.tsx";
import type { AppState } from "../state.ts";

/** A comparison changes the roofline cost drawn under the list price (model, chip, chips, precisions); the sheet stays. */
const PRICES_DIMS = tableDims(PRICES_INPUTS);
/** The roofline cost curve of a scenario (the same analysis as `roofline context`). */
const costCurveOf = (s: AppState) => analyzeContext(rooflineOptions(s, PRICES_INPUTS));
type Compares = readonly (Comparison & { value: ContextResult })[];


export function pricesChart(ctx: ContextResult, sheet: PriceSheet, width: number, height: number): ChartSpec {
  const series = ctx.series[0];
  const points = series?.points ?? [];
  const lc = sheet.longContext;
  const listInput = points.map((p) => ({ x: p.x, y: lc && p.x > lc.thresholdTokens.value ? lc.input.value : sheet.input.value }));
  const rules: RuleMark[] = [];
  if (lc) rules.push({ at: lc.thresholdTokens.value, color: COLORS.accent, dash: "4 3", label: `price tier at ${formatQuantity(lc.thresholdTokens.value, "token")}` });
  if (ctx.crossoverContextTokens !== null) rules.push({ at: ctx.crossoverContextTokens, color: COLORS.kv, dash: "2 3", label: "KV time = compute time (this model)" });
  return {
    title: "Cost per million tokens vs context, with the list price overlaid",
    width,
    height,
    x: { type: "log", label: "context (tokens) →", format: countTick },
    y: { type: "log", label: "↑ $ per million tokens", format: tickFormat("USD/Mtoken") },
    lines: [
      { points: points.map((p) => ({ x: p.x, y: p.usdPerMillionTokens ?? Number.NaN })), color: COLORS.step, width: 2.5, label: "roofline cost (decode)" },
      { points: listInput, color: COLORS.accent, width: 2, dash: "6 3", label: `${sheet.provider} list input price` },
    ],
    rulesX: rules,
  };
}

/** The page's chart with each comparison's roofline cost curve on it (the list price is the sheet's, the same for all). */
function pricesWithCompares(ctx: ContextResult, sheet: PriceSheet, compares: Compares, width: number, height: number): ChartSpec {
  return overlay(pricesChart(ctx, sheet, width, height), overlaid(compares, (v) => pricesChart(v, sheet, width, height)), { pick: (l) => l.label === "roofline cost (decode)", name: () => null });
}

export function PricesPage({ state, set }: PageProps) {
  const result = useMemo(
    () =>
      attempt(() => {
        const o = rooflineOptions(state, PRICES_INPUTS);
        const given = inputOptions(state, PRICES_INPUTS);
        const sheet = getPriceSheet(String(state.inputs["priceSheet"] ?? PRICES_INPUTS.get("priceSheet").default), PRICES_INPUTS.get("priceSheet").label);
        // The inversion reads its own inputs (as `roofline prices` does); the cost curve reads the rest.
        const own = Object.fromEntries(Object.entries(given).filter(([id]) => !PRICES_CURVE_ONLY.includes(id) && id !== "priceSheet" && id !== "hardware" && id !== "model"));
        const inv = invertPrices({ ...own, sheet, hardware: o.hardware, names: labelNames(PRICES_INPUTS) });
        const ctx = analyzeContext(o);
        return { sheet, inv, ctx };
      }),
    [state.model, state.config, state.hardware, state.inputs],
  );
  const compareList = useMemo(() => compareEach(state, costCurveOf, PRICES_DIMS), [state.model, state.config, state.hardware, state.inputs, state.compare]);
  return (
    <AnalysisLayout
      state={state}
      set={set}
      table={PRICES_INPUTS}
      compare={PRICES_DIMS}
      effective={result.ok ? { batch: result.value.ctx.batch } : {}}
      intro={
        <p>
          Providers price close to cost, so their price sheets leak architecture. A long-context tier should start where KV-fetch time meets compute time: solve for the KV bytes per token. Output priced several times input says decode is
          memory-bound. Cache durations point to the memory tier whose drain time matches. The hardware control sets the FLOP/byte ratio of the inversion; the model, chips and precisions set the roofline cost drawn under the list price.
        </p>
      }
    >
      <CompareFailures list={compareList} />
      {result.ok ? <PricesBody sheet={result.value.sheet} inv={result.value.inv} ctx={result.value.ctx} compares={computed(compareList)} /> : <ErrorBox message={result.message} details={result.details} />}
    </AnalysisLayout>
  );
}

function PricesBody({ sheet, inv, ctx, compares }: { sheet: PriceSheet; inv: InversionResult; ctx: ContextResult; compares: Compares }) {
  const d = inv.derivations;
  return (
    <>
      <Warnings warnings={[...inv.warnings, ...ctx.warnings]} />
      <div class="charts">
        <Chart id="prices-context" title="Cost per million tokens vs context" spec={(w, h) => pricesWithCompares(ctx, sheet, compares, w, h)} legend={[{ label: "roofline cost (decode)", color: COLORS.step }, { label: "list input price", color: COLORS.accent }, ...compareLegend(compares).map((l) => ({ ...l, label: `${l.label} (roofline cost)` }))]} />
      </div>
      <div class="stats">
        <Stat id="prices.kvBytesPerToken" label="KV bytes per token (estimate)" value={inv.impliedKvBytesPerToken} unit="B/token" d={d["impliedKvBytesPerToken"] ?? null} />
        <Stat id="prices.kvLow" label="… range, low" value={inv.kvBytesPerTokenRange?.low ?? null} unit="B/token" d={null} />
        <Stat id="prices.kvHigh" label="… range, high" value={inv.kvBytesPerTokenRange?.high ?? null} unit="B/token" d={null} />
        <Stat id="prices.outputToInputRatio" label="Output ÷ input price" value={inv.outputToInputRatio} unit="1" d={d["outputToInputRatio"] ?? null} />
        <Stat id="prices.impliedDecodeUtilization" label={`Decode utilisation implied (${inv.decodeBound}-bound)`} value={inv.impliedDecodeUtilization} unit="1" d={d["impliedDecodeUtilization"] ?? null} />
        <Stat id="prices.cacheHitDiscount" label="Input ÷ cache-hit price" value={inv.cacheHitDiscount} unit="1" d={d["cacheHitDiscount"] ?? null} />
        {inv.cacheTiers.map((c) => (
          <Stat key={c.durationSeconds} id={`prices.cache${c.durationSeconds}`} label={`${formatQuantity(c.durationSeconds, "s")} cache → ${c.tier} (duration ÷ drain)`} value={c.durationToDrain} unit="1" d={d[`durationToDrain.${c.durationSeconds}s`] ?? null} />
        ))}
      </div>
      <Notes title="Assumptions" items={inv.assumptions} />
      <Notes title="Plausibility" items={inv.plausibility} />
      {inv.layouts.length ? (
        <DataTable
          id="prices-layouts"
          title="Attention layouts near the estimate"
          columns={[
            { key: "layout", label: "layout", value: (l) => l.description },
            { key: "kv", label: "KV/token", value: (l) => l.kvBytesPerToken, cell: (l) => formatQuantity(l.kvBytesPerToken, "B/token"), numeric: true },
            { key: "ratio", label: "÷ estimate", value: (l) => l.ratioToEstimate, cell: (l) => `${formatSignificant(l.ratioToEstimate, 3)}×`, numeric: true },
            { key: "in", label: "in range", value: (l) => (l.withinRange ? "yes" : "no") },
          ]}
          rows={inv.layouts}
          rowKey={(l) => l.description}
        />
      ) : null}
      <Notes title="Sources" items={sheet.sources.map((s) => `${s.title} (${s.date ?? "undated"})${s.url ? ` — ${s.url}` : ""}`)} />
      <Notes title="Notes" items={sheet.notes} />
    </>
  );
}

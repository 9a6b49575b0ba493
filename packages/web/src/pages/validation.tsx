/**
 * The expected step against the public measurement set (the same numbers as `roofline validate`):
 * predicted against measured on log-log axes with y = x and a ±15% band, residuals by source, chip and
 * phase, and every row with its ideal (a bound) and expected prediction.
 */
import { EFFICIENCY_FIT, FITTED_PARAMETERS, fittedQuantity, formatQuantity, formatSignificant, measurementFiles, measurementModel, trainingGroup, validateInference, type ErrorSummary, type InferenceValidation, type RowPrediction, type TrainingGroupSummary } from "@roofline/core";
import { Chart, ChartMessage } from "../components/Chart.tsx";
import { COLORS, tickFormat } from "../components/chart-style.ts";
import { DataTable } from "../components/DataTable.tsx";
import type { PageProps } from "../components/Layout.tsx";
import { Num } from "../components/Num.tsx";
import type { ChartSpec, DotMark, LineMark } from "../components/svgchart.tsx";
import { CompareBar } from "../components/CompareBar.tsx";
import { validationIgnored, validationOverlays, VALIDATION_DIMS, type ResidualOverlay } from "./validation-compare.tsx";

let cached: InferenceValidation | null = null;
let cachedTraining: TrainingGroupSummary | null | undefined;
/** The training rows as one more group (the training step's own fit, error on MFU). */
function training(): TrainingGroupSummary | null {
  if (cachedTraining === undefined) cachedTraining = trainingGroup(measurementFiles(), measurementModel, { loso: true, committedFolds: true });
  return cachedTraining;
}
/** Computed once per page load (the leave-one-source-out refits take a moment). */
function validation(): InferenceValidation {
  return (cached ??= validateInference(measurementFiles(), measurementModel, { loso: true, committedFolds: true }));
}

const GROUP_COLORS: Record<string, string> = {
  "decode-small-batch": COLORS.weights,
  "decode-large-batch": COLORS.kv,
  prefill: COLORS.compute,
  e2e: COLORS.memory,
  "moe-multinode": COLORS.accent,
};
/** y = x and the ±15% band: a neutral ink, not a group's colour. */
const DIAGONAL = "#555b63";
const colorOf = (g: string) => GROUP_COLORS[g] ?? COLORS.step;
const pct = (x: number) => (Number.isFinite(x) ? `${formatSignificant(x * 100, 3)}%` : "–");
const signed = (x: number) => (Number.isFinite(x) ? `${x >= 0 ? "+" : ""}${formatSignificant(x * 100, 3)}%` : "–");
const isTime = (p: RowPrediction) => p.metric === "tpot_seconds" || p.metric === "ttft_seconds";
const valueText = (p: RowPrediction, v: number) => (isTime(p) ? formatQuantity(v, "s") : p.metric === "requests_per_second" ? `${formatSignificant(v, 4)} req/s` : formatQuantity(v, "token/s"));

/** Predicted (expected; ideal as small grey dots) against measured, log-log, with y = x and ±15%. */
function scatter(ps: readonly RowPrediction[], unit: "s" | "token/s", title: string, width: number, height: number): ChartSpec {
  const all = ps.flatMap((p) => (p.scored ? [p.measured, p.expected, p.ideal] : [p.measured, p.ideal])).filter((v) => v > 0 && Number.isFinite(v));
  const lo = Math.min(...all) / 1.3;
  const hi = Math.max(...all) * 1.3;
  const diag = (k: number): LineMark["points"] => [{ x: lo, y: lo * k }, { x: hi, y: hi * k }];
  const dots: DotMark[] = [
    ...ps.map((p) => ({ x: p.measured, y: p.ideal, color: "#9aa0a6", r: 2.5 })),
    ...ps.filter((p) => p.scored).map((p) => ({ x: p.measured, y: p.expected, color: colorOf(p.group), r: 4 })),
  ];
  return {
    title,
    width,
    height,
    x: { type: "log", label: "measured →", format: tickFormat(unit), unit, domain: [lo, hi] },
    y: { type: "log", label: "predicted ↑", format: tickFormat(unit), unit, domain: [lo, hi] },
    // Room for the widest tick ("100 token/s"): the default 70 px clipped its first character.
    margin: { left: 84 },
    lines: [
      { points: diag(1), color: DIAGONAL, width: 1.5 },
      { points: diag(1.15), color: DIAGONAL, width: 1, dash: "4 3" },
      { points: diag(0.85), color: DIAGONAL, width: 1, dash: "4 3" },
    ],
    dots,
  };
}

/** Residuals (expected ÷ measured − 1, leave-one-source-out where available) by a grouping. */
function residuals(all: readonly RowPrediction[], loso: ReadonlyMap<string, RowPrediction>, key: (p: RowPrediction) => string, title: string, width: number, height: number, overlays: readonly ResidualOverlay[] = []): ChartSpec {
  const ps = all.filter((p) => p.scored);
  const rows = [...new Set(ps.map(key))].sort();
  const errs = [...ps.map((p) => (loso.get(p.id) ?? p).error * 100), ...overlays.flatMap((o) => ps.map((p) => o.error(p) * 100))];
  // predicted ÷ measured − 1 is never below −100%: the axis stops there, so the ±15% band is not squeezed by an empty left half.
  const m = Math.max(40, ...errs.map((e) => Math.abs(e))) * 1.1;
  return {
    title,
    width,
    height,
    x: { type: "linear", label: "error, % (leave-one-source-out) →", format: (v) => `${formatSignificant(v, 3)}%`, domain: [-Math.min(m, 105), Math.min(m, 400)] },
    y: { rows, label: "" },
    rulesX: [
      { at: 0, color: DIAGONAL },
      { at: -15, color: DIAGONAL, dash: "4 3", label: "−15%" },
      { at: 15, color: DIAGONAL, dash: "4 3", label: "+15%" },
    ],
    dots: [
      ...ps.map((p) => ({ x: Math.max(-400, Math.min(400, (loso.get(p.id) ?? p).error * 100)), y: 0, row: key(p), color: colorOf(p.group), r: 3.5 })),
      // Comparisons: the same rows' error under another prediction, in the comparison's colour.
      ...overlays.flatMap((o) => ps.map((p) => ({ x: Math.max(-400, Math.min(400, o.error(p) * 100)), y: 0, row: key(p), color: o.color, r: 2.5 }))),
    ],
  };
}

function SummaryTable({ v, t }: { v: InferenceValidation; t: TrainingGroupSummary | null }) {
  const line = (label: string, s: ErrorSummary, l: ErrorSummary | undefined) => (
    <tr key={label}>
      <th scope="row">{label}</th>
      <td class="num">{s.rows}</td>
      <td class="num">{pct(s.medianAbsError)}</td>
      <td class="num">{pct(s.p90AbsError)}</td>
      <td class="num">{l ? pct(l.medianAbsError) : "–"}</td>
      <td class="num">{l ? pct(l.p90AbsError) : "–"}</td>
      <td class="num">{`${pct(s.boundShare)} of ${s.boundRows}`}</td>
      <td class="num">{Number.isFinite(s.medianIdealGap) ? `${formatSignificant(s.medianIdealGap, 3)}×` : "–"}</td>
    </tr>
  );
  // The explanation sits above the table, not in its caption: a caption is as wide as the table, which scrolls sideways on a phone.
  return (
    <>
    <p class="small">Error = predicted ÷ measured − 1. In sample: the committed fit; leave-one-source-out (LOSO): each source predicted by a fit made without it. Training rows: the training step with its own fit, error on MFU (per row: the Training step page, or roofline train-step validate).</p>
    <div class="table-scroll">
    <table class="data" id="validation-summary">
      <caption class="small">Median and p90 |error| by group, in sample and leave-one-source-out</caption>
      <thead>
        <tr>
          <th>rows</th>
          <th>n</th>
          <th>median |err|</th>
          <th>p90 |err|</th>
          <th>LOSO median</th>
          <th>LOSO p90</th>
          <th>ideal is a bound</th>
          <th>measured ÷ ideal</th>
        </tr>
      </thead>
      <tbody>
        {line("all inference rows", v.overall, v.loso?.overall)}
        {Object.entries(v.byGroup).map(([g, s]) => line(g, s, v.loso?.byGroup[g]))}
        {t && (
          <tr id="validation-training">
            <th scope="row">training (MFU{t.loso?.groupedBy === "model" ? ", leave-one-model-out" : ""})</th>
            <td class="num">{t.rows}</td>
            <td class="num">{pct(t.medianAbsError)}</td>
            <td class="num">{pct(t.p90AbsError)}</td>
            <td class="num">{t.loso ? pct(t.loso.medianAbsError) : "–"}</td>
            <td class="num">{t.loso ? pct(t.loso.p90AbsError) : "–"}</td>
            <td class="num">–</td>
            <td class="num">–</td>
          </tr>
        )}
      </tbody>
    </table>
    </div>
    </>
  );
}

export function ValidationPage({ state, set }: PageProps) {
  const v = validation();
  const loso = new Map((v.loso?.predictions ?? []).map((p) => [p.id, p]));
  const sources = new Set(v.predictions.map((p) => p.source)).size;
  const UNITS: Record<string, "1" | "s"> = { matmul: "1", hbm: "1", launchSeconds: "s", collectiveLatencySeconds: "s", hostSecondsPerSequence: "s", syncHostSecondsPerSequence: "s", syncHostSecondsPerStep: "s" };
  const TITLES: Record<string, string> = { matmul: "large-matmul efficiency", hbm: "achieved HBM fraction", launchSeconds: "gap per kernel", collectiveLatencySeconds: "latency per all-reduce", hostSecondsPerSequence: "host time per sequence per step", syncHostSecondsPerSequence: "more of it where the engine schedules synchronously (vLLM before 0.6)", syncHostSecondsPerStep: "and per step there" };
  const fitNums = FITTED_PARAMETERS.map((k, i) => {
    const q = fittedQuantity(k);
    // A constant added to the fit later still shows in its unit (…Seconds… are times), never as a bare fraction.
    const unit = UNITS[k] ?? (/Seconds/.test(k) ? "s" : "1");
    return (
      <span key={k}>
        {i ? ", " : ""}
        {TITLES[k] ?? k} <Num id={`validation.fit.${k}`} value={q.value} unit={unit} d={{ kind: "given", title: `Fitted: ${TITLES[k] ?? k}`, description: `${k}, a fitted constant of the expected step`, value: q.value, unit, display: formatQuantity(q.value, unit), origin: q.origin }} />
      </span>
    );
  });
  const times = v.predictions.filter(isTime);
  const rates = v.predictions.filter((p) => !isTime(p));
  const legend = [...Object.entries(GROUP_COLORS).map(([label, color]) => ({ label: `${label} (expected)`, color })), { label: "ideal (bound)", color: "#9aa0a6" }, { label: "y = x, ±15%", color: DIAGONAL, dash: true }];
  const bandHeight = (n: number) => Math.max(200, n * 22 + 80);
  const overlays = validationOverlays(state);
  const ignored = validationIgnored(state);
  const residualLegend = overlays.length ? [...Object.entries(GROUP_COLORS).map(([label, color]) => ({ label: `${label} (expected, LOSO)`, color })), ...overlays.map((o) => ({ label: `vs ${o.label}`, color: o.color }))] : undefined;
  return (
    <div class="content">
      <div class="intro">
        <p>
          Every inference measurement of the public set ({v.predictions.length} rows from {sources} sources, committed under <code>data/measurements/</code>) predicted from its own model, chips, parallelism,
          precision and workload: runs with published per-request lengths are replayed request by request, per-GPU rows of multi-GPU MoE instances go through the expected layout with their published
          expert- and data-parallel degrees. {v.overall.rows} rows have every input the expected step needs and are scored; the other {v.predictions.length - v.overall.rows} lack a length (MLPerf and ShareGPT
          datasets: the prompt length is not published with the results), so they are predicted with that input at its floor — a floor on the work — and only check that the ideal is a bound. The ideal roofline must be a bound; the expected step (matmul shape efficiency, achieved HBM bandwidth, fixed time per layer, tensor-parallel all-reduces, the busiest
          MoE chip, host time per sequence). The same numbers as <code>roofline validate</code>. Fitted constants: {fitNums} (fit of {EFFICIENCY_FIT.date} on {EFFICIENCY_FIT.rows} rows, <code>scripts/fit-efficiency.ts</code>).
        </p>
      </div>
      {v.predictions.length === 0 ? (
        <ChartMessage title="No measurements" message="The committed measurement set has no inference rows yet: add data/measurements/<source>.json and run scripts/import-measurements.ts." />
      ) : (
        <>
          <SummaryTable v={v} t={training()} />
          <CompareBar state={state} set={set} dims={VALIDATION_DIMS} />
          {ignored.length ? (
            <ul class="warnings" role="status" aria-label="Comparisons not drawn" data-compare-failed={ignored.length}>
              {ignored.map((m) => (
                <li key={m}>Not drawn: {m}</li>
              ))}
            </ul>
          ) : null}
          <div class="charts">
            {times.length > 0 && <Chart id="validation-times" title="Predicted vs measured: TPOT and TTFT" spec={(w, h) => scatter(times, "s", "Predicted vs measured time (log-log)", w, h)} legend={legend} />}
            {rates.length > 0 && <Chart id="validation-rates" title="Predicted vs measured: throughput" spec={(w, h) => scatter(rates, "token/s", "Predicted vs measured throughput (log-log)", w, h)} legend={legend} />}
            <Chart id="validation-by-source" title="Residuals by source" height={bandHeight(Object.keys(v.bySource).length)} spec={(w, h) => residuals(v.predictions, loso, (p) => p.source, "Error by source (LOSO)", w, h, overlays)} {...(residualLegend ? { legend: residualLegend } : {})} />
            <Chart id="validation-by-chip" title="Residuals by chip" height={bandHeight(Object.keys(v.byChip).length)} spec={(w, h) => residuals(v.predictions, loso, (p) => p.hardware, "Error by chip (LOSO)", w, h, overlays)} {...(residualLegend ? { legend: residualLegend } : {})} />
            <Chart id="validation-by-phase" title="Residuals by phase" height={bandHeight(Object.keys(v.byPhase).length + 2)} spec={(w, h) => residuals(v.predictions, loso, (p) => `${p.phase}: ${p.group}`, "Error by phase and group (LOSO)", w, h, overlays)} {...(residualLegend ? { legend: residualLegend } : {})} />
          </div>
          <DataTable
            id="validation-rows"
            title="Every row"
            rows={v.predictions}
            rowKey={(p) => p.id}
            sort={{ key: state.sort, desc: state.desc }}
            onSort={(s) => set({ sort: s.key, desc: s.desc })}
            caption="Ideal: the roofline at peak (a bound). Expected: the efficiency model with the committed fit; LOSO: fitted without the row's source."
            columns={[
              { key: "id", label: "row", value: (p) => p.id, cell: (p) => <code>{p.id}</code> },
              { key: "group", label: "group", value: (p) => p.group },
              { key: "hw", label: "chips × hardware", value: (p) => `${p.chips} × ${p.hardware}` },
              { key: "model", label: "model", value: (p) => p.model },
              { key: "metric", label: "metric", value: (p) => p.metric },
              { key: "measured", label: "measured", numeric: true, value: (p) => p.measured, cell: (p) => valueText(p, p.measured) },
              { key: "ideal", label: "ideal (bound)", numeric: true, value: (p) => p.ideal, cell: (p) => valueText(p, p.ideal) },
              { key: "expected", label: "expected", numeric: true, value: (p) => (p.scored ? p.expected : NaN), cell: (p) => (p.scored ? valueText(p, p.expected) : "–") },
              { key: "error", label: "error", numeric: true, value: (p) => (p.scored ? p.error : NaN), cell: (p) => (p.scored ? signed(p.error) : "bound only") },
              { key: "loso", label: "LOSO error", numeric: true, value: (p) => loso.get(p.id)?.error ?? NaN, cell: (p) => signed(loso.get(p.id)?.error ?? NaN) },
              { key: "bound", label: "bound", value: (p) => (p.bound ? "yes" : "NO"), cell: (p) => (p.bound ? "yes" : <strong>NO</strong>) },
              { key: "how", label: "how it was predicted", value: (p) => p.how, cell: (p) => <span class="small">{p.how}</span> },
            ]}
          />
          {v.skipped.length > 0 && (
            <DataTable
              id="validation-skipped"
              title="Rows not predicted"
              rows={v.skipped}
              rowKey={(s) => s.id}
              columns={[
                { key: "id", label: "row", value: (s) => s.id, cell: (s) => <code>{s.id}</code> },
                { key: "why", label: "why", value: (s) => s.reason },
              ]}
            />
          )}
        </>
      )}
    </div>
  );
}

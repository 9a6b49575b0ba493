/**
 * One forward pass operator by operator (core roofline/operators.ts): FLOP, bytes, arithmetic
 * intensity, bound and time per operator, totals equal to the step's, and the classic roofline plot —
 * arithmetic intensity against attainable FLOP/s, the chip's ridge point, decode and prefill operators
 * as points.
 */
import { analyzeOperators, analyzeStepEnergy, attainableFlopsPerSecond, formatQuantity, formatSignificant, type EfficiencyMode, type EnergyResult, type OperatorRow, type OperatorsResult, OPERATORS_PAGE_INPUTS } from "@roofline/core";
import { useMemo } from "preact/hooks";
import { Chart } from "../components/Chart.tsx";
import { COLORS, tickFormat } from "../components/chart-style.ts";
import { DataTable, type Column } from "../components/DataTable.tsx";
import { AnalysisLayout, ErrorBox, Warnings, type PageProps } from "../components/Layout.tsx";
import { Num, Stat } from "../components/Num.tsx";
import type { ChartSpec, DotMark, LineMark } from "../components/svgchart.tsx";
import { attempt, rooflineOptions } from "../options.ts";
import { localParam, type AppState } from "../state.ts";
import { compareEach, computed, type Comparison } from "../compare.ts";
import { compareLegend, overlaid, overlay } from "../components/compare-chart.ts";
import { CompareFailures } from "../components/CompareBar.tsx";

export const OPERATORS_BATCH_DEFAULT = OPERATORS_PAGE_INPUTS.get("batch").default as number;
type Phase = "decode" | "prefill";

/** Short names for the plot's point labels. */
const SHORT: Record<string, string> = {
  qkv: "QKV",
  attentionOutput: "out proj",
  attentionScores: "scores",
  attentionValues: "values",
  indexer: "indexer",
  router: "router",
  routedExperts: "experts",
  sharedExperts: "shared",
  mlp: "MLP",
  norms: "norms",
  lmHead: "LM head",
};

/** The roof, drawn through the formula itself at points along the intensity axis. */
function roof(lo: number, hi: number, computeEfficiency: number, bandwidthEfficiency: number, peak: number, bw: number): { x: number; y: number }[] {
  const xs: number[] = [];
  const n = 48;
  for (let i = 0; i <= n; i++) xs.push(lo * (hi / lo) ** (i / n));
  const ridge = (peak * computeEfficiency) / (bw * bandwidthEfficiency);
  if (ridge > lo && ridge < hi) xs.push(ridge);
  xs.sort((a, b) => a - b);
  return xs.map((x) => ({ x, y: attainableFlopsPerSecond.fn(x, peak, computeEfficiency, bw, bandwidthEfficiency) }));
}

/** The intensity axis: a factor 3 beyond the operators and the ridge on either side. */
function intensityDomain(decode: OperatorsResult, prefill: OperatorsResult | null): [number, number] {
  const all = [...decode.operators, ...(prefill?.operators ?? [])].filter((o) => o.intensity > 0);
  return [Math.min(...all.map((o) => o.intensity), decode.ridgeFlopPerByte) / 3, Math.max(...all.map((o) => o.intensity), decode.ridgeFlopPerByte) * 3];
}

/**
 * The roofline plot. `expected`: the roof at the expected model's large-GEMM and HBM fractions (its upper
 * envelope) and each operator where the expected model puts it — at its own kind's efficiency (GEMM
 * shape with tile and wave quantisation, KV-read fraction, attention kernel), so below that roof.
 */
export function rooflinePlot(decode: OperatorsResult, prefill: OperatorsResult | null, phase: Phase, peak: number, bw: number, ce: number, be: number, width: number, height: number, domain?: [number, number], expected = false): ChartSpec {
  const [lo, hi] = domain ?? intensityDomain(decode, prefill);
  const lines: LineMark[] = [{ points: roof(lo, hi, 1, 1, peak, bw), color: COLORS.step, width: 2.5, label: "roofline (ideal)" }];
  if (ce !== 1 || be !== 1) lines.push({ points: roof(lo, hi, ce, be, peak, bw), color: COLORS.accent, width: 2, dash: "6 4", label: expected ? "expected roof (fitted large-GEMM and HBM fractions)" : "roofline at your efficiencies" });
  const narrow = width < 560;
  const dots: DotMark[] = [];
  const add = (rows: readonly OperatorRow[], color: string, labelled: boolean) => {
    for (const o of rows) if (o.intensity > 0) dots.push({ x: o.intensity, y: expected ? o.expected.attainableFlopsPerSecond : o.attainableFlopsPerSecond, color, r: 4.5, ...(labelled && !narrow ? { label: SHORT[o.id] ?? o.id } : {}) });
  };
  if (prefill) add(prefill.operators, COLORS.compute, phase === "prefill");
  add(decode.operators, COLORS.weights, phase === "decode");
  return {
    title: "Roofline: attainable FLOP/s vs arithmetic intensity",
    width,
    height,
    x: { type: "log", label: "arithmetic intensity (FLOP/B) →", format: tickFormat("1"), domain: [lo, hi] },
    y: { type: "log", label: "↑ attainable FLOP/s per chip", format: tickFormat("FLOP/s") },
    lines,
    rulesX: [{ at: decode.ridgeFlopPerByte, color: COLORS.marker, dash: "3 3", label: `ridge ${formatSignificant(decode.ridgeFlopPerByte, 3)} FLOP/B` }],
    dots,
    margin: { left: 84 },
  };
}

/** A scenario's operators, decode and prefill, and the efficiencies its roof is drawn at. */
interface Ops {
  decode: OperatorsResult;
  prefill: OperatorsResult;
  /** The roof's efficiencies: the user's (ideal mode), or the expected model's large-GEMM and HBM fractions. */
  ce: number;
  be: number;
  /** The user's own efficiencies (the results' peak and bandwidth include them). */
  userCe: number;
  userBe: number;
  mode: EfficiencyMode;
  /** Energy of the shown pass (TDP: an upper bound); null when the chip's TDP is unknown. */
  energy: { decode: EnergyResult | null; prefill: EnergyResult | null };
}

/**
 * The operators of a scenario (core analyzeOperators: ideal and expected per operator). With the
 * expected mode the roof is drawn at the step's expected large-GEMM and HBM fractions and the operators
 * at their expected attainable FLOP/s (core: each at its kind's expected efficiency).
 */
export function operatorsOf(state: AppState, mode: EfficiencyMode): Ops {
  const o = rooflineOptions(state, OPERATORS_PAGE_INPUTS);
  const opts = { ...o };
  const userCe = Number(state.inputs["computeEfficiency"] ?? 1);
  const userBe = Number(state.inputs["bandwidthEfficiency"] ?? 1);
  // The operators' own default batch (core: 64 for decode, one prompt for prefill); the energy of the same passes.
  const decode = analyzeOperators({ ...opts, phase: "decode" });
  const prefill = analyzeOperators({ ...opts, phase: "prefill" });
  const energyOf = (r: OperatorsResult, phase: Phase) => analyzeStepEnergy({ ...opts, phase, ...(opts.batch === undefined ? { batch: { value: r.step.batch, origin: { kind: "default" as const, reason: "the batch the operators ran at" } } } : {}) }).energy;
  const sd = decode.step.derivations;
  const ce = mode === "expected" ? (sd["expMatmulPeakFraction"]?.value ?? userCe) : userCe;
  const be = mode === "expected" ? (sd["expHbmFraction"]?.value ?? userBe) : userBe;
  return { decode, prefill, ce, be, userCe, userBe, mode, energy: { decode: energyOf(decode, "decode"), prefill: energyOf(prefill, "prefill") } };
}

/** The page's plot with each comparison's roof and its operators of the shown pass. */
function plotWithCompares(ops: Ops, phase: Phase, compares: readonly (Comparison & { value: Ops })[], width: number, height: number): ChartSpec {
  // One intensity axis for all: every scenario's roof spans it, so the read-out reads each at every point.
  const domains = [intensityDomain(ops.decode, ops.prefill), ...compares.map((c) => intensityDomain(c.value.decode, c.value.prefill))];
  const domain: [number, number] = [Math.min(...domains.map((d) => d[0])), Math.max(...domains.map((d) => d[1]))];
  const spec = (v: Ops, both: boolean) => {
    const r = phase === "decode" ? v.decode : v.prefill;
    return rooflinePlot(phase === "decode" || both ? v.decode : v.prefill, both ? v.prefill : null, phase, r.peakFlopsPerSecond / v.userCe, r.bandwidthBytesPerSecond / v.userBe, v.ce, v.be, width, height, compares.length ? domain : undefined, v.mode === "expected");
  };
  // A comparison draws the roof its operators sit on (the last one) and its operators of this pass.
  const others = overlaid(compares, (v) => {
    const s = spec(v, false);
    const roofs = s.lines ?? [];
    return { ...s, lines: roofs.slice(-1).map((l) => ({ ...l, label: "roof" })) };
  });
  return overlay(spec(ops, true), others, { name: () => "roof" });
}

function columns(id: string): Column<OperatorRow>[] {
  const cell = (key: keyof OperatorRow["derivations"], unit: "FLOP" | "B" | "FLOP/B" | "s", value: (o: OperatorRow) => number) => (o: OperatorRow) => (
    <Num id={`${id}.${o.id}.${key}`} value={value(o)} unit={unit} d={o.derivations[key] ?? null} text={unit === "FLOP/B" ? `${formatSignificant(value(o), 3)} FLOP/B` : undefined} />
  );
  return [
    { key: "operator", label: "operator", value: (o) => o.label },
    { key: "flop", label: "FLOP", value: (o) => o.flop, cell: cell("flop", "FLOP", (o) => o.flop), numeric: true },
    { key: "weightBytes", label: "weights read", value: (o) => o.weightBytes, cell: cell("weightBytes", "B", (o) => o.weightBytes), numeric: true },
    { key: "kvBytes", label: "KV read", value: (o) => o.kvBytes, cell: cell("kvBytes", "B", (o) => o.kvBytes), numeric: true },
    { key: "activationBytes", label: "activations", value: (o) => o.activationBytes, cell: cell("activationBytes", "B", (o) => o.activationBytes), numeric: true },
    { key: "intensity", label: "intensity", value: (o) => o.intensity, cell: cell("intensity", "FLOP/B", (o) => o.intensity), numeric: true },
    { key: "bound", label: "bound", value: (o) => o.bound },
    { key: "seconds", label: "time", value: (o) => o.seconds, cell: cell("seconds", "s", (o) => o.seconds), numeric: true },
    {
      key: "expectedSeconds",
      label: "expected time",
      value: (o) => o.expected.seconds,
      cell: (o) => <Num id={`${id}.${o.id}.expectedSeconds`} value={o.expected.seconds} unit="s" d={o.expected.derivations.seconds} />,
      numeric: true,
    },
  ];
}

export function OperatorsPage({ state, set }: PageProps) {
  const [phaseText, setPhase] = localParam(state, set, "phase", "decode");
  const phase: Phase = phaseText === "prefill" ? "prefill" : "decode";
  const result = useMemo(() => attempt(() => operatorsOf(state, "ideal")), [state.model, state.config, state.hardware, state.inputs]);
  const compareList = useMemo(() => compareEach(state, operatorsOf), [state.model, state.config, state.hardware, state.inputs, state.compare]);
  return (
    <AnalysisLayout
      state={state}
      set={set}
      table={OPERATORS_PAGE_INPUTS}
      effective={result.ok ? { batch: (phase === "prefill" ? result.value.prefill : result.value.decode).step.batch } : {}}
      compare
      intro={
        <p>
          A forward pass is a sequence of operators. Each reads weights (and attention reads the KV cache), moves activations, and does arithmetic; its <em>arithmetic intensity</em> — FLOP per byte — against the chip's ridge point
          says whether it waits on memory or on compute. FLOP, weight bytes and KV bytes add up to the step's. Prefill runs one prompt unless you set a batch.
        </p>
      }
    >
      <fieldset class="phase-choice">
        <legend>Pass</legend>
        {(["decode", "prefill"] as const).map((p) => (
          <label key={p}>
            <input type="radio" name="phase" value={p} checked={phase === p} onChange={() => setPhase(p)} /> {p === "decode" ? "decode step" : "prefill"}
          </label>
        ))}
      </fieldset>
      <CompareFailures list={compareList} />
      {result.ok ? <OperatorsBody ops={result.value} phase={phase} compares={computed(compareList)} /> : <ErrorBox message={result.message} details={result.details} />}
    </AnalysisLayout>
  );
}

function OperatorsBody({ ops, phase, compares }: { ops: Ops; phase: Phase; compares: readonly (Comparison & { value: Ops })[] }) {
  const { ce, be } = ops;
  const r = phase === "decode" ? ops.decode : ops.prefill;
  const energy = phase === "decode" ? ops.energy.decode : ops.energy.prefill;
  const s = r.step;
  const sd = s.derivations;
  const t = r.totals;
  const pass = phase === "decode" ? `decode at batch ${formatSignificant(s.batch, 7)}, context ${formatSignificant(s.contextTokens, 7)}` : `prefill of ${formatSignificant(s.passTokens, 7)} tokens × batch ${formatSignificant(s.batch, 7)}`;
  return (
    <>
      <div class="charts">
        <Chart
          id="operators-roofline"
          title="Roofline: attainable FLOP/s vs arithmetic intensity"
          height={380}
          spec={(w, h) => plotWithCompares(ops, phase, compares, w, h)}
          legend={[
            { label: "roofline (ideal)", color: COLORS.step },
            ...(ce !== 1 || be !== 1 ? [{ label: "at your efficiencies", color: COLORS.accent, dash: true }] : []),
            { label: "decode operators", color: COLORS.weights },
            { label: "prefill operators", color: COLORS.compute },
            { label: "ridge point", color: COLORS.marker, dash: true },
            ...compareLegend(compares).map((l) => ({ ...l, label: `${l.label} (roof and ${phase} operators)` })),
          ]}
        />
      </div>
      <Warnings warnings={s.warnings} />
      <h2 class="sub">Operators of the {pass}</h2>
      <DataTable id={`operators-${phase}`} title={`Operators (${phase})`} columns={columns(`operators.${phase}`)} rows={r.operators} rowKey={(o) => o.id} />
      <h2 class="sub">Totals</h2>
      <div class="stats" data-totals={phase}>
        <Stat id={`operators.${phase}.total.flop`} label="FLOP (= the step's)" value={t.flop} unit="FLOP" d={null} />
        <Stat id={`operators.${phase}.total.weightBytes`} label="Weight bytes (= the step's)" value={t.weightBytes} unit="B" d={sd["weightBytesRead"] ?? null} />
        <Stat id={`operators.${phase}.total.kvBytes`} label="KV bytes (= the step's)" value={t.kvBytes} unit="B" d={sd["kvBytesRead"] ?? null} />
        <Stat id={`operators.${phase}.total.activationBytes`} label="Activation bytes (not in the step)" value={t.activationBytes} unit="B" d={null} />
        <Stat id={`operators.${phase}.total.seconds`} label="Σ operator times (one after another)" value={t.seconds} unit="s" d={null} />
        <Stat id={`operators.${phase}.stepSeconds`} label={`Step time (${s.bound}-bound, overlapped)`} value={s.stepSeconds} unit="s" d={sd["stepSeconds"] ?? null} />
        <Stat id={`operators.${phase}.expected.operatorSeconds`} label="Σ operator expected times (one after another)" value={r.expected.operatorSeconds} unit="s" d={null} />
        <Stat id={`operators.${phase}.expectedStepSeconds`} label="Expected step (fitted, not a bound; = the step's)" value={r.expected.stepSeconds} unit="s" d={sd["expectedStepSeconds"] ?? null} />
        <Stat id={`operators.${phase}.joulesPerToken`} label="Energy per token (chips at TDP: an upper bound)" value={energy?.joulesPerToken ?? null} unit="J/token" d={energy?.derivations.joulesPerToken ?? null} />
        <Stat id={`operators.${phase}.tokensPerSecondPerMegawatt`} label="Tokens/s per MW (at TDP: a lower bound)" value={energy?.tokensPerSecondPerMegawatt ?? null} unit="token/s/MW" d={energy?.derivations.tokensPerSecondPerMegawatt ?? null} />
        <Stat id={`operators.ridge`} label="Ridge point (FLOP per byte)" value={r.ridgeFlopPerByte} unit="FLOP/B" text={`${formatSignificant(r.ridgeFlopPerByte, 4)} FLOP/B`} d={r.derivations["ridgeFlopPerByte"] ?? null} />
      </div>
      <h3 class="sub">The expected step, part by part</h3>
      <div class="stats" data-expected-breakdown={phase}>
        {r.expected.breakdown.map((b) => (
          <Stat key={b.name} id={`operators.${phase}.expected.${b.name}`} label={`Expected: ${b.label}`} value={b.seconds} unit="s" d={sd[b.name] ?? null} />
        ))}
      </div>
      <ul class="small muted">
        {r.notes.map((n) => (
          <li key={n}>{n}</li>
        ))}
        <li>
          The ideal roof is a bound. To see the roof you expect, set the compute and bandwidth efficiencies (fractions of peak): it is drawn dashed beside the ideal, and every time above uses it (step: {formatQuantity(s.stepSeconds, "s")}).
        </li>
      </ul>
    </>
  );
}

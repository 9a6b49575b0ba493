/**
 * `batch`, `context` and `prefill`: the lecture's curves as tables, with the marked numbers explained.
 */
import {
  analyzeBatch,
  analyzeContext,
  analyzePrefill,
  curve,
  efficiencyAccuracy,
  formatQuantity,
  formatSignificant,
  BATCH_INPUTS,
  CONTEXT_INPUTS,
  PREFILL_INPUTS,
  prepareRoofline,
  type CurvePoint,
  type Derivation,
  type InputTable,
  type RooflineOptions,
} from "@roofline/core";
import { Command } from "commander";
import { addFormatFlags, headline } from "./common.ts";
import { addRooflineFlags, rooflineOptions, type RawFlags } from "../options.ts";
import { depthOf, formatOf, out, printWarnings, renderDerivations, renderTable, toJson, type Format, type FormatFlags, type Table } from "../output.ts";

/** The same curve at the expected step times (the efficiency model's nodes of the same step graph), point for point. */
function expectedCurve(o: RooflineOptions, table: InputTable, param: string, points: readonly CurvePoint[]): CurvePoint[] {
  return curve(prepareRoofline(o, table), param, points.map((p) => p.x), "expected");
}

/** The curve as a table: the ideal terms and their max (a bound), then the expected step and its cost beside them. */
function curveTable(points: readonly CurvePoint[], expected: readonly CurvePoint[], xLabel: string, perToken: number | ((p: CurvePoint) => number), format: Format): Table {
  const raw = format === "csv";
  const tokensOf = (p: CurvePoint) => (typeof perToken === "function" ? perToken(p) : perToken);
  return {
    columns: raw
      ? [xLabel, "computeSeconds", "weightReadSeconds", "kvReadSeconds", "stepSeconds", "bound", "tokensPerSecond", "tokensPerSecondPerSequence", "secondsPerToken", "usdPerMillionTokens", "fits", "expectedStepSeconds", "expectedTokensPerSecond", "expectedUsdPerMillionTokens"]
      : [xLabel, "compute", "weights", "KV", "step", "bound", "tokens/s", "tok/s/seq", "time/token", "$/Mtok", "fits", "step (exp.)", "tokens/s (exp.)", "$/Mtok (exp.)"],
    rows: points.map((p, i) => {
      const perTok = p.stepSeconds / tokensOf(p);
      const e = expected[i] as CurvePoint;
      return raw
        ? [p.x, p.computeSeconds, p.weightReadSeconds, p.kvReadSeconds, p.stepSeconds, p.bound, p.tokensPerSecond, p.tokensPerSecondPerSequence, perTok, p.usdPerMillionTokens ?? "", p.fits ? "yes" : "no", e.stepSeconds, e.tokensPerSecond, e.usdPerMillionTokens ?? ""]
        : [
            formatSignificant(p.x, 6),
            formatQuantity(p.computeSeconds, "s"),
            formatQuantity(p.weightReadSeconds, "s"),
            formatQuantity(p.kvReadSeconds, "s"),
            formatQuantity(p.stepSeconds, "s"),
            p.bound,
            formatSignificant(p.tokensPerSecond, 3),
            formatSignificant(p.tokensPerSecondPerSequence, 3),
            formatQuantity(perTok, "s"),
            p.usdPerMillionTokens === null ? "unknown" : formatQuantity(p.usdPerMillionTokens, "USD/Mtoken"),
            p.fits ? "yes" : "no",
            formatQuantity(e.stepSeconds, "s"),
            formatSignificant(e.tokensPerSecond, 3),
            e.usdPerMillionTokens === null ? "unknown" : formatQuantity(e.usdPerMillionTokens, "USD/Mtoken"),
          ];
    }),
  };
}

/** The line under a curve's title that says what the two kinds of numbers are. */
const EXPECTED_NOTE = `ideal columns: the roofline, a bound; (exp.) columns: the expected step, not a bound (efficiency model: ${efficiencyAccuracy()})`;

function emit(format: Format, flags: FormatFlags, title: string[], table: Table, summary: [string, string][], derivations: Derivation[], json: unknown) {
  if (format === "json") return out(toJson(json));
  if (format === "csv") return out(renderTable(table, "csv"));
  const parts = [...title, "", renderTable({ columns: ["", "value"], rows: summary }, format), "", renderTable(table, format)];
  if (!flags.brief) parts.push("", format === "md" ? "## Derivations" : "Derivations", "", renderDerivations(derivations, format === "md" ? "md" : "text", depthOf(flags)));
  out(parts.join("\n"));
}

export function batchCommand(): Command {
  const cmd = new Command("batch")
    .summary("time and cost per token vs batch: the optimal batch, latency floor, cost floor and the serving train")
    .description(
      "Time and cost per token against batch size — the three terms (compute, weight fetch, KV fetch) and their max — with the latency floor, the cost floor, the optimal batch in the lecture's closed form (≈ 300 × sparsity) and exactly (KV traffic and expert coverage included), the HBM drain time, and the serving train: departure period, worst-case wait (two periods) and tokens/s per replica.",
    );
  addRooflineFlags(cmd, { table: BATCH_INPUTS });
  addFormatFlags(cmd);
  cmd.action((flags: RawFlags & FormatFlags & { trainBatch?: string }) => {
    const o = rooflineOptions(flags, BATCH_INPUTS);
    const r = analyzeBatch(o);
    const expected = expectedCurve(o, BATCH_INPUTS, "batch", r.points);
    printWarnings(r.warnings);
    const format = formatOf(flags);
    const summary: [string, string][] = [
      ["optimal batch, closed form (≈ 300 × sparsity)", formatSignificant(r.closedFormOptimalBatch, 4)],
      ["optimal batch, exact (KV + expert coverage)", r.optimalBatch === null ? "none: memory-bound at every batch" : formatSignificant(r.optimalBatch, 4)],
      ["latency floor (step at batch 1)", formatQuantity(r.latencyFloorSeconds, "s")],
      ["time to read all weights (lecture's floor)", formatQuantity(r.allWeightsReadSeconds, "s")],
      ["cost floor (batch → ∞)", r.costFloorUsdPerMillionTokens === null ? "unknown (pass --usd-per-hour)" : formatQuantity(r.costFloorUsdPerMillionTokens, "USD/Mtoken")],
      ["HBM drain time", formatQuantity(r.hbmDrainSeconds, "s")],
      ["largest batch that fits", formatSignificant(r.maxBatch, 6)],
      ["train: batch", formatSignificant(r.train.batch, 6)],
      ["train: departs every", `${formatQuantity(r.train.periodSeconds, "s")} (${formatSignificant(r.train.departuresPerSecond, 3)} per second)`],
      ["train: worst-case wait to first token", formatQuantity(r.train.worstCaseLatencySeconds, "s")],
      ["train: tokens/s per replica", formatQuantity(r.train.tokensPerSecond, "token/s")],
      ["train (expected step): departs every", `${formatQuantity(r.expectedTrain.periodSeconds, "s")} (${formatSignificant(r.expectedTrain.departuresPerSecond, 3)} per second)`],
      ["train (expected step): worst-case wait to first token", formatQuantity(r.expectedTrain.worstCaseLatencySeconds, "s")],
      ["train (expected step): tokens/s per replica", formatQuantity(r.expectedTrain.tokensPerSecond, "token/s")],
    ];
    const { trainStep, ...rest } = r;
    const title = [`${trainStep.model.name} on ${trainStep.chips} × ${trainStep.hardware.name}: time and cost per token vs batch, decode at context ${formatSignificant(trainStep.contextTokens, 6)}`, headline(trainStep).split("\n")[1] as string, EXPECTED_NOTE];
    emit(format, flags, title, curveTable(r.points, expected, "batch", (p) => p.x, format), summary, Object.values(r.derivations), {
      ...rest,
      expectedPoints: expected,
      trainStep: { ...trainStep },
    });
  });
  return cmd;
}

export function contextCommand(): Command {
  const cmd = new Command("context")
    .summary("cost per token vs context length at a fixed batch, and the crossover context")
    .description(
      "Cost per token against context length at a fixed batch: flat while compute-bound, rising once KV fetches dominate. The crossover context where KV time equals compute time; the model's own attention (sliding windows, top-k sparse) against dense and the lecture's √ sparse attention; and the KV bytes per token that would put the crossover at the given context (the lecture's inversion of API prices).",
    );
  addRooflineFlags(cmd, { table: CONTEXT_INPUTS });
  addFormatFlags(cmd);
  cmd.action((flags: RawFlags & FormatFlags) => {
    const o = rooflineOptions(flags, CONTEXT_INPUTS);
    const r = analyzeContext(o);
    const expected = r.series.map((s) => expectedCurve({ ...o, attention: s.attention }, CONTEXT_INPUTS, "contextTokens", s.points));
    printWarnings(r.warnings);
    const format = formatOf(flags);
    const first = r.series[0];
    const summary: [string, string][] = [
      ...r.series.map((s): [string, string] => [`crossover context, ${s.label}`, s.crossoverContextTokens === null ? "none" : formatQuantity(s.crossoverContextTokens, "token")]),
      ...(r.closedFormCrossoverTokens !== null ? [["crossover, dense closed form", formatQuantity(r.closedFormCrossoverTokens, "token")] as [string, string]] : []),
      ["KV bytes per token of this model (full-context layers)", formatQuantity(r.kvBytesPerToken, "B/token")],
      ["KV bytes per token that balance at the given context", formatQuantity(r.kvBytesPerTokenAtBalance, "B/token")],
    ];
    const tables = r.series.map((s, i) => ({ s, t: curveTable(s.points, expected[i] as CurvePoint[], "context", r.batch, format) }));
    if (format === "csv") {
      const cols = ["attention", ...(tables[0]?.t.columns ?? [])];
      return out(renderTable({ columns: cols, rows: tables.flatMap(({ s, t }) => t.rows.map((row) => [s.attention, ...row])) }, "csv"));
    }
    if (format === "json") return out(toJson({ ...r, series: r.series.map((s, i) => ({ ...s, expectedPoints: expected[i] })) }));
    const parts = [`batch ${r.batch}; cost per token vs context (${first?.label ?? ""})`, EXPECTED_NOTE, "", renderTable({ columns: ["", "value"], rows: summary }, format)];
    for (const { s, t } of tables) parts.push("", `${s.label}:`, renderTable(t, format));
    if (!flags.brief) parts.push("", format === "md" ? "## Derivations" : "Derivations", "", renderDerivations(Object.values(r.derivations), format === "md" ? "md" : "text", depthOf(flags)));
    out(parts.join("\n"));
  });
  return cmd;
}

export function prefillCommand(): Command {
  const cmd = new Command("prefill")
    .summary("cost per token vs pass length: prefill against decode")
    .description("Cost per token against the length of the pass (decode = a pass of 1 token per sequence), and the ratio of decode's cost per token to prefill's at the given prompt length.");
  addRooflineFlags(cmd, { table: PREFILL_INPUTS });
  addFormatFlags(cmd);
  cmd.action((flags: RawFlags & FormatFlags) => {
    const o = rooflineOptions(flags, PREFILL_INPUTS);
    const r = analyzePrefill(o);
    const expected = expectedCurve({ ...o, phase: "prefill" }, PREFILL_INPUTS, "passTokens", r.points);
    printWarnings(r.warnings);
    const format = formatOf(flags);
    const summary: [string, string][] = [
      ["decode step", `${formatQuantity(r.decode.stepSeconds, "s")} (${r.decode.bound}-bound)`],
      [`prefill pass of ${formatSignificant(r.prefill.passTokens, 6)} tokens`, `${formatQuantity(r.prefill.stepSeconds, "s")} (${r.prefill.bound}-bound)`],
      ["decode cost per token", r.decode.usdPerMillionTokens === null ? "unknown" : formatQuantity(r.decode.usdPerMillionTokens, "USD/Mtoken")],
      ["prefill cost per token", r.prefill.usdPerMillionTokens === null ? "unknown" : formatQuantity(r.prefill.usdPerMillionTokens, "USD/Mtoken")],
      ["decode ÷ prefill cost per token", `${formatSignificant(r.decodeToPrefillRatio, 3)}×`],
      ["decode step (expected)", formatQuantity(r.decode.expectedStepSeconds, "s")],
      [`prefill pass of ${formatSignificant(r.prefill.passTokens, 6)} tokens (expected)`, formatQuantity(r.prefill.expectedStepSeconds, "s")],
      ["decode cost per token (expected)", r.decode.expectedUsdPerMillionTokens === null ? "unknown" : formatQuantity(r.decode.expectedUsdPerMillionTokens, "USD/Mtoken")],
      ["prefill cost per token (expected)", r.prefill.expectedUsdPerMillionTokens === null ? "unknown" : formatQuantity(r.prefill.expectedUsdPerMillionTokens, "USD/Mtoken")],
    ];
    emit(format, flags, [headline(r.prefill), EXPECTED_NOTE], curveTable(r.points, expected, "pass tokens", (p) => p.x * r.prefill.batch, format), summary, Object.values(r.derivations), { ...r, expectedPoints: expected });
  });
  return cmd;
}

/**
 * `train-step`: one training step of a model on a layout — FLOP, time, communication, bubble,
 * tokens/s per chip, MFU and HFU (`step`, the default); memory per chip (`memory`); chip-hours and
 * calendar time for D tokens (`run`); the fastest and cheapest layout on N chips (`search`).
 */
import {
  analyzeTrainStep,
  formatQuantity,
  formatSignificant,
  formatNumberForArithmetic,
  idealTrainEfficiency,
  RooflineError,
  searchTrainLayouts,
  TRAIN_STEP_INPUTS,
  trainStepOptionsFromInputs,
  TRAINING_FIT,
  validateTraining,
  type Derivation,
  type EfficiencyMode,
  type Quantity,
  type TrainCandidate,
  type TrainStepOptions,
  type TrainStepResult,
} from "@roofline/core";
import { Command } from "commander";
import { addFormatFlags } from "./common.ts";
import { findMeasurementsDir, modelResolver, readMeasurementFiles } from "../measurements.ts";
import { choice, resolveHardware, resolveModel } from "../options.ts";
import { addInputFlags, flagNames, readInputs } from "../inputs.ts";
import { depthOf, formatOf, out, printWarnings, renderDerivations, renderTable, toJson, type Format, type FormatFlags, type Table } from "../output.ts";

type Flags = Record<string, string | boolean | undefined> & FormatFlags;

const MODES = ["step", "memory", "run", "search", "validate"] as const;
type Mode = (typeof MODES)[number];

/** Flag names by input id, for errors and origins. */
const NAMES: Record<string, string> = flagNames(TRAIN_STEP_INPUTS);

/** A degree or length as given, else the table's default (the one train-step, its library call and its page share). */
const count = (q: unknown, id: string) => (q === undefined ? (TRAIN_STEP_INPUTS.get(id).default as number) : (q as Quantity).value);

/** The layout and options from the flags (declared once in TRAIN_STEP_INPUTS); --chips fills in the data-parallel degree. */
function stepOptions(flags: Flags): TrainStepOptions {
  const given = readInputs(flags, TRAIN_STEP_INPUTS);
  const o = trainStepOptionsFromInputs(
    given,
    {
      model: resolveModel((given["model"] as string | undefined) ?? String(TRAIN_STEP_INPUTS.get("model").default)),
      hardware: resolveHardware((given["hardware"] as string | undefined) ?? String(TRAIN_STEP_INPUTS.get("hardware").default)),
    },
    NAMES,
  );
  const layout = o.layout;
  // --fsdp: a name for --zero 3.
  if (flags["fsdp"]) layout.zeroStage = { value: 3, origin: { kind: "user", name: "--fsdp (ZeRO-3)" } };
  const chips = given["chips"] as Quantity | undefined;
  if (chips && layout.dataParallel === undefined) {
    const inner = count(layout.tensorParallel, "tensorParallel") * count(layout.pipelineParallel, "pipelineParallel") * count(layout.contextParallel, "contextParallel");
    if (chips.value % inner !== 0) throw new RooflineError({ code: "out-of-range", field: "--chips", value: String(chips.value), expected: `a multiple of TP·PP·CP = ${inner}`, hint: `Try ${Math.max(1, Math.round(chips.value / inner)) * inner}, or change --tp/--pp/--cp.` });
    layout.dataParallel = { value: chips.value / inner, origin: { kind: "user", name: `--chips ÷ (TP·PP·CP) = ${chips.value} ÷ ${inner}` } };
  }
  const gbt = given["globalBatchTokens"] as Quantity | undefined;
  if (gbt && layout.microBatches === undefined) {
    const per = count(layout.dataParallel, "dataParallel") * count(layout.microBatch, "microBatch") * count(layout.sequenceLength, "sequenceLength");
    if (gbt.value % per !== 0) throw new RooflineError({ code: "out-of-range", field: "--global-batch-tokens", value: String(gbt.value), expected: `a multiple of DP × micro-batch × sequence length = ${per} tokens`, hint: `Try ${Math.max(1, Math.round(gbt.value / per)) * per}.` });
    layout.microBatches = { value: gbt.value / per, origin: { kind: "user", name: `--global-batch-tokens ÷ (DP·b·S) = ${gbt.value} ÷ ${per}` } };
  }
  return o;
}

export function layoutText(l: TrainStepResult["layout"]): string {
  const parts = [`DP ${l.dataParallel}`, `TP ${l.tensorParallel}`, `PP ${l.pipelineParallel}`, `CP ${l.contextParallel}`, `EP ${l.expertParallel}`];
  const sched = l.pipelineParallel > 1 ? `, ${l.schedule}${l.schedule === "interleaved" ? ` v=${l.virtualStages}` : ""}` : "";
  return `${parts.join(" · ")} · b=${l.microBatch} × m=${l.microBatches} of ${formatSignificant(l.sequenceLength, 6)} tokens${sched}, recompute ${l.recompute}, ZeRO-${l.zeroStage}${l.sequenceParallel ? ", sequence parallel" : ""}${l.reversible ? ", reversible layers" : ""}`;
}

const pct = (x: number) => `${formatSignificant(x * 100, 3)}%`;
const ms = (s: number) => formatQuantity(s, "s");
const bytes = (b: number) => formatQuantity(b, "B");

/** The same layout's ideal step (every efficiency term at its most optimistic: a bound), beside the expected one. */
function idealOf(o: TrainStepOptions): TrainStepResult {
  return analyzeTrainStep({ ...o, efficiency: idealTrainEfficiency() });
}

/** The ideal's headline numbers, for --json beside the expected result. */
function idealSummary(i: TrainStepResult) {
  return { stepSeconds: i.time.stepSeconds, tokensPerSecondPerChip: i.tokensPerSecondPerChip, mfu: i.mfu, hfu: i.hfu, run: i.run ? { chipHours: i.run.chipHours, calendarSeconds: i.run.calendarSeconds, usd: i.run.usd } : null };
}

function stepRows(r: TrainStepResult, ideal: TrainStepResult): [string, string][] {
  const t = r.time;
  return [
    ["chips", String(r.chips)],
    ["tokens per step", `${formatSignificant(r.globalBatchTokens, 6)}`],
    ["model FLOP per token", `${formatNumberForArithmetic(r.flop.modelPerToken, 4)} (6·N + causal attention)`],
    ["hardware FLOP per token", `${formatNumberForArithmetic(r.flop.hardwarePerToken, 4)} (+ recomputation ${formatNumberForArithmetic(r.flop.recomputePerToken, 3)})`],
    ["micro-batch on a stage: compute", ms(t.computeSeconds)],
    ["  weight reads (under compute unless slower)", ms(t.memorySeconds)],
    ["  activation and dispatch traffic", ms(t.activationSeconds)],
    ["  tensor-parallel (exposed)", ms(t.tensorParallelSeconds)],
    ["  context-parallel (exposed)", ms(t.contextParallelSeconds)],
    ["  expert all-to-all (exposed)", ms(t.expertSeconds)],
    ["  pipeline send/receive", ms(t.pipelineSendSeconds)],
    ["  total", ms(t.microBatchSeconds)],
    ["pipeline bubble", pct(t.bubbleFraction)],
    ["pipeline time", ms(t.pipelineSeconds)],
    ["data-parallel comm (exposed of total)", `${ms(t.exposedDataParallelSeconds)} of ${ms(t.dataParallelSeconds)}`],
    ["optimizer update", ms(t.optimizerSeconds)],
    ["step time (expected)", ms(t.stepSeconds)],
    ["step time (ideal: a bound)", ms(ideal.time.stepSeconds)],
    ["tokens/s per chip", formatSignificant(r.tokensPerSecondPerChip, 4)],
    ["tokens/s per chip (ideal)", formatSignificant(ideal.tokensPerSecondPerChip, 4)],
    [`MFU (model FLOP ÷ ${r.precision.toUpperCase()} peak)`, pct(r.mfu)],
    ["MFU (ideal)", pct(ideal.mfu)],
    ["HFU (hardware FLOP ÷ peak)", pct(r.hfu)],
  ];
}

function memoryRows(r: TrainStepResult): [string, string][] {
  const m = r.memory;
  return [
    ["weights", bytes(m.weightBytes)],
    ["gradients", bytes(m.gradientBytes)],
    ["optimizer state", bytes(m.optimizerBytes)],
    ["activations", bytes(m.activationBytes)],
    ["logits", bytes(m.logitBytes)],
    ["total per chip", bytes(m.totalBytes)],
    ["usable HBM (of capacity)", `${bytes(m.usableBytes)} of ${bytes(m.capacityBytes)}`],
    ["fits", m.fits ? "yes" : "no"],
    ["largest micro-batch that fits", `${formatSignificant(m.maxMicroBatch, 6)} sequence${m.maxMicroBatch === 1 ? "" : "s"}`],
  ];
}

function runRows(r: TrainStepResult, ideal: TrainStepResult): [string, string][] {
  if (!r.run) return [["run", "give --tokens D"]];
  const i = ideal.run;
  return [
    ["training tokens", formatNumberForArithmetic(r.run.tokens, 3)],
    ["chip-hours", formatSignificant(r.run.chipHours, 4)],
    ["calendar time", `${formatQuantity(r.run.calendarSeconds, "s")} on ${r.chips} chips (no restarts)`],
    ["cost", r.run.usd === null ? "unknown (no price; give --usd-per-hour)" : formatQuantity(r.run.usd, "USD")],
    ...(i ? ([["chip-hours and calendar time (ideal: a bound)", `${formatSignificant(i.chipHours, 4)}; ${formatQuantity(i.calendarSeconds, "s")}`]] as [string, string][]) : []),
  ];
}

const STEP_KEYS = ["modelFlopPerToken", "hardwareFlopPerToken", "computeSeconds", "memorySeconds", "tensorParallelSeconds", "microBatchSeconds", "bubbleFraction", "pipelineSeconds", "exposedDataParallelSeconds", "stepSeconds", "tokensPerSecondPerChip", "mfu", "hfu"];
const MEMORY_KEYS = ["weightBytes", "gradientBytes", "optimizerBytes", "activationBytes", "logitBytes", "memoryBytesPerChip", "maxMicroBatch"];
const RUN_KEYS = ["tokensPerSecondPerChip", "chipHours", "calendarSeconds", "usd"];

function emit(format: Format, flags: FormatFlags, title: string[], rows: [string, string][], derivations: Derivation[], tables: { label: string; table: Table }[] = []) {
  const blocks = [...title, "", renderTable({ columns: ["", "value"], rows }, format)];
  for (const t of tables) blocks.push("", format === "md" ? `### ${t.label}` : `${t.label}:`, renderTable(t.table, format));
  if (!flags.brief && derivations.length) blocks.push("", format === "md" ? "## Derivations" : "Derivations", "", renderDerivations(derivations, format === "md" ? "md" : "text", depthOf(flags)));
  out(blocks.join("\n"));
}

function candidatesTable(cs: readonly TrainCandidate[], format: Format): Table {
  return {
    columns: format === "csv" ? ["chips", "dp", "tp", "pp", "cp", "ep", "micro_batch", "micro_batches", "schedule", "virtual_stages", "recompute", "zero", "step_seconds", "tokens_per_second_per_chip", "mfu", "memory_bytes"] : ["chips", "layout", "step", "tokens/s/chip", "MFU", "memory/chip"],
    rows: cs.map((x) => {
      const l = x.layout;
      return format === "csv"
        ? [x.chips, l.dataParallel, l.tensorParallel, l.pipelineParallel, l.contextParallel, l.expertParallel, l.microBatch, l.microBatches, l.schedule, l.virtualStages, l.recompute, l.zeroStage, x.stepSeconds, x.tokensPerSecondPerChip, x.mfu, x.memoryBytes]
        : [String(x.chips), `DP${l.dataParallel} TP${l.tensorParallel} PP${l.pipelineParallel} CP${l.contextParallel} EP${l.expertParallel} b${l.microBatch}×${l.microBatches} ${l.pipelineParallel > 1 ? (l.schedule === "interleaved" ? `int${l.virtualStages} ` : "1f1b ") : ""}${l.recompute} Z${l.zeroStage}`, ms(x.stepSeconds), formatSignificant(x.tokensPerSecondPerChip, 4), pct(x.mfu), bytes(x.memoryBytes)];
    }),
  };
}

export function trainStepCommand(): Command {
  const cmd = new Command("train-step")
    .summary("a training step: time, MFU, memory per chip, the run, and the best layout on N chips")
    .description(
      "Predicts one training step of a model on a layout (data, tensor, pipeline, context and expert parallel degrees; micro-batch size and count; sequence length; precision): FLOP = 6·N per token plus causal attention plus recomputation; time from the compute and weight-read roofline at the expected efficiency, tensor/context/expert/pipeline communication, the pipeline bubble (GPipe, 1F1B, interleaved) and the exposed data-parallel gradient reduction; tokens/s per chip, MFU and HFU. Modes: step (default), memory (weights, gradients, optimizer state by ZeRO stage, activations by recomputation, reversible layers, the largest micro-batch that fits), run (chip-hours and calendar time for --tokens; dollars when a price is known), search (the fastest and the cheapest layout on --chips).",
    )
    .argument("[mode]", `what to show: ${MODES.join(", ")} (default: step)`);
  addInputFlags(cmd, TRAIN_STEP_INPUTS);
  cmd
    .option("--fsdp", "fully sharded data parallel (= --zero 3)")
    .option("--measurements <dir>", "validate: the measurement folder (default: the repository's data/measurements)")
    .option("--no-loso", "validate: skip the leave-one-source-out refit");
  addFormatFlags(cmd);
  cmd.action((modeArg: string | undefined, flags: Flags) => {
    const mode: Mode = choice(modeArg, "mode", MODES) ?? "step";
    const format = formatOf(flags);
    if (mode === "search") return search(flags, format);
    if (mode === "validate") return validate(flags, format);
    const o = stepOptions(flags);
    const r = analyzeTrainStep(o);
    const ideal = idealOf(o);
    printWarnings(r.warnings);
    if (format === "json") return out(toJson({ ...r, ideal: idealSummary(ideal) }));
    const eta = r.derivations["computeSeconds"]?.inputs.find((i) => i.name === "matmulEfficiency")?.value;
    const title = [`${o.model.name} on ${r.chips} × ${o.hardware.name}, ${r.precision.toUpperCase()} — expected, not a bound${eta === undefined ? "" : ` (matmuls at ${pct(eta)} of peak)`}`, layoutText(r.layout)];
    const pick = (keys: string[]) => keys.map((k) => r.derivations[k]).filter((d): d is Derivation => d !== undefined);
    if (mode === "memory") return emit(format, flags, title, memoryRows(r), pick(MEMORY_KEYS));
    if (mode === "run") return emit(format, flags, title, [...runRows(r, ideal), ["tokens/s per chip", formatSignificant(r.tokensPerSecondPerChip, 4)], ["MFU", pct(r.mfu)], ["MFU (ideal: a bound)", pct(ideal.mfu)]], pick(RUN_KEYS));
    return emit(format, flags, title, [...stepRows(r, ideal), ...memoryRows(r).filter(([k]) => k === "total per chip" || k === "fits"), ...(r.run ? runRows(r, ideal) : [])], pick(STEP_KEYS));
  });
  return cmd;
}

function search(flags: Flags, format: Format) {
  const given = readInputs(flags, TRAIN_STEP_INPUTS);
  const o = stepOptions({ ...flags, chips: undefined, globalBatchTokens: undefined });
  const chips = given["chips"] as Quantity | undefined;
  if (!chips) throw new RooflineError({ code: "missing-value", field: "--chips", expected: "the number of chips to search layouts on", hint: "e.g. roofline train-step search --model llama-3.1-70b --hardware h100 --chips 1024" });
  const top = given["top"] as Quantity | undefined;
  const S = given["sequenceLength"] as Quantity | undefined;
  const gbt = given["globalBatchTokens"] as Quantity | undefined;
  const r = searchTrainLayouts({
    ...o,
    chips,
    ...(S ? { sequenceLength: S } : {}),
    ...(gbt ? { globalBatchTokens: gbt } : {}),
    ...(top ? { top: top.value } : {}),
    ...(given["efficiency"] !== undefined ? { efficiencyMode: given["efficiency"] as EfficiencyMode } : {}),
  });
  if (format === "json") return out(toJson(r));
  if (format === "csv") return out(renderTable(candidatesTable(r.fastest, "csv"), "csv"));
  const best = r.bestFastest;
  const rows: [string, string][] = [
    ["layouts evaluated", String(r.evaluated)],
    ["layouts that fit", String(r.fitting)],
    ["fastest", best ? `${layoutText(best.layout)}: ${ms(best.time.stepSeconds)} per step, ${formatSignificant(best.tokensPerSecondPerChip, 4)} tokens/s/chip, MFU ${pct(best.mfu)}` : "none fits"],
    ["cheapest (chip-hours per token)", r.bestCheapest ? `${r.bestCheapest.chips} chips, ${layoutText(r.bestCheapest.layout)}: ${formatSignificant(r.bestCheapest.tokensPerSecondPerChip, 4)} tokens/s/chip` : "none fits"],
  ];
  if (best) printWarnings(best.warnings);
  emit(format, flags, [`Training layouts for ${o.model.name} on ${chips.value} × ${o.hardware.name} (${r.efficiency === "ideal" ? "ideal step times: every efficiency term at its most optimistic, a bound" : "expected step times"})`], rows, best && !flags.brief ? STEP_KEYS.map((k) => best.derivations[k]).filter((d): d is Derivation => d !== undefined) : [], [
    { label: "fastest on all chips", table: candidatesTable(r.fastest, format) },
    { label: "cheapest (fewest chip-hours per token, on up to all chips)", table: candidatesTable(r.cheapest, format) },
  ]);
}

function validate(flags: Flags, format: Format) {
  const dir = findMeasurementsDir(flags["measurements"] as string | undefined);
  const files = readMeasurementFiles(dir);
  const v = validateTraining(files, modelResolver(dir), { loso: flags["loso"] !== false });
  if (format === "json") return out(toJson({ fit: TRAINING_FIT, ...v }));
  const table: Table = {
    columns: format === "csv" ? ["id", "source", "model", "hardware", "chips", "precision", "metric", "measured", "predicted", "measured_mfu", "predicted_mfu", "error"] : ["row", "model", "chips × hardware", "prec", "layout", "measured MFU", "predicted", "error"],
    rows: v.predictions.map((p) =>
      format === "csv"
        ? [p.id, p.source, p.model, p.hardware, p.chips, p.precision, p.metric, p.measured, p.predicted, p.measuredMfu, p.predictedMfu, p.error]
        : [p.id, p.model, `${p.chips} × ${p.hardware}`, p.precision, `TP${p.layout.tensorParallel} PP${p.layout.pipelineParallel} CP${p.layout.contextParallel} EP${p.layout.expertParallel}${p.layout.virtualStages > 1 ? ` v${p.layout.virtualStages}` : ""}${p.searchedLayout ? " (searched)" : ""}${p.fits ? "" : " (over HBM)"}`, pct(p.measuredMfu), pct(p.predictedMfu), `${p.error >= 0 ? "+" : ""}${formatSignificant(p.error * 100, 3)}%`],
    ),
  };
  if (format === "csv") return out(renderTable(table, "csv"));
  const heldOut = v.loso ? (v.loso.groupedBy === "source" ? "leave-one-source-out" : "leave-one-model-out (the set has one training source, so no source can be held out)") : "";
  const rows: [string, string][] = [
    ["measurement folder", dir],
    ["training rows predicted", String(v.predictions.length)],
    ["rows skipped", String(v.skipped.length)],
    ["median |error| on MFU (fitted terms, in sample)", Number.isFinite(v.medianAbsError) ? `${pct(v.medianAbsError)} (90th percentile ${pct(v.p90AbsError)})` : "no rows"],
    ["held-out median |error| on MFU", v.loso ? `${pct(v.loso.medianAbsError)} over ${v.loso.rows} rows, ${heldOut}; 90th percentile ${pct(v.loso.p90AbsError)} (target ≤ 15%)` : "needs two groups of rows or more (or --no-loso was given)"],
    ["fitted terms", `matmuls ${pct(TRAINING_FIT.parameters.matmul16.value)} of BF16 peak, ${pct(TRAINING_FIT.parameters.matmul8.value)} of FP8 peak; tensor-parallel communication ${pct(TRAINING_FIT.parameters.tensorExposed.value)} and expert all-to-all ${pct(TRAINING_FIT.parameters.expertExposed.value)} exposed; ${formatQuantity(TRAINING_FIT.parameters.kernelGapSeconds.value, "s")} per kernel (fit of ${TRAINING_FIT.date}, ${TRAINING_FIT.rows} rows)`],
  ];
  const tables = [{ label: "rows (MFU = this engine's model FLOP, 6·N + causal attention, ÷ dense peak at the row's precision)", table }];
  if (v.bySource.length) tables.push({ label: "by source", table: { columns: ["source", "rows", "median |error|"], rows: v.bySource.map((b) => [b.source, String(b.rows), pct(b.medianAbsError)]) } });
  if (v.byModel.length) tables.push({ label: "by model", table: { columns: ["model", "rows", "median |error|"], rows: v.byModel.map((b) => [b.model, String(b.rows), pct(b.medianAbsError)]) } });
  if (v.loso) tables.push({ label: `held-out folds (${v.loso.groupedBy})`, table: { columns: [`held-out ${v.loso.groupedBy}`, "fitted on the others", "median |error| on it"], rows: v.loso.folds.map((f) => [`${f.group} (${f.rows})`, `η16 ${f.parameters.matmul16}, η8 ${f.parameters.matmul8}, TP ${f.parameters.tensorExposed} and EP ${f.parameters.expertExposed} exposed, ${formatQuantity(f.parameters.kernelGapSeconds, "s")} per kernel`, pct(f.medianAbsError)]) } });
  if (v.skipped.length) tables.push({ label: "skipped", table: { columns: ["row", "why"], rows: v.skipped.map((x) => [x.id, x.reason]) } });
  emit(format, flags, ["The training step against the public training measurements (expected numbers, not bounds)"], rows, [], tables);
}

/**
 * `roofline lecture`: the lecture's arguments that needed more than one formula — scale-up domains
 * (8 → 72 → 500+ chips), the memory wall, and pipeline stages unbalanced by interleaved sliding-window
 * and global layers — each number with its derivation.
 */
import {
  analyzeMemoryWall,
  analyzePipelineImbalance,
  analyzeScaleUp,
  formatQuantity,
  formatSignificant,
  MEMORY_WALL_INPUTS,
  PIPELINE_IMBALANCE_INPUTS,
  SCALE_UP_INPUTS,
  type Derivation,
  type Precision,
} from "@roofline/core";
import { Command } from "commander";
import { addFormatFlags } from "./common.ts";
import { addInputFlags, readInputs } from "../inputs.ts";
import { resolveHardware, resolveModel } from "../options.ts";
import { depthOf, formatOf, out, printWarnings, renderDerivations, renderTable, toJson, type Format, type FormatFlags, type Table } from "../output.ts";

type Flags = Record<string, unknown> & FormatFlags & { model?: string; hardware?: string };

function emit(format: Format, flags: FormatFlags, title: string[], table: Table, summary: [string, string][], lines: string[], derivations: Derivation[], json: unknown) {
  if (format === "json") return out(toJson(json));
  if (format === "csv") return out(renderTable(table, "csv"));
  const parts = [...title, ""];
  if (summary.length) parts.push(renderTable({ columns: ["", "value"], rows: summary }, format), "");
  parts.push(renderTable(table, format));
  if (lines.length) parts.push("", ...lines);
  if (!flags.brief) parts.push("", format === "md" ? "## Derivations" : "Derivations", "", renderDerivations(derivations, format === "md" ? "md" : "text", depthOf(flags)));
  out(parts.join("\n"));
}

const q = (v: number | null, unit: Parameters<typeof formatQuantity>[1]) => (v === null ? "unknown" : formatQuantity(v, unit));

function scaleUpCommand(): Command {
  const cmd = new Command("scale-up")
    .summary("scale-up domains 8 → 72 → 500+ chips: aggregate HBM bandwidth and the largest model each serves at a per-token latency")
    .description("Every chip of a scale-up domain reads its share of the weights in parallel; at the optimal batch every expert is touched, so a decode step reads all the weights. The largest model a domain serves at a per-token latency is its aggregate bandwidth × the latency ÷ bytes per weight — why trillion-parameter models became viable with Blackwell racks.");
  addInputFlags(cmd, SCALE_UP_INPUTS);
  return addFormatFlags(cmd).action((flags: Flags) => {
    const given = readInputs(flags, SCALE_UP_INPUTS);
    const r = analyzeScaleUp({ ...(given["latencySeconds"] ? { latencySeconds: given["latencySeconds"] as { value: number; origin: never } } : {}), weightPrecision: (given["weightPrecision"] as Precision | undefined) ?? (SCALE_UP_INPUTS.get("weightPrecision").default as Precision) });
    const format = formatOf(flags);
    const raw = format === "csv";
    const table: Table = {
      columns: raw ? ["hardware", "domainChips", "aggregateBytesPerSecond", "aggregateHbmBytes", "maxParamsAtLatency", "maxParamsInCapacity", "limit"] : ["domain", "chips", "aggregate HBM BW", "HBM", `largest model at ${formatQuantity(r.latencySeconds, "s")}`, "largest that fits", "binds"],
      rows: r.rows.map((x) =>
        raw
          ? [x.hardware.id, x.domainChips, x.aggregateBytesPerSecond ?? "", x.aggregateHbmBytes ?? "", x.maxParamsAtLatency ?? "", x.maxParamsInCapacity ?? "", x.limit]
          : [x.hardware.id, String(x.domainChips), q(x.aggregateBytesPerSecond, "B/s"), q(x.aggregateHbmBytes, "B"), q(x.maxParamsAtLatency, "param"), q(x.maxParamsInCapacity, "param"), x.limit],
      ),
    };
    const lines = [
      `At ${formatQuantity(r.latencySeconds, "s")} per token with ${r.weightPrecision.toUpperCase()} weights: an 8-GPU Hopper node reads at most ${q(r.rows.find((x) => x.hardware.id === "nvidia-h100-sxm5-80gb")?.maxParamsAtLatency ?? null, "param")} per step; a 72-GPU Blackwell rack ${q(r.rows.find((x) => x.hardware.id === "nvidia-gb200-nvl72")?.maxParamsAtLatency ?? null, "param")} — a trillion-parameter model fits the second, not the first.`,
      ...r.scaleOut.map((s) => `scale-up ÷ scale-out bandwidth, ${s.hardwareId}: ${formatSignificant(s.ratio, 3)}× (the lecture: ~8×)`),
      ...r.rows.filter((x) => x.limit === "unknown").map((x) => `${x.hardware.id}: HBM bandwidth unknown in the catalog, so the latency bound is unknown.`),
      r.expectedNote,
    ];
    emit(format, flags, ["Scale-up domains: the largest model served at a per-token latency"], table, [], lines, Object.values(r.derivations), r);
  });
}

function memoryWallCommand(): Command {
  const cmd = new Command("memory-wall")
    .summary("the memory wall: HBM in a rack against a trillion-parameter model, where the rest goes, and what a chip with less HBM plus pipelining needs")
    .description("A GB200 NVL72 holds ~13 TB of HBM; a 1T-parameter model needs ~1 TB of weights. The rest holds KV caches — batch and context. With P racks pipelined, weights per chip shrink by P while the KV of the sequences in flight does not: the HBM per chip a design needs is tabulated for P = 1, 2, 4, 8.");
  addInputFlags(cmd, MEMORY_WALL_INPUTS);
  return addFormatFlags(cmd).action((flags: Flags) => {
    const given = readInputs(flags, MEMORY_WALL_INPUTS);
    const model = resolveModel((flags.model as string | undefined) ?? (MEMORY_WALL_INPUTS.get("model").default as string));
    const hardware = resolveHardware((flags.hardware as string | undefined) ?? (MEMORY_WALL_INPUTS.get("hardware").default as string));
    const r = analyzeMemoryWall({
      model,
      hardware,
      ...(given["chips"] ? { chips: given["chips"] as never } : {}),
      ...(given["contextTokens"] ? { contextTokens: given["contextTokens"] as never } : {}),
      ...(given["weightPrecision"] ? { weightPrecision: given["weightPrecision"] as Precision } : {}),
      ...(given["kvPrecision"] ? { kvPrecision: given["kvPrecision"] as Precision } : {}),
    });
    const format = formatOf(flags);
    const raw = format === "csv";
    const table: Table = {
      columns: raw ? ["pipelineStages", "sequencesInFlight", "weightBytesPerChip", "kvBytesPerChip", "memoryBytesPerChip"] : ["racks pipelined (P)", "sequences in flight", "weights/chip", "KV/chip", "HBM needed/chip"],
      rows: r.stages.map((s) => (raw ? [s.pipelineStages, s.sequencesInFlight, s.weightBytesPerChip, s.kvBytesPerChip, s.memoryBytesPerChip] : [String(s.pipelineStages), formatSignificant(s.sequencesInFlight, 6), formatQuantity(s.weightBytesPerChip, "B"), formatQuantity(s.kvBytesPerChip, "B"), formatQuantity(s.memoryBytesPerChip, "B")])),
    };
    const summary: [string, string][] = [
      [`HBM in ${r.chips} × ${r.hardware.id}`, formatQuantity(r.rackHbmBytes, "B")],
      [`weights of ${r.model.name}`, formatQuantity(r.weightBytes, "B")],
      ["left for KV (batch × context)", formatQuantity(r.bytesLeft, "B")],
      [`KV per sequence at ${formatSignificant(r.contextTokens, 6)} tokens`, formatQuantity(r.kvBytesPerSequence, "B")],
      ["sequences that fit", formatSignificant(r.sequencesThatFit, 6)],
      ["optimal batch (compute = memory)", r.optimalBatch === null ? "none: memory-bound at every batch" : formatSignificant(r.optimalBatch, 4)],
    ];
    const lines = [
      `With P racks pipelined, each rack keeps one micro-batch of ${formatSignificant(r.microBatch, 6)} sequences in flight (${r.microBatchIs === "optimal" ? "the optimal batch" : "the most that fit: no batch balances compute and memory at this context"}): weights per chip fall as 1/P, KV per chip does not. A chip with ${formatQuantity(r.stages[r.stages.length - 1]?.memoryBytesPerChip ?? 0, "B")} of HBM would serve the model with ${r.stages[r.stages.length - 1]?.pipelineStages ?? 1} racks pipelined; it cannot go below the KV floor of ${formatQuantity(r.stages[0]?.kvBytesPerChip ?? 0, "B")} per chip.`,
      r.expectedNote,
    ];
    emit(format, flags, [`The memory wall: ${r.model.name} on ${r.chips} × ${r.hardware.name}`], table, summary, lines, Object.values(r.derivations), r);
    printWarnings(r.warnings);
  });
}

function pipelineCommand(): Command {
  const cmd = new Command("pipeline")
    .summary("pipeline stages with interleaved sliding-window and global layers: per-stage decode time and the imbalance")
    .description("Contiguous pipeline stages get unequal numbers of global (full-context) layers when sliding-window and global layers interleave (gpt-oss alternates them, Gemma 3 has one global in six). At long context a stage's KV reads follow its global layers, so stages take unequal time and the pipeline runs at the slowest one's pace — one of the lecture's reasons pipelining hampers research.");
  addInputFlags(cmd, PIPELINE_IMBALANCE_INPUTS);
  return addFormatFlags(cmd).action((flags: Flags) => {
    const given = readInputs(flags, PIPELINE_IMBALANCE_INPUTS);
    const model = resolveModel((flags.model as string | undefined) ?? (PIPELINE_IMBALANCE_INPUTS.get("model").default as string));
    const hardware = resolveHardware((flags.hardware as string | undefined) ?? (PIPELINE_IMBALANCE_INPUTS.get("hardware").default as string));
    const pick = (k: string) => (given[k] !== undefined ? { [k]: given[k] } : {});
    const r = analyzePipelineImbalance({ model, hardware, ...(given["pipelineParallel"] !== undefined ? { pipelineStages: given["pipelineParallel"] as never } : {}), ...pick("chipsPerStage"), ...pick("batch"), ...pick("contextTokens"), ...pick("weightPrecision"), ...pick("kvPrecision") });
    const format = formatOf(flags);
    const raw = format === "csv";
    const table: Table = {
      columns: raw ? ["stage", "firstLayer", "lastLayer", "globalLayers", "windowLayers", "flop", "weightBytes", "kvBytes", "seconds"] : ["stage", "layers", "global", "sliding", "weights", "KV read", "step"],
      rows: r.stages.map((s) => (raw ? [s.stage, s.firstLayer, s.lastLayer, s.globalLayers, s.windowLayers, s.flop, s.weightBytes, s.kvBytes, s.seconds] : [String(s.stage), `${s.firstLayer}–${s.lastLayer}`, String(s.globalLayers), String(s.windowLayers), formatQuantity(s.weightBytes, "B"), formatQuantity(s.kvBytes, "B"), formatQuantity(s.seconds, "s")])),
    };
    const summary: [string, string][] = [
      ["layers", `${r.layers}${r.windowTokens ? `, sliding window ${formatSignificant(r.windowTokens, 6)} tokens` : ", no sliding window"}`],
      ["pipeline stages", String(r.pipelineStages)],
      ["imbalance (slowest ÷ mean stage)", `${formatSignificant(r.imbalance, 4)}×`],
    ];
    emit(format, flags, [`Pipeline stages of ${r.model.name} on ${r.hardware.name}`], table, summary, [r.expectedNote], [r.derivations["imbalance"] as Derivation, ...r.stages.map((s) => s.derivation)], r);
  });
}

export function lectureCommand(): Command {
  return new Command("lecture")
    .summary("the lecture's arguments: scale-up domains, the memory wall, pipeline-stage imbalance")
    .description("Derivations of the lecture's arguments that need more than one formula. Subcommands: scale-up, memory-wall, pipeline.")
    .addCommand(scaleUpCommand())
    .addCommand(memoryWallCommand())
    .addCommand(pipelineCommand());
}

/**
 * The inputs of a training step (`train-step`): the layout (parallel degrees, micro-batching, sequence
 * length, schedule, recomputation, ZeRO stage), the precision, the run and the efficiency terms a user
 * may override. One line per input: the engine's check and default, the CLI flag and help, the URL key.
 */
import { defineInputs, type InputDef } from "../inputs/define.ts";
import { ROOFLINE_INPUT_DEFS as R } from "../inputs/roofline.ts";
import { EFFICIENCY_MODE_INPUT } from "../efficiency/mode-input.ts";
import type { Quantity } from "../formula/formula.ts";
import type { HardwareSpec } from "../catalog/hardware.ts";
import type { ModelSpec } from "../model/model.ts";
import type { TrainEfficiency } from "./efficiency.ts";
import type { LayoutGiven, TrainLayout, TrainPrecision, TrainStepOptions } from "./step.ts";

const degree = (id: string, flag: string, label: string, doc: string, max: number, extra: Partial<InputDef> = {}): InputDef => ({
  id,
  flag,
  url: flag,
  label,
  unit: "1",
  kind: "integer",
  group: "layout",
  doc,
  what: doc,
  default: 1,
  defaultFrom: "none",
  min: 1,
  max,
  valueName: `<${flag[0]?.toUpperCase()}>`,
  ...extra,
});

/**
 * The parallel degrees, micro-batching and the run's tokens as inputs with neutral defaults (1: no
 * parallelism; no run). Other analyses' layouts share these inputs (an inference layout's degrees, a
 * world model's tensor parallelism, the lecture's pipeline): they spread these, never train-step's own
 * defaults below.
 */
export const PARALLEL_INPUT_DEFS = {
  dataParallel: degree("dataParallel", "dp", "Data parallel D", "data-parallel degree", 1e6, { defaultFrom: "no data parallelism" }),
  tensorParallel: degree("tensorParallel", "tp", "Tensor parallel T", "tensor-parallel degree (divides the attention heads)", 1024, { defaultFrom: "no tensor parallelism" }),
  pipelineParallel: degree("pipelineParallel", "pp", "Pipeline stages P", "pipeline stages (at most the layers)", 4096, { defaultFrom: "no pipelining" }),
  contextParallel: degree("contextParallel", "cp", "Context parallel C", "context-parallel degree (2·C divides the sequence length)", 1024, { defaultFrom: "no context parallelism" }),
  expertParallel: degree("expertParallel", "ep", "Expert parallel E", "expert-parallel degree (divides the routed experts and TP·CP·DP)", 65536, { defaultFrom: "experts not spread" }),
  microBatch: degree("microBatch", "micro-batch", "Micro-batch b", "sequences per micro-batch", 1e5, { url: "mb", unit: "sequence", defaultFrom: "one sequence per micro-batch", valueName: "<b>" }),
  microBatches: degree("microBatches", "micro-batches", "Micro-batches m", "micro-batches per step", 1e7, { url: "m", default: null, defaultFrom: "4 × pipeline stages, or the global batch ÷ (DP·b·S)", valueName: "<m>" }),
  trainingTokens: { id: "trainingTokens", flag: "tokens", url: "tokens", label: "Training tokens D", unit: "token", kind: "number", group: "workload", doc: "tokens to train on, for chip-hours and calendar time (accepts 15T)", what: "training tokens", default: null, defaultFrom: "no run", min: 1, max: 1e18, valueName: "<D>" },
} as const satisfies Record<string, InputDef>;

const P = PARALLEL_INPUT_DEFS;

/**
 * `roofline train-step`, its library defaults and the Training step page: one table, one set of
 * defaults. They open on a layout the default 70B model fits: 64 H100s (eight 8-GPU servers) as
 * TP 8 inside a server × 2 pipeline stages × 4 data-parallel replicas, 8,192-token sequences, a
 * 15T-token run (66 GB of the 72 GB usable per GPU; DP 8 × TP 8 without pipelining needs 93 GB).
 */
export const TRAIN_STEP_INPUTS = defineInputs("train-step", [
  { ...R.model, default: "llama-3.1-70b", defaultFrom: "a dense 70B model" },
  { ...R.hardware, default: "nvidia-h100-sxm5-80gb", defaultFrom: "an H100 server" },
  { ...R.chips, doc: "chips in the training cluster: sets the data-parallel degree to chips ÷ (TP·PP·CP); search: the cluster", default: null, defaultFrom: "TP·PP·CP·DP" },
  { ...P.dataParallel, default: 4, defaultFrom: "64 GPUs as DP 4 × TP 8 × PP 2; the chips set it to chips ÷ (TP·PP·CP)" },
  { ...P.tensorParallel, default: 8, defaultFrom: "TP 8: one 8-GPU server per tensor-parallel group (a 70B model does not fit on one GPU)" },
  { ...P.pipelineParallel, default: 2, defaultFrom: "two pipeline stages: the 70B model's weights, gradients and optimizer state fit in 80 GB" },
  P.contextParallel,
  P.expertParallel,
  P.microBatch,
  P.microBatches,
  { id: "sequenceLength", flag: "seq-len", url: "seq", label: "Sequence length S", unit: "token", kind: "integer", group: "workload", doc: "tokens per training sequence (accepts 8k = 8,000; give 8192 for 2¹³)", what: "tokens per sequence", default: 8192, defaultFrom: "8,192-token sequences (Llama 3's pre-training length)", min: 1, max: 1e7, valueName: "<S>" },
  { id: "globalBatchTokens", flag: "global-batch-tokens", url: "gbt", label: "Global batch (tokens)", unit: "token", kind: "integer", group: "workload", doc: "tokens per step; sets the micro-batches (search default 4,194,304)", what: "tokens per step", default: null, defaultFrom: "DP × m × b × S", min: 1, max: 1e10, valueName: "<B>" },
  { id: "schedule", flag: "schedule", url: "schedule", label: "Schedule", unit: "", kind: "enum", group: "layout", doc: "pipeline schedule", default: "1f1b", defaultFrom: "", choices: ["gpipe", "1f1b", "interleaved"], choiceLabels: { gpipe: "GPipe", "1f1b": "1F1B", interleaved: "interleaved 1F1B" }, valueName: "<gpipe|1f1b|interleaved>" },
  degree("virtualStages", "virtual-stages", "Virtual stages v", "model chunks per chip with the interleaved schedule", 1024, { url: "v", default: null, defaultFrom: "2 when interleaved, else 1", valueName: "<v>" }),
  { id: "recompute", flag: "recompute", url: "recompute", label: "Recompute", unit: "", kind: "enum", group: "layout", doc: "activation recomputation", default: "none", defaultFrom: "", choices: ["none", "selective", "full"], valueName: "<none|selective|full>" },
  { id: "zeroStage", flag: "zero", url: "zero", label: "ZeRO stage", unit: "1", kind: "integer", group: "layout", doc: "ZeRO stage: 1 shards optimizer state, 2 also gradients, 3 also weights (FSDP)", what: "ZeRO stage (0–3; FSDP = 3)", default: 1, defaultFrom: "ZeRO-1: the optimizer state sharded over data-parallel ranks (Megatron's distributed optimizer)", min: 0, max: 3, valueName: "<z>" },
  { id: "sequenceParallel", flag: "sequence-parallel", url: "sp", label: "Sequence parallelism", unit: "", kind: "boolean", group: "layout", doc: "sequence parallelism: norms and dropout split over the tensor-parallel ranks (Megatron)", offDoc: "without sequence parallelism (norms and dropout replicated over TP)", default: null, defaultFrom: "on with tensor parallelism" },
  { id: "reversible", flag: "reversible", url: "rev", urlAliases: ["x.rev"], label: "Reversible layers", unit: "", kind: "boolean", group: "layout", doc: "reversible layers (RevNets): activations O(1) in depth, one more forward in the backward", offDoc: "standard layers: each layer's activations stored for the backward", default: false, defaultFrom: "standard layers" },
  { id: "fusedAttention", flag: "fused-attention", url: "fattn", label: "Fused attention", unit: "", kind: "boolean", group: "layout", doc: "a fused attention kernel (FlashAttention) that never stores the S×S scores", offDoc: "an attention kernel that stores the S×S scores (what selective recomputation saves)", offAliases: ["--unfused-attention"], default: true, defaultFrom: "FlashAttention", advanced: true },
  { id: "trainPrecision", flag: "precision", url: "precision", label: "Matmul precision", unit: "", kind: "enum", group: "precision", doc: "precision of the weight matmuls (attention's core stays 16-bit)", default: "bf16", defaultFrom: "", choices: ["bf16", "fp16", "fp8"], valueName: "<bf16|fp16|fp8>" },
  { id: "gradientBytesPerParam", flag: "grad-bytes", url: "gradb", label: "Gradient bytes", unit: "B/param", kind: "number", group: "precision", doc: "bytes per gradient value", what: "bytes per parameter", default: 4, defaultFrom: "FP32 gradient accumulation and reduction (Megatron's default)", min: 0.5, max: 8, advanced: true, valueName: "<b>" },
  { ...P.trainingTokens, default: 15e12, defaultFrom: "a 15T-token run (Llama 3's pre-training)" },
  R.usdPerChipHour,
  { id: "matmulEfficiency", flag: "matmul-efficiency", url: "mme", label: "Matmul efficiency", unit: "1", kind: "number", group: "efficiency", doc: "fraction of peak the matmuls reach", what: "fraction of peak the matmuls reach", default: null, defaultFrom: "the fitted expected efficiency", min: 0.01, max: 1, advanced: true, valueName: "<η>" },
  { id: "tensorExposed", flag: "tp-exposed", url: "tpx", label: "TP communication exposed", unit: "1", kind: "number", group: "efficiency", doc: "share of tensor-parallel communication not overlapped", what: "share of tensor-parallel communication exposed", default: null, defaultFrom: "fitted", min: 0, max: 1, advanced: true, valueName: "<x>" },
  { id: "dataParallelOverlap", flag: "dp-overlap", url: "dpo", label: "DP overlap", unit: "1", kind: "number", group: "efficiency", doc: "share of the last backward that hides gradient reduction", what: "share of compute that hides data-parallel communication", default: 0.9, defaultFrom: "Megatron's overlapped gradient reduction", min: 0, max: 1, advanced: true, valueName: "<ω>" },
  { id: "networkEfficiency", flag: "network-efficiency", url: "nete", label: "Network efficiency", unit: "1", kind: "number", group: "efficiency", doc: "fraction of link bandwidth collectives reach", what: "fraction of link bandwidth achieved", default: 0.8, defaultFrom: "nccl-tests bus bandwidth", min: 0.01, max: 1, advanced: true, valueName: "<η>" },
  R.peakFlopsPerSecond,
  R.hbmBytesPerSecond,
  R.hbmBytes,
  { ...EFFICIENCY_MODE_INPUT, doc: `search: ${EFFICIENCY_MODE_INPUT.doc}` },
  { id: "top", flag: "top", url: "top", label: "Layouts listed", unit: "1", kind: "integer", group: "layout", doc: "search: layouts to list per ranking", what: "layouts to list", default: 10, defaultFrom: "", min: 1, max: 1000, advanced: true, valueName: "<k>" },
]);

/**
 * The training step's options from the inputs an interface read, by id (numbers as Quantities, choices
 * as typed), with the model and chip it resolved: the layout's degrees and choices, the efficiency
 * overrides, the precision, the run's tokens, the price and the chip overrides, the layout's switches
 * (sequence parallelism, reversible layers, fused attention). `names` says how messages name each
 * input (flags, or a page's labels). The chips and the global batch, which set a degree from others,
 * stay with the interface.
 */
export function trainStepOptionsFromInputs(given: Readonly<Record<string, unknown>>, resolved: { model: ModelSpec; hardware: HardwareSpec }, names: Readonly<Record<string, string>>): TrainStepOptions {
  const layout: LayoutGiven = {};
  for (const k of ["dataParallel", "tensorParallel", "pipelineParallel", "contextParallel", "expertParallel", "microBatch", "microBatches", "sequenceLength", "virtualStages", "zeroStage"] as const) {
    if (given[k] !== undefined) layout[k] = given[k] as Quantity;
  }
  if (given["schedule"] !== undefined) layout.schedule = given["schedule"] as TrainLayout["schedule"];
  for (const k of ["sequenceParallel", "reversible", "fusedAttention"] as const) if (typeof given[k] === "boolean") layout[k] = given[k] as boolean;
  if (given["recompute"] !== undefined) layout.recompute = given["recompute"] as TrainLayout["recompute"];
  const efficiency: Partial<TrainEfficiency> = {};
  const eff = (id: string, keys: (keyof TrainEfficiency)[]) => {
    const q = given[id] as Quantity | undefined;
    if (q) for (const k of keys) efficiency[k] = q;
  };
  eff("matmulEfficiency", ["matmul16", "matmul8"]);
  eff("tensorExposed", ["tensorExposed"]);
  eff("dataParallelOverlap", ["dataParallelOverlap"]);
  eff("networkEfficiency", ["network"]);
  const o: TrainStepOptions = { model: resolved.model, hardware: resolved.hardware, layout, names: { ...names }, efficiency };
  if (given["trainPrecision"] !== undefined) o.precision = given["trainPrecision"] as TrainPrecision;
  const opt = (k: keyof TrainStepOptions, id: string) => {
    if (given[id] !== undefined) (o as unknown as Record<string, unknown>)[k] = given[id];
  };
  opt("tokens", "trainingTokens");
  opt("usdPerChipHour", "usdPerChipHour");
  opt("peakFlopsPerSecond", "peakFlopsPerSecond");
  opt("hbmBytesPerSecond", "hbmBytesPerSecond");
  opt("hbmBytes", "hbmBytes");
  opt("gradientBytesPerParam", "gradientBytesPerParam");
  return o;
}

/**
 * The inputs of one forward pass (`step`) and of the curves built on it (`batch`, `context`,
 * `prefill`). Each line is the one definition of an input: the engine's check and default, the CLI
 * flag, the web control and the URL key all come from it.
 */
import { PRECISIONS, COMPUTE_PRECISIONS } from "../precision.ts";
import type { Quantity } from "../formula/formula.ts";
import { defineInputs, type InputDef, type InputTable } from "./define.ts";

export const DEFAULT_MODEL_ID = "deepseek-v3";
export const DEFAULT_HARDWARE_ID = "nvidia-gb200-nvl72";

/** Bounds shared by every table: physical, and tight enough that every output stays finite. */
export const BOUNDS = {
  chips: [1, 1e6],
  batch: [1, 1e7],
  contextTokens: [0, 1e9],
  passTokens: [1, 1e8],
  efficiency: [0.001, 10],
  usdPerHour: [0, 1e6],
  flopsPerSecond: [1e9, 1e21],
  bytesPerSecond: [1e6, 1e17],
  bytes: [1e6, 1e16],
} as const;

const B = BOUNDS;

/** The lines shared by every analysis that runs the roofline of a step. */
export const ROOFLINE_INPUT_DEFS = {
  model: { id: "model", flag: "model", short: "m", url: "model", label: "Model", unit: "", kind: "catalog", catalog: "model", group: "model", doc: "catalog model id, or a Hugging Face config.json / napkin model JSON", default: DEFAULT_MODEL_ID, defaultFrom: "the lecture's model", valueName: "<id|file>" },
  hardware: { id: "hardware", flag: "hardware", short: "H", url: "hw", label: "Hardware", unit: "", kind: "catalog", catalog: "hardware", group: "system", doc: "catalog chip id or alias (h100, b200, gb200…), or a hardware JSON file", default: DEFAULT_HARDWARE_ID, defaultFrom: "the lecture's NVL72 rack", valueName: "<id|file>" },
  chips: { id: "chips", flag: "chips", short: "n", url: "chips", label: "Chips", unit: "chip", kind: "integer", group: "system", doc: "chips in one scale-up domain serving a replica", what: "chips", default: 64, defaultFrom: "the lecture's 64 GPUs of an NVL72 rack", min: B.chips[0], max: B.chips[1], slider: { min: 1, max: 1024, log: true }, valueName: "<N>" },
  batch: { id: "batch", flag: "batch", short: "b", url: "batch", label: "Batch", unit: "sequence", kind: "integer", group: "workload", doc: "sequences in the batch", what: "sequences in the batch", default: 1, defaultFrom: "a single sequence", min: B.batch[0], max: B.batch[1], slider: { min: 1, max: 1_000_000, log: true }, valueName: "<B>" },
  contextTokens: { id: "contextTokens", flag: "context", short: "c", url: "ctx", label: "Context", unit: "token", kind: "integer", group: "workload", doc: "tokens already in each sequence's KV cache (accepts 32k, 1M)", what: "tokens of context", default: 8192, defaultFrom: "8K tokens of context (prefill: 0, an empty cache)", min: B.contextTokens[0], max: B.contextTokens[1], slider: { min: 1, max: 10_000_000, log: true }, valueName: "<L>" },
  phase: { id: "phase", flag: "phase", url: "phase", label: "Phase", unit: "", kind: "enum", group: "workload", doc: "a decode step (1 token per sequence) or a prefill pass", default: "decode", defaultFrom: "", choices: ["decode", "prefill"], valueName: "<decode|prefill>" },
  promptTokens: { id: "promptTokens", flag: "prompt-tokens", short: "p", url: "prompt", label: "Prompt (pass length)", unit: "token", kind: "integer", group: "workload", doc: "prefill: tokens per sequence in the pass", what: "prompt tokens per sequence", default: 4096, defaultFrom: "a 4K-token prompt", min: B.passTokens[0], max: B.passTokens[1], slider: { min: 1, max: 1_000_000, log: true }, valueName: "<P>" },
  weightPrecision: { id: "weightPrecision", flag: "weights", url: "weights", label: "Weights", unit: "", kind: "enum", group: "precision", doc: "weight precision", default: null, defaultFrom: "the model's released precision", choices: PRECISIONS, valueName: "<precision>" },
  kvPrecision: { id: "kvPrecision", flag: "kv", url: "kv", label: "KV cache", unit: "", kind: "enum", group: "precision", doc: "KV-cache precision", default: "bf16", defaultFrom: "", choices: PRECISIONS, valueName: "<precision>" },
  computePrecision: { id: "computePrecision", flag: "compute", url: "compute", label: "Compute", unit: "", kind: "enum", group: "precision", doc: "which dense peak to use", default: null, defaultFrom: "follows the weight precision", choices: COMPUTE_PRECISIONS, valueName: "<precision>" },
  computeEfficiency: { id: "computeEfficiency", flag: "compute-efficiency", url: "ce", label: "Compute efficiency", unit: "1", kind: "number", group: "efficiency", doc: "fraction of peak FLOP/s achieved", what: "fraction of peak FLOP/s", default: 1, defaultFrom: "the ideal roofline", min: B.efficiency[0], max: B.efficiency[1], slider: { min: 0.01, max: 1, log: false, step: 0.01 }, valueName: "<η>" },
  bandwidthEfficiency: { id: "bandwidthEfficiency", flag: "bandwidth-efficiency", url: "be", label: "Bandwidth efficiency", unit: "1", kind: "number", group: "efficiency", doc: "fraction of peak HBM bandwidth achieved", what: "fraction of peak HBM bandwidth", default: 1, defaultFrom: "the ideal roofline", min: B.efficiency[0], max: B.efficiency[1], slider: { min: 0.01, max: 1, log: false, step: 0.01 }, valueName: "<η>" },
  usdPerChipHour: { id: "usdPerChipHour", flag: "usd-per-hour", url: "usd", label: "Price", unit: "USD/h", kind: "number", group: "economics", doc: "rental price per chip-hour", what: "USD per chip-hour", default: null, defaultFrom: "the catalog's newest dated quote, if any", min: B.usdPerHour[0], minNonZero: 1e-3, max: B.usdPerHour[1], valueName: "<$>" },
  peakFlopsPerSecond: { id: "peakFlopsPerSecond", flag: "flops", url: "flops", label: "Peak FLOP/s", unit: "FLOP/s", kind: "number", group: "system", doc: "the chip's dense peak FLOP/s (overrides the catalog)", what: "FLOP/s per chip", default: null, defaultFrom: "the catalog's peak at the compute precision", min: B.flopsPerSecond[0], max: B.flopsPerSecond[1], advanced: true, valueName: "<FLOP/s>" },
  hbmBytesPerSecond: { id: "hbmBytesPerSecond", flag: "hbm-bandwidth", url: "hbmbw", label: "HBM bandwidth", unit: "B/s", kind: "number", group: "system", doc: "HBM bandwidth per chip (overrides the catalog)", what: "bytes/s of HBM bandwidth per chip", default: null, defaultFrom: "the catalog", min: B.bytesPerSecond[0], max: B.bytesPerSecond[1], advanced: true, valueName: "<B/s>" },
  hbmBytes: { id: "hbmBytes", flag: "hbm-capacity", url: "hbm", label: "HBM capacity", unit: "B", kind: "number", group: "system", doc: "HBM capacity per chip (overrides the catalog)", what: "bytes of HBM per chip", default: null, defaultFrom: "the catalog", min: B.bytes[0], max: B.bytes[1], advanced: true, valueName: "<bytes>" },
  attention: { id: "attention", flag: "attention", url: "attn", label: "Attention", unit: "", kind: "enum", group: "model", doc: "native (the model's own windows/sparsity), dense, or sqrt (the lecture's √ sparse attention)", default: "native", defaultFrom: "", choices: ["native", "dense", "sqrt"], choiceLabels: { native: "native (the model's own)", dense: "dense (every layer, full context)", sqrt: "√ sparse (the lecture's)" }, advanced: true, valueName: "<mode>" },
  sqrtKneeTokens: { id: "sqrtKneeTokens", flag: "sqrt-knee", url: "knee", label: "√ attention knee", unit: "token", kind: "integer", group: "model", doc: "with sqrt attention: context up to which attention stays dense", what: "tokens", default: 4096, defaultFrom: "dense up to 4K tokens", min: 1, max: B.contextTokens[1], advanced: true, valueName: "<L0>" },
  expertRouting: { id: "expertRouting", flag: "expert-routing", url: "routing", label: "Expert routing", unit: "", kind: "enum", group: "model", doc: "uniform (the experts a batch touches) or all (the lecture's simplification: every expert every step)", default: "uniform", defaultFrom: "", choices: ["uniform", "all"], choiceLabels: { uniform: "uniform (experts a batch touches)", all: "all (every expert, every step)" }, advanced: true, valueName: "<mode>" },
  expertParallel: { id: "expertParallel", flag: "ep", url: "ep", label: "Expert parallel E", unit: "1", kind: "integer", group: "layout", doc: "MoE: chips the routed experts are spread over whole; the expected numbers charge the busiest chip", what: "chips the experts are spread over", default: null, defaultFrom: "every chip of the replica, at most one per expert", min: 1, max: B.chips[1], advanced: true, valueName: "<G>" },
} as const satisfies Record<string, InputDef>;

const R = ROOFLINE_INPUT_DEFS;

/** `roofline step` and core's analyzeStep. */
export const STEP_INPUTS = defineInputs("step", Object.values(R));

/**
 * The engine's own defaults for a step prepared inside another analysis (speculative decoding's
 * verify step, the KV tiers' recompute): one chip unless that analysis says otherwise.
 */
export const ENGINE_STEP_INPUTS = STEP_INPUTS.derive("engine-step", { set: { chips: { default: 1, defaultFrom: "one chip" } } });

/**
 * `roofline batch`: no phase (decode), the batch marks "your batch" on the curve, plus the serving
 * train. The KV cache defaults to FP8: DeepSeek-V3 serves its MLA cache in FP8 (FlashMLA), and in BF16
 * at 8K its KV reads outgrow its compute at every batch — the curve would have no optimum.
 */
export const BATCH_INPUTS = defineInputs("batch", [
  R.model, R.hardware, R.chips,
  { ...R.batch, default: 64, defaultFrom: "a batch to mark on the curve" },
  R.contextTokens,
  { id: "trainBatch", flag: "train-batch", url: "train", label: "Train batch", unit: "sequence", kind: "integer", group: "workload", doc: "the batch the serving train runs at", what: "sequences per train", default: null, defaultFrom: "the exact optimal batch, rounded up", min: B.batch[0], max: B.batch[1], slider: { min: 1, max: 1_000_000, log: true }, valueName: "<B>" },
  R.weightPrecision, { ...R.kvPrecision, default: "fp8", defaultFrom: "an FP8 KV cache (as DeepSeek serves MLA), so a batch balances compute and memory" },
  R.computePrecision, R.computeEfficiency, R.bandwidthEfficiency, R.usdPerChipHour,
  R.peakFlopsPerSecond, R.hbmBytesPerSecond, R.hbmBytes, R.attention, R.sqrtKneeTokens, R.expertRouting,
]);

/** `roofline context`: a fixed batch of 64, decode. */
export const CONTEXT_INPUTS = STEP_INPUTS.derive("context", { omit: ["phase", "promptTokens"], set: { batch: { default: 64, defaultFrom: "a batch of 64" } } });

/** `roofline prefill`: prefill against decode at the given prompt length. */
export const PREFILL_INPUTS = STEP_INPUTS.derive("prefill", { omit: ["phase"], set: { contextTokens: { default: 0, defaultFrom: "prefill from an empty cache" } } });

/** The web's "train" page: the serving train of `roofline batch` (its batch mark left out). */
export const SERVING_TRAIN_INPUTS = BATCH_INPUTS.derive("serving-train", { omit: ["batch"] });

/**
 * A command's own defaults where they differ from step's (context's batch of 64, batch's FP8 KV, the
 * lecture's 64 chips against the engine's one), as options. Interfaces add them to what the user gave,
 * so that the steps an analysis runs inside (the page's "your batch") use the command's defaults too.
 * A napkin model's KV is given in bytes: no KV precision is added for it.
 */
export function commandDefaults(table: InputTable, opts: { napkinKv?: boolean } = {}): Record<string, Quantity | string> {
  const out: Record<string, Quantity | string> = {};
  for (const d of table.inputs) {
    if (d.default === null || typeof d.default === "boolean" || !ENGINE_STEP_INPUTS.has(d.id) || ENGINE_STEP_INPUTS.get(d.id).default === d.default) continue;
    if (d.id === "kvPrecision" && opts.napkinKv) continue;
    out[d.id] = typeof d.default === "number" ? { value: d.default, origin: { kind: "default", reason: d.defaultFrom } } : d.default;
  }
  return out;
}

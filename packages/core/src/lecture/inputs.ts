/**
 * The inputs of the lecture's arguments (`roofline lecture scale-up | memory-wall | pipeline`), declared
 * once: the engine's defaults and checks, the CLI's flags and the web app's controls come from here.
 */
import { defineInputs, type InputDef } from "../inputs/define.ts";
import { ROOFLINE_INPUT_DEFS as R } from "../inputs/roofline.ts";
import { PARALLEL_INPUT_DEFS } from "../training/inputs.ts";

const latencySeconds: InputDef = {
  id: "latencySeconds",
  flag: "latency",
  url: "lat",
  label: "Per-token latency",
  unit: "s",
  kind: "number",
  group: "workload",
  doc: "time per decode step (per token) the domain must read its weights in",
  what: "seconds per token",
  default: 0.02,
  defaultFrom: "the lecture's ~20 ms train",
  min: 1e-4,
  max: 10,
  slider: { min: 0.001, max: 1, log: true },
  valueName: "<s>",
};

/** Pipeline stages: the same input as the training step's (one id, one flag everywhere). */
const pipelineStagesInput: InputDef = { ...PARALLEL_INPUT_DEFS.pipelineParallel, default: 4, defaultFrom: "four stages (an example)" };

const chipsPerStage: InputDef = {
  id: "chipsPerStage",
  flag: "chips-per-stage",
  url: "cps",
  label: "Chips per stage",
  unit: "chip",
  kind: "integer",
  group: "layout",
  doc: "chips each pipeline stage is sharded over",
  what: "chips per stage",
  default: 8,
  defaultFrom: "one 8-chip node per stage",
  min: 1,
  max: 1_000_000,
  valueName: "<N>",
};

export const SCALE_UP_INPUTS = defineInputs("scale-up", [latencySeconds, { ...R.weightPrecision, default: "fp8", defaultFrom: "FP8 weights" }]);

export const MEMORY_WALL_INPUTS = defineInputs("memory-wall", [
  { ...R.model, default: "kimi-k2", defaultFrom: "a trillion-parameter model (Kimi K2, 1.03T)" },
  { ...R.hardware, default: "nvidia-gb200-nvl72", defaultFrom: "a Blackwell NVL72 rack" },
  { ...R.chips, default: null, defaultFrom: "the hardware's scale-up domain (72 for an NVL72)" },
  { ...R.contextTokens, default: 2048, defaultFrom: "2K tokens per sequence, where a 1T MoE with FP8 KV still has an optimal batch (at 4K+ it nears or loses it)" },
  R.weightPrecision,
  { ...R.kvPrecision, default: "fp8", defaultFrom: "an FP8 KV cache" },
]);

export const PIPELINE_IMBALANCE_INPUTS = defineInputs("pipeline-imbalance", [
  { ...R.model, default: "gpt-oss-120b", defaultFrom: "gpt-oss-120b (sliding and global layers alternate)" },
  { ...R.hardware, default: "nvidia-h100-sxm5-80gb", defaultFrom: "H100 SXM" },
  pipelineStagesInput,
  chipsPerStage,
  { ...R.batch, default: 64, defaultFrom: "64 sequences (an example)" },
  { ...R.contextTokens, default: 65536, defaultFrom: "64K tokens of context (an example)" },
  R.weightPrecision,
  R.kvPrecision,
]);

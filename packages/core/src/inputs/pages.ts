/**
 * Input tables of analyses whose own inputs are not all declared yet: the roofline inputs their pages
 * share (model, chip, precisions, price). Their page-specific inputs still live in each page
 * (`x.` URL keys) and each CLI command; they move here one line each.
 */
import { defineInputs, type InputDef } from "./define.ts";
import { BATCH_INPUTS, ROOFLINE_INPUT_DEFS as R, STEP_INPUTS } from "./roofline.ts";
import { PARALLEL_INPUT_DEFS, TRAIN_STEP_INPUTS } from "../training/inputs.ts";

/** `roofline modes`: fast and slow modes on the batch curve. */
export const MODES_INPUTS = BATCH_INPUTS.derive("modes", {
  omit: ["batch", "trainBatch"],
  // The modes are ratios of prices: a price of 0 would make each 0/0.
  set: { usdPerChipHour: { min: 1e-3, what: "USD per chip-hour (above 0: the modes compare prices)" } },
  add: [
    { id: "priceMultiple", flag: "price-multiple", url: "pricex", label: "Fast-mode price multiple", unit: "1", kind: "number", group: "economics", doc: "the fast mode's price ÷ the standard price", what: "times the standard price", default: 6, defaultFrom: "the lecture's \"6x the price\"", min: 1.01, max: 1e6, valueName: "<×>" },
    { id: "standardBatch", flag: "standard-batch", url: "stdbatch", label: "Standard batch", unit: "sequence", kind: "integer", group: "workload", doc: "the standard mode's batch", what: "sequences", default: null, defaultFrom: "the exact optimal batch, rounded up, capped at what fits", min: 1, max: 1e7, valueName: "<B>" },
  ],
});

/**
 * Active parameters per token of the lecture's frontier model: the priced model a price sheet is
 * inverted for, the model whose life `train` splits (both ~100B by the lecture's guess). One input:
 * set on one of those pages, it is the same model on the other. (A KV-tier model given without a
 * config has its own: modelActiveParams.)
 */
export const ACTIVE_PARAMS_INPUT: InputDef = { id: "activeParams", flag: "active-params", url: "active", label: "Active parameters", unit: "param", kind: "number", group: "model", doc: "active parameters per token (accepts 100G)", what: "active parameters", default: null, defaultFrom: "the model's", min: 1e3, max: 1e15, valueName: "<N>" };

/**
 * `roofline kv-tiers` and its page: where a cached token's KV should live. The model gives the KV per
 * token and the recompute cost (or both are given without a model); the tiers' prices come from the
 * catalog where it has them.
 */
const usdPerGbMonth = (id: string, flag: string, url: string, label: string, tier: string, defaultFrom: string, extra: Partial<InputDef> = {}): InputDef => ({
  id, flag, url, label, unit: "USD/GB-month", kind: "number", group: "economics", doc: `${tier} price per GB-month`, what: "USD per GB-month",
  default: null, defaultFrom, min: 1e-6, max: 1e6, advanced: true, valueName: "<$>", ...extra,
});
export const KV_TIERS_INPUTS = defineInputs("kv-tiers", [
  R.model,
  { ...R.hardware, default: "nvidia-h100-sxm5-80gb", defaultFrom: "an H100, whose HBM and rent set the HBM tier and the recompute cost" },
  R.kvPrecision,
  { ...R.computePrecision, doc: "compute precision of the recomputing prefill", default: "bf16", defaultFrom: "" },
  { ...R.usdPerChipHour, min: 1e-3, what: "USD per chip-hour (above 0: the tiers are compared by cost)" },
  { id: "prefillEfficiency", flag: "prefill-efficiency", url: "pfe", label: "Recompute efficiency", unit: "1", kind: "number", group: "efficiency", doc: "FLOP utilisation of the recomputing prefill", what: "fraction of peak FLOP/s", default: 1, defaultFrom: "recomputing is a prefill at the compute roofline", min: 0.001, max: 1, valueName: "<η>" },
  usdPerGbMonth("dramUsdPerGbMonth", "dram-usd-per-gb-month", "dram", "Host DRAM price", "host DRAM", "unknown: no public price was found, so the tier is left out until given", { advanced: false, urlAliases: ["x.dram"] }),
  usdPerGbMonth("flashUsdPerGbMonth", "flash-usd-per-gb-month", "flash", "Flash price", "flash", "AWS EBS gp3 $0.08 (catalog)"),
  usdPerGbMonth("diskUsdPerGbMonth", "disk-usd-per-gb-month", "disk", "Disk price", "disk", "AWS EBS st1 $0.045 (catalog)"),
  { id: "cacheHitDiscount", flag: "cache-hit-discount", url: "hitx", label: "Cache-hit discount", unit: "1", kind: "number", group: "economics", doc: "the provider's input price ÷ cache-hit price to compare with", what: "input price ÷ cache-hit price", default: 10, defaultFrom: "the lecture's \"10x cheaper\" cache hit", min: 1e-3, max: 1e6, valueName: "<×>" },
  { id: "kvBytesPerToken", flag: "kv-bytes-per-token", url: "kvb", label: "KV bytes per token", unit: "B/token", kind: "number", group: "model", doc: "KV bytes per token, overriding the model's (e.g. 1700 for the lecture's inferred size)", what: "bytes of KV per token", default: null, defaultFrom: "the model's", min: 1e-3, max: 1e9, advanced: true, valueName: "<bytes>" },
  // Not the price sheet's or the lecture's frontier model (activeParams, 100B by default): the cached model's own, given instead of a model.
  { id: "modelActiveParams", flag: "model-active-params", flagAliases: ["--active-params"], url: "mactive", label: "Model's active parameters", unit: "param", kind: "number", group: "model", doc: "the cached model's active parameters, for the recompute cost, when no model is given (with the KV bytes per token; accepts 37G)", what: "active parameters", default: null, defaultFrom: "the model's", min: 1e3, max: 1e15, advanced: true, valueName: "<N>" },
]);

/** `roofline catalog tiers`: the memory hierarchy under one chip's HBM (the KV tiers page's chip). */
export const CATALOG_TIERS_INPUTS = defineInputs("catalog-tiers", [{ ...KV_TIERS_INPUTS.get("hardware"), doc: "the chip whose HBM heads the hierarchy: catalog chip id or alias, or a hardware JSON file" }]);

/** An API price sheet: a catalog id or, on the CLI, a price-sheet JSON file. */
export const PRICE_SHEET_INPUT: InputDef = { id: "priceSheet", flag: "prices", url: "sheet", label: "Price sheet", unit: "", kind: "catalog", catalog: "price-sheet", group: "economics", doc: "catalog price sheet (gemini, opus, sonnet, gpt-5.4, deepseek, or a full id) or a price-sheet JSON file", default: "google-gemini-3.1-pro-preview", defaultFrom: "Gemini 3.1 Pro: a long-context tier at 200K tokens", valueName: "<id|file>" };

/** The inputs of the inversion of a price sheet (`roofline prices`). */
const INVERSION_INPUTS: readonly InputDef[] = [
  { ...PRICE_SHEET_INPUT, urlAliases: ["x.sheet"] },
  { ...ACTIVE_PARAMS_INPUT, doc: "active parameters of the priced model (accepts 100e9, 100G)", default: 100e9, defaultFrom: "the lecture's guess: ~100B active parameters for a frontier model" },
  { id: "activeParamsLow", flag: "active-params-low", url: "activelo", label: "Active parameters, low", unit: "param", kind: "number", group: "model", doc: "low end of the active-parameter range", what: "active parameters", default: null, defaultFrom: "half the central value", min: 1e3, max: 1e15, advanced: true, valueName: "<N>" },
  { id: "activeParamsHigh", flag: "active-params-high", url: "activehi", label: "Active parameters, high", unit: "param", kind: "number", group: "model", doc: "high end of the active-parameter range", what: "active parameters", default: null, defaultFrom: "twice the central value", min: 1e3, max: 1e15, advanced: true, valueName: "<N>" },
  { ...R.hardware, doc: "serving hardware: catalog chip id or alias, or a hardware JSON file", default: "nvidia-h100-sxm5-80gb", defaultFrom: "an H100 SXM: the lecture's ≈300 FLOP per byte class, whose ratio the inversion reads" },
  { ...R.computePrecision, doc: "compute precision of the central estimate (the range also covers bf16 and fp8)", default: "fp8", defaultFrom: "the lecture's FP8 serving" },
  { ...R.peakFlopsPerSecond, doc: "the chip's dense FLOP/s (the range then covers active parameters only)" },
  R.hbmBytesPerSecond,
  { ...R.batch, doc: "a finite batch: weight reads then take memory time too (needs the total parameters and bytes per weight)", default: null, defaultFrom: "the inversion: the lecture's batch, large enough that weight reads vanish; the page's cost curve: 64" },
  { id: "totalParams", flag: "total-params", url: "totalp", label: "Total parameters", unit: "param", kind: "number", group: "model", doc: "total parameters of the priced model (with a batch)", what: "total parameters", default: null, defaultFrom: "needed only with a batch", min: 1e3, max: 1e15, advanced: true, valueName: "<N>" },
  { id: "bytesPerWeight", flag: "bytes-per-weight", url: "bpw", label: "Bytes per weight", unit: "B/param", kind: "number", group: "precision", doc: "bytes per weight of the priced model (with a batch), e.g. 1 for FP8", what: "bytes per weight", default: null, defaultFrom: "needed only with a batch", min: 0.0625, max: 8, advanced: true, valueName: "<b>" },
  { id: "prefillUtilization", flag: "prefill-utilization", url: "pfu", label: "Prefill utilisation", unit: "1", kind: "number", group: "efficiency", doc: "FLOP utilisation of prefill used to read output ÷ input", what: "fraction of peak FLOP/s", default: 1, defaultFrom: "prefill at the compute roofline", min: 0.001, max: 1, valueName: "<η>" },
];

/** The API prices page's cost curve (a context analysis on the same chip): inputs `roofline prices` does not read. */
export const PRICES_CURVE_ONLY: readonly string[] = ["model", "chips", "weightPrecision", "kvPrecision", "computeEfficiency", "bandwidthEfficiency", "usdPerChipHour", "attention", "expertRouting"];

/**
 * `roofline prices` and the API prices page: the inversion of a price sheet, and (the page) the
 * roofline cost against context of a model on the same chip, with the list price overlaid.
 */
export const PRICES_INPUTS = defineInputs("prices", [
  ...INVERSION_INPUTS,
  R.model,
  { ...R.chips, default: 8, defaultFrom: "an 8-GPU H100 server" },
  R.weightPrecision, R.kvPrecision, R.computeEfficiency, R.bandwidthEfficiency, R.usdPerChipHour, R.attention, R.expertRouting,
]);

/** The inputs of a model's life (pre-training, RL, inference at equal cost) and its pre-training run. */
const TRAINING_OWN: readonly InputDef[] = [
  { ...ACTIVE_PARAMS_INPUT, doc: "active parameters of the model", default: 100e9, defaultFrom: "the lecture: active parameters \"in the range of 100 billion\"" },
  { id: "inferenceTokensPerSecond", flag: "traffic", url: "traffic", label: "Traffic", unit: "token/s", kind: "number", group: "workload", doc: "tokens per second served by this model (accepts 50M)", what: "tokens per second", default: 50e6, defaultFrom: "the lecture: ~50 million tokens/s per specific model", min: 1, max: 1e15, valueName: "<tokens/s>" },
  { id: "deploymentDays", flag: "deployment-days", url: "days", label: "Deployment", unit: "day", kind: "number", group: "workload", doc: "days the model is deployed", what: "days", default: 60, defaultFrom: "the lecture: deployed for two months", min: 1e-3, max: 1e5, valueName: "<days>" },
  { id: "rlFlopPerParamPerToken", flag: "rl-flop-per-param", url: "krl", label: "RL FLOP per parameter", unit: "1", kind: "number", group: "workload", doc: "FLOP per parameter per RL token: 2 (forward only) to 6 (training on every rollout)", what: "FLOP per parameter per RL token", default: 3, defaultFrom: "the flashcards' equalisation", min: 2, max: 6, valueName: "<k>" },
  { id: "rlInefficiency", flag: "rl-inefficiency", url: "irl", label: "RL inefficiency", unit: "1", kind: "number", group: "efficiency", doc: "pre-training MFU ÷ RL MFU", what: "inefficiency multiplier", default: 3, defaultFrom: "the flashcards: RL at ~30% of pre-training MFU", min: 1, max: 1000, valueName: "<×>" },
  { id: "inferenceInefficiency", flag: "inference-inefficiency", url: "iinf", label: "Inference inefficiency", unit: "1", kind: "number", group: "efficiency", doc: "pre-training MFU ÷ decode MFU", what: "inefficiency multiplier", default: 3, defaultFrom: "the flashcards: decode at ~1/3 of pre-training MFU", min: 1, max: 1000, valueName: "<×>" },
  { ...PARALLEL_INPUT_DEFS.trainingTokens, doc: "pre-training tokens, when known (accepts 15T)", defaultFrom: "the tokens that cost as much as the lifetime inference" },
  { id: "tokensPerParam", flag: "tokens-per-param", url: "tpp", label: "Chinchilla tokens per parameter", unit: "1", kind: "number", group: "workload", doc: "compute-optimal tokens per parameter", what: "tokens per parameter", default: 20, defaultFrom: "Chinchilla: ~20 tokens per parameter", min: 0.01, max: 1e6, advanced: true, valueName: "<τ>" },
  { id: "mfu", flag: "mfu", url: "mfu", label: "Pre-training MFU", unit: "1", kind: "number", group: "efficiency", doc: "model FLOP utilisation of the pre-training run", what: "model FLOP utilisation", default: 0.4, defaultFrom: "assumed; PaLM reported 46% MFU for its 540B run (arXiv:2204.02311)", min: 0.001, max: 1, valueName: "<η>" },
  { id: "trainingChips", flag: "training-chips", url: "tchips", label: "Training chips", unit: "chip", kind: "integer", group: "system", doc: "chips in the pre-training cluster, for the run's calendar time", what: "chips", default: 100_000, defaultFrom: "a 100,000-chip cluster", min: 1, max: 1e8, valueName: "<n>" },
];

/**
 * `roofline train`: a model's life and its pre-training run, and the serving fleet that earns the list
 * price (the roofline inputs of its replicas). The compute precision is the run's (BF16 unless given)
 * and, given, the fleet's too.
 */
export const TRAINING_INPUTS = defineInputs("train", [
  ...TRAINING_OWN,
  R.model, R.hardware,
  { ...R.computePrecision, defaultFrom: "the run: BF16; the fleet: follows the weight precision" },
  R.usdPerChipHour,
  // The fleet's replicas run the serving train (their throughput is the train's, at its batch).
  R.chips, { ...BATCH_INPUTS.get("trainBatch"), doc: "the batch each replica's serving train runs at" }, R.contextTokens, R.weightPrecision, R.kvPrecision, R.computeEfficiency, R.bandwidthEfficiency,
  { ...PRICE_SHEET_INPUT, doc: "price sheet whose output price the fleet earns (catalog id or a price-sheet JSON file)", default: "deepseek-v3.2", defaultFrom: "DeepSeek V3.2's list prices" },
  { id: "chipsPerNode", flag: "chips-per-node", url: "cpn", label: "Chips per node", unit: "chip", kind: "integer", group: "system", doc: "chips per node of the serving fleet", what: "chips per node", default: null, defaultFrom: "the scale-up domain, at most 72", min: 1, max: 1e6, advanced: true, valueName: "<g>" },
  R.peakFlopsPerSecond, R.hbmBytesPerSecond, R.hbmBytes, R.attention, R.sqrtKneeTokens, R.expertRouting, R.expertParallel,
]);

/** The training split page: the model's life and the run, not the serving fleet. */
export const TRAINING_PAGE_INPUTS = TRAINING_INPUTS.derive("training-page", {
  omit: TRAINING_INPUTS.inputs.filter((d) => !TRAINING_OWN.some((o) => o.id === d.id) && !["hardware", "computePrecision", "usdPerChipHour"].includes(d.id)).map((d) => d.id),
  set: { computePrecision: { default: "bf16", defaultFrom: "BF16 training" } },
});


/** The model inspector: the model and what its footprint depends on. */
export const MODEL_PAGE_INPUTS = defineInputs("model", [R.model, R.hardware, R.chips, R.batch, R.contextTokens, R.weightPrecision, R.kvPrecision, R.computePrecision, R.attention]);

/** `roofline serve`'s roofline inputs (the workload's own are SERVE_INPUTS in serving/inputs.ts, to move here). */
export const SERVE_ROOFLINE_INPUTS = STEP_INPUTS.derive("serve", { omit: ["batch", "contextTokens", "phase", "promptTokens"] });

/**
 * `roofline operators` and its page: a decode step at a batch of 64 (where the operators' intensities
 * spread across the ridge point), a prefill pass of one prompt; analyzeOperators applies the default.
 */
export const OPERATORS_INPUTS = STEP_INPUTS.derive("operators", { set: { batch: { default: null, defaultFrom: "64 sequences for a decode step, one prompt for a prefill pass" } } });

/** The Operators page: the command's inputs; the phase is the page's radio (both phases are shown). */
export const OPERATORS_PAGE_INPUTS = OPERATORS_INPUTS.derive("operators-page", { omit: ["phase", "usdPerChipHour"] });

/** The Hardware page's energy chart: one model on every catalog chip (so no hardware input), decoding a batch of 64. */
export const HARDWARE_PAGE_INPUTS = STEP_INPUTS.derive("hardware-page", { omit: ["hardware", "phase", "promptTokens", "usdPerChipHour", "peakFlopsPerSecond", "hbmBytesPerSecond", "hbmBytes"], set: { batch: { default: 64, defaultFrom: "a batch of 64" } } });

/** Pages with no shared inputs (their own inputs live in the page for now). */
export const NO_INPUTS = defineInputs("none", []);

/**
 * The Training step page: train-step's inputs with train-step's defaults (one table: the command, the
 * library and the page open on the same layout); the chip count is the page's search panel's. The
 * page's first URL keys (x.dp, x.tp, …) are aliases read on this page only.
 */
export const TRAIN_STEP_PAGE_INPUTS = TRAIN_STEP_INPUTS.derive("train-step-page", {
  omit: ["chips", "globalBatchTokens", "top", "efficiency"],
  set: Object.fromEntries(
    (["dataParallel:x.dp", "tensorParallel:x.tp", "pipelineParallel:x.pp", "contextParallel:x.cp", "expertParallel:x.ep", "microBatch:x.mb", "microBatches:x.m", "sequenceLength:x.seq", "virtualStages:x.v", "zeroStage:x.zero", "schedule:x.schedule", "recompute:x.recompute", "trainPrecision:x.precision", "trainingTokens:x.tokens"] as const).map((s) => {
      const [id, alias] = s.split(":") as [string, string];
      return [id, { urlAliases: [alias] }];
    }),
  ),
});

/** The Training step page's search panel: which step times rank the layouts (train-step search --efficiency). */
export const TRAIN_SEARCH_PANEL_INPUTS = TRAIN_STEP_INPUTS.derive("train-search-panel", { omit: TRAIN_STEP_INPUTS.inputs.map((d) => d.id).filter((id) => id !== "efficiency") });

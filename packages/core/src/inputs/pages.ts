/**
 * Input tables of analyses whose own inputs are not all declared yet: the roofline inputs their pages
 * share (model, chip, precisions, price). Their page-specific inputs still live in each page
 * (`x.` URL keys) and each CLI command; they move here one line each.
 */
import { defineInputs, type InputDef } from "./define.ts";
import { BATCH_INPUTS, ROOFLINE_INPUT_DEFS as R, STEP_INPUTS } from "./roofline.ts";

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
  { id: "activeParams", flag: "active-params", url: "active", label: "Active parameters", unit: "param", kind: "number", group: "model", doc: "active parameters for the recompute cost, when no model is given (with the KV bytes per token)", what: "active parameters", default: null, defaultFrom: "the model's", min: 1e3, max: 1e15, advanced: true, valueName: "<N>" },
]);

/** `roofline prices`'s page: the inversion's chip and compute precision, and the KV comparison's roofline. */
export const PRICES_INPUTS = defineInputs("prices", [
  R.model,
  { ...R.hardware, default: "nvidia-h100-sxm5-80gb", defaultFrom: "an H100 SXM: the lecture's ≈300 FLOP per byte class, whose ratio the inversion reads" },
  { ...R.chips, default: 8, defaultFrom: "an 8-GPU H100 server" },
  { ...R.batch, default: 64, defaultFrom: "a batch of 64" },
  R.weightPrecision, R.kvPrecision, { ...R.computePrecision, default: "fp8", defaultFrom: "the lecture's FP8 serving" },
  R.computeEfficiency, R.bandwidthEfficiency, R.usdPerChipHour, R.attention, R.expertRouting,
]);

/** `roofline train` (the training split; shared inputs). */
export const TRAINING_INPUTS = defineInputs("train", [R.hardware, R.computePrecision, R.usdPerChipHour]);

/** The cluster layout page (shared inputs; degrees are the page's own for now). */
export const LAYOUT_INPUTS = defineInputs("layout", [R.model, R.hardware, R.contextTokens, R.weightPrecision, R.kvPrecision, R.computePrecision, R.computeEfficiency, R.bandwidthEfficiency, R.usdPerChipHour]);

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

/** Pages with no shared inputs (their own inputs live in the page for now). */
export const NO_INPUTS = defineInputs("none", []);

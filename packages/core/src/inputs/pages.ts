/**
 * Input tables of analyses whose own inputs are not all declared yet: the roofline inputs their pages
 * share (model, chip, precisions, price). Their page-specific inputs still live in each page
 * (`x.` URL keys) and each CLI command; they move here one line each.
 */
import { defineInputs } from "./define.ts";
import { BATCH_INPUTS, ROOFLINE_INPUT_DEFS as R, STEP_INPUTS } from "./roofline.ts";

/** `roofline modes`: fast and slow modes on the batch curve. */
export const MODES_INPUTS = BATCH_INPUTS.derive("modes", {
  omit: ["batch", "trainBatch"],
  add: [
    { id: "priceMultiple", flag: "price-multiple", url: "pricex", label: "Fast-mode price multiple", unit: "1", kind: "number", group: "economics", doc: "the fast mode's price ÷ the standard price", what: "times the standard price", default: 6, defaultFrom: "the lecture's \"6x the price\"", min: 1.01, max: 1e6, valueName: "<×>" },
    { id: "standardBatch", flag: "standard-batch", url: "stdbatch", label: "Standard batch", unit: "sequence", kind: "integer", group: "workload", doc: "the standard mode's batch", what: "sequences", default: null, defaultFrom: "the exact optimal batch, rounded up, capped at what fits", min: 1, max: 1e7, valueName: "<B>" },
  ],
});

/** `roofline kv-tiers` (shared inputs; the tier prices are the page's own for now). */
export const KV_TIERS_INPUTS = defineInputs("kv-tiers", [R.model, R.hardware, R.kvPrecision, { ...R.computePrecision, default: "bf16", defaultFrom: "" }, R.usdPerChipHour]);

/** `roofline prices`'s page: the inversion's chip and compute precision, and the KV comparison's roofline. */
export const PRICES_INPUTS = defineInputs("prices", [
  R.model, R.hardware, R.chips, { ...R.batch, default: 64, defaultFrom: "a batch of 64" },
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

/** The Operators page: decode at a batch of 64 (prefill runs one prompt unless a batch is set); the phase is the page's radio. */
export const OPERATORS_PAGE_INPUTS = STEP_INPUTS.derive("operators-page", { omit: ["phase", "usdPerChipHour"], set: { batch: { default: 64, defaultFrom: "a batch of 64 for decode; prefill runs one prompt" } } });

/** The Hardware page's energy chart: one model on every catalog chip (so no hardware input), decoding a batch of 64. */
export const HARDWARE_PAGE_INPUTS = STEP_INPUTS.derive("hardware-page", { omit: ["hardware", "phase", "promptTokens", "usdPerChipHour", "peakFlopsPerSecond", "hbmBytesPerSecond", "hbmBytes"], set: { batch: { default: 64, defaultFrom: "a batch of 64" } } });

/** Pages with no shared inputs (their own inputs live in the page for now). */
export const NO_INPUTS = defineInputs("none", []);

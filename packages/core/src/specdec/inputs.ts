/**
 * The inputs of speculative decoding (`roofline specdec` and its page), declared once: the engine's
 * checks and defaults, the CLI's flags, the page's controls and URL keys come from here. The target
 * model's default is the crib sheet's 70B napkin model, which no catalog id names: the CLI's --model
 * (a catalog id or a file) and the page's model control replace it.
 */
import { defineInputs } from "../inputs/define.ts";
import { BOUNDS, ROOFLINE_INPUT_DEFS as R } from "../inputs/roofline.ts";

export const SPECDEC_INPUTS = defineInputs("specdec", [
  { ...R.model, doc: "target model: catalog id or a model JSON", default: null, defaultFrom: "the crib sheet's 70B dense FP8 (160 KB/token KV)" },
  { ...R.hardware, default: "nvidia-h100-sxm5-80gb", defaultFrom: "an H100 (the crib sheet's)" },
  { id: "compareHardware", flag: "compare-hardware", url: "cmphw", label: "Compare ceiling with", unit: "", kind: "catalog", catalog: "hardware", group: "system", doc: "chip whose unbatched decode ceiling is compared", default: "nvidia-b200-hgx", defaultFrom: "a B200 (the crib sheet's ≈ 2.4×)", valueName: "<id|file>" },
  { ...R.chips, doc: "chips serving the target", default: 1, defaultFrom: "one chip" },
  { ...R.contextTokens, default: 2048, defaultFrom: "a 2K-token conversation, chat-benchmark length", urlAliases: ["x.ctx"] },
  { id: "concurrency", flag: "concurrency", url: "conc", label: "Concurrency", unit: "sequence", kind: "integer", group: "workload", doc: "concurrent sequences at the explained point", what: "concurrent sequences", default: 1, defaultFrom: "one sequence: the unbatched case", min: BOUNDS.batch[0], max: BOUNDS.batch[1], valueName: "<B>" },
  { id: "draftTokens", flag: "draft-tokens", short: "k", url: "k", urlAliases: ["x.k"], label: "Draft tokens k", unit: "token", kind: "integer", group: "workload", doc: "tokens drafted per iteration", what: "drafted tokens per iteration", default: 3, defaultFrom: "three drafted tokens per iteration (a common EAGLE chain length)", min: 1, max: 64, valueName: "<k>" },
  { id: "acceptanceRate", flag: "acceptance", short: "a", url: "alpha", urlAliases: ["x.alpha"], label: "Acceptance α", unit: "1", kind: "number", group: "model", doc: "acceptance rate per drafted token", what: "acceptance rate per drafted token", default: null, defaultFrom: "the value fitted to the measured speedups (the crib sheet's EAGLE 3.1)", min: 0, max: 0.999, valueName: "<α>" },
  { id: "draftCostRatio", flag: "draft-cost", url: "dcost", urlAliases: ["x.cost"], label: "Draft cost c", unit: "1", kind: "number", group: "model", doc: "one draft step ÷ one target decode step", what: "draft step time ÷ target step time", default: 0.03, defaultFrom: "an EAGLE draft head ≈ one decoder layer plus the LM head of a 70B model ≈ 3% of a target step", min: 0, minNonZero: 1e-6, max: 10, valueName: "<c>" },
  R.weightPrecision,
  R.kvPrecision,
  R.computePrecision,
  R.computeEfficiency,
  R.bandwidthEfficiency,
]);

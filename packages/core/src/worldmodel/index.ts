/** Video world-model serving: tokens, cost per mile, KV fan-out, attention, the tick budget, tiers, distillation and validation. */
export * as worldModelFormulas from "./formulas.ts";
export * from "./catalog.ts";
export * from "./analysis.ts";
export * from "./inputs.ts";

/** Speculative decoding and multi-token prediction for LLM decode. */
export * as specdecFormulas from "./formulas.ts";
export * from "./analysis.ts";
export * from "./inputs.ts";

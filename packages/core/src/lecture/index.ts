/** The lecture's missing arguments: scale-up domains, the memory wall, pipeline-stage imbalance. */
export * as lectureFormulas from "./formulas.ts";
export * from "./analysis.ts";
export * from "./inputs.ts";

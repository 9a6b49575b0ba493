export * as trainingFormulas from "./formulas.ts";
export * from "./efficiency.ts";
export * from "./step.ts";
export * from "./search.ts";

export * as trainingFormulas from "./formulas.ts";
export * from "./efficiency.ts";
export * from "./step.ts";
export * from "./search.ts";
export * from "./validate.ts";
export { TRAINING_FIT } from "./fitted.ts";
export * from "./inputs.ts";

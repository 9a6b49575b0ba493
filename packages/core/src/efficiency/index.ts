export * as efficiencyFormulas from "./formulas.ts";
export * as servingReplayFormulas from "./serving-formulas.ts";
export * from "./chips.ts";
export * from "./expected.ts";
export * from "./mode.ts";
export { EFFICIENCY_FIT } from "./fitted.ts";
export * from "./validate.ts";
export * from "./measurements.ts";
export * from "./steptimes.ts";

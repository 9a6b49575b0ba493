export * as servingFormulas from "./formulas.ts";
export * from "./workload.ts";
export * from "./steptime.ts";
export * from "./simulated.ts";
export { simulate, SCHEDULERS, type Scheduler, type Admission, type Preemption, type SimulationConfig, type SimulationRun } from "./simulate.ts";
export * from "./analysis.ts";
export * from "./inputs.ts";
export * from "./options.ts";
export * from "./capacity.ts";

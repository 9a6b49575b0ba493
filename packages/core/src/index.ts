/**
 * @roofline/core — the engine. Pure TypeScript, no runtime dependencies, no I/O.
 */
export * from "./units.ts";
export * from "./format.ts";
export * from "./sources.ts";
export * from "./errors.ts";
export * from "./precision.ts";
export * from "./validate.ts";
export * from "./json.ts";
export * from "./inputs/index.ts";

export * from "./formula/expr.ts";
export * from "./formula/formula.ts";
export * from "./formula/derivation.ts";
export * from "./formula/graph.ts";
export * from "./formula/grid.ts";
export * from "./formula/render.ts";

export * from "./model/architecture.ts";
export * from "./model/hf-config.ts";
export * from "./model/parameters.ts";
export * from "./model/model.ts";

export * from "./catalog/hardware.ts";
export * from "./catalog/models.ts";
export * from "./catalog/custom.ts";

export * as formulas from "./roofline/formulas.ts";
export * from "./roofline/step.ts";
export * from "./roofline/grid.ts";
export * from "./roofline/sweep.ts";
export * from "./roofline/batch.ts";
export * from "./roofline/context.ts";
export * from "./roofline/prefill.ts";
export * from "./roofline/hardware-ratios.ts";
export * from "./roofline/operators.ts";
export * from "./roofline/energy.ts";
export * from "./cluster/index.ts";
export * from "./seeds/claims.ts";
export * from "./economics/index.ts";
export * from "./worldmodel/index.ts";
export * from "./specdec/index.ts";
export * from "./serving/index.ts";
export * from "./training/index.ts";
export * from "./efficiency/index.ts";
export * from "./lecture/index.ts";
export * as practice from "./practice/index.ts";

/**
 * Cluster layout: expert, tensor, pipeline and data parallelism across scale-up domains and the
 * scale-out network; pipeline schedules; and the search for the best layout.
 */
export * from "./collectives.ts";
export * as clusterFormulas from "./formulas.ts";
export * from "./layout.ts";
export * from "./pipeline.ts";
export * from "./search.ts";
export * from "./inputs.ts";

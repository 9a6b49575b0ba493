/**
 * Economics: what API prices reveal, where KV caches should live, fast and slow modes, and the
 * compute split between pre-training, RL and inference.
 */
export * as economicsFormulas from "./formulas.ts";
export * from "./price-data.ts";
export * from "./prices.ts";
export * from "./kv-tiers.ts";
export * from "./inversion.ts";
export * from "./modes.ts";
export * from "./training.ts";

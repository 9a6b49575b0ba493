/**
 * Collective communication, as formulas: the ring all-reduce that tensor parallelism pays per layer.
 * Shared by the cluster layout and the world-model tick budget.
 */
import { add, div, mul, sub } from "../formula/expr.ts";
import { defineFormula } from "../formula/formula.ts";
import { cribSheet, type SourceRef } from "../sources.ts";

const SCALING_BOOK: SourceRef = {
  title: "How to Scale Your Model (jax-ml scaling book), collectives: a ring all-reduce moves 2(n−1)/n of the data per participant",
  url: "https://jax-ml.github.io/scaling-book/sharding/",
};

export const ringAllReduceFactor = defineFormula({
  id: "comm.ringAllReduceFactor",
  title: "Ring all-reduce factor",
  description: "Bytes each participant sends (and receives) per byte reduced, in a ring all-reduce: a reduce-scatter then an all-gather.",
  symbol: "ρ",
  latex: "\\rho",
  unit: "1",
  inputs: {
    participants: { symbol: "n", unit: "chip", description: "chips taking part" },
  },
  expr: ({ participants }) => div(mul(2, sub(participants, 1)), participants),
  sources: [SCALING_BOOK],
});

export const ringAllReduceSeconds = defineFormula({
  id: "comm.ringAllReduceSeconds",
  title: "All-reduce time",
  description: "Time of one ring all-reduce: the ring factor times the bytes, over the per-chip link bandwidth (one direction), plus a fixed latency.",
  symbol: "t_AR",
  latex: "t_{AR}",
  unit: "s",
  inputs: {
    bytes: { symbol: "S", unit: "B", description: "bytes reduced (the activation tensor)" },
    participants: { symbol: "n", unit: "chip", description: "chips taking part" },
    linkBytesPerSecond: { symbol: "BW_link", latex: "BW_{\\text{link}}", unit: "B/s", description: "per-chip link bandwidth, one direction" },
    latencySeconds: { symbol: "α", latex: "\\alpha", unit: "s", description: "fixed latency per all-reduce" },
  },
  expr: (x) => add(div(mul(2, sub(x.participants, 1), x.bytes), mul(x.participants, x.linkBytesPerSecond)), x.latencySeconds),
  sources: [SCALING_BOOK, cribSheet("TP4 misses 100 ms: 56 all-reduces × 75 MB @ ~400 GB/s")],
  assumptions: ["bandwidth-optimal ring; no overlap with compute (overlap turns compute + comms into max(compute, comms))"],
});

/**
 * Pipeline schedules as data: which stage works on which micro-batch when. Inference (decode loops
 * each micro-batch back to the first stage: no bubble once micro-batches = stages) and training
 * (all forwards then all backwards — GPipe — or one-forward-one-backward, 1F1B). A schedule is a list
 * of blocks (stage, start, end, kind, micro-batch) that the CLI prints as ASCII and the web app
 * draws; its idle share is checked against the bubble formulas.
 */
import type { Derivation } from "../formula/derivation.ts";
import { constant, userGiven } from "../formula/formula.ts";
import { RooflineError } from "../errors.ts";
import { inferenceIdleFraction, trainingBubbleFraction } from "./formulas.ts";

export type BlockKind = "forward" | "backward" | "decode";
export type ScheduleKind = "inference" | "gpipe" | "1f1b";

export interface ScheduleBlock {
  stage: number;
  start: number;
  end: number;
  kind: BlockKind;
  microbatch: number;
  /** Decode iteration (inference) or 0. */
  iteration: number;
}

export interface Schedule {
  kind: ScheduleKind;
  stages: number;
  microBatches: number;
  /** Seconds, or slots when no stage time was given. */
  unit: "s" | "slot";
  blocks: ScheduleBlock[];
  makespan: number;
  /** Share of stage-time idle over the makespan (from the blocks). */
  idleFraction: number;
  /** The formula's bubble (training) or idle share (inference), explained. */
  bubble: Derivation;
  /** Most micro-batches whose activations a stage holds at once (training: what 1F1B saves). */
  peakMicroBatchesInFlight: number;
}

export interface InferenceScheduleOptions {
  stages: number;
  microBatches: number;
  /** Time of one stage's step; default 1 slot. */
  stageSeconds?: number;
  /** Time of a hop between stages; default 0. */
  hopSeconds?: number;
  /** Decode iterations to draw; default 2. */
  iterations?: number;
}

/** Blocks a schedule may draw per iteration: stages × micro-batches (64 stages × 1,024 micro-batches); each is drawn and simulated. */
export const MAX_SCHEDULE_BLOCKS = 65_536;

function checkCounts(stages: number, microBatches: number): void {
  for (const [v, field] of [
    [stages, "stages"],
    [microBatches, "microBatches"],
  ] as const) {
    if (!Number.isInteger(v) || v < 1 || v > 4096) throw new RooflineError({ code: "out-of-range", field, value: String(v), expected: "a whole number from 1 to 4,096" });
  }
  if (stages * microBatches > MAX_SCHEDULE_BLOCKS) {
    throw new RooflineError({
      code: "out-of-range",
      field: "microBatches",
      value: `${microBatches} micro-batches × ${stages} stages`,
      expected: `at most ${MAX_SCHEDULE_BLOCKS.toLocaleString("en-US")} stage-slots per iteration (stages × micro-batches)`,
      hint: "Fewer micro-batches than that keep every stage busy anyway: the bubble is gone once micro-batches ≥ stages.",
    });
  }
}

/** Largest (or smallest) of f over xs without spreading (a spread of 100,000 values overflows the stack). */
function extreme<T>(xs: readonly T[], f: (x: T) => number, pick: (a: number, b: number) => number, empty: number): number {
  let v = empty;
  for (const x of xs) v = pick(v, f(x));
  return v;
}

function idle(blocks: readonly ScheduleBlock[], stages: number, makespan: number): number {
  let busy = 0;
  for (const b of blocks) busy += b.end - b.start;
  return makespan > 0 ? 1 - busy / (stages * makespan) : 0;
}

/**
 * Decode through P stages: micro-batch j's iteration r reaches stage s after r trips round the
 * pipeline. With m ≥ P (and no hop latency) every stage is always busy.
 */
export function inferenceSchedule(o: InferenceScheduleOptions): Schedule {
  const { stages: P, microBatches: m } = o;
  checkCounts(P, m);
  const t = o.stageSeconds ?? 1;
  const h = o.hopSeconds ?? 0;
  const iterations = o.iterations ?? 2;
  const blocks: ScheduleBlock[] = [];
  // A stage serves micro-batches in order; a micro-batch moves on after each stage and a hop.
  const stageFree = new Array<number>(P).fill(0);
  const ready = new Array<number>(m).fill(0);
  for (let r = 0; r < iterations; r++) {
    for (let j = 0; j < m; j++) {
      for (let s = 0; s < P; s++) {
        const start = Math.max(stageFree[s] as number, ready[j] as number);
        const end = start + t;
        blocks.push({ stage: s, start, end, kind: "decode", microbatch: j, iteration: r });
        stageFree[s] = end;
        ready[j] = end + (P > 1 ? h : 0);
      }
    }
  }
  const makespan = extreme(blocks, (b) => b.end, Math.max, -Infinity);
  // Steady state: the last iteration's idle share (the first includes the ramp-up).
  const bubble = inferenceIdleFraction.explain({
    pipelineStages: userGiven(P, "pipeline stages"),
    microBatches: userGiven(m, "micro-batches in flight"),
  });
  return { kind: "inference", stages: P, microBatches: m, unit: o.stageSeconds === undefined ? "slot" : "s", blocks, makespan, idleFraction: steadyIdle(blocks, P, iterations), bubble, peakMicroBatchesInFlight: Math.min(m, P) };
}

/** Idle share over the last iteration window, from stage 0's start of it to its end on every stage. */
function steadyIdle(blocks: readonly ScheduleBlock[], P: number, iterations: number): number {
  if (iterations < 2) return idle(blocks, P, extreme(blocks, (b) => b.end, Math.max, -Infinity));
  const last = blocks.filter((b) => b.iteration === iterations - 1);
  const prev = blocks.filter((b) => b.iteration === iterations - 2);
  // One period: from a stage's first block of iteration r−1 to its first block of iteration r.
  let busy = 0;
  let span = 0;
  const a = new Array<number>(P).fill(Infinity);
  const z = new Array<number>(P).fill(Infinity);
  for (const b of prev) {
    a[b.stage] = Math.min(a[b.stage] as number, b.start);
    busy += b.end - b.start;
  }
  for (const b of last) z[b.stage] = Math.min(z[b.stage] as number, b.start);
  for (let s = 0; s < P; s++) span += (z[s] as number) - (a[s] as number);
  return span > 0 ? Math.max(0, 1 - busy / span) : 0;
}

export interface TrainingScheduleOptions {
  stages: number;
  microBatches: number;
  kind?: "gpipe" | "1f1b";
  forwardSeconds?: number;
  /** Default: twice the forward (gradients with respect to inputs and weights). */
  backwardSeconds?: number;
}

/**
 * One training step: m micro-batches forward through P stages and back. Each stage runs its ops in
 * order; an op starts when its stage is free and its input is ready (forward: the previous stage's
 * forward of the same micro-batch; backward: the next stage's backward).
 */
export function trainingSchedule(o: TrainingScheduleOptions): Schedule {
  const { stages: P, microBatches: m } = o;
  checkCounts(P, m);
  const kind = o.kind ?? "gpipe";
  const tf = o.forwardSeconds ?? 1;
  const tb = o.backwardSeconds ?? 2 * tf;
  type Op = { kind: "forward" | "backward"; j: number };
  const order: Op[][] = [];
  for (let s = 0; s < P; s++) {
    const ops: Op[] = [];
    if (kind === "gpipe") {
      for (let j = 0; j < m; j++) ops.push({ kind: "forward", j });
      for (let j = 0; j < m; j++) ops.push({ kind: "backward", j });
    } else {
      const warm = Math.min(P - 1 - s, m);
      let f = 0;
      let b = 0;
      for (; f < warm; f++) ops.push({ kind: "forward", j: f });
      while (b < m) {
        if (f < m) ops.push({ kind: "forward", j: f++ });
        ops.push({ kind: "backward", j: b++ });
      }
    }
    order.push(ops);
  }
  const fEnd: number[][] = Array.from({ length: P }, () => new Array<number>(m).fill(NaN));
  const bEnd: number[][] = Array.from({ length: P }, () => new Array<number>(m).fill(NaN));
  const next = new Array<number>(P).fill(0);
  const free = new Array<number>(P).fill(0);
  const blocks: ScheduleBlock[] = [];
  const inFlight = new Array<number>(P).fill(0);
  const peak = new Array<number>(P).fill(0);
  let remaining = 2 * m * P;
  while (remaining > 0) {
    let progressed = false;
    for (let s = 0; s < P; s++) {
      const ops = order[s] as Op[];
      const i = next[s] as number;
      if (i >= ops.length) continue;
      const op = ops[i] as Op;
      let ready: number;
      if (op.kind === "forward") ready = s === 0 ? 0 : ((fEnd[s - 1] as number[])[op.j] as number);
      else ready = s === P - 1 ? ((fEnd[s] as number[])[op.j] as number) : ((bEnd[s + 1] as number[])[op.j] as number);
      if (Number.isNaN(ready)) continue;
      const start = Math.max(free[s] as number, ready);
      const end = start + (op.kind === "forward" ? tf : tb);
      (op.kind === "forward" ? (fEnd[s] as number[]) : (bEnd[s] as number[]))[op.j] = end;
      free[s] = end;
      next[s] = i + 1;
      blocks.push({ stage: s, start, end, kind: op.kind, microbatch: op.j, iteration: 0 });
      inFlight[s] = (inFlight[s] as number) + (op.kind === "forward" ? 1 : -1);
      peak[s] = Math.max(peak[s] as number, inFlight[s] as number);
      remaining--;
      progressed = true;
    }
    if (!progressed) throw new Error("pipeline schedule deadlocked");
  }
  const makespan = extreme(blocks, (b) => b.end, Math.max, -Infinity);
  const bubble = trainingBubbleFraction.explain({ pipelineStages: userGiven(P, "pipeline stages"), microBatches: userGiven(m, "micro-batches per step"), virtualStages: constant(1, "no interleaving") });
  return {
    kind,
    stages: P,
    microBatches: m,
    unit: o.forwardSeconds === undefined ? "slot" : "s",
    blocks: blocks.sort((a, b) => a.stage - b.stage || a.start - b.start),
    makespan,
    idleFraction: idle(blocks, P, makespan),
    bubble,
    peakMicroBatchesInFlight: extreme(peak, (x) => x, Math.max, 0),
  };
}

/** The schedule as ASCII: one row per stage, one column per `slot` of time; F/B/D then the micro-batch. */
export function scheduleToAscii(s: Schedule, slot?: number): string {
  const unit = slot ?? extreme(s.blocks, (b) => b.end - b.start, Math.min, Infinity);
  const cols = Math.ceil(s.makespan / unit - 1e-9);
  const width = Math.max(2, String(s.microBatches - 1).length + 1);
  const rows: string[] = [];
  for (let st = 0; st < s.stages; st++) {
    const cells = new Array<string>(cols).fill(".".padEnd(width));
    for (const b of s.blocks) {
      if (b.stage !== st) continue;
      const a = Math.round(b.start / unit);
      const z = Math.max(a + 1, Math.round(b.end / unit));
      const tag = `${b.kind === "forward" ? "F" : b.kind === "backward" ? "B" : "D"}${b.microbatch}`.padEnd(width);
      for (let c = a; c < z && c < cols; c++) cells[c] = c === a ? tag : b.kind === "backward" ? "b".padEnd(width) : "-".padEnd(width);
    }
    rows.push(`stage ${String(st).padStart(String(s.stages - 1).length)} │${cells.join("")}`);
  }
  return rows.join("\n");
}

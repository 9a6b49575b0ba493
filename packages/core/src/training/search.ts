/**
 * The fastest (and the cheapest) training layout on N chips: every layout of tensor, pipeline,
 * context, expert and data parallelism, micro-batch size, schedule, recomputation and ZeRO stage that
 * divides the chips and the model and fits in memory, evaluated on the formulas' fast paths at a
 * fixed global batch; the winners are then explained in full by `analyzeTrainStep`.
 */
import { RooflineError } from "../errors.ts";
import { byDefault } from "../formula/formula.ts";
import { checkGiven, type Given } from "../validate.ts";
import { resolveChoice, resolveNumber } from "../inputs/define.ts";
import type { EfficiencyMode } from "../efficiency/mode.ts";
import { idealTrainEfficiency } from "./efficiency.ts";
import { TRAIN_STEP_INPUTS } from "./inputs.ts";
import { analyzeTrainStep, checkLayout, divisors, evaluateTrainStep, trainContext, type PipelineSchedule, type Recompute, type TrainLayout, type TrainStepOptions, type TrainStepResult } from "./step.ts";

export interface TrainSearchOptions extends Omit<TrainStepOptions, "layout"> {
  /** Chips to train on. */
  chips: Given;
  /** Tokens per step (global batch); default 4M (2²² tokens). */
  globalBatchTokens?: Given;
  sequenceLength?: Given;
  /** Also try using 1/2, 1/4 … of the chips (for the cheapest layout); default true. */
  fewerChips?: boolean;
  /** How many layouts to return per ranking; default 10. */
  top?: number;
  /** Which step times rank the layouts: "expected" (the efficiency model; the default) or "ideal" (every efficiency term at its most optimistic: a bound). */
  efficiencyMode?: EfficiencyMode;
}

export interface TrainCandidate {
  layout: TrainLayout;
  chips: number;
  stepSeconds: number;
  tokensPerSecondPerChip: number;
  tokensPerSecond: number;
  mfu: number;
  memoryBytes: number;
}

export interface TrainSearchResult {
  /** The step times that ranked the layouts (and that the candidates and the best layouts show). */
  efficiency: EfficiencyMode;
  evaluated: number;
  fitting: number;
  /** On all N chips, by step time (equivalently cluster tokens/s). */
  fastest: TrainCandidate[];
  /** On N or fewer chips, by chip-hours per token (equivalently $ per token at one price). */
  cheapest: TrainCandidate[];
  /** The best of each, explained. */
  bestFastest: TrainStepResult | null;
  bestCheapest: TrainStepResult | null;
}

const pow2UpTo = (n: number) => {
  const out: number[] = [];
  for (let x = 1; x <= n; x *= 2) out.push(x);
  return out;
};

export function searchTrainLayouts(o: TrainSearchOptions): TrainSearchResult {
  const nm = (k: string) => o.names?.[k] ?? k;
  const N = checkGiven(o.chips, nm("chips"), { what: "chips", integer: true, min: 1, max: 1e6 }).value;
  const S = resolveNumber(TRAIN_STEP_INPUTS, "sequenceLength", o.sequenceLength, nm("sequenceLength")).value;
  const gbt = checkGiven(o.globalBatchTokens ?? byDefault(4 * 2 ** 20, "4M tokens per step"), nm("globalBatchTokens"), { what: "tokens per step", integer: true, min: 1, max: 1e10 }).value;
  if (gbt % S !== 0) throw new RooflineError({ code: "out-of-range", field: nm("globalBatchTokens"), value: String(gbt), expected: `a multiple of the sequence length ${S}`, hint: `Try ${Math.max(1, Math.round(gbt / S)) * S}.` });
  const sequences = gbt / S;
  const efficiency = resolveChoice<EfficiencyMode>(TRAIN_STEP_INPUTS, "efficiency", o.efficiencyMode, nm("efficiency"));
  // The ideal ranks by the bound: the user's efficiency overrides give way to the most optimistic terms.
  const { efficiencyMode: _mode, chips: _chips, globalBatchTokens: _gbt, sequenceLength: _s, fewerChips: _f, top: _top, ...step } = o;
  const so: TrainStepOptions = { ...step, layout: {}, ...(efficiency === "ideal" ? { efficiency: idealTrainEfficiency() } : {}) };
  const ctx = trainContext(so);
  const f = ctx.facts;
  const domain = ctx.domain.value;
  const top = o.top ?? 10;
  const chipCounts = (o.fewerChips ?? true) ? pow2UpTo(N).map((x) => N / x).filter((x) => Number.isInteger(x) && x >= 1) : [N];
  const tps = divisors(f.heads).filter((t) => t <= Math.max(8, domain) && t <= 64);
  const pps = divisors(f.layers).filter((p) => p <= 64);
  const cps = [1, 2, 4, 8, 16].filter((c) => S % (2 * c) === 0 || c === 1);
  const eps = f.routedExperts > 0 ? divisors(f.routedExperts).filter((e) => e <= 512) : [1];
  // With fused attention selective recomputation saves nothing, so the search tries none and full.
  const recomputes: Recompute[] = ["none", "full"];
  const candidates: TrainCandidate[] = [];
  let evaluated = 0;
  for (const chips of chipCounts) {
    for (const T of tps) {
      for (const P of pps) {
        for (const C of cps) {
          const rest = chips / (T * P * C);
          if (!Number.isInteger(rest) || rest < 1) continue;
          const D = rest;
          if (sequences % D !== 0) continue;
          const perReplica = sequences / D;
          for (const E of eps) {
            if ((T * D * C) % E !== 0) continue;
            for (const b of [1, 2, 4, 8]) {
              if (perReplica % b !== 0) continue;
              const m = perReplica / b;
              const schedules: [PipelineSchedule, number][] = P === 1 ? [["1f1b", 1]] : [["1f1b", 1]];
              if (P > 1 && m % P === 0 && f.layers % (2 * P) === 0) schedules.push(["interleaved", 2]);
              for (const [schedule, v] of schedules) {
                for (const recompute of recomputes) {
                  for (const zero of D * C > 1 ? [1, 3] : [0]) {
                    const layout: TrainLayout = {
                      dataParallel: D,
                      tensorParallel: T,
                      pipelineParallel: P,
                      contextParallel: C,
                      expertParallel: E,
                      microBatch: b,
                      microBatches: m,
                      sequenceLength: S,
                      schedule,
                      virtualStages: v,
                      recompute,
                      zeroStage: zero,
                      sequenceParallel: T > 1,
                      reversible: false,
                      fusedAttention: true,
                    };
                    try {
                      checkLayout(ctx, layout);
                    } catch {
                      continue;
                    }
                    evaluated++;
                    const r = evaluateTrainStep(ctx, layout);
                    if (!r.memory.fits) continue;
                    candidates.push({ layout, chips: r.chips, stepSeconds: r.time.stepSeconds, tokensPerSecondPerChip: r.tokensPerSecondPerChip, tokensPerSecond: r.tokensPerSecondPerChip * r.chips, mfu: r.mfu, memoryBytes: r.memory.totalBytes });
                  }
                }
              }
            }
          }
        }
      }
    }
  }
  const fastest = candidates.filter((x) => x.chips === N).sort((a, b) => a.stepSeconds - b.stepSeconds).slice(0, top);
  const cheapest = [...candidates].sort((a, b) => b.tokensPerSecondPerChip - a.tokensPerSecondPerChip || a.stepSeconds - b.stepSeconds).slice(0, top);
  const explain = (x: TrainCandidate | undefined): TrainStepResult | null => (x ? analyzeTrainStep({ ...so, layout: { ...x.layout } }) : null);
  return { efficiency, evaluated, fitting: candidates.length, fastest, cheapest, bestFastest: explain(fastest[0]), bestCheapest: explain(cheapest[0]) };
}

export interface TrainTradeoff {
  recompute: Recompute;
  zeroStage: number;
  reversible: boolean;
  stepSeconds: number;
  mfu: number;
  hfu: number;
  memoryBytes: number;
  fits: boolean;
}

/**
 * The memory-for-time trades of one layout: every recomputation mode (and reversible layers) under
 * every ZeRO stage, on the fast path.
 */
export function trainTradeoffs(o: TrainStepOptions): TrainTradeoff[] {
  const base = analyzeTrainStep(o);
  const ctx = trainContext(o);
  const out: TrainTradeoff[] = [];
  const zs = base.layout.dataParallel * base.layout.contextParallel > 1 ? [0, 1, 2, 3] : [0];
  for (const [recompute, reversible] of [["none", false], ["selective", false], ["full", false], ["none", true]] as [Recompute, boolean][]) {
    for (const zeroStage of zs) {
      const r = evaluateTrainStep(ctx, { ...base.layout, recompute, reversible, zeroStage });
      out.push({ recompute, zeroStage, reversible, stepSeconds: r.time.stepSeconds, mfu: r.mfu, hfu: r.hfu, memoryBytes: r.memory.totalBytes, fits: r.memory.fits });
    }
  }
  return out;
}

export interface TrainSweepPoint {
  microBatches: number;
  stepSeconds: number;
  bubbleFraction: number;
  mfu: number;
  memoryBytes: number;
}

/** MFU, bubble and memory against the micro-batches per step (the rest of the layout fixed). */
export function trainMicroBatchSweep(o: TrainStepOptions, values?: readonly number[]): TrainSweepPoint[] {
  const base = analyzeTrainStep(o);
  const ctx = trainContext(o);
  const P = base.layout.pipelineParallel;
  const ms = values ?? [1, 2, 4, 8, 16, 32, 64, 128, 256, 512].map((x) => (base.layout.schedule === "interleaved" ? x * P : x)).filter((x) => x <= 4096);
  return ms.map((m) => {
    const r = evaluateTrainStep(ctx, { ...base.layout, microBatches: m });
    return { microBatches: m, stepSeconds: r.time.stepSeconds, bubbleFraction: r.time.bubbleFraction, mfu: r.mfu, memoryBytes: r.memory.totalBytes };
  });
}

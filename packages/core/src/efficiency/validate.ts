/**
 * The expected forward pass against public measurements: every inference row of data/measurements
 * (decode TPOT, prefill TTFT, end-to-end throughput, MoE across nodes) predicted from its own model,
 * chips, parallelism, precision and workload — the ideal and the expected — with the error, the bound
 * check (is the ideal at least as fast as what was measured?), median and p90 |error| overall and per
 * group, source, chip and phase, the fit of the few physical constants (scripts/fit-efficiency.ts), and
 * leave-one-source-out cross-validation (fit without a source, score on it).
 *
 * Pure: the caller passes the rows (committed data or files) and resolves model ids.
 */
import { findHardware, getHardware } from "../catalog/hardware.ts";
import { findModel } from "../catalog/models.ts";
import { isRooflineError } from "../errors.ts";
import { defineFormula, type Quantity } from "../formula/formula.ts";
import { add, div, ln, max, mul, sub } from "../formula/expr.ts";
import * as LF from "./layout-formulas.ts";
import type { SourceRef } from "../sources.ts";
import type { Kernel } from "../formula/graph.ts";
import type { ModelSpec } from "../model/model.ts";
import { BYTES_PER_VALUE, parsePrecision, type ComputePrecision, type Precision } from "../precision.ts";
import { prepareLayout } from "../cluster/layout.ts";
import { tokensPerSecond } from "../roofline/formulas.ts";
import { prepareRoofline, type RooflineOptions } from "../roofline/step.ts";
import { prepareStep, type StepOptions } from "./attention-dp.ts";
import { deviceMemoryBytes } from "./device-memory.ts";
import { TRAINING_FIT } from "../training/fitted.ts";
import { validateTraining, type MeasurementFile, type MeasurementRow } from "../training/validate.ts";
import { FITTED_PARAMETERS, type FitValues } from "./chips.ts";
import { FIT_PARAMS, GRAPH_FITTED_PARAMETERS, type GraphFittedParameter } from "./expected.ts";
import { untunedKinds, untunedLinearsFor } from "./untuned-linears.ts";
import { EFFICIENCY_FIT } from "./fitted.ts";
import { EFFICIENCY_FIT_FOLDS } from "./fitted-folds.ts";
import { closedLoopWaitSeconds, prefillQueueWaitSeconds, requestSeconds, timeToFirstTokenSeconds, tokensPerSecondOfWave } from "./serving-formulas.ts";

export const VLLM_MEMORY_UTILIZATION: SourceRef = {
  title: "vLLM engine arguments: --gpu-memory-utilization, the fraction of GPU memory the model executor uses (weights, activations, KV cache), default 0.9",
  url: "https://docs.vllm.ai/en/latest/configuration/engine_args.html",
};
export const TRTLLM_FREE_MEMORY_FRACTION: SourceRef = {
  title: "TensorRT-LLM KvCacheConfig.free_gpu_memory_fraction: the share of the GPU memory free after the model is loaded that the KV cache takes, default 0.9",
  url: "https://nvidia.github.io/TensorRT-LLM/reference/memory.html",
};

export const TRTLLM_NO_EVICT: SourceRef = {
  title:
    "TensorRT-LLM performance tuning guide, Capacity Scheduler Policy: GUARANTEED_NO_EVICT is the default and guarantees that a started request is never paused, so a request is admitted only when the KV cache can hold it to its end (prompt + its maximum new tokens); MAX_UTILIZATION is opt-in",
  url: "https://nvidia.github.io/TensorRT-LLM/performance/performance-tuning-guide/useful-runtime-flags.html",
};
export const NIM_TRTLLM_PROFILES: SourceRef = {
  title:
    "NVIDIA NIM for LLMs, Optimization and Model Profiles: model/GPU combinations NVIDIA optimizes are pre-built TensorRT-LLM engines (profiles tagged throughput or latency), chosen over vLLM when the GPUs match; the Llama 3.3 70B NIM's 2 x H100 SXM FP8 profile is tensorrt_llm-h100-fp8-tp2-pp1-throughput (NVIDIA AI-Q blueprint docs, llama-3.3-70b-instruct:1.13.1)",
  url: "https://docs.nvidia.com/nim/large-language-models/latest/optimization.html",
};

/** Validation only: how many tokens of KV cache a request in flight claims, by the engine's admission rule. */
export const heldTokensPerSequence = defineFormula({
  id: "serving.heldTokensPerSequence",
  title: "KV cache a request in flight claims",
  description:
    "A paged cache that allocates blocks as tokens arrive (vLLM, SGLang) holds a request's prompt and the output so far: over its life, on average, the prompt and half its output (r = 1/2). TensorRT-LLM's default capacity policy (GUARANTEED_NO_EVICT) admits a request only when the cache can hold it to completion, so it counts the prompt and the whole maximum output from admission (r = 1). The engine holds as many requests as its KV pool fits at this size.",
  symbol: "T_held",
  latex: "T_{\\text{held}}",
  unit: "token",
  inputs: {
    promptTokens: { symbol: "I", unit: "token", description: "prompt tokens of a request" },
    outputTokens: { symbol: "O", unit: "token", description: "output tokens of a request (its maximum new tokens: benchmarks ignore EOS)" },
    reservedShare: { symbol: "r", unit: "1", description: "share of the output the cache holds for a request in flight: 1 when reserved at admission, 1/2 when allocated as generated (the mean over its life)" },
  },
  expr: (x) => add(x.promptTokens, mul(x.reservedShare, x.outputTokens)),
  sources: [TRTLLM_NO_EVICT, { title: "Kwon et al., PagedAttention (SOSP 2023): KV blocks are allocated on demand as tokens are generated", url: "https://arxiv.org/abs/2309.06180" }],
  assumptions: ["TensorRT-LLM's token blocks (tens of tokens) round the reservation up by less than one block: not modelled"],
});

/** Validation only (kept out of the step's formulas, which every page loads). */
export const engineMemoryBytes = defineFormula({
  id: "serving.engineMemoryBytes",
  title: "HBM the serving engine uses",
  description:
    "A serving engine does not hand the whole of HBM to the KV cache: it claims a fraction of the chip's memory (vLLM's gpu_memory_utilization, 0.9 by default) and/or of what is free after the weights (TensorRT-LLM's free_gpu_memory_fraction, 0.9 by default). Weights + f_free·(f_total·HBM − weights).",
  symbol: "C_eng",
  latex: "C_{\\text{eng}}",
  unit: "B",
  inputs: {
    hbmBytes: { symbol: "C", unit: "B", description: "HBM capacity per chip" },
    weightBytes: { symbol: "M_w", latex: "M_{w}", unit: "B", description: "weights held per chip" },
    totalFraction: { symbol: "f_tot", latex: "f_{\\text{tot}}", unit: "1", description: "fraction of the chip's memory the engine claims (1 when the engine does not cap it)" },
    freeFraction: { symbol: "f_free", latex: "f_{\\text{free}}", unit: "1", description: "fraction of the memory left after the weights that goes to the KV cache (1 when not capped)" },
  },
  expr: (x) => add(x.weightBytes, mul(x.freeFraction, max(0, sub(mul(x.totalFraction, x.hbmBytes), x.weightBytes)))),
  sources: [VLLM_MEMORY_UTILIZATION, TRTLLM_FREE_MEMORY_FRACTION],
  assumptions: ["activation workspace and CUDA graphs are taken from the same budget and not modelled apart"],
});

/** The one published profile of a synchronous engine's host time (an allowed source: vLLM's own blog). */
export const VLLM_V060_PROFILE: SourceRef = {
  title:
    "vLLM blog, \"vLLM v0.6.0: 2.7x Throughput Improvement and 5x Latency Reduction\" (2024-09-05): profiling Llama 3 8B on 1 H100 before 0.6.0, the HTTP API server takes 33% of the time, scheduling and input preparation 29%, GPU execution 38%; its benchmark: ShareGPT, 500 prompts sent at once, 202 input and 179 output tokens on average",
  url: "https://blog.vllm.ai/2024/09/05/perf-update.html",
};
export const VLLM_MAX_NUM_SEQS: SourceRef = {
  title: "vLLM engine arguments (0.5.x): --max-num-seqs, the most sequences per iteration, default 256",
  url: "https://docs.vllm.ai/en/v0.5.4/models/engine_args.html",
};

/** Validation only: the synchronous scheduler's host time where no fitted row pins it, per sequence (the HTTP server's share). */
export const synchronousHostSecondsPerSequence = defineFormula({
  id: "serving.synchronousHostSecondsPerSequence",
  title: "Extra host time per sequence of a synchronous scheduler",
  description:
    "A synchronous engine's GPU waits while the host works. Where a profile finds the GPU busy a share g of the time with a step of t on the GPU for B sequences, a host component taking a share a of the time takes a/g · t per step; work done per sequence (the HTTP server's response chunk; a scheduler's and input preparation's walk over the batch) is a/g · t/B per sequence, less the host time per sequence an asynchronous engine still exposes (counted apart), at least 0.",
  symbol: "h_sync",
  latex: "h_{\\text{sync}}",
  unit: "s",
  inputs: {
    gpuShare: { symbol: "g", unit: "1", description: "share of the time the GPU executes (the profile)" },
    hostShare: { symbol: "a", unit: "1", description: "share of the time the per-sequence host work takes (the profile's HTTP API server; or its scheduling and input preparation, for an engine that schedules each step before running it)" },
    gpuStepSeconds: { symbol: "t_GPU", latex: "t_{\\text{GPU}}", unit: "s", description: "the profiled run's step on the GPU (expected step without host time)" },
    batch: { symbol: "B", unit: "sequence", description: "sequences per step in the profiled run" },
    asyncHostSecondsPerSequence: { symbol: "h", unit: "s", description: "host time per sequence every engine exposes (fitted)" },
  },
  expr: (x) => max(0, sub(div(mul(x.hostShare, x.gpuStepSeconds), mul(x.gpuShare, x.batch)), x.asyncHostSecondsPerSequence)),
  sources: [VLLM_V060_PROFILE, VLLM_MAX_NUM_SEQS],
  assumptions: ["the profile's load is the post's own benchmark: 256 sequences in flight (the default cap) at the mean context 202 + 179/2 tokens", "Llama 3 8B has Llama 3.1 8B's layer shapes", "before 0.6 the HTTP server's work scales with the sequences streamed, the scheduler's with the steps; from 0.6 to 0.13 (API server in its own process, scheduling still before each step) the scheduling share is the host work, and it scales with the sequences scheduled"],
});

/** Validation only: the synchronous scheduler's host time per step where no fitted row pins it (the scheduling share). */
export const synchronousHostSecondsPerStep = defineFormula({
  id: "serving.synchronousHostSecondsPerStep",
  title: "Extra host time per step of a synchronous scheduler",
  description: "The profile's scheduling and input preparation, a share s of the time while the GPU is busy a share g, takes s/g of the GPU step on every step.",
  symbol: "h_step",
  latex: "h_{\\text{step}}",
  unit: "s",
  inputs: {
    gpuShare: { symbol: "g", unit: "1", description: "share of the time the GPU executes (the profile)" },
    stepShare: { symbol: "s", unit: "1", description: "share of the time scheduling and input preparation take (the profile)" },
    gpuStepSeconds: { symbol: "t_GPU", latex: "t_{\\text{GPU}}", unit: "s", description: "the profiled run's step on the GPU (expected step without host time)" },
  },
  expr: (x) => div(mul(x.stepShare, x.gpuStepSeconds), x.gpuShare),
  sources: [VLLM_V060_PROFILE],
  assumptions: ["scheduling and input preparation are taken as a cost per step (they also loop over the batch's sequences)"],
});

/** The profiled run of VLLM_V060_PROFILE: Llama 3 8B (BF16) on one H100, 256 sequences at context 292; its time shares. */
export const SYNC_PROFILE_RUN = { model: "llama-3.1-8b", hardware: "nvidia-h100-sxm5-80gb", gpuShare: 0.38, httpShare: 0.33, schedulingShare: 0.29, batch: 256, contextTokens: Math.round(202 + 179 / 2) } as const;

/**
 * The synchronous scheduler's extra host time per sequence and per step from the published profile, at fitted values
 * `fit` (the profiled run's GPU step is the expected step with no host time). Used where no fitted row has a
 * synchronous engine (a leave-one-source-out fold without LambdaLabs' vLLM 0.5.4 runs): there the fit cannot see
 * the constants, and the profile, not the floor, stands in for them.
 */
export function syncHostPrior(fit: FitValues): { perSequence: number; perStep: number } {
  const gpuStep = profileGpuStepSeconds(fit);
  if (gpuStep === null) return { perSequence: FIT_BOUNDS.syncHostSecondsPerSequence[0], perStep: FIT_BOUNDS.syncHostSecondsPerStep[0] };
  const r = SYNC_PROFILE_RUN;
  return {
    perSequence: clamp(synchronousHostSecondsPerSequence.fn(r.gpuShare, r.httpShare, gpuStep, r.batch, fit.hostSecondsPerSequence), FIT_BOUNDS.syncHostSecondsPerSequence),
    perStep: clamp(synchronousHostSecondsPerStep.fn(r.gpuShare, r.schedulingShare, gpuStep), FIT_BOUNDS.syncHostSecondsPerStep),
  };
}

const clamp = (v: number, [lo, hi]: [number, number]) => Math.min(hi, Math.max(lo, v));

/** The profiled run's expected step on the GPU (no host time) at fitted values `fit`; null when its model is not in the catalog. */
let profileKernel: Kernel | null | undefined;
function profileGpuStepSeconds(fit: FitValues): number | null {
  if (profileKernel === undefined) {
    const model = findModel(SYNC_PROFILE_RUN.model);
    profileKernel = model
      ? prepareRoofline({
          model,
          hardware: getHardware(SYNC_PROFILE_RUN.hardware),
          chips: given(1, "the profile"),
          weightPrecision: "bf16",
          phase: "decode",
          batch: given(SYNC_PROFILE_RUN.batch, "the profile"),
          contextTokens: given(SYNC_PROFILE_RUN.contextTokens, "the profile"),
        }).kernel(GRAPH_FITTED_PARAMETERS.map((p) => FIT_PARAMS[p]), ["expectedStepSeconds"])
      : null;
  }
  return profileKernel ? profileKernel(...GRAPH_FITTED_PARAMETERS.map((p) => (p === "hostSecondsPerSequence" ? 0 : fit[p]))) : null;
}

/**
 * vLLM V1 before 0.14 (steppedScheduler) schedules each step, prepares its inputs and takes in its outputs while the
 * GPU waits. vLLM's v0.6.0 profile puts exactly that work ("gathering the LLM results from the last step, scheduling
 * the requests to run for the next step, and preparing these requests as inputs") at 29% of the time against the
 * GPU's 38%; taken as work per sequence scheduled (V1's scheduler walks its running requests one by one, and
 * update_from_output every scheduled one: vllm/v1/core/sched/scheduler.py), it is the host time per sequence beyond
 * what every engine exposes (synchronousHostSecondsPerSequence with the scheduling share). A prior, never fitted: only
 * one source's rows run such an engine, so a fitted constant would be pinned by them alone and left at its bound when
 * they are held out. An upper-end figure: V1 rewrote the scheduler and input preparation (persistent batch, NumPy) to
 * cut this work, and its own per-sequence cost is not published.
 */
export function steppedHostSecondsPerSequence(fit: FitValues): number {
  const gpuStep = profileGpuStepSeconds(fit);
  if (gpuStep === null) return 0;
  const r = SYNC_PROFILE_RUN;
  return clamp(synchronousHostSecondsPerSequence.fn(r.gpuShare, r.schedulingShare, gpuStep, r.batch, fit.hostSecondsPerSequence), FIT_BOUNDS.syncHostSecondsPerSequence);
}

export type ResolveMeasurementModel = (id: string) => ModelSpec | null;

export const INFERENCE_GROUPS = ["decode-small-batch", "decode-large-batch", "prefill", "e2e", "moe-multinode"] as const;
const TIME_METRICS = new Set(["tpot_seconds", "ttft_seconds"]);
/** The layout's graph names of the fitted constants (the collective latency is the layout's own parameter, given twice when tensor-parallel collectives share it). */
const LAYOUT_FIT_PARAMS: Record<GraphFittedParameter, string> = {
  matmul: FIT_PARAMS.matmul,
  launchSeconds: FIT_PARAMS.launchSeconds,
  collectiveLatencySeconds: "expCollectiveLatencySeconds",
  hostSecondsPerSequence: FIT_PARAMS.hostSecondsPerSequence,
};
const RATE_METRICS = new Set(["output_tokens_per_second", "total_tokens_per_second", "requests_per_second"]);
/** The largest batch an "offline" row (no concurrency given) is assumed to run: the engine fills memory up to this. */
export const OFFLINE_BATCH_CAP = 1024;

export interface RowPrediction {
  id: string;
  source: string;
  group: string;
  hardware: string;
  chips: number;
  model: string;
  metric: string;
  unit: string;
  measured: number;
  ideal: number;
  expected: number;
  /** expected ÷ measured − 1 and ideal ÷ measured − 1, on the metric as published. */
  error: number;
  idealError: number;
  /** The ideal is at least as good as the measurement (time ≤ measured, rate ≥ measured). */
  bound: boolean;
  phase: "decode" | "prefill" | "e2e";
  /** How the row was turned into passes (batch, contexts, replicas). */
  how: string;
  /**
   * Whether the expected prediction is scored (in the errors and the fit). A row missing an input the
   * expected step needs (the published input length) is still predicted with that input at its floor,
   * which keeps the ideal a bound, so it counts in the bound check only.
   */
  scored: boolean;
}

export interface SkippedInferenceRow {
  id: string;
  source: string;
  reason: string;
}

/** A row made ready to predict: compiled kernels that take the fitted constants. */
export interface PreparedInferenceRow {
  row: MeasurementRow;
  source: string;
  phase: "decode" | "prefill" | "e2e";
  how: string;
  /** [ideal, expected] step seconds of the row's decode step and prefill pass (null when not needed). */
  decode: Kernel | null;
  prefill: Kernel | null;
  /** TTFT rows under load: the prefill of one prompt (the batch's prefill is `prefill`). */
  first: Kernel | null;
  /** Requests outstanding per replica (closed-loop concurrency); 0 when not a closed-loop row. */
  concurrency: number;
  replicas: number;
  batch: number;
  outputTokens: number;
  tokensPerRequest: number;
  /** False: an input is unknown (taken at its floor), so only the bound check uses the row; why in `unscored`. */
  scored: boolean;
  unscored: string | null;
  /** A run of published requests (each one's prompt and output length): its decode steps replayed. */
  run?: RequestRun;
  /** The engine schedules synchronously (vLLM before 0.6): the GPU waits for the host's work every step. */
  syncScheduler?: boolean;
  /** The engine schedules each step before running it, its API server apart (vLLM 0.6 to 0.13): steppedHostSecondsPerSequence. */
  steppedScheduler?: boolean;
  /** Tokens per second per chip of an instance with published degrees (experts spread, attention data-parallel): the layout's kernel. */
  perChip?: PerChipInstance;
}

/**
 * A closed run of published requests (benchmark_serving.py with every prompt sent at once): the engine holds
 * `slots` of them at a time (continuous batching: a finished request's slot goes to the next one waiting), so
 * its decode steps have the batches of that replay. The run's time is the prompts' prefill plus the sum of its
 * decode steps; the step time is evaluated at a few batch sizes (`nodes`) and the sum is Σ weights × step
 * (piecewise-linear in the batch between nodes, so a few kernel calls stand for hundreds of steps).
 */
/** A run's step times at every node under one set of graph arguments: [ideal, expected] per decode node, then per prefill node. */
interface RunSteps {
  args: Float64Array;
  decode: Float64Array;
  prefill: Float64Array;
}
const RUN_STEPS = new WeakMap<RequestRun, RunSteps>();

/** The run's decode and prefill step times at its nodes (computed once per run and set of arguments). */
function runSteps(run: RequestRun, args: readonly number[]): RunSteps {
  const hit = RUN_STEPS.get(run);
  if (hit && hit.args.length === args.length && hit.args.every((v, i) => v === args[i])) return hit;
  const decode = new Float64Array(2 * run.nodes.length);
  const prefill = new Float64Array(2 * run.prefillNodes.length);
  const fixed = args.length === 5;
  const [a0, a1, a2, a3, a4] = args as [number, number, number, number, number];
  for (let j = 0; j < run.nodes.length; j++) {
    if (!run.weights[j] && !run.tpotWeights[j]) continue;
    if (fixed) run.decodeAt(a0, a1, a2, a3, a4, run.nodes[j] as number, run.context, scratch);
    else run.decodeAt(...args, run.nodes[j] as number, run.context, scratch);
    decode[2 * j] = scratch[0] as number;
    decode[2 * j + 1] = scratch[1] as number;
  }
  for (let j = 0; j < run.prefillNodes.length; j++) {
    if (!run.prefillWeights[j] && !run.tpotPrefillWeights[j]) continue;
    if (fixed) run.prefillAt(a0, a1, a2, a3, a4, run.prefillNodes[j] as number, scratch);
    else run.prefillAt(...args, run.prefillNodes[j] as number, scratch);
    prefill[2 * j] = scratch[0] as number;
    prefill[2 * j + 1] = scratch[1] as number;
  }
  const steps = { args: Float64Array.from(args), decode, prefill };
  RUN_STEPS.set(run, steps);
  return steps;
}

export interface RequestRun {
  /** [fit…, batch, contextTokens] → [ideal, expected] decode step seconds. */
  decodeAt: Kernel;
  nodes: number[];
  weights: number[];
  /** [fit…, batch] → [ideal, expected] seconds of a prefill step of `batch` mean prompts; its steps' histogram. */
  prefillAt: Kernel;
  prefillNodes: number[];
  prefillWeights: number[];
  prefillSteps: number;
  /** Each step's share of the mean TPOT (decode steps by batch, prefill steps by prompts): a closed loop's mean TPOT is Σ share × step. */
  tpotWeights: number[];
  tpotPrefillWeights: number[];
  /** The row's TPOT is a mean over requests (a synthetic closed loop), not the median token's step (a published run's median ITL). */
  meanTpot?: boolean;
  inputTokens: number;
  /** Token-weighted mean context of the decode steps. */
  context: number;
  /** The batch the median generated token was decoded in (a median inter-token latency is that step). */
  medianTokenBatch: number;
  steps: number;
  outputTokens: number;
}

/**
 * An instance with published degrees through the expected layout: kernels of [fit…] → [ideal, expected]
 * cycle seconds of a prefill pass and of a decode step at `batch`; `mode` says what the row counts (a prefill
 * instance's input tokens, a decode instance's output tokens, or a mixed instance's output tokens with each
 * request's prefill in its time).
 */
export interface PerChipInstance {
  mode: "prefill" | "decode" | "mixed";
  prefill: Kernel | null;
  decode: Kernel | null;
  chips: number;
  batch: number;
  inputTokens: number;
  outputTokens: number;
  /** The tensor-parallel collectives' latency is the same fitted constant (a second kernel argument). */
  collectiveTwice: boolean;
}

/** The batch of the median decoded token: runs sorted by batch, each weighted by the tokens it produced (batch × steps). */
function medianDecodedBatch(runBatch: readonly number[], runSteps: readonly number[], tokens: number): number {
  const order = runBatch.map((_, k) => k).sort((a, c) => (runBatch[a] as number) - (runBatch[c] as number));
  let acc = 0;
  for (const k of order) {
    acc += (runBatch[k] as number) * (runSteps[k] as number);
    if (acc >= tokens / 2) return runBatch[k] as number;
  }
  return runBatch.reduce((a, c) => Math.max(a, c), 1);
}

/** Batch sizes where a replay's decode step is evaluated: 1–16 by doubling, every 16 to 256 (the GEMM tile steps), then by 1.5×. */
export function replayNodes(maxBatch: number): number[] {
  const nodes: number[] = [];
  for (let b = 1; b < 16 && b < maxBatch; b *= 2) nodes.push(b);
  for (let b = 16; b < 256 && b < maxBatch; b += 16) nodes.push(b);
  for (let b = 256; b < maxBatch; b = Math.round(b * 1.5)) nodes.push(b);
  nodes.push(maxBatch);
  return [...new Set(nodes)].sort((a, c) => a - c);
}

/** Spreads a histogram of batch sizes over the nodes where a kernel is evaluated (piecewise-linear in the batch). */
function batchWeights(batches: readonly number[], mass?: readonly number[]): { nodes: number[]; weights: number[] } {
  let top = 1;
  for (const b of batches) if (b > top) top = b;
  const nodes = replayNodes(top);
  const weights = nodes.map(() => 0);
  for (let s = 0; s < batches.length; s++) {
    const b = batches[s] as number;
    const m = mass ? (mass[s] as number) : 1;
    let j = 0;
    while (j < nodes.length - 1 && (nodes[j + 1] as number) <= b) j++;
    if (j === nodes.length - 1) {
      weights[j] = (weights[j] as number) + m;
      continue;
    }
    const lo = nodes[j] as number;
    const hi = nodes[j + 1] as number;
    const t = (b - lo) / (hi - lo);
    weights[j] = (weights[j] as number) + m * (1 - t);
    weights[j + 1] = (weights[j + 1] as number) + m * t;
  }
  return { nodes, weights };
}

export const VLLM_PREEMPTION: SourceRef = {
  title:
    "vLLM docs, Optimization and Tuning > Preemption: when the KV cache space is insufficient to handle all batched requests, vLLM preempts requests to free space for others and recomputes them when enough space becomes available again (recompute: a preempted request's prompt and generated tokens are prefilled again on readmission)",
  url: "https://docs.vllm.ai/en/v0.10.1.1/configuration/optimization.html",
};
export const AMD_MAX_NUM_SEQS: SourceRef = {
  title:
    "AMD's vLLM image README (ROCm/vllm docs/dev-docker/README.md), throughput benchmark: --max-num-seqs too large and 'the KV cache might reach its capacity, causing vLLM to cancel and reprocess some prompts'",
  url: "https://github.com/ROCm/vllm/blob/b309ea79418c6fc9058a6b2dec312375d3c75753/docs/dev-docker/README.md",
};

/**
 * One wave of `n` identical requests (all sent at once, prompt `input`, `output` tokens each) on an engine that
 * allocates its KV cache as tokens come and preempts by recompute (vLLM: VLLM_PREEMPTION): all are admitted (at most
 * `maxSeqs` running); each decode step every running request claims one more token of the `capacityTokens` pool; when
 * they do not all fit, the most recently admitted are preempted (vLLM V1's scheduler pops the running list's last), their cache freed, and they wait at the front of the
 * queue; a waiting request is readmitted once its prompt and generated tokens, and one more token for every running
 * request, fit — its readmission prefills all of them again and samples its next token. Prefill steps are returned as
 * prompts of `input` tokens carrying the same tokens (the matmuls' work; attention over a longer prompt is not counted
 * apart). Returns the shape replayRequests does (decode batch histogram, prefill histogram, token-weighted context).
 */
export function replayPreemptive(input: number, output: number, n: number, capacityTokens: number, maxSeqs: number): ReturnType<typeof replayRequests> & { preempted: number; recomputedTokens: number } {
  const I = Math.max(1, Math.round(input));
  const O = Math.max(1, Math.round(output));
  const gen = new Int32Array(n);
  const held = new Float64Array(n);
  let waiting: number[] = Array.from({ length: n }, (_, i) => i);
  const running: number[] = [];
  let used = 0;
  const runBatch: number[] = [];
  const runSteps: number[] = [];
  const prefills: number[] = [];
  let tokens = 0;
  let contextSum = 0;
  let preempted = 0;
  let recomputed = 0;
  let guard = 0;
  while ((waiting.length || running.length) && guard++ < 50 * (n + O)) {
    // readmit/admit from the front of the queue while each fits with room for the running requests' next tokens
    let admitted = 0;
    let prefillTokens = 0;
    while (waiting.length && running.length < maxSeqs) {
      const i = waiting[0] as number;
      const need = I + gen[i]!;
      if (used + need + running.length + 1 > capacityTokens && running.length > 0) break;
      waiting.shift();
      if (gen[i]! > 0) recomputed += need;
      prefillTokens += need;
      gen[i] = gen[i]! + 1;
      held[i] = I + gen[i]!;
      used += held[i]!;
      admitted++;
      if (gen[i]! >= O) used -= held[i]!;
      else running.push(i);
    }
    if (admitted) {
      prefills.push(prefillTokens / I);
      continue;
    }
    if (!running.length) break;
    // a decode step: preempt the most recently admitted until every running request's next token fits
    while (running.length > 1 && used + running.length > capacityTokens) {
      const j = running.pop() as number;
      used -= held[j]!;
      held[j] = 0;
      preempted++;
      waiting = [j, ...waiting];
    }
    const b = running.length;
    if (runBatch.length && runBatch[runBatch.length - 1] === b) runSteps[runSteps.length - 1]! += 1;
    else {
      runBatch.push(b);
      runSteps.push(1);
    }
    tokens += b;
    for (let k = b - 1; k >= 0; k--) {
      const i = running[k] as number;
      contextSum += held[i]!;
      held[i] = held[i]! + 1;
      used += 1;
      gen[i] = gen[i]! + 1;
      if (gen[i]! >= O) {
        used -= held[i]!;
        held[i] = 0;
        running.splice(k, 1);
      }
    }
  }
  const steps = runSteps.reduce((a, c) => a + c, 0);
  const { nodes, weights } = batchWeights(runBatch.length ? runBatch : [1], runBatch.length ? runSteps : [0]);
  const pre = batchWeights(prefills.length ? prefills.map((x) => Math.max(1, Math.round(x))) : [1], prefills.length ? undefined : [0]);
  const medianTokenBatch = medianDecodedBatch(runBatch, runSteps, tokens);
  return {
    nodes,
    weights,
    prefillNodes: pre.nodes,
    prefillWeights: pre.weights,
    prefillSteps: prefills.length,
    tpotWeights: nodes.map(() => 0),
    tpotPrefillWeights: pre.nodes.map(() => 0),
    context: tokens ? contextSum / tokens : 0,
    medianTokenBatch,
    steps,
    outputTokens: gen.reduce((x, g) => x + g, 0),
    inputTokens: n * I,
    preempted,
    recomputedTokens: recomputed,
  };
}

/**
 * Replays a closed run: requests in order, `slots` at a time. Waiting prompts are prefilled first (a prefill step
 * takes as many as fit in the free slots and in `prefillTokenBudget` prompt tokens, at least one; it samples each
 * request's first token), otherwise every running request decodes one token per step until its output is done.
 * Pure arithmetic over the published lengths; returns the decode steps' batch histogram as node weights, the
 * prefill steps' prompts-per-step histogram, the token-weighted decode context and the batch of the median token.
 */
export function replayRequests(
  inputs: readonly number[],
  outputs: readonly number[],
  slots: number,
  prefillTokenBudget = Infinity,
  admitTogether: { prompts: number; waitSteps: number } | null = null,
): {
  nodes: number[];
  weights: number[];
  prefillNodes: number[];
  prefillWeights: number[];
  prefillSteps: number;
  /** Σ over steps of Σ over the requests decoding through it of 1/(their output − 1), ÷ such requests: each step's share of the mean TPOT, by batch (decode) and by prompts (prefill). */
  tpotWeights: number[];
  tpotPrefillWeights: number[];
  context: number;
  medianTokenBatch: number;
  steps: number;
  outputTokens: number;
  inputTokens: number;
} {
  const n = outputs.length;
  const left = new Float64Array(n);
  const ctx = new Float64Array(n);
  const active: number[] = [];
  // decode steps in runs of equal batch (between two events: an admission or a completion): batch, steps, TPOT share
  const runBatch: number[] = [];
  const runSteps: number[] = [];
  const runShare: number[] = [];
  const prefills: number[] = [];
  const prefillShare: number[] = [];
  // each step's weight in the mean TPOT: Σ 1/(out − 1) over the requests that decode through it
  let share = 0;
  let next = 0;
  let tokens = 0;
  let firstTokens = 0;
  let contextSum = 0;
  // Attention-DP balance (TensorRT-LLM attention_dp_config enable_balance): prompts wait until `prompts` of them can start
  // together (one per rank), or `waitSteps` decode steps have passed, or nothing is running.
  let waited = 0;
  const admitNow = (): boolean => {
    if (!admitTogether || active.length === 0) return true;
    const free = slots - active.length;
    return free >= admitTogether.prompts || free >= n - next || waited >= admitTogether.waitSteps;
  };
  for (;;) {
    if (next < n && active.length < slots && admitNow()) {
      waited = 0;
      prefillShare.push(share);
      let k = 0;
      let used = 0;
      while (next < n && active.length < slots) {
        const len = inputs[next] ?? 0;
        if (k > 0 && used + len > prefillTokenBudget) break;
        const i = next++;
        k++;
        used += len;
        const out = outputs[i] ?? 0;
        if (out > 0) firstTokens++;
        if (out > 1) {
          left[i] = out - 1;
          ctx[i] = (inputs[i] ?? 0) + 1;
          active.push(i);
          share += 1 / (out - 1);
        }
      }
      prefills.push(k);
      continue;
    }
    if (!active.length) break;
    // every running request decodes a token a step until the first of them finishes
    let m = Infinity;
    for (const i of active) m = Math.min(m, left[i] as number);
    if (admitTogether && next < n && active.length < slots) {
      m = Math.min(m, Math.max(1, admitTogether.waitSteps - waited));
      waited += m;
    }
    runBatch.push(active.length);
    runSteps.push(m);
    runShare.push(share * m);
    tokens += active.length * m;
    for (let j = active.length - 1; j >= 0; j--) {
      const i = active[j] as number;
      contextSum += (ctx[i] as number) * m + (m * (m - 1)) / 2;
      ctx[i] = (ctx[i] as number) + m;
      left[i] = (left[i] as number) - m;
      if ((left[i] as number) <= 0) {
        active.splice(j, 1);
        share -= 1 / ((outputs[i] as number) - 1);
      }
    }
  }
  const withTpot = outputs.filter((o) => o > 1).length || 1;
  const steps = runSteps.reduce((a, c) => a + c, 0);
  const { nodes, weights } = batchWeights(runBatch.length ? runBatch : [1], runBatch.length ? runSteps : [0]);
  const tpotWeights = batchWeights(runBatch.length ? runBatch : [1], runBatch.length ? runShare.map((x) => x / withTpot) : [0]).weights;
  const pre = batchWeights(prefills.length ? prefills : [1], prefills.length ? undefined : [0]);
  const tpotPrefillWeights = batchWeights(prefills.length ? prefills : [1], prefills.length ? prefillShare.map((x) => x / withTpot) : [0]).weights;
  const medianTokenBatch = medianDecodedBatch(runBatch, runSteps, tokens);
  return {
    nodes,
    weights,
    prefillNodes: pre.nodes,
    prefillWeights: pre.weights,
    prefillSteps: prefills.length,
    tpotWeights,
    tpotPrefillWeights,
    context: tokens ? contextSum / tokens : 0,
    medianTokenBatch,
    steps,
    outputTokens: tokens + firstTokens,
    inputTokens: inputs.reduce((a, c) => a + c, 0),
  };
}

const num = (v: unknown): number | undefined => (typeof v === "number" && Number.isFinite(v) ? v : undefined);
/** A workload range [low, high] of whole tokens (inclusive), or undefined. */
function range(v: unknown): [number, number] | undefined {
  if (!Array.isArray(v) || v.length !== 2) return undefined;
  const lo = num(v[0]);
  const hi = num(v[1]);
  return lo !== undefined && hi !== undefined && lo >= 0 && hi >= lo ? [Math.round(lo), Math.round(hi)] : undefined;
}
/** The radical inverse of i in `base` (van der Corput): a deterministic sequence spread evenly over [0, 1). */
function radicalInverse(i: number, base: number): number {
  let f = 1;
  let r = 0;
  for (let k = i; k > 0; k = Math.floor(k / base)) {
    f /= base;
    r += f * (k % base);
  }
  return r;
}
/**
 * `n` whole lengths spread evenly over [low, high] in a low-discrepancy order (van der Corput in `base`; prompts and
 * outputs use different bases so their lengths are not paired): a deterministic stand-in for uniform random draws,
 * with their mean and spread.
 */
export function spreadOver([lo, hi]: readonly [number, number], n: number, base: number): number[] {
  return Array.from({ length: n }, (_, i) => Math.min(hi, lo + Math.floor(radicalInverse(i + 1, base) * (hi - lo + 1))));
}
const given = (value: number, name: string): Quantity => ({ value, origin: { kind: "user", name } });

function precisionOf(text: string | undefined, field: string): Precision | undefined {
  if (!text) return undefined;
  const t = text.toLowerCase().replace(/^w?(fp8|int4|int8|fp4|mxfp4|bf16|fp16)(.*)$/, "$1");
  return parsePrecision(t === "nvfp4" ? "fp4" : t, field);
}

/**
 * The memory a row's serving engine claims per chip, as its documented defaults say: vLLM 0.9 of the chip
 * (gpu_memory_utilization), TensorRT-LLM 0.9 of what the weights leave free (free_gpu_memory_fraction);
 * SGLang sizes its own fraction per GPU and is given the whole chip, the most it could use. `reservedShare`: the
 * share of a request's output its cache holds while in flight (heldTokensPerSequence): 1 for TensorRT-LLM's
 * default GUARANTEED_NO_EVICT admission, 1/2 for engines that allocate blocks as tokens come. NIM's optimized
 * profiles are TensorRT-LLM engines (NIM_TRTLLM_PROFILES): a NIM row takes TensorRT-LLM's defaults. Where the row's
 * launch states them, engine.memoryFraction (SGLang mem_fraction_static, vLLM gpu_memory_utilization: a share of HBM)
 * and engine.kvFreeMemoryFraction (TensorRT-LLM free_gpu_memory_fraction) replace the defaults.
 */
export function engineMemoryFractions(
  engine: { name?: string; version?: string; memoryFraction?: number; kvFreeMemoryFraction?: number } | undefined,
): { total: number; free: number; reservedShare: number; note: string } {
  const name = (engine?.name ?? "").toLowerCase();
  const admission = "admits a request only when its prompt + full output fit (GUARANTEED_NO_EVICT, the default)";
  const trt = `TensorRT-LLM gives the KV cache 0.9 of the HBM the weights leave free (free_gpu_memory_fraction default) and ${admission}`;
  const base =
    name === "vllm"
      ? { total: 0.9, free: 1, reservedShare: 0.5, note: "vLLM claims 0.9 of HBM (gpu_memory_utilization default)" }
      : name === "trt-llm" || name === "tensorrt-llm"
        ? { total: 1, free: 0.9, reservedShare: 1, note: trt }
        : name === "nim"
          ? { total: 1, free: 0.9, reservedShare: 1, note: `NIM's optimized profile is a TensorRT-LLM engine: ${trt}` }
          : { total: 1, free: 1, reservedShare: 0.5, note: "" };
  // What the row's launch states (extract/inferencex.py reads it from the script the point ran) replaces the default.
  const share = (x: unknown): number | undefined => (typeof x === "number" && x > 0 && x <= 1 ? x : undefined);
  const total = share(engine?.memoryFraction);
  const free = share(engine?.kvFreeMemoryFraction);
  if (total === undefined && free === undefined) return base;
  const notes: string[] = [];
  if (total !== undefined) notes.push(`the launch claims ${total} of HBM for weights and KV cache (${name === "sglang" ? "SGLang mem_fraction_static" : "gpu_memory_utilization"})`);
  if (free !== undefined) notes.push(`the launch gives the KV cache ${free} of the HBM the weights leave free (free_gpu_memory_fraction)`);
  if (base.reservedShare === 1) notes.push(`TensorRT-LLM ${admission}`);
  return { total: total ?? base.total, free: free ?? base.free, reservedShare: base.reservedShare, note: notes.join("; ") };
}

/** The KV tokens a request claims while in flight under the row's engine (heldTokensPerSequence). */
const heldTokens = (input: number, output: number, mem: { reservedShare: number }): number => heldTokensPerSequence.fn(input, output, mem.reservedShare);

/**
 * The largest batch whose KV cache fits beside the weights when each request claims `contextTokens` (the engine
 * cannot hold more in flight): see heldTokensPerSequence for what a request claims.
 */
function maxBatchAt(base: StepOptions, contextTokens: number, engine?: { total: number; free: number }, offload?: { share: number; why: string }): number {
  const ctx = given(Math.max(0, Math.round(contextTokens)), "row workload");
  let probe = prepareStep({ ...base, phase: "decode", batch: given(1, "probe"), contextTokens: ctx });
  const values = (p: typeof probe) => Object.fromEntries(Object.entries(p.params).map(([k, q]) => [k, q.value]));
  // The engines size their cache against the memory the device reports to CUDA, where a device query is published.
  const device = base.hbmBytes === undefined ? deviceMemoryBytes(base.hardware) : null;
  const chips = probe.params["chips"]?.value ?? 1;
  // Routed-expert weights the engine keeps in host memory (streamed in ahead of their layer) hold no HBM.
  const moe = base.model.moe;
  const offloaded = offload && moe ? (offload.share * moe.routedExperts * moe.paramsPerExpert * moe.moeLayers * (probe.params["bytesPerWeight"]?.value ?? 0)) / chips : 0;
  if (device || offloaded || (engine && (engine.total < 1 || engine.free < 1))) {
    const hbm = device?.value ?? probe.params["hbmBytes"]?.value ?? 0;
    const weights = (probe.graph.evaluate(values(probe), ["weightBytesResident"])["weightBytesResident"] ?? 0) / chips - offloaded;
    const usable = engineMemoryBytes.fn(hbm, weights, engine?.total ?? 1, engine?.free ?? 1);
    probe = prepareStep({ ...base, hbmBytes: given(usable + offloaded, `the engine's memory budget${offloaded ? `, with ${offload?.why}` : ""}`), phase: "decode", batch: given(1, "probe"), contextTokens: ctx });
  }
  const v = probe.graph.evaluate(values(probe), ["maxBatch"])["maxBatch"] ?? 1;
  return Math.max(1, Math.floor(v));
}

/** Validation only (the closed-loop replay): finished requests until every attention-DP rank has refilled one. */
export const couponCollectorDraws = defineFormula({
  id: "serving.couponCollectorDraws",
  title: "Finished requests until every rank has a new one",
  description:
    "A closed loop refills the rank a finished request left; finishes land on A ranks at random, so every rank has a waiting prompt after A·H_A of them in expectation (the coupon collector, H_A = 1 + 1/2 + … + 1/A, here A·(ln A + γ + 1/(2A))).",
  symbol: "n_cc",
  latex: "n_{cc}",
  unit: "sequence",
  inputs: { ranks: { symbol: "A", unit: "1", description: "attention data-parallel ranks" } },
  expr: (x) => mul(x.ranks, add(ln(x.ranks), 0.5772156649015329, div(0.5, x.ranks))),
  sources: [{ title: "The coupon collector's problem: expected draws n·H_n ≈ n ln n + γn + 1/2", url: "https://en.wikipedia.org/wiki/Coupon_collector%27s_problem" }, LF.TRTLLM_ATTENTION_DP_BALANCE],
  assumptions: ["finishes spread uniformly over the ranks; H_A by its asymptotic expansion (within 1% from A = 2)"],
});

/** Validation only: the share of a MoE model's parameters outside the routed experts that one group of linears holds. */
export const nonExpertShare = defineFormula({
  id: "moe.nonExpertShare",
  title: "Share of the non-expert parameters in a group of linears",
  description:
    "A checkpoint that quantises the routed experts with some other linears (NVIDIA's NVFP4 DeepSeek recipe: the MLPs, optionally the attention output projection) keeps the rest wider; each group's share of the parameters outside the routed experts sets its share of their FLOP and bytes.",
  symbol: "f",
  unit: "1",
  inputs: {
    groupParams: { symbol: "P_g", latex: "P_{g}", unit: "param", description: "parameters of the group (every layer)" },
    nonExpertParams: { symbol: "P_dense", latex: "P_{\\text{dense}}", unit: "param", description: "parameters outside the routed experts, read every step" },
  },
  expr: (x) => div(x.groupParams, x.nonExpertParams),
  sources: [
    { title: "NVIDIA Model Optimizer, examples/deepseek/ptq.py: \"*attn*\" and \"*head*\" quantisers disabled (o_proj optional: --enable_wo_quant), the MLPs in NVFP4", url: "https://github.com/NVIDIA/TensorRT-Model-Optimizer/blob/main/examples/deepseek/ptq.py" },
    { title: "SGLang team, GB200 NVL72 Part II (2025-09-25): 'Different from the official NVIDIA checkpoint, we further execute q_b_proj in FP8 instead of BF16'", url: "https://lmsys.org/blog/2025-09-25-gb200-part-2/" },
  ],
});

/**
 * A row's wider linears outside the routed experts, as a step option: `dense` is the precision of those the
 * checkpoint leaves unquantised; `denseQuantized` names the non-expert linears quantised with the experts
 * ("mlp": shared experts and dense FFN layers, NVIDIA's recipe; "mlp+o_proj": also the attention output projection,
 * its -v2 checkpoints); `denseFp8` "q_b_proj" runs MLA's query up-projection in FP8 (SGLang's low-precision path).
 */
function denseLinears(model: ModelSpec, dense: Precision, p: NonNullable<MeasurementRow["precision"]>): RooflineOptions["denseWeightPrecision"] {
  const a = model.architecture;
  const parts = model.parameters?.parts ?? [];
  const total = model.alwaysReadParams;
  if (!a || total <= 0) return undefined;
  const layers = model.layers ?? a.numLayers;
  const mlp = parts.filter((x) => x.id === "denseFfn" || x.id === "sharedExperts").reduce((s, x) => s + x.total, 0);
  const oProj = layers * a.numHeads * (a.mla ? a.mla.vHeadDim : a.headDimV) * a.hiddenSize;
  const qB = a.mla?.qLoraRank ? layers * a.mla.qLoraRank * a.numHeads * (a.mla.qkNopeHeadDim + a.mla.qkRopeHeadDim) : 0;
  const withO = (p.denseQuantized ?? "mlp") === "mlp+o_proj";
  const fp8 = p.denseFp8 === "q_b_proj" ? qB : 0;
  const wideParams = Math.max(0, total - mlp - (withO ? oProj : 0) - fp8);
  const share = (x: number) => Math.min(1, Math.max(0, nonExpertShare.fn(x, total)));
  const what = `attention projections${withO ? " but o_proj" : ""}${fp8 ? " and q_b_proj" : ""}, router, norms, output head`;
  const wide = [{ precision: dense, share: share(wideParams), what }];
  if (fp8) wide.push({ precision: "fp8", share: share(fp8), what: "q_b_proj" });
  const shares = wide.map((w) => `${(w.share * 100).toFixed(0)}% ${w.precision.toUpperCase()} (${w.what})`).join(", ");
  return { wide, origin: `${p.denseSource ?? "the row's precision.dense"}; of the ${(total / 1e9).toFixed(1)}B parameters outside the routed experts: ${shares}` };
}

/**
 * A kernel of the fitted constants for one pass, compiled with the pass's batch, context and tokens as inputs too (and
 * bound to this setup's values): rows that differ only in those share one compiled kernel (the graph's kernel cache).
 */
function sharedKernel(setup: ReturnType<typeof prepareRoofline>, outputs: readonly string[]): Kernel {
  const shape = ["batch", "contextTokens", "passTokens"];
  const k = setup.kernel([...GRAPH_FITTED_PARAMETERS.map((p) => FIT_PARAMS[p]), ...shape], outputs);
  const b = setup.params["batch"]?.value ?? 1;
  const c = setup.params["contextTokens"]?.value ?? 0;
  const t = setup.params["passTokens"]?.value ?? 1;
  if (GRAPH_FITTED_PARAMETERS.length === 5) return (a0, a1, a2, a3, a4, out) => k(a0 as number, a1 as number, a2 as number, a3 as number, a4 as number, b, c, t, out as Float64Array);
  const n = GRAPH_FITTED_PARAMETERS.length;
  return (...a) => (a.length > n ? k(...a.slice(0, n), b, c, t, ...a.slice(n)) : k(...a, b, c, t));
}

/** A kernel of [fitted constants…, batch] for one prefill pass (tokens and context bound), shared like sharedKernel. */
function batchKernel(setup: ReturnType<typeof prepareRoofline>, outputs: readonly string[]): Kernel {
  const k = setup.kernel([...GRAPH_FITTED_PARAMETERS.map((p) => FIT_PARAMS[p]), "batch", "contextTokens", "passTokens"], outputs);
  const c = setup.params["contextTokens"]?.value ?? 0;
  const t = setup.params["passTokens"]?.value ?? 1;
  if (GRAPH_FITTED_PARAMETERS.length === 5) return (a0, a1, a2, a3, a4, batch, out) => k(a0 as number, a1 as number, a2 as number, a3 as number, a4 as number, batch as number, c, t, out as Float64Array);
  const n = GRAPH_FITTED_PARAMETERS.length + 1;
  return (...a) => (a.length > n ? k(...a.slice(0, n), c, t, ...a.slice(n)) : k(...a, c, t));
}

/** Prepared closed-loop runs, by their row's inputs (all but the metric). */
const RUNS = new Map<string, RequestRun>();

/** Replays of closed loops, by their inputs (a TPOT row and a throughput row of the same point share one). */
const REPLAYS = new Map<string, ReturnType<typeof replayRequests>>();
function replayOnce(key: string, run: () => ReturnType<typeof replayRequests>): ReturnType<typeof replayRequests> {
  const hit = REPLAYS.get(key);
  if (hit) return hit;
  if (REPLAYS.size > 1000) REPLAYS.clear();
  const r = run();
  REPLAYS.set(key, r);
  return r;
}

/** Turns one measurement row into passes on this engine's step; a reason when it cannot. */
export function prepareInferenceRow(row: MeasurementRow, source: string, resolve: ResolveMeasurementModel): PreparedInferenceRow | SkippedInferenceRow {
  const skip = (reason: string): SkippedInferenceRow => ({ id: row.id, source, reason });
  if (!(INFERENCE_GROUPS as readonly string[]).includes(row.group)) return skip(`group ${row.group} is not an inference group`);
  const metric = row.metric?.name;
  if (!TIME_METRICS.has(metric) && !RATE_METRICS.has(metric) && metric !== "tokens_per_second_per_chip") return skip(`metric ${metric} is not predicted by the step (tpot, ttft, tokens/s, tokens/s per chip, requests/s)`);
  if (!(num(row.metric.value) ?? 0)) return skip("no measured value");
  const hardware = findHardware(row.hardware);
  if (!hardware) return skip(`hardware ${row.hardware} is not in the catalog`);
  const model = resolve(row.model);
  if (!model) return skip(`model ${row.model} could not be read`);
  let weights: Precision | undefined;
  let kv: Precision | undefined;
  let compute: ComputePrecision | undefined;
  let dense: RooflineOptions["denseWeightPrecision"];
  try {
    const d = precisionOf(row.precision?.dense, "precision.dense");
    if (d && model.moe && row.precision) dense = denseLinears(model, d, row.precision);
    weights = precisionOf(row.precision?.weights, "precision.weights");
    kv = precisionOf(row.precision?.kv, "precision.kv");
    const c = precisionOf(row.precision?.compute, "precision.compute");
    if (c) compute = (c === "int4" || c === "mxfp4" || c === "fp6" ? "fp8" : c === "fp32" ? "bf16" : c) as ComputePrecision;
  } catch (e) {
    return skip(isRooflineError(e) ? e.message : String(e));
  }
  const par = row.parallelism ?? {};
  const w = row.workload ?? {};
  if (metric === "tokens_per_second_per_chip") return preparePerChipRow(row, source, model, hardware, { weights, kv, compute, dense }, skip);
  // A published mean prompt may be fractional (InferenceX: the mean of uniform lengths, 921.5); the step takes whole tokens.
  const inputMean = num(w["inputTokens"]);
  const input = inputMean === undefined ? undefined : Math.max(1, Math.round(inputMean));
  const output = num(w["outputTokens"]);
  const concurrency = num(w["batch"]) ?? num(w["concurrency"]);
  let perReplica: number;
  let layoutNote: string;
  if (par.tp !== undefined || par.dp !== undefined || par.ep !== undefined) {
    const tp = par.tp ?? (par.dp ? row.chips / par.dp : row.chips);
    perReplica = tp * (par.pp ?? 1);
    // attention data-parallel inside an expert-parallel group: one replica of ep chips
    if ((par.ep ?? 1) > perReplica) perReplica = par.ep as number;
    layoutNote = `TP${tp}${par.pp ? ` PP${par.pp}` : ""}${par.ep ? ` EP${par.ep}` : ""} as published`;
  } else {
    // Not published: the smallest power-of-two group of chips (within a scale-up domain) that holds the
    // weights in 60% of its HBM, replicated over the rest — how throughput deployments are sized.
    const bytesPerWeight = weights ? BYTES_PER_VALUE[weights] : (model.napkinWeightBytesPerParam ?? BYTES_PER_VALUE[model.defaultWeightPrecision]);
    const hbm = hardware.hbmBytes.value ?? 80e9;
    const domain = Math.min(row.chips, hardware.scaleUpDomainChips.value ?? 8);
    perReplica = 1;
    while (perReplica < domain && model.totalParams * bytesPerWeight > 0.6 * hbm * perReplica) perReplica *= 2;
    perReplica = Math.min(perReplica, row.chips);
    layoutNote = `parallelism not published: ${perReplica}-chip replicas (the smallest power of two holding the weights in 60% of HBM)`;
  }
  const attentionGroupTp = par.tp ?? (par.dp ? row.chips / par.dp : row.chips);
  const attentionGroup = (par.dp ?? 1) > 1 && Number.isInteger(attentionGroupTp) && attentionGroupTp < perReplica && perReplica % attentionGroupTp === 0 ? attentionGroupTp : null;
  const replicas = row.chips / perReplica;
  if (!Number.isInteger(replicas) || replicas < 1) return skip(`chips ${row.chips} are not a whole number of replicas of TP·PP = ${perReplica}`);
  // Without a published expert-parallel degree the experts are split by tensor parallelism, each chip holding a
  // slice of every expert: vLLM's and SGLang's default (expert parallelism is opt-in), so no chip is the busiest.
  const ep = par.ep ?? 1;
  if (model.moe && par.ep === undefined && perReplica > 1) layoutNote += "; experts split by tensor parallelism (no expert parallelism published: the engines' default)";
  const mem = engineMemoryFractions(row.engine);
  if (mem.note) layoutNote += `; ${mem.note}`;
  const device = deviceMemoryBytes(hardware);
  if (device) layoutNote += `; memory: the device's ${(device.origin as { reason: string }).reason}`;
  // The run's image ran its GEMM library's untuned default tile for the dense linears (the row says so and where),
  // modelled for decode batches one 128-row tile holds (the closed loop's clients per replica).
  const why = row.engine?.untunedLinears;
  const tuned = row.engine?.tunedLinearShapes ?? [];
  const kinds = why && model.moe ? untunedKinds(model, perReplica, tuned) : [];
  const tiles = why && kinds.length ? untunedLinearsFor(hardware, why, kinds) : null;
  const untuned = tiles && Math.ceil((concurrency ?? Infinity) / replicas) <= tiles.tileRows ? tiles : null;
  if (untuned) layoutNote += `; decode's ${untuned.kinds.join(", ")} at AITER's default Triton tile (${untuned.params.effUntunedTileCols.value} wide, K unsplit, ${(untuned.params.effUntunedWorkgroupBytesPerSecond.value / 1e9).toFixed(2)} GB/s per workgroup): ${why}`;
  const base: StepOptions = {
    model,
    hardware,
    chips: given(perReplica, "row parallelism"),
    ...(untuned ? { untunedLinears: untuned } : {}),
    ...(weights ? { weightPrecision: weights } : {}),
    ...(kv ? { kvPrecision: kv } : {}),
    ...(compute ? { computePrecision: compute } : {}),
    ...(dense ? { denseWeightPrecision: dense } : {}),
    ...(model.moe ? { expertParallel: given(Math.max(1, Math.min(ep, perReplica, model.moe.routedExperts)), "row parallelism.ep") } : {}),
    // Published attention data parallelism: ranks of TP chips, each with its own sequences, its own copy of the weights
    // outside the routed experts, and the experts' all-gather + reduce-scatter between them (efficiency/attention-dp.ts).
    ...(attentionGroup !== null ? { attentionDataParallel: given(perReplica / attentionGroup, `row parallelism.dp ${par.dp}`) } : {}),
  };
  if (dense) layoutNote += `; linears outside the experts: ${dense.origin}`;
  if (kv && row.precision?.kvSource) layoutNote += `; ${kv.toUpperCase()} KV cache: ${row.precision.kvSource}`;
  const outputs = ["stepSeconds", "expectedStepSeconds"];
  const compile = (o: StepOptions): Kernel => sharedKernel(prepareStep(o), outputs);
  try {
    const ins = w["inputLengths"];
    const outs = w["outputLengths"];
    if (Array.isArray(ins) && Array.isArray(outs) && ins.length === outs.length && ins.length > 0 && (metric === "output_tokens_per_second" || metric === "tpot_seconds")) {
      const il = ins.map((x) => Math.max(0, Number(x) || 0));
      const ol = outs.map((x) => Math.max(0, Number(x) || 0));
      const n = il.length;
      const meanIn = il.reduce((a, c) => a + c, 0) / n;
      // A request's KV cache grows to its prompt + output; the engine holds as many as fit at their mean full length.
      const full = il.reduce((a, c, i) => a + c + (ol[i] as number), 0) / n;
      const fits = maxBatchAt(base, full, mem);
      const v0 = vllmV0Scheduler(row.engine, num(w["maxModelLen"]));
      const slots = Math.min(n, Math.max(1, Math.ceil((concurrency ?? n) / replicas)), fits, v0?.maxNumSeqs ?? Infinity);
      const r = replayRequests(il, ol, slots, v0?.prefillTokens ?? Infinity);
      const decodeAt = prepareStep({ ...base, phase: "decode", batch: given(1, "replay"), contextTokens: given(Math.round(r.context), "replay") }).kernel([...GRAPH_FITTED_PARAMETERS.map((p) => FIT_PARAMS[p]), "batch", "contextTokens"], outputs);
      const prefillAt = batchKernel(prepareStep({ ...base, phase: "prefill", batch: given(1, "replay"), promptTokens: given(Math.max(1, Math.round(meanIn)), "row inputLengths (mean)"), contextTokens: given(0, "row") }), outputs);
      const run: RequestRun = { decodeAt, prefillAt, ...r };
      const capNote = slots === v0?.maxNumSeqs && slots < Math.min(n, fits) ? ` (vLLM's default max_num_seqs ${v0.maxNumSeqs})` : slots < n ? " (what fits in HBM)" : "";
      const prefillNote = Number.isFinite(v0?.prefillTokens ?? Infinity)
        ? `${r.prefillSteps} prefill steps first whenever prompts wait (each up to ${v0?.prefillTokens} prompt tokens: ${v0?.note})`
        : `${r.prefillSteps} prefill step(s) of the waiting prompts that fit`;
      const what = `${n} published requests (mean prompt ${meanIn.toFixed(0)}, ${r.outputTokens} output tokens) replayed ${slots} at a time${capNote}: ${prefillNote} and ${r.steps} decode steps`;
      return {
        row, source, phase: metric === "tpot_seconds" ? "decode" : "e2e", replicas, batch: slots, outputTokens: r.outputTokens, tokensPerRequest: 1, concurrency: 0, first: null, scored: true, unscored: null, run,
        how: metric === "tpot_seconds"
          ? `${what}; the median token is decoded at batch ${r.medianTokenBatch}, context ${Math.round(r.context)}: ITL = that step; ${layoutNote}`
          : `${what} at token-weighted context ${Math.round(r.context)}; throughput = output tokens ÷ (Σ prefill steps + Σ decode steps); ${layoutNote}`,
        decode: null,
        prefill: null,
      };
    }
    const inR = range(w["inputRange"]);
    const outR = range(w["outputRange"]);
    const promptsN = num(w["prompts"]);
    if (inR && outR && promptsN && concurrency && (metric === "tpot_seconds" || metric === "total_tokens_per_second" || metric === "output_tokens_per_second")) {
      // A closed loop of C clients sending `prompts` requests, each prompt and output length drawn uniformly from its
      // range (InferenceX: --random-range-ratio 0.8, --ignore-eos): replayed request by request, per replica.
      const n = Math.max(1, Math.round(promptsN / replicas));
      const il = spreadOver(inR, n, 2);
      const ol = spreadOver(outR, n, 3);
      const meanIn = il.reduce((a, c) => a + c, 0) / n;
      const meanOut = ol.reduce((a, c) => a + c, 0) / n;
      const fits = maxBatchAt(base, heldTokens(meanIn, meanOut, mem), mem);
      const wanted = Math.max(1, Math.ceil(concurrency / replicas));
      const slots = Math.min(n, wanted, fits);
      // TensorRT-LLM's attention-DP balance (the launch's attention_dp_config): prompts wait until every rank has one —
      // in expectation A·H_A finished requests, each refilling the rank it left (coupon collector) — or timeout_iters steps.
      const ranks = base.attentionDataParallel !== undefined ? (base.attentionDataParallel as Quantity).value : 1;
      const waitSteps = num(row.engine?.attentionDpWaitSteps);
      const together = ranks > 1 && waitSteps ? { prompts: couponCollectorDraws.fn(ranks), waitSteps } : null;
      const r = replayOnce(`${inR.join("-")}|${outR.join("-")}|${n}|${slots}|${together ? together.prompts + "/" + together.waitSteps : ""}`, () => replayRequests(il, ol, slots, Infinity, together));
      // the TPOT and throughput rows of one point share the run (and so its step times under a fit)
      const runKey = JSON.stringify([row.hardware, row.chips, row.model, row.precision, row.parallelism, row.engine, w, source]);
      const run: RequestRun =
        RUNS.get(runKey) ??
        (() => {
          const decodeAt = prepareStep({ ...base, phase: "decode", batch: given(1, "replay"), contextTokens: given(Math.round(r.context), "replay") }).kernel([...GRAPH_FITTED_PARAMETERS.map((p) => FIT_PARAMS[p]), "batch", "contextTokens"], outputs);
          const prefillAt = batchKernel(prepareStep({ ...base, phase: "prefill", batch: given(1, "replay"), promptTokens: given(Math.max(1, Math.round(meanIn)), "row inputRange (mean)"), contextTokens: given(0, "row") }), outputs);
          const made: RequestRun = { decodeAt, prefillAt, ...r, meanTpot: true };
          if (RUNS.size > 1000) RUNS.clear();
          RUNS.set(runKey, made);
          return made;
        })();
      const what =
        `closed loop: ${concurrency} clients${replicas > 1 ? ` over ${replicas} replicas` : ""}, ${n} requests per replica with prompt and output lengths spread evenly over [${inR[0]}, ${inR[1]}] and [${outR[0]}, ${outR[1]}] ` +
        `(a stand-in for the benchmark's uniform random draws: their mean and spread), replayed ${slots} at a time${slots < wanted ? ` (${fits} fit in HBM)` : ""}: ` +
        `${r.prefillSteps} prefill steps (waiting prompts first${together ? `, held back until ${together.prompts.toFixed(1)} can start together or ${together.waitSteps} steps pass: the launch's attention-DP balance` : ""}, each sampling its first token) and ${r.steps} decode steps at token-weighted context ${Math.round(r.context)}`;
      return {
        row, source, phase: metric === "tpot_seconds" ? "decode" : "e2e", replicas, batch: slots, outputTokens: r.outputTokens, tokensPerRequest: 1, concurrency: 0, first: null, scored: true, unscored: null, run,
        how: metric === "tpot_seconds"
          ? `${what}; mean TPOT = each request's decode time (its decode steps and the prefill steps run meanwhile) ÷ its output − 1, averaged; ${layoutNote}`
          : `${what}; throughput = ${metric === "total_tokens_per_second" ? "input + output" : "output"} tokens ÷ (Σ prefill steps + Σ decode steps)${replicas > 1 ? ` × ${replicas} replicas` : ""}; ${layoutNote}`,
        decode: null,
        prefill: null,
      };
    }
    if (metric === "tpot_seconds") {
      const wanted = Math.max(1, Math.ceil((concurrency ?? 1) / replicas));
      const fits = maxBatchAt(base, num(w["contextTokens"]) ?? heldTokens(input ?? 0, output ?? 0, mem), mem);
      const b = Math.min(wanted, fits);
      const capNote = b < wanted ? ` (${wanted} requested per replica; ${fits} fit in HBM, the rest queue)` : "";
      const given_ctx = num(w["contextTokens"]);
      if (given_ctx === undefined && output === undefined) return skip("a TPOT row needs contextTokens, or outputTokens (and inputTokens)");
      const ctx = given_ctx ?? (input ?? 0) + (output as number) / 2;
      const ctxNote = given_ctx !== undefined ? "" : input === undefined ? " (input length not published: the context counts the output only, a floor: bound check only)" : "";
      const unscored = given_ctx === undefined && input === undefined ? NO_INPUT : null;
      const decode = compile({ ...base, phase: "decode", batch: given(b, "row concurrency"), contextTokens: given(Math.round(ctx), "row workload") });
      if (given_ctx !== undefined || !input || !output) {
        return { row, source, phase: "decode", replicas, batch: b, outputTokens: 1, tokensPerRequest: 1, concurrency: 0, first: null, scored: unscored === null, unscored, how: `decode step, batch ${b}${capNote} per replica, context ${Math.round(ctx)}${ctxNote}; ${layoutNote}, ${replicas} replica(s)`, decode, prefill: null };
      }
      // Continuous batching runs arriving prompts inside the decode steps: over a request's life the
      // steps carry its batch's prefill work too, so TPOT = (prefill of B prompts + O steps) ÷ O.
      return {
        row, source, phase: "decode", replicas, batch: b, outputTokens: output, tokensPerRequest: 1, concurrency: 0, first: null, scored: true, unscored: null,
        how: `TPOT = (prefill ${b} × ${input} + ${Math.round(output)} decode steps at batch ${b}${capNote}, context ${Math.round(ctx)}) ÷ ${Math.round(output)}: prompts run inside decode steps; ${layoutNote}, ${replicas} replica(s)`,
        decode,
        prefill: compile({ ...base, phase: "prefill", batch: given(b, "row concurrency"), promptTokens: given(input, "row inputTokens"), contextTokens: given(0, "row") }),
      };
    }
    if (metric === "ttft_seconds") {
      if (!input) return skip("a TTFT row needs inputTokens");
      const first = compile({ ...base, phase: "prefill", batch: given(1, "one request"), promptTokens: given(input, "row inputTokens"), contextTokens: given(0, "row") });
      const closed = num(w["concurrency"]);
      if (closed !== undefined && num(w["requestRate"]) === undefined && output) {
        // Closed loop: C clients, B of them in flight; the rest wait for a slot (Little's law).
        const c = Math.max(1, Math.ceil(closed / replicas));
        const fits = maxBatchAt(base, heldTokens(input, output, mem), mem);
        const b = Math.min(c, fits);
        return {
          row, source, phase: "prefill", replicas, batch: b, outputTokens: output, tokensPerRequest: 1, concurrency: c, scored: true, unscored: null,
          how: `closed loop, ${c} requests outstanding per replica, ${b} in flight${b < c ? ` (${fits} fit in HBM)` : ""}: TTFT = wait (C − B)·t_req/B + prefill of 1 × ${input} + ${c > 1 ? "one decode step at batch " + b : "no decode step (alone)"}; t_req = prefill ${b} × ${input} + ${Math.round(output)} decode steps; ${layoutNote}`,
          first,
          decode: compile({ ...base, phase: "decode", batch: given(b, "row concurrency"), contextTokens: given(Math.round(input + output / 2), "row workload") }),
          prefill: compile({ ...base, phase: "prefill", batch: given(b, "row concurrency"), promptTokens: given(input, "row inputTokens"), contextTokens: given(0, "row") }),
        };
      }
      const b = Math.max(1, num(w["batch"]) ?? 1);
      return {
        row, source, phase: "prefill", replicas, batch: b, outputTokens: 0, tokensPerRequest: 1, concurrency: 0, first: null, scored: true, unscored: null,
        how: `prefill pass of ${b} × ${input} tokens (queueing under open-loop load not modelled); ${layoutNote}`,
        decode: null,
        prefill: compile({ ...base, phase: "prefill", batch: given(b, "row batch"), promptTokens: given(input, "row inputTokens"), contextTokens: given(0, "row") }),
      };
    }
    if (!output) return skip("a throughput row needs outputTokens (and inputTokens)");
    let b: number;
    let bNote: string;
    // One wave (as many prompts as slots, all sent at once): every request reaches its full length at the
    // same time, so the KV cache must hold input + output for each; staggered requests hold half the output.
    const prompts = num(w["prompts"]);
    const oneWave = prompts !== undefined && concurrency !== undefined && prompts <= concurrency;
    const fits = maxBatchAt(base, oneWave ? (input ?? 0) + output : heldTokens(input ?? 0, output, mem), mem);
    if (concurrency) {
      const wanted = Math.max(1, Math.ceil(concurrency / replicas));
      b = Math.min(wanted, fits);
      bNote = b < wanted ? `${wanted} requests per replica, ${b} fit in HBM${oneWave ? " at their full length (one wave, in lockstep)" : ""} (the rest queue)` : `${b} requests in flight per replica${oneWave ? " (one wave)" : ""}`;
    } else {
      b = Math.min(OFFLINE_BATCH_CAP, fits);
      bNote = `no concurrency given (offline): the largest batch that fits, ${b} (cap ${OFFLINE_BATCH_CAP})`;
    }
    if (!input) {
      if (metric !== "output_tokens_per_second") return skip("a throughput row counting input tokens needs inputTokens");
      // Input length not published: no prefill and a context of the output alone — a ceiling on the
      // throughput, so the ideal is still a bound; the expected is not scored.
      return {
        row, source, phase: "e2e", replicas, batch: b, outputTokens: output, tokensPerRequest: output, concurrency: 0, first: null, scored: false, unscored: NO_INPUT,
        how: `${bNote}; input length not published: no prefill, ${output} decode steps at context ${Math.round(output / 2)} (a ceiling: bound check only); ${layoutNote}, ${replicas} replica(s)`,
        decode: compile({ ...base, phase: "decode", batch: given(b, "row concurrency"), contextTokens: given(Math.round(output / 2), "row workload") }),
        prefill: null,
      };
    }
    // vLLM allocates as tokens come and preempts by recompute (VLLM_PREEMPTION): one wave too large to hold at full
    // length is admitted whole and replayed with its preemptions, not run as fewer requests in lockstep.
    if (oneWave && concurrency && b < Math.ceil(concurrency / replicas) && (row.engine?.name ?? "").toLowerCase() === "vllm" && (metric === "output_tokens_per_second" || metric === "total_tokens_per_second")) {
      const wanted = Math.max(1, Math.ceil(concurrency / replicas));
      const capacity = fits * (input + output);
      const r = replayPreemptive(input, output, Math.max(1, Math.round((prompts as number) / replicas)), capacity, wanted);
      const decodeAt = prepareStep({ ...base, phase: "decode", batch: given(1, "replay"), contextTokens: given(Math.round(r.context), "replay") }).kernel([...GRAPH_FITTED_PARAMETERS.map((p) => FIT_PARAMS[p]), "batch", "contextTokens"], outputs);
      const prefillAt = batchKernel(prepareStep({ ...base, phase: "prefill", batch: given(1, "replay"), promptTokens: given(input, "row inputTokens"), contextTokens: given(0, "row") }), outputs);
      const run: RequestRun = { decodeAt, prefillAt, ...r };
      return {
        row, source, phase: "e2e", replicas, batch: wanted, outputTokens: r.outputTokens, tokensPerRequest: 1, concurrency: 0, first: null, scored: true, unscored: null, run,
        how:
          `one wave of ${wanted} requests per replica, all admitted; the KV pool holds ${Math.round(capacity).toLocaleString("en-US")} tokens (${fits} requests at their full ${input + output}), so vLLM preempts as they grow ` +
          `(${r.preempted} preemptions, ${Math.round(r.recomputedTokens).toLocaleString("en-US")} tokens prefilled again on readmission): ${r.prefillSteps} prefill steps (their tokens as ${input}-token prompts) and ${r.steps} decode steps at token-weighted context ${Math.round(r.context)}; ` +
          `throughput = ${metric === "total_tokens_per_second" ? "input + output" : "output"} tokens ÷ (Σ prefill steps + Σ decode steps); ${layoutNote}`,
        decode: null,
        prefill: null,
      };
    }
    const n = metric === "output_tokens_per_second" ? output : metric === "total_tokens_per_second" ? input + output : 1;
    return {
      row, source, phase: "e2e", replicas, batch: b, outputTokens: output, tokensPerRequest: n, concurrency: 0, first: null, scored: true, unscored: null,
      how: `${bNote}; prefill ${b} × ${input} tokens + ${output} decode steps at context ${Math.round(input + output / 2)}; ${layoutNote}, ${replicas} replica(s)`,
      decode: compile({ ...base, phase: "decode", batch: given(b, "row concurrency"), contextTokens: given(Math.round(input + output / 2), "row workload") }),
      prefill: compile({ ...base, phase: "prefill", batch: given(b, "row concurrency"), promptTokens: given(input, "row inputTokens"), contextTokens: given(0, "row") }),
    };
  } catch (e) {
    return skip(isRooflineError(e) ? e.message : String(e));
  }
}

/**
 * A tokens-per-second-per-chip row: one instance with the published degrees (experts spread over `ep` chips,
 * attention data-parallel over `dp` groups or tensor-parallel over `tp`), through the expected layout: a
 * prefill instance's input tokens per second, a decode instance's output tokens per second, ÷ its chips.
 * The batch: as published, else the largest that fits (the instances are run saturated; cap OFFLINE_BATCH_CAP).
 */
function preparePerChipRow(
  row: MeasurementRow,
  source: string,
  model: ModelSpec,
  hardware: NonNullable<ReturnType<typeof findHardware>>,
  precision: { weights: Precision | undefined; kv: Precision | undefined; compute: ComputePrecision | undefined; dense: RooflineOptions["denseWeightPrecision"] },
  skip: (reason: string) => SkippedInferenceRow,
): PreparedInferenceRow | SkippedInferenceRow {
  const par = row.parallelism ?? {};
  const w = row.workload ?? {};
  const input = num(w["inputTokens"]);
  const output = num(w["outputTokens"]);
  if (!input) return skip("a tokens-per-chip row needs inputTokens");
  const prefill = row.group === "prefill" || (output !== undefined && output <= 1);
  const chips = row.chips;
  const ep = model.moe ? (par.ep ?? 1) : 1;
  const tp = par.tp ?? (model.moe && par.ep ? 1 : chips);
  const adp = par.dp ?? (model.moe && ep > 1 ? ep * tp : 1);
  if (ep * tp !== chips) return skip(`the instance's ${chips} chips are not EP ${ep} × TP ${tp} as published`);
  // Decode at the mean held context (prompt + half the output); without a published output length only the prompt (a floor: bound check only).
  const context = prefill ? 0 : input + (output ?? 0) / 2;
  const unscored = !prefill && output === undefined ? "output length not published: decode at the prompt's context alone, a floor on the KV reads: bound check only" : null;
  const base: RooflineOptions = {
    model,
    hardware,
    chips: given(chips, "row chips"),
    ...(precision.weights ? { weightPrecision: precision.weights } : {}),
    ...(precision.kv ? { kvPrecision: precision.kv } : {}),
    ...(precision.compute ? { computePrecision: precision.compute } : {}),
    ...(precision.dense ? { denseWeightPrecision: precision.dense } : {}),
    ...(model.moe ? { expertParallel: given(Math.max(1, Math.min(ep, model.moe.routedExperts)), "row parallelism.ep") } : {}),
    // Attention data-parallel groups hold their own sequences' cache: no copies of an MLA latent across them.
    ...(adp > 1 && Number.isInteger(chips / adp) ? { attentionGroupChips: { value: chips / adp, origin: `row parallelism: ${adp} attention data-parallel groups` } } : {}),
  };
  const givenBatch = num(w["batch"]);
  const mixed = !prefill && row.group === "e2e" && output !== undefined;
  const offShare = row.engine?.offloadedExpertShare;
  const offload = offShare ? { share: offShare, why: `${offShare} of the routed-expert weights in host memory (row engine.offloadedExpertShare: ${row.engine?.offloadSource ?? "stated by the run"})` } : undefined;
  const fits = maxBatchAt(base, prefill ? input : context, engineMemoryFractions(row.engine), offload);
  // Each attention group runs its own engine process, each up to OFFLINE_BATCH_CAP requests.
  const batch = Math.max(1, Math.round(givenBatch ?? Math.min(OFFLINE_BATCH_CAP * adp, fits)));
  const batchNote = givenBatch !== undefined ? `batch ${batch} as published` : `batch not published: the largest that fits, ${batch} (cap ${OFFLINE_BATCH_CAP} per attention group)${offload ? `, ${offload.why}` : ""}`;
  // What the run states of its expert exchange: the dispatch precision, and an engine that does not overlap it with compute.
  const dispatch = row.precision?.dispatch;
  const dispatchBytes = dispatch !== undefined ? DISPATCH_BYTES_PER_VALUE[dispatch] : undefined;
  if (dispatch !== undefined && dispatchBytes === undefined) return skip(`precision.dispatch ${dispatch} is not one of ${Object.keys(DISPATCH_BYTES_PER_VALUE).join(", ")}`);
  const noOverlap = row.engine?.dualBatchOverlap === false;
  const exchange = {
    ...(dispatchBytes !== undefined ? { dispatchBytes: given(dispatchBytes, `row precision.dispatch ${dispatch}: ${row.precision?.dispatchSource ?? "stated by the run"}`) } : {}),
    ...(noOverlap ? { overlapCommunication: false } : {}),
  };
  const exchangeNote = `${dispatchBytes !== undefined ? `; dispatch ${dispatch} (${dispatchBytes} B/value)` : ""}${noOverlap ? `; no dual-batch overlap (${row.engine?.name} as launched): communication after compute` : ""}`;
  try {
    const layout = (phase: "prefill" | "decode") => {
      const setup = prepareLayout({
        model,
        hardware,
        expertParallel: given(ep, "row parallelism.ep"),
        tensorParallel: given(tp, "row parallelism.tp"),
        attentionDataParallel: given(adp, "row parallelism.dp"),
        microBatch: given(batch, "row batch"),
        phase,
        ...(phase === "prefill" ? { promptTokens: given(input, "row inputTokens"), contextTokens: given(0, "row") } : { contextTokens: given(Math.round(context), "row workload") }),
        ...(precision.weights ? { weightPrecision: precision.weights } : {}),
        ...(precision.kv ? { kvPrecision: precision.kv } : {}),
        ...(precision.compute ? { computePrecision: precision.compute } : {}),
        ...(precision.dense ? { denseWeightPrecision: precision.dense } : {}),
        ...exchange,
      });
      const twice = setup.params["expTensorParallelLatencySeconds"]?.value === setup.params["expCollectiveLatencySeconds"]?.value;
      const varying = [...GRAPH_FITTED_PARAMETERS.map((k) => LAYOUT_FIT_PARAMS[k]), ...(twice ? ["expTensorParallelLatencySeconds"] : [])];
      return { kernel: setup.kernel(varying, ["pipelineCycleSeconds", "expectedCycleSeconds"]), twice };
    };
    const pre = prefill || mixed ? layout("prefill") : null;
    const dec = prefill ? null : layout("decode");
    const perChip: PerChipInstance = {
      mode: prefill ? "prefill" : mixed ? "mixed" : "decode",
      prefill: pre?.kernel ?? null,
      decode: dec?.kernel ?? null,
      chips,
      batch,
      inputTokens: input,
      outputTokens: output ?? 1,
      collectiveTwice: (pre ?? dec)?.twice ?? false,
    };
    const what = prefill
      ? `prefill instance: ${batch} prompts of ${input} tokens a pass, input tokens/s`
      : mixed
        ? `mixed instance: ${batch} requests each prefilled (${input} tokens) and decoded ${output} steps at context ${Math.round(context)}, output tokens/s`
        : `decode instance: ${batch} sequences at context ${Math.round(context)}, output tokens/s`;
    return {
      row, source, phase: prefill ? "prefill" : mixed ? "e2e" : "decode", replicas: 1, batch, outputTokens: output ?? 1, tokensPerRequest: 1, concurrency: 0, first: null, decode: null, prefill: null,
      scored: unscored === null, unscored, perChip,
      how: `${what} (${batchNote}); EP ${ep}, TP ${tp}, attention data-parallel ${adp} (the expected layout), ÷ ${chips} chips${precision.dense ? `; linears outside the experts: ${precision.dense.origin}` : ""}${exchangeNote}${unscored ? `; ${unscored}` : ""}`,
    };
  } catch (e) {
    return skip(isRooflineError(e) ? e.message : String(e));
  }
}

/**
 * Bytes per value of the expert dispatch precisions runs state (precision.dispatch): NVFP4 sends 4-bit values with one
 * FP8 (E4M3) scale per 16 values (0.5 + 1/16 B, the format the SGLang GB200 Part II post describes: "a small block size
 * (16) and ... FP8 as the scaling factor data type"); FP8 and BF16 as the expected layout counts them (scales not counted).
 */
export const DISPATCH_BYTES_PER_VALUE: Record<string, number> = { bf16: 2, fp8: 1, nvfp4: 0.5 + 1 / 16 };

/** Why a row with an unpublished input length is checked as a bound but not scored. */
export const NO_INPUT =
  "input length not published (MLPerf and ShareGPT rows: the dataset's mean prompt is not in the source): the row is predicted with no prompt, a floor on the work, so it checks the ideal as a bound but its expected error is not scored or fitted";

const isSkipped = (x: PreparedInferenceRow | SkippedInferenceRow): x is SkippedInferenceRow => "reason" in x;

export function prepareInferenceRows(files: readonly MeasurementFile[], resolve: ResolveMeasurementModel): { prepared: PreparedInferenceRow[]; skipped: SkippedInferenceRow[] } {
  const prepared: PreparedInferenceRow[] = [];
  const skipped: SkippedInferenceRow[] = [];
  for (const f of files) {
    if (f.source.fixture) {
      // A format fixture (bench/gpu/rows.py --format-fixture): read, never predicted or scored.
      for (const row of f.rows) skipped.push({ id: row.id, source: f.source.id, reason: `format fixture, not a measurement: ${f.source.fixture.slice(0, 80)}…` });
      continue;
    }
    for (const row of f.rows) {
      if (row.group === "training") continue;
      const prep = prepareInferenceRow(row, f.source.id, resolve);
      // The data may mark a row bound-only (`boundOnly`: a cost in its metric the step has no term for): checked, not scored or fitted.
      const p = !isSkipped(prep) && prep.scored && typeof row.boundOnly === "string" && row.boundOnly ? { ...prep, scored: false, unscored: row.boundOnly, how: `${prep.how}; bound check only: ${row.boundOnly}` } : prep;
      if (isSkipped(p)) skipped.push(p);
      else if (synchronousScheduler(row.engine)) prepared.push({ ...p, syncScheduler: true, how: `${p.how}; ${row.engine?.name} ${row.engine?.version} schedules synchronously: the host time per sequence includes the synchronous scheduler's` });
      else if (steppedScheduler(row.engine)) prepared.push({ ...p, steppedScheduler: true, how: `${p.how}; ${row.engine?.name} ${row.engine?.version} (V1) schedules each step before running it: host time per sequence at least the scheduling share of vLLM's v0.6.0 profile (a prior)` });
      else prepared.push(p);
    }
  }
  return { prepared, skipped };
}

export const VLLM_V0_SCHEDULER: SourceRef = {
  title:
    "vLLM 0.5/0.6 (V0 engine): EngineArgs max_num_seqs = 256; SchedulerConfig max_num_batched_tokens defaults to max(max_model_len, 2048) without chunked prefill ('If max_model_len is too short, use 2048 as the default value for higher throughput'), chunked prefill being on by default only for max_model_len > 32K; the default scheduler runs waiting prompts' prefill in its own step before the running requests' decode",
  url: "https://github.com/vllm-project/vllm/blob/v0.5.4/vllm/config.py",
};

/**
 * vLLM's V0 scheduler defaults where the row's engine is vLLM before 0.7: at most 256 sequences in flight, and with a
 * published max_model_len of at most 32K (no chunked prefill) prefill steps of at most max(max_model_len, 2048) prompt
 * tokens. Null for other engines; the prefill budget unbounded where max_model_len is not published or chunked
 * prefill is on (its 512-token mixed steps are not replayed).
 */
export function vllmV0Scheduler(engine: { name?: string; version?: string } | undefined, maxModelLen: number | undefined): { maxNumSeqs: number; prefillTokens: number; note: string } | null {
  if (!engine || (engine.name ?? "").toLowerCase() !== "vllm") return null;
  const m = /^v?(\d+)\.(\d+)/.exec(engine.version ?? "");
  if (m === null || Number(m[1]) !== 0 || Number(m[2]) >= 7) return null;
  if (maxModelLen === undefined || maxModelLen > 32768) return { maxNumSeqs: 256, prefillTokens: Infinity, note: "max_model_len not published or above 32K" };
  const budget = Math.max(maxModelLen, 2048);
  return { maxNumSeqs: 256, prefillTokens: budget, note: `vLLM ${engine.version}'s default max(max_model_len ${maxModelLen}, 2048), no chunked prefill` };
}

/**
 * Whether a row's engine schedules synchronously: vLLM before 0.6.0 prepared each step on the CPU while the GPU
 * waited (0.6.0 added multi-step scheduling and asynchronous output processing to hide it, per its release notes;
 * LambdaLabs' own report on its 0.5.4 runs: GPU power ~60%, v0.6.0 doubled throughput by cutting CPU overhead).
 */
export function synchronousScheduler(engine: { name?: string; version?: string } | undefined): boolean {
  if (!engine || (engine.name ?? "").toLowerCase() !== "vllm") return false;
  const m = /^v?(\d+)\.(\d+)/.exec(engine.version ?? "");
  return m !== null && Number(m[1]) === 0 && Number(m[2]) < 6;
}

/**
 * Whether a row's engine is vLLM's V1 engine before 0.14: it schedules each step, prepares its inputs and takes in
 * its outputs (update_from_output) while the GPU waits — asynchronous scheduling, which prepares step N+1 while the
 * GPU runs step N, became the default in 0.14.0 (release notes; vLLM's blog of 2025-10-09 on Blackwell InferenceMAX:
 * "--async-scheduling now enables full overlap between model execution and host overheads, eliminating GPU idle time
 * previously caused by synchronization") — with its API server and detokenizer in processes apart (V1 blog). The engine generation is the row's engine.core where its records state it (AMD's images turned V1
 * on only from their 20250620 build), else vLLM's default: V1 from 0.8.0 (vLLM's V1 user guide, March 2025: "V1 is now
 * enabled by default", vllm-project/vllm #15064). V0 from 0.6 overlaps its
 * output processing with the GPU (asynchronous output processing, v0.6.0 blog) and keeps the host time every engine
 * exposes (the fitted one).
 */
export function steppedScheduler(engine: { name?: string; version?: string; core?: string } | undefined): boolean {
  if (!engine || (engine.name ?? "").toLowerCase() !== "vllm") return false;
  const m = /^v?(\d+)\.(\d+)/.exec(engine.version ?? "");
  if (m === null || Number(m[1]) !== 0 || Number(m[2]) >= 14) return false;
  return engine.core !== undefined ? engine.core === "v1" : Number(m[2]) >= 8;
}

/** The graph's fitted parameters for a row: the host time per sequence includes the synchronous scheduler's extra, or the stepped scheduler's prior, where the engine has one. */
let lastFit: number[] = [];
let lastArgs: [number[], number[], number[]] = [[], [], []];
function graphArgs(fit: FitValues, sync: boolean, stepped = false): number[] {
  // the same fitted values for every row of a pass: their three argument lists are made once
  if (FITTED_PARAMETERS.some((k, i) => fit[k] !== lastFit[i])) {
    lastFit = FITTED_PARAMETERS.map((k) => fit[k]);
    const extra = [0, fit.syncHostSecondsPerSequence, steppedHostSecondsPerSequence(fit)];
    lastArgs = extra.map((x) => GRAPH_FITTED_PARAMETERS.map((k) => (k === "hostSecondsPerSequence" ? fit.hostSecondsPerSequence + x : fit[k]))) as [number[], number[], number[]];
  }
  return lastArgs[sync ? 1 : stepped ? 2 : 0];
}

/** The committed fit's values. */
export function committedFit(): FitValues {
  return Object.fromEntries(FITTED_PARAMETERS.map((p) => [p, EFFICIENCY_FIT.parameters[p].value])) as FitValues;
}

const scratch = new Float64Array(2);

/** A replayed run's metric: its median-token decode step (ITL), or output tokens ÷ (Σ prefill steps + Σ decode steps). */
function predictRun(p: PreparedInferenceRow, run: RequestRun, args: number[], perStep: number): { ideal: number; expected: number } {
  if (p.row.metric.name === "tpot_seconds" && !run.meanTpot) {
    run.decodeAt(...args, run.medianTokenBatch, run.context, scratch);
    return { ideal: scratch[0] as number, expected: (scratch[1] as number) + perStep };
  }
  const st = runSteps(run, args);
  if (p.row.metric.name === "tpot_seconds") {
    // the mean over requests of (their decode steps + the prefill steps run meanwhile) ÷ (output − 1)
    let tI = 0;
    let tE = 0;
    let wSum = 0;
    for (let j = 0; j < run.nodes.length; j++) {
      const wj = run.tpotWeights[j] as number;
      tI += wj * (st.decode[2 * j] as number);
      tE += wj * (st.decode[2 * j + 1] as number);
      wSum += wj;
    }
    for (let j = 0; j < run.prefillNodes.length; j++) {
      const wj = run.tpotPrefillWeights[j] as number;
      tI += wj * (st.prefill[2 * j] as number);
      tE += wj * (st.prefill[2 * j + 1] as number);
      wSum += wj;
    }
    return { ideal: tI, expected: tE + perStep * wSum };
  }
  let tI = 0;
  let tE = perStep * (run.steps + run.prefillSteps);
  for (let j = 0; j < run.nodes.length; j++) {
    const wj = run.weights[j] as number;
    tI += wj * (st.decode[2 * j] as number);
    tE += wj * (st.decode[2 * j + 1] as number);
  }
  for (let j = 0; j < run.prefillNodes.length; j++) {
    const wj = run.prefillWeights[j] as number;
    tI += wj * (st.prefill[2 * j] as number);
    tE += wj * (st.prefill[2 * j + 1] as number);
  }
  const tokens = p.row.metric.name === "total_tokens_per_second" ? run.outputTokens + run.inputTokens : run.outputTokens;
  return { ideal: p.replicas * tokensPerSecond.fn(tokens, tI), expected: p.replicas * tokensPerSecond.fn(tokens, tE) };
}

/** An instance's tokens per second per chip: prefill (input tokens), decode (output tokens) or mixed (each request's prefill and decode steps). */
function predictPerChip(c: PerChipInstance, args: number[], fit: FitValues): { ideal: number; expected: number } {
  const call = (k: Kernel): [number, number] => {
    if (c.collectiveTwice) k(...args, fit.collectiveLatencySeconds, scratch);
    else k(...args, scratch);
    return [scratch[0] as number, scratch[1] as number];
  };
  const [pI, pE] = c.prefill ? call(c.prefill) : [0, 0];
  const [dI, dE] = c.decode ? call(c.decode) : [0, 0];
  if (c.mode === "prefill") return { ideal: tokensPerSecond.fn(c.batch * c.inputTokens, pI) / c.chips, expected: tokensPerSecond.fn(c.batch * c.inputTokens, pE) / c.chips };
  if (c.mode === "decode") return { ideal: tokensPerSecond.fn(c.batch, dI) / c.chips, expected: tokensPerSecond.fn(c.batch, dE) / c.chips };
  const tI = requestSeconds.fn(pI, c.outputTokens, dI);
  const tE = requestSeconds.fn(pE, c.outputTokens, dE);
  return { ideal: tokensPerSecondOfWave.fn(1, c.batch, c.outputTokens, tI) / c.chips, expected: tokensPerSecondOfWave.fn(1, c.batch, c.outputTokens, tE) / c.chips };
}

/** The row's metric, ideal and expected, under fitted values `fit`. */
export function predictRow(p: PreparedInferenceRow, fit: FitValues): { ideal: number; expected: number } {
  const args = graphArgs(fit, p.syncScheduler === true, p.steppedScheduler === true);
  // a synchronous engine's host time per step, whatever its batch (expected only: the ideal has no host time)
  const perStep = p.syncScheduler === true ? fit.syncHostSecondsPerStep : 0;
  if (p.run) return predictRun(p, p.run, args, perStep);
  if (p.perChip) return predictPerChip(p.perChip, args, fit);
  let dI = 0, dE = 0, pI = 0, pE = 0;
  if (p.decode) {
    p.decode(...args, scratch);
    dI = scratch[0] as number;
    dE = (scratch[1] as number) + perStep;
  }
  if (p.prefill) {
    p.prefill(...args, scratch);
    pI = scratch[0] as number;
    pE = (scratch[1] as number) + perStep;
  }
  const metric = p.row.metric.name;
  if (metric === "tpot_seconds") {
    if (!p.prefill) return { ideal: dI, expected: dE };
    return { ideal: requestSeconds.fn(pI, p.outputTokens, dI) / p.outputTokens, expected: requestSeconds.fn(pE, p.outputTokens, dE) / p.outputTokens };
  }
  if (metric === "ttft_seconds") {
    if (!p.first) return { ideal: pI, expected: pE };
    p.first(...args, scratch);
    const fI = scratch[0] as number;
    const fE = (scratch[1] as number) + perStep;
    const alone = p.concurrency <= 1;
    const ttft = (pre: number, dec: number, one: number) => {
      const treq = requestSeconds.fn(pre, p.outputTokens, dec);
      // waits for a slot (closed loop), then behind the other arriving prompts' prefills (none when alone)
      const wait = closedLoopWaitSeconds.fn(p.concurrency, p.batch, treq) + (alone ? 0 : prefillQueueWaitSeconds.fn(pre / treq, pre / p.batch));
      return timeToFirstTokenSeconds.fn(wait, one, alone ? 0 : dec);
    };
    // The ideal is the bound: the prompt's prefill alone, no wait for a slot and no batch to share with.
    return { ideal: fI, expected: ttft(pE, dE, fE) };
  }
  const tI = requestSeconds.fn(pI, p.outputTokens, dI);
  const tE = requestSeconds.fn(pE, p.outputTokens, dE);
  return { ideal: tokensPerSecondOfWave.fn(p.replicas, p.batch, p.tokensPerRequest, tI), expected: tokensPerSecondOfWave.fn(p.replicas, p.batch, p.tokensPerRequest, tE) };
}

export function predictRows(rows: readonly PreparedInferenceRow[], fit: FitValues): RowPrediction[] {
  return rows.map((p) => {
    const { ideal, expected } = predictRow(p, fit);
    const measured = p.row.metric.value;
    const isTime = TIME_METRICS.has(p.row.metric.name);
    return {
      id: p.row.id,
      source: p.source,
      group: p.row.group,
      hardware: p.row.hardware,
      chips: p.row.chips,
      model: p.row.model,
      metric: p.row.metric.name,
      unit: p.row.metric.unit ?? (isTime ? "s" : "token/s"),
      measured,
      ideal,
      expected,
      error: expected / measured - 1,
      idealError: ideal / measured - 1,
      bound: isTime ? ideal <= measured * (1 + 1e-9) : ideal >= measured * (1 - 1e-9),
      phase: p.phase,
      how: p.how,
      scored: p.scored,
    };
  });
}

export function quantile(xs: readonly number[], q: number): number {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return (s[lo] as number) + ((s[hi] as number) - (s[lo] as number)) * (pos - lo);
}

export interface ErrorSummary {
  /** Rows whose expected error is scored (inputs known). */
  rows: number;
  /** Rows in the bound check (scored ones and those with an input at its floor). */
  boundRows: number;
  medianAbsError: number;
  p90AbsError: number;
  /** Share of rows where the ideal is a bound. */
  boundShare: number;
  /** Median measured ÷ ideal slowdown (how far reality is from the bound). */
  medianIdealGap: number;
}

export function summarize(all: readonly { error: number; idealError: number; bound: boolean; metric: string; scored?: boolean }[]): ErrorSummary {
  const ps = all.filter((p) => p.scored !== false);
  const abs = ps.map((p) => Math.abs(p.error));
  const gaps = ps.map((p) => (TIME_METRICS.has(p.metric) ? 1 / (1 + p.idealError) : 1 + p.idealError));
  return {
    rows: ps.length,
    boundRows: all.length,
    medianAbsError: quantile(abs, 0.5),
    p90AbsError: quantile(abs, 0.9),
    boundShare: all.length ? all.filter((p) => p.bound).length / all.length : NaN,
    medianIdealGap: quantile(gaps, 0.5),
  };
}

function groupBy<T>(xs: readonly T[], key: (x: T) => string): Record<string, T[]> {
  const out: Record<string, T[]> = {};
  for (const x of xs) (out[key(x)] ??= []).push(x);
  return out;
}

// ---- The fit ------------------------------------------------------------------------------------------

/** Bounds of each fitted constant: physically meaningful ranges. */
export const FIT_BOUNDS: Record<keyof FitValues, [number, number]> = {
  // cuBLAS/hipBLASLt reach 40–95% of dense peak on large shapes across generations
  matmul: [0.4, 0.95],
  // a kernel's launch and dependency gap: ~1 µs inside a CUDA graph to ~10 µs launched eagerly
  launchSeconds: [1e-6, 10e-6],
  // a small-message all-reduce inside a scale-up domain: ~5–60 µs (nccl-tests)
  collectiveLatencySeconds: [5e-6, 60e-6],
  // a serving engine's CPU work per sequence per step the GPU waits for: 0 (fully overlapped) to 500 µs
  hostSecondsPerSequence: [0, 500e-6],
  // more of it where the engine schedules synchronously (vLLM before 0.6): 0 to 500 µs; held at 0 when no fitted row has such an engine
  syncHostSecondsPerSequence: [0, 500e-6],
  // and per step whatever its batch (the scheduler's own Python work): 0 to 20 ms; without such rows both come from the profile (syncHostPrior)
  syncHostSecondsPerStep: [0, 20e-3],
};

/**
 * The loss: mean |ln(expected ÷ measured)| — symmetric in over- and under-prediction, robust to a few far rows —
 * with each source weighing the same in total (its rows 1/n each), so that the source with the most rows does not
 * set the constants for every chip and engine.
 */
export function fitLoss(all: readonly PreparedInferenceRow[], fit: FitValues): number {
  const rows = all.filter((p) => p.scored);
  const perSource = new Map<string, number>();
  for (const p of rows) perSource.set(p.source, (perSource.get(p.source) ?? 0) + 1);
  let s = 0;
  for (const p of rows) {
    const { expected } = predictRow(p, fit);
    const r = expected / p.row.metric.value;
    s += (r > 0 && Number.isFinite(r) ? Math.abs(Math.log(r)) : 10) / (perSource.get(p.source) as number);
  }
  return perSource.size ? s / perSource.size : 0;
}

/**
 * Deterministic fit: two rounds of coordinate descent (each constant by golden-section search within its
 * bounds, from the middle of the bounds), then Nelder–Mead on the constants scaled to [0, 1] to follow
 * the valleys where two constants trade off (the launch gap and the collective latency both add time per
 * layer). No randomness: the same rows give the same numbers.
 */
export function fitInferenceEfficiency(all: readonly PreparedInferenceRow[]): { fit: FitValues; loss: number } {
  const rows = all.filter((p) => p.scored);
  if (!rows.length) return { fit: committedFit(), loss: 0 };
  // A constant no fitted row depends on is not fitted: the synchronous scheduler's extra host times without such an engine's rows are the published profile's (syncHostPrior).
  const pinned = new Set<keyof FitValues>(rows.some((p) => p.syncScheduler) ? [] : ["syncHostSecondsPerSequence", "syncHostSecondsPerStep"]);
  const keys = FITTED_PARAMETERS.filter((k) => !pinned.has(k));
  const toFit = (u: readonly number[]): FitValues =>
    Object.fromEntries([
      ...keys.map((k, i) => [k, FIT_BOUNDS[k][0] + Math.min(1, Math.max(0, u[i] as number)) * (FIT_BOUNDS[k][1] - FIT_BOUNDS[k][0])]),
      ...[...pinned].map((k) => [k, FIT_BOUNDS[k][0]]),
    ]) as FitValues;
  const loss = (u: readonly number[]) => fitLoss(rows, toFit(u));
  const u = keys.map(() => 0.5);
  const g = (Math.sqrt(5) - 1) / 2;
  for (let r = 0; r < 2; r++) {
    for (let i = 0; i < keys.length; i++) {
      const at = (x: number) => loss(u.map((v, j) => (j === i ? x : v)));
      let a = 0;
      let b = 1;
      let c = b - g * (b - a);
      let d = a + g * (b - a);
      let fc = at(c);
      let fd = at(d);
      for (let it = 0; it < 24; it++) {
        if (fc <= fd) {
          b = d; d = c; fd = fc; c = b - g * (b - a); fc = at(c);
        } else {
          a = c; c = d; fc = fd; d = a + g * (b - a); fd = at(d);
        }
      }
      u[i] = (a + b) / 2;
    }
  }
  // Nelder–Mead from the coordinate-descent point.
  const n = keys.length;
  let simplex = [u.slice(), ...keys.map((_, i) => u.map((v, j) => (j === i ? (v > 0.5 ? v - 0.15 : v + 0.15) : v)))].map((x) => ({ x, f: loss(x) }));
  for (let it = 0; it < 300; it++) {
    simplex.sort((p, q) => p.f - q.f);
    const best = simplex[0] as { x: number[]; f: number };
    const worst = simplex[n] as { x: number[]; f: number };
    if ((worst.f - best.f) < 1e-10) break;
    const centroid = keys.map((_, j) => simplex.slice(0, n).reduce((s, p) => s + (p.x[j] as number), 0) / n);
    const along = (t: number) => centroid.map((c, j) => c + t * (c - (worst.x[j] as number)));
    const xr = along(1);
    const fr = loss(xr);
    if (fr < best.f) {
      const xe = along(2);
      const fe = loss(xe);
      simplex[n] = fe < fr ? { x: xe, f: fe } : { x: xr, f: fr };
    } else if (fr < (simplex[n - 1] as { f: number }).f) {
      simplex[n] = { x: xr, f: fr };
    } else {
      const xc = along(-0.5);
      const fcn = loss(xc);
      if (fcn < worst.f) simplex[n] = { x: xc, f: fcn };
      else simplex = simplex.map((p, i) => (i === 0 ? p : { x: p.x.map((v, j) => (best.x[j] as number) + 0.5 * (v - (best.x[j] as number))), f: 0 })).map((p, i) => (i === 0 ? p : { x: p.x, f: loss(p.x) }));
    }
  }
  simplex.sort((p, q) => p.f - q.f);
  const raw = toFit((simplex[0] as { x: number[] }).x);
  // No fitted row sees the synchronous scheduler's extra host time: the published profile stands in for it (not the floor).
  if (pinned.has("syncHostSecondsPerSequence")) {
    const prior = syncHostPrior(raw);
    raw.syncHostSecondsPerSequence = prior.perSequence;
    raw.syncHostSecondsPerStep = prior.perStep;
  }
  const fit = Object.fromEntries(FITTED_PARAMETERS.map((k) => [k, Number(raw[k].toPrecision(3))])) as FitValues;
  return { fit, loss: fitLoss(rows, fit) };
}

// ---- The report ---------------------------------------------------------------------------------------

export interface LosoFold {
  source: string;
  rows: number;
  fit: FitValues;
  medianAbsError: number;
}

export interface InferenceValidation {
  fit: FitValues;
  predictions: RowPrediction[];
  skipped: SkippedInferenceRow[];
  overall: ErrorSummary;
  byGroup: Record<string, ErrorSummary>;
  bySource: Record<string, ErrorSummary>;
  byChip: Record<string, ErrorSummary>;
  byPhase: Record<string, ErrorSummary>;
  /** Leave-one-source-out: each source's rows predicted by a fit that never saw them. */
  loso: { predictions: RowPrediction[]; overall: ErrorSummary; byGroup: Record<string, ErrorSummary>; folds: LosoFold[] } | null;
}

function summaries(ps: readonly RowPrediction[], key: (p: RowPrediction) => string): Record<string, ErrorSummary> {
  const g = groupBy(ps, key);
  return Object.fromEntries(Object.keys(g).sort().map((k) => [k, summarize(g[k] as RowPrediction[])]));
}

/**
 * The committed leave-one-source-out fold fits (scripts/fit-efficiency.ts records them beside the fit), when they belong
 * to these rows: the same scored row count and every held-out source present. Null otherwise (then folds are refitted).
 */
export function committedFoldFits(scoredRows: number, sources: readonly string[]): Record<string, FitValues> | null {
  const folds = EFFICIENCY_FIT_FOLDS;
  if (scoredRows !== EFFICIENCY_FIT.rows || EFFICIENCY_FIT.loso.rows !== scoredRows) return null;
  const out: Record<string, FitValues> = {};
  for (const s of sources) {
    const f = folds[s];
    if (!f || !FITTED_PARAMETERS.every((k) => typeof f[k] === "number")) return null;
    out[s] = Object.fromEntries(FITTED_PARAMETERS.map((k) => [k, f[k] as number])) as FitValues;
  }
  return out;
}

/**
 * `committedFolds`: on the committed measurement set, predict each held-out source with the fold fit that
 * scripts/fit-efficiency.ts recorded (a test keeps it current) instead of refitting every fold — the refits are
 * most of the time `roofline validate` takes. Any other rows (or a stale record) are refitted.
 */
export function validateInference(files: readonly MeasurementFile[], resolve: ResolveMeasurementModel, o: { fit?: FitValues; loso?: boolean; committedFolds?: boolean } = {}): InferenceValidation {
  const { prepared, skipped } = prepareInferenceRows(files, resolve);
  const fit = o.fit ?? committedFit();
  const predictions = predictRows(prepared, fit);
  let loso: InferenceValidation["loso"] = null;
  if (o.loso !== false) {
    const sources = [...new Set(prepared.filter((p) => p.scored).map((p) => p.source))].sort();
    const recorded = o.committedFolds ? committedFoldFits(prepared.filter((p) => p.scored).length, sources) : null;
    const lp: RowPrediction[] = [];
    const folds: LosoFold[] = [];
    for (const s of sources) {
      const train = prepared.filter((p) => p.source !== s);
      const test = prepared.filter((p) => p.source === s && p.scored);
      const f = recorded?.[s] ?? fitInferenceEfficiency(train).fit;
      const ps = predictRows(test, f);
      lp.push(...ps);
      folds.push({ source: s, rows: test.length, fit: f, medianAbsError: summarize(ps).medianAbsError });
    }
    const order = new Map(predictions.map((p, i) => [p.id, i]));
    lp.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
    loso = { predictions: lp, overall: summarize(lp), byGroup: summaries(lp, (p) => p.group), folds };
  }
  return {
    fit,
    predictions,
    skipped,
    overall: summarize(predictions),
    byGroup: summaries(predictions, (p) => p.group),
    bySource: summaries(predictions, (p) => p.source),
    byChip: summaries(predictions, (p) => p.hardware),
    byPhase: summaries(predictions, (p) => p.phase),
    loso,
  };
}

// ---- Training rows (the training engine's own fit, not a second model) -----------------------------

/** The training group beside the inference groups: the training engine's MFU error (packages/core/src/training/). */
export interface TrainingGroupSummary {
  rows: number;
  skipped: number;
  medianAbsError: number;
  p90AbsError: number;
  /** Held-out error: leave-one-source-out (or leave-one-model-out when one source), the training fit refitted per fold. */
  loso: { groupedBy: "source" | "model"; rows: number; medianAbsError: number; p90AbsError: number } | null;
  metric: "mfu";
}

/**
 * The training rows of the same files, predicted by the training step and its fit (validateTraining),
 * summarised as a group. `committedFolds`: on the committed measurement set, take the held-out error
 * that scripts/fit-training.ts recorded with the fit (a test keeps that fit current) instead of
 * refitting every fold again — the refits are most of the time `roofline validate` takes.
 */
export function trainingGroup(files: readonly MeasurementFile[], resolve: ResolveMeasurementModel, o: { loso?: boolean; committedFolds?: boolean } = {}): TrainingGroupSummary | null {
  const recorded = TRAINING_FIT.loso;
  const t0 = validateTraining(files, resolve, { loso: false });
  const useRecorded = o.loso !== false && o.committedFolds === true && t0.predictions.length === TRAINING_FIT.rows && recorded.rows === TRAINING_FIT.rows;
  const t = o.loso === false || useRecorded ? t0 : validateTraining(files, resolve, { loso: true });
  if (!t.predictions.length) return null;
  if (useRecorded)
    return {
      rows: t.predictions.length,
      skipped: t.skipped.length,
      medianAbsError: t.medianAbsError,
      p90AbsError: t.p90AbsError,
      loso: { groupedBy: recorded.groupedBy as "source" | "model", rows: recorded.rows, medianAbsError: recorded.medianAbsError, p90AbsError: recorded.p90AbsError },
      metric: "mfu",
    };
  return {
    rows: t.predictions.length,
    skipped: t.skipped.length,
    medianAbsError: t.medianAbsError,
    p90AbsError: t.p90AbsError,
    loso: t.loso ? { groupedBy: t.loso.groupedBy, rows: t.loso.rows, medianAbsError: t.loso.medianAbsError, p90AbsError: t.loso.p90AbsError } : null,
    metric: "mfu",
  };
}

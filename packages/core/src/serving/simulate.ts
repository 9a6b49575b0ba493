/**
 * A discrete-event simulation of one serving replica, driven by compiled step kernels (no derivation
 * objects in the loop). Time advances a step at a time: at each step boundary the scheduler admits
 * queued requests, forms the next pass (a prefill pass, a decode step, or a mixed chunked step), asks
 * the StepTimeModel how long it takes, and retires the sequences that finish.
 *
 * The hot loop allocates nothing: per-request state lives in typed arrays, the running sequences in a
 * binary heap keyed by the decode iteration at which each finishes, and the KV in use as one running
 * sum (every decode step adds one token to each running sequence), so a step costs O(1) plus
 * O(log B) per sequence that joins or leaves.
 */
import { RooflineError } from "../errors.ts";
import type { StepTimeModel } from "./steptime.ts";
import type { RequestSet } from "./workload.ts";

import type { Scheduler } from "./inputs.ts";
export { SCHEDULERS, type Scheduler } from "./inputs.ts";
/** reserve: admit only when KV for the whole sequence (prompt + output) fits; paged: admit on the prompt, grow page by page, preempt the newest when full. */
export type Admission = "reserve" | "paged";
export type Preemption = "recompute" | "swap";

export interface SimulationConfig {
  scheduler: Scheduler;
  /** The server (for disaggregated serving: the decode pool). */
  steps: StepTimeModel;
  /** Disaggregated: the prefill pool. */
  prefillSteps?: StepTimeModel;
  /** Most sequences decoding at once. */
  maxBatch: number;
  /** Tokens of KV that fit beside the weights. */
  kvBudgetTokens: number;
  admission: Admission;
  preemption: Preemption;
  /** Chunked: tokens per step (decode tokens + prefill chunk). Others: most prompt tokens in one prefill pass. */
  chunkTokens: number;
  /** Swap: seconds to move one token's KV to host memory or back. */
  swapSecondsPerToken: number;
  /** Disaggregated: seconds to hand one token's KV from the prefill to the decode pool. */
  kvTransferSecondsPerToken: number;
  /** Requests (in arrival order) left out of statistics while the system fills. */
  warmupRequests: number;
  /** Called every few thousand steps; return false to stop (throws SimulationCancelled). */
  onProgress?: (doneRequests: number, totalRequests: number) => boolean | void;
}

export class SimulationCancelled extends Error {
  constructor() {
    super("simulation cancelled");
    this.name = "SimulationCancelled";
  }
}

export const SERIES_POINTS = 512;
export const STEP_LOG = 4000;

export interface SimulationRun {
  arrivalSeconds: Float64Array;
  /** When the request's prefill began (its first pass). */
  startSeconds: Float64Array;
  /** When the request last got a seat on the (decode) server: its admission (disaggregated: to the decode pool). */
  admitSeconds: Float64Array;
  firstTokenSeconds: Float64Array;
  finishSeconds: Float64Array;
  steps: number;
  decodeSteps: number;
  prefillPasses: number;
  preemptions: number;
  /** Seconds the (decode) server was running a step. */
  busySeconds: number;
  /** Seconds spent on decode and on prefill (a mixed step split by its tokens). */
  decodeSeconds: number;
  prefillSeconds: number;
  /** ∫ B dt over all steps (sequences decoding × time). */
  batchSecondsIntegral: number;
  /** ∫ B dt over steps that start inside the window (open loop). */
  batchWindowIntegral: number;
  /** ∫ (requests arrived − finished) dt over [window.start, window.end]. */
  inSystemIntegral: number;
  window: { start: number; end: number };
  endSeconds: number;
  /** The steady window: from the first measured arrival joining the queue to the last arrival joining it, and the output tokens made by then. */
  steady: { start: number; end: number; tokensAtStart: number; tokensAtEnd: number };
  /** Batch and queue over time (downsampled: stride doubles when full). */
  series: { t: Float64Array; batch: Float64Array; queue: Float64Array; length: number };
  /** Steps from the first measured arrival on (at most STEP_LOG): start, duration, sequences decoding, prompts prefilling, prompt tokens. */
  stepLog: { start: Float64Array; duration: Float64Array; decode: Float64Array; prefill: Float64Array; prefillTokens: Float64Array; length: number };
}

type Mode = "static" | "continuous" | "chunked" | "decode-only";

const QUEUED = 1;
const PREFILLING = 2;
const RUNNING = 3;
const DONE = 4;

function newRun(n: number, arrival: Float64Array): SimulationRun {
  return {
    arrivalSeconds: arrival,
    startSeconds: new Float64Array(n),
    admitSeconds: new Float64Array(n),
    firstTokenSeconds: new Float64Array(n),
    finishSeconds: new Float64Array(n),
    steps: 0,
    decodeSteps: 0,
    prefillPasses: 0,
    preemptions: 0,
    busySeconds: 0,
    decodeSeconds: 0,
    prefillSeconds: 0,
    batchSecondsIntegral: 0,
    batchWindowIntegral: 0,
    inSystemIntegral: 0,
    window: { start: 0, end: 0 },
    endSeconds: 0,
    steady: { start: 0, end: 0, tokensAtStart: 0, tokensAtEnd: 0 },
    series: { t: new Float64Array(SERIES_POINTS), batch: new Float64Array(SERIES_POINTS), queue: new Float64Array(SERIES_POINTS), length: 0 },
    stepLog: {
      start: new Float64Array(STEP_LOG),
      duration: new Float64Array(STEP_LOG),
      decode: new Float64Array(STEP_LOG),
      prefill: new Float64Array(STEP_LOG),
      prefillTokens: new Float64Array(STEP_LOG),
      length: 0,
    },
  };
}

/** Simulates every request to completion. */
/**
 * The simulation steps through decode iterations one by one, so its work is at least the longest
 * output and at least the total output over the largest batch. Past this many iterations (seconds of
 * CPU) it refuses up front rather than run for minutes.
 */
export const MAX_DECODE_ITERATIONS = 1_000_000;

export function simulate(req: RequestSet, cfg: SimulationConfig): SimulationRun {
  const n = req.count;
  if (n === 0) throw new RooflineError({ code: "out-of-range", field: "requests", value: "0", expected: "at least one request" });
  let longest = 0;
  let totalOutput = 0;
  for (let i = 0; i < n; i++) {
    const o = req.outputTokens[i] as number;
    if (o > longest) longest = o;
    totalOutput += o;
  }
  const iterations = Math.max(longest, Math.ceil(totalOutput / Math.max(1, cfg.maxBatch)));
  if (iterations > MAX_DECODE_ITERATIONS) {
    throw new RooflineError({
      code: "out-of-range",
      field: "output tokens",
      input: "outputTokens",
      value: `${iterations.toLocaleString("en-US")} decode iterations`,
      expected: `at most ${MAX_DECODE_ITERATIONS.toLocaleString("en-US")} decode iterations to simulate (the longest output is ${longest.toLocaleString("en-US")} tokens; ${totalOutput.toLocaleString("en-US")} output tokens in batches of at most ${Math.min(cfg.maxBatch, 1e9).toLocaleString("en-US")})`,
      hint: "Shorten the outputs (the output tokens, or the trace's outputTokens), simulate fewer requests, or sample the trace.",
      fixes: [{ kind: "give", input: "outputTokens", what: "shorter outputs" }, { kind: "give", input: "requests", what: "fewer requests" }],
    });
  }
  const arrival = Float64Array.from(req.arrivalSeconds);
  const run = newRun(n, arrival);
  const warm = Math.min(n - 1, Math.max(0, Math.floor(cfg.warmupRequests)));
  const closed = req.closedLoopConcurrency;
  if (cfg.scheduler === "disaggregated") {
    if (closed !== null) {
      throw new RooflineError({ code: "unsupported-config", field: "concurrency", input: "concurrency", value: String(closed), expected: "an arrival rate with the disaggregated scheduler (the closed loop is simulated for one server)", fixes: [{ kind: "give", input: "arrivalRate" }, { kind: "choose", input: "scheduler", values: ["continuous", "chunked"] }] });
    }
    const ready = prefillPool(req, cfg, run);
    const order = new Int32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    order.sort((a, b) => (ready[a] as number) - (ready[b] as number) || a - b);
    run.window = { start: arrival[warm] as number, end: arrival[n - 1] as number };
    serve(req, cfg, run, "decode-only", ready, order, null, warm);
  } else {
    const order = new Int32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    if (closed === null) run.window = { start: arrival[warm] as number, end: arrival[n - 1] as number };
    serve(req, cfg, run, cfg.scheduler, arrival, order, closed, warm);
  }
  return run;
}

/** Disaggregated: the prefill pool batches waiting prompts (up to chunkTokens per pass); returns when each prompt's KV reaches the decode pool. */
function prefillPool(req: RequestSet, cfg: SimulationConfig, run: SimulationRun): Float64Array {
  const steps = cfg.prefillSteps ?? cfg.steps;
  const n = req.count;
  const ready = new Float64Array(n);
  const arr = run.arrivalSeconds;
  const input = req.inputTokens;
  const cached = req.cachedTokens;
  let t = 0;
  let i = 0;
  while (i < n) {
    if ((arr[i] as number) > t) t = arr[i] as number;
    let k = 0;
    let tokens = 0;
    let cachedSum = 0;
    let j = i;
    while (j < n && (arr[j] as number) <= t) {
      const fresh = (input[j] as number) - (cached[j] as number);
      if (k > 0 && tokens + fresh > cfg.chunkTokens) break;
      tokens += fresh;
      cachedSum += cached[j] as number;
      k++;
      j++;
    }
    const dt = steps.prefill(k, tokens / k, cachedSum / k);
    for (let q = i; q < j; q++) run.startSeconds[q] = t;
    t += dt;
    run.prefillPasses++;
    run.prefillSeconds += dt;
    for (let q = i; q < j; q++) {
      run.firstTokenSeconds[q] = t;
      ready[q] = t + (input[q] as number) * cfg.kvTransferSecondsPerToken;
    }
    i = j;
  }
  return ready;
}

function serve(req: RequestSet, cfg: SimulationConfig, run: SimulationRun, scheduler: Scheduler | "decode-only", arr: Float64Array, order: Int32Array, closed: number | null, warm: number): void {
  const mode: Mode = scheduler === "disaggregated" ? "decode-only" : scheduler;
  const n = req.count;
  const steps = cfg.steps;
  const input = req.inputTokens;
  const output = req.outputTokens;
  const cached = req.cachedTokens;
  const first = run.firstTokenSeconds;
  const finish = run.finishSeconds;
  const start = run.startSeconds;
  const admitted = run.admitSeconds;
  const maxBatch = Math.max(1, Math.floor(cfg.maxBatch));
  const budget = cfg.kvBudgetTokens;
  const reserve = cfg.admission === "reserve";
  const swap = cfg.preemption === "swap";
  const chunk = Math.max(1, Math.floor(cfg.chunkTokens));

  const state = new Uint8Array(n);
  const gen = new Int32Array(n); // output tokens made so far
  const progress = new Int32Array(n); // prompt tokens prefilled so far (chunked), of target
  const target = new Int32Array(n); // prompt tokens to prefill (the prompt less the cached prefix; + generated after a recompute)
  const finishIter = new Float64Array(n);
  const prev = new Int32Array(n).fill(-1);
  const next = new Int32Array(n).fill(-1);
  let tail = -1; // newest running sequence (preempted first)
  const queue = new Int32Array(n);
  let qHead = 0;
  let qLen = 0;
  const heapKey = new Float64Array(n + 1);
  const heapId = new Int32Array(n + 1);
  let heapSize = 0;
  const batchIds = new Int32Array(Math.min(n, maxBatch) + 1);
  const pre = new Int32Array(n); // prefilling (chunked), FIFO ring
  let preHead = 0;
  let preLen = 0;

  for (let i = 0; i < n; i++) target[i] = (input[i] as number) - (cached[i] as number);

  let t = 0;
  let it = 0; // decode iterations so far
  let B = 0;
  let ctxSum = 0; // KV tokens held by running sequences
  let preHeld = 0; // KV tokens held by partial prefills (chunked)
  let reserved = 0; // tokens reserved (admission "reserve")
  let nextArr = 0;
  let cumTokens = 0; // output tokens made so far (decode tokens and first tokens)
  let forming = false; // static: the batch is still boarding (prefill passes before its first decode step)
  let batchWindowIntegral = 0;
  let issued = closed === null ? n : Math.min(closed, n);
  let done = 0;
  let nSys = 0;
  let areaLast = 0;
  const w0 = run.window.start;
  const w1 = run.window.end;
  const logFrom = arr[order[warm] as number] as number;
  let seriesStride = 1;
  let seriesCount = 0;
  let loops = 0;
  const series = run.series;
  const log = run.stepLog;

  const area = (to: number) => {
    const a = areaLast > w0 ? areaLast : w0;
    const b = to < w1 ? to : w1;
    if (b > a) run.inSystemIntegral += nSys * (b - a);
    areaLast = to;
  };
  const heapPush = (key: number, id: number) => {
    let i = heapSize++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if ((heapKey[p] as number) <= key) break;
      heapKey[i] = heapKey[p] as number;
      heapId[i] = heapId[p] as number;
      i = p;
    }
    heapKey[i] = key;
    heapId[i] = id;
  };
  const heapPop = () => {
    const last = --heapSize;
    const key = heapKey[last] as number;
    const id = heapId[last] as number;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= last) break;
      if (c + 1 < last && (heapKey[c + 1] as number) < (heapKey[c] as number)) c++;
      if ((heapKey[c] as number) >= key) break;
      heapKey[i] = heapKey[c] as number;
      heapId[i] = heapId[c] as number;
      i = c;
    }
    heapKey[i] = key;
    heapId[i] = id;
  };
  const join = (id: number) => {
    // Starts (or resumes) decoding: gen[id] tokens made, output[id] − gen[id] steps to go.
    state[id] = RUNNING;
    B++;
    ctxSum += (input[id] as number) + (gen[id] as number);
    const key = it + (output[id] as number) - (gen[id] as number);
    finishIter[id] = key;
    heapPush(key, id);
    prev[id] = tail;
    next[id] = -1;
    if (tail >= 0) next[tail] = id;
    tail = id;
  };
  const unlink = (id: number) => {
    const p = prev[id] as number;
    const q = next[id] as number;
    if (p >= 0) next[p] = q;
    if (q >= 0) prev[q] = p;
    else tail = p;
  };
  const retire = (id: number) => {
    state[id] = DONE;
    finish[id] = t;
    if (reserve) reserved -= (input[id] as number) + (output[id] as number);
    done++;
    area(t);
    nSys--;
    if (closed !== null && issued < n) {
      arr[issued] = t;
      issued++;
    }
  };
  const enqueueFront = (id: number) => {
    qHead = qHead === 0 ? n - 1 : qHead - 1;
    queue[qHead] = id;
    qLen++;
    state[id] = QUEUED;
  };
  /** Memory for a request about to be admitted: true if it fits now. */
  const fits = (id: number, pendingTokens: number) => {
    if (reserve) return reserved + (input[id] as number) + (output[id] as number) <= budget;
    return ctxSum + preHeld + pendingTokens + (input[id] as number) + (gen[id] as number) + 1 <= budget;
  };
  const admitOne = (): number => {
    const id = queue[qHead] as number;
    qHead = qHead + 1 === n ? 0 : qHead + 1;
    qLen--;
    if (reserve) reserved += (input[id] as number) + (output[id] as number);
    admitted[id] = t;
    return id;
  };
  /** Paged: preempt the newest sequences until the next decode step fits. Returns the swap-out seconds. */
  const preemptIfFull = (): number => {
    let seconds = 0;
    while (B > 1 && ctxSum + preHeld + B > budget) {
      const id = tail;
      unlink(id);
      B--;
      const g = (output[id] as number) - ((finishIter[id] as number) - it);
      gen[id] = g;
      ctxSum -= (input[id] as number) + g;
      run.preemptions++;
      if (swap) seconds += ((input[id] as number) + g) * cfg.swapSecondsPerToken;
      else target[id] = (input[id] as number) - (cached[id] as number) + g;
      progress[id] = 0;
      enqueueFront(id);
    }
    return seconds;
  };
  const record = (dt: number, decodeSeqs: number, prefillSeqs: number, prefillTokens: number) => {
    run.steps++;
    run.busySeconds += dt;
    // The batch: sequences holding a seat (decoding, or paused while a prefill pass runs).
    run.batchSecondsIntegral += B * dt;
    if (t >= w0 && t < w1) batchWindowIntegral += B * dt;
    const decodePart = decodeSeqs > 0 ? (dt * decodeSeqs) / (decodeSeqs + prefillTokens) : 0;
    run.decodeSeconds += decodePart;
    run.prefillSeconds += dt - decodePart;
    if (t >= logFrom && log.length < STEP_LOG) {
      const k = log.length++;
      log.start[k] = t;
      log.duration[k] = dt;
      log.decode[k] = decodeSeqs;
      log.prefill[k] = prefillSeqs;
      log.prefillTokens[k] = prefillTokens;
    }
    if (seriesCount++ % seriesStride === 0) {
      if (series.length === SERIES_POINTS) {
        for (let i = 0; i < SERIES_POINTS / 2; i++) {
          series.t[i] = series.t[2 * i] as number;
          series.batch[i] = series.batch[2 * i] as number;
          series.queue[i] = series.queue[2 * i] as number;
        }
        series.length = SERIES_POINTS / 2;
        seriesStride *= 2;
      }
      const k = series.length++;
      series.t[k] = t;
      series.batch[k] = B;
      series.queue[k] = qLen;
    }
  };
  /** One decode iteration's bookkeeping after its time has passed: everyone made a token; retire the finished. */
  const advanceDecode = () => {
    it++;
    cumTokens += B;
    ctxSum += B;
    run.decodeSteps++;
    while (heapSize > 0 && (heapKey[0] as number) <= it) {
      const id = heapId[0] as number;
      const key = heapKey[0] as number;
      heapPop();
      if (state[id] !== RUNNING || finishIter[id] !== key) continue; // preempted since
      unlink(id);
      B--;
      ctxSum -= (input[id] as number) + (output[id] as number);
      retire(id);
    }
  };
  /** A prompt's prefill completed at time t: its first token exists (unless resumed after preemption). */
  const prefilled = (id: number) => {
    if (gen[id] === 0) {
      first[id] = t;
      cumTokens++;
      gen[id] = 1;
    }
    if ((gen[id] as number) >= (output[id] as number)) retire(id);
    else join(id);
  };

  while (done < n) {
    if (++loops % 4096 === 0 && cfg.onProgress && cfg.onProgress(done, n) === false) throw new SimulationCancelled();
    // Arrivals up to now join the queue.
    while (nextArr < issued) {
      const id = order[nextArr] as number;
      const a = arr[id] as number;
      if (a > t) break;
      area(t);
      const from = a > w0 ? a : w0;
      const to = t < w1 ? t : w1;
      if (to > from) run.inSystemIntegral += to - from;
      nSys++;
      queue[(qHead + qLen) % n] = id;
      qLen++;
      state[id] = QUEUED;
      nextArr++;
      if (nextArr === warm + 1) {
        run.steady.start = t;
        run.steady.tokensAtStart = cumTokens;
      }
      if (nextArr === n) {
        run.steady.end = t;
        run.steady.tokensAtEnd = cumTokens;
      }
    }
    if (B === 0 && qLen === 0 && preLen === 0) {
      if (nextArr >= issued) break;
      const a = arr[order[nextArr] as number] as number;
      area(a);
      t = a;
      continue;
    }

    if (mode === "chunked") {
      let swapSeconds = reserve ? 0 : preemptIfFull();
      let room = chunk - B;
      let np = 0;
      let tokens = 0;
      let cachedSum = 0;
      // Continue partial prefills first, then admit new prompts while the budget lasts.
      for (let q = 0; q < preLen && room > 0; q++) {
        const id = pre[(preHead + q) % n] as number;
        const c = Math.min(room, (target[id] as number) - (progress[id] as number));
        batchIds[np] = id;
        np++;
        tokens += c;
        cachedSum += (cached[id] as number) + (progress[id] as number);
        room -= c;
      }
      while (room > 0 && qLen > 0 && B + preLen < maxBatch) {
        const id = queue[qHead] as number;
        if (!fits(id, 0)) break;
        admitOne();
        start[id] = t;
        if (swap && (gen[id] as number) > 0) {
          swapSeconds += ((input[id] as number) + (gen[id] as number)) * cfg.swapSecondsPerToken;
          join(id);
          continue;
        }
        state[id] = PREFILLING;
        pre[(preHead + preLen) % n] = id;
        preLen++;
        progress[id] = 0;
        const c = Math.min(room, target[id] as number);
        if (np < batchIds.length) batchIds[np] = id;
        np++;
        tokens += c;
        cachedSum += cached[id] as number;
        room -= c;
      }
      if (B === 0 && np === 0) {
        // Nothing admissible now (memory full with nothing running cannot happen when every request fits alone).
        if (swapSeconds > 0) t += swapSeconds;
        else throw new Error("internal: serving simulation made no progress");
        continue;
      }
      const dt = steps.mixed(B, B > 0 ? ctxSum / B : 0, np, np > 0 ? tokens / np : 0, np > 0 ? cachedSum / np : 0) + swapSeconds;
      record(dt, B, np, tokens);
      if (np > 0) run.prefillPasses++;
      area(t + dt);
      t += dt;
      const hadDecode = B > 0;
      // Hand out the chunks again in the same order to update progress.
      let left = chunk - B;
      let completed = 0;
      for (let q = 0; q < preLen && left > 0; q++) {
        const id = pre[(preHead + q) % n] as number;
        const c = Math.min(left, (target[id] as number) - (progress[id] as number));
        progress[id] = (progress[id] as number) + c;
        preHeld += c;
        left -= c;
        if (progress[id] === target[id]) completed++;
      }
      if (hadDecode) advanceDecode();
      // Completed prefills are at the head of the FIFO.
      for (let q = 0; q < completed; q++) {
        const id = pre[preHead] as number;
        preHead = preHead + 1 === n ? 0 : preHead + 1;
        preLen--;
        preHeld -= progress[id] as number;
        prefilled(id);
      }
      continue;
    }

    // static / continuous / decode-only
    let k = 0;
    let tokens = 0;
    let cachedSum = 0;
    let swapSeconds = 0;
    if (mode !== "static" || B === 0 || forming) {
      forming = mode === "static";
      while (qLen > 0 && B + k < maxBatch) {
        const id = queue[qHead] as number;
        if (!fits(id, tokens)) break;
        const fresh = mode === "decode-only" || (swap && (gen[id] as number) > 0) ? 0 : (target[id] as number);
        if (k > 0 && fresh > 0 && tokens + fresh > chunk) break;
        admitOne();
        if (mode === "decode-only") {
          // The prefill pool made the first token.
          if (gen[id] === 0) {
            gen[id] = 1;
            cumTokens++;
          }
          if ((gen[id] as number) >= (output[id] as number)) retire(id);
          else join(id);
          continue;
        }
        start[id] = t;
        if (swap && (gen[id] as number) > 0) {
          swapSeconds += ((input[id] as number) + (gen[id] as number)) * cfg.swapSecondsPerToken;
          join(id);
          continue;
        }
        batchIds[k++] = id;
        tokens += fresh;
        cachedSum += cached[id] as number;
      }
    }
    if (k > 0) {
      // A prefill pass; decoding sequences wait (prefill is prioritised, as in vLLM without chunking).
      const dt = steps.prefill(k, tokens / k, cachedSum / k) + swapSeconds;
      record(dt, 0, k, tokens);
      run.prefillPasses++;
      area(t + dt);
      t += dt;
      for (let q = 0; q < k; q++) prefilled(batchIds[q] as number);
      continue;
    }
    if (!reserve) swapSeconds += preemptIfFull();
    if (B === 0) {
      if (swapSeconds > 0) {
        area(t + swapSeconds);
        t += swapSeconds;
        continue;
      }
      // Waiting for the next arrival (static batch forming is instant; nothing admissible otherwise).
      if (nextArr >= issued) throw new Error("internal: serving simulation stalled with queued requests");
      const a = arr[order[nextArr] as number] as number;
      area(a);
      t = a;
      continue;
    }
    forming = false;
    const dt = steps.decode(B, ctxSum / B) + swapSeconds;
    record(dt, B, 0, 0);
    area(t + dt);
    t += dt;
    advanceDecode();
  }
  run.endSeconds = t;
  run.batchWindowIntegral = batchWindowIntegral;
  if (closed !== null) run.window = { start: arr[warm] as number, end: arr[n - 1] as number };
}

/**
 * The search for the best layout: every valid (expert, tensor, attention data-parallel, pipeline)
 * degree × micro-batch × weight precision that fits in memory and meets the latency SLO, reduced to
 * the Pareto frontier of speed per user (tokens/s, higher is better) against cost ($ per million
 * tokens, lower is better) and chips used (fewer is better).
 *
 * The step times are the expected ones by default (`efficiency: "ideal"` ranks by the roofline bound).
 *
 * Fast path: one compiled kernel of the layout graph per precision, called with the degrees and the
 * micro-batch as numbers; the inner loop allocates nothing and stops a batch sweep at the first
 * micro-batch that does not fit or misses the SLO (memory and time per token only grow with it).
 * Derivations are built lazily, for returned points only (`explain`).
 */
import { DEFAULT_SEARCH_DOMAINS, DEFAULT_SEARCH_PRECISIONS, SEARCH_INPUTS } from "./inputs.ts";
import { resolveSwitch } from "../inputs/define.ts";
import { RooflineError, type Warning } from "../errors.ts";
import { byDefault, type Quantity } from "../formula/formula.ts";
import type { Kernel } from "../formula/graph.ts";
import { EFFICIENCY_MODE_INPUT, EFFICIENCY_MODES, type EfficiencyMode } from "../efficiency/mode.ts";
import { PRECISIONS, type Precision } from "../precision.ts";
import { checkGiven, LIMITS, type Given } from "../validate.ts";
import { chipsPerReplica, chipsPerStage, sequencesInFlight } from "./formulas.ts";
import { analyzeLayout, DEFAULT_HOP_LATENCY_SECONDS, domainsNeeded, headCounts, layerCount, prepareLayout, type LayoutDegrees, type LayoutOptions, type LayoutResult } from "./layout.ts";

export interface SearchOptions extends Omit<LayoutOptions, "expertParallel" | "tensorParallel" | "pipelineStages" | "dataParallel" | "attentionDataParallel" | "microBatch" | "microBatches" | "domains" | "weightPrecision"> {
  /** Most chips a layout may use. Default: 8 scale-up domains. */
  maxChips?: Given;
  /** Longest acceptable time per output token, seconds. Default: none. */
  latencySloSeconds?: Given;
  /** Weight precisions to try. Default: bf16, fp8, fp4. */
  precisions?: readonly Precision[];
  /** Micro-batch sizes to try (sequences), ascending. Default: 1, 2, 3, 4, 6, 8, … 8,192. */
  batches?: readonly number[];
  /** Called after each (layout, precision) sweep with the work done and the total. */
  onProgress?: (done: number, total: number) => void;
  /** Polled between sweeps: return true to stop early (the result so far is returned). */
  shouldStop?: () => boolean;
  /** Also return every feasible point (for tests and charts; slower). */
  collectFeasible?: boolean;
  /** Which step times rank the layouts and meet the SLO: "expected" (the efficiency model: busiest chip, achieved efficiencies, fixed time, exposed communication; the default) or "ideal" (the roofline bound). */
  efficiency?: EfficiencyMode;
}

export interface SearchPoint {
  degrees: LayoutDegrees;
  precision: Precision;
  chips: number;
  domains: number;
  microBatch: number;
  sequencesInFlight: number;
  tokenSeconds: number;
  tokensPerSecondPerUser: number;
  tokensPerSecondPerReplica: number;
  usdPerMillionTokens: number;
  memoryBytesPerChip: number;
}

export interface SearchStats {
  layouts: number;
  precisions: number;
  batches: number;
  /** layouts × precisions × batches. */
  configurations: number;
  /** Kernel evaluations actually run (sweeps stop at the first infeasible micro-batch). */
  evaluated: number;
  feasible: number;
  seconds: number;
  stopped: boolean;
}

export interface SearchResult {
  /** Which step times ranked the layouts (every point's times, speeds and costs are of this kind). */
  efficiency: EfficiencyMode;
  model: { id: string; name: string };
  hardware: { id: string; name: string };
  maxChips: number;
  latencySloSeconds: number | null;
  contextTokens: number;
  /** Not dominated in speed per user, cost and chips; fastest first. */
  frontier: SearchPoint[];
  /** Not dominated in speed per user and cost alone; fastest first. */
  speedCostFrontier: SearchPoint[];
  feasible: SearchPoint[] | null;
  stats: SearchStats;
  warnings: Warning[];
  /** The full layout analysis of a point, with every derivation (built on demand). */
  explain(point: SearchPoint): LayoutResult;
}

// The search's defaults live with its input table (cluster/inputs.ts), which the web app's shell reads
// without loading the search itself.
export { DEFAULT_SEARCH_DOMAINS, DEFAULT_SEARCH_PRECISIONS } from "./inputs.ts";

/** 1, 2, 3, 4, 6, 8, 12, … up to `max`: powers of two and the midpoints between them. */
export function defaultBatchGrid(max = 8192): number[] {
  const out: number[] = [];
  for (let p = 1; p <= max; p *= 2) {
    out.push(p);
    if (p * 1.5 <= max && p >= 2) out.push(p * 1.5);
  }
  return out.sort((a, b) => a - b);
}

function divisors(n: number, upTo: number): number[] {
  const out: number[] = [];
  for (let d = 1; d <= Math.min(n, upTo); d++) if (n % d === 0) out.push(d);
  return out;
}

/**
 * Every valid layout (R = 1, m = P) within `maxChips`. Tensor parallelism (of the experts and of
 * attention) stays inside one scale-up domain: its all-reduces sit on the critical path of every layer.
 */
export function enumerateLayouts(o: { model: LayoutOptions["model"]; maxChips: number; domainChips: number; unevenStages?: boolean }): LayoutDegrees[] {
  const { model, maxChips } = o;
  const heads = headCounts(model).heads;
  const layers = layerCount(model);
  const Es = model.moe ? divisors(model.moe.routedExperts, maxChips) : [1];
  const out: LayoutDegrees[] = [];
  for (const E of Es) {
    const Ts = heads === null ? [1] : divisors(heads, Math.min(o.domainChips, Math.floor(maxChips / E)));
    for (const T of Ts) {
      const G = E * T;
      for (const A of divisors(G, G)) {
        if (heads !== null && heads % (G / A) !== 0) continue;
        if (G / A > o.domainChips) continue;
        const maxP = Math.min(layers, Math.floor(maxChips / G));
        for (let P = 1; P <= maxP; P++) {
          if (!o.unevenStages && layers % P !== 0) continue;
          out.push({ expertParallel: E, tensorParallel: T, pipelineStages: P, dataParallel: 1, attentionDataParallel: A, microBatch: 1, microBatches: P });
        }
      }
    }
  }
  return out;
}

/**
 * A 2-D Pareto front (maximise speed, minimise cost) in typed arrays: sorted by speed ascending, cost
 * then strictly ascending too. Points are merged in whole sweeps (O(front + sweep)), not one by one.
 */
class Front {
  n = 0;
  s = new Float64Array(64);
  c = new Float64Array(64);
  id = new Int32Array(64);
  private ts = new Float64Array(64);
  private tc = new Float64Array(64);
  private tid = new Int32Array(64);
  /** Whether (s, c) is weakly dominated by a point on the front. */
  dominated(s: number, c: number): boolean {
    let lo = 0;
    let hi = this.n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.s[mid] as number) < s) lo = mid + 1;
      else hi = mid;
    }
    return lo < this.n && (this.c[lo] as number) <= c;
  }
  /**
   * Merges k points given fastest first (bs, bc, bid: speed non-increasing) into the front, keeping
   * exactly the points no other point weakly dominates (the first of exact duplicates).
   */
  merge(bs: Float64Array, bc: Float64Array, bid: Int32Array, k: number): void {
    const need = this.n + k;
    if (need > this.ts.length) {
      let len = this.ts.length;
      while (len < need) len *= 2;
      this.ts = new Float64Array(len);
      this.tc = new Float64Array(len);
      this.tid = new Int32Array(len);
    }
    // Walk both lists from the fastest down; keep a point if it is cheaper than everything faster.
    let i = this.n - 1;
    let j = 0;
    let m = 0;
    let minCost = Infinity;
    while (i >= 0 || j < k) {
      let s: number;
      let c: number;
      let id: number;
      const takeFront =
        j >= k || (i >= 0 && ((this.s[i] as number) > (bs[j] as number) || ((this.s[i] as number) === (bs[j] as number) && (this.c[i] as number) <= (bc[j] as number))));
      if (takeFront) {
        s = this.s[i] as number;
        c = this.c[i] as number;
        id = this.id[i] as number;
        i--;
      } else {
        s = bs[j] as number;
        c = bc[j] as number;
        id = bid[j] as number;
        j++;
      }
      if (c < minCost) {
        minCost = c;
        this.ts[m] = s;
        this.tc[m] = c;
        this.tid[m] = id;
        m++;
      }
    }
    if (m > this.s.length) {
      let len = this.s.length;
      while (len < m) len *= 2;
      this.s = new Float64Array(len);
      this.c = new Float64Array(len);
      this.id = new Int32Array(len);
    }
    // The merge ran fastest first; the front is stored slowest first.
    for (let x = 0; x < m; x++) {
      this.s[x] = this.ts[m - 1 - x] as number;
      this.c[x] = this.tc[m - 1 - x] as number;
      this.id[x] = this.tid[m - 1 - x] as number;
    }
    this.n = m;
  }
  ids(): number[] {
    return Array.from(this.id.subarray(0, this.n));
  }
}

/** Candidate points as columns of numbers: no object per point until the frontier is known. */
class Pool {
  n = 0;
  layout = new Int32Array(1024);
  precision = new Int32Array(1024);
  values = new Float64Array(1024 * 6);
  add(layout: number, precision: number, b: number, out: Float64Array): number {
    if (this.n === this.layout.length) {
      const grow = <T extends Int32Array | Float64Array>(a: T, make: (n: number) => T): T => {
        const x = make(a.length * 2);
        x.set(a);
        return x;
      };
      this.layout = grow(this.layout, (n) => new Int32Array(n));
      this.precision = grow(this.precision, (n) => new Int32Array(n));
      this.values = grow(this.values, (n) => new Float64Array(n));
    }
    const i = this.n++;
    this.layout[i] = layout;
    this.precision[i] = precision;
    const v = i * 6;
    this.values[v] = b;
    this.values[v + 1] = out[0] as number;
    this.values[v + 2] = out[1] as number;
    this.values[v + 3] = out[2] as number;
    this.values[v + 4] = out[3] as number;
    this.values[v + 5] = out[4] as number;
    return i;
  }
}

/** A layout's degrees and its hop (computed once per layout), then the micro-batch (once per point). */
const PER_LAYOUT = ["expertParallel", "tensorParallel", "attentionDataParallel", "pipelineStages", "microBatches", "hopLatencySeconds", "hopLinkBytesPerSecond"] as const;
const PER_POINT = ["microBatch"] as const;
const OUTPUTS: Record<EfficiencyMode, readonly string[]> = {
  ideal: ["tokenSeconds", "memoryBytesPerChip", "usdPerMillionTokens", "tokensPerSecondPerSequence", "tokensPerSecond"],
  expected: ["expectedTokenSeconds", "memoryBytesPerChip", "expectedUsdPerMillionTokens", "expectedTokensPerSecondPerSequence", "expectedTokensPerSecond"],
};

/** The search's default: expected step times rank the layouts (the issue: "default: expected there"). */
export const DEFAULT_SEARCH_EFFICIENCY: EfficiencyMode = EFFICIENCY_MODE_INPUT.default;

/** A search run in slices: `step(ms)` works for about `ms` milliseconds; `result()` gives the frontier so far. */
export interface LayoutSearch {
  /** Runs until done or about `budgetMs` have passed; returns whether the search is complete. */
  step(budgetMs: number): boolean;
  /** Sweeps done and in all (layouts × precisions). */
  progress(): { done: number; total: number };
  /** Stops early: `result()` then reports the frontier of what was searched, with `stats.stopped`. */
  cancel(): void;
  result(): SearchResult;
}

/** The whole search at once. */
export function searchLayouts(o: SearchOptions): SearchResult {
  const s = createLayoutSearch(o);
  while (!s.step(Infinity));
  return s.result();
}

/**
 * The search as slices of work, so that a page can keep drawing (and offer Cancel) while it runs:
 * call `step(ms)` from a timer until it returns true.
 */
export function createLayoutSearch(o: SearchOptions): LayoutSearch {
  const created = performance.now();
  let elapsed = 0;
  const { model, hardware } = o;
  const warnings: Warning[] = [];
  const precisions = o.precisions ?? DEFAULT_SEARCH_PRECISIONS;
  for (const p of precisions) if (!(PRECISIONS as readonly string[]).includes(p)) throw new RooflineError({ code: "invalid-choice", field: "precisions", value: String(p), expected: `one of ${PRECISIONS.join(", ")}` });
  if (precisions.length === 0) throw new RooflineError({ code: "out-of-range", field: o.names?.weightPrecision ?? "precisions", value: "none", expected: "at least one weight precision" });
  const batches = [...(o.batches ?? defaultBatchGrid())];
  for (const b of batches) checkGiven(b, "batches", { what: "sequences per micro-batch", integer: true, min: 1, max: LIMITS.maxBatch });
  batches.sort((a, b) => a - b);

  // One kernel per precision, from the default layout's graph (degrees are kernel arguments).
  const setups = precisions.map((weightPrecision) => prepareLayout({ ...o, weightPrecision, unevenStages: true }));
  const first = setups[0];
  if (!first) throw new Error("unreachable");
  if (!first.priced) {
    throw new RooflineError({
      code: "missing-value",
      field: `${hardware.id} price`,
      expected: "a price per chip-hour, to rank layouts by cost",
      hint: `The catalog has no price quote for ${hardware.id}; give one with ${o.names?.usdPerChipHour ?? "usdPerChipHour"} (--usd-per-hour).`,
    });
  }
  for (const s of setups) for (const w of s.warnings) if (!warnings.some((x) => x.code === w.code)) warnings.push(w);
  const D = first.system.scaleUpDomainChips;
  const maxChips = checkGiven(o.maxChips ?? byDefault(DEFAULT_SEARCH_DOMAINS * D, `${DEFAULT_SEARCH_DOMAINS} scale-up domains of ${D}`), o.names?.["maxChips" as keyof LayoutOptions] ?? "maxChips", {
    what: "chips",
    integer: true,
    min: 1,
    max: LIMITS.maxChips,
  }).value;
  const slo = o.latencySloSeconds === undefined ? Infinity : checkGiven(o.latencySloSeconds, o.names?.["latencySloSeconds" as keyof LayoutOptions] ?? "latencySloSeconds", { what: "seconds per token", above: 0, max: 3600 }).value;
  const p0 = first.params;
  const hbm = (p0["hbmBytes"] as Quantity).value;
  const bwUp = (p0["scaleUpBytesPerSecond"] as Quantity).value;
  const bwOut = (p0["scaleOutBytesPerSecond"] as Quantity).value;
  const outKnown = o.scaleOutBytesPerSecond !== undefined || hardware.scaleOutBytesPerSecondPerChip.value !== null;
  const hopLatency = checkGiven(o.hopLatencySeconds ?? DEFAULT_HOP_LATENCY_SECONDS, o.names?.hopLatencySeconds ?? "hopLatencySeconds", { what: "seconds per hop", min: 0, max: 10 }).value;
  let layouts = enumerateLayouts({ model, maxChips, domainChips: D, unevenStages: resolveSwitch(SEARCH_INPUTS, "unevenStages", o.unevenStages) });
  if (!outKnown) {
    layouts = layouts.filter((l) => l.expertParallel * l.tensorParallel * l.pipelineStages <= D);
    warnings.push({ code: "scale-out-unknown", message: `${hardware.id} has no scale-out bandwidth in the catalog: only layouts inside one scale-up domain were searched.` });
  }
  const efficiency = o.efficiency ?? DEFAULT_SEARCH_EFFICIENCY;
  if (!(EFFICIENCY_MODES as readonly string[]).includes(efficiency)) throw new RooflineError({ code: "invalid-choice", field: o.names?.["efficiency" as keyof LayoutOptions] ?? "efficiency", value: String(efficiency), expected: `one of ${EFFICIENCY_MODES.join(", ")}` });
  const outputs = OUTPUTS[efficiency];
  const timeGrows = efficiency === "ideal";
  const kernels = setups.map((s) => s.stagedKernel(PER_LAYOUT, PER_POINT, outputs));

  const out = new Float64Array(outputs.length);
  const fronts = new Map<number, Front>();
  const pool = new Pool();
  const feasible: SearchPoint[] | null = o.collectFeasible ? [] : null;
  const total = layouts.length * precisions.length;
  const nb = batches.length;
  const sweepS = new Float64Array(nb);
  const sweepC = new Float64Array(nb);
  const sweepId = new Int32Array(nb);
  const pointOf = (li: number, pi: number, b: number, v: ArrayLike<number>): SearchPoint => {
    const l = layouts[li] as LayoutDegrees;
    const G = chipsPerStage.fn(l.expertParallel, l.tensorParallel);
    return {
      degrees: { ...l, microBatch: b },
      precision: precisions[pi] as Precision,
      chips: chipsPerReplica.fn(G, l.pipelineStages),
      domains: domainsNeeded(G, l.pipelineStages, 1, D),
      microBatch: b,
      sequencesInFlight: sequencesInFlight.fn(l.microBatches, b),
      tokenSeconds: v[0] as number,
      memoryBytesPerChip: v[1] as number,
      usdPerMillionTokens: v[2] as number,
      tokensPerSecondPerUser: v[3] as number,
      tokensPerSecondPerReplica: v[4] as number,
    };
  };
  // Setting up (graphs, kernels) counts towards the search's time.
  elapsed = performance.now() - created;
  let done = 0;
  let evaluated = 0;
  let feasibleCount = 0;
  let stopped = false;
  let li = 0;
  let pi = 0;
  const step = (budgetMs: number): boolean => {
    const t0 = performance.now();
    const deadline = t0 + budgetMs;
    try {
      while (li < layouts.length) {
        if (stopped) return true;
        const l = layouts[li] as LayoutDegrees;
        const P = l.pipelineStages;
        const chips = chipsPerReplica.fn(chipsPerStage.fn(l.expertParallel, l.tensorParallel), P);
        const cross = chips > D;
        const hopLat = cross ? hopLatency : 0;
        const hopBw = cross ? bwOut : bwUp;
        let front = fronts.get(chips);
        if (!front) {
          front = new Front();
          fronts.set(chips, front);
        }
        for (; pi < kernels.length; pi++) {
          if (o.shouldStop?.()) {
            stopped = true;
            return true;
          }
          // What depends on the layout alone is computed once here; the sweep pays only for the micro-batch.
          const k = (kernels[pi] as (...a: number[]) => Kernel)(l.expertParallel, l.tensorParallel, l.attentionDataParallel, P, P, hopLat, hopBw);
          let kept = 0;
          for (let bi = 0; bi < nb; bi++) {
            const b = batches[bi] as number;
            k(b, out);
            evaluated++;
            // Memory only grows with the micro-batch: stop at the first that does not fit. The ideal time
            // per token only grows too; the expected can fall while tokens per expert are below a tile
            // (the busiest chip's pairs grow slower than the tile's efficiency), so a miss there is skipped.
            if ((out[1] as number) > hbm) break;
            if ((out[0] as number) > slo) {
              if (timeGrows) break;
              continue;
            }
            feasibleCount++;
            if (feasible !== null) feasible.push(pointOf(li, pi, b, out));
            const speed = out[3] as number;
            const cost = out[2] as number;
            // The merge needs the sweep fastest first; should a step ever speed up, merge what came before.
            if (kept > 0 && speed > (sweepS[kept - 1] as number)) {
              front.merge(sweepS, sweepC, sweepId, kept);
              kept = 0;
            }
            if (front.dominated(speed, cost)) continue;
            sweepS[kept] = speed;
            sweepC[kept] = cost;
            sweepId[kept] = pool.add(li, pi, b, out);
            kept++;
          }
          // Speed per user falls as the micro-batch grows, so the sweep comes fastest first.
          if (kept > 0) front.merge(sweepS, sweepC, sweepId, kept);
          done++;
          o.onProgress?.(done, total);
        }
        pi = 0;
        li++;
        if (performance.now() >= deadline) return li >= layouts.length;
      }
      return true;
    } finally {
      elapsed += performance.now() - t0;
    }
  };

  const pointAt = (id: number): SearchPoint => {
    const v = pool.values.subarray(id * 6, id * 6 + 6);
    return pointOf(pool.layout[id] as number, pool.precision[id] as number, v[0] as number, v.subarray(1));
  };
  const result = (): SearchResult => {
    // Across chip counts: a point survives if nothing with fewer chips is as fast and as cheap.
    const global = new Front();
    const frontier: SearchPoint[] = [];
    for (const chips of [...fronts.keys()].sort((a, b) => a - b)) {
      const f = fronts.get(chips) as Front;
      const gs = new Float64Array(f.n);
      const gc = new Float64Array(f.n);
      const gid = new Int32Array(f.n);
      let kept = 0;
      for (let x = f.n - 1; x >= 0; x--) {
        const s = f.s[x] as number;
        const c = f.c[x] as number;
        if (global.dominated(s, c)) continue;
        gs[kept] = s;
        gc[kept] = c;
        gid[kept] = f.id[x] as number;
        kept++;
      }
      for (let x = 0; x < kept; x++) frontier.push(pointAt(gid[x] as number));
      if (kept > 0) global.merge(gs, gc, gid, kept);
    }
    const bySpeed = (a: SearchPoint, b: SearchPoint) => b.tokensPerSecondPerUser - a.tokensPerSecondPerUser || a.usdPerMillionTokens - b.usdPerMillionTokens || a.chips - b.chips;
    frontier.sort(bySpeed);
    const speedCostFrontier = global.ids().map(pointAt).sort(bySpeed);
    const seconds = elapsed / 1000;
    const resultWarnings = [...warnings];
    if (frontier.length === 0) {
      resultWarnings.push({
        code: "no-feasible-layout",
        message: `No layout within ${maxChips} chips fits in memory${Number.isFinite(slo) ? ` and meets ${slo * 1000} ms per token` : ""}: raise the chip limit, relax the SLO, shorten the context or try a lower precision.`,
      });
    }
    const contextTokens = (p0["contextTokens"] as Quantity).value;
    return {
      efficiency,
      model: { id: model.id, name: model.name },
      hardware: { id: hardware.id, name: hardware.name },
      maxChips,
      latencySloSeconds: Number.isFinite(slo) ? slo : null,
      contextTokens,
      frontier,
      speedCostFrontier,
      feasible,
      stats: { layouts: layouts.length, precisions: precisions.length, batches: nb, configurations: layouts.length * precisions.length * nb, evaluated, feasible: feasibleCount, seconds, stopped },
      warnings: resultWarnings,
      explain(point) {
        const { expertParallel, tensorParallel, pipelineStages, attentionDataParallel, microBatch, microBatches } = point.degrees;
        return analyzeLayout({ ...o, weightPrecision: point.precision, expertParallel, tensorParallel, pipelineStages, attentionDataParallel, microBatch, microBatches, dataParallel: 1, unevenStages: true });
      },
    };
  };
  return {
    step,
    progress: () => ({ done, total }),
    cancel: () => {
      stopped = true;
    },
    result,
  };
}

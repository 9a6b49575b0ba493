/**
 * The search for the best layout: every valid (expert, tensor, attention data-parallel, pipeline)
 * degree × micro-batch × weight precision that fits in memory and meets the latency SLO, reduced to
 * the Pareto frontier of speed per user (tokens/s, higher is better) against cost ($ per million
 * tokens, lower is better) and chips used (fewer is better).
 *
 * Fast path: one compiled kernel of the layout graph per precision, called with the degrees and the
 * micro-batch as numbers; the inner loop allocates nothing and stops a batch sweep at the first
 * micro-batch that does not fit or misses the SLO (memory and time per token only grow with it).
 * Derivations are built lazily, for returned points only (`explain`).
 */
import { RooflineError, type Warning } from "../errors.ts";
import { byDefault, type Quantity } from "../formula/formula.ts";
import { PRECISIONS, type Precision } from "../precision.ts";
import { checkGiven, LIMITS, type Given } from "../validate.ts";
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

export const DEFAULT_SEARCH_PRECISIONS: readonly Precision[] = ["bf16", "fp8", "fp4"];
export const DEFAULT_SEARCH_DOMAINS = 8;

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

/** A 2-D Pareto front (maximise speed, minimise cost): sorted by speed, both strictly increasing. */
class Front {
  n = 0;
  s = new Float64Array(64);
  c = new Float64Array(64);
  id = new Int32Array(64);
  /** Whether (s, c) is weakly dominated by a point already on the front. */
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
  /** Inserts a point known not to be dominated, evicting what it dominates. */
  insert(s: number, c: number, id: number): void {
    let lo = 0;
    let hi = this.n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.s[mid] as number) < s) lo = mid + 1;
      else hi = mid;
    }
    let end = lo;
    while (end < this.n && (this.s[end] as number) <= s && (this.c[end] as number) >= c) end++;
    let start = lo;
    while (start > 0 && (this.c[start - 1] as number) >= c) start--;
    const removed = end - start;
    if (removed === 0 && this.n === this.s.length) this.grow();
    const shift = 1 - removed;
    if (shift !== 0) {
      this.s.copyWithin(end + shift, end, this.n);
      this.c.copyWithin(end + shift, end, this.n);
      this.id.copyWithin(end + shift, end, this.n);
    }
    this.s[start] = s;
    this.c[start] = c;
    this.id[start] = id;
    this.n += shift;
  }
  private grow(): void {
    const grow = <T extends Float64Array | Int32Array>(a: T, make: (n: number) => T): T => {
      const b = make(a.length * 2);
      b.set(a);
      return b;
    };
    this.s = grow(this.s, (n) => new Float64Array(n));
    this.c = grow(this.c, (n) => new Float64Array(n));
    this.id = grow(this.id, (n) => new Int32Array(n));
  }
  ids(): number[] {
    return Array.from(this.id.subarray(0, this.n));
  }
}

const VARYING = ["expertParallel", "tensorParallel", "attentionDataParallel", "pipelineStages", "microBatches", "hopLatencySeconds", "hopLinkBytesPerSecond", "microBatch"] as const;
const OUTPUTS = ["tokenSeconds", "memoryBytesPerChip", "usdPerMillionTokens", "tokensPerSecondPerSequence", "tokensPerSecond"] as const;

export function searchLayouts(o: SearchOptions): SearchResult {
  const t0 = performance.now();
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
  let layouts = enumerateLayouts({ model, maxChips, domainChips: D, unevenStages: o.unevenStages ?? false });
  if (!outKnown) {
    layouts = layouts.filter((l) => l.expertParallel * l.tensorParallel * l.pipelineStages <= D);
    warnings.push({ code: "scale-out-unknown", message: `${hardware.id} has no scale-out bandwidth in the catalog: only layouts inside one scale-up domain were searched.` });
  }
  const kernels = setups.map((s) => s.kernel(VARYING, OUTPUTS));

  const out = new Float64Array(OUTPUTS.length);
  const fronts = new Map<number, Front>();
  const pool: SearchPoint[] = [];
  const feasible: SearchPoint[] | null = o.collectFeasible ? [] : null;
  const total = layouts.length * precisions.length;
  let done = 0;
  let evaluated = 0;
  let feasibleCount = 0;
  let stopped = false;
  const nb = batches.length;
  outer: for (let li = 0; li < layouts.length; li++) {
    const l = layouts[li] as LayoutDegrees;
    const G = l.expertParallel * l.tensorParallel;
    const P = l.pipelineStages;
    const chips = G * P;
    const cross = chips > D;
    const hopLat = cross ? hopLatency : 0;
    const hopBw = cross ? bwOut : bwUp;
    let front = fronts.get(chips);
    if (!front) {
      front = new Front();
      fronts.set(chips, front);
    }
    for (let pi = 0; pi < kernels.length; pi++) {
      if (o.shouldStop?.()) {
        stopped = true;
        break outer;
      }
      const k = kernels[pi] as (...a: number[]) => number;
      for (let bi = 0; bi < nb; bi++) {
        const b = batches[bi] as number;
        k(l.expertParallel, l.tensorParallel, l.attentionDataParallel, P, P, hopLat, hopBw, b, out as unknown as number);
        evaluated++;
        const tokenSeconds = out[0] as number;
        const mem = out[1] as number;
        if (mem > hbm || tokenSeconds > slo) break;
        feasibleCount++;
        const cost = out[2] as number;
        const speed = out[3] as number;
        if (feasible === null && front.dominated(speed, cost)) continue;
        const point: SearchPoint = {
          degrees: { ...l, microBatch: b },
          precision: precisions[pi] as Precision,
          chips,
          domains: domainsNeeded(G, P, 1, D),
          microBatch: b,
          sequencesInFlight: P * b,
          tokenSeconds,
          tokensPerSecondPerUser: speed,
          tokensPerSecondPerReplica: out[4] as number,
          usdPerMillionTokens: cost,
          memoryBytesPerChip: mem,
        };
        feasible?.push(point);
        if (feasible !== null && front.dominated(speed, cost)) continue;
        pool.push(point);
        front.insert(speed, cost, pool.length - 1);
      }
      done++;
      o.onProgress?.(done, total);
    }
  }

  // Across chip counts: a point survives if nothing with fewer chips is as fast and as cheap.
  const global = new Front();
  const frontier: SearchPoint[] = [];
  for (const chips of [...fronts.keys()].sort((a, b) => a - b)) {
    const ids = (fronts.get(chips) as Front).ids();
    const survivors = ids.filter((id) => {
      const p = pool[id] as SearchPoint;
      return !global.dominated(p.tokensPerSecondPerUser, p.usdPerMillionTokens);
    });
    for (const id of survivors) frontier.push(pool[id] as SearchPoint);
    for (const id of survivors) {
      const p = pool[id] as SearchPoint;
      if (!global.dominated(p.tokensPerSecondPerUser, p.usdPerMillionTokens)) global.insert(p.tokensPerSecondPerUser, p.usdPerMillionTokens, id);
    }
  }
  const bySpeed = (a: SearchPoint, b: SearchPoint) => b.tokensPerSecondPerUser - a.tokensPerSecondPerUser || a.usdPerMillionTokens - b.usdPerMillionTokens || a.chips - b.chips;
  frontier.sort(bySpeed);
  const speedCostFrontier = global.ids().map((id) => pool[id] as SearchPoint).sort(bySpeed);
  const seconds = (performance.now() - t0) / 1000;
  if (frontier.length === 0) {
    warnings.push({
      code: "no-feasible-layout",
      message: `No layout within ${maxChips} chips fits in memory${Number.isFinite(slo) ? ` and meets ${slo * 1000} ms per token` : ""}: raise the chip limit, relax the SLO, shorten the context or try a lower precision.`,
    });
  }
  const contextTokens = (p0["contextTokens"] as Quantity).value;
  return {
    model: { id: model.id, name: model.name },
    hardware: { id: hardware.id, name: hardware.name },
    maxChips,
    latencySloSeconds: Number.isFinite(slo) ? slo : null,
    contextTokens,
    frontier,
    speedCostFrontier,
    feasible,
    stats: { layouts: layouts.length, precisions: precisions.length, batches: nb, configurations: layouts.length * precisions.length * nb, evaluated, feasible: feasibleCount, seconds, stopped },
    warnings,
    explain(point) {
      const { expertParallel, tensorParallel, pipelineStages, attentionDataParallel, microBatch, microBatches } = point.degrees;
      return analyzeLayout({ ...o, weightPrecision: point.precision, expertParallel, tensorParallel, pipelineStages, attentionDataParallel, microBatch, microBatches, dataParallel: 1, unevenStages: true });
    },
  };
}

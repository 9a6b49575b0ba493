/**
 * Capacity: the cheapest chips and layout for a target rate under the SLOs.
 *
 * For each candidate system (catalog chips, or the given one), the layout search (cluster/search.ts)
 * lists the replica layouts that fit the model and a full sequence in memory; at each chip count on its
 * frontier we keep the layout with the lowest cost per token. Each such replica gets the max-load
 * search of ./analysis.ts (bisection over simulations: the highest rate at which every class meets
 * its SLOs and the server keeps up). Then, per target rate, pure arithmetic:
 *
 *   replicas R = ⌈λ ÷ λ₁⌉,  chips N = R × C,  cost = R × C × $/chip-hour
 *
 * ranked by cost per hour (by chips where no price is known). The cheapest plan is checked by one more
 * simulation at λ ÷ R per replica, the same kind of run as a max-load probe.
 *
 * The work is split so that a page can run it in slices: `createCapacitySearch` sets up (the layout
 * searches take milliseconds) and `step()` measures one candidate replica per call.
 */
import { getHardware, HARDWARE, type HardwareSpec } from "../catalog/hardware.ts";
import { searchLayouts, type SearchPoint } from "../cluster/search.ts";
import type { LayoutDegrees } from "../cluster/layout.ts";
import { RooflineError, type Warning } from "../errors.ts";
import type { Derivation } from "../formula/derivation.ts";
import { constant, derived, userGiven, withOrigin, type Quantity } from "../formula/formula.ts";
import { formatSeconds, formatSignificant } from "../format.ts";
import type { Precision } from "../precision.ts";
import { prepareRoofline } from "../roofline/step.ts";
import { checkGiven, LIMITS } from "../validate.ts";
import { maxLoad, sloCheck, sloFloors, prepareServing, type MaxLoadResult, type ServeOptions, type SloCheck } from "./analysis.ts";
import * as SF from "./formulas.ts";
import { meanLength } from "./workload.ts";
import { idealStepTimes } from "./steptime.ts";
import type { EfficiencyMode } from "../efficiency/mode.ts";

export interface CapacityOptions {
  /** One replica's serving options: model, workload with SLOs (open-loop arrivals), scheduler, step times. Its hardware is the default system; its chips are searched unless `chipsPerReplica` is given. */
  serve: ServeOptions;
  /** Requests per second the fleet must serve under the SLOs. */
  targetRatePerSecond: number;
  /** Candidate systems. Default: the serve options' hardware alone. */
  systems?: readonly HardwareSpec[];
  /** Fix the replica's chips (then only layouts of exactly this many chips are candidates). */
  chipsPerReplica?: number;
  /** Largest replica to consider. Default: each system's scale-up domain (at most 72 chips): the serving step model is one domain's. */
  maxChipsPerReplica?: number;
  /** Requests per max-load probe. Default 2,000. */
  requests?: number;
  /** How inputs are named in messages (the CLI's flags by default). */
  names?: { targetRate?: string; systems?: string; chips?: string; maxChips?: string; sloTtft?: string; sloTpot?: string };
}

export interface CapacityCandidate {
  hardware: { id: string; name: string };
  chipsPerReplica: number;
  /** The layout from the layout search (micro-batch left to the scheduler). */
  layout: Omit<LayoutDegrees, "microBatch" | "microBatches" | "dataParallel">;
  /** "EP 8 × TP 1 × PP 1" and so on. */
  layoutText: string;
  weightPrecision: Precision;
  /** $ per chip-hour and where it comes from; null when unknown. */
  usdPerChipHour: number | null;
  priceNote: string;
  /** The max load of one replica (requests/s) under the SLOs, keeping up. */
  maxRatePerReplica: number;
  outputTokensPerSecondPerReplica: number;
  maxLoad: MaxLoadResult;
}

export interface CapacityPlan {
  candidate: CapacityCandidate;
  replicas: number;
  totalChips: number;
  usdPerHour: number | null;
  /** Rate each replica sees: target ÷ replicas. */
  ratePerReplica: number;
}

export interface CapacityRejection {
  hardware: { id: string; name: string };
  chipsPerReplica: number | null;
  reason: string;
}

export interface CapacityResult {
  model: { id: string; name: string };
  targetRatePerSecond: number;
  stepTimes: string;
  scheduler: string;
  /** The cheapest plan, checked by simulation. */
  chosen: CapacityPlan;
  /** Every plan, cheapest first (the chosen one first). */
  plans: CapacityPlan[];
  rejected: CapacityRejection[];
  /** One more simulation of the chosen replica at target ÷ replicas. */
  check: SloCheck;
  /** Replicas added because the check missed (0 normally). */
  addedReplicas: number;
  derivations: Record<string, Derivation>;
  message: string;
  warnings: Warning[];
}

export interface CapacitySearch {
  /** Candidate replicas to measure in all. */
  total: number;
  done(): number;
  /** Measures the next candidate; returns true when all are measured. */
  step(): boolean;
  /** The plans for the target (after every step): throws a RooflineError when nothing meets the SLOs. */
  result(): CapacityResult;
  candidates(): CapacityCandidate[];
  rejected(): CapacityRejection[];
}

export const DEFAULT_CAPACITY_REQUESTS = 2000;
/** Bisection steps per candidate: the max load to about 1.5% (from a bracket of 1,500×). */
export const CAPACITY_ITERATIONS = 9;
const MAX_DEFAULT_REPLICA_CHIPS = 72;

interface Pending {
  hardware: HardwareSpec;
  point: SearchPoint;
  price: Quantity | null;
  priceNote: string;
}

/** A refusal in a few words: the field and what it needed ("--slo-tpot-ms: at least 39.2 ms: the physical floor…"). */
function reasonOf(e: RooflineError): string {
  const d = e.details;
  return d.expected ? `${d.field}${d.value !== undefined ? ` ${d.value}` : ""} needs ${d.expected}` : e.message;
}

function layoutText(d: LayoutDegrees, moe: boolean): string {
  const parts = [...(moe ? [`EP ${d.expertParallel}`] : []), `TP ${d.tensorParallel}`, `PP ${d.pipelineStages}`];
  if (moe && d.attentionDataParallel > 1) parts.push(`attention DP ${d.attentionDataParallel}`);
  return parts.join(" × ");
}

function priceOf(o: CapacityOptions, hw: HardwareSpec): { q: Quantity | null; note: string } {
  const given = o.serve.usdPerChipHour;
  if (given !== undefined && hw.id === o.serve.hardware.id) {
    const q = typeof given === "number" ? userGiven(given, o.serve.names?.["usdPerChipHour"] ?? "usdPerChipHour") : given;
    return { q, note: "as given" };
  }
  const f = hw.usdPerChipHour;
  if (f.value === null) return { q: null, note: "no public price quote: ranked by chips" };
  return { q: withOrigin(f.value, f.origin), note: f.origin.kind === "catalog" && f.origin.note ? f.origin.note : "catalog" };
}

/** Candidate systems as typed: comma-separated catalog ids or aliases, or "priced" (every catalog chip with a price quote). */
export function parseSystems(text: string, field: string): HardwareSpec[] {
  const t = text.trim();
  if (t.toLowerCase() === "priced") return HARDWARE.filter((h) => h.usdPerChipHour.value !== null);
  const ids = t.split(",").map((x) => x.trim()).filter((x) => x.length > 0);
  if (ids.length === 0 || ids.length > 64) throw new RooflineError({ code: "out-of-range", field, value: t.slice(0, 60), expected: "1 to 64 comma-separated catalog hardware ids (h100,b200), or priced" });
  const out: HardwareSpec[] = [];
  for (const id of ids) {
    const h = getHardware(id, field);
    if (!out.some((x) => x.id === h.id)) out.push(h);
  }
  return out;
}

/** Ranks plans: priced by $ per hour (then chips), then unpriced by chips. */
export function planCapacity(candidates: readonly CapacityCandidate[], targetRatePerSecond: number): CapacityPlan[] {
  const plans: CapacityPlan[] = [];
  for (const c of candidates) {
    if (!(c.maxRatePerReplica > 0)) continue;
    const replicas = SF.replicasForRate.fn(targetRatePerSecond, c.maxRatePerReplica);
    const totalChips = SF.fleetChips.fn(replicas, c.chipsPerReplica);
    const usdPerHour = c.usdPerChipHour === null ? null : SF.fleetUsdPerHour.fn(replicas, c.chipsPerReplica, c.usdPerChipHour);
    plans.push({ candidate: c, replicas, totalChips, usdPerHour, ratePerReplica: targetRatePerSecond / replicas });
  }
  return plans.sort((a, b) => {
    if ((a.usdPerHour === null) !== (b.usdPerHour === null)) return a.usdPerHour === null ? 1 : -1;
    const byCost = a.usdPerHour !== null && b.usdPerHour !== null ? a.usdPerHour - b.usdPerHour : 0;
    return byCost || a.totalChips - b.totalChips || a.candidate.chipsPerReplica - b.candidate.chipsPerReplica || a.candidate.hardware.id.localeCompare(b.candidate.hardware.id);
  });
}

export function createCapacitySearch(o: CapacityOptions): CapacitySearch {
  const s = o.serve;
  const n = (k: keyof NonNullable<CapacityOptions["names"]>, fallback: string) => o.names?.[k] ?? fallback;
  const target = checkGiven(o.targetRatePerSecond, n("targetRate", "targetRatePerSecond"), { what: "requests per second", above: 0, max: 1e9 }).value;
  if (s.trace) throw new RooflineError({ code: "unsupported-config", field: n("targetRate", "targetRatePerSecond"), value: "a trace", expected: "a generated workload: a trace fixes its own arrival times, so no rate can be searched", hint: "Describe the workload with lengths (or classes) instead of a trace." });
  if (s.workload.arrivals.kind === "closed") throw new RooflineError({ code: "unsupported-config", field: n("targetRate", "targetRatePerSecond"), value: "a closed loop", expected: "open-loop arrivals (Poisson or gamma): a target rate is requests per second, not users", hint: "Drop the concurrency." });
  const classes = s.workload.classes;
  if (classes.every((c) => c.sloTtftSeconds === null && c.sloTpotSeconds === null)) {
    throw new RooflineError({
      code: "missing-value",
      field: `${n("sloTtft", "sloTtftSeconds")} or ${n("sloTpot", "sloTpotSeconds")}`,
      expected: `at least one SLO for a capacity search (${n("targetRate", "targetRatePerSecond")} ${formatSignificant(target, 4)}): without one, every replica "meets" its SLOs up to saturation`,
    });
  }
  const systems = o.systems && o.systems.length > 0 ? o.systems : [s.hardware];
  const fixedChips = o.chipsPerReplica === undefined ? null : checkGiven(o.chipsPerReplica, n("chips", "chipsPerReplica"), { what: "chips per replica", integer: true, min: 1, max: LIMITS.maxChips }).value;
  const maxChipsGiven = o.maxChipsPerReplica === undefined ? null : checkGiven(o.maxChipsPerReplica, n("maxChips", "maxChipsPerReplica"), { what: "chips per replica", integer: true, min: 1, max: 4096 }).value;
  const requests = o.requests ?? DEFAULT_CAPACITY_REQUESTS;
  // The weight precision of the replica: as given, else the model's own (what `serve` uses).
  const weightPrecision: Precision = s.weightPrecision ?? prepareRoofline({ model: s.model, hardware: s.hardware, phase: "decode" }).weightPrecision;
  let meanIn = 0;
  let meanOut = 0;
  const total = classes.reduce((a, c) => a + c.share, 0);
  for (const c of classes) {
    meanIn += (c.share / total) * meanLength(c.input);
    meanOut += (c.share / total) * meanLength(c.output);
  }
  const contextTokens = Math.max(1, Math.round(meanIn + meanOut));
  const moe = Boolean(s.model.moe);

  // The layout search ranks layouts by the step times the replicas are then simulated with (--efficiency):
  // the ideal roofline's for ideal step times, the efficiency model's otherwise.
  const efficiency: EfficiencyMode = (s.stepTimes ?? idealStepTimes) === idealStepTimes ? "ideal" : "expected";
  const pending: Pending[] = [];
  const rejected: CapacityRejection[] = [];
  const warnings: Warning[] = [];
  for (const hw of systems) {
    const { q: price, note } = priceOf(o, hw);
    const domain = hw.scaleUpDomainChips.value ?? 8;
    const maxChips = fixedChips ?? maxChipsGiven ?? Math.min(domain, MAX_DEFAULT_REPLICA_CHIPS);
    try {
      // The layout search ranks by cost per token. For a system without a price any constant price gives the
      // same order (chip-seconds per token), so it is searched at $1 per chip-hour; that price is never
      // reported: the plans rank such systems by chips.
      const given = hw.id === s.hardware.id;
      const r = searchLayouts({
        model: s.model,
        hardware: hw,
        contextTokens,
        precisions: [weightPrecision],
        ...(s.kvPrecision ? { kvPrecision: s.kvPrecision } : {}),
        ...(s.computePrecision ? { computePrecision: s.computePrecision } : {}),
        ...(s.attention ? { attention: s.attention } : {}),
        ...(s.expertRouting ? { expertRouting: s.expertRouting } : {}),
        ...(given && s.hbmBytes !== undefined ? { hbmBytes: s.hbmBytes } : {}),
        ...(given && s.hbmBytesPerSecond !== undefined ? { hbmBytesPerSecond: s.hbmBytesPerSecond } : {}),
        ...(given && s.peakFlopsPerSecond !== undefined ? { peakFlopsPerSecond: s.peakFlopsPerSecond } : {}),
        usdPerChipHour: price ?? constant(1, "a unit price: it orders an unpriced chip's layouts by chip-seconds per token and is not reported"),
        maxChips,
        efficiency,
        ...(fixedChips !== null ? { collectFeasible: true } : {}),
      });
      // Per chip count, the layout with the lowest cost per token (the most throughput per chip).
      const best = new Map<number, SearchPoint>();
      const points = fixedChips !== null ? (r.feasible ?? []).filter((p) => p.chips === fixedChips) : r.frontier;
      for (const p of points) {
        const b = best.get(p.chips);
        if (!b || p.usdPerMillionTokens < b.usdPerMillionTokens) best.set(p.chips, p);
      }
      if (best.size === 0) {
        rejected.push({
          hardware: { id: hw.id, name: hw.name },
          chipsPerReplica: fixedChips,
          reason: fixedChips !== null ? `no layout of exactly ${fixedChips} chips holds the weights and one ${contextTokens}-token sequence` : `no layout of at most ${maxChips} chips holds the weights and one ${contextTokens}-token sequence`,
        });
      }
      for (const p of [...best.values()].sort((a, b) => a.chips - b.chips)) pending.push({ hardware: hw, point: p, price, priceNote: note });
    } catch (e) {
      if (!(e instanceof RooflineError)) throw e;
      rejected.push({ hardware: { id: hw.id, name: hw.name }, chipsPerReplica: fixedChips, reason: reasonOf(e) });
    }
  }

  const candidates: CapacityCandidate[] = [];
  let next = 0;
  const optionsFor = (c: Pending): ServeOptions => {
    const given = c.hardware.id === s.hardware.id;
    const d = c.point.degrees;
    const { usdPerChipHour: _u, hbmBytes: _h, hbmBytesPerSecond: _b, peakFlopsPerSecond: _f, chips: _c, expertParallel: _e, ...rest } = s;
    void _u;
    void _h;
    void _b;
    void _f;
    void _c;
    void _e;
    return {
      ...rest,
      ...(given ? { ...(s.hbmBytes !== undefined ? { hbmBytes: s.hbmBytes } : {}), ...(s.hbmBytesPerSecond !== undefined ? { hbmBytesPerSecond: s.hbmBytesPerSecond } : {}), ...(s.peakFlopsPerSecond !== undefined ? { peakFlopsPerSecond: s.peakFlopsPerSecond } : {}) } : {}),
      ...(c.price ? { usdPerChipHour: c.price } : {}),
      hardware: c.hardware,
      weightPrecision,
      chips: constant(c.point.chips, `the replica's layout from the layout search: ${layoutText(d, moe)}`),
      ...(moe ? { expertParallel: constant(d.expertParallel, "the layout's expert parallelism") } : {}),
    };
  };
  const step = (): boolean => {
    if (next >= pending.length) return true;
    const c = pending[next++] as Pending;
    const d = c.point.degrees;
    try {
      const m = maxLoad(optionsFor(c), { requests, iterations: CAPACITY_ITERATIONS });
      if (m.maxLoad > 0) {
        candidates.push({
          hardware: { id: c.hardware.id, name: c.hardware.name },
          chipsPerReplica: c.point.chips,
          layout: { expertParallel: d.expertParallel, tensorParallel: d.tensorParallel, pipelineStages: d.pipelineStages, attentionDataParallel: d.attentionDataParallel },
          layoutText: layoutText(d, moe),
          weightPrecision,
          usdPerChipHour: c.price ? c.price.value : null,
          priceNote: c.priceNote,
          maxRatePerReplica: m.maxLoad,
          outputTokensPerSecondPerReplica: m.outputTokensPerSecond,
          maxLoad: m,
        });
      } else rejected.push({ hardware: { id: c.hardware.id, name: c.hardware.name }, chipsPerReplica: c.point.chips, reason: m.message });
    } catch (e) {
      if (!(e instanceof RooflineError)) throw e;
      rejected.push({ hardware: { id: c.hardware.id, name: c.hardware.name }, chipsPerReplica: c.point.chips, reason: reasonOf(e) });
    }
    return next >= pending.length;
  };

  const result = (): CapacityResult => {
    const plans = planCapacity(candidates, target);
    const first = plans[0];
    if (!first) throw noCandidate(o, target, systems, rejected, weightPrecision);
    const chosenCandidate = first.candidate;
    // Check the chosen plan by one more simulation at target ÷ replicas (a replica more if it misses).
    const opts = optionsFor(pending.find((p) => p.hardware.id === chosenCandidate.hardware.id && p.point.chips === chosenCandidate.chipsPerReplica) as Pending);
    let replicas = first.replicas;
    let check = sloCheck(opts, target / replicas, requests, chosenCandidate.maxLoad.service ?? undefined);
    let added = 0;
    while (!check.meets && added < 3) {
      added++;
      replicas++;
      check = sloCheck(opts, target / replicas, requests, chosenCandidate.maxLoad.service ?? undefined);
    }
    const chosen: CapacityPlan =
      added === 0
        ? first
        : {
            candidate: chosenCandidate,
            replicas,
            totalChips: SF.fleetChips.fn(replicas, chosenCandidate.chipsPerReplica),
            usdPerHour: chosenCandidate.usdPerChipHour === null ? null : SF.fleetUsdPerHour.fn(replicas, chosenCandidate.chipsPerReplica, chosenCandidate.usdPerChipHour),
            ratePerReplica: target / replicas,
          };
    const derivations = explainPlan(o, target, chosen, opts, added);
    const priced = chosen.usdPerHour !== null;
    const message =
      `${chosen.replicas} replica(s) of ${chosenCandidate.chipsPerReplica} × ${chosenCandidate.hardware.name} (${chosenCandidate.layoutText}, ${weightPrecision} weights) = ${chosen.totalChips} chips` +
      (priced ? ` at $${formatSignificant(chosen.usdPerHour as number, 4)}/hour` : " (no price known: ranked by chips)") +
      `: each replica meets the SLOs up to ${formatSignificant(chosenCandidate.maxRatePerReplica, 4)} requests/s and gets ${formatSignificant(chosen.ratePerReplica, 4)}.` +
      (added > 0 ? ` The check at ${formatSignificant(target / first.replicas, 4)}/s per replica missed, so ${added} replica(s) were added.` : "") +
      (check.meets ? "" : " The check still misses: treat this plan as a lower bound.");
    if (!check.meets) warnings.push({ code: "capacity-check-missed", message: "The chosen plan's check simulation misses an SLO even with added replicas: the max-load search sits on a noisy edge; raise the requests per probe." });
    const stepTimes = prepareServing(opts).steps.label;
    return {
      model: { id: s.model.id, name: s.model.name },
      targetRatePerSecond: target,
      stepTimes,
      scheduler: s.scheduler ?? "continuous",
      chosen,
      plans: [chosen, ...plans.filter((p) => p !== first)],
      rejected: [...rejected],
      check,
      addedReplicas: added,
      derivations,
      message,
      warnings: [...warnings],
    };
  };
  return { total: pending.length, done: () => next, step, result, candidates: () => [...candidates], rejected: () => [...rejected] };
}

/** The whole capacity search at once. */
export function capacitySearch(o: CapacityOptions): CapacityResult {
  const c = createCapacitySearch(o);
  while (!c.step());
  return c.result();
}

function explainPlan(o: CapacityOptions, target: number, plan: CapacityPlan, opts: ServeOptions, added: number): Record<string, Derivation> {
  const c = plan.candidate;
  const lambda = userGiven(target, o.names?.targetRate ?? "targetRatePerSecond");
  const perReplica = derived(c.maxLoad.derivation);
  const replicasD = SF.replicasForRate.explain({ targetRatePerSecond: lambda, maxRatePerReplica: perReplica }, { name: "replicas", title: "Replicas for the target rate" });
  const replicasQ: Quantity = added === 0 ? derived(replicasD) : constant(plan.replicas, `⌈λ ÷ λ₁⌉ = ${replicasD.value}, plus ${added} because the check simulation at λ ÷ ${replicasD.value} missed an SLO`);
  const chipsQ = opts.chips as Quantity;
  const out: Record<string, Derivation> = {
    maxRatePerReplica: c.maxLoad.derivation,
    replicas: replicasD,
    totalChips: SF.fleetChips.explain({ replicas: replicasQ, chipsPerReplica: chipsQ }, { name: "totalChips", title: "Chips for the target rate" }),
  };
  if (c.usdPerChipHour !== null && opts.usdPerChipHour !== undefined) {
    const price = typeof opts.usdPerChipHour === "number" ? userGiven(opts.usdPerChipHour, "usdPerChipHour") : opts.usdPerChipHour;
    out["usdPerHour"] = SF.fleetUsdPerHour.explain({ replicas: replicasQ, chipsPerReplica: chipsQ, usdPerChipHour: price }, { name: "usdPerHour", title: "Cost of the fleet per hour" });
  }
  return out;
}

function noCandidate(o: CapacityOptions, target: number, systems: readonly HardwareSpec[], rejected: readonly CapacityRejection[], weightPrecision: Precision): RooflineError {
  // The floors: the lowest TTFT and TPOT floors over the systems, at the largest replica tried.
  const s = o.serve;
  let ttft: { seconds: number; where: string } | null = null;
  let tpot: { seconds: number; where: string } | null = null;
  const { usdPerChipHour: _u, ...unpriced } = s;
  void _u;
  for (const hw of systems) {
    const chips = o.chipsPerReplica ?? o.maxChipsPerReplica ?? Math.min(hw.scaleUpDomainChips.value ?? 8, MAX_DEFAULT_REPLICA_CHIPS);
    try {
      const p = prepareServing({ ...(hw.id === s.hardware.id ? s : unpriced), hardware: hw, chips, weightPrecision });
      const where = `${chips} × ${hw.name}`;
      for (const f of sloFloors(p)) {
        if (!ttft || f.ttftFloorSeconds < ttft.seconds) ttft = { seconds: f.ttftFloorSeconds, where };
        if (!tpot || f.tpotFloorSeconds < tpot.seconds) tpot = { seconds: f.tpotFloorSeconds, where };
      }
    } catch (e) {
      if (!(e instanceof RooflineError)) throw e;
      // does not fit: no floor from this system
    }
  }
  const cls = s.workload.classes;
  const slo = cls.map((c) => `${cls.length > 1 ? `${c.name}: ` : ""}${c.sloTtftSeconds === null ? "" : `p${c.percentile} TTFT ≤ ${formatSeconds(c.sloTtftSeconds)}`}${c.sloTtftSeconds !== null && c.sloTpotSeconds !== null ? ", " : ""}${c.sloTpotSeconds === null ? "" : `p${c.percentile} TPOT ≤ ${formatSeconds(c.sloTpotSeconds)}`}`).join("; ");
  const floor =
    ttft && tpot
      ? `the floors (one request alone on the largest replica tried) are TTFT ${formatSeconds(ttft.seconds)} (${ttft.where}) and TPOT ${formatSeconds(tpot.seconds)} (${tpot.where})`
      : "no system tried holds the model and one sequence";
  return new RooflineError({
    code: "no-solution",
    field: o.names?.targetRate ?? "targetRatePerSecond",
    value: String(target),
    expected: `a replica that meets the SLOs (${slo}) at some load; no layout on ${systems.length === 1 ? (systems[0] as HardwareSpec).name : `${systems.length} systems`} has one: ${floor}`,
    hint: `Relax the SLOs above the floors, try other systems${o.names?.systems ? ` (${o.names.systems})` : ""}, allow larger replicas, or lower the weight precision. Tried: ${rejected.map((r) => (r.chipsPerReplica === null ? `${r.hardware.id} (no layout fits)` : `${r.chipsPerReplica} × ${r.hardware.id}`)).join(", ").slice(0, 600)}.`,
  });
}

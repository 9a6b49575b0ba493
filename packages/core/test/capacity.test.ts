/**
 * Capacity: the cheapest chips and layout for a target rate under SLOs. The candidates are measured
 * once (layout search + max-load simulations, real runs); the properties then range over target rates
 * and the plans' arithmetic. The chosen plan is checked against the serving simulation itself.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  analyzeServing,
  capacitySearch,
  createCapacitySearch,
  getHardware,
  getModel,
  parseLength,
  planCapacity,
  RooflineError,
  searchLayouts,
  servingFormulas as SF,
  sloCheck,
  stepTimesFor,
  type CapacityOptions,
  type ServeOptions,
  type TrafficClass,
} from "../src/index.ts";

const llama70 = getModel("llama-3.1-70b");
const h100 = getHardware("h100");
const b200 = getHardware("b200");

function cls(slo: { ttft?: number; tpot?: number }, input = "1000", output = "1000"): TrafficClass {
  return { name: "default", share: 1, input: parseLength(input, "input"), output: parseLength(output, "output"), prefixHitFraction: 0, sloTtftSeconds: slo.ttft ?? null, sloTpotSeconds: slo.tpot ?? null, percentile: 99 };
}

function serve(slo: { ttft?: number; tpot?: number }, extra: Partial<ServeOptions> = {}): ServeOptions {
  return { model: llama70, hardware: h100, workload: { classes: [cls(slo)], arrivals: { kind: "poisson", ratePerSecond: 1 } }, stepTimes: stepTimesFor("expected"), seed: 1, ...extra };
}

const SLO = { ttft: 2, tpot: 0.05 };
const REQUESTS = 2000;

function errorOf(f: () => unknown): RooflineError {
  try {
    f();
  } catch (e) {
    if (e instanceof RooflineError) return e;
    throw e;
  }
  throw new Error("expected a RooflineError");
}

describe("capacity: candidates from the layout search, measured by the max-load search", () => {
  const opts: CapacityOptions = { serve: serve(SLO), targetRatePerSecond: 20, systems: [h100, b200], requests: REQUESTS };
  const search = createCapacitySearch(opts);
  while (!search.step());
  const candidates = search.candidates();
  const result = search.result();

  it("has candidates on both systems, each a layout the search found, with a positive max load", () => {
    expect(new Set(candidates.map((c) => c.hardware.id))).toEqual(new Set([h100.id, b200.id]));
    for (const c of candidates) {
      expect(c.maxRatePerReplica).toBeGreaterThan(0);
      const l = c.layout;
      expect(l.expertParallel * l.tensorParallel * l.pipelineStages).toBe(c.chipsPerReplica);
      expect(c.chipsPerReplica).toBeLessThanOrEqual(8);
    }
    // 70B in BF16 (141 GB) does not fit one 80 GB H100: the search never offers it.
    expect(candidates.some((c) => c.hardware.id === h100.id && c.chipsPerReplica === 1)).toBe(false);
  });

  it("replicas = ⌈target ÷ max load⌉, chips = replicas × chips per replica, $/h = chips × price; cheapest first", () => {
    for (const p of result.plans) {
      const c = p.candidate;
      expect(p.replicas).toBe(Math.ceil(20 / c.maxRatePerReplica) + (p === result.chosen ? result.addedReplicas : 0));
      expect(p.totalChips).toBe(p.replicas * c.chipsPerReplica);
      expect(p.usdPerHour).toBeCloseTo(p.totalChips * (c.usdPerChipHour as number), 9);
    }
    const costs = result.plans.slice(1).map((p) => p.usdPerHour as number);
    for (let i = 1; i < costs.length; i++) expect(costs[i] as number).toBeGreaterThanOrEqual(costs[i - 1] as number);
    expect(result.chosen.usdPerHour as number).toBeLessThanOrEqual(costs[0] ?? Infinity);
    // The derivations say the same numbers.
    expect(result.derivations["replicas"]?.value).toBe(Math.ceil(20 / result.chosen.candidate.maxRatePerReplica));
    expect(result.derivations["totalChips"]?.value).toBe(result.chosen.totalChips);
    expect(result.derivations["usdPerHour"]?.value).toBeCloseTo(result.chosen.usdPerHour as number, 9);
    expect(result.derivations["maxRatePerReplica"]?.kind).toBe("simulated");
  });

  it("the chosen plan meets every SLO in simulation at target ÷ replicas per replica", () => {
    const c = result.chosen;
    expect(result.check.meets).toBe(true);
    expect(result.check.ratePerSecond).toBeCloseTo(20 / c.replicas, 12);
    // The same replica through the full serving analysis, independently of the search.
    const o: ServeOptions = { ...serve(SLO), hardware: c.candidate.hardware.id === h100.id ? h100 : b200, chips: c.candidate.chipsPerReplica, workload: { classes: [cls(SLO)], arrivals: { kind: "poisson", ratePerSecond: c.ratePerReplica } }, requests: REQUESTS, warmupFraction: 0.1 };
    const again = sloCheck(o, c.ratePerReplica, REQUESTS);
    expect(again.meets).toBe(true);
    const full = analyzeServing(o);
    for (const k of full.classes) {
      expect(k.ttftAtPercentile).toBeLessThanOrEqual(SLO.ttft);
      expect(k.tpotAtPercentile).toBeLessThanOrEqual(SLO.tpot);
    }
  });

  it("more target rate never needs fewer chips (one system) nor less money (any systems)", () => {
    const h100Only = candidates.filter((c) => c.hardware.id === h100.id);
    fc.assert(
      fc.property(fc.double({ min: 0.01, max: 500, noNaN: true }), fc.double({ min: 0, max: 500, noNaN: true }), (a, extra) => {
        const lo = planCapacity(h100Only, a)[0];
        const hi = planCapacity(h100Only, a + extra)[0];
        const loAny = planCapacity(candidates, a)[0];
        const hiAny = planCapacity(candidates, a + extra)[0];
        if (!lo || !hi || !loAny || !hiAny) return false;
        return hi.totalChips >= lo.totalChips && (hiAny.usdPerHour as number) >= (loAny.usdPerHour as number) - 1e-9;
      }),
      { seed: 20261127, numRuns: 300 },
    );
  });

  it("the plan serves the target: replicas × max load ≥ target, and one replica fewer would not", () => {
    fc.assert(
      fc.property(fc.double({ min: 0.01, max: 1000, noNaN: true }), (t) => {
        return planCapacity(candidates, t).every((p) => p.replicas * p.candidate.maxRatePerReplica >= t * (1 - 1e-12) && (p.replicas - 1) * p.candidate.maxRatePerReplica < t);
      }),
      { seed: 20261127, numRuns: 200 },
    );
  });

  it("formulas: replicas, chips and cost are one definition each", () => {
    expect(SF.replicasForRate.fn(20, 3)).toBe(7);
    expect(SF.replicasForRate.fn(21, 3)).toBe(7);
    expect(SF.fleetChips.fn(7, 8)).toBe(56);
    expect(SF.fleetUsdPerHour.fn(7, 8, 2)).toBe(112);
  });
});

describe("capacity: a fixed replica size, and systems without a price", () => {
  it("--chips fixes the replica: every candidate has exactly that many chips", () => {
    const r = capacitySearch({ serve: serve(SLO), targetRatePerSecond: 10, chipsPerReplica: 8, requests: REQUESTS });
    expect(r.plans.length).toBeGreaterThan(0);
    for (const p of r.plans) expect(p.candidate.chipsPerReplica).toBe(8);
  });

  it("an unpriced system ranks by chips, after the priced ones", () => {
    const tpu = getHardware("google-tpu-v5p");
    expect(tpu.usdPerChipHour.value).toBeNull();
    const r = capacitySearch({ serve: serve({ tpot: 0.1 }), targetRatePerSecond: 5, systems: [tpu, h100], maxChipsPerReplica: 8, requests: REQUESTS });
    const firstUnpriced = r.plans.findIndex((p) => p.usdPerHour === null);
    expect(firstUnpriced).toBeGreaterThan(0);
    expect(r.plans.slice(firstUnpriced).every((p) => p.usdPerHour === null)).toBe(true);
    const chips = r.plans.slice(firstUnpriced).map((p) => p.totalChips);
    expect([...chips].sort((a, b) => a - b)).toEqual(chips);
  });
});

describe("capacity: bad input is one clear error", () => {
  it("an SLO no layout can meet: no-solution, with the floors", () => {
    const e = errorOf(() => capacitySearch({ serve: serve({ tpot: 0.002 }), targetRatePerSecond: 5, requests: REQUESTS }));
    expect(e.code).toBe("no-solution");
    expect(e.message).toMatch(/floors .* TPOT \d/);
  });
  it("no SLO, a closed loop, a trace-less rate of 0", () => {
    expect(errorOf(() => capacitySearch({ serve: serve({}), targetRatePerSecond: 5 })).code).toBe("missing-value");
    expect(errorOf(() => capacitySearch({ serve: serve(SLO, { workload: { classes: [cls(SLO)], arrivals: { kind: "closed", concurrency: 4 } } }), targetRatePerSecond: 5 })).code).toBe("unsupported-config");
    expect(errorOf(() => capacitySearch({ serve: serve(SLO), targetRatePerSecond: 0 })).code).toBe("out-of-range");
    expect(errorOf(() => capacitySearch({ serve: serve(SLO), targetRatePerSecond: Number.NaN })).code).toBe("invalid-number");
  });
});

describe("capacity: the layout search ranks by the mode's step times (--efficiency)", () => {
  // Qwen3-30B-A3B (MoE) on up to 4 H100s: the ideal roofline (no collectives' latency, the mean chip) and
  // the efficiency model (all-reduces, the busiest expert chip) prefer different layouts.
  const qwen = getModel("qwen3-30b-a3b");
  const pick = (efficiency: "ideal" | "expected", chips: number) =>
    searchLayouts({ model: qwen, hardware: h100, contextTokens: 2000, precisions: ["bf16"], maxChips: 4, efficiency })
      .frontier.filter((p) => p.chips === chips)
      .sort((a, b) => a.usdPerMillionTokens - b.usdPerMillionTokens)[0]?.degrees;
  for (const mode of ["ideal", "expected"] as const) {
    it(`${mode} step times: each candidate is the layout the ${mode} search ranks cheapest at its chip count`, () => {
      const search = createCapacitySearch({ serve: serve(SLO, { model: qwen, stepTimes: stepTimesFor(mode) }), targetRatePerSecond: 5, maxChipsPerReplica: 4, requests: 300 });
      while (!search.step());
      const candidates = search.candidates();
      expect(candidates.length).toBeGreaterThan(0);
      for (const c of candidates) {
        const d = pick(mode, c.chipsPerReplica);
        expect(d, `${mode}: ${c.chipsPerReplica} chips`).toBeDefined();
        expect(c.layout).toEqual({ expertParallel: d?.expertParallel, tensorParallel: d?.tensorParallel, pipelineStages: d?.pipelineStages, attentionDataParallel: d?.attentionDataParallel });
      }
    });
  }
  it("the two modes choose different 2- and 4-chip layouts here (so the test above can tell them apart)", () => {
    expect(pick("ideal", 2)).not.toEqual(pick("expected", 2));
    expect(pick("ideal", 4)).not.toEqual(pick("expected", 4));
  });
});

/**
 * Serving: the lecture's numbers, the closed form against the simulation, queueing invariants
 * (Little's law, vanishing load, goodput ≤ throughput, percentile order, determinism), max load, and
 * bad input.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  analyzeServing,
  formulas as RF,
  frontier,
  generateRequests,
  getHardware,
  getModel,
  maxLoad,
  measuredServiceRate,
  parseLength,
  parseTrace,
  prepareServing,
  RooflineError,
  servingFormulas as SF,
  sloCheck,
  sloFloors,
  stepTimesFor,
  type ServeOptions,
  type TrafficClass,
} from "../src/index.ts";

const llama70 = getModel("llama-3.1-70b");
const llama8 = getModel("llama-3.1-8b");
const h100 = getHardware("h100");

function cls(input: number | string, output: number | string, slo: { ttft?: number; tpot?: number } = {}, name = "default", share = 1): TrafficClass {
  return {
    name,
    share,
    input: parseLength(String(input), "input"),
    output: parseLength(String(output), "output"),
    prefixHitFraction: 0,
    sloTtftSeconds: slo.ttft ?? null,
    sloTpotSeconds: slo.tpot ?? null,
    percentile: 99,
  };
}

function opts(rate: number, extra: Partial<ServeOptions> = {}, classes: TrafficClass[] = [cls(1000, 1000)]): ServeOptions {
  return { model: llama70, hardware: h100, chips: 8, workload: { classes, arrivals: { kind: "poisson", ratePerSecond: rate } }, requests: 4000, ...extra };
}

const lambdaMax70 = analyzeServing(opts(1, { requests: 50 })).closedForm.maxRatePerSecond;

describe("the lecture's train, reproduced and reconciled", () => {
  const r = analyzeServing(opts(5, { requests: 200 }));
  it("the train at the batch that fills HBM departs every drain time (the lecture's ~20 ms)", () => {
    const full = r.lecture.full;
    expect(full).not.toBeNull();
    // weights + every sequence's KV = all of HBM, read once per step: the step is the drain time
    expect(Math.abs((full?.periodSeconds as number) / (full?.drainSeconds as number) - 1)).toBeLessThan(0.01);
    expect(full?.drainSeconds).toBeCloseTo(80e9 / 3.35e12, 6);
  });
  it("worst case is two periods: just missed the train, then ride it", () => {
    expect(r.lecture.full?.worstCaseWaitSeconds).toBeCloseTo(2 * (r.lecture.full?.periodSeconds as number), 12);
    expect(SF.meanWaitForTrain.fn(0.02)).toBeCloseTo(0.03, 12);
    expect(RF.trainWorstCaseWait.fn(0.02)).toBeCloseTo(0.04, 12);
  });
  it("a 2,000-token train every 20 ms needs only 100 new requests/s of 1,000 output tokens; 64 trains/s × 2,000 = 128K tokens/s", () => {
    expect(SF.trainFillRate.fn(2000, 1000, 0.02)).toBeCloseTo(100, 9);
    expect(RF.trainTokensPerSecond.fn(2000, 1 / 64)).toBeCloseTo(128_000, 6);
  });
  it("DP adds streams, never faster ticks", () => {
    const dp = r.lecture.dataParallel;
    expect(dp?.tokensPerSecond).toBeCloseTo((dp?.replicas as number) * (r.lecture.tokensPerSecond as number), 6);
    expect(dp?.perUserTokensPerSecond).toBeCloseTo(1 / (r.lecture.full?.periodSeconds as number), 9);
  });
  it("at the optimal batch the train departs sooner than the drain time (where a balance exists)", () => {
    // Llama-3.1-8B at a short context balances compute and memory.
    const s = analyzeServing({ model: llama8, hardware: h100, chips: 1, workload: { classes: [cls(100, 100)], arrivals: { kind: "poisson", ratePerSecond: 1 } }, requests: 50 });
    expect(s.lecture.optimal).not.toBeNull();
    expect(s.lecture.optimal?.periodSeconds as number).toBeLessThan(s.lecture.full?.periodSeconds as number);
  });
  it("goodput collapses past saturation while throughput holds", () => {
    const slo = [cls(1000, 1000, { ttft: 2, tpot: 0.05 })];
    const below = analyzeServing(opts(0.7 * lambdaMax70, { requests: 6000 }, slo));
    const past = analyzeServing(opts(1.3 * lambdaMax70, { requests: 6000 }, slo));
    expect(below.goodputRequestsPerSecond.total / below.requestsPerSecond).toBeGreaterThan(0.95);
    expect(past.goodputRequestsPerSecond.total / past.requestsPerSecond).toBeLessThan(0.5);
    // throughput holds near the saturation rate instead of collapsing
    expect(past.requestsPerSecond).toBeGreaterThan(0.9 * lambdaMax70);
    expect(past.warnings.some((w) => w.code === "past-saturation")).toBe(true);
  });
});

describe("closed form and simulation agree where both apply (Poisson, fixed lengths, continuous)", () => {
  // Stated tolerance, at 5–40% of the saturation rate, for ideal AND expected step times: throughput 2%,
  // TPOT and mean batch 10%, TTFT 25%. Measured on this grid (seed 7, 6,000 requests) after the closed form
  // took whole-prompt prefill passes (serving.meanPrefillPassSeconds): worst throughput 1.5%, TPOT 7.5%,
  // batch 9.0%, TTFT 13.3%. What is left grows with the prefill share (short outputs after long prompts at
  // 40%): the closed form ignores prefill queueing behind other prefills and the spread of the batch.
  // The throughput and batch errors include ~1.4% of sampling error: seed 7's 6,000 Poisson arrivals come
  // 1.4% faster than the rate (a one-sigma draw), which the simulation serves and the closed form does not.
  const systems = [
    { model: llama70, hardware: h100, chips: 8 },
    { model: llama8, hardware: h100, chips: 1 },
    { model: llama70, hardware: getHardware("nvidia-b200-hgx"), chips: 4 },
    { model: llama70, hardware: getHardware("nvidia-h200-sxm-141gb"), chips: 4 },
  ];
  for (const sys of systems) {
    for (const mode of ["ideal", "expected"] as const) {
      it(`${sys.model.id} on ${sys.chips} × ${sys.hardware.id}, ${mode} step times, over rates and lengths`, () => {
        const worst = { thr: 0, tpot: 0, batch: 0, ttft: 0 };
        for (const I of [200, 1000, 2000]) {
          for (const O of [100, 1000]) {
            const base = { ...sys, requests: 6000, seed: 7, stepTimes: stepTimesFor(mode) };
            const lmax = analyzeServing({ ...base, requests: 20, workload: { classes: [cls(I, O)], arrivals: { kind: "poisson", ratePerSecond: 1 } } }).closedForm.maxRatePerSecond;
            for (const f of [0.05, 0.2, 0.4]) {
              const r = analyzeServing({ ...base, workload: { classes: [cls(I, O)], arrivals: { kind: "poisson", ratePerSecond: f * lmax } } });
              const c = r.closedForm;
              expect(c.applies).toBe(true);
              const rel = (a: number, b: number | null) => Math.abs(a / (b as number) - 1);
              worst.thr = Math.max(worst.thr, rel(r.outputTokensPerSecond, c.outputTokensPerSecond));
              worst.tpot = Math.max(worst.tpot, rel(r.tpotSeconds.mean, c.tpotSeconds));
              worst.batch = Math.max(worst.batch, rel(r.meanBatch, c.meanBatch));
              worst.ttft = Math.max(worst.ttft, rel(r.ttftSeconds.mean, c.ttftSeconds));
            }
          }
        }
        expect(worst.thr).toBeLessThan(0.02);
        expect(worst.tpot).toBeLessThan(0.1);
        expect(worst.batch).toBeLessThan(0.1);
        expect(worst.ttft).toBeLessThan(0.25);
      });
    }
  }
  for (const mode of ["ideal", "expected"] as const) {
    it(`the highest sustainable rate is the simulation's measured service rate, ${mode} step times`, () => {
      // λ_max = B_max / ((O − 1) · TPOT at saturation), so TPOT's 10% carries over. Measured on this grid
      // (seed 1): worst 4.2%. (Before saturation was modelled as seats freeing up — a prefill pass of the
      // B_max/(O − 1) requests admitted per decode step — it was 22.6%, for short requests.)
      let worst = 0;
      for (const sys of systems) {
        for (const I of [200, 1000, 2000]) {
          for (const O of [100, 1000]) {
            const o: ServeOptions = { ...sys, stepTimes: stepTimesFor(mode), workload: { classes: [cls(I, O)], arrivals: { kind: "poisson", ratePerSecond: 1 } } };
            const cf = analyzeServing({ ...o, requests: 20 }).closedForm.maxRatePerSecond;
            const measured = measuredServiceRate(prepareServing(o), 5000, 1).ratePerSecond as number;
            worst = Math.max(worst, Math.abs(measured / cf - 1));
          }
        }
      }
      expect(worst).toBeLessThan(0.1);
    });
  }
  it("the issue's example: Llama-3.1-70B, 8 × H100, 3 requests/s, 1,000 in / 1,000 out, expected step times", () => {
    // Before whole-prompt passes the closed form said TPOT 26.3 ms, TTFT 127 ms, batch 78.9 (the simulation
    // 21.4 ms, 79.6 ms, 64.0): it priced a pass of 1.07 prompts as 1,070 rows, one more wave of matmul tiles.
    const r = analyzeServing(opts(3, { requests: 20_000, seed: 1, stepTimes: stepTimesFor("expected") }));
    const c = r.closedForm;
    expect(Math.abs(r.tpotSeconds.mean / (c.tpotSeconds as number) - 1)).toBeLessThan(0.02);
    expect(Math.abs(r.meanBatch / (c.meanBatch as number) - 1)).toBeLessThan(0.02);
    expect(Math.abs(r.ttftSeconds.mean / (c.ttftSeconds as number) - 1)).toBeLessThan(0.05);
  });
  it("a pass holds whole prompts: the mean pass lies between the passes of ⌊k̄⌋ and ⌊k̄⌋ + 1 prompts", () => {
    const r = analyzeServing(opts(3, { requests: 200, stepTimes: stepTimesFor("expected") }));
    const d = r.derivations["prefillPassSeconds"];
    expect(d?.formulaId).toBe("serving.meanPrefillPassSeconds");
    const p = prepareServing(opts(3, { stepTimes: stepTimesFor("expected") }));
    const k = r.derivations["promptsPerPrefillPass"]?.value as number;
    const lo = p.steps.prefill(Math.floor(k), 1000, 0);
    const hi = p.steps.prefill(Math.floor(k) + 1, 1000, 0);
    expect(Math.abs((d?.value as number) / (lo + (k - Math.floor(k)) * (hi - lo)) - 1)).toBeLessThan(1e-9);
    expect(SF.meanPrefillPassSeconds.fn(2, 0.1, 0.15)).toBe(0.1);
    expect(SF.meanPrefillPassSeconds.fn(2.25, 0.1, 0.15)).toBeCloseTo(0.1125, 12);
  });
});

describe("queueing invariants of the simulation", () => {
  it("Little's law: mean requests in the system = rate × mean end-to-end time, within 2%", () => {
    fc.assert(
      fc.property(fc.double({ min: 0.1, max: 0.85, noNaN: true }), fc.constantFrom("continuous", "chunked", "static") as fc.Arbitrary<"continuous" | "chunked" | "static">, fc.integer({ min: 1, max: 1000 }), (f, scheduler, seed) => {
        // 20,000 requests: the window's edge effects (requests in flight at its ends) stay well inside 2%.
        const r = analyzeServing(opts(f * lambdaMax70 * (scheduler === "static" ? 0.5 : 1), { scheduler, seed, requests: 20_000 }, [cls("uniform:200:1800", "uniform:100:1500")]));
        expect(Math.abs(r.little.meanInSystem / r.little.rateTimesE2e - 1)).toBeLessThan(0.02);
      }),
      { numRuns: 6, seed: 20261127 },
    );
  });
  it("at vanishing load TTFT → one prefill pass and TPOT → the batch-1 decode step (ideal and expected step times)", () => {
    for (const mode of ["ideal", "expected"] as const) {
      const p = prepareServing(opts(1e-3, { stepTimes: stepTimesFor(mode) }));
      const r = analyzeServing(opts(1e-3, { requests: 300, stepTimes: stepTimesFor(mode) }, [cls(1000, 200)]));
      const prefill = p.steps.prefill(1, 1000, 0);
      expect(r.ttftSeconds.mean / prefill - 1).toBeLessThan(1e-3);
      expect(r.ttftSeconds.p50).toBeGreaterThanOrEqual(prefill * (1 - 1e-9));
      // the decode step at batch 1 over the context a request grows through (1000 → 1200 tokens)
      const lo = p.steps.decode(1, 1000);
      const hi = p.steps.decode(1, 1200);
      expect(r.tpotSeconds.mean).toBeGreaterThanOrEqual(lo * (1 - 1e-9));
      expect(r.tpotSeconds.mean).toBeLessThanOrEqual(hi * (1 + 1e-9));
      // and the closed form says the same in the limit
      expect(Math.abs((r.closedForm.ttftSeconds as number) / prefill - 1)).toBeLessThan(1e-3);
      expect(r.closedForm.tpotSeconds as number).toBeGreaterThanOrEqual(lo * (1 - 1e-9));
      expect(r.closedForm.tpotSeconds as number).toBeLessThanOrEqual(p.steps.decode(2, 1200) * (1 + 1e-9));
    }
  });
  it("goodput ≤ throughput and p50 ≤ p90 ≤ p99, for every scheduler and workload", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("static", "continuous", "chunked", "disaggregated") as fc.Arbitrary<"static" | "continuous" | "chunked" | "disaggregated">,
        fc.constantFrom("500", "uniform:100:3000", "lognormal:800:0.8", "hist:128=0.5,4096=0.5"),
        fc.constantFrom("300", "normal:400:200"),
        fc.double({ min: 0.05, max: 1.5, noNaN: true }),
        fc.integer({ min: 1, max: 10_000 }),
        (scheduler, input, output, f, seed) => {
          const r = analyzeServing(opts(f * lambdaMax70, { scheduler, seed, requests: 1500 }, [cls(input, output, { ttft: 1, tpot: 0.03 }, "a", 2), cls(input, output, { ttft: 5 }, "b", 1)]));
          expect(r.goodputRequestsPerSecond.total).toBeLessThanOrEqual(r.requestsPerSecond * (1 + 1e-12));
          for (const c of r.classes) expect(c.goodputRequestsPerSecond).toBeLessThanOrEqual(r.requestsPerSecond * (1 + 1e-12));
          for (const s of [r.ttftSeconds, r.tpotSeconds, r.e2eSeconds, ...r.classes.flatMap((c) => [c.ttftSeconds, c.tpotSeconds, c.e2eSeconds])]) {
            expect(s.p50).toBeLessThanOrEqual(s.p90);
            expect(s.p90).toBeLessThanOrEqual(s.p99);
          }
          const json = JSON.stringify(r);
          expect(json).not.toMatch(/NaN|Infinity|null,"p/);
        },
      ),
      { numRuns: 10, seed: 20261127 },
    );
  });
  it("the same seed gives the same result; another seed another sample", () => {
    const a = analyzeServing(opts(10, { seed: 42 }, [cls("lognormal:1000:0.5", "uniform:100:900")]));
    const b = analyzeServing(opts(10, { seed: 42 }, [cls("lognormal:1000:0.5", "uniform:100:900")]));
    const c = analyzeServing(opts(10, { seed: 43 }, [cls("lognormal:1000:0.5", "uniform:100:900")]));
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(c.e2eSeconds.mean).not.toBe(a.e2eSeconds.mean);
  });
  it("every request is served in order: arrival ≤ start ≤ first token ≤ finish", () => {
    for (const scheduler of ["static", "continuous", "chunked", "disaggregated"] as const) {
      const r = analyzeServing(opts(0.6 * lambdaMax70, { scheduler, requests: 800 }));
      for (const q of r.timeline.requests) {
        expect(q.arrival).toBeLessThanOrEqual(q.start);
        expect(q.start).toBeLessThan(q.firstToken);
        expect(q.firstToken).toBeLessThan(q.finish);
      }
      expect(r.timeline.requests.length).toBeGreaterThan(10);
    }
  });
  it("paged admission preempts under memory pressure and still serves every request", () => {
    // 2 × H100 hold Llama-3.1-70B with ~19 GB to spare: long outputs overflow the pages.
    const base: ServeOptions = { model: llama70, hardware: h100, chips: 2, workload: { classes: [cls(2000, 3000)], arrivals: { kind: "poisson", ratePerSecond: 2 } }, requests: 400 };
    for (const preemption of ["recompute", "swap"] as const) {
      const r = analyzeServing({ ...base, admission: "paged", preemption });
      expect(r.preemptions).toBeGreaterThan(0);
      expect(r.requestsPerSecond).toBeGreaterThan(0);
      expect(r.tpotSeconds.p99).toBeGreaterThan(r.tpotSeconds.p50);
    }
    const reserve = analyzeServing({ ...base, admission: "reserve" });
    expect(reserve.preemptions).toBe(0);
  });
  it("disaggregated: the prompt's KV crosses the scale-out network between the pools, and the wait shows", () => {
    // 4 chips prefill, 4 decode; at vanishing load a request is one prefill pass on the prefill pool, the
    // KV hand-over (serving.kvTransferSeconds), then O − 1 batch-1 decode steps on the decode pool.
    const o = opts(1e-3, { scheduler: "disaggregated", prefillChips: 4, requests: 200 }, [cls(4000, 50)]);
    const p = prepareServing(o);
    const prefill = (p.prefillSteps as NonNullable<typeof p.prefillSteps>).prefill(1, 4000, 0);
    const handover = SF.kvTransferSeconds.fn(4000, p.memory.kvBytesPerToken, 4, h100.scaleOutBytesPerSecondPerChip.value as number);
    expect(handover).toBeCloseTo(4000 * p.kvTransferSecondsPerToken, 12);
    expect(handover).toBeGreaterThan(1e-3);
    const r = analyzeServing(o);
    expect(r.ttftSeconds.mean / prefill - 1).toBeLessThan(1e-3);
    const decode = 49 * p.steps.decode(1, 4025);
    expect(Math.abs((r.e2eSeconds.mean - prefill - handover) / decode - 1)).toBeLessThan(0.01);
    // without the hand-over the decode would start at once: the same pools with a free network are faster by it
    const free = analyzeServing({ ...o, hardware: { ...h100, scaleOutBytesPerSecondPerChip: { ...h100.scaleOutBytesPerSecondPerChip, value: 1e18 } } });
    expect(r.e2eSeconds.mean - free.e2eSeconds.mean).toBeCloseTo(handover, 4);
  });
  it("a closed loop keeps the concurrency in flight", () => {
    const r = analyzeServing({ model: llama70, hardware: h100, chips: 8, workload: { classes: [cls(1000, 500)], arrivals: { kind: "closed", concurrency: 64 } }, requests: 3000 });
    // Little's law over the whole request: 64 users, each in flight for its end-to-end time.
    expect(Math.abs(r.little.rateTimesE2e / 64 - 1)).toBeLessThan(0.03);
    // The users that finish together come back together: the batch holds those not waiting for a prefill.
    expect(Math.abs(r.meanBatch / (64 * (1 - r.ttftSeconds.mean / r.e2eSeconds.mean)) - 1)).toBeLessThan(0.05);
  });
  it("a simulated number says how it was made", () => {
    const r = analyzeServing(opts(5, { seed: 9 }));
    const d = r.derivations["simulated.ttftSeconds"];
    expect(d?.kind).toBe("simulated");
    expect(d?.simulation?.seed).toBe(9);
    expect(d?.simulation?.scheduler).toBe("continuous");
    expect(d?.simulation?.warmupDiscarded).toBe(400);
    expect(d?.simulation?.confidence?.low).toBeLessThan(d?.value as number);
    expect(d?.substituted.text).toMatch(/seed 9.*discarded as warm-up.*confidence interval/);
  });
});

describe("searches", () => {
  const slo = [cls(1000, 1000, { ttft: 2, tpot: 0.05 })];
  it("max load sits near the saturation rate when the SLOs are loose, lower when tight", () => {
    const loose = maxLoad(opts(1, {}, slo), { requests: 2000 });
    expect(loose.maxLoad / lambdaMax70).toBeGreaterThan(0.85);
    expect(loose.maxLoad / lambdaMax70).toBeLessThan(1.2);
    const tight = maxLoad(opts(1, {}, [cls(1000, 1000, { ttft: 2, tpot: 0.012 })]), { requests: 2000 });
    expect(tight.maxLoad).toBeLessThan(loose.maxLoad);
    expect(tight.maxLoad).toBeGreaterThan(0);
    expect(tight.derivation.kind).toBe("simulated");
  });
  it("sustainable means the queue does not grow: with a TPOT SLO alone, a rate just past saturation fails and one just below passes", () => {
    // A full batch still steps well inside 300 ms, so TPOT alone is met at any rate: only keeping up can fail.
    const o = opts(1, { stepTimes: stepTimesFor("expected") }, [cls(1000, 1000, { tpot: 0.3 })]);
    const service = measuredServiceRate(prepareServing(o), 5000, 1);
    const mu = service.ratePerSecond as number;
    expect(mu).toBeGreaterThan(0);
    // the measured service rate is the closed form's saturation rate, within the closed form's tolerance
    const cfMax = analyzeServing({ ...o, requests: 20 }).closedForm.maxRatePerSecond;
    expect(Math.abs(mu / cfMax - 1)).toBeLessThan(0.05);
    const past = sloCheck(o, 1.03 * mu, 5000, service);
    expect(past.classes[0]?.meetsSlo).toBe(true);
    expect(past.keepsUp).toBe(false);
    expect(past.meets).toBe(false);
    const below = sloCheck(o, 0.97 * mu, 5000, service);
    expect(below.keepsUp).toBe(true);
    expect(below.meets).toBe(true);
    // The boundary is real: 40,000 requests 3% past it queue for minutes (and complete over 95% of the
    // arrivals, so a completion-share rule would have passed them); 3% below it they do not queue.
    const run = (f: number) => analyzeServing({ ...o, requests: 40_000, workload: { classes: o.workload.classes, arrivals: { kind: "poisson", ratePerSecond: f * mu } } });
    const longPast = run(1.03);
    const longBelow = run(0.97);
    expect(longPast.ttftSeconds.p50).toBeGreaterThan(30);
    expect(longPast.requestsPerSecond / (1.03 * mu)).toBeGreaterThan(0.95);
    expect(longBelow.ttftSeconds.p50).toBeLessThan(1);
    // and the max-load search with that SLO stops at the service rate
    const m = maxLoad(o, { requests: 2000 });
    expect(m.service?.ratePerSecond).toBe(mu);
    expect(m.maxLoad).toBeLessThanOrEqual(mu);
    expect(m.maxLoad).toBeGreaterThan(0.9 * mu);
  });
  it("more chips never lower the max load, with ideal and with expected step times", () => {
    for (const mode of ["ideal", "expected"] as const) {
      const loads = [2, 4, 8].map((chips) => maxLoad({ ...opts(1, { stepTimes: stepTimesFor(mode) }, slo), chips }, { requests: 1500 }).maxLoad);
      expect(loads[0] as number).toBeGreaterThan(0);
      expect(loads[1] as number).toBeGreaterThanOrEqual(loads[0] as number);
      expect(loads[2] as number).toBeGreaterThanOrEqual(loads[1] as number);
    }
  });
  it("an SLO no load can meet says so and gives the floor", () => {
    // p99 TTFT of 30 ms is above the 1,000-token floor but below a 4,096-token prompt's prefill.
    const m = maxLoad(opts(1, {}, [cls("hist:1000=0.5,4096=0.5", 200, { ttft: 0.03 })]), { requests: 1000 });
    expect(m.maxLoad).toBe(0);
    expect(m.message).toMatch(/No load meets the SLOs.*floor/);
  });
  it("the frontier trades tokens/s per user for tokens/s per chip", () => {
    const pts = frontier(opts(1, {}, [cls(500, 200)]), [1, 8, 64], 600);
    expect(pts[0]?.tokensPerSecondPerUser as number).toBeGreaterThan(pts[2]?.tokensPerSecondPerUser as number);
    expect(pts[0]?.tokensPerSecondPerChip as number).toBeLessThan(pts[2]?.tokensPerSecondPerChip as number);
    for (const p of pts) expect(p.tokensPerSecondPerUser).toBeLessThanOrEqual(p.idealPerUser * 1.0001);
  });
});

describe("bad input is a named error", () => {
  const code = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      expect(e).toBeInstanceOf(RooflineError);
      return (e as RooflineError).message;
    }
    throw new Error("no error");
  };
  it("an SLO below the physical floor names it and the floor", () => {
    const p = prepareServing(opts(1));
    const floor = sloFloors(p)[0]?.ttftFloorSeconds as number;
    const msg = code(() => analyzeServing(opts(1, {}, [cls(1000, 100, { ttft: floor / 2 })])));
    expect(msg).toMatch(/sloTtftMs/);
    expect(msg).toMatch(/physical floor/);
    expect(msg).toContain((floor * 1000).toPrecision(4).replace(/0+$/, "").replace(/\.$/, ""));
    expect(code(() => analyzeServing(opts(1, {}, [cls(1000, 100, { tpot: 1e-4 })])))).toMatch(/sloTpotMs.*one decode step at batch 1/);
  });
  it("traces: unsorted, missing fields, bad JSON, bad numbers", () => {
    expect(code(() => parseTrace('{"arrivalSeconds": 1, "inputTokens": 10, "outputTokens": 5}\n{"arrivalSeconds": 0.5, "inputTokens": 10, "outputTokens": 5}'))).toMatch(/line 2: arrivalSeconds.*in order/);
    expect(code(() => parseTrace('{"arrivalSeconds": 1, "outputTokens": 5}'))).toMatch(/line 1: inputTokens: missing/);
    expect(code(() => parseTrace("{oops"))).toMatch(/line 1/);
    expect(code(() => parseTrace('{"arrivalSeconds": -1, "inputTokens": 10, "outputTokens": 5}'))).toMatch(/arrivalSeconds/);
    expect(code(() => parseTrace('{"arrivalSeconds": 0, "inputTokens": 10.5, "outputTokens": 5}'))).toMatch(/inputTokens/);
    expect(code(() => parseTrace(""))).toMatch(/at least one request/);
  });
  it("lengths", () => {
    expect(code(() => parseLength("-5", "--input-tokens"))).toMatch(/--input-tokens/);
    expect(code(() => parseLength("uniform:9:3", "--input-tokens"))).toMatch(/MIN ≤ MAX/);
    expect(code(() => parseLength("zipf:3", "--input-tokens"))).toMatch(/lognormal/);
  });
  it("a sequence that cannot fit beside the weights", () => {
    expect(code(() => analyzeServing({ ...opts(1), chips: 2, workload: { classes: [cls(200_000, 1000)], arrivals: { kind: "poisson", ratePerSecond: 1 } } }))).toMatch(/tokens/);
  });
});

describe("a trace drives the simulation", () => {
  it("replays arrivals, lengths, classes and cached prefixes", () => {
    const lines = Array.from({ length: 1000 }, (_, i) => JSON.stringify({ arrivalSeconds: i * 0.1, inputTokens: 500 + (i % 7) * 100, outputTokens: 100 + (i % 5) * 50, class: i % 3 === 0 ? "batch" : "chat", cachedTokens: i % 2 === 0 ? 200 : 0 }));
    const trace = parseTrace(lines.join("\n"));
    expect(trace.classNames).toEqual(["batch", "chat"]);
    const r = analyzeServing({ model: llama70, hardware: h100, chips: 8, trace, workload: { classes: [cls(1, 1, { ttft: 1 }, "chat"), cls(1, 1, {}, "batch")], arrivals: { kind: "poisson", ratePerSecond: 1 } } });
    expect(r.classes.map((c) => c.name)).toEqual(["batch", "chat"]);
    expect(r.classes.find((c) => c.name === "chat")?.sloTtftSeconds).toBe(1);
    expect(Math.abs(r.requestsPerSecond / 10 - 1)).toBeLessThan(0.05);
  });
  it("generated workloads follow their distributions", () => {
    const set = generateRequests({ classes: [cls("uniform:100:300", "lognormal:500:0.5")], arrivals: { kind: "gamma", ratePerSecond: 10, cv: 3 } }, 20_000, 3);
    let si = 0;
    let so = 0;
    for (let i = 0; i < set.count; i++) {
      si += set.inputTokens[i] as number;
      so += set.outputTokens[i] as number;
    }
    expect(Math.abs(si / set.count / 200 - 1)).toBeLessThan(0.01);
    expect(Math.abs(so / set.count / 500 - 1)).toBeLessThan(0.03);
    const rate = (set.count - 1) / ((set.arrivalSeconds[set.count - 1] as number) - (set.arrivalSeconds[0] as number));
    expect(Math.abs(rate / 10 - 1)).toBeLessThan(0.1);
  });
});

describe("step times are pluggable", () => {
  it("expected step times are never faster than the ideal bound", () => {
    const o = { model: llama70, hardware: h100, chips: 8 };
    const e = stepTimesFor("expected")(o);
    const i = stepTimesFor("ideal")(o);
    for (const b of [1, 16, 256]) expect(e.decode(b, 2000)).toBeGreaterThanOrEqual(i.decode(b, 2000) * (1 - 1e-12));
    expect(e.prefill(1, 1000, 0)).toBeGreaterThanOrEqual(i.prefill(1, 1000, 0) * (1 - 1e-12));
    // and the simulation on them serves the same rate more slowly
    const fast = analyzeServing(opts(5, { requests: 500, stepTimes: stepTimesFor("ideal") }));
    const slow = analyzeServing(opts(5, { requests: 500, stepTimes: stepTimesFor("expected") }));
    expect(slow.tpotSeconds.mean).toBeGreaterThan(fast.tpotSeconds.mean);
    expect(slow.stepTimes).toBe("expected");
  });
  it("a custom step-time model drives the simulation", () => {
    const base = opts(2, { requests: 500 });
    const ideal = analyzeServing(base);
    const doubled = analyzeServing({
      ...base,
      stepTimes: (ro) => {
        const m = stepTimesFor("ideal")(ro);
        return { ...m, label: "ideal × 2", description: "twice the ideal", decode: (b, c) => 2 * m.decode(b, c), prefill: (k, n, c) => 2 * m.prefill(k, n, c), mixed: (...a) => 2 * m.mixed(...a) };
      },
    });
    expect(doubled.tpotSeconds.mean / ideal.tpotSeconds.mean).toBeGreaterThan(1.9);
    expect(doubled.stepTimes).toBe("ideal × 2");
  });
});

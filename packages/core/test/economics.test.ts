import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  analyzeFleet,
  analyzeKvTiers,
  analyzeModes,
  analyzeTraining,
  allFormulas,
  candidateLayouts,
  getHardware,
  getModel,
  getPriceSheet,
  invertPrices,
  isRooflineError,
  memoryTiers,
  PRICE_CATALOG,
  priceSheetFromJson,
  priceSyntheticModel,
  RooflineError,
  TIER_ORDER,
  type TierKind,
} from "../src/index.ts";
import { crossoverHoldSeconds, tierTotalUsd } from "../src/economics/formulas.ts";

const h100 = getHardware("h100");
const within = (x: number, target: number, rel: number) => Math.abs(x / target - 1) <= rel;

function expectError(f: () => unknown, code: string, field: RegExp): RooflineError {
  try {
    f();
  } catch (e) {
    expect(isRooflineError(e)).toBe(true);
    const err = e as RooflineError;
    expect(err.code).toBe(code);
    expect(err.details.field).toMatch(field);
    return err;
  }
  throw new Error("expected a RooflineError");
}

describe("price catalog", () => {
  it("gives every sheet a dated source with a URL for each price", () => {
    expect(PRICE_CATALOG.length).toBeGreaterThanOrEqual(5);
    for (const s of PRICE_CATALOG) {
      expect(s.date).toBeTruthy();
      expect(s.sources.length).toBeGreaterThan(0);
      for (const src of s.sources) expect(src.url).toMatch(/^https?:\/\//);
      for (const q of [s.input, s.output]) {
        expect(q.origin.kind).toBe("catalog");
        if (q.origin.kind === "catalog") {
          expect(q.origin.sources.length).toBeGreaterThan(0);
          expect(q.origin.confidence).toBeDefined();
        }
      }
    }
  });

  it("keeps Gemini's 200K long-context tier and Anthropic's 5-minute and 1-hour cache writes", () => {
    const g = getPriceSheet("gemini");
    expect(g.longContext?.thresholdTokens.value).toBe(200_000);
    expect(g.longContext?.output?.value).toBe(18);
    expect(g.cacheRead).toBeNull(); // not found: unknown stays unknown
    const o = getPriceSheet("opus");
    expect(o.cacheWrites.map((w) => w.durationSeconds)).toEqual([300, 3600]);
    expect(o.cacheRead?.value).toBe(0.5);
    expect(o.fastMode?.priceMultiplier.value).toBe(6);
    expect(o.fastMode?.speedMultiplierUpTo?.value).toBe(2.5);
  });

  it("suggests the nearest ids for an unknown sheet", () => {
    const e = expectError(() => getPriceSheet("gemni"), "unknown-id", /--prices/);
    expect(e.message).toMatch(/gemini/);
  });
});

describe("price sheets from JSON (bad input)", () => {
  const good = { model: "m", inputUsdPerMillionTokens: 2, outputUsdPerMillionTokens: 12, contextWindowTokens: 1_000_000, longContext: { thresholdTokens: 200_000, inputUsdPerMillionTokens: 4 } };
  it("reads a well-formed sheet", () => {
    const s = priceSheetFromJson(good, "p.json");
    expect(s.longContext?.thresholdTokens.value).toBe(200_000);
    expect(s.input.origin).toEqual({ kind: "file", file: "p.json", field: "inputUsdPerMillionTokens" });
  });
  it("names a missing field", () => {
    const { outputUsdPerMillionTokens: _, ...noOutput } = good;
    expectError(() => priceSheetFromJson(noOutput, "p.json"), "missing-field", /p\.json: outputUsdPerMillionTokens/);
    const { model: __, ...noModel } = good;
    expectError(() => priceSheetFromJson(noModel, "p.json"), "missing-field", /model/);
  });
  it("rejects negative prices, naming the field", () => {
    expectError(() => priceSheetFromJson({ ...good, inputUsdPerMillionTokens: -1 }, "p.json"), "out-of-range", /inputUsdPerMillionTokens/);
    expectError(() => priceSheetFromJson({ ...good, cacheWrites: [{ durationSeconds: 300, usdPerMillionTokens: -0.5 }] }, "p.json"), "out-of-range", /cacheWrites\[0\]\.usdPerMillionTokens/);
  });
  it("rejects a threshold beyond the context window", () => {
    const e = expectError(() => priceSheetFromJson({ ...good, longContext: { thresholdTokens: 2_000_000, inputUsdPerMillionTokens: 4 } }, "p.json"), "out-of-range", /longContext\.thresholdTokens/);
    expect(e.message).toMatch(/context window/);
  });
  it("rejects wrong types and non-objects", () => {
    expectError(() => priceSheetFromJson({ ...good, inputUsdPerMillionTokens: "2" }, "p.json"), "wrong-type", /inputUsdPerMillionTokens/);
    expectError(() => priceSheetFromJson([1, 2], "p.json"), "wrong-type", /p\.json/);
    expectError(() => priceSheetFromJson({ ...good, longContext: { thresholdTokens: 1.5, inputUsdPerMillionTokens: 4 } }, "p.json"), "not-an-integer", /longContext\.thresholdTokens/);
  });
});

describe("price inversion (golden, from the seeds)", () => {
  it("finds ~1.7 KB/token from a 200K threshold at 100B active on H100-class FP8 hardware", () => {
    const r = invertPrices({ sheet: getPriceSheet("gemini") });
    // 2 · 1e11 · 3.35e12 / (1.9789e15 · 2e5) = 1,693 B; the lecture's 1/300 · 1e11 / 2e5 = 1,667 B.
    expect(within(r.impliedKvBytesPerToken as number, 1693, 0.005)).toBe(true);
    expect(within(r.impliedKvBytesPerToken as number, 1667, 0.02)).toBe(true);
    expect(r.derivations["impliedKvBytesPerToken"]?.formulaId).toBe("context.kvBytesPerTokenAtBalance");
  });

  it("doubles to ~3.4 KB at BF16 compute (half the FLOP per byte)", () => {
    const r = invertPrices({ sheet: getPriceSheet("gemini"), computePrecision: "bf16" });
    expect(within(r.impliedKvBytesPerToken as number, 3386, 0.005)).toBe(true);
  });

  it("finds 8 KV heads × 128 dims, shared across layers, a plausible layout inside the range", () => {
    const r = invertPrices({ sheet: getPriceSheet("gemini") });
    const lecture = r.derivations["lectureLayoutKvBytesPerToken"];
    expect(lecture?.value).toBe(2048);
    const range = r.kvBytesPerTokenRange as { low: number; high: number };
    expect(range.low).toBeLessThan(2048);
    expect(range.high).toBeGreaterThan(2048);
    expect(r.layouts.some((l) => l.kind === "shared-global-kv" && l.kvHeads === 8 && l.headDim === 128 && l.bytesPerValue === 1 && l.withinRange)).toBe(true);
  });

  it("reads a 6× output/input ratio as decode at ~1/6 of prefill's utilisation: memory-bound", () => {
    const r = invertPrices({ sheet: getPriceSheet("gemini") });
    expect(r.outputToInputRatio).toBe(6);
    expect(r.impliedDecodeUtilization).toBeCloseTo(1 / 6, 12);
    expect(r.decodeBound).toBe("memory");
    expect(r.longContextPremium?.output).toBe(1.5); // the lecture's "50% more"
  });

  it("maps cache durations to tiers by drain time and reads the 10× cache-hit discount", () => {
    const r = invertPrices({ sheet: getPriceSheet("opus") });
    expect(r.cacheHitDiscount).toBe(10);
    expect(r.cacheTiers.map((c) => c.durationSeconds)).toEqual([300, 3600]);
    // With the catalog's drives both durations sit nearest flash (~10 min); the lecture guessed flash and disk.
    expect(r.cacheTiers[0]?.tier).toBe("flash");
    expect(r.impliedKvBytesPerToken).toBeNull(); // no long-context tier to invert
    expect(r.plausibility.join(" ")).toMatch(/no long-context price tier/);
  });

  it("lowers the KV estimate at a finite batch, and warns when the batch is too small for any", () => {
    const big = invertPrices({ sheet: getPriceSheet("gemini") }).impliedKvBytesPerToken as number;
    const finite = invertPrices({ sheet: getPriceSheet("gemini"), batch: 4096, totalParams: 1e12, bytesPerWeight: 1 });
    expect(finite.impliedKvBytesPerToken as number).toBeLessThan(big);
    const tiny = invertPrices({ sheet: getPriceSheet("gemini"), batch: 1, totalParams: 1e12, bytesPerWeight: 1 });
    expect(tiny.warnings.some((w) => w.code === "batch-too-small")).toBe(true);
    expectError(() => invertPrices({ sheet: getPriceSheet("gemini"), batch: 64 }), "missing-value", /totalParams/);
  });
});

describe("price inversion round-trips (property)", () => {
  it("recovers a synthetic model's KV size, inside the stated range", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e9, max: 1e12, noNaN: true }),
        fc.double({ min: 200, max: 200_000, noNaN: true }),
        fc.constantFrom("bf16" as const, "fp8" as const),
        (activeParams, kvBytesPerToken, precision) => {
          const peak = h100.denseFlopsPerSecond[precision].value as number;
          const bw = h100.hbmBytesPerSecond.value as number;
          const sheet = priceSyntheticModel({ activeParams, kvBytesPerToken, peakFlopsPerSecond: peak, hbmBytesPerSecond: bw, inputUsdPerMillionTokens: 2, outputUsdPerMillionTokens: 10, longContextPremium: 1.5 });
          const r = invertPrices({ sheet, activeParams, computePrecision: precision });
          const kv = r.impliedKvBytesPerToken as number;
          const range = r.kvBytesPerTokenRange as { low: number; high: number };
          return within(kv, kvBytesPerToken, 1e-9) && range.low <= kvBytesPerToken && kvBytesPerToken <= range.high;
        },
      ),
      { numRuns: 200 },
    );
  });

  it("lists layouts nearest the estimate first", () => {
    const ls = candidateLayouts(2000, 1000, 4000);
    for (let i = 1; i < ls.length; i++) {
      expect(Math.abs(Math.log((ls[i] as (typeof ls)[number]).ratioToEstimate))).toBeGreaterThanOrEqual(Math.abs(Math.log((ls[i - 1] as (typeof ls)[number]).ratioToEstimate)) - 1e-12);
    }
  });
});

describe("memory tiers (golden drain times)", () => {
  const tiers = memoryTiers(h100);
  const drain = (k: TierKind) => tiers.find((t) => t.kind === k)?.drainSeconds.value as number;
  it("drains HBM in ~20 ms (H100: 80 GB ÷ 3.35 TB/s = 23.9 ms)", () => {
    expect(drain("hbm")).toBeCloseTo(80e9 / 3.35e12, 12);
    expect(drain("hbm")).toBeGreaterThan(0.01);
    expect(drain("hbm")).toBeLessThan(0.05);
  });
  it("drains host DRAM in seconds (256 GB per GPU over 64 GB/s PCIe = 4 s)", () => {
    expect(drain("dram")).toBeCloseTo(4, 12);
  });
  it("drains flash in ~10 minutes, not the lecture's 'about a minute' (30.72 TB ÷ 52 GB/s = 591 s)", () => {
    expect(drain("flash")).toBeCloseTo(30.72e12 / 52e9, 9);
    expect(drain("flash")).toBeGreaterThan(60);
    expect(drain("flash")).toBeLessThan(3600);
    expect(tiers.find((t) => t.kind === "flash")?.drainSeconds.notes.join(" ")).toMatch(/1 minute/);
  });
  it("drains one 24 TB disk in ~23 hours, not the lecture's 'about an hour', and says why striping does not help", () => {
    expect(drain("disk") / 3600).toBeCloseTo(24e12 / 285e6 / 3600, 9);
    expect(drain("disk") / 3600).toBeGreaterThan(23);
    expect(drain("disk") / 3600).toBeLessThan(24);
    expect(tiers.find((t) => t.kind === "disk")?.drainSeconds.notes.join(" ")).toMatch(/Striping/);
  });
  it("leaves host DRAM unpriced unless the user gives a price", () => {
    expect(tiers.find((t) => t.kind === "dram")?.usdPerByteSecond).toBeNull();
    const priced = memoryTiers(h100, { dramUsdPerGbMonth: 1 });
    expect(priced.find((t) => t.kind === "dram")?.usdPerByteSecond?.value).toBeCloseTo(1 / (1e9 * 30 * 86400), 20);
  });
});

describe("KV-cache tier economics", () => {
  const r = analyzeKvTiers({ hardware: h100, model: getModel("deepseek-v3"), dramUsdPerGbMonth: 1 });
  it("uses the model's KV bytes per token from the engine", () => {
    expect(r.kvBytesPerToken).toBe(70272);
  });
  it("holds in HBM for short times and recomputes for long ones, with exact crossovers", () => {
    expect(r.points[0]?.cheapest).toBe("hbm");
    expect(r.points[r.points.length - 1]?.cheapest).toBe("recompute");
    for (const c of r.crossovers) expect(c.holdSeconds).toBeGreaterThan(0);
  });
  it("compares with 5-minute and 1-hour cache durations", () => {
    expect(r.durations.map((d) => d.durationSeconds)).toEqual([300, 3600]);
    for (const d of r.durations) expect(d.impliedDiscount).toBeGreaterThan(1);
  });
  it("says so when a tier's price is unknown", () => {
    const u = analyzeKvTiers({ hardware: h100, model: getModel("deepseek-v3") });
    expect(u.warnings.some((w) => w.code === "tier-price-unknown" && /DRAM/.test(w.message))).toBe(true);
    expect(u.tiers.find((t) => t.kind === "dram")?.priced).toBe(false);
  });
  it("takes a napkin KV size and active parameters instead of a model", () => {
    const n = analyzeKvTiers({ hardware: h100, kvBytesPerToken: 1700, modelActiveParams: 100e9 });
    expect(n.kvBytesPerToken).toBe(1700);
    expectError(() => analyzeKvTiers({ hardware: h100, kvBytesPerToken: 1700 }), "missing-value", /kvBytesPerToken/);
    expectError(() => analyzeKvTiers({ hardware: h100, kvBytesPerToken: -5, modelActiveParams: 1e9 }), "out-of-range", /kvBytesPerToken/);
  });

  it("moves the cheapest tier down the hierarchy as hold time grows (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 1e-3, max: 1e3, noNaN: true }), { minLength: 4, maxLength: 4 }),
        fc.array(fc.double({ min: 1e-3, max: 1e6, noNaN: true }), { minLength: 3, maxLength: 3 }),
        fc.double({ min: 1e-12, max: 1e-3, noNaN: true }),
        (holdSteps, drains, recompute) => {
          // Hold prices fall and drain times rise down the hierarchy HBM → DRAM → flash → disk.
          const hold = [1e-6];
          for (const s of holdSteps.slice(0, 3)) hold.push((hold[hold.length - 1] as number) / (1 + (s as number)));
          const drain = [0];
          for (const d of drains) drain.push((drain[drain.length - 1] as number) + (d as number));
          const cost = (i: number, T: number) => (i === 4 ? recompute : tierTotalUsd.fn(hold[i] as number, T, (hold[i] as number) * (drain[i] as number)));
          let last = 0;
          for (const T of [1e-4, 1e-2, 1, 1e2, 1e4, 1e6, 1e8, 1e10]) {
            let best = 0;
            for (let i = 1; i <= 4; i++) if (cost(i, T) < cost(best, T)) best = i;
            if (best < last) return false;
            last = best;
          }
          return true;
        },
      ),
      { numRuns: 300 },
    );
    expect(TIER_ORDER).toEqual(["hbm", "dram", "flash", "disk"]);
  });

  it("puts the crossover where both costs are equal", () => {
    const T = crossoverHoldSeconds.fn(2e-10, 0, 1e-12, 5e-8);
    expect(tierTotalUsd.fn(2e-10, T, 0)).toBeCloseTo(tierTotalUsd.fn(1e-12, T, 5e-8), 20);
  });
});

describe("fast and slow modes", () => {
  const r = analyzeModes({ model: getModel("llama-3.1-70b"), hardware: h100, chips: 8, contextTokens: 4096, weightPrecision: "fp8", kvPrecision: "fp8" });
  it("buys speed with price on the batch frontier", () => {
    expect(r.fast).not.toBeNull();
    expect(r.fast?.priceRatio).toBeCloseTo(6, 6);
    expect(r.fast?.speedRatio as number).toBeGreaterThan(1);
    expect(r.fast?.speedRatio as number).toBeLessThan(r.latencyFloor.speedRatio);
  });
  it("has a latency floor at batch 1, and a slow mode that saves little", () => {
    expect(r.latencyFloor.batch).toBe(1);
    expect(r.slow.savings).toBeGreaterThanOrEqual(0);
    expect(r.slow.savings).toBeLessThan(0.5);
  });
  it("keeps price non-increasing and speed non-increasing along the frontier", () => {
    for (let i = 1; i < r.frontier.length; i++) {
      const a = r.frontier[i - 1] as (typeof r.frontier)[number];
      const b = r.frontier[i] as (typeof r.frontier)[number];
      expect(b.usdPerMillionTokens).toBeLessThanOrEqual(a.usdPerMillionTokens * (1 + 1e-12));
      expect(b.tokensPerSecondPerSequence).toBeLessThanOrEqual(a.tokensPerSecondPerSequence * (1 + 1e-12));
    }
  });
  it("sets the published fast mode beside the model's (Anthropic: 6× the price, up to 2.5× the speed)", () => {
    expect(r.providerFastModes.some((f) => f.priceMultiplier === 6 && f.speedMultiplierUpTo === 2.5 && /fast-mode/.test(f.source?.url ?? ""))).toBe(true);
  });
  it("rejects a price multiple that is not above 1", () => {
    expectError(() => analyzeModes({ model: getModel("llama-3.1-70b"), hardware: h100, chips: 8, priceMultiple: 0.5 }), "out-of-range", /priceMultiple/);
  });
});

describe("training economics (golden, from the seeds)", () => {
  const r = analyzeTraining({ hardware: h100, trainingChips: 100_000 });
  it("serves 50M tokens/s × 60 days ≈ 2.6×10¹⁴ tokens", () => {
    expect(r.inferenceTokens).toBe(50e6 * 60 * 86_400);
    expect(within(r.inferenceTokens, 2.6e14, 0.01)).toBe(true);
  });
  it("equalises at D_pretrain ≈ 1.5·D_RL ≈ D_inference", () => {
    expect(r.pretrainTokens / r.inferenceTokens).toBeCloseTo(1, 12);
    expect(r.pretrainTokens / r.rlTokens).toBeCloseTo(1.5, 12);
    expect(r.split.pretrain).toBeCloseTo(1 / 3, 12);
    expect(r.split.rl).toBeCloseTo(1 / 3, 12);
  });
  it("is ~100× over-trained against Chinchilla's 2T tokens for 100B", () => {
    expect(r.chinchillaTokens).toBe(2e12);
    expect(r.overtrainingFactor).toBeCloseTo(129.6, 9);
    expect(r.overtrainingFactor).toBeGreaterThan(50);
    expect(r.overtrainingFactor).toBeLessThan(200);
    expect(r.derivations["overtrainingFactor"]?.notes.join(" ")).toMatch(/100×/);
  });
  it("turns the pre-training FLOP into chip-hours, dollars and days", () => {
    const flop = 6 * 100e9 * r.pretrainTokens;
    expect(r.flop.pretrain).toBe(flop);
    const run = r.run as NonNullable<typeof r.run>;
    expect(run.chipHours).toBeCloseTo(flop / ((h100.denseFlopsPerSecond.bf16.value as number) * 0.4 * 3600), 3);
    expect(run.seconds as number).toBeCloseTo((run.chipHours * 3600) / 100_000, 6);
    expect(run.usd).not.toBeNull();
  });
  it("rejects an RL FLOP factor outside 2–6", () => {
    expectError(() => analyzeTraining({ rlFlopPerParamPerToken: 7 }), "out-of-range", /rlFlopPerParamPerToken/);
  });
});

describe("fleet", () => {
  it("sizes a fleet from the serving train and prices it at list", () => {
    const f = analyzeFleet({ model: getModel("deepseek-v3"), hardware: getHardware("gb200"), chips: 64, sheet: getPriceSheet("deepseek") });
    expect(f.replicas).toBe(Math.ceil(50e6 / f.replicaTokensPerSecond));
    expect(f.chips).toBe(f.replicas * 64);
    expect(f.tokensPerDay).toBe(50e6 * 86_400);
    expect(f.revenuePerDay).toBeCloseTo((f.tokensPerDay * 0.42) / 1e6, 6);
    expect(f.margin).toBeCloseTo(1 - f.usdPerDay / f.revenuePerDay, 12);
  });
});

describe("economics formulas", () => {
  it("registers each formula once with sources", () => {
    const ids = [...allFormulas().keys()].filter((id) => /^(prices|memory\.tier|memory\.duration|kvtier|modes|training|fleet|economics)\./.test(id));
    expect(ids.length).toBeGreaterThanOrEqual(25);
    for (const id of ids) expect(allFormulas().get(id)?.sources.length).toBeGreaterThan(0);
  });
});

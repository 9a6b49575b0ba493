/**
 * Invariants of the world-model analysis (fast-check), its compiled kernels against its derivations,
 * and bad input: clear RooflineErrors naming the field.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { analyzeWorldModel, isRooflineError, prepareWorldModel, RooflineError, userGiven, worldModelKernel, type WorldModelOptions } from "../src/index.ts";

function close(a: number, b: number, rel = 1e-9): boolean {
  return Math.abs(a - b) <= rel * Math.max(1e-300, Math.abs(a), Math.abs(b));
}

function errorOf(o: WorldModelOptions): RooflineError {
  try {
    analyzeWorldModel(o);
  } catch (e) {
    if (isRooflineError(e)) return e;
    throw e;
  }
  throw new Error("expected a RooflineError");
}

describe("cost per mile is linear", () => {
  it("in denoising steps, for the teacher and the student", () => {
    const setup = prepareWorldModel();
    const teacher = worldModelKernel(setup, ["teacherSteps"], ["teacherUsdPerMile"]);
    const student = worldModelKernel(setup, ["studentSteps"], ["studentUsdPerMile"]);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 500 }), fc.integer({ min: 1, max: 500 }), (a, b) => {
        return close(teacher(a + b), teacher(a) + teacher(b)) && close(student(a) / a, student(b) / b) && close(student(a + b), student(a) + student(b));
      }),
      { numRuns: 200 },
    );
  });

  it("in tokens per step", () => {
    const setup = prepareWorldModel({ tokensPerStep: 12_000 });
    const k = worldModelKernel(setup, ["tokensPerStep"], ["studentUsdPerMile"]);
    const kt = worldModelKernel(setup, ["tokensPerStep"], ["teacherUsdPerMile"]);
    fc.assert(
      fc.property(fc.double({ min: 1, max: 1e7, noNaN: true }), fc.double({ min: 1, max: 1e7, noNaN: true }), (a, b) => close(k(a + b), k(a) + k(b)) && close(kt(a) / a, kt(b) / b)),
      { numRuns: 200 },
    );
  });

  it("in tokens per step through the rig (more cameras, proportionally more cost)", () => {
    const base = analyzeWorldModel({ extraTokensPerStep: 0, cameras: 1 });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 16 }), (cams) => close(analyzeWorldModel({ extraTokensPerStep: 0, cameras: cams }).studentUsdPerMile, cams * base.studentUsdPerMile)),
      { numRuns: 16 },
    );
  });
});

describe("branches per GPU", () => {
  it("never increase with the window length", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 200 }),
        fc.integer({ min: 1, max: 200 }),
        fc.double({ min: 40e9, max: 300e9, noNaN: true }),
        fc.double({ min: 1e3, max: 5e4, noNaN: true }),
        (w1, w2, hbm, tokens) => {
          const setup = prepareWorldModel({ hbmBytes: userGiven(hbm, "hbm"), tokensPerStep: userGiven(tokens, "tokens") });
          const k = worldModelKernel(setup, ["windowFrames"], ["branchesPerGpu"]);
          const [lo, hi] = w1 <= w2 ? [w1, w2] : [w2, w1];
          return k(lo) >= k(hi);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("form a non-increasing fan-out curve in the result", () => {
    const r = analyzeWorldModel();
    for (let i = 1; i < r.fanOut.length; i++) expect((r.fanOut[i] as { branchesPerGpu: number }).branchesPerGpu).toBeLessThanOrEqual((r.fanOut[i - 1] as { branchesPerGpu: number }).branchesPerGpu);
    expect(r.fanOut.find((p) => p.windowFrames === 12)?.branchesPerGpu).toBe(r.branchesPerGpu);
  });
});

describe("the compiled kernel equals the derivations", () => {
  const outputs = ["tokensPerStep", "teacherUsdPerMile", "studentUsdPerMile", "kvBytesPerWindow", "branchCapacity", "fullAttentionRatio", "tickSeconds", "paybackSeconds", "nightlyUsd"];
  it("for random rigs and models", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(1, 2, 5, 10),
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 0, max: 5000 }),
        fc.integer({ min: 1, max: 16 }),
        fc.integer({ min: 1, max: 24 }),
        fc.double({ min: 1, max: 60, noNaN: true }),
        (patch, cameras, extra, steps, window, speed) => {
          const o: WorldModelOptions = { patchSize: patch, cameras, extraTokensPerStep: extra, studentSteps: steps, windowFrames: window, speedMetersPerSecond: speed, hbmBytes: 1e12 };
          const setup = prepareWorldModel(o);
          const d = setup.graph.explain(setup.params);
          const k = worldModelKernel(setup, [], outputs);
          const out = new Float64Array(outputs.length);
          k(out);
          return outputs.every((name, i) => close(out[i] as number, (d[name] as { value: number }).value, 1e-12));
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe("bad input", () => {
  it("rejects a zero tick rate, naming the field", () => {
    const e = errorOf({ tickRateHz: 0 });
    expect(e.details.code).toBe("out-of-range");
    expect(e.details.field).toBe("tickRateHz");
    expect(e.message).toMatch(/tickRateHz: got "0"\. Expected a number of ticks per second \(Hz\), ≥ 0\.01/);
    expect(errorOf({ tickRateHz: 0, names: { tickRateHz: "--tick-hz" } }).details.field).toBe("--tick-hz");
  });

  it("rejects a window whose KV does not fit in one GPU, with the longest that does", () => {
    const e = errorOf({ windowFrames: 200 });
    expect(e.details.code).toBe("does-not-fit");
    expect(e.details.field).toBe("windowFrames");
    expect(e.details.expected).toMatch(/at most 103 frames/);
    expect(e.message).toMatch(/200-frame window needs 147 GB of KV/);
    expect(() => analyzeWorldModel({ windowFrames: 103 })).not.toThrow();
    expect(errorOf({ windowFrames: 104 }).details.code).toBe("does-not-fit");
  });

  it("rejects weights that leave no room for even one frame", () => {
    const e = errorOf({ studentParams: 79e9 });
    expect(e.details.code).toBe("does-not-fit");
    expect(e.message).toMatch(/Not even one frame/);
  });

  it("rejects a patch size that does not divide the latent grid", () => {
    const e = errorOf({ patchSize: 4 });
    expect(e.details.field).toBe("patchSize");
    expect(e.details.expected).toMatch(/divides the 160×90 latent grid \(one of 1, 2, 5, 10\)/);
    expect(() => analyzeWorldModel({ patchSize: 5 })).not.toThrow();
  });

  it("rejects a VAE factor that does not divide the image", () => {
    const e = errorOf({ vaeDownsample: 7 });
    expect(e.details.field).toBe("vaeDownsample");
    expect(e.details.expected).toMatch(/divides the 1280×720 image/);
  });

  it("rejects non-integers, negatives and NaN where counts are expected", () => {
    expect(errorOf({ cameras: 2.5 }).details.code).toBe("not-an-integer");
    expect(errorOf({ studentSteps: 0 }).details.field).toBe("studentSteps");
    expect(errorOf({ usdPerGpuHour: Number.NaN }).details.code).toBe("invalid-number");
    expect(errorOf({ auditFraction: 1.5 }).details.field).toBe("auditFraction");
    expect(errorOf({ speedMetersPerSecond: -1 }).details.field).toBe("speedMetersPerSecond");
  });

  it("warns when the tensor-parallel degree leaves the scale-up domain or does not divide the KV heads", () => {
    expect(analyzeWorldModel({ tensorParallel: 16 }).warnings.map((w) => w.code)).toContain("chips-beyond-scale-up");
    expect(analyzeWorldModel({ tensorParallel: 3 }).warnings.map((w) => w.code)).toContain("tp-kv-heads");
    expect(analyzeWorldModel().warnings).toEqual([]);
  });

  it("never puts a non-finite number in the result", () => {
    const r = analyzeWorldModel();
    const walk = (v: unknown): boolean => (typeof v === "number" ? Number.isFinite(v) : Array.isArray(v) ? v.every(walk) : v && typeof v === "object" ? Object.values(v).every(walk) : true);
    expect(walk(JSON.parse(JSON.stringify(r)))).toBe(true);
    expect(walk(r)).toBe(true);
  });
});

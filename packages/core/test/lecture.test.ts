/**
 * The lecture's arguments: scale-up domains, the memory wall, pipeline-stage imbalance. Seed figures
 * pinned from their catalog inputs, a golden table of every number (regenerate with UPDATE_GOLDEN=1),
 * and properties of the formulas.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { analyzeMemoryWall, analyzePipelineImbalance, analyzeScaleUp, explainScaleUpToScaleOut, formatSignificant, getHardware, getModel, isRooflineError, lectureFormulas as L } from "../src/index.ts";

const r3 = (x: number | null) => (x === null ? "unknown" : formatSignificant(x, 3));

function check(name: string, text: string) {
  const file = new URL(`./golden/${name}`, import.meta.url);
  if (process.env["UPDATE_GOLDEN"]) writeFileSync(file, text);
  expect(existsSync(file), `golden file ${file.pathname} is missing; run with UPDATE_GOLDEN=1 to write it`).toBe(true);
  expect(text).toBe(readFileSync(file, "utf8"));
}

describe("scale-up domains", () => {
  it("an NVL72 reads 72 × 8 TB/s = 576 TB/s and serves 11.5T FP8 parameters at 20 ms; an HGX H100 8 × 3.35 TB/s serves 536B", () => {
    const r = analyzeScaleUp();
    const row = (id: string) => r.rows.find((x) => x.hardware.id === id)!;
    expect(row("nvidia-gb200-nvl72").aggregateBytesPerSecond).toBeCloseTo(72 * 8e12, 0);
    expect(row("nvidia-gb200-nvl72").maxParamsAtLatency).toBeCloseTo(72 * 8e12 * 0.02, 0);
    expect(row("nvidia-gb200-nvl72").aggregateHbmBytes).toBeCloseTo(72 * 186e9, 0);
    expect(row("nvidia-h100-sxm5-80gb").maxParamsAtLatency).toBeCloseTo(8 * 3.35e12 * 0.02, 0);
    // A trillion-parameter model: out of reach of a Hopper node at 20 ms, within a Blackwell rack's.
    expect(row("nvidia-h100-sxm5-80gb").maxParamsAtLatency!).toBeLessThan(1e12);
    expect(row("nvidia-gb200-nvl72").maxParamsAtLatency!).toBeGreaterThan(1e12);
    // Rubin Ultra's bandwidth is unknown in the catalog: unknown stays unknown.
    expect(row("nvidia-rubin-ultra-nvl576").maxParamsAtLatency).toBeNull();
    expect(row("nvidia-rubin-ultra-nvl576").aggregateHbmBytes).toBeCloseTo(144 * 1000e9, 0);
  });

  it("scale-out is 9× slower than scale-up on an H100 and 18× on a GB200 (the lecture: ~8×)", () => {
    expect(explainScaleUpToScaleOut(getHardware("h100"))!.value).toBeCloseTo(450e9 / 50e9, 9);
    expect(explainScaleUpToScaleOut(getHardware("gb200"))!.value).toBeCloseTo(900e9 / 50e9, 9);
  });

  it("the largest model grows in proportion to the latency and shrinks with bytes per weight (property)", () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-3, max: 1, noNaN: true }), fc.double({ min: 1.1, max: 8, noNaN: true }), (t, k) => {
        const a = analyzeScaleUp({ latencySeconds: t }).rows[2]!.maxParamsAtLatency!;
        const b = analyzeScaleUp({ latencySeconds: t * k }).rows[2]!.maxParamsAtLatency!;
        expect(b / a).toBeCloseTo(k, 9);
      }),
      { numRuns: 20 },
    );
    const fp8 = analyzeScaleUp({ weightPrecision: "fp8" }).rows[2]!.maxParamsAtLatency!;
    expect(analyzeScaleUp({ weightPrecision: "bf16" }).rows[2]!.maxParamsAtLatency).toBeCloseTo(fp8 / 2, 0);
  });
});

describe("the memory wall", () => {
  it("a GB200 NVL72 holds 13.4 TB; a 1T model needs ~1 TB; the rest is KV", () => {
    const w = analyzeMemoryWall();
    expect(w.rackHbmBytes).toBeCloseTo(72 * 186e9, 0);
    expect(w.weightBytes).toBeCloseTo(getModel("kimi-k2").totalParams, 0); // FP8: one byte per parameter
    expect(w.bytesLeft).toBeCloseTo(w.rackHbmBytes - w.weightBytes, 0);
    expect(w.sequencesThatFit).toBe(Math.floor(w.bytesLeft / w.kvBytesPerSequence));
  });

  it("pipelining shrinks weights per chip as 1/P and leaves KV per chip unchanged", () => {
    const w = analyzeMemoryWall({ pipelineStages: [1, 2, 4, 8, 16] });
    const [first] = w.stages;
    for (const s of w.stages) {
      expect(s.weightBytesPerChip).toBeCloseTo(first!.weightBytesPerChip / s.pipelineStages, 3);
      expect(s.kvBytesPerChip).toBeCloseTo(first!.kvBytesPerChip, 0);
      expect(s.memoryBytesPerChip).toBe(s.derivation.value);
    }
  });
});

describe("pipeline stages with sliding and global layers", () => {
  it("gpt-oss-120b's alternating layers split 4/5 global layers over 4 stages; Gemma 3's 5:1 pattern 2/3", () => {
    const g = analyzePipelineImbalance();
    expect(g.stages.map((s) => s.globalLayers)).toEqual([4, 5, 4, 5]);
    expect(g.imbalance).toBeGreaterThan(1);
    const gemma = analyzePipelineImbalance({ model: getModel("gemma-3-27b") });
    expect(gemma.stages.map((s) => s.globalLayers)).toEqual([2, 3, 2, 3]);
    expect(gemma.imbalance).toBeGreaterThan(g.imbalance);
  });

  it("is balanced for a dense model whose stages hold equal layers, and imbalance is ≥ 1 (property)", () => {
    const llama = analyzePipelineImbalance({ model: getModel("llama-3.1-70b"), pipelineStages: 4 });
    expect(llama.imbalance).toBeCloseTo(1, 12);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 36 }), fc.integer({ min: 0, max: 200_000 }), (p, ctx) => {
        const r = analyzePipelineImbalance({ pipelineStages: p, contextTokens: ctx });
        expect(r.imbalance).toBeGreaterThanOrEqual(1 - 1e-12);
        expect(r.stages.reduce((s, x) => s + x.globalLayers + x.windowLayers, 0)).toBe(36);
      }),
      { numRuns: 25 },
    );
  });

  it("refuses more stages than layers and a model without layers", () => {
    for (const bad of [() => analyzePipelineImbalance({ pipelineStages: 37 }), () => analyzePipelineImbalance({ pipelineStages: 0 })]) {
      try {
        bad();
        expect.fail("accepted");
      } catch (e) {
        expect(isRooflineError(e)).toBe(true);
      }
    }
  });
});

describe("lecture formulas", () => {
  it("attention compute meets weight compute at F_w / F_a", () => {
    expect(L.attentionWeightCrossoverTokens.fn(141e9, 2.6e6)).toBeCloseTo(141e9 / 2.6e6, 6);
  });
});

describe("golden: the lecture's arguments", () => {
  it("scale-up ladder, memory wall and pipeline stages", () => {
    const s = analyzeScaleUp();
    const w = analyzeMemoryWall();
    const lines = [
      "## Scale-up domains at 20 ms per token, FP8 weights",
      "",
      "| domain | chips | aggregate HBM B/s | HBM B | largest model at 20 ms | largest that fits | binds |",
      "|---|---|---|---|---|---|---|",
      ...s.rows.map((x) => `| ${x.hardware.id} | ${x.domainChips} | ${r3(x.aggregateBytesPerSecond)} | ${r3(x.aggregateHbmBytes)} | ${r3(x.maxParamsAtLatency)} | ${r3(x.maxParamsInCapacity)} | ${x.limit} |`),
      "",
      ...s.scaleOut.map((x) => `- scale-up ÷ scale-out, ${x.hardwareId}: ${r3(x.ratio)}`),
      "",
      `## Memory wall: ${w.model.id} on ${w.chips} × ${w.hardware.id}, ${w.contextTokens} tokens`,
      "",
      `rack HBM ${r3(w.rackHbmBytes)} B; weights ${r3(w.weightBytes)} B; left ${r3(w.bytesLeft)} B; KV/sequence ${r3(w.kvBytesPerSequence)} B; fit ${w.sequencesThatFit}; optimal batch ${r3(w.optimalBatch)}`,
      "",
      "| P | in flight | weights/chip | KV/chip | HBM/chip |",
      "|---|---|---|---|---|",
      ...w.stages.map((x) => `| ${x.pipelineStages} | ${x.sequencesInFlight} | ${r3(x.weightBytesPerChip)} | ${r3(x.kvBytesPerChip)} | ${r3(x.memoryBytesPerChip)} |`),
      "",
      ...["gpt-oss-120b", "gemma-3-27b"].flatMap((id) => {
        const p = analyzePipelineImbalance({ model: getModel(id) });
        return [`## Pipeline: ${id}, ${p.pipelineStages} stages, imbalance ${r3(p.imbalance)}`, "", "| stage | layers | global | sliding | KV B | step s |", "|---|---|---|---|---|---|", ...p.stages.map((x) => `| ${x.stage} | ${x.firstLayer}–${x.lastLayer} | ${x.globalLayers} | ${x.windowLayers} | ${r3(x.kvBytes)} | ${r3(x.seconds)} |`), ""];
      }),
    ];
    check("lecture.md", `${lines.join("\n")}\n`);
  });
});

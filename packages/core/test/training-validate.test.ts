/**
 * Validation plumbing of the training step: how measurement rows become layouts and errors on MFU.
 * These rows are synthetic (built from the engine's own prediction) and test the bookkeeping only;
 * the accuracy against the public rows is tested in training-measurements.test.ts.
 */
import { describe, expect, it } from "vitest";
import { analyzeTrainStep, findModel, getHardware, getModel, prepareTrainingRows, validateTraining, type MeasurementFile, type MeasurementRow } from "../src/index.ts";

const resolve = (id: string) => findModel(id) ?? null;
const h100 = getHardware("h100");

function row(id: string, over: Partial<MeasurementRow> = {}): MeasurementRow {
  return {
    id,
    group: "training",
    hardware: "nvidia-h100-sxm5-80gb",
    chips: 64,
    parallelism: { tp: 4, pp: 4, cp: 1, vp: 5 },
    model: "llama-3.1-70b",
    precision: { compute: "bf16" },
    workload: { sequenceLength: 8192, globalBatchTokens: 128 * 8192, microBatch: 1 },
    metric: { name: "tokens_per_second_per_chip", value: 1000, unit: "token/s", stat: "mean" },
    ...over,
  };
}

describe("training rows → layouts", () => {
  it("reads DP from the chips, micro-batches from the global batch, and VP as an interleaved schedule", () => {
    const { prepared } = prepareTrainingRows([{ source: { id: "s" }, rows: [row("s/a")] }], resolve);
    expect(prepared).toHaveLength(1);
    const l = prepared[0]?.layout;
    expect(l?.dataParallel).toBe(4);
    expect(l?.microBatches).toBe(32);
    expect(l?.schedule).toBe("interleaved");
    expect(l?.virtualStages).toBe(5);
  });

  it("skips what it cannot predict, with the reason", () => {
    const files: MeasurementFile[] = [
      {
        source: { id: "s" },
        rows: [
          row("s/lora", { note: "Llama 2 70B LoRA fine-tuning" }),
          row("s/chips", { chips: 60 }),
          row("s/fp4", { precision: { compute: "nvfp4" } }),
          row("s/hw", { hardware: "nvidia-x9000" }),
          row("s/noseq", { workload: { globalBatchTokens: 1e6 } }),
          row("s/prefill", { group: "prefill" }),
        ],
      },
    ];
    const { prepared, skipped } = prepareTrainingRows(files, resolve);
    expect(prepared).toHaveLength(0);
    const why = Object.fromEntries(skipped.map((s) => [s.id, s.reason]));
    expect(why["s/lora"]).toMatch(/LoRA/);
    expect(why["s/chips"]).toMatch(/not a multiple of TP·PP·CP = 16/);
    expect(why["s/fp4"]).toMatch(/nvfp4 is not modelled/);
    expect(why["s/hw"]).toMatch(/not in the catalog/);
    expect(why["s/noseq"]).toMatch(/no sequence length/);
    expect(why["s/prefill"]).toBeUndefined();
  });

  it("searches the fastest layout that fits when a row publishes none", () => {
    const { prepared } = prepareTrainingRows([{ source: { id: "s" }, rows: [row("s/x", { parallelism: {} })] }], resolve);
    const { parallelism: _p, ...noLayout } = row("s/y");
    const r2 = prepareTrainingRows([{ source: { id: "s" }, rows: [noLayout as MeasurementRow] }], resolve);
    expect(prepared[0]?.searched).toBe(true);
    const l = r2.prepared[0]?.layout;
    expect(r2.prepared[0]?.searched).toBe(true);
    expect((l?.dataParallel ?? 0) * (l?.tensorParallel ?? 0) * (l?.pipelineParallel ?? 0) * (l?.contextParallel ?? 0)).toBe(64);
  });
});

describe("errors on MFU", () => {
  it("is zero for a row that measured exactly the engine's prediction, whatever the metric", () => {
    const lib = analyzeTrainStep({ model: getModel("llama-3.1-70b"), hardware: h100, layout: { tensorParallel: 4, pipelineParallel: 4, dataParallel: 4, microBatches: 32, sequenceLength: 8192, schedule: "interleaved", virtualStages: 5 } });
    const files: MeasurementFile[] = [
      { source: { id: "a" }, rows: [row("a/tps", { metric: { name: "tokens_per_second_per_chip", value: lib.tokensPerSecondPerChip } })] },
      { source: { id: "b" }, rows: [row("b/step", { metric: { name: "step_seconds", value: lib.time.stepSeconds } }), row("b/mfu", { metric: { name: "mfu", value: lib.mfu } })] },
    ];
    const v = validateTraining(files, resolve);
    expect(v.predictions).toHaveLength(3);
    for (const p of v.predictions) expect(Math.abs(p.error)).toBeLessThan(1e-9);
    expect(v.loso?.groupedBy).toBe("source");
    expect(v.loso?.folds.map((f) => f.group)).toEqual(["a", "b"]);
  });

  it("reports +25% when the engine predicts 1.25× the measured throughput", () => {
    const lib = analyzeTrainStep({ model: getModel("llama-3.1-70b"), hardware: h100, layout: { tensorParallel: 4, pipelineParallel: 4, dataParallel: 4, microBatches: 32, sequenceLength: 8192, schedule: "interleaved", virtualStages: 5 } });
    const v = validateTraining([{ source: { id: "a" }, rows: [row("a/x", { metric: { name: "tokens_per_second_per_chip", value: lib.tokensPerSecondPerChip / 1.25 } })] }], resolve, { loso: false });
    expect(v.predictions[0]?.error).toBeCloseTo(0.25, 9);
    expect(v.loso).toBeNull();
  });
});

/**
 * The training step against the public training rows in data/measurements/ (MLPerf Training,
 * Megatron-Bridge performance summaries): the committed fit belongs to the committed rows, reproduces
 * its recorded in-sample error, every prediction is a finite MFU in (0, 1], and dense models stay
 * within the target. The held-out (leave-one-source-out, or leave-one-model-out with one source)
 * error is computed by scripts/fit-training.ts and `roofline train-step validate` (a refit per fold is
 * too slow for a unit test on a shared machine) and recorded in fitted.ts.
 */
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { prepareTrainingRows, TRAINING_FIT, validateTraining } from "@roofline/core";
import { modelResolver, readMeasurementFiles } from "../src/measurements.ts";

const dir = fileURLToPath(new URL("../../../data/measurements/", import.meta.url));
const files = readMeasurementFiles(dir);
const resolve = modelResolver(dir);
const { prepared } = prepareTrainingRows(files, resolve);
describe("training rows of data/measurements", () => {
  const v = validateTraining(files, resolve, { loso: false });

  // The fit belongs to the rows it was fitted to; when rows are added, scripts/fit-training.ts refits
  // (and `npx tsx scripts/fit-training.ts --check` says whether the committed fit is stale).
  const current = TRAINING_FIT.rows === prepared.length && TRAINING_FIT.sources === new Set(prepared.map((p) => p.source)).size;

  it("exist, and are the rows the committed fit was fitted to (else: npx tsx scripts/fit-training.ts)", () => {
    expect(prepared.length).toBeGreaterThan(0);
    expect(current).toBe(true);
  });

  it("reproduce the committed fit's recorded in-sample median |error| on MFU", () => {
    expect(v.medianAbsError).toBeCloseTo(TRAINING_FIT.inSample.medianAbsError, 3);
  });

  it("are each predicted as a finite MFU in (0, 1], from their own layouts", () => {
    expect(v.predictions.length).toBe(prepared.length);
    for (const p of v.predictions) {
      expect(Number.isFinite(p.predictedMfu) && p.predictedMfu > 0 && p.predictedMfu <= 1).toBe(true);
      expect(Number.isFinite(p.measuredMfu) && p.measuredMfu > 0 && p.measuredMfu <= 1).toBe(true);
      expect(p.layout.dataParallel * p.layout.tensorParallel * p.layout.pipelineParallel * p.layout.contextParallel).toBe(p.chips);
    }
  });

  it("keep dense models within 15% median |error| on MFU", () => {
    const dense = v.predictions.filter((p) => p.model.startsWith("llama"));
    expect(dense.length).toBeGreaterThan(0);
    const e = dense.map((p) => Math.abs(p.error)).sort((a, b) => a - b);
    expect(e[Math.floor(e.length / 2)]).toBeLessThanOrEqual(0.15);
  });

  it("record a held-out error from the fit (leave-one-source-out, or leave-one-model-out with one source)", () => {
    expect(["source", "model"]).toContain(TRAINING_FIT.loso.groupedBy);
    expect(TRAINING_FIT.loso.rows).toBeGreaterThan(0);
    expect(TRAINING_FIT.loso.medianAbsError).toBeGreaterThan(0);
  });
});

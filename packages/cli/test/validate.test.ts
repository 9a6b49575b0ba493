/**
 * `roofline validate` shows the training rows as one more group, with the numbers of the training
 * step's own validation (the same fit, the same held-out folds): not a second training model.
 */
import { describe, expect, it } from "vitest";
import { measurementFiles, measurementModel, validateTraining } from "@roofline/core";
import { runCli } from "./run-cli.ts";

describe("roofline validate: the training group", () => {
  const t = validateTraining(measurementFiles(), measurementModel, { loso: true });

  it("--json carries the training group with the training step's own errors", async () => {
    const r = await runCli("validate", "--json");
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as { training: { rows: number; medianAbsError: number; loso: { medianAbsError: number; rows: number } | null } };
    expect(t.predictions.length).toBeGreaterThan(0);
    expect(j.training.rows).toBe(t.predictions.length);
    expect(j.training.medianAbsError).toBeCloseTo(t.medianAbsError, 12);
    // the held-out error is the one scripts/fit-training.ts recorded with the committed fit (4 decimals): the same folds
    expect(j.training.loso?.medianAbsError).toBeCloseTo(t.loso?.medianAbsError ?? NaN, 4);
    expect(j.training.loso?.rows).toBe(t.loso?.rows);
  }, 60_000);

  it("the summary prints the training line beside the inference groups", async () => {
    const r = await runCli("validate", "--brief");
    expect(r.code).toBe(0);
    const line = r.stdout.split("\n").find((l) => l.startsWith("training (MFU"));
    expect(line, r.stdout).toBeDefined();
    expect(line).toContain(String(t.predictions.length));
    expect(line).toContain(`${(t.medianAbsError * 100).toPrecision(3)}%`);
  }, 60_000);
});

/**
 * Fits the training step's few physical efficiency terms (matmul efficiency at BF16 and FP8, the
 * exposed share of tensor-parallel communication) to the training rows of data/measurements/, reports
 * the leave-one-source-out median |error| on MFU, and writes packages/core/src/training/fitted.ts.
 * Deterministic (a grid search): `npx tsx scripts/fit-training.ts` reproduces the committed file.
 * `--check` only compares and exits 1 when the committed fit is stale.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { fitTraining, prepareTrainingRows, validateTraining } from "../packages/core/src/index.ts";
import { findMeasurementsDir, modelResolver, readMeasurementFiles } from "../packages/cli/src/measurements.ts";

const dir = findMeasurementsDir();
const files = readMeasurementFiles(dir);
const resolve = modelResolver(dir);
const { prepared, skipped } = prepareTrainingRows(files, resolve);
const fit = fitTraining(prepared);
const v = validateTraining(files, resolve, { loso: true });
const sources = new Set(prepared.map((p) => p.source));
const today = process.env["FIT_DATE"] ?? new Date().toISOString().slice(0, 10);
const text = `/**
 * Written by scripts/fit-training.ts — do not edit by hand. The few physical parameters of the
 * training step fitted to the public training rows in data/measurements/ (group "training").
 */
export const TRAINING_FIT = {
  date: "${today}",
  rows: ${prepared.length},
  sources: ${sources.size},
  parameters: {
    matmul16: { value: ${fit.parameters.matmul16}, note: "matmul efficiency at BF16 (fraction of dense peak), fitted" },
    matmul8: { value: ${fit.parameters.matmul8}, note: "matmul efficiency at FP8 (fraction of the FP8 dense peak), fitted" },
    tensorExposed: { value: ${fit.parameters.tensorExposed}, note: "share of tensor-parallel communication not overlapped, fitted" },
    expertExposed: { value: ${fit.parameters.expertExposed}, note: "share of the expert all-to-all not overlapped, fitted" },
    kernelGapSeconds: { value: ${fit.parameters.kernelGapSeconds}, note: "gap per kernel (launch and synchronisation), seconds, fitted" },
  },
  inSample: { medianAbsError: ${fit.medianAbsError.toFixed(4)} },
  loso: { groupedBy: "${v.loso ? v.loso.groupedBy : "none"}", medianAbsError: ${v.loso ? v.loso.medianAbsError.toFixed(4) : 0}, p90AbsError: ${v.loso ? v.loso.p90AbsError.toFixed(4) : 0}, rows: ${v.loso ? v.loso.rows : 0} },
} as const;
`;
const target = fileURLToPath(new URL("../packages/core/src/training/fitted.ts", import.meta.url));
const summary = {
  rows: prepared.length,
  skipped: skipped.length,
  sources: [...sources],
  parameters: fit.parameters,
  inSampleMedianAbsError: fit.medianAbsError,
  loso: v.loso ? { medianAbsError: v.loso.medianAbsError, rows: v.loso.rows, folds: v.loso.folds } : null,
};
console.log(JSON.stringify(summary, null, 2));
if (process.argv.includes("--check")) {
  const cur = readFileSync(target, "utf8");
  const strip = (s: string) => s.replace(/date: "[^"]*"/, "");
  if (strip(cur) !== strip(text)) {
    console.error("fitted.ts is stale: run npx tsx scripts/fit-training.ts");
    process.exit(1);
  }
} else writeFileSync(target, text);

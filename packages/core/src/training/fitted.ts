/**
 * Written by scripts/fit-training.ts — do not edit by hand. The few physical parameters of the
 * training step fitted to the public training rows in data/measurements/ (group "training").
 */
export const TRAINING_FIT = {
  date: "2026-11-27",
  rows: 70,
  sources: 3,
  parameters: {
    matmul16: { value: 0.35, note: "matmul efficiency at BF16 (fraction of dense peak), fitted" },
    matmul8: { value: 0.48, note: "matmul efficiency at FP8 (fraction of the FP8 dense peak), fitted" },
    tensorExposed: { value: 0.6, note: "share of tensor-parallel communication not overlapped, fitted" },
    expertExposed: { value: 1, note: "share of the expert all-to-all not overlapped, fitted" },
    kernelGapSeconds: { value: 0.000005, note: "gap per kernel (launch and synchronisation), seconds, fitted" },
  },
  inSample: { medianAbsError: 0.1117 },
  loso: { groupedBy: "source", medianAbsError: 0.1297, p90AbsError: 0.5937, rows: 70 },
} as const;

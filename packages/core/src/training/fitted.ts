/**
 * Written by scripts/fit-training.ts — do not edit by hand. The few physical parameters of the
 * training step fitted to the public training rows in data/measurements/ (group "training").
 */
export const TRAINING_FIT = {
  date: "2026-11-27",
  rows: 54,
  sources: 1,
  parameters: {
    matmul16: { value: 0.35, note: "matmul efficiency at BF16 (fraction of dense peak), fitted" },
    matmul8: { value: 0.45, note: "matmul efficiency at FP8 (fraction of the FP8 dense peak), fitted" },
    tensorExposed: { value: 0.15, note: "share of tensor-parallel communication not overlapped, fitted" },
    expertExposed: { value: 1, note: "share of the expert all-to-all not overlapped, fitted" },
    kernelGapSeconds: { value: 0.000006, note: "gap per kernel (launch and synchronisation), seconds, fitted" },
  },
  inSample: { medianAbsError: 0.1524 },
  loso: { groupedBy: "model", medianAbsError: 0.2074, p90AbsError: 0.6553, rows: 54 },
} as const;

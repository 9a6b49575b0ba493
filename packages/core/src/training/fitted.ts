/**
 * Written by scripts/fit-training.ts — do not edit by hand. The few physical parameters of the
 * training step fitted to the public training rows in data/measurements/ (group "training").
 */
export const TRAINING_FIT = {
  date: "2026-11-27",
  rows: 74,
  sources: 3,
  parameters: {
    matmul16: { value: 0.35, note: "matmul efficiency at BF16 (fraction of dense peak), fitted" },
    matmul8: { value: 0.5, note: "matmul efficiency at FP8 (fraction of the FP8 dense peak), fitted" },
    tensorExposed: { value: 0.05, note: "share of tensor-parallel communication not overlapped, fitted" },
    expertExposed: { value: 0.65, note: "share of the expert all-to-all not overlapped, fitted" },
    kernelGapSeconds: { value: 0.00004, note: "gap per kernel (launch and synchronisation), seconds, fitted" },
  },
  inSample: { medianAbsError: 0.1052 },
  loso: { groupedBy: "source", medianAbsError: 0.1373, p90AbsError: 0.7530, rows: 74 },
} as const;

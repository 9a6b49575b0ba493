/**
 * Written by scripts/fit-efficiency.ts — do not edit by hand. The few physical parameters of the
 * expected forward pass fitted to the public inference rows in data/measurements/.
 */
export const EFFICIENCY_FIT = {
  date: "2026-11-27",
  rows: 44,
  sources: 2,
  parameters: {
    matmul: { value: 0.4, note: "fraction of dense peak a large matrix multiply reaches, fitted" },
    hbm: { value: 0.6, note: "fraction of HBM bandwidth weight streaming reaches, fitted" },
    launchSeconds: { value: 0.00001, note: "gap per kernel (launch and dependency wait) in seconds, fitted" },
    collectiveLatencySeconds: { value: 0.00006, note: "fixed latency of one tensor-parallel all-reduce inside the scale-up domain, seconds, fitted" },
  },
  loso: { medianAbsError: 0.3958 as number | null, p90AbsError: 0.6704 as number | null, rows: 44 },
} as const;

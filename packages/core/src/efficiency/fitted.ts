/**
 * Written by scripts/fit-efficiency.ts — do not edit by hand. The few physical parameters of the
 * expected forward pass fitted to the public inference rows in data/measurements/.
 */
export const EFFICIENCY_FIT = {
  date: "2026-11-27",
  rows: 55,
  sources: 2,
  parameters: {
    matmul: { value: 0.44, note: "fraction of dense peak a large matrix multiply reaches, fitted" },
    hbm: { value: 0.95, note: "fraction of HBM bandwidth weight streaming reaches, fitted" },
    launchSeconds: { value: 0.00000215, note: "gap per kernel (launch and dependency wait) in seconds, fitted" },
    collectiveLatencySeconds: { value: 0.0000324, note: "fixed latency of one tensor-parallel all-reduce inside the scale-up domain, seconds, fitted" },
    hostSecondsPerSequence: { value: 0.0000404, note: "host (CPU) time per sequence per step the GPU waits for, seconds, fitted" },
  },
  loso: { medianAbsError: 0.4584 as number | null, p90AbsError: 1.0889 as number | null, rows: 55 },
} as const;

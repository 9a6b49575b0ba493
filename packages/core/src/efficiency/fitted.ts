/**
 * Written by scripts/fit-efficiency.ts — do not edit by hand. The few physical parameters of the
 * expected forward pass fitted to the public inference rows in data/measurements/.
 */
export const EFFICIENCY_FIT = {
  date: "2026-11-27",
  rows: 103,
  sources: 5,
  parameters: {
    matmul: { value: 0.439, note: "fraction of dense peak a large matrix multiply reaches, fitted" },
    hbm: { value: 0.91, note: "fraction of HBM bandwidth weight streaming reaches, fitted" },
    launchSeconds: { value: 0.00000736, note: "gap per kernel (launch and dependency wait) in seconds, fitted" },
    collectiveLatencySeconds: { value: 0.000005, note: "fixed latency of one tensor-parallel all-reduce inside the scale-up domain, seconds, fitted" },
    hostSecondsPerSequence: { value: 0.000121, note: "host (CPU) time per sequence per step the GPU waits for, seconds, fitted" },
  },
  loso: { medianAbsError: 0.4104 as number | null, p90AbsError: 1.3175 as number | null, rows: 103 },
} as const;

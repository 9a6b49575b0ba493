/**
 * Written by scripts/fit-efficiency.ts — do not edit by hand. The few physical parameters of the
 * expected forward pass fitted to the public inference rows in data/measurements/.
 */
export const EFFICIENCY_FIT = {
  date: "2026-11-28",
  rows: 372,
  sources: 6,
  parameters: {
    matmul: { value: 0.4, note: "fraction of dense peak a large matrix multiply reaches, fitted" },
    launchSeconds: { value: 0.00000234, note: "gap per kernel (launch and dependency wait) in seconds, fitted" },
    collectiveLatencySeconds: { value: 0.0000295, note: "fixed latency of one tensor-parallel all-reduce inside the scale-up domain, seconds, fitted" },
    hostSecondsPerSequence: { value: 0.00000719, note: "host (CPU) time per sequence per step the GPU waits for, seconds, fitted" },
    syncHostSecondsPerSequence: { value: 0.0000786, note: "more host time per sequence per step with a synchronous scheduler (vLLM < 0.6), seconds, fitted" },
    syncHostSecondsPerStep: { value: 0.00653, note: "more host time per step with a synchronous scheduler (vLLM < 0.6), seconds, fitted" },
  },
  loso: { medianAbsError: 0.1128 as number | null, p90AbsError: 0.2830 as number | null, rows: 372 },
} as const;

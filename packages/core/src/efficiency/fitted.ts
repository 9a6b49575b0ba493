/**
 * Written by scripts/fit-efficiency.ts — do not edit by hand. The few physical parameters of the
 * expected forward pass fitted to the public inference rows in data/measurements/.
 */
export const EFFICIENCY_FIT = {
  date: "2026-11-27",
  rows: 387,
  sources: 6,
  parameters: {
    matmul: { value: 0.4, note: "fraction of dense peak a large matrix multiply reaches, fitted" },
    launchSeconds: { value: 0.00000256, note: "gap per kernel (launch and dependency wait) in seconds, fitted" },
    collectiveLatencySeconds: { value: 0.0000285, note: "fixed latency of one tensor-parallel all-reduce inside the scale-up domain, seconds, fitted" },
    hostSecondsPerSequence: { value: 0.0000372, note: "host (CPU) time per sequence per step the GPU waits for, seconds, fitted" },
    syncHostSecondsPerSequence: { value: 0.0000338, note: "more host time per sequence per step where the engine schedules synchronously (vLLM before 0.6), seconds, fitted" },
    syncHostSecondsPerStep: { value: 0.00927, note: "more host time per step, whatever its batch, where the engine schedules synchronously (vLLM before 0.6), seconds, fitted" },
  },
  loso: { medianAbsError: 0.1384 as number | null, p90AbsError: 0.4693 as number | null, rows: 387 },
  // Each leave-one-source-out fold's fit (the constants fitted without that source), so `roofline validate` on the
  // committed rows need not refit them; a test keeps them current (--check).
  folds: {
    "amd-rocm-performance": { matmul: 0.4, launchSeconds: 0.00000278, collectiveLatencySeconds: 0.0000255, hostSecondsPerSequence: 0.0000441, syncHostSecondsPerSequence: 0.0000287, syncHostSecondsPerStep: 0.00916 },
    "inferencex": { matmul: 0.4, launchSeconds: 0.000001, collectiveLatencySeconds: 0.0000363, hostSecondsPerSequence: 0.0000383, syncHostSecondsPerSequence: 0.0000296, syncHostSecondsPerStep: 0.00995 },
    "lambdalabs-vllm-benchmark": { matmul: 0.4, launchSeconds: 0.00000256, collectiveLatencySeconds: 0.0000285, hostSecondsPerSequence: 0.0000383, syncHostSecondsPerSequence: 0.0000123, syncHostSecondsPerStep: 0.0114 },
    "nim-benchmarks": { matmul: 0.4, launchSeconds: 0.0000025, collectiveLatencySeconds: 0.0000292, hostSecondsPerSequence: 0.0000382, syncHostSecondsPerSequence: 0.000032, syncHostSecondsPerStep: 0.00937 },
    "sglang-gb200-part2": { matmul: 0.423, launchSeconds: 0.00000251, collectiveLatencySeconds: 0.0000288, hostSecondsPerSequence: 0.0000381, syncHostSecondsPerSequence: 0.0000339, syncHostSecondsPerStep: 0.00938 },
    "vllm-blog": { matmul: 0.4, launchSeconds: 0.00000273, collectiveLatencySeconds: 0.0000277, hostSecondsPerSequence: 0.000037, syncHostSecondsPerSequence: 0.0000342, syncHostSecondsPerStep: 0.00921 },
  } as Record<string, Record<string, number>>,
} as const;

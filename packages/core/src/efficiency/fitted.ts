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
    launchSeconds: { value: 0.00000234, note: "gap per kernel (launch and dependency wait) in seconds, fitted" },
    collectiveLatencySeconds: { value: 0.0000312, note: "fixed latency of one tensor-parallel all-reduce inside the scale-up domain, seconds, fitted" },
    hostSecondsPerSequence: { value: 0.0000359, note: "host (CPU) time per sequence per step the GPU waits for, seconds, fitted" },
    syncHostSecondsPerSequence: { value: 0.0000367, note: "more host time per sequence per step where the engine schedules synchronously (vLLM before 0.6), seconds, fitted" },
    syncHostSecondsPerStep: { value: 0.00892, note: "more host time per step, whatever its batch, where the engine schedules synchronously (vLLM before 0.6), seconds, fitted" },
  },
  loso: { medianAbsError: 0.1592 as number | null, p90AbsError: 0.6265 as number | null, rows: 387 },
  // Each leave-one-source-out fold's fit (the constants fitted without that source), so `roofline validate` on the
  // committed rows need not refit them; a test keeps them current (--check).
  folds: {
    "amd-rocm-performance": { matmul: 0.4, launchSeconds: 0.00000415, collectiveLatencySeconds: 0.0000189, hostSecondsPerSequence: 0.00000308, syncHostSecondsPerSequence: 0.0000725, syncHostSecondsPerStep: 0.00841 },
    "inferencex": { matmul: 0.4, launchSeconds: 0.000001, collectiveLatencySeconds: 0.0000376, hostSecondsPerSequence: 0.0000359, syncHostSecondsPerSequence: 0.0000383, syncHostSecondsPerStep: 0.00885 },
    "lambdalabs-vllm-benchmark": { matmul: 0.4, launchSeconds: 0.00000238, collectiveLatencySeconds: 0.0000307, hostSecondsPerSequence: 0.0000359, syncHostSecondsPerSequence: 0.0000145, syncHostSecondsPerStep: 0.0113 },
    "nim-benchmarks": { matmul: 0.4, launchSeconds: 0.00000233, collectiveLatencySeconds: 0.0000313, hostSecondsPerSequence: 0.0000359, syncHostSecondsPerSequence: 0.0000367, syncHostSecondsPerStep: 0.00891 },
    "sglang-gb200-part2": { matmul: 0.447, launchSeconds: 0.00000231, collectiveLatencySeconds: 0.0000312, hostSecondsPerSequence: 0.0000381, syncHostSecondsPerSequence: 0.0000342, syncHostSecondsPerStep: 0.00957 },
    "vllm-blog": { matmul: 0.4, launchSeconds: 0.00000267, collectiveLatencySeconds: 0.0000292, hostSecondsPerSequence: 0.0000382, syncHostSecondsPerSequence: 0.0000333, syncHostSecondsPerStep: 0.00905 },
  } as Record<string, Record<string, number>>,
} as const;

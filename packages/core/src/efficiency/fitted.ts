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
    launchSeconds: { value: 0.00000212, note: "gap per kernel (launch and dependency wait) in seconds, fitted" },
    collectiveLatencySeconds: { value: 0.0000323, note: "fixed latency of one tensor-parallel all-reduce inside the scale-up domain, seconds, fitted" },
    hostSecondsPerSequence: { value: 0.0000381, note: "host (CPU) time per sequence per step the GPU waits for, seconds, fitted" },
    syncHostSecondsPerSequence: { value: 0.0000348, note: "more host time per sequence per step where the engine schedules synchronously (vLLM before 0.6), seconds, fitted" },
    syncHostSecondsPerStep: { value: 0.0089, note: "more host time per step, whatever its batch, where the engine schedules synchronously (vLLM before 0.6), seconds, fitted" },
  },
  loso: { medianAbsError: 0.1401 as number | null, p90AbsError: 0.5641 as number | null, rows: 387 },
  // Each leave-one-source-out fold's fit (the constants fitted without that source), so `roofline validate` on the
  // committed rows need not refit them; a test keeps them current (--check).
  folds: {
    "amd-rocm-performance": { matmul: 0.4, launchSeconds: 0.00000288, collectiveLatencySeconds: 0.000025, hostSecondsPerSequence: 0.000044, syncHostSecondsPerSequence: 0.0000293, syncHostSecondsPerStep: 0.00906 },
    "inferencex": { matmul: 0.4, launchSeconds: 0.000001, collectiveLatencySeconds: 0.0000375, hostSecondsPerSequence: 0.0000394, syncHostSecondsPerSequence: 0.0000319, syncHostSecondsPerStep: 0.00927 },
    "lambdalabs-vllm-benchmark": { matmul: 0.4, launchSeconds: 0.00000249, collectiveLatencySeconds: 0.0000301, hostSecondsPerSequence: 0.0000394, syncHostSecondsPerSequence: 0.0000111, syncHostSecondsPerStep: 0.0114 },
    "nim-benchmarks": { matmul: 0.4, launchSeconds: 0.00000239, collectiveLatencySeconds: 0.0000309, hostSecondsPerSequence: 0.0000393, syncHostSecondsPerSequence: 0.0000331, syncHostSecondsPerStep: 0.00892 },
    "sglang-gb200-part2": { matmul: 0.422, launchSeconds: 0.00000249, collectiveLatencySeconds: 0.0000301, hostSecondsPerSequence: 0.0000404, syncHostSecondsPerSequence: 0.0000292, syncHostSecondsPerStep: 0.00942 },
    "vllm-blog": { matmul: 0.4, launchSeconds: 0.00000267, collectiveLatencySeconds: 0.0000292, hostSecondsPerSequence: 0.0000382, syncHostSecondsPerSequence: 0.0000333, syncHostSecondsPerStep: 0.00905 },
  } as Record<string, Record<string, number>>,
} as const;

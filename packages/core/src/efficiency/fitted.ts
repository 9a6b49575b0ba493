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
    hbm: { value: 0.813, note: "fraction of HBM bandwidth weight streaming reaches, fitted" },
    launchSeconds: { value: 0.00000163, note: "gap per kernel (launch and dependency wait) in seconds, fitted" },
    collectiveLatencySeconds: { value: 0.0000343, note: "fixed latency of one tensor-parallel all-reduce inside the scale-up domain, seconds, fitted" },
    hostSecondsPerSequence: { value: 0.0000382, note: "host (CPU) time per sequence per step the GPU waits for, seconds, fitted" },
    syncHostSecondsPerSequence: { value: 0.0000385, note: "more host time per sequence per step where the engine schedules synchronously (vLLM before 0.6), seconds, fitted" },
    syncHostSecondsPerStep: { value: 0.00764, note: "more host time per step, whatever its batch, where the engine schedules synchronously (vLLM before 0.6), seconds, fitted" },
  },
  loso: { medianAbsError: 0.1963 as number | null, p90AbsError: 0.6188 as number | null, rows: 387 },
  // Each leave-one-source-out fold's fit (the constants fitted without that source), so `roofline validate` on the
  // committed rows need not refit them; a test keeps them current (--check).
  folds: {
    "amd-rocm-performance": { matmul: 0.4, hbm: 0.95, launchSeconds: 0.000001, collectiveLatencySeconds: 0.0000509, hostSecondsPerSequence: 0.0000433, syncHostSecondsPerSequence: 0, syncHostSecondsPerStep: 0.012 },
    "inferencex": { matmul: 0.4, hbm: 0.864, launchSeconds: 0.000001, collectiveLatencySeconds: 0.0000371, hostSecondsPerSequence: 0.000039, syncHostSecondsPerSequence: 0.0000353, syncHostSecondsPerStep: 0.00882 },
    "lambdalabs-vllm-benchmark": { matmul: 0.4, hbm: 0.822, launchSeconds: 0.000001, collectiveLatencySeconds: 0.0000379, hostSecondsPerSequence: 0.0000388, syncHostSecondsPerSequence: 0.0000113, syncHostSecondsPerStep: 0.0113 },
    "nim-benchmarks": { matmul: 0.4, hbm: 0.739, launchSeconds: 0.00000187, collectiveLatencySeconds: 0.0000337, hostSecondsPerSequence: 0.0000344, syncHostSecondsPerSequence: 0.0000503, syncHostSecondsPerStep: 0.00631 },
    "sglang-gb200-part2": { matmul: 0.414, hbm: 0.806, launchSeconds: 0.00000227, collectiveLatencySeconds: 0.000031, hostSecondsPerSequence: 0.0000387, syncHostSecondsPerSequence: 0.000036, syncHostSecondsPerStep: 0.00785 },
    "vllm-blog": { matmul: 0.4, hbm: 0.847, launchSeconds: 0.00000177, collectiveLatencySeconds: 0.0000349, hostSecondsPerSequence: 0.0000386, syncHostSecondsPerSequence: 0.0000344, syncHostSecondsPerStep: 0.00861 },
  } as Record<string, Record<string, number>>,
} as const;

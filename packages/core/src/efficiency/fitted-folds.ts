/**
 * Written by scripts/fit-efficiency.ts — do not edit by hand. Each leave-one-source-out fold's fit (the constants
 * fitted without that source), so `roofline validate` on the committed rows need not refit them; a test keeps
 * them current (--check).
 */
export const EFFICIENCY_FIT_FOLDS: Record<string, Record<string, number>> = {
  "amd-rocm-performance": { matmul: 0.4, launchSeconds: 0.00000306, collectiveLatencySeconds: 0.0000243, hostSecondsPerSequence: 0.000013, syncHostSecondsPerSequence: 0.0000608, syncHostSecondsPerStep: 0.00892 },
  "inferencex": { matmul: 0.4, launchSeconds: 0.000001, collectiveLatencySeconds: 0.0000364, hostSecondsPerSequence: 0.0000288, syncHostSecondsPerSequence: 0.00003, syncHostSecondsPerStep: 0.0102 },
  "lambdalabs-vllm-benchmark": { matmul: 0.4, launchSeconds: 0.00000239, collectiveLatencySeconds: 0.0000294, hostSecondsPerSequence: 0.0000288, syncHostSecondsPerSequence: 0.0000216, syncHostSecondsPerStep: 0.0113 },
  "nim-benchmarks": { matmul: 0.4, launchSeconds: 0.00000227, collectiveLatencySeconds: 0.0000304, hostSecondsPerSequence: 0.0000322, syncHostSecondsPerSequence: 0.0000398, syncHostSecondsPerStep: 0.00915 },
  "sglang-gb200-part2": { matmul: 0.448, launchSeconds: 0.00000233, collectiveLatencySeconds: 0.0000298, hostSecondsPerSequence: 0.000031, syncHostSecondsPerSequence: 0.0000423, syncHostSecondsPerStep: 0.00963 },
  "vllm-blog": { matmul: 0.4, launchSeconds: 0.00000258, collectiveLatencySeconds: 0.0000284, hostSecondsPerSequence: 0.0000341, syncHostSecondsPerSequence: 0.0000369, syncHostSecondsPerStep: 0.00928 },
};

/**
 * Written by scripts/fit-efficiency.ts — do not edit by hand. Each leave-one-source-out fold's fit (the constants
 * fitted without that source), so `roofline validate` on the committed rows need not refit them; a test keeps
 * them current (--check).
 */
export const EFFICIENCY_FIT_FOLDS: Record<string, Record<string, number>> = {
  "amd-rocm-performance": { matmul: 0.4, launchSeconds: 0.00000297, collectiveLatencySeconds: 0.0000247, hostSecondsPerSequence: 0.0000131, syncHostSecondsPerSequence: 0.0000604, syncHostSecondsPerStep: 0.00899 },
  "inferencex": { matmul: 0.4, launchSeconds: 0.000001, collectiveLatencySeconds: 0.0000364, hostSecondsPerSequence: 0.0000288, syncHostSecondsPerSequence: 0.00003, syncHostSecondsPerStep: 0.0102 },
  "lambdalabs-vllm-benchmark": { matmul: 0.4, launchSeconds: 0.00000236, collectiveLatencySeconds: 0.0000296, hostSecondsPerSequence: 0.000029, syncHostSecondsPerSequence: 0.0000214, syncHostSecondsPerStep: 0.0113 },
  "nim-benchmarks": { matmul: 0.4, launchSeconds: 0.00000223, collectiveLatencySeconds: 0.0000306, hostSecondsPerSequence: 0.0000322, syncHostSecondsPerSequence: 0.0000387, syncHostSecondsPerStep: 0.00931 },
  "sglang-gb200-part2": { matmul: 0.448, launchSeconds: 0.00000231, collectiveLatencySeconds: 0.0000299, hostSecondsPerSequence: 0.000031, syncHostSecondsPerSequence: 0.0000423, syncHostSecondsPerStep: 0.00963 },
  "vllm-blog": { matmul: 0.4, launchSeconds: 0.00000258, collectiveLatencySeconds: 0.0000284, hostSecondsPerSequence: 0.0000341, syncHostSecondsPerSequence: 0.0000369, syncHostSecondsPerStep: 0.00928 },
};

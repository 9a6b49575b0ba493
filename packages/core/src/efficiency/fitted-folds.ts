/**
 * Written by scripts/fit-efficiency.ts — do not edit by hand. Each leave-one-source-out fold's fit (the constants
 * fitted without that source), so `roofline validate` on the committed rows need not refit them; a test keeps
 * them current (--check).
 */
export const EFFICIENCY_FIT_FOLDS: Record<string, Record<string, number>> = {
  "amd-rocm-performance": { matmul: 0.4, launchSeconds: 0.0000029, collectiveLatencySeconds: 0.0000251, hostSecondsPerSequence: 0.00000541, syncHostSecondsPerSequence: 0.0000678, syncHostSecondsPerStep: 0.00905 },
  "inferencex": { matmul: 0.4, launchSeconds: 0.000001, collectiveLatencySeconds: 0.0000364, hostSecondsPerSequence: 0.0000322, syncHostSecondsPerSequence: 0.0000395, syncHostSecondsPerStep: 0.00939 },
  "lambdalabs-vllm-benchmark": { matmul: 0.4, launchSeconds: 0.00000209, collectiveLatencySeconds: 0.0000309, hostSecondsPerSequence: 0.0000322, syncHostSecondsPerSequence: 0.0000179, syncHostSecondsPerStep: 0.0113 },
  "nim-benchmarks": { matmul: 0.4, launchSeconds: 0.00000203, collectiveLatencySeconds: 0.0000316, hostSecondsPerSequence: 0.0000322, syncHostSecondsPerSequence: 0.0000379, syncHostSecondsPerStep: 0.00942 },
  "sglang-gb200-part2": { matmul: 0.447, launchSeconds: 0.00000201, collectiveLatencySeconds: 0.0000314, hostSecondsPerSequence: 0.0000345, syncHostSecondsPerSequence: 0.0000379, syncHostSecondsPerStep: 0.00977 },
  "vllm-blog": { matmul: 0.4, launchSeconds: 0.00000229, collectiveLatencySeconds: 0.0000299, hostSecondsPerSequence: 0.0000342, syncHostSecondsPerSequence: 0.0000352, syncHostSecondsPerStep: 0.00958 },
};

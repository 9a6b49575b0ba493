/**
 * Written by scripts/fit-efficiency.ts — do not edit by hand. Each leave-one-source-out fold's fit (the constants
 * fitted without that source), so `roofline validate` on the committed rows need not refit them; a test keeps
 * them current (--check).
 */
export const EFFICIENCY_FIT_FOLDS: Record<string, Record<string, number>> = {
  "amd-rocm-performance": { matmul: 0.4, launchSeconds: 0.00000325, collectiveLatencySeconds: 0.0000234, hostSecondsPerSequence: 0.00000476, syncHostSecondsPerSequence: 0.0000693, syncHostSecondsPerStep: 0.00877 },
  "inferencex": { matmul: 0.4, launchSeconds: 0.000001, collectiveLatencySeconds: 0.0000363, hostSecondsPerSequence: 0.0000353, syncHostSecondsPerSequence: 0.0000363, syncHostSecondsPerStep: 0.00927 },
  "lambdalabs-vllm-benchmark": { matmul: 0.4, launchSeconds: 0.00000231, collectiveLatencySeconds: 0.0000298, hostSecondsPerSequence: 0.0000353, syncHostSecondsPerSequence: 0.000015, syncHostSecondsPerStep: 0.0113 },
  "nim-benchmarks": { matmul: 0.4, launchSeconds: 0.00000229, collectiveLatencySeconds: 0.0000303, hostSecondsPerSequence: 0.000033, syncHostSecondsPerSequence: 0.000039, syncHostSecondsPerStep: 0.00913 },
  "sglang-gb200-part2": { matmul: 0.447, launchSeconds: 0.00000217, collectiveLatencySeconds: 0.0000308, hostSecondsPerSequence: 0.0000375, syncHostSecondsPerSequence: 0.0000349, syncHostSecondsPerStep: 0.00973 },
  "vllm-blog": { matmul: 0.4, launchSeconds: 0.00000249, collectiveLatencySeconds: 0.0000292, hostSecondsPerSequence: 0.000037, syncHostSecondsPerSequence: 0.0000331, syncHostSecondsPerStep: 0.0094 },
};

/**
 * Written by scripts/fit-efficiency.ts — do not edit by hand. Each leave-one-source-out fold's fit (the constants
 * fitted without that source), so `roofline validate` on the committed rows need not refit them; a test keeps
 * them current (--check).
 */
export const EFFICIENCY_FIT_FOLDS: Record<string, Record<string, number>> = {
  "amd-rocm-performance": { matmul: 0.4, launchSeconds: 0.00000349, collectiveLatencySeconds: 0.0000186, hostSecondsPerSequence: 0.00000465, syncHostSecondsPerSequence: 0.0000777, syncHostSecondsPerStep: 0.00867 },
  "inferencex": { matmul: 0.4, launchSeconds: 0.000001, collectiveLatencySeconds: 0.0000364, hostSecondsPerSequence: 0.0000289, syncHostSecondsPerSequence: 0.0000442, syncHostSecondsPerStep: 0.00917 },
  "lambdalabs-vllm-benchmark": { matmul: 0.4, launchSeconds: 0.00000211, collectiveLatencySeconds: 0.0000308, hostSecondsPerSequence: 0.0000288, syncHostSecondsPerSequence: 0.0000213, syncHostSecondsPerStep: 0.0113 },
  "nim-benchmarks": { matmul: 0.4, launchSeconds: 0.00000203, collectiveLatencySeconds: 0.0000316, hostSecondsPerSequence: 0.0000322, syncHostSecondsPerSequence: 0.0000406, syncHostSecondsPerStep: 0.00908 },
  "sglang-gb200-part2": { matmul: 0.485, launchSeconds: 0.00000198, collectiveLatencySeconds: 0.0000317, hostSecondsPerSequence: 0.0000325, syncHostSecondsPerSequence: 0.0000276, syncHostSecondsPerStep: 0.0119 },
  "vllm-blog": { matmul: 0.4, launchSeconds: 0.00000223, collectiveLatencySeconds: 0.0000302, hostSecondsPerSequence: 0.0000322, syncHostSecondsPerSequence: 0.000037, syncHostSecondsPerStep: 0.00963 },
};

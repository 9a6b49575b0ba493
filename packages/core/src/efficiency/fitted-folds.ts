/**
 * Written by scripts/fit-efficiency.ts — do not edit by hand. Each leave-one-source-out fold's fit (the constants
 * fitted without that source), so `roofline validate` on the committed rows need not refit them; a test keeps
 * them current (--check).
 */
export const EFFICIENCY_FIT_FOLDS: Record<string, Record<string, number>> = {
  "amd-rocm-performance": { matmul: 0.4, launchSeconds: 0.00000316, collectiveLatencySeconds: 0.0000223, hostSecondsPerSequence: 0.00000507, syncHostSecondsPerSequence: 0.0000811, syncHostSecondsPerStep: 0.00669 },
  "inferencex": { matmul: 0.4, launchSeconds: 0.000001, collectiveLatencySeconds: 0.0000364, hostSecondsPerSequence: 0.0000288, syncHostSecondsPerSequence: 0.000057, syncHostSecondsPerStep: 0.00651 },
  "lambdalabs-vllm-benchmark": { matmul: 0.4, launchSeconds: 0.00000217, collectiveLatencySeconds: 0.0000305, hostSecondsPerSequence: 0.0000288, syncHostSecondsPerSequence: 0.0000214, syncHostSecondsPerStep: 0.0113 },
  "nim-benchmarks": { matmul: 0.4, launchSeconds: 0.00000209, collectiveLatencySeconds: 0.0000313, hostSecondsPerSequence: 0.0000315, syncHostSecondsPerSequence: 0.0000544, syncHostSecondsPerStep: 0.0065 },
  "sglang-gb200-part2": { matmul: 0.478, launchSeconds: 0.00000203, collectiveLatencySeconds: 0.0000315, hostSecondsPerSequence: 0.0000323, syncHostSecondsPerSequence: 0.0000445, syncHostSecondsPerStep: 0.00858 },
  "vllm-blog": { matmul: 0.4, launchSeconds: 0.00000232, collectiveLatencySeconds: 0.0000297, hostSecondsPerSequence: 0.0000341, syncHostSecondsPerSequence: 0.0000517, syncHostSecondsPerStep: 0.00653 },
};

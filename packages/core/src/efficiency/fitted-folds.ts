/**
 * Written by scripts/fit-efficiency.ts — do not edit by hand. Each leave-one-source-out fold's fit (the constants
 * fitted without that source), so `roofline validate` on the committed rows need not refit them; a test keeps
 * them current (--check).
 */
export const EFFICIENCY_FIT_FOLDS: Record<string, Record<string, number>> = {
  "amd-rocm-performance": { matmul: 0.4, launchSeconds: 0.00000298, collectiveLatencySeconds: 0.0000249, hostSecondsPerSequence: 0.00000524, syncHostSecondsPerSequence: 0.0000648, syncHostSecondsPerStep: 0.0095 },
  "inferencex": { matmul: 0.4, launchSeconds: 0.000001, collectiveLatencySeconds: 0.0000364, hostSecondsPerSequence: 0.0000289, syncHostSecondsPerSequence: 0.0000442, syncHostSecondsPerStep: 0.00917 },
  "lambdalabs-vllm-benchmark": { matmul: 0.4, launchSeconds: 0.00000224, collectiveLatencySeconds: 0.0000302, hostSecondsPerSequence: 0.0000288, syncHostSecondsPerSequence: 0.0000215, syncHostSecondsPerStep: 0.0113 },
  "nim-benchmarks": { matmul: 0.4, launchSeconds: 0.00000207, collectiveLatencySeconds: 0.0000314, hostSecondsPerSequence: 0.0000322, syncHostSecondsPerSequence: 0.0000392, syncHostSecondsPerStep: 0.00929 },
  "sglang-gb200-part2": { matmul: 0.485, launchSeconds: 0.00000199, collectiveLatencySeconds: 0.0000318, hostSecondsPerSequence: 0.0000325, syncHostSecondsPerSequence: 0.0000372, syncHostSecondsPerStep: 0.0104 },
  "vllm-blog": { matmul: 0.4, launchSeconds: 0.00000233, collectiveLatencySeconds: 0.0000297, hostSecondsPerSequence: 0.0000341, syncHostSecondsPerSequence: 0.0000373, syncHostSecondsPerStep: 0.00927 },
};

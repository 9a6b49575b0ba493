/**
 * Written by scripts/fit-efficiency.ts — do not edit by hand. Each leave-one-source-out fold's fit (the constants
 * fitted without that source), so `roofline validate` on the committed rows need not refit them; a test keeps
 * them current (--check).
 */
export const EFFICIENCY_FIT_FOLDS: Record<string, Record<string, number>> = {
  "amd-rocm-performance": { matmul: 0.4, launchSeconds: 0.00000298, collectiveLatencySeconds: 0.0000249, hostSecondsPerSequence: 0.00000524, syncHostSecondsPerSequence: 0.0000648, syncHostSecondsPerStep: 0.0095 },
  "inferencex": { matmul: 0.4, launchSeconds: 0.000001, collectiveLatencySeconds: 0.0000364, hostSecondsPerSequence: 0.0000288, syncHostSecondsPerSequence: 0.000044, syncHostSecondsPerStep: 0.00914 },
  "lambdalabs-vllm-benchmark": { matmul: 0.4, launchSeconds: 0.00000224, collectiveLatencySeconds: 0.0000302, hostSecondsPerSequence: 0.0000288, syncHostSecondsPerSequence: 0.0000215, syncHostSecondsPerStep: 0.0113 },
  "nim-benchmarks": { matmul: 0.4, launchSeconds: 0.00000204, collectiveLatencySeconds: 0.0000315, hostSecondsPerSequence: 0.0000322, syncHostSecondsPerSequence: 0.0000405, syncHostSecondsPerStep: 0.00909 },
  "sglang-gb200-part2": { matmul: 0.485, launchSeconds: 0.00000209, collectiveLatencySeconds: 0.0000313, hostSecondsPerSequence: 0.0000325, syncHostSecondsPerSequence: 0.0000424, syncHostSecondsPerStep: 0.00968 },
  "vllm-blog": { matmul: 0.4, launchSeconds: 0.00000234, collectiveLatencySeconds: 0.0000296, hostSecondsPerSequence: 0.0000341, syncHostSecondsPerSequence: 0.0000375, syncHostSecondsPerStep: 0.00923 },
};

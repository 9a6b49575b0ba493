/**
 * Written by scripts/fit-efficiency.ts — do not edit by hand. Each leave-one-source-out fold's fit (the constants
 * fitted without that source), so `roofline validate` on the committed rows need not refit them; a test keeps
 * them current (--check).
 */
export const EFFICIENCY_FIT_FOLDS: Record<string, Record<string, number>> = {
  "amd-rocm-performance": { matmul: 0.4, launchSeconds: 0.00000321, collectiveLatencySeconds: 0.0000236, hostSecondsPerSequence: 0.0000129, syncHostSecondsPerSequence: 0.0000616, syncHostSecondsPerStep: 0.00879 },
  "inferencex": { matmul: 0.4, launchSeconds: 0.000001, collectiveLatencySeconds: 0.0000364, hostSecondsPerSequence: 0.0000288, syncHostSecondsPerSequence: 0.00003, syncHostSecondsPerStep: 0.0102 },
  "lambdalabs-vllm-benchmark": { matmul: 0.4, launchSeconds: 0.00000248, collectiveLatencySeconds: 0.0000289, hostSecondsPerSequence: 0.0000322, syncHostSecondsPerSequence: 0.0000183, syncHostSecondsPerStep: 0.0114 },
  "nim-benchmarks": { matmul: 0.4, launchSeconds: 0.00000242, collectiveLatencySeconds: 0.0000296, hostSecondsPerSequence: 0.0000322, syncHostSecondsPerSequence: 0.0000395, syncHostSecondsPerStep: 0.00917 },
  "sglang-gb200-part2": { matmul: 0.447, launchSeconds: 0.00000245, collectiveLatencySeconds: 0.0000291, hostSecondsPerSequence: 0.0000345, syncHostSecondsPerSequence: 0.0000402, syncHostSecondsPerStep: 0.00946 },
  "vllm-blog": { matmul: 0.4, launchSeconds: 0.00000271, collectiveLatencySeconds: 0.0000278, hostSecondsPerSequence: 0.0000341, syncHostSecondsPerSequence: 0.0000371, syncHostSecondsPerStep: 0.00923 },
};

/**
 * Written by scripts/fit-efficiency.ts — do not edit by hand. Each leave-one-source-out fold's fit (the constants
 * fitted without that source), so `roofline validate` on the committed rows need not refit them; a test keeps
 * them current (--check).
 */
export const EFFICIENCY_FIT_FOLDS: Record<string, Record<string, number>> = {
  "amd-rocm-performance": { matmul: 0.4, launchSeconds: 0.00000301, collectiveLatencySeconds: 0.0000246, hostSecondsPerSequence: 0.0000052, syncHostSecondsPerSequence: 0.0000684, syncHostSecondsPerStep: 0.00896 },
  "inferencex": { matmul: 0.4, launchSeconds: 0.000001, collectiveLatencySeconds: 0.0000364, hostSecondsPerSequence: 0.0000322, syncHostSecondsPerSequence: 0.0000395, syncHostSecondsPerStep: 0.00939 },
  "lambdalabs-vllm-benchmark": { matmul: 0.4, launchSeconds: 0.00000209, collectiveLatencySeconds: 0.0000309, hostSecondsPerSequence: 0.0000322, syncHostSecondsPerSequence: 0.0000179, syncHostSecondsPerStep: 0.0113 },
  "nim-benchmarks": { matmul: 0.4, launchSeconds: 0.00000195, collectiveLatencySeconds: 0.0000322, hostSecondsPerSequence: 0.0000322, syncHostSecondsPerSequence: 0.0000409, syncHostSecondsPerStep: 0.00901 },
  "sglang-gb200-part2": { matmul: 0.447, launchSeconds: 0.00000203, collectiveLatencySeconds: 0.0000316, hostSecondsPerSequence: 0.0000344, syncHostSecondsPerSequence: 0.0000377, syncHostSecondsPerStep: 0.00976 },
  "vllm-blog": { matmul: 0.4, launchSeconds: 0.00000232, collectiveLatencySeconds: 0.0000298, hostSecondsPerSequence: 0.0000341, syncHostSecondsPerSequence: 0.0000363, syncHostSecondsPerStep: 0.00943 },
};

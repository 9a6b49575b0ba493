/**
 * Written by scripts/fit-efficiency.ts — do not edit by hand. Each leave-one-source-out fold's fit (the constants
 * fitted without that source), so `roofline validate` on the committed rows need not refit them; a test keeps
 * them current (--check).
 */
export const EFFICIENCY_FIT_FOLDS: Record<string, Record<string, number>> = {
  "amd-rocm-performance": { matmul: 0.4, launchSeconds: 0.00000343, collectiveLatencySeconds: 0.0000225, hostSecondsPerSequence: 0.0000126, syncHostSecondsPerSequence: 0.0000627, syncHostSecondsPerStep: 0.00861 },
  "inferencex": { matmul: 0.4, launchSeconds: 0.000001, collectiveLatencySeconds: 0.0000364, hostSecondsPerSequence: 0.0000309, syncHostSecondsPerSequence: 0.0000368, syncHostSecondsPerStep: 0.00952 },
  "lambdalabs-vllm-benchmark": { matmul: 0.4, launchSeconds: 0.00000267, collectiveLatencySeconds: 0.000028, hostSecondsPerSequence: 0.0000344, syncHostSecondsPerSequence: 0.0000163, syncHostSecondsPerStep: 0.0114 },
  "nim-benchmarks": { matmul: 0.4, launchSeconds: 0.00000259, collectiveLatencySeconds: 0.0000288, hostSecondsPerSequence: 0.0000344, syncHostSecondsPerSequence: 0.0000368, syncHostSecondsPerStep: 0.0092 },
  "sglang-gb200-part2": { matmul: 0.447, launchSeconds: 0.00000234, collectiveLatencySeconds: 0.0000303, hostSecondsPerSequence: 0.0000366, syncHostSecondsPerSequence: 0.0000322, syncHostSecondsPerStep: 0.00968 },
  "vllm-blog": { matmul: 0.4, launchSeconds: 0.00000286, collectiveLatencySeconds: 0.000027, hostSecondsPerSequence: 0.0000371, syncHostSecondsPerSequence: 2.51e-7, syncHostSecondsPerStep: 0.0129 },
};

/**
 * Written by scripts/fit-efficiency.ts — do not edit by hand. Each leave-one-source-out fold's fit (the constants
 * fitted without that source), so `roofline validate` on the committed rows need not refit them; a test keeps
 * them current (--check).
 */
export const EFFICIENCY_FIT_FOLDS: Record<string, Record<string, number>> = {
  "amd-rocm-performance": { matmul: 0.4, launchSeconds: 0.00000348, collectiveLatencySeconds: 0.0000222, hostSecondsPerSequence: 0.0000126, syncHostSecondsPerSequence: 0.000063, syncHostSecondsPerStep: 0.00857 },
  "inferencex": { matmul: 0.4, launchSeconds: 0.000001, collectiveLatencySeconds: 0.0000364, hostSecondsPerSequence: 0.0000309, syncHostSecondsPerSequence: 0.0000368, syncHostSecondsPerStep: 0.00952 },
  "lambdalabs-vllm-benchmark": { matmul: 0.4, launchSeconds: 0.00000267, collectiveLatencySeconds: 0.000028, hostSecondsPerSequence: 0.0000344, syncHostSecondsPerSequence: 0.0000163, syncHostSecondsPerStep: 0.0114 },
  "nim-benchmarks": { matmul: 0.4, launchSeconds: 0.00000244, collectiveLatencySeconds: 0.0000298, hostSecondsPerSequence: 0.0000343, syncHostSecondsPerSequence: 0.0000352, syncHostSecondsPerStep: 0.00946 },
  "sglang-gb200-part2": { matmul: 0.441, launchSeconds: 0.0000025, collectiveLatencySeconds: 0.0000292, hostSecondsPerSequence: 0.0000363, syncHostSecondsPerSequence: 0.0000367, syncHostSecondsPerStep: 0.00937 },
  "vllm-blog": { matmul: 0.4, launchSeconds: 0.00000266, collectiveLatencySeconds: 0.0000283, hostSecondsPerSequence: 0.0000353, syncHostSecondsPerSequence: 0.0000195, syncHostSecondsPerStep: 0.0115 },
};

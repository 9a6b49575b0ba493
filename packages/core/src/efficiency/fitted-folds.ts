/**
 * Written by scripts/fit-efficiency.ts — do not edit by hand. Each leave-one-source-out fold's fit (the constants
 * fitted without that source), so `roofline validate` on the committed rows need not refit them; a test keeps
 * them current (--check).
 */
export const EFFICIENCY_FIT_FOLDS: Record<string, Record<string, number>> = {
  "amd-rocm-performance": { matmul: 0.4, launchSeconds: 0.00000304, collectiveLatencySeconds: 0.0000244, hostSecondsPerSequence: 0.000013, syncHostSecondsPerSequence: 0.000059, syncHostSecondsPerStep: 0.0092 },
  "inferencex": { matmul: 0.4, launchSeconds: 0.000001, collectiveLatencySeconds: 0.0000364, hostSecondsPerSequence: 0.0000309, syncHostSecondsPerSequence: 0.0000368, syncHostSecondsPerStep: 0.00952 },
  "lambdalabs-vllm-benchmark": { matmul: 0.4, launchSeconds: 0.00000233, collectiveLatencySeconds: 0.0000297, hostSecondsPerSequence: 0.0000309, syncHostSecondsPerSequence: 0.0000194, syncHostSecondsPerStep: 0.0113 },
  "nim-benchmarks": { matmul: 0.4, launchSeconds: 0.00000226, collectiveLatencySeconds: 0.0000305, hostSecondsPerSequence: 0.0000344, syncHostSecondsPerSequence: 0.0000378, syncHostSecondsPerStep: 0.00913 },
  "sglang-gb200-part2": { matmul: 0.447, launchSeconds: 0.00000226, collectiveLatencySeconds: 0.0000304, hostSecondsPerSequence: 0.0000349, syncHostSecondsPerSequence: 0.0000387, syncHostSecondsPerStep: 0.00956 },
  "vllm-blog": { matmul: 0.4, launchSeconds: 0.00000255, collectiveLatencySeconds: 0.0000286, hostSecondsPerSequence: 0.0000362, syncHostSecondsPerSequence: 0.0000349, syncHostSecondsPerStep: 0.00927 },
};

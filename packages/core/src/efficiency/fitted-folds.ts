/**
 * Written by scripts/fit-efficiency.ts — do not edit by hand. Each leave-one-source-out fold's fit (the constants
 * fitted without that source), so `roofline validate` on the committed rows need not refit them; a test keeps
 * them current (--check).
 */
export const EFFICIENCY_FIT_FOLDS: Record<string, Record<string, number>> = {
  "amd-rocm-performance": { matmul: 0.4, launchSeconds: 0.00000304, collectiveLatencySeconds: 0.0000244, hostSecondsPerSequence: 0.000013, syncHostSecondsPerSequence: 0.0000608, syncHostSecondsPerStep: 0.00894 },
  "inferencex": { matmul: 0.4, launchSeconds: 0.000001, collectiveLatencySeconds: 0.0000364, hostSecondsPerSequence: 0.0000318, syncHostSecondsPerSequence: 0.0000423, syncHostSecondsPerStep: 0.00904 },
  "lambdalabs-vllm-benchmark": { matmul: 0.4, launchSeconds: 0.00000233, collectiveLatencySeconds: 0.0000297, hostSecondsPerSequence: 0.0000318, syncHostSecondsPerSequence: 0.0000185, syncHostSecondsPerStep: 0.0113 },
  "nim-benchmarks": { matmul: 0.4, launchSeconds: 0.00000225, collectiveLatencySeconds: 0.0000305, hostSecondsPerSequence: 0.0000353, syncHostSecondsPerSequence: 0.0000369, syncHostSecondsPerStep: 0.00913 },
  "sglang-gb200-part2": { matmul: 0.447, launchSeconds: 0.00000223, collectiveLatencySeconds: 0.0000302, hostSecondsPerSequence: 0.0000369, syncHostSecondsPerSequence: 0.0000352, syncHostSecondsPerStep: 0.0096 },
  "vllm-blog": { matmul: 0.4, launchSeconds: 0.00000249, collectiveLatencySeconds: 0.0000292, hostSecondsPerSequence: 0.000037, syncHostSecondsPerSequence: 0.0000331, syncHostSecondsPerStep: 0.0094 },
};

/**
 * Written by scripts/fit-efficiency.ts — do not edit by hand. Each leave-one-source-out fold's fit (the constants
 * fitted without that source), so `roofline validate` on the committed rows need not refit them; a test keeps
 * them current (--check).
 */
export const EFFICIENCY_FIT_FOLDS: Record<string, Record<string, number>> = {
  "amd-rocm-performance": { matmul: 0.4, launchSeconds: 0.00000291, collectiveLatencySeconds: 0.0000236, hostSecondsPerSequence: 0.00000553, syncHostSecondsPerSequence: 0.0000805, syncHostSecondsPerStep: 0.0067 },
  "inferencex": { matmul: 0.4, launchSeconds: 0.000001, collectiveLatencySeconds: 0.0000362, hostSecondsPerSequence: 0.00000881, syncHostSecondsPerSequence: 0.0000762, syncHostSecondsPerStep: 0.0066 },
  "lambdalabs-vllm-benchmark": { matmul: 0.4, launchSeconds: 0.00000217, collectiveLatencySeconds: 0.0000304, hostSecondsPerSequence: 0.00000936, syncHostSecondsPerSequence: 0.0000408, syncHostSecondsPerStep: 0.0113 },
  "nim-benchmarks": { matmul: 0.4, launchSeconds: 0.00000196, collectiveLatencySeconds: 0.0000321, hostSecondsPerSequence: 0.0000134, syncHostSecondsPerSequence: 0.0000724, syncHostSecondsPerStep: 0.00648 },
  "sglang-gb200-part2": { matmul: 0.485, launchSeconds: 0.00000202, collectiveLatencySeconds: 0.0000315, hostSecondsPerSequence: 0.0000139, syncHostSecondsPerSequence: 0.0000611, syncHostSecondsPerStep: 0.00886 },
  "vllm-blog": { matmul: 0.4, launchSeconds: 0.0000022, collectiveLatencySeconds: 0.0000302, hostSecondsPerSequence: 0.0000204, syncHostSecondsPerSequence: 0.0000654, syncHostSecondsPerStep: 0.00653 },
};

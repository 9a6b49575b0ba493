/**
 * Written by scripts/fit-efficiency.ts — do not edit by hand. Each leave-one-source-out fold's fit (the constants
 * fitted without that source), so `roofline validate` on the committed rows need not refit them; a test keeps
 * them current (--check).
 */
export const EFFICIENCY_FIT_FOLDS: Record<string, Record<string, number>> = {
  "amd-rocm-performance": { matmul: 0.4, launchSeconds: 0.00000248, collectiveLatencySeconds: 0.000027, hostSecondsPerSequence: 0.0000444, syncHostSecondsPerSequence: 0.000028, syncHostSecondsPerStep: 0.0094 },
  "inferencex": { matmul: 0.4, launchSeconds: 0.000001, collectiveLatencySeconds: 0.0000363, hostSecondsPerSequence: 0.0000383, syncHostSecondsPerSequence: 0.0000296, syncHostSecondsPerStep: 0.00995 },
  "lambdalabs-vllm-benchmark": { matmul: 0.4, launchSeconds: 0.00000232, collectiveLatencySeconds: 0.0000297, hostSecondsPerSequence: 0.0000383, syncHostSecondsPerSequence: 0.0000121, syncHostSecondsPerStep: 0.0113 },
  "nim-benchmarks": { matmul: 0.4, launchSeconds: 0.00000225, collectiveLatencySeconds: 0.0000305, hostSecondsPerSequence: 0.0000382, syncHostSecondsPerSequence: 0.0000342, syncHostSecondsPerStep: 0.00912 },
  "sglang-gb200-part2": { matmul: 0.423, launchSeconds: 0.00000232, collectiveLatencySeconds: 0.0000297, hostSecondsPerSequence: 0.0000393, syncHostSecondsPerSequence: 0.0000311, syncHostSecondsPerStep: 0.00955 },
  "vllm-blog": { matmul: 0.4, launchSeconds: 0.00000249, collectiveLatencySeconds: 0.0000292, hostSecondsPerSequence: 0.000037, syncHostSecondsPerSequence: 0.0000331, syncHostSecondsPerStep: 0.0094 },
};

/**
 * Written by scripts/fit-efficiency.ts — do not edit by hand. Each leave-one-source-out fold's fit (the constants
 * fitted without that source), so `roofline validate` on the committed rows need not refit them; a test keeps
 * them current (--check).
 */
export const EFFICIENCY_FIT_FOLDS: Record<string, Record<string, number>> = {
  "amd-rocm-performance": { matmul: 0.4, launchSeconds: 0.00000278, collectiveLatencySeconds: 0.0000255, hostSecondsPerSequence: 0.0000441, syncHostSecondsPerSequence: 0.0000287, syncHostSecondsPerStep: 0.00916 },
  "inferencex": { matmul: 0.4, launchSeconds: 0.000001, collectiveLatencySeconds: 0.0000363, hostSecondsPerSequence: 0.0000383, syncHostSecondsPerSequence: 0.0000296, syncHostSecondsPerStep: 0.00995 },
  "lambdalabs-vllm-benchmark": { matmul: 0.4, launchSeconds: 0.00000256, collectiveLatencySeconds: 0.0000285, hostSecondsPerSequence: 0.0000383, syncHostSecondsPerSequence: 0.0000123, syncHostSecondsPerStep: 0.0114 },
  "nim-benchmarks": { matmul: 0.4, launchSeconds: 0.0000025, collectiveLatencySeconds: 0.0000292, hostSecondsPerSequence: 0.0000382, syncHostSecondsPerSequence: 0.000032, syncHostSecondsPerStep: 0.00937 },
  "sglang-gb200-part2": { matmul: 0.423, launchSeconds: 0.00000251, collectiveLatencySeconds: 0.0000288, hostSecondsPerSequence: 0.0000381, syncHostSecondsPerSequence: 0.0000339, syncHostSecondsPerStep: 0.00938 },
  "vllm-blog": { matmul: 0.4, launchSeconds: 0.00000273, collectiveLatencySeconds: 0.0000277, hostSecondsPerSequence: 0.000037, syncHostSecondsPerSequence: 0.0000342, syncHostSecondsPerStep: 0.00921 },
};

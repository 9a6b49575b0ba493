/**
 * Written by scripts/fit-efficiency.ts — do not edit by hand. Each leave-one-source-out fold's fit (the constants
 * fitted without that source), so `roofline validate` on the committed rows need not refit them; a test keeps
 * them current (--check).
 */
export const EFFICIENCY_FIT_FOLDS: Record<string, Record<string, number>> = {
  "amd-rocm-performance": { matmul: 0.4, launchSeconds: 0.00000349, collectiveLatencySeconds: 0.0000222, hostSecondsPerSequence: 0.0000126, syncHostSecondsPerSequence: 0.0000629, syncHostSecondsPerStep: 0.00857 },
  "inferencex": { matmul: 0.4, launchSeconds: 0.000001, collectiveLatencySeconds: 0.0000364, hostSecondsPerSequence: 0.0000318, syncHostSecondsPerSequence: 0.0000423, syncHostSecondsPerStep: 0.00904 },
  "lambdalabs-vllm-benchmark": { matmul: 0.4, launchSeconds: 0.00000264, collectiveLatencySeconds: 0.0000281, hostSecondsPerSequence: 0.0000353, syncHostSecondsPerSequence: 0.0000154, syncHostSecondsPerStep: 0.0114 },
  "nim-benchmarks": { matmul: 0.4, launchSeconds: 0.00000245, collectiveLatencySeconds: 0.0000298, hostSecondsPerSequence: 0.0000352, syncHostSecondsPerSequence: 0.000021, syncHostSecondsPerStep: 0.0103 },
  "sglang-gb200-part2": { matmul: 0.447, launchSeconds: 0.00000254, collectiveLatencySeconds: 0.0000289, hostSecondsPerSequence: 0.0000375, syncHostSecondsPerSequence: 0.0000336, syncHostSecondsPerStep: 0.00956 },
  "vllm-blog": { matmul: 0.4, launchSeconds: 0.00000285, collectiveLatencySeconds: 0.0000271, hostSecondsPerSequence: 0.0000383, syncHostSecondsPerSequence: 0, syncHostSecondsPerStep: 0.0128 },
};

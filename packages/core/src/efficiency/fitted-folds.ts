/**
 * Written by scripts/fit-efficiency.ts — do not edit by hand. Each leave-one-source-out fold's fit (the constants
 * fitted without that source), so `roofline validate` on the committed rows need not refit them; a test keeps
 * them current (--check).
 */
export const EFFICIENCY_FIT_FOLDS: Record<string, Record<string, number>> = {
  "amd-rocm-performance": { matmul: 0.4, launchSeconds: 0.00000311, collectiveLatencySeconds: 0.0000232, hostSecondsPerSequence: 0.00000511, syncHostSecondsPerSequence: 0.0000807, syncHostSecondsPerStep: 0.00669 },
  "inferencex": { matmul: 0.4, launchSeconds: 0.000001, collectiveLatencySeconds: 0.0000364, hostSecondsPerSequence: 0.0000288, syncHostSecondsPerSequence: 0.000057, syncHostSecondsPerStep: 0.00651 },
  "lambdalabs-vllm-benchmark": { matmul: 0.4, launchSeconds: 0.00000211, collectiveLatencySeconds: 0.0000308, hostSecondsPerSequence: 0.0000288, syncHostSecondsPerSequence: 0.0000213, syncHostSecondsPerStep: 0.0113 },
  "nim-benchmarks": { matmul: 0.4, launchSeconds: 0.000002, collectiveLatencySeconds: 0.0000317, hostSecondsPerSequence: 0.0000322, syncHostSecondsPerSequence: 0.0000536, syncHostSecondsPerStep: 0.00649 },
  "sglang-gb200-part2": { matmul: 0.483, launchSeconds: 0.00000201, collectiveLatencySeconds: 0.0000317, hostSecondsPerSequence: 0.0000324, syncHostSecondsPerSequence: 0.0000432, syncHostSecondsPerStep: 0.00875 },
  "vllm-blog": { matmul: 0.4, launchSeconds: 0.00000228, collectiveLatencySeconds: 0.0000299, hostSecondsPerSequence: 0.0000341, syncHostSecondsPerSequence: 0.0000518, syncHostSecondsPerStep: 0.00652 },
};

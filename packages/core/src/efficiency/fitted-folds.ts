/**
 * Written by scripts/fit-efficiency.ts — do not edit by hand. Each leave-one-source-out fold's fit (the constants
 * fitted without that source), so `roofline validate` on the committed rows need not refit them; a test keeps
 * them current (--check).
 */
export const EFFICIENCY_FIT_FOLDS: Record<string, Record<string, number>> = {
  "amd-rocm-performance": { matmul: 0.4, launchSeconds: 0.00000339, collectiveLatencySeconds: 0.0000191, hostSecondsPerSequence: 0.00000572, syncHostSecondsPerSequence: 0.0000801, syncHostSecondsPerStep: 0.00685 },
  "inferencex": { matmul: 0.4, launchSeconds: 0.000001, collectiveLatencySeconds: 0.0000364, hostSecondsPerSequence: 0.0000288, syncHostSecondsPerSequence: 0.0000568, syncHostSecondsPerStep: 0.00655 },
  "lambdalabs-vllm-benchmark": { matmul: 0.4, launchSeconds: 0.00000198, collectiveLatencySeconds: 0.0000315, hostSecondsPerSequence: 0.0000288, syncHostSecondsPerSequence: 0.0000212, syncHostSecondsPerStep: 0.0112 },
  "nim-benchmarks": { matmul: 0.4, launchSeconds: 0.00000194, collectiveLatencySeconds: 0.000032, hostSecondsPerSequence: 0.0000321, syncHostSecondsPerSequence: 0.0000535, syncHostSecondsPerStep: 0.00652 },
  "sglang-gb200-part2": { matmul: 0.457, launchSeconds: 0.00000196, collectiveLatencySeconds: 0.0000316, hostSecondsPerSequence: 0.0000314, syncHostSecondsPerSequence: 0.0000559, syncHostSecondsPerStep: 0.00695 },
  "vllm-blog": { matmul: 0.4, launchSeconds: 0.00000202, collectiveLatencySeconds: 0.0000313, hostSecondsPerSequence: 0.0000332, syncHostSecondsPerSequence: 0.0000526, syncHostSecondsPerStep: 0.00652 },
};

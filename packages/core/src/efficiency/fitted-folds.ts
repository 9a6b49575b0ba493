/**
 * Written by scripts/fit-efficiency.ts — do not edit by hand. Each leave-one-source-out fold's fit (the constants
 * fitted without that source), so `roofline validate` on the committed rows need not refit them; a test keeps
 * them current (--check).
 */
export const EFFICIENCY_FIT_FOLDS: Record<string, Record<string, number>> = {
  "amd-rocm-performance": { matmul: 0.4, launchSeconds: 0.00000371, collectiveLatencySeconds: 0.0000155, hostSecondsPerSequence: 0.00000532, syncHostSecondsPerSequence: 0.0000761, syncHostSecondsPerStep: 0.00748 },
  "inferencex": { matmul: 0.4, launchSeconds: 0.000001, collectiveLatencySeconds: 0.0000364, hostSecondsPerSequence: 0.0000288, syncHostSecondsPerSequence: 0.0000568, syncHostSecondsPerStep: 0.00655 },
  "lambdalabs-vllm-benchmark": { matmul: 0.4, launchSeconds: 0.00000204, collectiveLatencySeconds: 0.0000312, hostSecondsPerSequence: 0.0000288, syncHostSecondsPerSequence: 0.0000212, syncHostSecondsPerStep: 0.0113 },
  "nim-benchmarks": { matmul: 0.4, launchSeconds: 0.00000193, collectiveLatencySeconds: 0.0000321, hostSecondsPerSequence: 0.000032, syncHostSecondsPerSequence: 0.0000538, syncHostSecondsPerStep: 0.00649 },
  "sglang-gb200-part2": { matmul: 0.457, launchSeconds: 0.00000198, collectiveLatencySeconds: 0.0000314, hostSecondsPerSequence: 0.0000314, syncHostSecondsPerSequence: 0.0000558, syncHostSecondsPerStep: 0.00696 },
  "vllm-blog": { matmul: 0.4, launchSeconds: 0.00000205, collectiveLatencySeconds: 0.0000311, hostSecondsPerSequence: 0.0000341, syncHostSecondsPerSequence: 0.0000517, syncHostSecondsPerStep: 0.00652 },
};

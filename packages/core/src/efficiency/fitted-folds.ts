/**
 * Written by scripts/fit-efficiency.ts — do not edit by hand. Each leave-one-source-out fold's fit (the constants
 * fitted without that source), so `roofline validate` on the committed rows need not refit them; a test keeps
 * them current (--check).
 */
export const EFFICIENCY_FIT_FOLDS: Record<string, Record<string, number>> = {
  "amd-rocm-performance": { matmul: 0.4, launchSeconds: 0.00000296, collectiveLatencySeconds: 0.0000246, hostSecondsPerSequence: 0.00000532, syncHostSecondsPerSequence: 0.0000805, syncHostSecondsPerStep: 0.00664 },
  "inferencex": { matmul: 0.4, launchSeconds: 0.000001, collectiveLatencySeconds: 0.0000364, hostSecondsPerSequence: 0.0000288, syncHostSecondsPerSequence: 0.000057, syncHostSecondsPerStep: 0.00651 },
  "lambdalabs-vllm-benchmark": { matmul: 0.4, launchSeconds: 0.00000211, collectiveLatencySeconds: 0.0000309, hostSecondsPerSequence: 0.0000288, syncHostSecondsPerSequence: 0.0000213, syncHostSecondsPerStep: 0.0113 },
  "nim-benchmarks": { matmul: 0.4, launchSeconds: 0.00000197, collectiveLatencySeconds: 0.0000319, hostSecondsPerSequence: 0.0000322, syncHostSecondsPerSequence: 0.0000536, syncHostSecondsPerStep: 0.00649 },
  "sglang-gb200-part2": { matmul: 0.484, launchSeconds: 0.00000202, collectiveLatencySeconds: 0.0000312, hostSecondsPerSequence: 0.0000325, syncHostSecondsPerSequence: 0.0000425, syncHostSecondsPerStep: 0.00889 },
  "vllm-blog": { matmul: 0.4, launchSeconds: 0.00000227, collectiveLatencySeconds: 0.00003, hostSecondsPerSequence: 0.0000341, syncHostSecondsPerSequence: 0.0000518, syncHostSecondsPerStep: 0.00652 },
};

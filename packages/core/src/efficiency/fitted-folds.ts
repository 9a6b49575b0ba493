/**
 * Written by scripts/fit-efficiency.ts — do not edit by hand. Each leave-one-source-out fold's fit (the constants
 * fitted without that source), so `roofline validate` on the committed rows need not refit them; a test keeps
 * them current (--check).
 */
export const EFFICIENCY_FIT_FOLDS: Record<string, Record<string, number>> = {
  "amd-rocm-performance": { matmul: 0.4, launchSeconds: 0.00000288, collectiveLatencySeconds: 0.0000252, hostSecondsPerSequence: 0.00000545, syncHostSecondsPerSequence: 0.0000804, syncHostSecondsPerStep: 0.00663 },
  "inferencex": { matmul: 0.4, launchSeconds: 0.000001, collectiveLatencySeconds: 0.0000364, hostSecondsPerSequence: 0.0000322, syncHostSecondsPerSequence: 0.0000536, syncHostSecondsPerStep: 0.00652 },
  "lambdalabs-vllm-benchmark": { matmul: 0.4, launchSeconds: 0.00000204, collectiveLatencySeconds: 0.0000311, hostSecondsPerSequence: 0.0000322, syncHostSecondsPerSequence: 0.0000178, syncHostSecondsPerStep: 0.0113 },
  "nim-benchmarks": { matmul: 0.4, launchSeconds: 0.00000197, collectiveLatencySeconds: 0.0000319, hostSecondsPerSequence: 0.0000322, syncHostSecondsPerSequence: 0.0000536, syncHostSecondsPerStep: 0.00649 },
  "sglang-gb200-part2": { matmul: 0.447, launchSeconds: 0.00000196, collectiveLatencySeconds: 0.0000319, hostSecondsPerSequence: 0.0000345, syncHostSecondsPerSequence: 0.0000516, syncHostSecondsPerStep: 0.00709 },
  "vllm-blog": { matmul: 0.4, launchSeconds: 0.00000193, collectiveLatencySeconds: 0.0000324, hostSecondsPerSequence: 0.000034, syncHostSecondsPerSequence: 0.0000518, syncHostSecondsPerStep: 0.00647 },
};

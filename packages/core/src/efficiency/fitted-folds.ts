/**
 * Written by scripts/fit-efficiency.ts — do not edit by hand. Each leave-one-source-out fold's fit (the constants
 * fitted without that source), so `roofline validate` on the committed rows need not refit them; a test keeps
 * them current (--check).
 */
export const EFFICIENCY_FIT_FOLDS: Record<string, Record<string, number>> = {
  "amd-rocm-performance": { matmul: 0.4, launchSeconds: 0.00000285, collectiveLatencySeconds: 0.0000254, hostSecondsPerSequence: 0.0000132, syncHostSecondsPerSequence: 0.0000599, syncHostSecondsPerStep: 0.00909 },
  "inferencex": { matmul: 0.4, launchSeconds: 0.000001, collectiveLatencySeconds: 0.0000364, hostSecondsPerSequence: 0.0000288, syncHostSecondsPerSequence: 0.00003, syncHostSecondsPerStep: 0.0102 },
  "lambdalabs-vllm-benchmark": { matmul: 0.4, launchSeconds: 0.00000222, collectiveLatencySeconds: 0.0000303, hostSecondsPerSequence: 0.0000297, syncHostSecondsPerSequence: 0.0000205, syncHostSecondsPerStep: 0.0113 },
  "nim-benchmarks": { matmul: 0.4, launchSeconds: 0.00000206, collectiveLatencySeconds: 0.0000314, hostSecondsPerSequence: 0.0000322, syncHostSecondsPerSequence: 0.0000405, syncHostSecondsPerStep: 0.00909 },
  "sglang-gb200-part2": { matmul: 0.448, launchSeconds: 0.00000211, collectiveLatencySeconds: 0.0000309, hostSecondsPerSequence: 0.0000315, syncHostSecondsPerSequence: 0.0000415, syncHostSecondsPerStep: 0.00969 },
  "vllm-blog": { matmul: 0.4, launchSeconds: 0.00000232, collectiveLatencySeconds: 0.0000298, hostSecondsPerSequence: 0.0000341, syncHostSecondsPerSequence: 0.0000376, syncHostSecondsPerStep: 0.00923 },
};

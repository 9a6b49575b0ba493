/**
 * Written by scripts/fit-efficiency.ts — do not edit by hand. Each leave-one-source-out fold's fit (the constants
 * fitted without that source), so `roofline validate` on the committed rows need not refit them; a test keeps
 * them current (--check).
 */
export const EFFICIENCY_FIT_FOLDS: Record<string, Record<string, number>> = {
  "amd-rocm-performance": { matmul: 0.4, launchSeconds: 0.00000284, collectiveLatencySeconds: 0.0000254, hostSecondsPerSequence: 0.00000552, syncHostSecondsPerSequence: 0.0000675, syncHostSecondsPerStep: 0.0091 },
  "inferencex": { matmul: 0.4, launchSeconds: 0.000001, collectiveLatencySeconds: 0.0000364, hostSecondsPerSequence: 0.0000322, syncHostSecondsPerSequence: 0.0000395, syncHostSecondsPerStep: 0.00939 },
  "lambdalabs-vllm-benchmark": { matmul: 0.4, launchSeconds: 0.00000204, collectiveLatencySeconds: 0.0000311, hostSecondsPerSequence: 0.0000322, syncHostSecondsPerSequence: 0.0000178, syncHostSecondsPerStep: 0.0113 },
  "nim-benchmarks": { matmul: 0.4, launchSeconds: 0.00000199, collectiveLatencySeconds: 0.0000318, hostSecondsPerSequence: 0.0000322, syncHostSecondsPerSequence: 0.0000406, syncHostSecondsPerStep: 0.00909 },
  "sglang-gb200-part2": { matmul: 0.447, launchSeconds: 0.00000199, collectiveLatencySeconds: 0.0000314, hostSecondsPerSequence: 0.0000345, syncHostSecondsPerSequence: 0.0000379, syncHostSecondsPerStep: 0.00979 },
  "vllm-blog": { matmul: 0.4, launchSeconds: 0.00000228, collectiveLatencySeconds: 0.0000299, hostSecondsPerSequence: 0.0000341, syncHostSecondsPerSequence: 0.0000376, syncHostSecondsPerStep: 0.00923 },
};

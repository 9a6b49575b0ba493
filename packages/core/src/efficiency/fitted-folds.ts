/**
 * Written by scripts/fit-efficiency.ts — do not edit by hand. Each leave-one-source-out fold's fit (the constants
 * fitted without that source), so `roofline validate` on the committed rows need not refit them; a test keeps
 * them current (--check).
 */
export const EFFICIENCY_FIT_FOLDS: Record<string, Record<string, number>> = {
  "amd-rocm-performance": { matmul: 0.4, launchSeconds: 0.00000315, collectiveLatencySeconds: 0.0000239, hostSecondsPerSequence: 0.00000493, syncHostSecondsPerSequence: 0.0000693, syncHostSecondsPerStep: 0.00884 },
  "inferencex": { matmul: 0.4, launchSeconds: 0.000001, collectiveLatencySeconds: 0.0000364, hostSecondsPerSequence: 0.0000344, syncHostSecondsPerSequence: 0.0000381, syncHostSecondsPerStep: 0.00927 },
  "lambdalabs-vllm-benchmark": { matmul: 0.4, launchSeconds: 0.00000231, collectiveLatencySeconds: 0.0000298, hostSecondsPerSequence: 0.0000344, syncHostSecondsPerSequence: 0.0000159, syncHostSecondsPerStep: 0.0113 },
  "nim-benchmarks": { matmul: 0.4, launchSeconds: 0.00000213, collectiveLatencySeconds: 0.0000314, hostSecondsPerSequence: 0.0000343, syncHostSecondsPerSequence: 0.0000383, syncHostSecondsPerStep: 0.00904 },
  "sglang-gb200-part2": { matmul: 0.447, launchSeconds: 0.00000216, collectiveLatencySeconds: 0.0000309, hostSecondsPerSequence: 0.0000366, syncHostSecondsPerSequence: 0.0000361, syncHostSecondsPerStep: 0.00968 },
  "vllm-blog": { matmul: 0.4, launchSeconds: 0.00000252, collectiveLatencySeconds: 0.0000287, hostSecondsPerSequence: 0.0000362, syncHostSecondsPerSequence: 0.000035, syncHostSecondsPerStep: 0.00927 },
};

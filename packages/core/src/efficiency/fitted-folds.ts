/**
 * Written by scripts/fit-efficiency.ts — do not edit by hand. Each leave-one-source-out fold's fit (the constants
 * fitted without that source), so `roofline validate` on the committed rows need not refit them; a test keeps
 * them current (--check).
 */
export const EFFICIENCY_FIT_FOLDS: Record<string, Record<string, number>> = {
  "amd-rocm-performance": { matmul: 0.4, launchSeconds: 0.00000288, collectiveLatencySeconds: 0.0000252, hostSecondsPerSequence: 0.0000132, syncHostSecondsPerSequence: 0.0000591, syncHostSecondsPerStep: 0.00921 },
  "inferencex": { matmul: 0.4, launchSeconds: 0.000001, collectiveLatencySeconds: 0.0000364, hostSecondsPerSequence: 0.0000309, syncHostSecondsPerSequence: 0.0000368, syncHostSecondsPerStep: 0.00952 },
  "lambdalabs-vllm-benchmark": { matmul: 0.4, launchSeconds: 0.00000216, collectiveLatencySeconds: 0.0000306, hostSecondsPerSequence: 0.0000309, syncHostSecondsPerSequence: 0.0000192, syncHostSecondsPerStep: 0.0113 },
  "nim-benchmarks": { matmul: 0.4, launchSeconds: 0.00000204, collectiveLatencySeconds: 0.0000315, hostSecondsPerSequence: 0.0000344, syncHostSecondsPerSequence: 0.0000384, syncHostSecondsPerStep: 0.00909 },
  "sglang-gb200-part2": { matmul: 0.447, launchSeconds: 0.00000204, collectiveLatencySeconds: 0.0000314, hostSecondsPerSequence: 0.0000351, syncHostSecondsPerSequence: 0.0000372, syncHostSecondsPerStep: 0.00975 },
  "vllm-blog": { matmul: 0.4, launchSeconds: 0.00000228, collectiveLatencySeconds: 0.00003, hostSecondsPerSequence: 0.0000362, syncHostSecondsPerSequence: 0.0000355, syncHostSecondsPerStep: 0.00925 },
};

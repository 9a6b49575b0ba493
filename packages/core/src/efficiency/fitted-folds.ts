/**
 * Written by scripts/fit-efficiency.ts — do not edit by hand. Each leave-one-source-out fold's fit (the constants
 * fitted without that source), so `roofline validate` on the committed rows need not refit them; a test keeps
 * them current (--check).
 */
export const EFFICIENCY_FIT_FOLDS: Record<string, Record<string, number>> = {
  "amd-rocm-performance": { matmul: 0.4, launchSeconds: 0.00000291, collectiveLatencySeconds: 0.0000236, hostSecondsPerSequence: 0.00000553, syncHostSecondsPerSequence: 0.0000805, syncHostSecondsPerStep: 0.0067 },
  "inferencex": { matmul: 0.4, launchSeconds: 0.000001, collectiveLatencySeconds: 0.0000364, hostSecondsPerSequence: 0.0000288, syncHostSecondsPerSequence: 0.000057, syncHostSecondsPerStep: 0.00651 },
  "lambdalabs-vllm-benchmark": { matmul: 0.4, launchSeconds: 0.00000196, collectiveLatencySeconds: 0.0000316, hostSecondsPerSequence: 0.0000288, syncHostSecondsPerSequence: 0.0000212, syncHostSecondsPerStep: 0.0112 },
  "nim-benchmarks": { matmul: 0.4, launchSeconds: 0.00000181, collectiveLatencySeconds: 0.000033, hostSecondsPerSequence: 0.0000322, syncHostSecondsPerSequence: 0.0000536, syncHostSecondsPerStep: 0.00647 },
  "sglang-gb200-part2": { matmul: 0.475, launchSeconds: 0.00000191, collectiveLatencySeconds: 0.000032, hostSecondsPerSequence: 0.0000321, syncHostSecondsPerSequence: 0.0000458, syncHostSecondsPerStep: 0.00842 },
  "vllm-blog": { matmul: 0.4, launchSeconds: 0.00000209, collectiveLatencySeconds: 0.0000309, hostSecondsPerSequence: 0.0000341, syncHostSecondsPerSequence: 0.0000518, syncHostSecondsPerStep: 0.00652 },
};

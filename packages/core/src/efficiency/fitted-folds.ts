/**
 * Written by scripts/fit-efficiency.ts — do not edit by hand. Each leave-one-source-out fold's fit (the constants
 * fitted without that source), so `roofline validate` on the committed rows need not refit them; a test keeps
 * them current (--check).
 */
export const EFFICIENCY_FIT_FOLDS: Record<string, Record<string, number>> = {
  "amd-rocm-performance": { matmul: 0.4, launchSeconds: 0.0000028, collectiveLatencySeconds: 0.0000247, hostSecondsPerSequence: 0.00000568, syncHostSecondsPerSequence: 0.0000801, syncHostSecondsPerStep: 0.00668 },
  "inferencex": { matmul: 0.4, launchSeconds: 0.000001, collectiveLatencySeconds: 0.0000364, hostSecondsPerSequence: 0.0000288, syncHostSecondsPerSequence: 0.000057, syncHostSecondsPerStep: 0.00651 },
  "lambdalabs-vllm-benchmark": { matmul: 0.4, launchSeconds: 0.00000196, collectiveLatencySeconds: 0.0000316, hostSecondsPerSequence: 0.0000288, syncHostSecondsPerSequence: 0.0000212, syncHostSecondsPerStep: 0.0112 },
  "nim-benchmarks": { matmul: 0.4, launchSeconds: 0.00000184, collectiveLatencySeconds: 0.0000329, hostSecondsPerSequence: 0.0000322, syncHostSecondsPerSequence: 0.0000536, syncHostSecondsPerStep: 0.00647 },
  "sglang-gb200-part2": { matmul: 0.475, launchSeconds: 0.00000189, collectiveLatencySeconds: 0.0000322, hostSecondsPerSequence: 0.0000321, syncHostSecondsPerSequence: 0.000046, syncHostSecondsPerStep: 0.0084 },
  "vllm-blog": { matmul: 0.4, launchSeconds: 0.0000021, collectiveLatencySeconds: 0.0000308, hostSecondsPerSequence: 0.000034, syncHostSecondsPerSequence: 0.0000518, syncHostSecondsPerStep: 0.00652 },
};

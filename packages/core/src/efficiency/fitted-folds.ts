/**
 * Written by scripts/fit-efficiency.ts — do not edit by hand. Each leave-one-source-out fold's fit (the constants
 * fitted without that source), so `roofline validate` on the committed rows need not refit them; a test keeps
 * them current (--check).
 */
export const EFFICIENCY_FIT_FOLDS: Record<string, Record<string, number>> = {
  "amd-rocm-performance": { matmul: 0.4, launchSeconds: 0.00000296, collectiveLatencySeconds: 0.0000231, hostSecondsPerSequence: 0.00000546, syncHostSecondsPerSequence: 0.0000806, syncHostSecondsPerStep: 0.00672 },
  "inferencex": { matmul: 0.4, launchSeconds: 0.000001, collectiveLatencySeconds: 0.0000364, hostSecondsPerSequence: 0.0000288, syncHostSecondsPerSequence: 0.000057, syncHostSecondsPerStep: 0.00651 },
  "lambdalabs-vllm-benchmark": { matmul: 0.4, launchSeconds: 0.00000196, collectiveLatencySeconds: 0.0000316, hostSecondsPerSequence: 0.0000288, syncHostSecondsPerSequence: 0.0000212, syncHostSecondsPerStep: 0.0112 },
  "nim-benchmarks": { matmul: 0.4, launchSeconds: 0.00000179, collectiveLatencySeconds: 0.0000331, hostSecondsPerSequence: 0.0000298, syncHostSecondsPerSequence: 0.000056, syncHostSecondsPerStep: 0.00647 },
  "sglang-gb200-part2": { matmul: 0.478, launchSeconds: 0.00000187, collectiveLatencySeconds: 0.0000323, hostSecondsPerSequence: 0.0000322, syncHostSecondsPerSequence: 0.0000451, syncHostSecondsPerStep: 0.00852 },
  "vllm-blog": { matmul: 0.4, launchSeconds: 0.00000202, collectiveLatencySeconds: 0.0000312, hostSecondsPerSequence: 0.0000341, syncHostSecondsPerSequence: 0.0000519, syncHostSecondsPerStep: 0.00651 },
};

/**
 * Written by scripts/fit-efficiency.ts — do not edit by hand. Each leave-one-source-out fold's fit (the constants
 * fitted without that source), so `roofline validate` on the committed rows need not refit them; a test keeps
 * them current (--check).
 */
export const EFFICIENCY_FIT_FOLDS: Record<string, Record<string, number>> = {
  "amd-rocm-performance": { matmul: 0.4, launchSeconds: 0.00000296, collectiveLatencySeconds: 0.0000231, hostSecondsPerSequence: 0.00000546, syncHostSecondsPerSequence: 0.0000806, syncHostSecondsPerStep: 0.00672 },
  "inferencex": { matmul: 0.4, launchSeconds: 0.000001, collectiveLatencySeconds: 0.0000362, hostSecondsPerSequence: 0.00000881, syncHostSecondsPerSequence: 0.0000762, syncHostSecondsPerStep: 0.0066 },
  "lambdalabs-vllm-benchmark": { matmul: 0.4, launchSeconds: 0.00000209, collectiveLatencySeconds: 0.0000308, hostSecondsPerSequence: 0.0000105, syncHostSecondsPerSequence: 0.0000395, syncHostSecondsPerStep: 0.0113 },
  "nim-benchmarks": { matmul: 0.4, launchSeconds: 0.00000193, collectiveLatencySeconds: 0.0000322, hostSecondsPerSequence: 0.0000134, syncHostSecondsPerSequence: 0.0000724, syncHostSecondsPerStep: 0.00648 },
  "sglang-gb200-part2": { matmul: 0.485, launchSeconds: 0.00000197, collectiveLatencySeconds: 0.0000318, hostSecondsPerSequence: 0.000014, syncHostSecondsPerSequence: 0.0000612, syncHostSecondsPerStep: 0.00882 },
  "vllm-blog": { matmul: 0.4, launchSeconds: 0.00000214, collectiveLatencySeconds: 0.0000305, hostSecondsPerSequence: 0.0000211, syncHostSecondsPerSequence: 0.000065, syncHostSecondsPerStep: 0.00649 },
};

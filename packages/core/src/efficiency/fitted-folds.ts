/**
 * Written by scripts/fit-efficiency.ts — do not edit by hand. Each leave-one-source-out fold's fit (the constants
 * fitted without that source), so `roofline validate` on the committed rows need not refit them; a test keeps
 * them current (--check).
 */
export const EFFICIENCY_FIT_FOLDS: Record<string, Record<string, number>> = {
  "amd-rocm-performance": { matmul: 0.4, launchSeconds: 0.00000304, collectiveLatencySeconds: 0.0000244, hostSecondsPerSequence: 0.00000515, syncHostSecondsPerSequence: 0.0000789, syncHostSecondsPerStep: 0.00672 },
  "inferencex": { matmul: 0.4, launchSeconds: 0.000001, collectiveLatencySeconds: 0.0000364, hostSecondsPerSequence: 0.0000322, syncHostSecondsPerSequence: 0.0000536, syncHostSecondsPerStep: 0.00652 },
  "lambdalabs-vllm-benchmark": { matmul: 0.4, launchSeconds: 0.00000209, collectiveLatencySeconds: 0.0000309, hostSecondsPerSequence: 0.0000322, syncHostSecondsPerSequence: 0.0000179, syncHostSecondsPerStep: 0.0113 },
  "nim-benchmarks": { matmul: 0.4, launchSeconds: 0.00000199, collectiveLatencySeconds: 0.0000318, hostSecondsPerSequence: 0.0000322, syncHostSecondsPerSequence: 0.0000536, syncHostSecondsPerStep: 0.00649 },
  "sglang-gb200-part2": { matmul: 0.447, launchSeconds: 0.00000193, collectiveLatencySeconds: 0.000032, hostSecondsPerSequence: 0.0000344, syncHostSecondsPerSequence: 0.0000546, syncHostSecondsPerStep: 0.00664 },
  "vllm-blog": { matmul: 0.4, launchSeconds: 0.00000178, collectiveLatencySeconds: 0.0000332, hostSecondsPerSequence: 0.0000339, syncHostSecondsPerSequence: 0.0000403, syncHostSecondsPerStep: 0.00763 },
};

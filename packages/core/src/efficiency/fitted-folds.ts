/**
 * Written by scripts/fit-efficiency.ts — do not edit by hand. Each leave-one-source-out fold's fit (the constants
 * fitted without that source), so `roofline validate` on the committed rows need not refit them; a test keeps
 * them current (--check).
 */
export const EFFICIENCY_FIT_FOLDS: Record<string, Record<string, number>> = {
  "amd-rocm-performance": { matmul: 0.4, launchSeconds: 0.00000296, collectiveLatencySeconds: 0.0000246, hostSecondsPerSequence: 0.00000532, syncHostSecondsPerSequence: 0.0000805, syncHostSecondsPerStep: 0.00664 },
  "inferencex": { matmul: 0.4, launchSeconds: 0.000001, collectiveLatencySeconds: 0.0000362, hostSecondsPerSequence: 0.00000881, syncHostSecondsPerSequence: 0.0000762, syncHostSecondsPerStep: 0.0066 },
  "lambdalabs-vllm-benchmark": { matmul: 0.4, launchSeconds: 0.00000234, collectiveLatencySeconds: 0.0000295, hostSecondsPerSequence: 0.0000091, syncHostSecondsPerSequence: 0.0000413, syncHostSecondsPerStep: 0.0113 },
  "nim-benchmarks": { matmul: 0.4, launchSeconds: 0.00000216, collectiveLatencySeconds: 0.0000308, hostSecondsPerSequence: 0.0000134, syncHostSecondsPerSequence: 0.0000724, syncHostSecondsPerStep: 0.0065 },
  "sglang-gb200-part2": { matmul: 0.485, launchSeconds: 0.00000232, collectiveLatencySeconds: 0.0000297, hostSecondsPerSequence: 0.0000134, syncHostSecondsPerSequence: 0.0000606, syncHostSecondsPerStep: 0.00898 },
  "vllm-blog": { matmul: 0.4, launchSeconds: 0.00000242, collectiveLatencySeconds: 0.0000291, hostSecondsPerSequence: 0.0000211, syncHostSecondsPerSequence: 0.0000647, syncHostSecondsPerStep: 0.00653 },
};

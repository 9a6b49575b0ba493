/**
 * Written by scripts/fit-efficiency.ts — do not edit by hand. Each leave-one-source-out fold's fit (the constants
 * fitted without that source), so `roofline validate` on the committed rows need not refit them; a test keeps
 * them current (--check).
 */
export const EFFICIENCY_FIT_FOLDS: Record<string, Record<string, number>> = {
  "amd-rocm-performance": { matmul: 0.4, launchSeconds: 0.00000301, collectiveLatencySeconds: 0.0000246, hostSecondsPerSequence: 0.00000523, syncHostSecondsPerSequence: 0.0000808, syncHostSecondsPerStep: 0.0066 },
  "inferencex": { matmul: 0.4, launchSeconds: 0.000001, collectiveLatencySeconds: 0.0000364, hostSecondsPerSequence: 0.0000322, syncHostSecondsPerSequence: 0.0000536, syncHostSecondsPerStep: 0.00652 },
  "lambdalabs-vllm-benchmark": { matmul: 0.4, launchSeconds: 0.0000021, collectiveLatencySeconds: 0.0000308, hostSecondsPerSequence: 0.0000322, syncHostSecondsPerSequence: 0.0000179, syncHostSecondsPerStep: 0.0113 },
  "nim-benchmarks": { matmul: 0.4, launchSeconds: 0.00000217, collectiveLatencySeconds: 0.0000309, hostSecondsPerSequence: 0.0000322, syncHostSecondsPerSequence: 0.0000529, syncHostSecondsPerStep: 0.00653 },
  "sglang-gb200-part2": { matmul: 0.447, launchSeconds: 0.00000204, collectiveLatencySeconds: 0.0000315, hostSecondsPerSequence: 0.0000327, syncHostSecondsPerSequence: 0.000056, syncHostSecondsPerStep: 0.00666 },
  "vllm-blog": { matmul: 0.4, launchSeconds: 0.00000188, collectiveLatencySeconds: 0.0000326, hostSecondsPerSequence: 0.000034, syncHostSecondsPerSequence: 0.0000427, syncHostSecondsPerStep: 0.00727 },
};

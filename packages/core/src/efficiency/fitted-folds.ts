/**
 * Written by scripts/fit-efficiency.ts — do not edit by hand. Each leave-one-source-out fold's fit (the constants
 * fitted without that source), so `roofline validate` on the committed rows need not refit them; a test keeps
 * them current (--check).
 */
export const EFFICIENCY_FIT_FOLDS: Record<string, Record<string, number>> = {
  "amd-rocm-performance": { matmul: 0.4, launchSeconds: 0.00000297, collectiveLatencySeconds: 0.0000248, hostSecondsPerSequence: 0.00000528, syncHostSecondsPerSequence: 0.0000682, syncHostSecondsPerStep: 0.00899 },
  "inferencex": { matmul: 0.4, launchSeconds: 0.000001, collectiveLatencySeconds: 0.0000364, hostSecondsPerSequence: 0.0000322, syncHostSecondsPerSequence: 0.0000395, syncHostSecondsPerStep: 0.00939 },
  "lambdalabs-vllm-benchmark": { matmul: 0.4, launchSeconds: 0.0000021, collectiveLatencySeconds: 0.0000308, hostSecondsPerSequence: 0.0000322, syncHostSecondsPerSequence: 0.0000179, syncHostSecondsPerStep: 0.0113 },
  "nim-benchmarks": { matmul: 0.4, launchSeconds: 0.00000204, collectiveLatencySeconds: 0.0000315, hostSecondsPerSequence: 0.0000322, syncHostSecondsPerSequence: 0.0000405, syncHostSecondsPerStep: 0.00909 },
  "sglang-gb200-part2": { matmul: 0.447, launchSeconds: 0.00000204, collectiveLatencySeconds: 0.0000314, hostSecondsPerSequence: 0.0000344, syncHostSecondsPerSequence: 0.0000375, syncHostSecondsPerStep: 0.00981 },
  "vllm-blog": { matmul: 0.4, launchSeconds: 0.00000233, collectiveLatencySeconds: 0.0000297, hostSecondsPerSequence: 0.0000341, syncHostSecondsPerSequence: 0.0000359, syncHostSecondsPerStep: 0.00949 },
};

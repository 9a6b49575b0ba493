/**
 * Written by scripts/fit-efficiency.ts — do not edit by hand. Each leave-one-source-out fold's fit (the constants
 * fitted without that source), so `roofline validate` on the committed rows need not refit them; a test keeps
 * them current (--check).
 */
export const EFFICIENCY_FIT_FOLDS: Record<string, Record<string, number>> = {
  "amd-rocm-performance": { matmul: 0.4, launchSeconds: 0.00000254, collectiveLatencySeconds: 0.0000302, hostSecondsPerSequence: 0.00000575, syncHostSecondsPerSequence: 0.00006, syncHostSecondsPerStep: 0.00942 },
  "inferencex": { matmul: 0.4, launchSeconds: 0.000001, collectiveLatencySeconds: 0.0000364, hostSecondsPerSequence: 0.0000322, syncHostSecondsPerSequence: 0.0000395, syncHostSecondsPerStep: 0.00939 },
  "lambdalabs-vllm-benchmark": { matmul: 0.4, launchSeconds: 0.0000023, collectiveLatencySeconds: 0.0000298, hostSecondsPerSequence: 0.0000322, syncHostSecondsPerSequence: 0.0000181, syncHostSecondsPerStep: 0.0113 },
  "nim-benchmarks": { matmul: 0.4, launchSeconds: 0.00000224, collectiveLatencySeconds: 0.0000305, hostSecondsPerSequence: 0.0000322, syncHostSecondsPerSequence: 0.0000399, syncHostSecondsPerStep: 0.00914 },
  "sglang-gb200-part2": { matmul: 0.447, launchSeconds: 0.00000223, collectiveLatencySeconds: 0.0000302, hostSecondsPerSequence: 0.0000345, syncHostSecondsPerSequence: 0.0000386, syncHostSecondsPerStep: 0.00959 },
  "vllm-blog": { matmul: 0.4, launchSeconds: 0.00000258, collectiveLatencySeconds: 0.0000284, hostSecondsPerSequence: 0.0000341, syncHostSecondsPerSequence: 0.0000369, syncHostSecondsPerStep: 0.00928 },
};

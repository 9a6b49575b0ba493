/**
 * Written by scripts/fit-efficiency.ts — do not edit by hand. Each leave-one-source-out fold's fit (the constants
 * fitted without that source), so `roofline validate` on the committed rows need not refit them; a test keeps
 * them current (--check).
 */
export const EFFICIENCY_FIT_FOLDS: Record<string, Record<string, number>> = {
  "amd-rocm-performance": { matmul: 0.4, launchSeconds: 0.00000361, collectiveLatencySeconds: 0.0000216, hostSecondsPerSequence: 0.00000408, syncHostSecondsPerSequence: 0.0000718, syncHostSecondsPerStep: 0.00848 },
  "inferencex": { matmul: 0.4, launchSeconds: 0.000001, collectiveLatencySeconds: 0.0000363, hostSecondsPerSequence: 0.0000353, syncHostSecondsPerSequence: 0.0000363, syncHostSecondsPerStep: 0.00927 },
  "lambdalabs-vllm-benchmark": { matmul: 0.4, launchSeconds: 0.00000242, collectiveLatencySeconds: 0.0000293, hostSecondsPerSequence: 0.0000353, syncHostSecondsPerSequence: 0.0000152, syncHostSecondsPerStep: 0.0113 },
  "nim-benchmarks": { matmul: 0.4, launchSeconds: 0.00000237, collectiveLatencySeconds: 0.0000299, hostSecondsPerSequence: 0.0000353, syncHostSecondsPerSequence: 0.0000365, syncHostSecondsPerStep: 0.00915 },
  "sglang-gb200-part2": { matmul: 0.447, launchSeconds: 0.00000237, collectiveLatencySeconds: 0.0000296, hostSecondsPerSequence: 0.0000375, syncHostSecondsPerSequence: 0.0000359, syncHostSecondsPerStep: 0.00961 },
  "vllm-blog": { matmul: 0.4, launchSeconds: 0.00000273, collectiveLatencySeconds: 0.0000277, hostSecondsPerSequence: 0.000037, syncHostSecondsPerSequence: 0.0000342, syncHostSecondsPerStep: 0.00921 },
};

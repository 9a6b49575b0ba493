/**
 * Written by scripts/fit-efficiency.ts — do not edit by hand. Each leave-one-source-out fold's fit (the constants
 * fitted without that source), so `roofline validate` on the committed rows need not refit them; a test keeps
 * them current (--check).
 */
export const EFFICIENCY_FIT_FOLDS: Record<string, Record<string, number>> = {
  "amd-rocm-performance": { matmul: 0.4, launchSeconds: 0.00000338, collectiveLatencySeconds: 0.0000227, hostSecondsPerSequence: 0.00000451, syncHostSecondsPerSequence: 0.0000706, syncHostSecondsPerStep: 0.00865 },
  "inferencex": { matmul: 0.4, launchSeconds: 0.000001, collectiveLatencySeconds: 0.0000364, hostSecondsPerSequence: 0.0000322, syncHostSecondsPerSequence: 0.0000395, syncHostSecondsPerStep: 0.00939 },
  "lambdalabs-vllm-benchmark": { matmul: 0.4, launchSeconds: 0.00000248, collectiveLatencySeconds: 0.000029, hostSecondsPerSequence: 0.0000322, syncHostSecondsPerSequence: 0.0000183, syncHostSecondsPerStep: 0.0114 },
  "nim-benchmarks": { matmul: 0.4, launchSeconds: 0.00000242, collectiveLatencySeconds: 0.0000296, hostSecondsPerSequence: 0.0000322, syncHostSecondsPerSequence: 0.0000395, syncHostSecondsPerStep: 0.00917 },
  "sglang-gb200-part2": { matmul: 0.447, launchSeconds: 0.0000023, collectiveLatencySeconds: 0.0000302, hostSecondsPerSequence: 0.0000344, syncHostSecondsPerSequence: 0.0000391, syncHostSecondsPerStep: 0.00957 },
  "vllm-blog": { matmul: 0.4, launchSeconds: 0.00000271, collectiveLatencySeconds: 0.0000278, hostSecondsPerSequence: 0.0000341, syncHostSecondsPerSequence: 0.0000371, syncHostSecondsPerStep: 0.00923 },
};

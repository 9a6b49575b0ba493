/**
 * Written by scripts/fit-efficiency.ts — do not edit by hand. Each leave-one-source-out fold's fit (the constants
 * fitted without that source), so `roofline validate` on the committed rows need not refit them; a test keeps
 * them current (--check).
 */
export const EFFICIENCY_FIT_FOLDS: Record<string, Record<string, number>> = {
  "amd-rocm-performance": { matmul: 0.4, launchSeconds: 0.00000348, collectiveLatencySeconds: 0.0000222, hostSecondsPerSequence: 0.0000127, syncHostSecondsPerSequence: 0.0000629, syncHostSecondsPerStep: 0.00856 },
  "inferencex": { matmul: 0.4, launchSeconds: 0.000001, collectiveLatencySeconds: 0.0000364, hostSecondsPerSequence: 0.0000288, syncHostSecondsPerSequence: 0.00003, syncHostSecondsPerStep: 0.0102 },
  "lambdalabs-vllm-benchmark": { matmul: 0.4, launchSeconds: 0.0000027, collectiveLatencySeconds: 0.0000279, hostSecondsPerSequence: 0.0000322, syncHostSecondsPerSequence: 0.0000185, syncHostSecondsPerStep: 0.0114 },
  "nim-benchmarks": { matmul: 0.4, launchSeconds: 0.00000264, collectiveLatencySeconds: 0.0000285, hostSecondsPerSequence: 0.0000322, syncHostSecondsPerSequence: 0.0000389, syncHostSecondsPerStep: 0.00921 },
  "sglang-gb200-part2": { matmul: 0.447, launchSeconds: 0.00000254, collectiveLatencySeconds: 0.0000292, hostSecondsPerSequence: 0.0000344, syncHostSecondsPerSequence: 0.0000323, syncHostSecondsPerStep: 0.01 },
  "vllm-blog": { matmul: 0.4, launchSeconds: 0.00000296, collectiveLatencySeconds: 0.0000265, hostSecondsPerSequence: 0.0000341, syncHostSecondsPerSequence: 0.0000381, syncHostSecondsPerStep: 0.00901 },
};

/**
 * Written by scripts/fit-efficiency.ts — do not edit by hand. Each leave-one-source-out fold's fit (the constants
 * fitted without that source), so `roofline validate` on the committed rows need not refit them; a test keeps
 * them current (--check).
 */
export const EFFICIENCY_FIT_FOLDS: Record<string, Record<string, number>> = {
  "amd-rocm-performance": { matmul: 0.4, launchSeconds: 0.00000289, collectiveLatencySeconds: 0.0000252, hostSecondsPerSequence: 0.0000132, syncHostSecondsPerSequence: 0.00006, syncHostSecondsPerStep: 0.00906 },
  "inferencex": { matmul: 0.4, launchSeconds: 0.000001, collectiveLatencySeconds: 0.0000364, hostSecondsPerSequence: 0.0000318, syncHostSecondsPerSequence: 0.0000423, syncHostSecondsPerStep: 0.00904 },
  "lambdalabs-vllm-benchmark": { matmul: 0.4, launchSeconds: 0.00000209, collectiveLatencySeconds: 0.0000309, hostSecondsPerSequence: 0.0000348, syncHostSecondsPerSequence: 0.0000153, syncHostSecondsPerStep: 0.0113 },
  "nim-benchmarks": { matmul: 0.4, launchSeconds: 0.000002, collectiveLatencySeconds: 0.0000318, hostSecondsPerSequence: 0.0000353, syncHostSecondsPerSequence: 0.0000346, syncHostSecondsPerStep: 0.00952 },
  "sglang-gb200-part2": { matmul: 0.447, launchSeconds: 0.00000202, collectiveLatencySeconds: 0.0000315, hostSecondsPerSequence: 0.0000375, syncHostSecondsPerSequence: 0.0000341, syncHostSecondsPerStep: 0.00977 },
  "vllm-blog": { matmul: 0.4, launchSeconds: 0.00000227, collectiveLatencySeconds: 0.00003, hostSecondsPerSequence: 0.000037, syncHostSecondsPerSequence: 0.000034, syncHostSecondsPerStep: 0.00934 },
};

/**
 * Written by scripts/fit-efficiency.ts — do not edit by hand. Each leave-one-source-out fold's fit (the constants
 * fitted without that source), so `roofline validate` on the committed rows need not refit them; a test keeps
 * them current (--check).
 */
export const EFFICIENCY_FIT_FOLDS: Record<string, Record<string, number>> = {
  "amd-rocm-performance": { matmul: 0.4, launchSeconds: 0.00000292, collectiveLatencySeconds: 0.000025, hostSecondsPerSequence: 0.00000537, syncHostSecondsPerSequence: 0.0000679, syncHostSecondsPerStep: 0.00904 },
  "inferencex": { matmul: 0.4, launchSeconds: 0.000001, collectiveLatencySeconds: 0.0000364, hostSecondsPerSequence: 0.0000322, syncHostSecondsPerSequence: 0.0000395, syncHostSecondsPerStep: 0.00939 },
  "lambdalabs-vllm-benchmark": { matmul: 0.4, launchSeconds: 0.00000209, collectiveLatencySeconds: 0.0000309, hostSecondsPerSequence: 0.0000322, syncHostSecondsPerSequence: 0.0000179, syncHostSecondsPerStep: 0.0113 },
  "nim-benchmarks": { matmul: 0.4, launchSeconds: 0.00000199, collectiveLatencySeconds: 0.0000318, hostSecondsPerSequence: 0.0000322, syncHostSecondsPerSequence: 0.0000407, syncHostSecondsPerStep: 0.00907 },
  "sglang-gb200-part2": { matmul: 0.447, launchSeconds: 0.00000194, collectiveLatencySeconds: 0.0000319, hostSecondsPerSequence: 0.0000344, syncHostSecondsPerSequence: 0.0000373, syncHostSecondsPerStep: 0.00983 },
  "vllm-blog": { matmul: 0.4, launchSeconds: 0.00000229, collectiveLatencySeconds: 0.0000299, hostSecondsPerSequence: 0.0000341, syncHostSecondsPerSequence: 0.0000377, syncHostSecondsPerStep: 0.00922 },
};

/**
 * Written by scripts/fit-efficiency.ts — do not edit by hand. Each leave-one-source-out fold's fit (the constants
 * fitted without that source), so `roofline validate` on the committed rows need not refit them; a test keeps
 * them current (--check).
 */
export const EFFICIENCY_FIT_FOLDS: Record<string, Record<string, number>> = {
  "amd-rocm-performance": { matmul: 0.4, launchSeconds: 0.00000291, collectiveLatencySeconds: 0.0000234, hostSecondsPerSequence: 0.00000555, syncHostSecondsPerSequence: 0.0000806, syncHostSecondsPerStep: 0.00671 },
  "inferencex": { matmul: 0.4, launchSeconds: 0.000001, collectiveLatencySeconds: 0.0000364, hostSecondsPerSequence: 0.0000288, syncHostSecondsPerSequence: 0.000057, syncHostSecondsPerStep: 0.00651 },
  "lambdalabs-vllm-benchmark": { matmul: 0.4, launchSeconds: 0.00000194, collectiveLatencySeconds: 0.0000317, hostSecondsPerSequence: 0.0000288, syncHostSecondsPerSequence: 0.0000211, syncHostSecondsPerStep: 0.0112 },
  "nim-benchmarks": { matmul: 0.4, launchSeconds: 0.00000185, collectiveLatencySeconds: 0.0000325, hostSecondsPerSequence: 0.0000322, syncHostSecondsPerSequence: 0.0000537, syncHostSecondsPerStep: 0.00649 },
  "sglang-gb200-part2": { matmul: 0.485, launchSeconds: 0.00000188, collectiveLatencySeconds: 0.0000323, hostSecondsPerSequence: 0.0000325, syncHostSecondsPerSequence: 0.000043, syncHostSecondsPerStep: 0.00882 },
  "vllm-blog": { matmul: 0.4, launchSeconds: 0.00000209, collectiveLatencySeconds: 0.0000309, hostSecondsPerSequence: 0.0000341, syncHostSecondsPerSequence: 0.0000518, syncHostSecondsPerStep: 0.00652 },
};

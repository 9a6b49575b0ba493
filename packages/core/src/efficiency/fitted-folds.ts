/**
 * Written by scripts/fit-efficiency.ts — do not edit by hand. Each leave-one-source-out fold's fit (the constants
 * fitted without that source), so `roofline validate` on the committed rows need not refit them; a test keeps
 * them current (--check).
 */
export const EFFICIENCY_FIT_FOLDS: Record<string, Record<string, number>> = {
  "amd-rocm-performance": { matmul: 0.4, launchSeconds: 0.00000358, collectiveLatencySeconds: 0.0000182, hostSecondsPerSequence: 0.00000538, syncHostSecondsPerSequence: 0.0000828, syncHostSecondsPerStep: 0.00673 },
  "inferencex": { matmul: 0.4, launchSeconds: 0.000001, collectiveLatencySeconds: 0.0000364, hostSecondsPerSequence: 0.0000288, syncHostSecondsPerSequence: 0.0000568, syncHostSecondsPerStep: 0.00655 },
  "lambdalabs-vllm-benchmark": { matmul: 0.4, launchSeconds: 0.00000225, collectiveLatencySeconds: 0.0000301, hostSecondsPerSequence: 0.0000288, syncHostSecondsPerSequence: 0.0000215, syncHostSecondsPerStep: 0.0113 },
  "nim-benchmarks": { matmul: 0.4, launchSeconds: 0.00000209, collectiveLatencySeconds: 0.0000313, hostSecondsPerSequence: 0.0000315, syncHostSecondsPerSequence: 0.0000543, syncHostSecondsPerStep: 0.00649 },
  "sglang-gb200-part2": { matmul: 0.457, launchSeconds: 0.00000215, collectiveLatencySeconds: 0.0000306, hostSecondsPerSequence: 0.0000316, syncHostSecondsPerSequence: 0.0000519, syncHostSecondsPerStep: 0.00751 },
  "vllm-blog": { matmul: 0.4, launchSeconds: 0.00000221, collectiveLatencySeconds: 0.0000303, hostSecondsPerSequence: 0.0000341, syncHostSecondsPerSequence: 0.0000518, syncHostSecondsPerStep: 0.00652 },
};

/**
 * Written by scripts/fit-efficiency.ts — do not edit by hand. Each leave-one-source-out fold's fit (the constants
 * fitted without that source), so `roofline validate` on the committed rows need not refit them; a test keeps
 * them current (--check).
 */
export const EFFICIENCY_FIT_FOLDS: Record<string, Record<string, number>> = {
  "amd-rocm-performance": { matmul: 0.4, launchSeconds: 0.0000033, collectiveLatencySeconds: 0.0000196, hostSecondsPerSequence: 0.00000593, syncHostSecondsPerSequence: 0.0000873, syncHostSecondsPerStep: 0.00646 },
  "inferencex": { matmul: 0.4, launchSeconds: 0.000001, collectiveLatencySeconds: 0.0000364, hostSecondsPerSequence: 0.0000288, syncHostSecondsPerSequence: 0.0000568, syncHostSecondsPerStep: 0.00655 },
  "lambdalabs-vllm-benchmark": { matmul: 0.4, launchSeconds: 0.00000198, collectiveLatencySeconds: 0.0000315, hostSecondsPerSequence: 0.0000288, syncHostSecondsPerSequence: 0.0000212, syncHostSecondsPerStep: 0.0112 },
  "nim-benchmarks": { matmul: 0.4, launchSeconds: 0.00000199, collectiveLatencySeconds: 0.0000319, hostSecondsPerSequence: 0.0000307, syncHostSecondsPerSequence: 0.0000555, syncHostSecondsPerStep: 0.00647 },
  "sglang-gb200-part2": { matmul: 0.457, launchSeconds: 0.00000194, collectiveLatencySeconds: 0.0000318, hostSecondsPerSequence: 0.0000314, syncHostSecondsPerSequence: 0.000051, syncHostSecondsPerStep: 0.0073 },
  "vllm-blog": { matmul: 0.4, launchSeconds: 0.00000202, collectiveLatencySeconds: 0.0000312, hostSecondsPerSequence: 0.000034, syncHostSecondsPerSequence: 0.0000519, syncHostSecondsPerStep: 0.00652 },
};

/**
 * Written by scripts/fit-efficiency.ts — do not edit by hand. Each leave-one-source-out fold's fit (the constants
 * fitted without that source), so `roofline validate` on the committed rows need not refit them; a test keeps
 * them current (--check).
 */
export const EFFICIENCY_FIT_FOLDS: Record<string, Record<string, number>> = {
  "amd-rocm-performance": { matmul: 0.4, launchSeconds: 0.00000371, collectiveLatencySeconds: 0.0000155, hostSecondsPerSequence: 0.00000532, syncHostSecondsPerSequence: 0.0000761, syncHostSecondsPerStep: 0.00748 },
  "inferencex": { matmul: 0.4, launchSeconds: 0.000001, collectiveLatencySeconds: 0.0000362, hostSecondsPerSequence: 0.0000097, syncHostSecondsPerSequence: 0.0000761, syncHostSecondsPerStep: 0.00653 },
  "lambdalabs-vllm-benchmark": { matmul: 0.4, launchSeconds: 0.00000234, collectiveLatencySeconds: 0.0000295, hostSecondsPerSequence: 0.00000719, syncHostSecondsPerSequence: 0.0000432, syncHostSecondsPerStep: 0.0113 },
  "nim-benchmarks": { matmul: 0.4, launchSeconds: 0.00000214, collectiveLatencySeconds: 0.0000308, hostSecondsPerSequence: 0.0000125, syncHostSecondsPerSequence: 0.0000731, syncHostSecondsPerStep: 0.00653 },
  "sglang-gb200-part2": { matmul: 0.457, launchSeconds: 0.00000222, collectiveLatencySeconds: 0.0000303, hostSecondsPerSequence: 0.0000124, syncHostSecondsPerSequence: 0.0000698, syncHostSecondsPerStep: 0.00767 },
  "vllm-blog": { matmul: 0.4, launchSeconds: 0.00000224, collectiveLatencySeconds: 0.00003, hostSecondsPerSequence: 0.0000159, syncHostSecondsPerSequence: 0.0000699, syncHostSecondsPerStep: 0.00653 },
};

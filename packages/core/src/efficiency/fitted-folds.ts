/**
 * Written by scripts/fit-efficiency.ts — do not edit by hand. Each leave-one-source-out fold's fit (the constants
 * fitted without that source), so `roofline validate` on the committed rows need not refit them; a test keeps
 * them current (--check).
 */
export const EFFICIENCY_FIT_FOLDS: Record<string, Record<string, number>> = {
  "amd-rocm-performance": { matmul: 0.4, launchSeconds: 0.00000359, collectiveLatencySeconds: 0.0000181, hostSecondsPerSequence: 0.00000536, syncHostSecondsPerSequence: 0.0000851, syncHostSecondsPerStep: 0.00661 },
  "inferencex": { matmul: 0.4, launchSeconds: 0.000001, collectiveLatencySeconds: 0.0000364, hostSecondsPerSequence: 0.0000288, syncHostSecondsPerSequence: 0.0000568, syncHostSecondsPerStep: 0.00655 },
  "lambdalabs-vllm-benchmark": { matmul: 0.4, launchSeconds: 0.00000226, collectiveLatencySeconds: 0.0000301, hostSecondsPerSequence: 0.0000288, syncHostSecondsPerSequence: 0.0000215, syncHostSecondsPerStep: 0.0113 },
  "nim-benchmarks": { matmul: 0.4, launchSeconds: 0.00000212, collectiveLatencySeconds: 0.0000311, hostSecondsPerSequence: 0.0000322, syncHostSecondsPerSequence: 0.0000536, syncHostSecondsPerStep: 0.00649 },
  "sglang-gb200-part2": { matmul: 0.457, launchSeconds: 0.00000218, collectiveLatencySeconds: 0.0000305, hostSecondsPerSequence: 0.0000315, syncHostSecondsPerSequence: 0.0000543, syncHostSecondsPerStep: 0.00711 },
  "vllm-blog": { matmul: 0.4, launchSeconds: 0.00000224, collectiveLatencySeconds: 0.0000301, hostSecondsPerSequence: 0.0000341, syncHostSecondsPerSequence: 0.0000518, syncHostSecondsPerStep: 0.00652 },
};

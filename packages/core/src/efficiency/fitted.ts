/**
 * Written by scripts/fit-efficiency.ts — do not edit by hand. The few physical parameters of the
 * expected forward pass fitted to the public inference rows in data/measurements/.
 */
export const EFFICIENCY_FIT = {
  date: "unfitted",
  rows: 0,
  sources: 0,
  parameters: {
    matmul: { value: 0.844, note: "fraction of dense peak a large matrix multiply reaches (placeholder before the first fit)" },
    hbm: { value: 1, note: "fraction of HBM bandwidth weight streaming reaches (placeholder before the first fit)" },
    launchSeconds: { value: 0.00003, note: "gap per kernel (launch and dependency wait) in seconds (placeholder before the first fit)" },
    collectiveLatencySeconds: { value: 0.0000324, note: "fixed latency of one tensor-parallel all-reduce inside the scale-up domain, seconds (placeholder before the first fit)" },
  },
  loso: { medianAbsError: null as number | null, p90AbsError: null as number | null, rows: 0 },
} as const;

/**
 * Written by scripts/fit-efficiency.ts — do not edit by hand. The few physical parameters of the
 * expected forward pass fitted to the public inference rows in data/measurements/.
 */
export const EFFICIENCY_FIT = {
  date: "unfitted",
  rows: 0,
  sources: 0,
  parameters: {
    matmul: { value: 0.7, note: "placeholder before the first fit" },
    hbm: { value: 0.85, note: "placeholder before the first fit" },
    launchSeconds: { value: 4e-6, note: "placeholder before the first fit" },
    collectiveLatencySeconds: { value: 10e-6, note: "placeholder before the first fit" },
  },
  loso: { medianAbsError: null as number | null, p90AbsError: null as number | null, rows: 0 },
} as const;

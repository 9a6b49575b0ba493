/**
 * Per-chip ratios from the catalog, through the same formulas the analyses use: FLOP per byte at
 * each precision (the lecture's "≈300") and HBM drain time (the lecture's "≈20 ms").
 */
import type { HardwareSpec } from "../catalog/hardware.ts";
import type { Derivation } from "../formula/derivation.ts";
import { COMPUTE_PRECISIONS, type ComputePrecision } from "../precision.ts";
import { flopPerByte, hbmDrainSeconds } from "./formulas.ts";

export function flopPerByteOf(h: HardwareSpec): Record<ComputePrecision, number | null> {
  const bw = h.hbmBytesPerSecond.value;
  const out = {} as Record<ComputePrecision, number | null>;
  for (const p of COMPUTE_PRECISIONS) {
    const f = h.denseFlopsPerSecond[p].value;
    out[p] = f === null || bw === null ? null : flopPerByte.fn(f, bw);
  }
  return out;
}

export function hbmDrainSecondsOf(h: HardwareSpec): number | null {
  const c = h.hbmBytes.value;
  const bw = h.hbmBytesPerSecond.value;
  return c === null || bw === null ? null : hbmDrainSeconds.fn(c, bw);
}

/** The derivations of a chip's ratios (null where a value is unknown). */
export function explainHardwareRatios(h: HardwareSpec, precision: ComputePrecision = "bf16"): { flopPerByte: Derivation | null; hbmDrainSeconds: Derivation | null } {
  const bw = h.hbmBytesPerSecond;
  const f = h.denseFlopsPerSecond[precision];
  const cap = h.hbmBytes;
  return {
    flopPerByte:
      f.value === null || bw.value === null
        ? null
        : flopPerByte.explain({ peakFlopsPerSecond: { value: f.value, origin: f.origin }, bandwidthBytesPerSecond: { value: bw.value, origin: bw.origin } }, { name: `flopPerByte.${precision}` }),
    hbmDrainSeconds:
      cap.value === null || bw.value === null
        ? null
        : hbmDrainSeconds.explain({ hbmBytes: { value: cap.value, origin: cap.origin }, bandwidthBytesPerSecond: { value: bw.value, origin: bw.origin } }),
  };
}

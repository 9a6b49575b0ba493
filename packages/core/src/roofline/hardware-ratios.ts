/**
 * Per-chip ratios from the catalog, through the same formulas the analyses use: FLOP per byte at
 * each precision (the lecture's "≈300") and HBM drain time (the lecture's "≈20 ms").
 */
import type { HardwareSpec } from "../catalog/hardware.ts";
import type { Derivation } from "../formula/derivation.ts";
import { mul } from "../formula/expr.ts";
import { defineFormula } from "../formula/formula.ts";
import { COMPUTE_PRECISIONS, type ComputePrecision } from "../precision.ts";
import { lectureAt } from "../sources.ts";
import { drainSeconds, flopPerByte } from "./formulas.ts";

/** The scale-up domain's aggregate bandwidth: what an all-to-all inside one NVLink/ICI domain can move per second. */
export const scaleUpAggregateBytesPerSecond = defineFormula({
  id: "hardware.scaleUpAggregateBytesPerSecond",
  title: "Scale-up domain aggregate bandwidth",
  description: "Bytes per second the whole scale-up domain (NVLink, ICI…) can move, one direction: chips in the domain × scale-up bandwidth per chip.",
  symbol: "BW_domain",
  latex: "BW_{\\text{domain}}",
  unit: "B/s",
  inputs: {
    domainChips: { symbol: "N_domain", latex: "N_{\\text{domain}}", unit: "chip", description: "chips in one scale-up domain" },
    scaleUpBytesPerSecondPerChip: { symbol: "BW_up", latex: "BW_{\\text{up}}", unit: "B/s", description: "scale-up bandwidth per chip, one direction" },
  },
  expr: ({ domainChips, scaleUpBytesPerSecondPerChip }) => mul(domainChips, scaleUpBytesPerSecondPerChip),
  sources: [lectureAt("35:02", "the traffic pattern here is that any GPU … will be talking to any other GPU … an all-to-all traffic pattern")],
  assumptions: ["every chip drives its scale-up links at full rate at once (a non-blocking switch)"],
});

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
  return c === null || bw === null ? null : drainSeconds.fn(c, bw);
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
        : drainSeconds.explain({ capacityBytes: { value: cap.value, origin: cap.origin }, bandwidthBytesPerSecond: { value: bw.value, origin: bw.origin } }, { name: "hbmDrainSeconds", title: "HBM drain time" }),
  };
}

/** The scale-up domain's aggregate bandwidth and its derivation (null where a value is unknown). */
export function explainScaleUpAggregate(h: HardwareSpec): Derivation | null {
  const n = h.scaleUpDomainChips;
  const bw = h.scaleUpBytesPerSecondPerChip;
  if (n.value === null || bw.value === null) return null;
  return scaleUpAggregateBytesPerSecond.explain({ domainChips: { value: n.value, origin: n.origin }, scaleUpBytesPerSecondPerChip: { value: bw.value, origin: bw.origin } });
}

/**
 * Number formats: bytes per stored value (weights, KV cache) and which peak FLOP/s column a
 * compute precision reads from a chip's spec sheet.
 */
import { RooflineError } from "./errors.ts";

export const PRECISIONS = ["fp32", "bf16", "fp16", "fp8", "int8", "fp6", "mxfp4", "fp4", "int4"] as const;
export type Precision = (typeof PRECISIONS)[number];

/**
 * Bytes per stored value. MXFP4 stores 32 4-bit values with one 8-bit shared scale: 4.25 bits.
 * Block scales of FP8 formats (e.g. DeepSeek's 128×128 blocks) are under 0.01% and ignored.
 */
export const BYTES_PER_VALUE: Readonly<Record<Precision, number>> = {
  fp32: 4,
  bf16: 2,
  fp16: 2,
  fp8: 1,
  int8: 1,
  fp6: 0.75,
  mxfp4: 4.25 / 8,
  fp4: 0.5,
  int4: 0.5,
};

/** The compute precisions a chip's dense peak is quoted for. */
export const COMPUTE_PRECISIONS = ["bf16", "fp16", "fp8", "int8", "fp4"] as const;
export type ComputePrecision = (typeof COMPUTE_PRECISIONS)[number];

/** Which dense peak a computation at this storage precision runs at (weights are upcast as needed). */
export function computePrecisionFor(p: Precision): ComputePrecision {
  switch (p) {
    case "fp32":
    case "bf16":
      return "bf16";
    case "fp16":
      return "fp16";
    case "fp8":
    case "fp6":
      return "fp8";
    case "int8":
      return "int8";
    case "mxfp4":
    case "fp4":
    case "int4":
      return "fp4";
  }
}

export function parsePrecision(value: string, field: string): Precision {
  const v = value.trim().toLowerCase();
  if ((PRECISIONS as readonly string[]).includes(v)) return v as Precision;
  throw new RooflineError({
    code: "invalid-choice",
    field,
    value,
    expected: `one of ${PRECISIONS.join(", ")}`,
  });
}

export function parseComputePrecision(value: string, field: string): ComputePrecision {
  const v = value.trim().toLowerCase();
  if ((COMPUTE_PRECISIONS as readonly string[]).includes(v)) return v as ComputePrecision;
  throw new RooflineError({
    code: "invalid-choice",
    field,
    value,
    expected: `one of ${COMPUTE_PRECISIONS.join(", ")}`,
  });
}

/**
 * The user's own models and systems, from parsed JSON: a Hugging Face config.json, a napkin model
 * `{"name","totalParams","activeParams","weightBytesPerParam","kvBytesPerToken"}`, or a napkin system
 * `{"name","flopsPerSecond","memoryBandwidthBytesPerSecond","memoryCapacityBytes","usdPerHour"}`.
 * Reading the file is the caller's job (the core does no I/O).
 */
import { BOUNDS } from "../inputs/roofline.ts";
import { quoteValue, RooflineError } from "../errors.ts";
import { parseHuggingFaceConfig } from "../model/hf-config.ts";
import { isNapkinModel, modelFromArchitecture, napkinModel, type ModelSpec } from "../model/model.ts";
import { COMPUTE_PRECISIONS, type ComputePrecision } from "../precision.ts";
import type { Origin } from "../sources.ts";
import type { Fact, HardwareSpec } from "./hardware.ts";

/** A model from parsed JSON: napkin form if it has totalParams/activeParams, else a Hugging Face config. */
export function modelFromJson(json: unknown, file: string): ModelSpec {
  if (isNapkinModel(json)) return napkinModel(json, file);
  const base = file.split(/[\\/]/).pop() ?? file;
  const id = base.replace(/\.json$/i, "").replace(/[^a-zA-Z0-9.-]+/g, "-").toLowerCase() || "custom-model";
  const arch = parseHuggingFaceConfig(json, { id, name: id, file });
  return modelFromArchitecture(arch, { kind: "config", readFrom: file, sources: [] });
}

interface FieldRule {
  key: string;
  expected: string;
  optional?: boolean;
  integer?: boolean;
  allowZero?: boolean;
  /** Smallest physical value (the input tables' bounds); below it every output would be absurd. */
  min?: number;
  max: number;
}

function readField(o: Record<string, unknown>, file: string, r: FieldRule): number | null {
  const v = o[r.key];
  if (v === undefined || v === null) {
    if (r.optional) return null;
    throw new RooflineError({ code: "missing-field", field: `${file}: ${r.key}`, expected: r.expected });
  }
  const bad = typeof v !== "number" || !Number.isFinite(v) || (r.allowZero ? v < 0 : v <= 0) || (r.min !== undefined && v < r.min) || v > r.max || (r.integer === true && !Number.isInteger(v));
  if (bad) {
    throw new RooflineError({ code: typeof v === "number" ? "out-of-range" : "wrong-type", field: `${file}: ${r.key}`, value: quoteValue(v), expected: r.expected });
  }
  return v as number;
}

/** A system from parsed JSON (napkin form). Values are per chip, SI units. */
export function hardwareFromJson(json: unknown, file: string): HardwareSpec {
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    throw new RooflineError({ code: "wrong-type", field: file, value: quoteValue(json), expected: "a JSON object describing one chip" });
  }
  const o = json as Record<string, unknown>;
  const name = typeof o["name"] === "string" && o["name"].trim() ? (o["name"] as string).trim() : null;
  if (!name) throw new RooflineError({ code: "missing-field", field: `${file}: name`, expected: "a non-empty string" });
  const B = BOUNDS;
  const flops = readField(o, file, { key: "flopsPerSecond", expected: `dense FLOP/s per chip, ≥ ${B.flopsPerSecond[0]} and ≤ ${B.flopsPerSecond[1]} (e.g. 9.89e14 for an H100 at BF16)`, min: B.flopsPerSecond[0], max: B.flopsPerSecond[1] });
  const bw = readField(o, file, { key: "memoryBandwidthBytesPerSecond", expected: `HBM bytes/s per chip, ≥ ${B.bytesPerSecond[0]} and ≤ ${B.bytesPerSecond[1]} (e.g. 3.35e12)`, min: B.bytesPerSecond[0], max: B.bytesPerSecond[1] });
  const cap = readField(o, file, { key: "memoryCapacityBytes", expected: `HBM bytes per chip, ≥ ${B.bytes[0]} and ≤ ${B.bytes[1]} (e.g. 8e10)`, min: B.bytes[0], max: B.bytes[1] });
  const usd = readField(o, file, { key: "usdPerHour", expected: "USD per chip-hour, ≥ 0 and ≤ 1e6", optional: true, allowZero: true, max: 1e6 });
  const domain = readField(o, file, { key: "scaleUpDomainChips", expected: "a whole number of chips ≥ 1", optional: true, integer: true, max: 1e6 });
  const scaleUp = readField(o, file, { key: "scaleUpBytesPerSecondPerChip", expected: `bytes/s per chip, one direction, ≥ ${B.bytesPerSecond[0]} and ≤ ${B.bytesPerSecond[1]}`, optional: true, min: B.bytesPerSecond[0], max: B.bytesPerSecond[1] });
  const scaleOut = readField(o, file, { key: "scaleOutBytesPerSecondPerChip", expected: `bytes/s per chip, one direction, ≥ ${B.bytesPerSecond[0]} and ≤ ${B.bytesPerSecond[1]}`, optional: true, min: B.bytesPerSecond[0], max: B.bytesPerSecond[1] });
  const fact = (field: string, value: number | null): Fact => ({ value, origin: { kind: "file", file, field } as Origin });
  const flopsFact = fact("flopsPerSecond", flops);
  const denseFlopsPerSecond = Object.fromEntries(COMPUTE_PRECISIONS.map((p) => [p, flopsFact])) as Record<ComputePrecision, Fact>;
  return {
    id: name.toLowerCase().replace(/[^a-z0-9.]+/g, "-"),
    name,
    vendor: typeof o["vendor"] === "string" ? (o["vendor"] as string) : "user-defined",
    kind: "file",
    architecture: "user-defined",
    releaseYear: null,
    confidence: null,
    notes: `read from ${file}; one FLOP/s figure serves every compute precision`,
    sources: [],
    denseFlopsPerSecond,
    hbmBytes: fact("memoryCapacityBytes", cap),
    hbmBytesPerSecond: fact("memoryBandwidthBytesPerSecond", bw),
    scaleUpDomainChips: fact("scaleUpDomainChips", domain),
    scaleUpBytesPerSecondPerChip: fact("scaleUpBytesPerSecondPerChip", scaleUp),
    scaleOutBytesPerSecondPerChip: fact("scaleOutBytesPerSecondPerChip", scaleOut),
    hostLinkBytesPerSecond: fact("hostLinkBytesPerSecond", null),
    hostDramBytesPerChip: fact("hostDramBytesPerChip", null),
    hostDramBytesPerSecondPerChip: fact("hostDramBytesPerSecondPerChip", null),
    tdpWatts: fact("tdpW", null),
    prices: [],
    usdPerChipHour: fact("usdPerHour", usd),
  };
}

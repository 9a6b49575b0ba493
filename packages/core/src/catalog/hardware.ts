/**
 * Hardware: chips and the systems they sit in, normalised to SI units, each value with its origin
 * (catalog entry, field, sources, confidence). Unknown values stay null and are shown as unknown.
 */
import { nearestIds, RooflineError, type ErrorFix } from "../errors.ts";
import type { Quantity } from "../formula/formula.ts";
import { COMPUTE_PRECISIONS, type ComputePrecision } from "../precision.ts";
import type { Confidence, Origin, SourceRef } from "../sources.ts";
import {
  gigabitsPerSecondToBytesPerSecond,
  gigabytesPerSecondToBytesPerSecond,
  gigabytesToBytes,
  terabytesPerSecondToBytesPerSecond,
  teraflopsToFlopsPerSecond,
} from "../units.ts";
import { HARDWARE_DATA } from "./data/hardware.ts";
import type { RawChip } from "./raw-types.ts";

/** A catalog value: a number or null (unknown), with where it came from. */
export interface Fact {
  value: number | null;
  origin: Origin;
}

export interface PriceQuote {
  provider: string;
  usdPerChipHour: number;
  qualifier: string;
  date: string;
  source: SourceRef;
}

export interface HardwareSpec {
  id: string;
  name: string;
  vendor: string;
  kind: "catalog" | "file";
  architecture: string;
  releaseYear: number | null;
  confidence: Confidence | null;
  notes: string;
  sources: SourceRef[];
  /** Dense peak FLOP/s per chip (FLOP = 2 per multiply-accumulate), by compute precision. */
  denseFlopsPerSecond: Readonly<Record<ComputePrecision, Fact>>;
  hbmBytes: Fact;
  hbmBytesPerSecond: Fact;
  scaleUpDomainChips: Fact;
  /** Scale-up (NVLink/ICI) bandwidth per chip, one direction. */
  scaleUpBytesPerSecondPerChip: Fact;
  /** Scale-out (backend NIC) bandwidth per chip, one direction. */
  scaleOutBytesPerSecondPerChip: Fact;
  hostLinkBytesPerSecond: Fact;
  hostDramBytesPerChip: Fact;
  hostDramBytesPerSecondPerChip: Fact;
  tdpWatts: Fact;
  prices: PriceQuote[];
  /** The catalog's default rental price: the most recently dated quote, or unknown. */
  usdPerChipHour: Fact;
}

/** The date of the hardware data snapshot. */
export const HARDWARE_DATA_DATE = "2026-11-22";

function sourcesOf(raw: { sources: { title: string; url: string | null; locator?: string }[] }): SourceRef[] {
  return raw.sources.map((s) => ({ title: s.title, url: s.url, date: `read ${HARDWARE_DATA_DATE}`, ...(s.locator ? { locator: s.locator } : {}) }));
}

/** A value's own source and confidence, where the data file gives them (data/hardware-extra.json's field_sources). */
interface FieldSource {
  source: number;
  confidence: Confidence;
  note?: string;
}

function catalogFact(raw: RawChip, field: string, value: number | null | undefined, scale: (x: number) => number, note?: string): Fact {
  const own = (raw["field_sources"] as Record<string, FieldSource> | undefined)?.[field];
  const ownSource = own ? sourcesOf(raw)[own.source] : undefined;
  const notes = [note, own?.note].filter((n): n is string => Boolean(n)).join("; ");
  const origin: Origin = {
    kind: "catalog",
    catalog: "hardware",
    entry: raw.id,
    field,
    sources: ownSource ? [ownSource] : sourcesOf(raw),
    confidence: own?.confidence ?? raw.confidence,
    ...(notes ? { note: notes } : {}),
  };
  return { value: value === null || value === undefined ? null : scale(value), origin };
}

const identity = (x: number) => x;

/** "2026-04-13" → 20260413; "2025 (page undated)" → 20250000; unknown → 0. */
function dateRank(date: string): number {
  const m = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?/.exec(date);
  if (!m) return 0;
  return Number(m[1]) * 10_000 + Number(m[2] ?? 0) * 100 + Number(m[3] ?? 0);
}

function normaliseChip(raw: RawChip): HardwareSpec {
  const flops = (field: keyof RawChip, note?: string): Fact =>
    catalogFact(raw, String(field), raw[field] as number | null | undefined, teraflopsToFlopsPerSecond, note);
  let fp8 = flops("fp8_dense_TFLOPs");
  if (fp8.value === null && typeof raw.fp8_TFLOPs_derived_from_rack === "number") {
    fp8 = flops("fp8_TFLOPs_derived_from_rack", "derived from a rack-level vendor claim ÷ chips; order-of-magnitude only");
  }
  const denseFlopsPerSecond: Record<ComputePrecision, Fact> = {
    bf16: flops("bf16_dense_TFLOPs"),
    fp16: raw.fp16_dense_TFLOPs != null ? flops("fp16_dense_TFLOPs") : flops("bf16_dense_TFLOPs", "FP16 taken equal to BF16"),
    fp8,
    int8: flops("int8_dense_TOPs", "integer operations per second"),
    fp4: flops("fp4_dense_TFLOPs"),
  };
  const scaleUpUni =
    raw.scaleup_bw_per_chip_GBps_unidirectional != null
      ? catalogFact(raw, "scaleup_bw_per_chip_GBps_unidirectional", raw.scaleup_bw_per_chip_GBps_unidirectional, gigabytesPerSecondToBytesPerSecond)
      : catalogFact(raw, "scaleup_bw_per_chip_GBps_unidirectional", null, identity, raw.scaleup_bw_per_chip_GBps_vendor ? `vendor quotes ${raw.scaleup_bw_per_chip_GBps_vendor} GB/s with no direction stated` : undefined);
  const prices: PriceQuote[] = raw.cloud_price_usd_per_chip_hour.map((q) => ({
    provider: q.provider,
    usdPerChipHour: q.usd,
    qualifier: q.qualifier,
    date: q.date,
    source: { title: `${q.provider} price quote`, url: q.source_url, date: q.date },
  }));
  const newest = [...prices].sort((a, b) => dateRank(b.date) - dateRank(a.date))[0];
  const usdPerChipHour: Fact = newest
    ? {
        value: newest.usdPerChipHour,
        origin: {
          kind: "catalog",
          catalog: "prices",
          entry: raw.id,
          field: "cloud_price_usd_per_chip_hour",
          sources: [newest.source],
          confidence: "low",
          note: `${newest.provider}, ${newest.qualifier}; the newest of ${prices.length} dated quote(s); rental prices are volatile`,
        },
      }
    : {
        value: null,
        origin: {
          kind: "catalog",
          catalog: "prices",
          entry: raw.id,
          field: "cloud_price_usd_per_chip_hour",
          sources: sourcesOf(raw),
          note: "no public price quote was found",
        },
      };
  return {
    id: raw.id,
    name: raw.name,
    vendor: raw.vendor,
    kind: "catalog",
    architecture: raw.architecture,
    releaseYear: raw.release_year,
    confidence: raw.confidence,
    notes: raw.notes,
    sources: sourcesOf(raw),
    denseFlopsPerSecond,
    hbmBytes: catalogFact(raw, "hbm_capacity_GB", raw.hbm_capacity_GB, gigabytesToBytes),
    hbmBytesPerSecond: catalogFact(raw, "hbm_bandwidth_TBps", raw.hbm_bandwidth_TBps, terabytesPerSecondToBytesPerSecond),
    scaleUpDomainChips: catalogFact(raw, "scaleup_domain_size_chips", raw.scaleup_domain_size_chips, identity),
    scaleUpBytesPerSecondPerChip: scaleUpUni,
    scaleOutBytesPerSecondPerChip: catalogFact(raw, "scaleout_nic_Gbps_per_chip", raw.scaleout_nic_Gbps_per_chip, gigabitsPerSecondToBytesPerSecond),
    hostLinkBytesPerSecond: catalogFact(raw, "host_link_GBps_unidirectional", raw.host_link_GBps_unidirectional, gigabytesPerSecondToBytesPerSecond),
    hostDramBytesPerChip: catalogFact(raw, "host_dram_per_chip_GB", raw.host_dram_per_chip_GB, gigabytesToBytes),
    hostDramBytesPerSecondPerChip: catalogFact(raw, "host_dram_bw_per_chip_GBps", raw.host_dram_bw_per_chip_GBps, gigabytesPerSecondToBytesPerSecond),
    tdpWatts: catalogFact(raw, "tdp_W", raw.tdp_W, identity),
    prices,
    usdPerChipHour,
  };
}

export const HARDWARE: readonly HardwareSpec[] = HARDWARE_DATA.chips.map(normaliseChip);
const byId = new Map(HARDWARE.map((h) => [h.id, h] as const));

/** Short aliases people type: "h100" → nvidia-h100-sxm5-80gb. */
export const HARDWARE_ALIASES: Readonly<Record<string, string>> = {
  a100: "nvidia-a100-sxm4-80gb",
  h100: "nvidia-h100-sxm5-80gb",
  h200: "nvidia-h200-sxm-141gb",
  h20: "nvidia-h20-96gb",
  b200: "nvidia-b200-hgx",
  b300: "nvidia-b300-hgx",
  gb200: "nvidia-gb200-nvl72",
  "gb200-nvl72": "nvidia-gb200-nvl72",
  gb300: "nvidia-gb300-nvl72",
  rubin: "nvidia-vera-rubin-nvl72",
  "vr200": "nvidia-vera-rubin-nvl72",
  "tpu-v4": "google-tpu-v4",
  "tpu-v5e": "google-tpu-v5e",
  "tpu-v5p": "google-tpu-v5p",
  "tpu-v6e": "google-tpu-v6e",
  ironwood: "google-tpu7x-ironwood",
  "tpu-v7": "google-tpu7x-ironwood",
  mi300x: "amd-mi300x",
  mi325x: "amd-mi325x",
  mi355x: "amd-mi355x",
  trainium2: "aws-trainium2",
  "rtx-4090": "nvidia-rtx-4090",
  "4090": "nvidia-rtx-4090",
  "rtx-5090": "nvidia-rtx-5090",
  "5090": "nvidia-rtx-5090",
  l40s: "nvidia-l40s",
  l4: "nvidia-l4",
  gaudi3: "intel-gaudi3",
  "gaudi-3": "intel-gaudi3",
};

export function hardwareIds(): string[] {
  return HARDWARE.map((h) => h.id);
}

export function findHardware(id: string): HardwareSpec | undefined {
  const key = id.trim().toLowerCase();
  return byId.get(key) ?? byId.get(HARDWARE_ALIASES[key] ?? "");
}

export function getHardware(id: string, field = "--hardware"): HardwareSpec {
  const hit = findHardware(id);
  if (hit) return hit;
  throw new RooflineError({
    code: "unknown-id",
    field,
    value: id,
    expected: "a catalog hardware id, an alias (h100, b200, gb200, …) or a path to a hardware JSON file",
    hint: `Nearest ids: ${nearestIds(id, [...hardwareIds(), ...Object.keys(HARDWARE_ALIASES)]).join(", ")}. List them with \`roofline catalog hardware\`.`,
  });
}

/** A Fact as a Quantity, or an error naming what is unknown and how to supply it. */
export function requireFact(fact: Fact, what: string, fix: string | ErrorFix | readonly ErrorFix[]): Quantity {
  if (fact.value === null) {
    const where = fact.origin.kind === "catalog" ? `${fact.origin.entry}.${fact.origin.field}` : what;
    const note = fact.origin.kind === "catalog" && fact.origin.note ? ` (${fact.origin.note})` : "";
    if (typeof fix === "string") {
      throw new RooflineError({ code: "missing-value", field: where, expected: `a known ${what}`, hint: `The catalog has no sourced value for it${note}; give one with ${fix}.` });
    }
    const fixes = Array.isArray(fix) ? [...(fix as readonly ErrorFix[])] : [fix as ErrorFix];
    throw new RooflineError({ code: "missing-value", field: where, expected: `a known ${what}`, hint: `The catalog has no sourced value for it${note}.`, fixes });
  }
  return { value: fact.value, origin: fact.origin };
}

export { COMPUTE_PRECISIONS };

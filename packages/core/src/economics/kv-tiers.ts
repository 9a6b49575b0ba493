/**
 * Where a KV cache should live: for each memory tier (HBM, host DRAM, flash, disk) the dollars per
 * second to hold one token's KV, the time and dollars to bring it back, against the dollars to
 * recompute it (a prefill). The cheapest tier as a function of hold time, with the crossover times,
 * next to real cache durations (5 minutes, 1 hour) and the ~10× cache-hit discount.
 *
 * Tier capacities and bandwidths come from the catalog's memory tiers (per GPU where the catalog
 * gives it); prices the catalog does not know stay unknown until the user gives one.
 */
import { computeFixes } from "../catalog/hardware.ts";
import type { HardwareSpec } from "../catalog/hardware.ts";
import { requireFact } from "../catalog/hardware.ts";
import { HARDWARE_DATA } from "../catalog/data/hardware.ts";
import type { RawMemoryTier } from "../catalog/raw-types.ts";
import { quoteValue, RooflineError, type Warning } from "../errors.ts";
import { copyDerivation, withNotes, type Derivation } from "../formula/derivation.ts";
import { constant, derived, type Quantity } from "../formula/formula.ts";
import { formatQuantity, formatSignificant } from "../format.ts";
import type { ModelSpec } from "../model/model.ts";
import type { ComputePrecision, Precision } from "../precision.ts";
import { costFloor, drainSeconds, memoryReadSeconds, weightFlopPerToken } from "../roofline/formulas.ts";
import { prepareRoofline } from "../roofline/step.ts";
import { logGrid } from "../roofline/sweep.ts";
import type { Origin, SourceRef } from "../sources.ts";
import { checkGiven, type Given } from "../validate.ts";
import { resolveNumber } from "../inputs/define.ts";
import { KV_TIERS_INPUTS } from "../inputs/pages.ts";
import {
  crossoverHoldSeconds,
  holdUsdPerSecond,
  retrieveUsd,
  tierTotalUsd,
  usdPerByteSecondFromChip,
  usdPerByteSecondFromStoragePrice,
  usdPerTokenFromPerMillion,
} from "./formulas.ts";

export type TierKind = "hbm" | "dram" | "flash" | "disk";
export const TIER_ORDER: readonly TierKind[] = ["hbm", "dram", "flash", "disk"];

export interface MemoryTier {
  kind: TierKind;
  name: string;
  /** Capacity and bandwidth per device the KV comes back to (per GPU where known). */
  capacityBytes: Quantity;
  bandwidthBytesPerSecond: Quantity;
  drainSeconds: Derivation;
  /** Rent per byte-second, or null when no price is known. */
  usdPerByteSecond: Derivation | null;
  priceNote: string;
  notes: string[];
}

export interface TierPriceOverrides {
  usdPerChipHour?: Given;
  dramUsdPerGbMonth?: Given;
  flashUsdPerGbMonth?: Given;
  diskUsdPerGbMonth?: Given;
  /** How each option is named in messages ("--dram-usd-per-gb-month" for the CLI). */
  names?: Partial<Record<"usdPerChipHour" | "dramUsdPerGbMonth" | "flashUsdPerGbMonth" | "diskUsdPerGbMonth", string>>;
}

function rawTier(id: string): RawMemoryTier {
  const t = HARDWARE_DATA.memory_tiers.find((x) => x.id === id);
  if (!t) throw new Error(`catalog: memory tier ${id} missing`);
  return t;
}

function tierOrigin(raw: RawMemoryTier, field: string, note?: string): Origin {
  const sources: SourceRef[] = raw.sources.map((s) => ({ title: s.title, url: s.url, date: "read 2026-11-22" }));
  return { kind: "catalog", catalog: "memory-tiers", entry: raw.id, field, sources, confidence: "medium", ...(note ? { note } : {}) };
}

function num(raw: RawMemoryTier, path: string): number {
  let v: unknown = raw;
  for (const k of path.split(".")) v = (v as Record<string, unknown>)[k];
  if (typeof v !== "number") throw new Error(`catalog: memory tier ${raw.id}.${path} is not a number`);
  return v;
}

function storagePrice(given: Given | undefined, flag: string, raw: RawMemoryTier | null, path: string | null, note: string): Derivation | null {
  let q: Quantity | null = null;
  if (given !== undefined) q = checkGiven(given, flag, { what: "USD per GB-month", min: 1e-6, max: 1e6 });
  else if (raw && path) q = { value: num(raw, path), origin: tierOrigin(raw, path, note) };
  if (!q) return null;
  return usdPerByteSecondFromStoragePrice.explain({ usdPerGbMonth: q });
}

/** The four tiers for KV on this hardware, from the catalog (and the user's prices). */
export function memoryTiers(hardware: HardwareSpec, o: TierPriceOverrides = {}): MemoryTier[] {
  const n = (k: keyof NonNullable<TierPriceOverrides["names"]>) => o.names?.[k] ?? k;
  const hbmCap = requireFact(hardware.hbmBytes, `HBM capacity of ${hardware.id}`, { kind: "give", input: "hbmBytes", what: "bytes per chip" });
  const hbmBw = requireFact(hardware.hbmBytesPerSecond, `HBM bandwidth of ${hardware.id}`, { kind: "give", input: "hbmBytesPerSecond", what: "bytes/s per chip" });
  let usd: Quantity | null = null;
  if (o.usdPerChipHour !== undefined) usd = checkGiven(o.usdPerChipHour, n("usdPerChipHour"), { what: "USD per chip-hour", min: 0, max: 1e6 });
  else if (hardware.usdPerChipHour.value !== null) usd = { value: hardware.usdPerChipHour.value, origin: hardware.usdPerChipHour.origin };

  const dram = rawTier("host-ddr5-dgx-h100-node");
  const link = rawTier("host-link-pcie");
  const nvme = rawTier("nvme-local-node");
  const hdd = rawTier("hdd-nearline");

  const dramCap: Quantity = { value: num(dram, "per_gpu_capacity_GB") * 1e9, origin: tierOrigin(dram, "per_gpu_capacity_GB", "2 TB per 8-GPU node") };
  const dramBw: Quantity = { value: num(link, "pcie_gen5_x16_GBps_unidirectional") * 1e9, origin: tierOrigin(link, "pcie_gen5_x16_GBps_unidirectional", "a GPU reaches host DRAM over PCIe Gen5 x16, slower than its 76.8 GB/s share of DRAM") };
  const flashCap: Quantity = { value: num(nvme, "capacity_TB") * 1e12, origin: tierOrigin(nvme, "capacity_TB", "DGX H100: 8 × 3.84 TB NVMe per node") };
  const flashBw: Quantity = { value: num(nvme, "bandwidth_GBps") * 1e9, origin: tierOrigin(nvme, "bandwidth_GBps", "8 drives × ~6.5 GB/s sequential read") };
  const diskCap: Quantity = { value: num(hdd, "capacity_TB") * 1e12, origin: tierOrigin(hdd, "capacity_TB", "one 24 TB nearline drive") };
  const diskBw: Quantity = { value: num(hdd, "bandwidth_MBps") * 1e6, origin: tierOrigin(hdd, "bandwidth_MBps", "sustained sequential rate; random I/O is far worse") };

  const hbmDrain = withNotes(drainSeconds.explain({ capacityBytes: hbmCap, bandwidthBytesPerSecond: hbmBw }, { name: "drainSeconds.hbm", title: "HBM drain time" }), "The lecture: ~20 ms on many generations.");
  const drain = (kind: string, title: string, cap: Quantity, bw: Quantity, notes: string[]) =>
    withNotes(drainSeconds.explain({ capacityBytes: cap, bandwidthBytesPerSecond: bw }, { name: `drainSeconds.${kind}`, title }), ...notes);

  return [
    {
      kind: "hbm",
      name: `HBM (${hardware.name})`,
      capacityBytes: hbmCap,
      bandwidthBytesPerSecond: hbmBw,
      drainSeconds: hbmDrain,
      usdPerByteSecond: usd ? usdPerByteSecondFromChip.explain({ usdPerChipHour: usd, hbmBytes: hbmCap }, { name: "usdPerByteSecond.hbm" }) : null,
      priceNote: usd ? "the GPU's rent, by the fraction of its HBM the KV occupies" : `unknown: the catalog has no rental quote for this chip; give ${n("usdPerChipHour")}`,
      notes: ["Already in HBM: bringing it back costs nothing (the lecture defines retrieval as moving the KV into HBM)."],
    },
    {
      kind: "dram",
      name: "host DRAM (DDR5, per GPU over PCIe Gen5)",
      capacityBytes: dramCap,
      bandwidthBytesPerSecond: dramBw,
      drainSeconds: drain("dram", "Host DRAM drain time (per GPU, over PCIe)", dramCap, dramBw, [
        `Per node, 2,048 GB at 614.4 GB/s theoretical drains in ${formatQuantity(drainSeconds.fn(2048e9, 614.4e9), "s")}; either way, seconds — the lecture's "1 to 10 seconds".`,
      ]),
      usdPerByteSecond: storagePrice(o.dramUsdPerGbMonth, n("dramUsdPerGbMonth"), null, null, ""),
      priceNote: o.dramUsdPerGbMonth !== undefined ? "given" : `unknown: no public $/GB-month for host DRAM was found (catalog); give ${n("dramUsdPerGbMonth")} (USD per GB-month)`,
      notes: [],
    },
    {
      kind: "flash",
      name: "local NVMe flash (per node)",
      capacityBytes: flashCap,
      bandwidthBytesPerSecond: flashBw,
      drainSeconds: drain("flash", "Flash drain time (per node)", flashCap, flashBw, [
        "The lecture guesses \"plausibly on the order of 1 minute\"; the catalog's DGX H100 flash (8 Gen4 drives) drains in ~10 minutes, and one drive alone (3.84 TB at 6.5 GB/s) in the same ~10 minutes.",
      ]),
      usdPerByteSecond: storagePrice(o.flashUsdPerGbMonth, n("flashUsdPerGbMonth"), nvme, "usd_per_GB_month.aws_ebs_gp3_ssd", "AWS EBS gp3 list price, not verified verbatim (catalog note)"),
      priceNote: o.flashUsdPerGbMonth !== undefined ? "given" : "AWS EBS gp3 $0.08/GB-month (catalog; not verified verbatim) — a cloud block-storage price standing in for local NVMe, whose cost is bundled in the instance",
      notes: [],
    },
    {
      kind: "disk",
      name: "HDD (nearline, one 24 TB drive)",
      capacityBytes: diskCap,
      bandwidthBytesPerSecond: diskBw,
      drainSeconds: drain("disk", "Disk drain time (per drive)", diskCap, diskBw, [
        "The lecture says spinning disk drains in \"on the order of 1 hour\"; one 24 TB drive at 285 MB/s takes ~23 hours. Striping N drives multiplies capacity and bandwidth alike, so an array drains in the same 23 hours. An hour corresponds to ~1 TB per spindle (a drive about 1/24 full of KV); a dual-actuator 14 TB drive at 524 MB/s still takes ~7.4 hours.",
      ]),
      usdPerByteSecond: storagePrice(o.diskUsdPerGbMonth, n("diskUsdPerGbMonth"), hdd, "usd_per_GB_month.aws_ebs_st1_hdd", "AWS EBS st1 list price, not verified verbatim (catalog note)"),
      priceNote:
        o.diskUsdPerGbMonth !== undefined
          ? "given"
          : "AWS EBS st1 $0.045/GB-month (catalog; not verified verbatim), like-for-like with the flash price; the catalog's hardware-only amortisation is $0.00081",
      notes: [],
    },
  ];
}

// ---- The analysis --------------------------------------------------------------------------------

export interface KvTierOptions extends TierPriceOverrides {
  hardware: HardwareSpec;
  /** A model: its KV bytes per token and active parameters (for recomputing). */
  model?: ModelSpec;
  /** Or the KV bytes per token directly (overrides the model's). */
  kvBytesPerToken?: Given;
  /** The cached model's active parameters, for the recompute cost, when no model is given (not the price sheet's or the lecture's frontier model: `activeParams`). */
  modelActiveParams?: Given;
  kvPrecision?: Precision;
  computePrecision?: ComputePrecision;
  /** FLOP utilisation of the recomputing prefill, (0, 1]; default 1 (the compute roofline). */
  prefillEfficiency?: Given;
  /** Hold times to tabulate, seconds; default log-spaced from 1 ms to 30 days. */
  holdSeconds?: readonly number[];
  /** Cache durations to compare with, seconds; default 5 minutes and 1 hour. */
  cacheDurations?: readonly number[];
  /** The provider's cache-hit discount (input ÷ cache read) to compare with; default 10 (the lecture). */
  cacheHitDiscount?: Given;
  names?: TierPriceOverrides["names"] & Partial<Record<"kvBytesPerToken" | "modelActiveParams" | "prefillEfficiency" | "cacheHitDiscount", string>>;
}

export interface TierRow {
  kind: TierKind | "recompute";
  name: string;
  priced: boolean;
  drainSeconds: number | null;
  holdUsdPerSecond: number | null;
  retrieveSeconds: number | null;
  retrieveUsd: number | null;
  priceNote: string;
}

export interface HoldPoint {
  holdSeconds: number;
  /** Cost per tier (null where the tier has no price), in TIER_ORDER then recompute. */
  usd: Record<TierKind | "recompute", number | null>;
  cheapest: TierKind | "recompute";
}

export interface Crossover {
  from: TierKind | "recompute";
  to: TierKind | "recompute";
  holdSeconds: number;
}

export interface DurationComparison {
  durationSeconds: number;
  cheapest: TierKind | "recompute";
  cheapestUsd: number;
  recomputeUsd: number;
  /** Recompute cost ÷ cheapest stored cost: the discount a cache hit could be priced at; null when the cheapest place costs nothing (a $0 chip-hour). */
  impliedDiscount: number | null;
  /** The tier whose drain time is nearest the duration (in log space). */
  drainMatchedTier: TierKind;
  /** The same comparison with the expected recompute cost (the efficiency model's prefill); null without a model. */
  expected: { cheapest: TierKind | "recompute"; cheapestUsd: number; recomputeUsd: number; impliedDiscount: number | null } | null;
}

export interface KvTierResult {
  hardware: { id: string; name: string };
  kvBytesPerToken: number;
  recomputeUsdPerToken: number;
  /**
   * The expected recompute cost per token: the efficiency model's prefill pass of the default prompt
   * (attention included), not a bound; null when no model is given (its shapes are unknown).
   */
  expectedRecomputeUsdPerToken: number | null;
  /** Why there is no expected recompute cost, or how it was made. */
  expectedNote: string;
  tiers: TierRow[];
  points: HoldPoint[];
  crossovers: Crossover[];
  durations: DurationComparison[];
  cacheHitDiscount: number;
  derivations: Record<string, Derivation>;
  warnings: Warning[];
}

function nearestDrainTier(tiers: readonly MemoryTier[], duration: number): TierKind {
  let best: MemoryTier = tiers[0] as MemoryTier;
  for (const t of tiers) if (Math.abs(Math.log(duration / t.drainSeconds.value)) < Math.abs(Math.log(duration / best.drainSeconds.value))) best = t;
  return best.kind;
}

export { nearestDrainTier };

export function analyzeKvTiers(o: KvTierOptions): KvTierResult {
  const names = o.names ?? {};
  const warnings: Warning[] = [];
  const derivations: Record<string, Derivation> = {};
  const tiers = memoryTiers(o.hardware, o);

  // KV bytes per token and the recompute (prefill) cost, from the engine's own graph.
  let kv: Quantity;
  let flopPerToken: Quantity;
  if (o.model) {
    const setup = prepareRoofline({
      model: o.model,
      hardware: o.hardware,
      ...(o.kvPrecision ? { kvPrecision: o.kvPrecision } : {}),
      ...(o.computePrecision ? { computePrecision: o.computePrecision } : {}),
      ...(o.usdPerChipHour !== undefined ? { usdPerChipHour: o.usdPerChipHour } : {}),
    });
    const d = setup.graph.explain(setup.params, ["weightFlopPerToken"]);
    const kvD = setup.graph.has("kvBytesPerToken") ? setup.graph.explain(setup.params, ["kvBytesPerToken"])["kvBytesPerToken"] : undefined;
    kv = kvD ? derived(kvD) : (setup.params["kvBytesPerToken"] as Quantity);
    flopPerToken = derived(d["weightFlopPerToken"] as Derivation);
  } else {
    if (o.kvBytesPerToken === undefined || o.modelActiveParams === undefined) {
      throw new RooflineError({ code: "missing-value", field: names.kvBytesPerToken ?? "kvBytesPerToken", expected: "a model, or both the KV bytes per token and the active parameters", fixes: [{ kind: "give", input: "model" }, { kind: "give", input: "kvBytesPerToken" }, { kind: "give", input: "modelActiveParams" }] });
    }
    const n = resolveNumber(KV_TIERS_INPUTS, "modelActiveParams", o.modelActiveParams, names.modelActiveParams);
    flopPerToken = derived(weightFlopPerToken.explain({ matmulParams: n }));
    kv = resolveNumber(KV_TIERS_INPUTS, "kvBytesPerToken", o.kvBytesPerToken, names.kvBytesPerToken);
  }
  if (o.model && o.kvBytesPerToken !== undefined) kv = resolveNumber(KV_TIERS_INPUTS, "kvBytesPerToken", o.kvBytesPerToken, names.kvBytesPerToken);
  if (kv.derivation) derivations["kvBytesPerToken"] = kv.derivation;

  const precision: ComputePrecision = o.computePrecision ?? "bf16";
  const peak = requireFact(o.hardware.denseFlopsPerSecond[precision], `dense ${precision.toUpperCase()} FLOP/s of ${o.hardware.id}`, computeFixes(o.hardware));
  const hbm = tiers[0] as MemoryTier;
  const eff = resolveNumber(KV_TIERS_INPUTS, "prefillEfficiency", o.prefillEfficiency, names.prefillEfficiency);
  const usdChip = hbm.usdPerByteSecond?.inputs.find((i) => i.name === "usdPerChipHour") ?? null;
  if (!usdChip) {
    throw new RooflineError({ code: "missing-value", field: names.usdPerChipHour ?? "usdPerChipHour", input: "usdPerChipHour", expected: `a rental price per chip-hour for ${o.hardware.id}`, hint: "The catalog has no dated quote for this chip.", fixes: [{ kind: "give", input: "usdPerChipHour", what: "USD per chip-hour" }] });
  }
  if (usdChip.value <= 0) {
    throw new RooflineError({ code: "out-of-range", field: names.usdPerChipHour ?? "usdPerChipHour", input: "usdPerChipHour", value: quoteValue(usdChip.value), expected: "a price above 0 USD per chip-hour: the tiers are compared by what they cost, and at 0 every cost and ratio is 0 or 0/0" });
  }
  const recomputeMtok = costFloor.explain(
    {
      usdPerChipHour: { value: usdChip.value, origin: usdChip.origin },
      flopPerToken,
      peakFlopsPerSecond: peak,
      computeEfficiency: eff,
      kvBytesPerSequence: constant(0, "a prefill of one token's KV: no KV is read to make it"),
      passTokens: constant(1, "per token"),
      bandwidthBytesPerSecond: hbm.bandwidthBytesPerSecond,
      bandwidthEfficiency: constant(1, "ideal roofline"),
    },
    { name: "recomputeUsdPerMillionTokens", title: "Recompute cost per million tokens (a compute-bound prefill)" },
  );
  const recompute = usdPerTokenFromPerMillion.explain({ usdPerMillionTokens: derived(recomputeMtok) }, { name: "recomputeUsdPerToken", title: "Cost to recompute one token's KV" });
  derivations["recomputeUsdPerToken"] = withNotes(recompute, "Attention FLOPs of the prefill are left out, as in the lecture (\"very well approximated by a flat line\").");

  // The expected recompute: the efficiency model's prefill pass of the model (matmul shapes, attention,
  // fixed time), at the same chip and price. Only a model has the shapes it needs.
  let expectedRecompute: Derivation | null = null;
  let expectedNote = "the efficiency model needs the model's shapes: give a model";
  if (o.model) {
    const px = prepareRoofline({
      model: o.model,
      hardware: o.hardware,
      phase: "prefill",
      usdPerChipHour: { value: usdChip.value, origin: usdChip.origin },
      ...(o.kvPrecision ? { kvPrecision: o.kvPrecision } : {}),
      ...(o.computePrecision ? { computePrecision: o.computePrecision } : {}),
    });
    const pass = px.params["passTokens"]?.value ?? 0;
    const mtok = px.graph.explain(px.params, ["expectedUsdPerMillionTokens"])["expectedUsdPerMillionTokens"];
    if (mtok) {
      const title = `Recompute cost per million tokens, expected (a ${formatSignificant(pass, 6)}-token prefill pass)`;
      expectedRecompute = usdPerTokenFromPerMillion.explain(
        { usdPerMillionTokens: derived(copyDerivation(mtok, { name: "expectedRecomputeUsdPerMillionTokens", title })) },
        { name: "expectedRecomputeUsdPerToken", title: "Cost to recompute one token's KV, expected" },
      );
      derivations["expectedRecomputeUsdPerToken"] = withNotes(expectedRecompute, "The efficiency model's prefill: thin-matmul and attention efficiency, fixed time per layer, attention FLOPs included; not a bound. The recompute efficiency input applies to the ideal only.");
      expectedNote = `the efficiency model's ${formatSignificant(pass, 6)}-token prefill pass on one chip at the same price, attention included: not a bound`;
    }
  }

  const rows: TierRow[] = [];
  const hold: Partial<Record<TierKind, number>> = {};
  const ret: Partial<Record<TierKind, number>> = {};
  for (const t of tiers) {
    derivations[`drainSeconds.${t.kind}`] = t.drainSeconds;
    const retrieveSeconds =
      t.kind === "hbm"
        ? 0
        : memoryReadSeconds.explain(
            { bytes: kv, chips: constant(1, "one device"), bandwidthBytesPerSecond: t.bandwidthBytesPerSecond, bandwidthEfficiency: constant(1, "peak bandwidth") },
            { name: `retrieveSeconds.${t.kind}`, title: `Time to bring one token's KV back from ${t.kind}` },
          );
    if (typeof retrieveSeconds !== "number") derivations[`retrieveSeconds.${t.kind}`] = retrieveSeconds;
    if (!t.usdPerByteSecond) {
      rows.push({ kind: t.kind, name: t.name, priced: false, drainSeconds: t.drainSeconds.value, holdUsdPerSecond: null, retrieveSeconds: typeof retrieveSeconds === "number" ? 0 : retrieveSeconds.value, retrieveUsd: null, priceNote: t.priceNote });
      warnings.push({ code: "tier-price-unknown", message: `${t.name}: ${t.priceNote}. The tier is left out of the cheapest-tier comparison.` });
      continue;
    }
    const h = holdUsdPerSecond.explain({ kvBytesPerToken: kv, usdPerByteSecond: derived(t.usdPerByteSecond) }, { name: `holdUsdPerSecond.${t.kind}`, title: `Cost to hold one token's KV in ${t.kind}, per second` });
    derivations[`holdUsdPerSecond.${t.kind}`] = h;
    const r =
      t.kind === "hbm"
        ? null
        : retrieveUsd.explain({ holdUsdPerSecond: derived(h), drainSeconds: derived(t.drainSeconds) }, { name: `retrieveUsd.${t.kind}`, title: `Cost to bring one token's KV back from ${t.kind}` });
    if (r) derivations[`retrieveUsd.${t.kind}`] = r;
    hold[t.kind] = h.value;
    ret[t.kind] = r ? r.value : 0;
    rows.push({
      kind: t.kind,
      name: t.name,
      priced: true,
      drainSeconds: t.drainSeconds.value,
      holdUsdPerSecond: h.value,
      retrieveSeconds: typeof retrieveSeconds === "number" ? 0 : retrieveSeconds.value,
      retrieveUsd: r ? r.value : 0,
      priceNote: t.priceNote,
    });
  }
  rows.push({ kind: "recompute", name: "recompute (prefill)", priced: true, drainSeconds: null, holdUsdPerSecond: 0, retrieveSeconds: null, retrieveUsd: recompute.value, priceNote: "a prefill at the chip's rent" });

  const costAt = (T: number, recomputeUsd = recompute.value): HoldPoint => {
    const usd = { hbm: null, dram: null, flash: null, disk: null, recompute: recomputeUsd } as HoldPoint["usd"];
    let cheapest: TierKind | "recompute" = "recompute";
    let best = recomputeUsd;
    for (const k of TIER_ORDER) {
      const h = hold[k];
      if (h === undefined) continue;
      const c = tierTotalUsd.fn(h, T, ret[k] ?? 0);
      usd[k] = c;
      if (c < best) {
        best = c;
        cheapest = k;
      }
    }
    return { holdSeconds: T, usd, cheapest };
  };
  const points = (o.holdSeconds ?? logGrid(1e-3, 30 * 86_400, 4, false)).map((T) => costAt(T));

  // Exact crossovers between successive cheapest options along the grid.
  const crossovers: Crossover[] = [];
  const costParams = (k: TierKind | "recompute") => (k === "recompute" ? { h: 0, c: recompute.value } : { h: hold[k] as number, c: ret[k] as number });
  for (let i = 1; i < points.length; i++) {
    const a = (points[i - 1] as HoldPoint).cheapest;
    const b = (points[i] as HoldPoint).cheapest;
    if (a === b) continue;
    const pa = costParams(a);
    const pb = costParams(b);
    const T = crossoverHoldSeconds.fn(pa.h, pa.c, pb.h, pb.c);
    crossovers.push({ from: a, to: b, holdSeconds: T });
    derivations[`crossover.${a}-${b}`] = crossoverHoldSeconds.explain(
      {
        holdA: a === "recompute" ? constant(0, "nothing is held") : derived(derivations[`holdUsdPerSecond.${a}`] as Derivation),
        retrieveA: a === "hbm" ? constant(0, "already in HBM") : a === "recompute" ? derived(recompute) : derived(derivations[`retrieveUsd.${a}`] as Derivation),
        holdB: b === "recompute" ? constant(0, "nothing is held: recompute") : derived(derivations[`holdUsdPerSecond.${b}`] as Derivation),
        retrieveB: b === "recompute" ? derived(recompute) : b === "hbm" ? constant(0, "already in HBM") : derived(derivations[`retrieveUsd.${b}`] as Derivation),
      },
      { name: `crossover.${a}-${b}`, title: `Hold time where ${b} becomes cheaper than ${a}` },
    );
  }

  const discount = resolveNumber(KV_TIERS_INPUTS, "cacheHitDiscount", o.cacheHitDiscount, names.cacheHitDiscount);
  const durations = (o.cacheDurations ?? [300, 3600]).map((T): DurationComparison => {
    const p = costAt(T);
    const cheapestUsd = p.usd[p.cheapest] as number;
    let expected: DurationComparison["expected"] = null;
    if (expectedRecompute) {
      const x = costAt(T, expectedRecompute.value);
      const xUsd = x.usd[x.cheapest] as number;
      expected = { cheapest: x.cheapest, cheapestUsd: xUsd, recomputeUsd: expectedRecompute.value, impliedDiscount: xUsd > 0 ? expectedRecompute.value / xUsd : null };
    }
    return { durationSeconds: T, cheapest: p.cheapest, cheapestUsd, recomputeUsd: recompute.value, impliedDiscount: cheapestUsd > 0 ? recompute.value / cheapestUsd : null, drainMatchedTier: nearestDrainTier(tiers, T), expected };
  });
  for (const d of durations) {
    derivations[`durationMatch.${d.durationSeconds}s`] = copyDerivation((tiers.find((t) => t.kind === d.drainMatchedTier) as MemoryTier).drainSeconds, {
      name: `durationMatch.${d.durationSeconds}s`,
      notes: [
        `A ${formatQuantity(d.durationSeconds, "s")} cache duration sits nearest the drain time of ${d.drainMatchedTier} (the lecture: the duration is the drain time of the tier the cache lives in).`,
        d.impliedDiscount === null
          ? `At ${formatQuantity(d.durationSeconds, "s")} the cheapest place is ${d.cheapest} and costs nothing (a $0 chip-hour): there is no ratio to set against the ~${formatSignificant(discount.value, 3)}× cache-hit discount of API prices.`
          : `At ${formatQuantity(d.durationSeconds, "s")} the cheapest place is ${d.cheapest}; recomputing costs ${formatSignificant(d.impliedDiscount, 3)}× as much, against the ~${formatSignificant(discount.value, 3)}× cache-hit discount of API prices.`,
      ],
    });
  }

  return {
    hardware: { id: o.hardware.id, name: o.hardware.name },
    kvBytesPerToken: kv.value,
    recomputeUsdPerToken: recompute.value,
    expectedRecomputeUsdPerToken: expectedRecompute?.value ?? null,
    expectedNote,
    tiers: rows,
    points,
    crossovers,
    durations,
    cacheHitDiscount: discount.value,
    derivations,
    warnings,
  };
}

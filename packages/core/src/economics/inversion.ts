/**
 * What an API price sheet reveals, under stated assumptions (the lecture, 1:33–2:03):
 *  - the long-context threshold → KV bytes per token, where KV-fetch time meets compute time
 *    (context.kvBytesPerTokenAtBalance), with the range that uncertain assumptions imply;
 *  - output ÷ input price → how memory-bound decode is;
 *  - each cache duration → the memory tier whose drain time matches it;
 *  - the attention layouts that would give the inferred KV size.
 * And the forward direction, for round trips: a synthetic model priced by where its costs cross.
 */
import { computeFixes } from "../catalog/hardware.ts";
import { findHardware, requireFact, type HardwareSpec } from "../catalog/hardware.ts";
import { RooflineError, type Warning } from "../errors.ts";
import { copyDerivation, withNotes, type Derivation } from "../formula/derivation.ts";
import { byDefault, constant, derived, type Quantity } from "../formula/formula.ts";
import { formatQuantity, formatSignificant } from "../format.ts";
import { COMPUTE_PRECISIONS, type ComputePrecision } from "../precision.ts";
import { denseCrossoverContext, flopPerByte, kvBytesPerTokenAtBalance, kvBytesPerTokenFromValues, kvValuesPerTokenGqa, kvValuesPerTokenMla, weightBytesResident, weightFlopPerToken } from "../roofline/formulas.ts";
import type { Given } from "../validate.ts";
import { PRICES_INPUTS } from "../inputs/pages.ts";
import { resolveNumber } from "../inputs/define.ts";
import { durationToDrainRatio, impliedDecodeUtilization, kvBytesPerTokenWithWeights, priceRatio } from "./formulas.ts";
import { memoryTiers, nearestDrainTier, type TierKind, type TierPriceOverrides } from "./kv-tiers.ts";
import type { PriceSheet } from "./prices.ts";

/** The inversion's chip: the prices table's default (the CLI and the API prices page use it too). */
export const DEFAULT_INVERSION_HARDWARE = PRICES_INPUTS.get("hardware").default as string;
export const DEFAULT_ACTIVE_PARAMS = PRICES_INPUTS.get("activeParams").default as number;

export interface InversionOptions {
  sheet: PriceSheet;
  /** Active parameters of the priced model; default 100B (the lecture's guess for a frontier model). */
  activeParams?: Given;
  /** The range of active parameters to consider; default ½× to 2× the central value. */
  activeParamsLow?: Given;
  activeParamsHigh?: Given;
  /** The serving hardware; default H100 SXM (the lecture's "≈300" class). */
  hardware?: HardwareSpec;
  /** Compute precision of the central estimate; default FP8 (1-byte weights at the lecture's ratio). */
  computePrecision?: ComputePrecision;
  /** Overrides of the hardware's FLOP/s and HBM bandwidth (then the range covers active parameters only). */
  peakFlopsPerSecond?: Given;
  hbmBytesPerSecond?: Given;
  /**
   * Batch regime. Omitted: the lecture's — batch large enough that weight reads are negligible.
   * Given: weights read once per step add memory time (needs totalParams and bytesPerWeight).
   */
  batch?: Given;
  totalParams?: Given;
  bytesPerWeight?: Given;
  /** Prefill FLOP utilisation (1 = at the roofline) used to read the output/input price ratio. */
  prefillUtilization?: Given;
  tierPrices?: TierPriceOverrides;
  names?: Partial<Record<"activeParams" | "activeParamsLow" | "activeParamsHigh" | "peakFlopsPerSecond" | "hbmBytesPerSecond" | "batch" | "totalParams" | "bytesPerWeight" | "prefillUtilization", string>>;
}

export interface RangeCorner {
  activeParams: number;
  computePrecision: ComputePrecision | "given";
  flopPerByte: number;
  kvBytesPerToken: number;
}

export interface AttentionLayout {
  kind: "shared-global-kv" | "per-layer-gqa" | "mla";
  description: string;
  kvLayers: number;
  kvHeads: number | null;
  headDim: number | null;
  latentDim: number | null;
  bytesPerValue: number;
  kvBytesPerToken: number;
  /** The layout's KV ÷ the central estimate. */
  ratioToEstimate: number;
  withinRange: boolean;
}

export interface CacheTierMatch {
  durationSeconds: number;
  writeUsdPerMillionTokens: number;
  tier: TierKind;
  tierName: string;
  drainSeconds: number;
  durationToDrain: number;
}

export interface InversionResult {
  sheet: { id: string; provider: string; model: string; date: string | null };
  thresholdTokens: number | null;
  /** The KV bytes per token the price sheet implies (the balance point at its long-context threshold). */
  impliedKvBytesPerToken: number | null;
  kvBytesPerTokenRange: { low: number; high: number; corners: RangeCorner[] } | null;
  longContextPremium: { input: number; output: number | null } | null;
  outputToInputRatio: number;
  impliedDecodeUtilization: number;
  decodeBound: "memory" | "compute";
  cacheHitDiscount: number | null;
  cacheTiers: CacheTierMatch[];
  layouts: AttentionLayout[];
  assumptions: string[];
  plausibility: string[];
  derivations: Record<string, Derivation>;
  warnings: Warning[];
}

function flopsFor(h: HardwareSpec, p: ComputePrecision): Quantity | null {
  const f = h.denseFlopsPerSecond[p];
  return f.value === null ? null : { value: f.value, origin: f.origin };
}

/**
 * KV layouts near the estimate: one global KV shared by all layers (Character.AI, Gemma), per-layer GQA,
 * MLA. KV heads 1–8 and d_head around 128, as the lecture says is typical (1:40:36).
 */
export function candidateLayouts(central: number, low: number, high: number): AttentionLayout[] {
  const out: AttentionLayout[] = [];
  const add = (l: Omit<AttentionLayout, "ratioToEstimate" | "withinRange">) =>
    out.push({ ...l, ratioToEstimate: l.kvBytesPerToken / central, withinRange: l.kvBytesPerToken >= low * 0.999 && l.kvBytesPerToken <= high * 1.001 });
  const bytesName = (b: number) => (b === 1 ? "FP8" : "BF16");
  for (const b of [1, 2]) {
    for (const heads of [1, 2, 4, 8]) {
      for (const d of [64, 128, 256]) {
        for (const layers of [1, 2, 4, 8, 16, 32, 64]) {
          const kv = kvBytesPerTokenFromValues.fn(kvValuesPerTokenGqa.fn(layers, heads, d, d), b);
          if (kv < low * 0.5 || kv > high * 2) continue;
          add({
            kind: layers === 1 ? "shared-global-kv" : "per-layer-gqa",
            description:
              layers === 1
                ? `one global KV shared by all layers: ${heads} KV head${heads > 1 ? "s" : ""} × ${d} dims × 2 (K,V) × ${b} B (${bytesName(b)})`
                : `${layers} KV layers × 2 × ${heads} KV head${heads > 1 ? "s" : ""} × ${d} dims × ${b} B (${bytesName(b)})`,
            kvLayers: layers,
            kvHeads: heads,
            headDim: d,
            latentDim: null,
            bytesPerValue: b,
            kvBytesPerToken: kv,
          });
        }
      }
    }
    for (const dc of [256, 512]) {
      for (const layers of [1, 2, 4, 8]) {
        const kv = kvBytesPerTokenFromValues.fn(kvValuesPerTokenMla.fn(layers, dc, 64), b);
        if (kv < low * 0.5 || kv > high * 2) continue;
        add({ kind: "mla", description: `MLA: ${layers} KV layer${layers > 1 ? "s" : ""} × (latent ${dc} + RoPE 64) × ${b} B (${bytesName(b)})`, kvLayers: layers, kvHeads: null, headDim: null, latentDim: dc, bytesPerValue: b, kvBytesPerToken: kv });
      }
    }
  }
  const kindRank = { "shared-global-kv": 0, "per-layer-gqa": 1, mla: 2 } as const;
  out.sort(
    (a, b) =>
      Math.abs(Math.log(a.ratioToEstimate)) - Math.abs(Math.log(b.ratioToEstimate)) ||
      kindRank[a.kind] - kindRank[b.kind] ||
      Math.abs(Math.log2((a.headDim ?? 128) / 128)) - Math.abs(Math.log2((b.headDim ?? 128) / 128)) ||
      (b.kvHeads ?? 0) - (a.kvHeads ?? 0) ||
      a.kvLayers - b.kvLayers,
  );
  return out;
}

export function invertPrices(o: InversionOptions): InversionResult {
  const names = o.names ?? {};
  const s = o.sheet;
  const warnings: Warning[] = [];
  const derivations: Record<string, Derivation> = {};
  const assumptions: string[] = [];
  const plausibility: string[] = [];
  const hardware = o.hardware ?? (findHardware(DEFAULT_INVERSION_HARDWARE) as HardwareSpec);
  // Ranges and defaults: PRICES_INPUTS (the CLI's flags and the API prices page's controls come from it too).
  const T = PRICES_INPUTS;
  const precision: ComputePrecision = o.computePrecision ?? (T.get("computePrecision").default as ComputePrecision);

  const n = resolveNumber(T, "activeParams", o.activeParams, names.activeParams);
  const nLow = o.activeParamsLow !== undefined ? resolveNumber(T, "activeParamsLow", o.activeParamsLow, names.activeParamsLow) : byDefault(n.value / 2, T.get("activeParamsLow").defaultFrom);
  const nHigh = o.activeParamsHigh !== undefined ? resolveNumber(T, "activeParamsHigh", o.activeParamsHigh, names.activeParamsHigh) : byDefault(n.value * 2, T.get("activeParamsHigh").defaultFrom);
  if (nLow.value > n.value || nHigh.value < n.value) {
    throw new RooflineError({ code: "out-of-range", field: names.activeParamsLow ?? "activeParamsLow", value: `${nLow.value}–${nHigh.value}`, expected: `a range that contains the central ${n.value} active parameters` });
  }
  const bw = o.hbmBytesPerSecond
    ? resolveNumber(T, "hbmBytesPerSecond", o.hbmBytesPerSecond, names.hbmBytesPerSecond)
    : requireFact(hardware.hbmBytesPerSecond, `HBM bandwidth of ${hardware.id}`, { kind: "give", input: "hbmBytesPerSecond", what: "bytes/s per chip" });
  const peak = o.peakFlopsPerSecond
    ? resolveNumber(T, "peakFlopsPerSecond", o.peakFlopsPerSecond, names.peakFlopsPerSecond)
    : requireFact(hardware.denseFlopsPerSecond[precision], `dense ${precision.toUpperCase()} FLOP/s of ${hardware.id}`, computeFixes(hardware));
  derivations["flopPerByte"] = withNotes(
    flopPerByte.explain({ peakFlopsPerSecond: peak, bandwidthBytesPerSecond: bw }),
    "The lecture's \"300\" counts multiply-accumulates × bytes per weight: at FP8 with 1-byte weights that is this ratio ÷ 2.",
  );
  assumptions.push(
    `The serving hardware's balance: ${formatSignificant(derivations["flopPerByte"].value, 4)} FLOP per byte of HBM (${o.peakFlopsPerSecond ? "given FLOP/s" : `${hardware.name}, dense ${precision.toUpperCase()}`}; FLOP = 2 per multiply-accumulate).`,
    `Active parameters ${formatQuantity(n.value, "param")} (range ${formatQuantity(nLow.value, "param")} to ${formatQuantity(nHigh.value, "param")}).`,
  );

  // ---- Long-context threshold → KV bytes per token ------------------------------------------
  let kvCentral: number | null = null;
  let range: InversionResult["kvBytesPerTokenRange"] = null;
  let threshold: number | null = null;
  let premium: InversionResult["longContextPremium"] = null;
  const lc = s.longContext;
  if (lc) {
    threshold = lc.thresholdTokens.value;
    const inP = priceRatio.explain({ numeratorUsdPerMillionTokens: lc.input, denominatorUsdPerMillionTokens: s.input }, { name: "longContextInputPremium", title: "Long-context input price ÷ standard" });
    derivations["longContextInputPremium"] = inP;
    let outP: Derivation | null = null;
    if (lc.output) {
      outP = priceRatio.explain({ numeratorUsdPerMillionTokens: lc.output, denominatorUsdPerMillionTokens: s.output }, { name: "longContextOutputPremium", title: "Long-context output price ÷ standard" });
      derivations["longContextOutputPremium"] = outP;
    }
    premium = { input: inP.value, output: outP ? outP.value : null };
    const kvInf = kvBytesPerTokenAtBalance.explain(
      { activeParams: n, bandwidthBytesPerSecond: bw, peakFlopsPerSecond: peak, contextTokens: lc.thresholdTokens },
      {
        name: "kvBytesPerTokenUnbounded",
        notes: [
          "The lecture's figure: ~1.7 KB (\"1667 … about 2 kilobytes\") from 1/300 × 100B ÷ 200K, its 300 being multiply-accumulates per byte with 1-byte weights — FP8 compute on H100-class hardware here; BF16 compute halves the FLOP/byte and doubles the answer (~3.4 KB).",
        ],
      },
    );
    derivations["kvBytesPerTokenUnbounded"] = kvInf;
    assumptions.push(`The long-context price tier starts where KV-fetch time equals compute time (the lecture: "somewhat aligned with this crossover point, maybe not exactly"), at ${formatQuantity(threshold, "token")}.`);
    let central = kvInf;
    let finiteBatch: { batch: Quantity; weightBytes: Derivation } | null = null;
    if (o.batch !== undefined) {
      const batch = resolveNumber(T, "batch", o.batch, names.batch);
      if (o.totalParams === undefined || o.bytesPerWeight === undefined) {
        throw new RooflineError({ code: "missing-value", field: names.totalParams ?? "totalParams", expected: "total parameters and bytes per weight, to count the weight reads at a finite batch", input: "totalParams", fixes: [{ kind: "give", input: "totalParams" }, { kind: "give", input: "bytesPerWeight" }] });
      }
      const total = resolveNumber(T, "totalParams", o.totalParams, names.totalParams);
      const bpw = resolveNumber(T, "bytesPerWeight", o.bytesPerWeight, names.bytesPerWeight);
      const wb = weightBytesResident.explain({ totalParams: total, bytesPerWeight: bpw });
      derivations["weightBytes"] = wb;
      central = kvBytesPerTokenWithWeights.explain({ kvBytesPerTokenUnbounded: derived(kvInf), weightBytes: derived(wb), batch, contextTokens: lc.thresholdTokens }, { name: "impliedKvBytesPerToken" });
      finiteBatch = { batch, weightBytes: wb };
      assumptions.push(`A batch of ${formatSignificant(batch.value, 6)} sequences: every weight is read once per step, which takes memory time too.`);
      if (central.value <= 0) {
        warnings.push({ code: "batch-too-small", message: `At a batch of ${batch.value} the weight reads alone outlast the compute at ${threshold} tokens: no KV size puts the crossover there. The batch assumption is implausible for this price sheet.` });
      }
    } else {
      central = copyDerivation(kvInf, { name: "impliedKvBytesPerToken" });
      assumptions.push("Batch large enough that weight reads are amortised away (the lecture's regime).");
    }
    derivations["impliedKvBytesPerToken"] = central;
    kvCentral = central.value;

    // The range: corners over active parameters and the chip's compute precisions.
    const corners: RangeCorner[] = [];
    const precisions: (ComputePrecision | "given")[] = o.peakFlopsPerSecond ? ["given"] : COMPUTE_PRECISIONS.filter((p) => (p === "bf16" || p === "fp8" || p === precision) && flopsFor(hardware, p) !== null);
    for (const p of precisions) {
      const f = p === "given" ? peak.value : (flopsFor(hardware, p) as Quantity).value;
      for (const na of [nLow.value, nHigh.value]) {
        let kv = kvBytesPerTokenAtBalance.fn(na, bw.value, f, threshold);
        if (finiteBatch) kv = kvBytesPerTokenWithWeights.fn(kv, finiteBatch.weightBytes.value, finiteBatch.batch.value, threshold);
        corners.push({ activeParams: na, computePrecision: p, flopPerByte: flopPerByte.fn(f, bw.value), kvBytesPerToken: kv });
      }
    }
    const kvs = [central.value, ...corners.map((c) => c.kvBytesPerToken)];
    range = { low: Math.min(...kvs), high: Math.max(...kvs), corners };
    if (!o.peakFlopsPerSecond) assumptions.push(`The range spans the active-parameter range and ${precisions.map((p) => String(p).toUpperCase()).join(" and ")} compute on ${hardware.name}.`);
    if (s.contextWindowTokens && threshold >= s.contextWindowTokens.value) {
      warnings.push({ code: "threshold-beyond-window", message: `The long-context threshold (${threshold}) is not below the context window (${s.contextWindowTokens.value}).` });
    }
  } else {
    plausibility.push(`${s.provider} ${s.model} has no long-context price tier in this sheet: there is no threshold to invert into KV bytes per token.`);
  }

  // ---- Output ÷ input → memory-boundness of decode ----------------------------------------------
  const ratio = priceRatio.explain({ numeratorUsdPerMillionTokens: s.output, denominatorUsdPerMillionTokens: s.input }, { name: "outputToInputRatio", title: "Output price ÷ input price" });
  derivations["outputToInputRatio"] = withNotes(ratio, "The lecture assumes ~5× (\"what I've seen in the past is like three or five times\").");
  const prefillU = resolveNumber(T, "prefillUtilization", o.prefillUtilization, names.prefillUtilization);
  const util = impliedDecodeUtilization.explain({ prefillUtilization: prefillU, outputToInputRatio: derived(ratio) });
  derivations["impliedDecodeUtilization"] = util;
  const decodeBound = ratio.value > 1 ? "memory" : "compute";
  plausibility.push(
    ratio.value > 1
      ? `Output costs ${formatSignificant(ratio.value, 3)}× input: if input is priced at a compute-bound prefill, decode runs at ~${formatSignificant(util.value * 100, 3)}% of the FLOPs — memory-bandwidth-bound, as the lecture reads it.`
      : `Output costs no more than input (${formatSignificant(ratio.value, 3)}×): nothing here says decode is memory-bound.`,
  );

  // ---- Cache hits and cache durations --------------------------------------------------------------
  let cacheHitDiscount: number | null = null;
  if (s.cacheRead && s.cacheRead.value > 0) {
    const d = priceRatio.explain({ numeratorUsdPerMillionTokens: s.input, denominatorUsdPerMillionTokens: s.cacheRead }, { name: "cacheHitDiscount", title: "Input price ÷ cache-hit price" });
    derivations["cacheHitDiscount"] = withNotes(d, "The lecture: \"if you do hit a cache, it's 10x cheaper\" — loading stored KV is much cheaper than recomputing it.");
    cacheHitDiscount = d.value;
  }
  const tiers = memoryTiers(hardware, o.tierPrices ?? {});
  const cacheTiers: CacheTierMatch[] = s.cacheWrites.map((w) => {
    const kind = nearestDrainTier(tiers, w.durationSeconds);
    const t = tiers.find((x) => x.kind === kind) as (typeof tiers)[number];
    const q = durationToDrainRatio.explain({ durationSeconds: constant(w.durationSeconds, `${s.provider}'s cache duration`), drainSeconds: derived(t.drainSeconds) }, { name: `durationToDrain.${w.durationSeconds}s` });
    derivations[`durationToDrain.${w.durationSeconds}s`] = withNotes(q, `Nearest drain time (in log space) among HBM ${formatQuantity(tiers[0]?.drainSeconds.value ?? 0, "s")}, host DRAM ${formatQuantity(tiers[1]?.drainSeconds.value ?? 0, "s")}, flash ${formatQuantity(tiers[2]?.drainSeconds.value ?? 0, "s")}, disk ${formatQuantity(tiers[3]?.drainSeconds.value ?? 0, "s")}: ${t.name}.`);
    return { durationSeconds: w.durationSeconds, writeUsdPerMillionTokens: w.usdPerMillionTokens.value, tier: kind, tierName: t.name, drainSeconds: t.drainSeconds.value, durationToDrain: q.value };
  });
  if (cacheTiers.length) {
    plausibility.push(
      `Cache durations by drain time: ${cacheTiers.map((c) => `${formatQuantity(c.durationSeconds, "s")} → ${c.tier} (drain ${formatQuantity(c.drainSeconds, "s")})`).join("; ")}. The lecture guessed flash for 5 minutes and spinning disk for 1 hour; with the catalog's drives (flash ~10 min, one 24 TB disk ~23 h) both durations sit nearest flash.`,
    );
  }

  // ---- Layouts and plausibility ------------------------------------------------------------------
  let layouts: AttentionLayout[] = [];
  if (kvCentral !== null && range) {
    layouts = candidateLayouts(kvCentral, range.low, range.high).slice(0, 12);
    const lecture = kvBytesPerTokenFromValues.explain(
      {
        valuesPerToken: derived(
          kvValuesPerTokenGqa.explain(
            { layers: constant(1, "one global KV shared by every layer (Character.AI, Gemma)"), kvHeads: constant(8, "the lecture: KV heads typically 1 to 8"), headDimK: constant(128, "the lecture: d_head of 128 is typical"), headDimV: constant(128, "d_head") },
            { name: "lectureLayoutValues" },
          ),
        ),
        bytesPerValue: constant(1, "FP8 KV"),
      },
      { name: "lectureLayoutKvBytesPerToken", title: "The lecture's layout: 8 KV heads × 128 dims, shared across layers" },
    );
    derivations["lectureLayoutKvBytesPerToken"] = withNotes(lecture, `${formatSignificant(lecture.value / kvCentral, 3)}× the estimate; ${lecture.value >= range.low && lecture.value <= range.high ? "inside" : "outside"} the range ${formatQuantity(range.low, "B/token")}–${formatQuantity(range.high, "B/token")}.`);
    const inRange = layouts.filter((l) => l.withinRange);
    plausibility.push(
      kvCentral <= 0
        ? "No positive KV size fits these assumptions."
        : `KV of ${formatQuantity(kvCentral, "B/token")} (range ${formatQuantity(range.low, "B/token")}–${formatQuantity(range.high, "B/token")}): ${inRange.length} of the layouts tried fall inside, e.g. ${inRange.slice(0, 3).map((l) => l.description).join("; ") || "none"}.`,
      `A per-layer GQA model like Llama 3.1 70B keeps 80 × 2 × 8 × 128 × 2 B = ${formatQuantity(kvBytesPerTokenFromValues.fn(kvValuesPerTokenGqa.fn(80, 8, 128, 128), 2), "B/token")}; KV this small needs KV shared across layers, compressed (MLA) or read sparsely (the lecture: \"increase all of these numbers … with a 1/sparsity term\").`,
    );
  }
  assumptions.push("Prices are proportional to cost (the lecture: \"you are incentivized to price close to your costs\").");

  return {
    sheet: { id: s.id, provider: s.provider, model: s.model, date: s.date },
    thresholdTokens: threshold,
    impliedKvBytesPerToken: kvCentral,
    kvBytesPerTokenRange: range,
    longContextPremium: premium,
    outputToInputRatio: ratio.value,
    impliedDecodeUtilization: util.value,
    decodeBound,
    cacheHitDiscount,
    cacheTiers,
    layouts,
    assumptions,
    plausibility,
    derivations,
    warnings,
  };
}

// ---- The forward direction --------------------------------------------------------------------------

export interface SyntheticModel {
  activeParams: number;
  kvBytesPerToken: number;
  peakFlopsPerSecond: number;
  hbmBytesPerSecond: number;
  inputUsdPerMillionTokens: number;
  outputUsdPerMillionTokens: number;
  longContextPremium: number;
  contextWindowTokens?: number;
}

/**
 * Prices a synthetic model the way the lecture says a provider would: the long-context tier starts
 * at the dense crossover context, where KV-fetch time equals compute time (context.crossoverTokens,
 * attention FLOPs left out as in the lecture).
 */
export function priceSyntheticModel(m: SyntheticModel): PriceSheet {
  const threshold = denseCrossoverContext.fn(weightFlopPerToken.fn(m.activeParams), m.peakFlopsPerSecond, 1, m.kvBytesPerToken, m.hbmBytesPerSecond, 1, 0);
  const q = (field: string, value: number): Quantity => ({ value, origin: { kind: "default", reason: `synthetic model: ${field}` } });
  return {
    id: "synthetic",
    provider: "synthetic",
    model: `synthetic ${formatQuantity(m.activeParams, "param")} active, ${formatQuantity(m.kvBytesPerToken, "B/token")} KV`,
    date: null,
    kind: "file",
    contextWindowTokens: m.contextWindowTokens === undefined ? null : q("contextWindowTokens", m.contextWindowTokens),
    input: q("input", m.inputUsdPerMillionTokens),
    output: q("output", m.outputUsdPerMillionTokens),
    cacheRead: null,
    cacheWrites: [],
    longContext: { thresholdTokens: q("threshold (the crossover context)", threshold), input: q("long-context input", m.inputUsdPerMillionTokens * m.longContextPremium), output: q("long-context output", m.outputUsdPerMillionTokens * m.longContextPremium) },
    fastMode: null,
    sources: [{ title: "synthetic model priced forward by priceSyntheticModel" }],
    notes: [],
  };
}

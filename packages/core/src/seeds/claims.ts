/**
 * The seed documents' numbers, each reproduced from its derivation and set beside the quoted figure.
 * `roofline seeds` prints this table; the tests pin every derived value. Where the quote differs from
 * its own arithmetic (rounding, a slip), the difference is shown, not hidden.
 */
import { cribSheetLlm } from "./crib-model.ts";
import type { Derivation } from "../formula/derivation.ts";
import { withNotes } from "../formula/derivation.ts";
import { withOrigin, type Quantity } from "../formula/formula.ts";
import { formatQuantity, formatSignificant } from "../format.ts";
import { lectureClaims } from "./lecture-claims.ts";
import { getHardware } from "../catalog/hardware.ts";
import { getModel } from "../catalog/models.ts";
import { analyzeStep } from "../roofline/step.ts";
import { analyzeTraining } from "../economics/training.ts";
import { analyzeKvTiers } from "../economics/kv-tiers.ts";
import { analyzeWorldModel } from "../worldmodel/analysis.ts";
import * as F from "../roofline/formulas.ts";
import { cribSheet, flashcards, lectureAt, type SourceRef } from "../sources.ts";
import type { UnitId } from "../units.ts";

export interface SeedClaim {
  id: string;
  /** The claim as the seed words it. */
  quote: string;
  source: SourceRef;
  quotedValue: number;
  unit: UnitId;
  /** The derivation that reproduces it; absent for a figure the engine can only quote. */
  derive?: () => Derivation;
  /** Why the derived value differs from the quote, when it does (or what stands behind a quoted figure). */
  difference?: string | (() => string);
}

export interface CheckedClaim {
  id: string;
  quote: string;
  source: SourceRef;
  quotedValue: number;
  /** "derived": reproduced from its derivation; "quoted": a figure the engine can only quote. */
  status: "derived" | "quoted";
  derivedValue: number | null;
  unit: UnitId;
  /** derived ÷ quoted − 1 (null for a quoted figure) */
  relativeDifference: number | null;
  difference: string | null;
  derivation: Derivation | null;
}

const seed = (value: number, source: SourceRef): Quantity => withOrigin(value, { kind: "seed", source });

const LECTURE_SPARSITY = lectureAt("19:15", "DeepSeek: 32 of 256 experts → sparsity 8");
const CRIB_48 = cribSheet("48 tok/s unbatched");
const CRIB_160 = cribSheet("160 KB/token KV");
const CRIB_PREFILL = cribSheet("Prefill 4K ≈ 1 s");
const CRIB_COST = cribSheet("$0.37 / M output tokens");
const FLASH_RUBIN = flashcards("20ms is the HBM drain time — Rubin 288 GB / 20 TB/s ≈ 15 ms");
const LECTURE_TRAIN = lectureAt("24:10", "2,000 × 64 … 128K tokens per second");
const FLASH_KV = flashcards("bytes/token ≈ 1.7 KB at N_active ≈ 100B, len_ctx = 200K");

export const SEED_CLAIMS: readonly SeedClaim[] = [
  {
    id: "optimal-batch-300x-sparsity",
    quote: "batch size needs to be bigger than approximately 300 × sparsity … DeepSeek: 300 × 8 = 2,400",
    source: LECTURE_SPARSITY,
    quotedValue: 2400,
    unit: "sequence",
    derive: () =>
      F.closedFormOptimalBatch.explain(
        {
          peakFlopsPerSecond: seed(989.4e12, { title: "H100 SXM dense BF16 (catalog)" }),
          computeEfficiency: seed(1, LECTURE_SPARSITY),
          bandwidthBytesPerSecond: seed(3.35e12, { title: "H100 SXM HBM3 (catalog)" }),
          bandwidthEfficiency: seed(1, LECTURE_SPARSITY),
          bytesPerWeight: seed(2, LECTURE_SPARSITY),
          totalParams: seed(8, LECTURE_SPARSITY),
          activeParams: seed(1, LECTURE_SPARSITY),
        },
        { name: "optimal-batch-300x-sparsity" },
      ),
    difference: "The lecture rounds the H100's 295 FLOP per byte (989.4 TFLOP/s ÷ 3.35 TB/s at BF16) to 300. Its \"32 of 256 experts\" is also a slip: DeepSeek-V3 activates 8 routed experts (+1 shared), and its parameter sparsity is 671B/37B ≈ 18, not 8.",
  },
  {
    id: "unbatched-decode-48-tok-s",
    quote: "48 tok/s unbatched: 3.35 TB/s HBM ÷ 70 GB FP8 weights",
    source: CRIB_48,
    quotedValue: 48,
    unit: "token/s",
    derive: () => {
      const model = cribSheetLlm();
      const r = analyzeStep({ model, hardware: getHardware("nvidia-h100-sxm5-80gb"), chips: 1, batch: 1, contextTokens: 0, hbmBytes: 1e11 });
      return r.derivations["tokensPerSecondPerSequence"] as Derivation;
    },
    difference: "3.35e12 ÷ 70e9 = 47.9, quoted rounded to 48.",
  },
  {
    id: "kv-160-kb-per-token",
    quote: "160 KB/token KV: 80 layers × 2 × 8 KV-heads × 128 × 1 B",
    source: CRIB_160,
    quotedValue: 160 * 1024,
    unit: "B/token",
    derive: () => {
      const values = F.kvValuesPerTokenGqa.explain({
        layers: seed(80, CRIB_160),
        kvHeads: seed(8, CRIB_160),
        headDimK: seed(128, CRIB_160),
        headDimV: seed(128, CRIB_160),
      });
      return F.kvBytesPerTokenFromValues.explain({ valuesPerToken: { value: values.value, origin: { kind: "derived", formulaId: values.formulaId, name: values.name }, derivation: values }, bytesPerValue: seed(1, CRIB_160) }, { name: "kv-160-kb-per-token" });
    },
    difference: "163,840 B: \"160 KB\" is 160 KiB.",
  },
  {
    id: "prefill-4k-70b",
    quote: "Prefill 4K ≈ 1 s: 2 × 70e9 × 4096 ≈ 0.57 PFLOP ÷ ~0.45 PF/s",
    source: CRIB_PREFILL,
    quotedValue: 1,
    unit: "s",
    derive: () =>
      F.computeSeconds.explain(
        {
          tokens: seed(4096, CRIB_PREFILL),
          flopPerToken: seed(2 * 70e9, CRIB_PREFILL),
          chips: seed(1, CRIB_PREFILL),
          peakFlopsPerSecond: seed(0.45e15, CRIB_PREFILL),
          computeEfficiency: seed(1, CRIB_PREFILL),
        },
        { name: "prefill-4k-70b" },
      ),
    difference: "0.573 PFLOP ÷ 0.45 PFLOP/s = 1.27 s; the crib sheet's \"≈ 1 s\" is an order-of-magnitude rounding.",
  },
  {
    id: "usd-per-million-output-tokens",
    quote: "$0.37 / M output tokens: TP2, batch 32: 70 GB ÷ 6.7 TB/s ≈ 10.5 ms/step → ~3,000 tok/s/pair at $2/GPU-hr",
    source: CRIB_COST,
    quotedValue: 0.37,
    unit: "USD/Mtoken",
    derive: () => {
      const model = cribSheetLlm();
      const r = analyzeStep({ model, hardware: getHardware("nvidia-h100-sxm5-80gb"), chips: 2, batch: 32, contextTokens: 0, usdPerChipHour: seed(2, CRIB_COST) });
      return r.derivations["usdPerMillionTokens"] as Derivation;
    },
    difference: "The exact throughput is 3,063 tok/s (not ~3,000), which gives $0.363; $0.37 follows from the rounded 3,000 tok/s. KV reads are ignored, as in the crib sheet.",
  },
  {
    id: "rubin-drain-15-ms",
    quote: "Rubin: 288 GB / 20 TB/s ≈ 15 ms",
    source: FLASH_RUBIN,
    quotedValue: 0.015,
    unit: "s",
    derive: () => F.drainSeconds.explain({ capacityBytes: seed(288e9, FLASH_RUBIN), bandwidthBytesPerSecond: seed(20e12, FLASH_RUBIN) }, { name: "rubin-drain-15-ms", title: "HBM drain time" }),
    difference: "288 ÷ 20 = 14.4 ms. The catalog's Rubin uses the later 22 TB/s report: 13.1 ms.",
  },
  {
    id: "train-128k-tokens-per-second",
    quote: "a 2,000-token train every ~15.6 ms (64 per second) ≈ 128K tokens/s",
    source: LECTURE_TRAIN,
    quotedValue: 128_000,
    unit: "token/s",
    derive: () => F.trainTokensPerSecond.explain({ batch: seed(2000, LECTURE_TRAIN), periodSeconds: seed(1 / 64, LECTURE_TRAIN) }, { name: "train-128k-tokens-per-second" }),
  },
  {
    id: "kv-1.7-kb-at-200k",
    quote: "bytes/token = (mem_bw / FLOPs) · N_active / len_ctx ≈ 1.7 KB at 100B active, 200K context",
    source: FLASH_KV,
    quotedValue: 1700,
    unit: "B/token",
    derive: () =>
      F.kvBytesPerTokenAtBalance.explain(
        {
          activeParams: seed(100e9, FLASH_KV),
          bandwidthBytesPerSecond: seed(3.35e12, { title: "H100 SXM HBM3 (catalog)" }),
          peakFlopsPerSecond: seed(1978.9e12, { title: "H100 SXM dense FP8 (catalog)" }),
          contextTokens: seed(200e3, FLASH_KV),
        },
        { name: "kv-1.7-kb-at-200k" },
      ),
    difference: "With FP8 compute on an H100 (590.7 FLOP/B): 1,693 B. The lecture's \"1/300\" is bytes per multiply-accumulate, giving 1,667 B; at BF16 compute it would be 3,386 B.",
  },
];

const FLASH_TRAIN = flashcards("01:18:59 — D_inference ≈ 50M tokens/s × 60 days × 86,400 s/day ≈ 200T tokens; D_chinchilla ≈ 20 × 100B = 2T; 200T / 2T = 100×");
const LECTURE_TIERS = lectureAt("2:01:14", "HBM 20 ms; DDR 1 to 10 seconds; flash plausibly 1 minute; spinning disk on the order of 1 hour");

/** The compute split and the memory tiers (economics), from their analyses. */
function economicsClaims(): SeedClaim[] {
  const training = () => analyzeTraining().derivations;
  // Drain times depend on the tiers alone; the model only sizes the per-token costs beside them.
  const tiers = () => analyzeKvTiers({ hardware: getHardware("nvidia-h100-sxm5-80gb"), model: getModel("deepseek-v3") }).derivations;
  const pick = (f: () => Record<string, Derivation>, name: string) => () => f()[name] as Derivation;
  return [
    {
      id: "lifetime-inference-tokens",
      quote: "D_inference ≈ 50M tokens/sec × 60 days × 86,400 sec/day ≈ 200T tokens",
      source: FLASH_TRAIN,
      quotedValue: 200e12,
      unit: "token",
      derive: pick(training, "inferenceTokens"),
      difference: "50e6 × 60 × 86,400 = 2.59×10¹⁴: the flashcards round 259T down to \"≈ 200T\".",
    },
    { id: "chinchilla-tokens", quote: "D_chinchilla ≈ 20 × 100B = 2T tokens", source: FLASH_TRAIN, quotedValue: 2e12, unit: "token", derive: pick(training, "chinchillaTokens") },
    {
      id: "overtrained-100x",
      quote: "200T / 2T = 100× over-trained",
      source: FLASH_TRAIN,
      quotedValue: 100,
      unit: "1",
      derive: pick(training, "overtrainingFactor"),
      difference: "With the unrounded 259T tokens the factor is 130×; the lecture's summary says 75× for 150T tokens.",
    },
    { id: "hbm-drain-20-ms", quote: "HBM: this number is 20 milliseconds", source: LECTURE_TIERS, quotedValue: 0.02, unit: "s", derive: pick(tiers, "drainSeconds.hbm"), difference: "An H100: 80 GB ÷ 3.35 TB/s." },
    { id: "dram-drain-seconds", quote: "DDR … in the seconds, like 1 to 10 seconds", source: LECTURE_TIERS, quotedValue: 4, unit: "s", derive: pick(tiers, "drainSeconds.dram"), difference: "Quoted as a range (1–10 s); 256 GB of host DRAM per GPU over PCIe Gen5 (64 GB/s) drains in 4 s." },
    {
      id: "flash-drain-minute",
      quote: "flash is plausibly in the order of 1 minute",
      source: LECTURE_TIERS,
      quotedValue: 60,
      unit: "s",
      derive: pick(tiers, "drainSeconds.flash"),
      difference: "A DGX H100's 30.7 TB of NVMe at ~52 GB/s drains in ~10 minutes; an hour-scale tier would be flash, not disk.",
    },
    {
      id: "disk-drain-hour",
      quote: "spinning disc … I think is on the order of 1 hour",
      source: LECTURE_TIERS,
      quotedValue: 3600,
      unit: "s",
      derive: pick(tiers, "drainSeconds.disk"),
      difference: "One 24 TB nearline drive at 285 MB/s takes 23 hours; striping adds capacity and bandwidth together, so an array drains no faster.",
    },
  ];
}

/** The crib sheet's world-model table, from the world-model analysis (its own quote list). */
function worldModelClaims(): SeedClaim[] {
  let cache: ReturnType<typeof analyzeWorldModel> | null = null;
  const run = () => (cache ??= analyzeWorldModel());
  return run().quoted.map((q) => ({
    id: `worldmodel-${q.name}`,
    quote: q.quote,
    source: q.source,
    quotedValue: q.quotedValue,
    unit: (run().derivations[q.name] as Derivation).unit,
    derive: () => run().derivations[q.name] as Derivation,
    ...(q.kind === "below" ? { difference: "The quote is an upper bound." } : WORLD_MODEL_DIFFERENCES[q.name] ? { difference: () => (WORLD_MODEL_DIFFERENCES[q.name] as (r: ReturnType<typeof analyzeWorldModel>) => string)(run()) } : {}),
  }));
}

const ms = (d: Derivation | undefined) => (d ? formatQuantity(d.value, "s") : "unknown");

/** Why a world-model figure differs, where the reason is more than the 12K-vs-12.8K rounding. */
const WORLD_MODEL_DIFFERENCES: Record<string, (r: ReturnType<typeof analyzeWorldModel>) => string> = {
  tickSeconds: (r) => {
    const q = r.quoted.find((x) => x.name === "tickSeconds");
    return `156 ms is 4 × the rounded 39 ms per pass (23 ms + 16 ms). Unrounded, a pass is ${ms(r.derivations["tpComputeSeconds"])} of compute + ${ms(r.derivations["commSecondsPerPass"])} of all-reduces = ${ms(r.derivations["passSeconds"])} at 12.8K tokens per step, and 4 passes take ${ms(r.derivations["tickSeconds"])}; at the crib sheet's rounded 12K tokens, ${q ? formatQuantity(q.atQuotedTokens, "s") : "unknown"}. Either way TP4 misses the 100 ms tick.`;
  },
  passSeconds: (r) => `39 ms adds the rounded 23 ms and 16 ms; unrounded ${ms(r.derivations["tpComputeSeconds"])} + ${ms(r.derivations["commSecondsPerPass"])} = ${ms(r.derivations["passSeconds"])} (12.8K tokens per step, not 12K).`,
  branchesPerGpu: (r) => `The crib sheet divides 76 GB by the rounded 8.2 GB window: 9.3 → ~9. With the 12.8K-token window (${r.derivations["kvBytesPerWindow"]?.display ?? "unknown"}) and 1 GB reserved, ${formatSignificant(r.derivations["branchCapacity"]?.value ?? 0, 3)} windows fit: 8 whole branches.`,
};

/** Every seed number: those the engine reproduces (lecture, flashcards, crib sheet) and those it can only quote. */
export function allSeedClaims(): SeedClaim[] {
  return [...SEED_CLAIMS, ...economicsClaims(), ...worldModelClaims(), ...lectureClaims()];
}

/** Every claim, derived and compared with its quote. */
export function checkSeedClaims(claims: readonly SeedClaim[] = allSeedClaims()): CheckedClaim[] {
  return claims.map((c) => {
    const difference = typeof c.difference === "function" ? c.difference() : (c.difference ?? null);
    if (!c.derive) {
      return { id: c.id, quote: c.quote, source: c.source, quotedValue: c.quotedValue, status: "quoted", derivedValue: null, unit: c.unit, relativeDifference: null, difference, derivation: null };
    }
    const d = c.derive();
    const rel = d.value / c.quotedValue - 1;
    const note = `Quoted ${formatQuantity(c.quotedValue, c.unit)}; derived ${d.display} (${rel >= 0 ? "+" : ""}${(rel * 100).toFixed(1)}%).${difference ? ` ${difference}` : ""}`;
    return {
      id: c.id,
      quote: c.quote,
      source: c.source,
      quotedValue: c.quotedValue,
      status: "derived",
      derivedValue: d.value,
      unit: c.unit,
      relativeDifference: rel,
      difference,
      derivation: withNotes(d, note),
    };
  });
}

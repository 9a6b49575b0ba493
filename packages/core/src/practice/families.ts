/**
 * Problem families: one per concept of the flashcards and the crib sheet. Each draws its inputs from
 * the catalog (chips, models, precisions, contexts, prices) with a seeded generator and takes its
 * answer from the engine — a formula's `explain` or an analysis's derivation — never from arithmetic
 * done here. The problem shows the derivation's leaf inputs as its givens.
 */
import type { Derivation } from "../formula/derivation.ts";
import { constant, withOrigin } from "../formula/formula.ts";
import { formatQuantity, formatSignificant } from "../format.ts";
import { getHardware, type HardwareSpec } from "../catalog/hardware.ts";
import { getModel } from "../catalog/models.ts";
import type { ModelSpec } from "../model/model.ts";
import { analyzeStep, type RooflineOptions } from "../roofline/step.ts";
import { analyzeContext } from "../roofline/context.ts";
import { explainHardwareRatios } from "../roofline/hardware-ratios.ts";
import * as F from "../roofline/formulas.ts";
import * as CF from "../cluster/formulas.ts";
import { analyzeLayout } from "../cluster/layout.ts";
import * as EF from "../economics/formulas.ts";
import { analyzeTraining } from "../economics/training.ts";
import { invertPrices } from "../economics/inversion.ts";
import { PRICE_CATALOG } from "../economics/prices.ts";
import { analyzeKvTiers, TIER_ORDER, type TierKind } from "../economics/kv-tiers.ts";
import { analyzeWorldModel } from "../worldmodel/analysis.ts";
import { checkSeedClaims, type CheckedClaim } from "../seeds/claims.ts";
import { cribSheetLlm } from "../seeds/crib-model.ts";
import { flashcards, cribSheet, lectureAt, type SourceRef } from "../sources.ts";
import type { Precision } from "../precision.ts";
import { explainScaleUp, explainScaleUpToScaleOut } from "../lecture/analysis.ts";
import { createRng, type Given, type Problem, type Rng } from "./problem.ts";
import { FLASHCARDS } from "./cards.ts";

export interface Family {
  id: string;
  concept: string;
  /** Where the concept is taught. */
  source: SourceRef;
  generate(seed: number): Problem;
}

// ---- Helpers -------------------------------------------------------------------------------------

/** The derivation's inputs that were not themselves derived: the numbers a student starts from. */
export function leafGivens(d: Derivation, limit = 12): Given[] {
  const out: Given[] = [];
  const seen = new Set<string>();
  const walk = (x: Derivation) => {
    for (const i of x.inputs) {
      if (i.origin.kind === "derived") continue;
      if (i.origin.kind === "default" && i.value === 1 && /efficiency|fraction of peak/i.test(`${i.name} ${i.description}`)) continue;
      const key = `${i.description}|${i.value}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ label: i.description, symbol: i.symbol, display: i.display, origin: i.originText });
    }
    for (const c of x.children) walk(c);
  };
  walk(d);
  return out.slice(0, limit);
}

interface NumericSpec {
  family: string;
  seed: number;
  concept: string;
  prompt: string;
  derivation: Derivation;
  tolerance?: number;
  givens?: Given[];
  notes?: string[];
  inputs: Record<string, string | number>;
  source: SourceRef;
}

function numeric(s: NumericSpec): Problem {
  const d = s.derivation;
  if (!Number.isFinite(d.value) || d.value <= 0) throw new Error(`internal: ${s.family} seed ${s.seed} gave ${d.value}`);
  return {
    id: `${s.family}:${s.seed}`,
    family: s.family,
    seed: s.seed,
    kind: "numeric",
    concept: s.concept,
    prompt: s.prompt,
    givens: s.givens ?? leafGivens(d),
    answer: d.value,
    unit: d.unit,
    answerDisplay: formatQuantity(d.value, d.unit, 4),
    tolerance: s.tolerance ?? 0.1,
    derivation: d,
    notes: s.notes ?? [],
    inputs: s.inputs,
    source: s.source,
  };
}

interface ChoiceSpec extends Omit<NumericSpec, "tolerance"> {
  choices: string[];
  answer: number;
}

function choice(s: ChoiceSpec): Problem {
  return {
    id: `${s.family}:${s.seed}`,
    family: s.family,
    seed: s.seed,
    kind: "choice",
    concept: s.concept,
    prompt: s.prompt,
    givens: s.givens ?? leafGivens(s.derivation),
    answer: s.answer,
    unit: "1",
    answerDisplay: s.choices[s.answer] ?? "",
    choices: s.choices,
    tolerance: 0,
    derivation: s.derivation,
    notes: s.notes ?? [],
    inputs: s.inputs,
    source: s.source,
  };
}

const need = (d: Derivation | null | undefined, what: string): Derivation => {
  if (!d) throw new Error(`internal: no derivation for ${what}`);
  return d;
};
const fmt = formatQuantity;

// Catalog pools: chips with the numbers a family needs, models of the right kind.
const FP8_CHIPS = ["nvidia-h100-sxm5-80gb", "nvidia-h200-sxm-141gb", "nvidia-b200-hgx", "nvidia-gb200-nvl72", "amd-mi300x", "amd-mi355x"] as const;
const PRICED_CHIPS = ["nvidia-a100-sxm4-80gb", "nvidia-h100-sxm5-80gb", "nvidia-h200-sxm-141gb", "nvidia-b200-hgx", "nvidia-gb200-nvl72", "amd-mi325x"] as const;
const DRAIN_CHIPS = ["nvidia-a100-sxm4-40gb", "nvidia-a100-sxm4-80gb", "nvidia-h100-sxm5-80gb", "nvidia-h100-pcie-80gb", "nvidia-h200-sxm-141gb", "nvidia-h20-96gb", "nvidia-b200-hgx", "nvidia-gb200-nvl72", "nvidia-b300-hgx", "nvidia-vera-rubin-nvl72", "google-tpu-v5e", "google-tpu-v5p", "google-tpu-v6e", "google-tpu7x-ironwood", "amd-mi300x", "amd-mi325x", "amd-mi355x", "aws-trainium2"] as const;
const MOE_MODELS = ["deepseek-v3", "kimi-k2", "qwen3-235b-a22b", "qwen3-30b-a3b", "mixtral-8x7b", "mixtral-8x22b", "llama-4-maverick", "llama-4-scout", "gpt-oss-120b", "glm-4.5"] as const;
const DENSE_MODELS = ["llama-3.1-8b", "llama-3.1-70b", "qwen2.5-72b", "llama-3.1-405b"] as const;
const GQA_MODELS = ["llama-3.1-8b", "llama-3.1-70b", "llama-3.1-405b", "qwen2.5-72b", "qwen3-235b-a22b", "mixtral-8x22b", "glm-4.5", "deepseek-v3", "kimi-k2", "gpt-oss-120b", "gemma-3-27b", "palm-540b", "gpt-3-175b"] as const;
const CONTEXTS = [1024, 2048, 4096, 8192, 16384, 32768] as const;
const FAMILY_SALT = "roofline-practice";

function rngFor(family: string, seed: number): Rng {
  return createRng(seed, `${FAMILY_SALT}:${family}`);
}

function hw(id: string): HardwareSpec {
  return getHardware(id);
}

function chipWords(h: HardwareSpec): string {
  return h.name;
}

function modelWords(m: ModelSpec): string {
  return `${m.name} (${formatSignificant(m.totalParams / 1e9, 3)}B total, ${formatSignificant(m.activeParams / 1e9, 3)}B active parameters)`;
}

/** The fewest chips of a domain (powers of two) whose HBM holds the weights with room to spare. */
function chipsToHold(m: ModelSpec, h: HardwareSpec, bytesPerWeight: number): number {
  const hbm = h.hbmBytes.value ?? 80e9;
  const domain = h.scaleUpDomainChips.value ?? 8;
  let n = 1;
  while (n < domain && n * hbm < 1.3 * m.totalParams * bytesPerWeight) n *= 2;
  return Math.min(n, domain);
}

// ---- The families --------------------------------------------------------------------------------

const optimalBatch: Family = {
  id: "optimal-batch",
  concept: "Optimal batch ≈ 300 × sparsity: compute time = weight-read time",
  source: flashcards("00:00:00 — B = FLOPs/mem_bw · N_total/N_active"),
  generate(seed) {
    const r = rngFor(this.id, seed);
    const model = getModel(r.pick(MOE_MODELS));
    const hardware = hw(r.pick(FP8_CHIPS));
    const step = analyzeStep({ model, hardware, chips: 8, batch: 1, contextTokens: 0 });
    const d = need(step.derivations["closedFormOptimalBatch"], "closedFormOptimalBatch");
    return numeric({
      family: this.id,
      seed,
      concept: this.concept,
      prompt: `Serve ${modelWords(model)} with ${step.precisions.weights.toUpperCase()} weights on ${chipWords(hardware)} (dense ${step.precisions.compute.toUpperCase()} compute). Ignoring KV reads, at what batch does compute time equal the time to read the weights (the closed form, ≈ 300 × sparsity)?`,
      derivation: d,
      inputs: { model: model.id, hardware: hardware.id },
      source: this.source,
    });
  },
};

const drainTime: Family = {
  id: "drain-time",
  concept: "The HBM drain time: memory capacity ÷ memory bandwidth (the ~20 ms train)",
  source: flashcards("00:00:00 — 20ms is the HBM drain time"),
  generate(seed) {
    const r = rngFor(this.id, seed);
    const hardware = hw(r.pick(DRAIN_CHIPS));
    const d = need(explainHardwareRatios(hardware).hbmDrainSeconds, `drain time of ${hardware.id}`);
    return numeric({
      family: this.id,
      seed,
      concept: this.concept,
      prompt: `How long does ${chipWords(hardware)} take to read its whole HBM once?`,
      derivation: d,
      inputs: { hardware: hardware.id },
      source: this.source,
    });
  },
};

const KV_PRECISIONS: readonly Precision[] = ["bf16", "fp8"];

const kvBytesPerToken: Family = {
  id: "kv-bytes-per-token",
  concept: "KV bytes per token: layers × 2 (K, V) × KV heads × head dim × bytes",
  source: cribSheet("160 KB/token KV: 80 layers × 2 × 8 KV-heads × 128 × 1 B"),
  generate(seed) {
    const r = rngFor(this.id, seed);
    const model = getModel(r.pick(GQA_MODELS));
    const kvPrecision = r.pick(KV_PRECISIONS);
    const hardware = hw("nvidia-h100-sxm5-80gb");
    const step = analyzeStep({ model, hardware, chips: 8, batch: 1, contextTokens: 0, kvPrecision });
    const d = need(step.derivations["kvBytesPerToken"], "kvBytesPerToken");
    const a = model.attention;
    const windowed = a.windowedLayers > 0 ? ` Its ${a.windowedLayers} ${a.windowKind ?? "windowed"} layers keep only ${a.windowTokens} tokens; count the bytes a token adds to every layer's cache.` : "";
    return numeric({
      family: this.id,
      seed,
      concept: this.concept,
      prompt: `How many bytes of KV cache does one token of ${model.name} occupy, all layers together, with the cache in ${kvPrecision.toUpperCase()}?${windowed}`,
      derivation: d,
      tolerance: 0.05,
      inputs: { model: model.id, kvPrecision },
      source: this.source,
    });
  },
};

const prefillTime: Family = {
  id: "prefill-time",
  concept: "Prefill is compute-bound: 2 × N × prompt tokens ÷ FLOP/s",
  source: cribSheet("Prefill 4K ≈ 1 s: 2 × 70e9 × 4096 ≈ 0.57 PFLOP ÷ ~0.45 PF/s"),
  generate(seed) {
    const r = rngFor(this.id, seed);
    const model = getModel(r.pick(DENSE_MODELS));
    const hardware = hw(r.pick(FP8_CHIPS));
    const prompt = r.pick([1024, 2048, 4096, 8192] as const);
    const chips = chipsToHold(model, hardware, 1);
    const step = analyzeStep({ model, hardware, chips, batch: 1, phase: "prefill", promptTokens: prompt, contextTokens: 0, weightPrecision: "fp8" });
    const d = need(step.derivations["computeSeconds"], "computeSeconds");
    return numeric({
      family: this.id,
      seed,
      concept: this.concept,
      prompt: `Prefill a ${prompt}-token prompt for ${modelWords(model)}, FP8 weights, on ${chips} × ${chipWords(hardware)} at the ideal roofline. How long is the compute (attention included)?`,
      derivation: d,
      tolerance: 0.15,
      notes: [`The whole pass takes ${fmt(step.stepSeconds, "s")} (${step.bound}-bound); weight reads alone would take ${fmt(step.weightReadSeconds, "s")}.`],
      inputs: { model: model.id, hardware: hardware.id, chips, promptTokens: prompt },
      source: this.source,
    });
  },
};

const costPerMillion: Family = {
  id: "usd-per-mtok",
  concept: "$ per million output tokens: chip-hours ÷ tokens per hour",
  source: cribSheet("$0.37 / M output tokens: TP2, batch 32 … at $2/GPU-hr"),
  generate(seed) {
    const r = rngFor(this.id, seed);
    const crib = r.next() < 0.3;
    const model = crib ? cribSheetLlm() : getModel(r.pick(DENSE_MODELS.slice(0, 3)));
    const hardware = hw(r.pick(PRICED_CHIPS));
    const batch = r.pick([8, 16, 32, 64, 128] as const);
    const context = r.pick([0, 0, 2048, 8192] as const);
    const chips = Math.max(2, chipsToHold(model, hardware, 1));
    const opts: RooflineOptions = { model, hardware, chips, batch, contextTokens: context, ...(crib ? {} : { weightPrecision: "fp8" as const, kvPrecision: "fp8" as const }) };
    const step = analyzeStep(opts);
    const d = need(step.derivations["usdPerMillionTokens"], "usdPerMillionTokens");
    return numeric({
      family: this.id,
      seed,
      concept: this.concept,
      prompt: `${crib ? "The crib sheet's 70B dense model (FP8, 160 KB of KV per token)" : `${modelWords(model)} with FP8 weights and KV`} decodes a batch of ${batch} at ${context} tokens of context on ${chips} × ${chipWords(hardware)} at the catalog's rental price. What does a million output tokens cost at the ideal roofline?`,
      derivation: d,
      inputs: { model: crib ? "crib-70b" : model.id, hardware: hardware.id, chips, batch, contextTokens: context },
      source: this.source,
    });
  },
};

const decodeSpeed: Family = {
  id: "decode-speed",
  concept: "Unbatched decode reads every weight once per token: tokens/s = bandwidth ÷ weight bytes",
  source: cribSheet("48 tok/s unbatched: 3.35 TB/s HBM ÷ 70 GB FP8 weights"),
  generate(seed) {
    const r = rngFor(this.id, seed);
    const model = r.next() < 0.3 ? cribSheetLlm() : getModel(r.pick(DENSE_MODELS));
    const hardware = hw(r.pick(FP8_CHIPS));
    const chips = chipsToHold(model, hardware, 1);
    const step = analyzeStep({ model, hardware, chips, batch: 1, contextTokens: 0, ...(model.napkinWeightBytesPerParam === null ? { weightPrecision: "fp8" as const } : {}) });
    const d = need(step.derivations["tokensPerSecondPerSequence"], "tokensPerSecondPerSequence");
    return numeric({
      family: this.id,
      seed,
      concept: this.concept,
      prompt: `${model.name} with FP8 weights decodes one sequence (batch 1, empty context) on ${chips} × ${chipWords(hardware)}. How many tokens per second at the ideal roofline?`,
      derivation: d,
      inputs: { model: model.napkinWeightBytesPerParam === null ? model.id : "crib-70b", hardware: hardware.id, chips },
      source: this.source,
    });
  },
};

const crossoverContext: Family = {
  id: "crossover-context",
  concept: "The crossover context: KV read time = compute time (below it cost is flat, above it grows with context)",
  source: flashcards("01:33:02 — at the crossover, t_compute = t_KV fetch"),
  generate(seed) {
    const r = rngFor(this.id, seed);
    const model = getModel(r.pick(["llama-3.1-8b", "llama-3.1-70b", "qwen2.5-72b", "llama-3.1-405b", "mixtral-8x22b", "qwen3-235b-a22b"] as const));
    const hardware = hw(r.pick(FP8_CHIPS));
    const kvPrecision = r.pick(KV_PRECISIONS);
    const batch = r.pick([64, 128, 256] as const);
    const chips = chipsToHold(model, hardware, 1);
    const c = analyzeContext({ model, hardware, chips, batch, kvPrecision, weightPrecision: "fp8", contexts: [1024, 8192] });
    const d = need(c.derivations["closedFormCrossoverTokens"] ?? null, "closedFormCrossoverTokens");
    return numeric({
      family: this.id,
      seed,
      concept: this.concept,
      prompt: `${modelWords(model)}, FP8 weights, ${kvPrecision.toUpperCase()} KV cache, on ${chips} × ${chipWords(hardware)} at batch ${batch}. At what context length does reading the KV cache take as long as the compute? (dense attention, weight reads left out)`,
      derivation: d,
      tolerance: 0.1,
      inputs: { model: model.id, hardware: hardware.id, chips, batch, kvPrecision },
      source: this.source,
    });
  },
};

const expertCoverage: Family = {
  id: "expert-coverage",
  concept: "Expert coverage: a batch of T tokens touches E·(1 − (1 − k/E)^T) of E experts",
  source: lectureAt("19:15", "how many experts a batch touches"),
  generate(seed) {
    const r = rngFor(this.id, seed);
    const model = getModel(r.pick(MOE_MODELS));
    const moe = model.moe;
    if (!moe) throw new Error(`internal: ${model.id} has no experts`);
    const tokens = r.pick([1, 4, 16, 32, 64, 128, 256] as const);
    const origin = { kind: "catalog" as const, catalog: "models" as const, entry: model.id, field: "config.json", sources: model.provenance.sources };
    const d = F.expectedExpertsTouched.explain({
      routedExperts: withOrigin(moe.routedExperts, { ...origin, field: "n_routed_experts" }),
      expertsPerToken: withOrigin(moe.expertsPerToken, { ...origin, field: "experts per token" }),
      tokens: withOrigin(tokens, { kind: "user", name: "the problem's batch" }),
    });
    return numeric({
      family: this.id,
      seed,
      concept: this.concept,
      prompt: `${model.name} routes each token to ${moe.expertsPerToken} of ${moe.routedExperts} experts per MoE layer. A decode batch of ${tokens} tokens: how many distinct experts does one layer touch on average (uniform routing)?`,
      derivation: d,
      tolerance: 0.05,
      inputs: { model: model.id, tokens },
      source: this.source,
    });
  },
};

const memoryPerChip: Family = {
  id: "memory-per-chip",
  concept: "Memory per chip with pipelining: (N_total·b + B·L·kv)/(E·P) — weights shrink with P, KV does not",
  source: lectureAt("1:06:25", "(N_total + B · len_ctx · bytes per token) / (E · P)"),
  generate(seed) {
    const r = rngFor(this.id, seed);
    const model = getModel(r.pick(["deepseek-v3", "kimi-k2", "qwen3-235b-a22b", "llama-3.1-405b", "glm-4.5"] as const));
    const hardware = hw(r.pick(["nvidia-gb200-nvl72", "nvidia-h200-sxm-141gb", "nvidia-b200-hgx"] as const));
    const stages = r.pick([1, 2, 4, 8] as const);
    const microBatch = r.pick([8, 16, 32, 64] as const);
    const context = r.pick(CONTEXTS);
    const domain = hardware.scaleUpDomainChips.value ?? 8;
    const ep = model.moe ? Math.min(domain, [64, 32, 16, 8].find((e) => e <= domain && (model.moe?.routedExperts ?? 0) % e === 0) ?? 8) : 1;
    const layout = analyzeLayout({ model, hardware, expertParallel: ep, tensorParallel: model.moe ? 1 : Math.min(8, domain), pipelineStages: stages, microBatch, contextTokens: context, kvPrecision: "fp8", unevenStages: true });
    const d = need(layout.derivations["memoryBytesPerChipLecture"], "memoryBytesPerChipLecture");
    return numeric({
      family: this.id,
      seed,
      concept: this.concept,
      prompt: `${modelWords(model)} in ${layout.precisions.weights.toUpperCase()} is sharded over ${model.moe ? `E = ${ep} chips (expert parallel)` : `${Math.min(8, domain)} chips (tensor parallel)`} per stage and P = ${stages} pipeline stage(s) of ${chipWords(hardware)}, with ${stages} micro-batch(es) of ${microBatch} sequences in flight at ${context} tokens of context (FP8 KV). The lecture's memory per chip?`,
      derivation: d,
      inputs: { model: model.id, hardware: hardware.id, stages, microBatch, contextTokens: context, expertParallel: ep },
      source: this.source,
    });
  },
};

const bubbleFraction: Family = {
  id: "bubble-fraction",
  concept: "The training pipeline bubble: (P − 1)/(m + P − 1)",
  source: flashcards("00:47:12 — pipeline bubbles"),
  generate(seed) {
    const r = rngFor(this.id, seed);
    const stages = r.pick([2, 4, 8, 16, 32] as const);
    const micro = r.pick([1, 4, 8, 16, 32, 64, 128] as const);
    const d = CF.trainingBubbleFraction.explain({ pipelineStages: withOrigin(stages, { kind: "user", name: "the problem's P" }), microBatches: withOrigin(micro, { kind: "user", name: "the problem's m" }), virtualStages: constant(1, "GPipe or 1F1B: no interleaving") });
    return numeric({
      family: this.id,
      seed,
      concept: this.concept,
      prompt: `A training step runs ${micro} micro-batch(es) through ${stages} pipeline stages (GPipe or 1F1B). What fraction of each stage's time is bubble (idle)?`,
      derivation: d,
      tolerance: 0.05,
      inputs: { stages, microBatches: micro },
      source: this.source,
    });
  },
};

const sixND: Family = {
  id: "six-nd",
  concept: "Pre-training compute: 6 × N_active × D (2 forward + 4 backward per parameter per token)",
  source: flashcards("01:18:59 — C_pretrain = 6 × N_active × D_pretrain"),
  generate(seed) {
    const r = rngFor(this.id, seed);
    const model = getModel(r.pick([...DENSE_MODELS, ...MOE_MODELS]));
    const tokens = r.pick([2e12, 15e12, 30e12, 100e12, 200e12] as const);
    const origin = { kind: "catalog" as const, catalog: "models" as const, entry: model.id, field: "active parameters", sources: model.provenance.sources };
    const d = EF.pretrainFlop.explain({ activeParams: withOrigin(model.activeParams, origin), pretrainTokens: withOrigin(tokens, { kind: "user", name: "the problem's D" }) });
    return numeric({
      family: this.id,
      seed,
      concept: this.concept,
      prompt: `Pre-train ${modelWords(model)} on ${formatSignificant(tokens / 1e12, 3)}T tokens. How many FLOP?`,
      derivation: d,
      inputs: { model: model.id, tokens },
      source: this.source,
    });
  },
};

const threeWaySplit: Family = {
  id: "three-way-split",
  concept: "The three-way split: pre-training, RL and inference compute equal at the optimum",
  source: flashcards("01:18:59 — 6 × D_pretrain = 3 × D_RL × 3 × inefficiency = 2 × D_inference × 3 × inefficiency"),
  generate(seed) {
    const r = rngFor(this.id, seed);
    const activeParams = r.pick([30e9, 50e9, 100e9, 200e9] as const);
    const rate = r.pick([10e6, 50e6, 100e6] as const);
    const days = r.pick([30, 60, 90] as const);
    const ineff = r.pick([2, 3, 5] as const);
    const ask = r.pick(["pretrainTokens", "rlTokens", "overtrainingFactor"] as const);
    const t = analyzeTraining({ activeParams, inferenceTokensPerSecond: rate, deploymentSeconds: days * 86_400, rlInefficiency: ineff, inferenceInefficiency: ineff });
    const d = need(t.derivations[ask], ask);
    const what = { pretrainTokens: "How many pre-training tokens D_pretrain?", rlTokens: "How many RL tokens D_RL?", overtrainingFactor: "How many times past Chinchilla-optimal (20 tokens per parameter) is the model trained?" }[ask];
    return numeric({
      family: this.id,
      seed,
      concept: this.concept,
      prompt: `A ${formatSignificant(activeParams / 1e9, 3)}B-active model serves ${formatSignificant(rate / 1e6, 3)}M tokens/s for ${days} days. Pre-training costs 6 FLOP per parameter per token, RL 3, inference 2; RL and inference run ${ineff}× less efficiently than pre-training (their MFU is 1/${ineff} of it). Set pre-training, RL and inference compute equal. ${what}`,
      derivation: d,
      // The prompt states every input; the derivation's leaves repeat symbols across the three phases.
      givens: [],
      inputs: { activeParams, tokensPerSecond: rate, days, inefficiency: ineff, ask },
      source: this.source,
    });
  },
};

const LONG_CONTEXT_SHEETS = PRICE_CATALOG.filter((s) => s.longContext !== null).map((s) => s.id);

const priceInversion: Family = {
  id: "price-inversion",
  concept: "Inverse problem: a long-context price tier → KV bytes per token",
  source: flashcards("01:33:02 — bytes/token = (mem_bw/FLOPs) · N_active/len_ctx"),
  generate(seed) {
    const r = rngFor(this.id, seed);
    const sheet = PRICE_CATALOG.find((s) => s.id === r.pick(LONG_CONTEXT_SHEETS));
    if (!sheet) throw new Error("internal: no long-context price sheet");
    const activeParams = r.pick([50e9, 100e9, 200e9] as const);
    const hardware = hw(r.pick(["nvidia-h100-sxm5-80gb", "nvidia-b200-hgx", "nvidia-gb200-nvl72"] as const));
    const inv = invertPrices({ sheet, activeParams, hardware });
    const d = need(inv.derivations["impliedKvBytesPerToken"], "impliedKvBytesPerToken");
    return numeric({
      family: this.id,
      seed,
      concept: this.concept,
      prompt: `${sheet.model} charges more above ${fmt(inv.thresholdTokens ?? 0, "token")} of context. Read that threshold as where KV read time meets compute time, for a ${formatSignificant(activeParams / 1e9, 3)}B-active model served on ${chipWords(hardware)} at FP8. How many KV bytes per token does the price imply?`,
      derivation: d,
      inputs: { sheet: sheet.id, activeParams, hardware: hardware.id },
      source: this.source,
    });
  },
};

const kvAtBalance: Family = {
  id: "kv-at-balance",
  concept: "Inverse problem: the KV size at which a context length balances KV time and compute",
  source: flashcards("01:33:02 — 1.7 KB at N_active ≈ 100B, len_ctx = 200K"),
  generate(seed) {
    const r = rngFor(this.id, seed);
    const hardware = hw(r.pick(FP8_CHIPS));
    const active = r.pick([10e9, 37e9, 100e9, 400e9] as const);
    const context = r.pick([32768, 131072, 200_000, 1_000_000] as const);
    const bw = hardware.hbmBytesPerSecond;
    const fl = hardware.denseFlopsPerSecond.fp8;
    if (bw.value === null || fl.value === null) throw new Error("internal: chip without FP8 numbers");
    const d = F.kvBytesPerTokenAtBalance.explain({
      activeParams: withOrigin(active, { kind: "user", name: "the problem's N_active" }),
      bandwidthBytesPerSecond: { value: bw.value, origin: bw.origin },
      peakFlopsPerSecond: { value: fl.value, origin: fl.origin },
      contextTokens: withOrigin(context, { kind: "user", name: "the problem's context" }),
    });
    return numeric({
      family: this.id,
      seed,
      concept: this.concept,
      prompt: `A ${formatSignificant(active / 1e9, 3)}B-active model on ${chipWords(hardware)} (FP8 compute). How many KV bytes per token make the KV read time equal the compute time at ${fmt(context, "token")} of context?`,
      derivation: d,
      inputs: { hardware: hardware.id, activeParams: active, contextTokens: context },
      source: this.source,
    });
  },
};

const TIER_NAMES: Record<TierKind, string> = { hbm: "HBM", dram: "host DRAM", flash: "flash (NVMe)", disk: "spinning disk" };

const cacheTier: Family = {
  id: "cache-tier",
  concept: "Cache durations map to the memory tier whose drain time matches",
  source: lectureAt("2:01:14", "HBM 20 ms; DDR 1 to 10 seconds; flash plausibly 1 minute; spinning disk on the order of 1 hour"),
  generate(seed) {
    const r = rngFor(this.id, seed);
    const hardware = hw(r.pick(["nvidia-h100-sxm5-80gb", "nvidia-b200-hgx", "nvidia-gb200-nvl72"] as const));
    const duration = r.pick([0.05, 2, 10, 60, 300, 3600, 86_400] as const);
    const t = analyzeKvTiers({ hardware, model: getModel("deepseek-v3"), cacheDurations: [duration] });
    const match = t.durations[0];
    if (!match) throw new Error("internal: no duration comparison");
    const d = need(t.derivations[`drainSeconds.${match.drainMatchedTier}`], "drainSeconds");
    const drains = TIER_ORDER.map((k) => t.derivations[`drainSeconds.${k}`]).filter((x): x is Derivation => !!x);
    return choice({
      family: this.id,
      seed,
      concept: this.concept,
      prompt: `A provider keeps prompt caches for ${fmt(duration, "s")}. Serving from ${chipWords(hardware)}, which memory tier's drain time is nearest that duration (in ratio)?`,
      derivation: d,
      choices: TIER_ORDER.map((k) => TIER_NAMES[k]),
      answer: TIER_ORDER.indexOf(match.drainMatchedTier),
      givens: [],
      notes: drains.map((x) => `${x.title} (${x.name.replace("drainSeconds.", "")}): ${x.display}`),
      inputs: { hardware: hardware.id, durationSeconds: duration },
      source: this.source,
    });
  },
};

const WM_NAMES = ["tokensPerStep", "teacherUsdPerMile", "studentUsdPerMile", "kvBytesPerWindow", "branchesPerGpu", "tickSeconds", "streamTokensPerSecond"] as const;

const worldModel: Family = {
  id: "world-model",
  concept: "World-model serving: tokens per step, $ per mile, KV window, fan-out, the tick",
  source: cribSheet("12K tokens / 100 ms step … TP4 misses 100 ms"),
  generate(seed) {
    const r = rngFor(this.id, seed);
    const cameras = r.pick([1, 2, 3, 4, 6] as const);
    const tickRateHz = r.pick([5, 10, 20] as const);
    const windowFrames = r.pick([4, 8, 12] as const);
    const ask = r.pick(WM_NAMES);
    const w = analyzeWorldModel({ cameras, tickRateHz, windowFrames });
    const d = need(w.derivations[ask], ask);
    const what: Record<(typeof WM_NAMES)[number], string> = {
      tokensPerStep: "How many tokens per simulation step?",
      teacherUsdPerMile: "What does a mile cost on the diffusion teacher?",
      studentUsdPerMile: "What does a mile cost on the distilled student?",
      kvBytesPerWindow: "How many bytes of KV does one attention window hold?",
      branchesPerGpu: "How many branches (windows) fit on one H100?",
      tickSeconds: "How long does one tick take on TP4 (compute + all-reduces, per pass × passes)?",
      streamTokensPerSecond: "How many tokens per second does one stream need?",
    };
    return numeric({
      family: this.id,
      seed,
      concept: this.concept,
      prompt: `The crib sheet's driving world model with ${cameras} camera(s) of 720p, VAE f8, 2×2 patches, 2K lidar tokens, ${tickRateHz} Hz, a ${windowFrames}-frame attention window (30B teacher, 3B FP8 student, $2/GPU-hour, 30 mph). ${what[ask]}`,
      derivation: d,
      tolerance: ask === "branchesPerGpu" ? 0 : 0.1,
      inputs: { cameras, tickRateHz, windowFrames, ask },
      source: this.source,
    });
  },
};

const LIMITS = ["compute", "weight reads", "KV reads"] as const;

const whichLimit: Family = {
  id: "which-limit",
  concept: "Which limit binds? compute, weight reads or KV reads",
  source: flashcards("00:00:00 — T = max(t_compute, t_mem)"),
  generate(seed) {
    const r = rngFor(this.id, seed);
    const model = getModel(r.pick(["llama-3.1-70b", "llama-3.1-8b", "deepseek-v3", "qwen3-235b-a22b", "gpt-oss-120b", "mixtral-8x7b"] as const));
    const hardware = hw(r.pick(FP8_CHIPS));
    const batch = r.pick([1, 16, 128, 1024, 4096] as const);
    const context = r.pick([0, 2048, 32768, 131072] as const);
    const chips = hardware.scaleUpDomainChips.value === 72 ? 64 : 8;
    const step = analyzeStep({ model, hardware, chips, batch, contextTokens: context, weightPrecision: "fp8", kvPrecision: "fp8" });
    const times = [step.computeSeconds, step.weightReadSeconds, step.kvReadSeconds];
    const answer = times.indexOf(Math.max(...times));
    return choice({
      family: this.id,
      seed,
      concept: this.concept,
      prompt: `${modelWords(model)}, FP8 weights and KV, on ${chips} × ${chipWords(hardware)}: a decode step at batch ${batch} with ${context} tokens of context. Which takes longest?`,
      derivation: need(step.derivations["stepSeconds"], "stepSeconds"),
      choices: [...LIMITS],
      answer,
      givens: [],
      notes: [`compute ${fmt(step.computeSeconds, "s")}, weight reads ${fmt(step.weightReadSeconds, "s")}, KV reads ${fmt(step.kvReadSeconds, "s")}: the step is ${step.bound}-bound (compute and memory reads overlap; the weights and KV share the HBM).`],
      inputs: { model: model.id, hardware: hardware.id, chips, batch, contextTokens: context },
      source: this.source,
    });
  },
};

const scaleUp: Family = {
  id: "scale-up",
  concept: "Scale-up domains 8 → 72 → 500+: the largest model a domain serves at a per-token latency",
  source: lectureAt("45:44", "a scale up on the order of 10, 20 terabytes … enough for a 5T model plus KV cache"),
  generate(seed) {
    const r = rngFor(this.id, seed);
    const hardware = hw(r.pick(["nvidia-h100-sxm5-80gb", "nvidia-h200-sxm-141gb", "nvidia-b200-hgx", "nvidia-gb200-nvl72", "nvidia-gb300-nvl72", "nvidia-vera-rubin-nvl72", "google-tpu-v5e", "amd-mi355x"] as const));
    const latency = r.pick([0.01, 0.02, 0.05] as const);
    const precision = r.pick(["fp8", "fp4", "bf16"] as const);
    const s = explainScaleUp({ hardware, latencySeconds: latency, weightPrecision: precision });
    return numeric({
      family: this.id,
      seed,
      concept: this.concept,
      prompt: `A scale-up domain of ${s.domainChips} × ${chipWords(hardware)} reads all its weights every decode step (at the optimal batch every expert is touched). With ${precision.toUpperCase()} weights and ${fmt(latency, "s")} per token, how many parameters can the model have at most?`,
      derivation: s.derivations.maxParamsAtLatency,
      inputs: { hardware: hardware.id, latencySeconds: latency, precision },
      source: this.source,
    });
  },
};

const scaleOut: Family = {
  id: "scale-out-ratio",
  concept: "Scale-out is slower than scale-up: keep the all-to-all inside the rack",
  source: flashcards("00:32:09 — across racks, scale-out is ~8× slower"),
  generate(seed) {
    const r = rngFor(this.id, seed);
    const hardware = hw(r.pick(["nvidia-a100-sxm4-80gb", "nvidia-h100-sxm5-80gb", "nvidia-h200-sxm-141gb", "nvidia-b200-hgx", "nvidia-gb200-nvl72", "amd-mi300x"] as const));
    const d = need(explainScaleUpToScaleOut(hardware), `scale-up/out of ${hardware.id}`);
    return numeric({
      family: this.id,
      seed,
      concept: this.concept,
      prompt: `How many times faster is a ${chipWords(hardware)} chip's scale-up link than its scale-out link (per chip, one direction)?`,
      derivation: d,
      inputs: { hardware: hardware.id },
      source: this.source,
    });
  },
};

// "Find the slip": the seed figures that differ from their own arithmetic.
type Slip = CheckedClaim & { derivation: Derivation; relativeDifference: number };
let slips: Slip[] | null = null;
function slipClaims(): Slip[] {
  return (slips ??= checkSeedClaims().filter((c): c is Slip => c.derivation !== null && c.relativeDifference !== null && c.difference !== null && Math.abs(c.relativeDifference) >= 0.02));
}

const findTheSlip: Family = {
  id: "find-the-slip",
  concept: "Find the slip: redo a seed's arithmetic and see where its figure differs",
  source: { title: "The seed documents (000–004)", locator: "every figure that differs from its own derivation" },
  generate(seed) {
    const r = rngFor(this.id, seed);
    const c = r.pick(slipClaims());
    const d = c.derivation;
    const rel = Math.abs(c.relativeDifference);
    return numeric({
      family: this.id,
      seed,
      concept: this.concept,
      prompt: `The source says: “${c.quote}”. Redo the arithmetic from the givens: what is the number? (The quoted figure may be off.)`,
      derivation: d,
      // Tight enough that the quoted figure itself is graded wrong.
      tolerance: Math.min(0.1, rel / 2),
      notes: [`Quoted: ${fmt(c.quotedValue, c.unit)}; the engine: ${d.display}. ${c.difference ?? ""}`],
      inputs: { claim: c.id },
      source: c.source,
    });
  },
};

const flashcardFamily: Family = {
  id: "flashcard",
  concept: "The flashcards (seed 003) as fill-in-the-blank, the engine supplying every blank",
  source: flashcards("seed 003: the flashcards with the formulas stripped"),
  generate(seed) {
    const r = rngFor(this.id, seed);
    const card = r.pick(FLASHCARDS);
    return card.problem(seed);
  },
};

export const FAMILIES: readonly Family[] = [
  optimalBatch,
  drainTime,
  kvBytesPerToken,
  prefillTime,
  costPerMillion,
  decodeSpeed,
  crossoverContext,
  expertCoverage,
  memoryPerChip,
  bubbleFraction,
  sixND,
  threeWaySplit,
  priceInversion,
  kvAtBalance,
  cacheTier,
  worldModel,
  whichLimit,
  scaleUp,
  scaleOut,
  findTheSlip,
  flashcardFamily,
];

export function familyIds(): string[] {
  return FAMILIES.map((f) => f.id);
}


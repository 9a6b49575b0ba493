/**
 * The flashcards of seed 003 (001 with the formulas stripped) as fill-in-the-blank cards. Each blank
 * is supplied by the engine: a formula's own text, or a number from a formula or an analysis.
 */
import type { Derivation } from "../formula/derivation.ts";
import { withOrigin } from "../formula/formula.ts";
import { formatQuantity } from "../format.ts";
import { getHardware } from "../catalog/hardware.ts";
import { getModel } from "../catalog/models.ts";
import { analyzeStep } from "../roofline/step.ts";
import { explainHardwareRatios } from "../roofline/hardware-ratios.ts";
import * as F from "../roofline/formulas.ts";
import * as CF from "../cluster/formulas.ts";
import * as EF from "../economics/formulas.ts";
import { analyzeTraining } from "../economics/training.ts";
import { invertPrices } from "../economics/inversion.ts";
import { getPriceSheet } from "../economics/prices.ts";
import { allFormulas } from "../formula/formula.ts";
import { flashcards, type SourceRef } from "../sources.ts";
import { explainScaleUpToScaleOut } from "../lecture/analysis.ts";
import type { Given, Problem } from "./problem.ts";

export const BLANK = "____";

export interface Flashcard {
  id: string;
  /** The card's section of the deck ("How batch size affects token cost and speed"). */
  section: string;
  /** The card's text with its blank(s) as ____. */
  text: string;
  problem(seed: number): Problem;
}

const SECTION_BATCH = "How batch size affects token cost and speed";
const SECTION_MOE = "How MoE models are laid out across GPU racks";
const SECTION_PP = "How pipeline parallelism moves model layers across racks";
const SECTION_RL = "Because of RL, models may be 100× over-trained beyond Chinchilla-optimal";
const SECTION_PRICES = "Deducing inference memory costs from API pricing";

const src = (section: string): SourceRef => flashcards(`seed 003 — ${section}`);

function need(d: Derivation | null | undefined, what: string): Derivation {
  if (!d) throw new Error(`internal: no derivation for ${what}`);
  return d;
}

function givensOf(d: Derivation): Given[] {
  return d.inputs.filter((i) => i.origin.kind !== "derived").map((i) => ({ label: i.description, symbol: i.symbol, display: i.display, origin: i.originText }));
}

function numericCard(id: string, section: string, text: string, derive: () => Derivation, tolerance = 0.1): Flashcard {
  return {
    id,
    section,
    text,
    problem(seed) {
      const d = derive();
      return {
        id: `flashcard:${seed}`,
        family: "flashcard",
        seed,
        kind: "numeric",
        concept: `Flashcard: ${section}`,
        prompt: `Fill in the blank: “${text}”`,
        givens: givensOf(d),
        answer: d.value,
        unit: d.unit,
        answerDisplay: formatQuantity(d.value, d.unit, 4),
        tolerance,
        derivation: d,
        notes: [],
        inputs: { card: id },
        source: src(section),
      };
    },
  };
}

/** A blank that is a formula: recalled, then compared with the engine's own text. */
function formulaCard(id: string, section: string, text: string, formulaId: string): Flashcard {
  return {
    id,
    section,
    text,
    problem(seed) {
      const f = allFormulas().get(formulaId);
      if (!f) throw new Error(`internal: no formula ${formulaId}`);
      // The formula's derivation at the lecture's round numbers shows each symbol's meaning.
      const values = Object.fromEntries(f.inputNames.map((n) => [n, withOrigin(1, { kind: "constant", reason: "1, to show the formula's shape" })]));
      const d = f.explain(values);
      return {
        id: `flashcard:${seed}`,
        family: "flashcard",
        seed,
        kind: "recall",
        concept: `Flashcard: ${section}`,
        prompt: `Fill in the blank (a formula): “${text}”`,
        givens: f.inputNames.map((n) => {
          const spec = f.inputs[n] as { description: string; symbol: string; unit: string };
          return { label: spec.description, symbol: spec.symbol, display: spec.unit === "1" ? "(a number)" : `(in ${spec.unit})`, origin: "symbol of the formula" };
        }),
        answer: 0,
        unit: f.unit,
        answerDisplay: f.text,
        recallText: f.text,
        tolerance: 0,
        derivation: d,
        notes: [f.description],
        inputs: { card: id },
        source: src(section),
      };
    },
  };
}

const h100 = () => getHardware("nvidia-h100-sxm5-80gb");

export const FLASHCARDS: readonly Flashcard[] = [
  formulaCard("step-time", SECTION_BATCH, `T = ${BLANK}`, "roofline.stepSeconds"),
  formulaCard("compute-time", SECTION_BATCH, `t_compute = ${BLANK}, where B is batch size, N_active is active parameters, and FLOPs is the compute throughput of the hardware.`, "roofline.computeSeconds"),
  formulaCard("memory-time", SECTION_BATCH, `t_mem = ${BLANK} (weights plus the batch's KV cache, over memory bandwidth)`, "roofline.memoryReadSeconds"),
  numericCard("flop-per-byte", SECTION_BATCH, `${BLANK} FLOPs / byte (an H100 at BF16).`, () => need(explainHardwareRatios(h100(), "bf16").flopPerByte, "H100 FLOP/B")),
  formulaCard("optimal-batch-formula", SECTION_BATCH, `Set compute time = memory time … Solve for B: B = ${BLANK}`, "batch.closedFormOptimalBatch"),
  numericCard("deepseek-batch", SECTION_BATCH, `DeepSeek V3: 8 routed (+1 shared) of 256 experts, 37B of 671B parameters active → B ≥ ${BLANK} (H100, FP8 weights).`, () => need(analyzeStep({ model: getModel("deepseek-v3"), hardware: h100(), chips: 8, contextTokens: 0 }).derivations["closedFormOptimalBatch"], "DeepSeek optimal batch")),
  numericCard("rubin-drain", SECTION_BATCH, `20ms is the HBM drain time — memory capacity ÷ memory bandwidth. E.g. Rubin: ${BLANK}.`, () => need(explainHardwareRatios(getHardware("nvidia-vera-rubin-nvl72")).hbmDrainSeconds, "Rubin drain")),
  numericCard("scale-out", SECTION_MOE, `Within a rack, NVLink connects every GPU to every other at full bandwidth … Across racks, scale-out is ${BLANK} slower (GB200 NVL72).`, () => need(explainScaleUpToScaleOut(getHardware("nvidia-gb200-nvl72")), "GB200 scale-out")),
  numericCard("micro-batches", SECTION_PP, `Keeping P = 8 stages busy requires 8 micro-batches in flight; at 32 sequences each, ${BLANK} concurrent sequences.`, () =>
    CF.sequencesInFlight.explain({ microBatches: withOrigin(8, { kind: "seed", source: src(SECTION_PP) }), microBatch: withOrigin(32, { kind: "constant", reason: "32 sequences per micro-batch (the card's example)" }) }),
  0.01),
  numericCard("six", SECTION_RL, `2 FLOPs per parameter per token for the forward pass (multiply + add). Backward pass is 2× forward … So 2 + 4 = ${BLANK}.`, () =>
    EF.pretrainFlop.explain({ activeParams: withOrigin(1, { kind: "constant", reason: "one parameter" }), pretrainTokens: withOrigin(1, { kind: "constant", reason: "one token" }) }),
  0.01),
  numericCard("inference-tokens", SECTION_RL, `D_inference ≈ 50M tokens/sec × 60 days × 86,400 sec/day ≈ ${BLANK}`, () => need(analyzeTraining().derivations["inferenceTokens"], "inferenceTokens"), 0.05),
  numericCard("rl-tokens", SECTION_RL, `6 × D_pretrain = 3 × D_RL × 3 × inefficiency = 2 × D_inference × 3 × inefficiency, so with D_pretrain = D_inference, D_RL = ${BLANK}`, () => need(analyzeTraining().derivations["rlTokens"], "rlTokens"), 0.05),
  numericCard("chinchilla", SECTION_RL, `D_chinchilla ≈ 20 × 100B = ${BLANK}`, () => need(analyzeTraining().derivations["chinchillaTokens"], "chinchillaTokens"), 0.05),
  numericCard("overtrained", SECTION_RL, `D_inference / D_chinchilla = ${BLANK}× over-trained`, () => need(analyzeTraining().derivations["overtrainingFactor"], "overtrainingFactor"), 0.1),
  numericCard("kv-at-200k", SECTION_PRICES, `Plug in: N_active ≈ 100B, len_ctx = 200K → bytes/token ≈ ${BLANK} (H100, FP8 compute).`, () =>
    F.kvBytesPerTokenAtBalance.explain({
      activeParams: withOrigin(100e9, { kind: "seed", source: src(SECTION_PRICES) }),
      bandwidthBytesPerSecond: { value: h100().hbmBytesPerSecond.value ?? 0, origin: h100().hbmBytesPerSecond.origin },
      peakFlopsPerSecond: { value: h100().denseFlopsPerSecond.fp8.value ?? 0, origin: h100().denseFlopsPerSecond.fp8.origin },
      contextTokens: withOrigin(200e3, { kind: "seed", source: src(SECTION_PRICES) }),
    }),
  ),
  numericCard("decode-mfu", SECTION_PRICES, `MFU during decode is about ${BLANK} that during prefill (read from Gemini 3.1 Pro's output ÷ input price).`, () => need(invertPrices({ sheet: getPriceSheet("google-gemini-3.1-pro-preview") }).derivations["impliedDecodeUtilization"], "impliedDecodeUtilization"), 0.1),
];

/**
 * The forward pass operator by operator (LLM-Viewer's table, on this engine's step): for each
 * operator — QKV and output projections, attention scores and values, the sparse-attention indexer,
 * the router, routed and shared experts, the dense MLP, norms, the LM head — its FLOP, the bytes it
 * reads (weights, KV) and moves (activations), its arithmetic intensity, whether it is compute- or
 * memory-bound on its own, and its time.
 *
 * The operators partition the step: their FLOP, weight bytes and KV bytes add up to `step`'s
 * (`analyzeStep`) exactly, because each is a share of the step graph's own numbers (its tokens,
 * attention FLOP per token, experts touched, KV bytes read). Activation bytes are extra: the step's
 * roofline leaves them out (fused kernels keep them on chip); here they count toward each operator's
 * intensity, as an unfused kernel would move them. The sum of operator times is the pass run one
 * operator after another (no overlap between a memory-bound and a compute-bound operator), so it is at
 * least the step's max(compute, memory).
 *
 * Expected, per operator: the same operator on its own roofline at the efficiencies the step's expected
 * model gives its kind (efficiency/expected.ts, read from the step graph's nodes, never recomputed
 * here): weight matmuls at the dense GEMM's shape efficiency (tile and wave quantisation of its rows and
 * output features), routed experts at the expert GEMM's (tokens per expert), attention at the attention
 * kernel's, weights at the achieved HBM fraction, KV at the paged-read fraction. What the expected step
 * adds beyond the operators — the fixed time per layer (kernel gaps), tensor-parallel all-reduces, host
 * time and the busiest MoE chip — is the step's own breakdown, so the expected total is the step's.
 */
import { RooflineError } from "../errors.ts";
import { formatQuantity } from "../format.ts";
import type { Derivation } from "../formula/derivation.ts";
import { add, div, max, min, mul, sub } from "../formula/expr.ts";
import { byDefault, constant, defineFormula, derived, withOrigin, type Quantity } from "../formula/formula.ts";
import { OPERATORS_INPUTS } from "../inputs/pages.ts";
import { modelOrigin } from "../model/model.ts";
import { BYTES_PER_VALUE } from "../precision.ts";
import { lectureAt, type SourceRef } from "../sources.ts";
import { FLOP_PER_MAC } from "../units.ts";
import * as F from "./formulas.ts";
import { prepareRoofline, stepFromSetup, type RooflineOptions, type StepResult } from "./step.ts";

const LLM_VIEWER: SourceRef = { title: "LLM-Viewer (hahnyuan): per-operator roofline analysis of LLM inference (arXiv:2402.16363)", url: "https://arxiv.org/abs/2402.16363" };
const WILLIAMS: SourceRef = { title: "Williams, Waterman, Patterson: Roofline: an insightful visual performance model (CACM 2009)", url: "https://doi.org/10.1145/1498765.1498785" };

// ---- Formulas -----------------------------------------------------------------------------------

export const operatorWeightFlop = defineFormula({
  id: "operators.weightFlop",
  title: "Operator FLOP (weight multiply)",
  description: "A weight operator multiplies each of its weights once per token it processes: 2 FLOP per weight per token.",
  symbol: "F_op",
  latex: "F_{\\text{op}}",
  unit: "FLOP",
  inputs: {
    tokens: { symbol: "T", unit: "token", description: "tokens in the pass" },
    params: { symbol: "N_op", latex: "N_{\\text{op}}", unit: "param", description: "weights one token multiplies by in this operator, summed over layers" },
  },
  expr: ({ tokens, params }) => mul(FLOP_PER_MAC, tokens, params),
  sources: [lectureAt("03:20", "multiply by all of the active parameters"), LLM_VIEWER],
});

export const operatorAttentionFlop = defineFormula({
  id: "operators.attentionFlop",
  title: "Operator FLOP (attention part)",
  description: "A share of the pass's attention FLOP, the sparse-attention indexer's scoring set aside: scores take d_qk of every head's multiply-accumulates per attended token, values d_v.",
  symbol: "F_op",
  latex: "F_{\\text{op}}",
  unit: "FLOP",
  inputs: {
    tokens: { symbol: "T", unit: "token", description: "tokens in the pass" },
    attentionFlopPerToken: { symbol: "F_attn", latex: "F_{\\text{attn}}", unit: "FLOP/token", description: "attention FLOP per token (the step's)" },
    indexerFlopPerContextToken: { symbol: "a_idx", latex: "a_{\\text{idx}}", unit: "FLOP/token", description: "indexer FLOP per context token, summed over layers (0 without DSA)" },
    queryContext: { symbol: "L_q", latex: "L_{q}", unit: "token", description: "mean context per query" },
    share: { symbol: "s", unit: "1", description: "this operator's share of the attention arithmetic" },
  },
  expr: (x) => mul(x.tokens, sub(x.attentionFlopPerToken, mul(x.indexerFlopPerContextToken, x.queryContext)), x.share),
  sources: [lectureAt("1:47:00", "the number of multiplies that comes from doing the KV cache"), LLM_VIEWER],
});

export const operatorIndexerFlop = defineFormula({
  id: "operators.indexerFlop",
  title: "Operator FLOP (sparse-attention indexer scoring)",
  description: "DeepSeek Sparse Attention's indexer scores every context token for every query.",
  symbol: "F_op",
  latex: "F_{\\text{op}}",
  unit: "FLOP",
  inputs: {
    tokens: { symbol: "T", unit: "token", description: "tokens in the pass" },
    indexerFlopPerContextToken: { symbol: "a_idx", latex: "a_{\\text{idx}}", unit: "FLOP/token", description: "indexer FLOP per context token, summed over layers" },
    queryContext: { symbol: "L_q", latex: "L_{q}", unit: "token", description: "mean context per query" },
  },
  expr: (x) => mul(x.tokens, x.indexerFlopPerContextToken, x.queryContext),
  sources: [{ title: "DeepSeek-V3.2-Exp: DeepSeek Sparse Attention (lightning indexer, top-k)", url: "https://github.com/deepseek-ai/DeepSeek-V3.2-Exp" }],
});

export const operatorShare = defineFormula({
  id: "operators.share",
  title: "Share of attention",
  description: "The part of each attended token's work (or KV bytes) that belongs to one operator: its dimension over the dimensions that share the work.",
  symbol: "s",
  unit: "1",
  inputs: {
    part: { symbol: "d_part", latex: "d_{\\text{part}}", unit: "1", description: "this operator's dimension per head" },
    rest: { symbol: "d_rest", latex: "d_{\\text{rest}}", unit: "1", description: "the other operator's dimension per head" },
  },
  expr: ({ part, rest }) => div(part, add(part, rest)),
  sources: [LLM_VIEWER],
});

export const operatorKvBytes = defineFormula({
  id: "operators.kvBytes",
  title: "Operator KV bytes",
  description: "A share of the KV bytes the pass reads, the indexer's keys set aside: scores read the keys, values the values.",
  symbol: "KV_op",
  latex: "KV_{\\text{op}}",
  unit: "B",
  inputs: {
    kvBytesRead: { symbol: "KV", unit: "B", description: "KV bytes the pass reads (the step's)" },
    batch: { symbol: "B", unit: "sequence", description: "sequences in the batch" },
    indexerBytesPerToken: { symbol: "kv_idx", latex: "kv_{\\text{idx}}", unit: "B/token", description: "indexer key bytes per context token (0 without DSA)" },
    contextTokens: { symbol: "L", unit: "token", description: "tokens in the context" },
    share: { symbol: "s", unit: "1", description: "this operator's share of the KV bytes" },
  },
  expr: (x) => mul(sub(x.kvBytesRead, mul(x.batch, x.indexerBytesPerToken, x.contextTokens)), x.share),
  sources: [lectureAt("05:28", "for every element of the batch we fetch an entire context length of tokens")],
});

export const operatorIndexerKvBytes = defineFormula({
  id: "operators.indexerKvBytes",
  title: "Operator KV bytes (indexer keys)",
  description: "The sparse-attention indexer reads its own FP8 keys for every context token of every sequence.",
  symbol: "KV_op",
  latex: "KV_{\\text{op}}",
  unit: "B",
  inputs: {
    batch: { symbol: "B", unit: "sequence", description: "sequences in the batch" },
    indexerBytesPerToken: { symbol: "kv_idx", latex: "kv_{\\text{idx}}", unit: "B/token", description: "indexer key bytes per context token" },
    contextTokens: { symbol: "L", unit: "token", description: "tokens in the context" },
  },
  expr: (x) => mul(x.batch, x.indexerBytesPerToken, x.contextTokens),
  sources: [{ title: "DeepSeek-V3.2-Exp: DeepSeek Sparse Attention (lightning indexer, top-k)", url: "https://github.com/deepseek-ai/DeepSeek-V3.2-Exp" }],
});

export const operatorActivationBytes = defineFormula({
  id: "operators.activationBytes",
  title: "Operator activation bytes",
  description: "Activations an operator reads and writes: its input and output vectors for every token, in every layer.",
  symbol: "A_op",
  latex: "A_{\\text{op}}",
  unit: "B",
  inputs: {
    tokens: { symbol: "T", unit: "token", description: "tokens in the pass" },
    layers: { symbol: "n", unit: "layer", description: "layers that run this operator" },
    inputWidth: { symbol: "d_in", latex: "d_{\\text{in}}", unit: "1", description: "values read per token per layer" },
    outputWidth: { symbol: "d_out", latex: "d_{\\text{out}}", unit: "1", description: "values written per token per layer" },
    bytesPerValue: { symbol: "b_a", latex: "b_{a}", unit: "B", description: "bytes per activation value" },
  },
  expr: (x) => mul(x.tokens, x.layers, add(x.inputWidth, x.outputWidth), x.bytesPerValue),
  sources: [LLM_VIEWER],
  assumptions: ["unfused: each operator reads its input and writes its output once; intermediates inside an operator stay on chip", "activations in BF16 (2 bytes)"],
});

export const operatorIntensity = defineFormula({
  id: "operators.intensity",
  title: "Arithmetic intensity",
  description: "FLOP per byte the operator moves: above the chip's ridge point it is compute-bound, below it memory-bound.",
  symbol: "I",
  unit: "FLOP/B",
  inputs: {
    flop: { symbol: "F_op", latex: "F_{\\text{op}}", unit: "FLOP", description: "operator FLOP" },
    weightBytes: { symbol: "W_op", latex: "W_{\\text{op}}", unit: "B", description: "weight bytes read" },
    kvBytes: { symbol: "KV_op", latex: "KV_{\\text{op}}", unit: "B", description: "KV bytes read" },
    activationBytes: { symbol: "A_op", latex: "A_{\\text{op}}", unit: "B", description: "activation bytes moved" },
  },
  expr: (x) => div(x.flop, add(x.weightBytes, x.kvBytes, x.activationBytes)),
  sources: [WILLIAMS, LLM_VIEWER],
});

export const operatorSeconds = defineFormula({
  id: "operators.seconds",
  title: "Operator time",
  description: "The operator on its own roofline: the larger of its arithmetic at peak and its bytes at full bandwidth, on the chips serving the replica.",
  symbol: "t_op",
  latex: "t_{\\text{op}}",
  unit: "s",
  inputs: {
    flop: { symbol: "F_op", latex: "F_{\\text{op}}", unit: "FLOP", description: "operator FLOP" },
    weightBytes: { symbol: "W_op", latex: "W_{\\text{op}}", unit: "B", description: "weight bytes read" },
    kvBytes: { symbol: "KV_op", latex: "KV_{\\text{op}}", unit: "B", description: "KV bytes read" },
    activationBytes: { symbol: "A_op", latex: "A_{\\text{op}}", unit: "B", description: "activation bytes moved" },
    chips: { symbol: "N", unit: "chip", description: "chips serving the replica" },
    peakFlopsPerSecond: { symbol: "F", unit: "FLOP/s", description: "dense peak FLOP/s per chip" },
    computeEfficiency: { symbol: "η_F", latex: "\\eta_{F}", unit: "1", description: "fraction of peak FLOP/s achieved" },
    bandwidthBytesPerSecond: { symbol: "BW", unit: "B/s", description: "HBM bandwidth per chip" },
    bandwidthEfficiency: { symbol: "η_BW", latex: "\\eta_{BW}", unit: "1", description: "fraction of peak HBM bandwidth achieved" },
  },
  expr: (x) =>
    max(
      div(x.flop, mul(x.chips, x.peakFlopsPerSecond, x.computeEfficiency)),
      div(add(x.weightBytes, x.kvBytes, x.activationBytes), mul(x.chips, x.bandwidthBytesPerSecond, x.bandwidthEfficiency)),
    ),
  sources: [WILLIAMS, lectureAt("02:50", "the time must be greater than or equal to")],
  assumptions: ["the operator's compute and memory traffic overlap; operators run one after another"],
});

export const attainableFlopsPerSecond = defineFormula({
  id: "operators.attainableFlopsPerSecond",
  title: "Attainable FLOP/s",
  description: "The roofline: a chip can do no more than its peak, nor more than its bandwidth times the operator's arithmetic intensity.",
  symbol: "P",
  unit: "FLOP/s",
  inputs: {
    intensity: { symbol: "I", unit: "FLOP/B", description: "arithmetic intensity" },
    peakFlopsPerSecond: { symbol: "F", unit: "FLOP/s", description: "dense peak FLOP/s per chip" },
    computeEfficiency: { symbol: "η_F", latex: "\\eta_{F}", unit: "1", description: "fraction of peak FLOP/s achieved" },
    bandwidthBytesPerSecond: { symbol: "BW", unit: "B/s", description: "HBM bandwidth per chip" },
    bandwidthEfficiency: { symbol: "η_BW", latex: "\\eta_{BW}", unit: "1", description: "fraction of peak HBM bandwidth achieved" },
  },
  expr: (x) => min(mul(x.peakFlopsPerSecond, x.computeEfficiency), mul(x.intensity, x.bandwidthBytesPerSecond, x.bandwidthEfficiency)),
  sources: [WILLIAMS],
});

export const ridgePoint = defineFormula({
  id: "operators.ridgePoint",
  title: "Ridge point",
  description: "The arithmetic intensity at which an operator's compute time equals its memory time: below it, memory-bound; above it, compute-bound.",
  symbol: "I*",
  latex: "I^{*}",
  unit: "FLOP/B",
  inputs: {
    chips: { symbol: "N", unit: "chip", description: "chips (cancels: both sides scale with it)" },
    peakFlopsPerSecond: { symbol: "F", unit: "FLOP/s", description: "dense peak FLOP/s per chip" },
    computeEfficiency: { symbol: "η_F", latex: "\\eta_{F}", unit: "1", description: "fraction of peak FLOP/s achieved" },
    bandwidthBytesPerSecond: { symbol: "BW", unit: "B/s", description: "HBM bandwidth per chip" },
    bandwidthEfficiency: { symbol: "η_BW", latex: "\\eta_{BW}", unit: "1", description: "fraction of peak HBM bandwidth achieved" },
  },
  expr: (x) => div(mul(x.chips, x.peakFlopsPerSecond, x.computeEfficiency), mul(x.chips, x.bandwidthBytesPerSecond, x.bandwidthEfficiency)),
  sources: [WILLIAMS, lectureAt("18:29", "this ends up being on most GPUs around 300")],
});

// ---- The breakdown ------------------------------------------------------------------------------

export type OperatorId = "qkv" | "attentionOutput" | "attentionScores" | "attentionValues" | "indexer" | "router" | "routedExperts" | "sharedExperts" | "mlp" | "norms" | "lmHead";

export interface OperatorRow {
  id: OperatorId;
  label: string;
  flop: number;
  weightBytes: number;
  kvBytes: number;
  activationBytes: number;
  intensity: number;
  bound: "compute" | "memory";
  seconds: number;
  /** Attainable FLOP/s per chip at this intensity (the roofline plot's y). */
  attainableFlopsPerSecond: number;
  /** Every number with its derivation (weight and KV bytes only where the operator reads any). */
  derivations: Record<"flop" | "activationBytes" | "intensity" | "seconds" | "attainableFlopsPerSecond", Derivation> & Partial<Record<"weightBytes" | "kvBytes", Derivation>>;
  /** The operator at the expected model's efficiencies for its kind (fitted, not a bound). */
  expected: {
    seconds: number;
    attainableFlopsPerSecond: number;
    bound: "compute" | "memory";
    /** Which of the step's expected efficiencies it runs at (node names of the step graph). */
    computeEfficiencyNode: string;
    bandwidthEfficiencyNode: string;
    derivations: Record<"seconds" | "attainableFlopsPerSecond", Derivation>;
  };
}

/** The step's expected time and its parts (the step graph's nodes: `step --json`'s expectedStepSeconds and expectedBreakdown). */
export interface ExpectedOperatorsTotals {
  /** Σ operators' expected times, one after another (activations included). */
  operatorSeconds: number;
  /** The expected step (= analyzeStep's expectedStepSeconds). */
  stepSeconds: number;
  /** Its parts: dense matmuls, routed experts on the busiest chip, attention, fixed time per layer, all-reduces, host. */
  breakdown: { name: string; label: string; seconds: number }[];
}

export interface OperatorsResult {
  step: StepResult;
  operators: OperatorRow[];
  totals: { flop: number; weightBytes: number; kvBytes: number; activationBytes: number; seconds: number };
  expected: ExpectedOperatorsTotals;
  /** The chip's ridge point (FLOP per byte at which compute time equals memory time), at the efficiencies given. */
  ridgeFlopPerByte: number;
  peakFlopsPerSecond: number;
  bandwidthBytesPerSecond: number;
  derivations: Record<string, Derivation>;
  notes: string[];
}

const ACTIVATION_BYTES = BYTES_PER_VALUE.bf16;

/** The forward pass of `options` operator by operator. Needs a model with an architecture (not a napkin model). */
export function analyzeOperators(options: RooflineOptions): OperatorsResult {
  const prefill = options.phase === "prefill";
  const batch = options.batch ?? byDefault(prefill ? 1 : 64, prefill ? "one prompt" : "a decode batch of 64, where the operators' intensities spread across the ridge point");
  const setup = prepareRoofline({ ...options, batch }, OPERATORS_INPUTS);
  const step = stepFromSetup(setup);
  const model = setup.model;
  const a = model.architecture;
  const counts = model.parameters;
  if (!a || !counts) {
    throw new RooflineError({
      code: "invalid-choice",
      field: "model",
      value: model.id,
      expected: "a model with an architecture (a catalog model or a config.json)",
      hint: "A napkin model gives only parameter totals; the operator breakdown needs layers, heads and widths.",
    });
  }
  const d = step.derivations;
  const p = setup.params;
  const q = (name: string): Quantity => {
    const dn = d[name];
    if (dn) return derived(dn);
    const pn = p[name];
    if (pn) return pn;
    throw new Error(`operators: the step has no ${name}`);
  };
  const mo = (field: string, value: number, note?: string): Quantity => withOrigin(value, modelOrigin(model, field, note));
  const zero = (why: string): Quantity => constant(0, why);
  const part = (id: string) => counts.parts.find((x) => x.id === id);
  const h = a.hiddenSize;
  const L = a.numLayers;
  const moeLayers = counts.moeLayerCount;
  const tokens = q("tokens");
  const actBytes = constant(ACTIVATION_BYTES, "activations in BF16");
  const hw = {
    chips: q("chips"),
    peakFlopsPerSecond: q("peakFlopsPerSecond"),
    computeEfficiency: q("computeEfficiency"),
    bandwidthBytesPerSecond: q("bandwidthBytesPerSecond"),
    bandwidthEfficiency: q("bandwidthEfficiency"),
  };
  // The expected model's efficiency for each kind of operator: nodes of the step's own graph.
  const effNode = (name: string): Quantity => {
    const dn = d[name];
    if (!dn) throw new Error(`operators: the step has no expected node ${name}`);
    return derived(dn);
  };
  const EXPECTED_KIND: Record<"weights" | "experts" | "attention", { compute: string; bandwidth: string }> = {
    weights: { compute: "expDenseMatmulEfficiency", bandwidth: "expHbmFraction" },
    experts: { compute: model.moe ? "expExpertMatmulEfficiency" : "expDenseMatmulEfficiency", bandwidth: "expHbmFraction" },
    attention: { compute: "expAttentionFraction", bandwidth: "expKvFraction" },
  };
  const kindOf = (id: OperatorId): keyof typeof EXPECTED_KIND => (id === "routedExperts" ? "experts" : id === "attentionScores" || id === "attentionValues" || id === "indexer" ? "attention" : "weights");
  const noKv = zero("reads no KV cache");
  const noWeights = zero("has no weights");

  const rows: OperatorRow[] = [];
  const add_ = (id: OperatorId, label: string, flop: Derivation, weightBytes: Derivation | Quantity, kvBytes: Derivation | Quantity, act: { layers: number; din: number; dout: number }) => {
    const asQ = (x: Derivation | Quantity): Quantity => ("formulaId" in x ? derived(x) : x);
    const activation = operatorActivationBytes.explain({ tokens, layers: mo("layers", act.layers), inputWidth: mo(`${label}: input width`, act.din), outputWidth: mo(`${label}: output width`, act.dout), bytesPerValue: actBytes }, { name: `${id}.activationBytes` });
    const wb = asQ(weightBytes);
    const kb = asQ(kvBytes);
    const inputs = { flop: derived(flop), weightBytes: wb, kvBytes: kb, activationBytes: derived(activation) };
    const intensity = operatorIntensity.explain(inputs, { name: `${id}.intensity` });
    const seconds = operatorSeconds.explain({ ...inputs, ...hw }, { name: `${id}.seconds` });
    const attainable = attainableFlopsPerSecond.explain({ intensity: derived(intensity), peakFlopsPerSecond: hw.peakFlopsPerSecond, computeEfficiency: hw.computeEfficiency, bandwidthBytesPerSecond: hw.bandwidthBytesPerSecond, bandwidthEfficiency: hw.bandwidthEfficiency }, { name: `${id}.attainableFlopsPerSecond` });
    const computeSide = flop.value / (hw.chips.value * hw.peakFlopsPerSecond.value * hw.computeEfficiency.value);
    const kind = EXPECTED_KIND[kindOf(id)];
    const eHw = { ...hw, computeEfficiency: effNode(kind.compute), bandwidthEfficiency: effNode(kind.bandwidth) };
    const eSeconds = operatorSeconds.explain({ ...inputs, ...eHw }, { name: `${id}.expectedSeconds`, title: "Operator time (expected)" });
    const eAttainable = attainableFlopsPerSecond.explain({ intensity: derived(intensity), peakFlopsPerSecond: eHw.peakFlopsPerSecond, computeEfficiency: eHw.computeEfficiency, bandwidthBytesPerSecond: eHw.bandwidthBytesPerSecond, bandwidthEfficiency: eHw.bandwidthEfficiency }, { name: `${id}.expectedAttainableFlopsPerSecond`, title: "Attainable FLOP/s (expected)" });
    const eComputeSide = flop.value / (hw.chips.value * hw.peakFlopsPerSecond.value * eHw.computeEfficiency.value);
    const wd = "formulaId" in weightBytes ? weightBytes : null;
    const kd = "formulaId" in kvBytes ? kvBytes : null;
    rows.push({
      id,
      label,
      flop: flop.value,
      weightBytes: wb.value,
      kvBytes: kb.value,
      activationBytes: activation.value,
      intensity: intensity.value,
      bound: computeSide >= seconds.value ? "compute" : "memory",
      seconds: seconds.value,
      attainableFlopsPerSecond: attainable.value,
      derivations: {
        flop,
        ...(wd ? { weightBytes: wd } : {}),
        ...(kd ? { kvBytes: kd } : {}),
        activationBytes: activation,
        intensity,
        seconds,
        attainableFlopsPerSecond: attainable,
      },
      expected: {
        seconds: eSeconds.value,
        attainableFlopsPerSecond: eAttainable.value,
        bound: eComputeSide >= eSeconds.value ? "compute" : "memory",
        computeEfficiencyNode: kind.compute,
        bandwidthEfficiencyNode: kind.bandwidth,
        derivations: { seconds: eSeconds, attainableFlopsPerSecond: eAttainable },
      },
    });
  };
  const bw = q("bytesPerWeight");
  const weightOp = (id: OperatorId, label: string, params: number, note: string, act: { layers: number; din: number; dout: number }) => {
    if (params <= 0) return;
    const n = mo(`${label} parameters`, params, note);
    const flop = operatorWeightFlop.explain({ tokens, params: n }, { name: `${id}.flop` });
    const wbytes = F.weightBytesRead.explain({ params: n, bytesPerWeight: bw }, { name: `${id}.weightBytes` });
    add_(id, label, flop, wbytes, noKv, act);
  };

  // --- attention projections ---
  const attentionParams = part("attention")?.total ?? 0;
  const vDim = a.mla ? a.mla.vHeadDim : a.headDimV;
  const outPerLayer = a.numHeads * vDim * h + (a.outputBias ? h : 0);
  const qkvPerLayer = attentionParams / L - outPerLayer;
  const qkvOut = a.mla ? a.numHeads * (a.mla.qkNopeHeadDim + a.mla.qkRopeHeadDim) + a.mla.kvLoraRank + a.mla.qkRopeHeadDim : (a.numHeads + 2 * a.numKvHeads) * a.headDimQk;
  weightOp("qkv", a.mla ? "QKV projections (MLA: q, kv latent, up-projections)" : "QKV projections", qkvPerLayer * L, `${L} layers × ${qkvPerLayer} (attention less the output projection)`, { layers: L, din: h, dout: qkvOut });
  weightOp("attentionOutput", "attention output projection", outPerLayer * L, `${L} layers × heads × d_v × hidden`, { layers: L, din: a.numHeads * vDim, dout: h });

  // --- attention itself ---
  const napkinAttention = model.attention.napkinKvBytesPerToken !== null;
  if (!napkinAttention) {
    const mla = a.mla;
    const decodeAbsorbed = mla !== null && setup.phase === "decode";
    const scoresDim = mla ? (decodeAbsorbed ? mla.kvLoraRank + mla.qkRopeHeadDim : mla.qkNopeHeadDim + mla.qkRopeHeadDim) : a.headDimQk;
    const valuesDim = mla ? (decodeAbsorbed ? mla.kvLoraRank : mla.vHeadDim) : a.headDimV;
    const dimNote = mla ? (decodeAbsorbed ? "MLA absorbed (decode): scores over latent + RoPE, values over the latent" : "MLA per head (prefill)") : "per head";
    const flopShareScores = operatorShare.explain({ part: mo(`score dimension (${dimNote})`, scoresDim), rest: mo(`value dimension (${dimNote})`, valuesDim) }, { name: "attentionScores.share" });
    const flopShareValues = operatorShare.explain({ part: mo(`value dimension (${dimNote})`, valuesDim), rest: mo(`score dimension (${dimNote})`, scoresDim) }, { name: "attentionValues.share" });
    // KV: scores read the keys, values the values; MLA reads one latent (+ RoPE key) for both, on the scores' side.
    const kvShareScores = mla ? constant(1, "MLA caches one latent and RoPE key: scores read it, values reuse it on chip") : derived(operatorShare.explain({ part: mo("key head dimension", a.headDimQk), rest: mo("value head dimension", a.headDimV) }, { name: "attentionScores.kvShare" }));
    const kvShareValues = mla ? constant(0, "MLA: values reuse the latent the scores read") : derived(operatorShare.explain({ part: mo("value head dimension", a.headDimV), rest: mo("key head dimension", a.headDimQk) }, { name: "attentionValues.kvShare" }));
    const hasIndexer = setup.attention === "native" && model.attention.sparseTopK !== null && model.attention.indexerFlopPerToken > 0;
    const idxFlop = hasIndexer ? mo("indexer FLOP per token", model.attention.indexerFlopPerToken) : zero("no sparse-attention indexer");
    const idxBytes = hasIndexer ? mo("indexer key bytes per token", model.attention.indexerBytesPerToken) : zero("no sparse-attention indexer");
    const attnCommon = { tokens, attentionFlopPerToken: q("attentionFlopPerToken"), indexerFlopPerContextToken: idxFlop, queryContext: q("queryContext") };
    const kvCommon = { kvBytesRead: q("kvBytesRead"), batch: q("batch"), indexerBytesPerToken: idxBytes, contextTokens: q("contextTokens") };
    const scoresFlop = operatorAttentionFlop.explain({ ...attnCommon, share: derived(flopShareScores) }, { name: "attentionScores.flop" });
    const valuesFlop = operatorAttentionFlop.explain({ ...attnCommon, share: derived(flopShareValues) }, { name: "attentionValues.flop" });
    const scoresKv = operatorKvBytes.explain({ ...kvCommon, share: kvShareScores }, { name: "attentionScores.kvBytes" });
    const valuesKv = operatorKvBytes.explain({ ...kvCommon, share: kvShareValues }, { name: "attentionValues.kvBytes" });
    add_("attentionScores", "attention scores (q·Kᵀ)", scoresFlop, noWeights, scoresKv, { layers: L, din: a.numHeads * scoresDim, dout: a.numHeads });
    add_("attentionValues", "attention values (softmax·V)", valuesFlop, noWeights, valuesKv, { layers: L, din: a.numHeads, dout: a.numHeads * valuesDim });
    if (hasIndexer && a.dsa) {
      const idxParams = part("indexer")?.total ?? 0;
      const n = mo("indexer parameters", idxParams);
      const wFlop = operatorWeightFlop.explain({ tokens, params: n }, { name: "indexer.weightFlop" });
      const sFlop = operatorIndexerFlop.explain({ tokens, indexerFlopPerContextToken: idxFlop, queryContext: q("queryContext") }, { name: "indexer.scoreFlop" });
      const flop = F.flopPerToken.explain({ weightFlop: derived(wFlop), attentionFlop: derived(sFlop) }, { name: "indexer.flop", title: "Indexer FLOP (projections + scoring)", symbol: "F_op" });
      const wbytes = F.weightBytesRead.explain({ params: n, bytesPerWeight: bw }, { name: "indexer.weightBytes" });
      const kv = operatorIndexerKvBytes.explain({ batch: q("batch"), indexerBytesPerToken: idxBytes, contextTokens: q("contextTokens") }, { name: "indexer.kvBytes" });
      add_("indexer", "sparse-attention indexer (DSA)", flop, wbytes, kv, { layers: L, din: h, dout: a.dsa.indexHeads * a.dsa.indexHeadDim });
    } else {
      const idxParams = part("indexer")?.total ?? 0;
      weightOp("indexer", "sparse-attention indexer projections (DSA; top-k off in this mode)", idxParams, "indexer weights", { layers: L, din: h, dout: 0 });
    }
  }

  // --- MoE ---
  if (a.moe && model.moe) {
    weightOp("router", "router", part("router")?.total ?? 0, `${moeLayers} MoE layers × hidden × experts`, { layers: moeLayers, din: h, dout: a.moe.routedExperts });
    const routed = part("routedExperts");
    if (routed) {
      const n = mo("routed-expert parameters one token multiplies by", routed.active, `${moeLayers} layers × ${a.moe.expertsPerToken} experts × ${counts.paramsPerExpert}`);
      const flop = operatorWeightFlop.explain({ tokens, params: n }, { name: "routedExperts.flop" });
      const touched = d["expertsTouched"] ? derived(d["expertsTouched"]) : mo("routed experts", a.moe.routedExperts, "every expert read every step");
      const wbytes = F.weightBytesReadMoe.explain(
        { alwaysReadParams: zero("routed experts only"), moeLayers: mo("MoE layers", moeLayers), expertsTouched: touched, paramsPerExpert: mo("parameters per expert", counts.paramsPerExpert), bytesPerWeight: bw },
        { name: "routedExperts.weightBytes", title: "Routed-expert weight bytes read" },
      );
      add_("routedExperts", `routed experts (${a.moe.expertsPerToken} of ${a.moe.routedExperts} per token)`, flop, wbytes, noKv, { layers: moeLayers, din: h * a.moe.expertsPerToken, dout: h * a.moe.expertsPerToken });
    }
    weightOp("sharedExperts", "shared experts", part("sharedExperts")?.total ?? 0, `${moeLayers} layers × ${a.moe.sharedExperts} shared`, { layers: moeLayers, din: h, dout: h });
  }
  const dense = part("denseFfn");
  if (dense) weightOp("mlp", "MLP (dense FFN)", dense.total, dense.label, { layers: L - moeLayers, din: h, dout: h });
  weightOp("norms", "norms", part("norms")?.total ?? 0, "RMS/LayerNorm scales (counted as weights by the step)", { layers: L, din: h, dout: h });
  const head = a.tieEmbeddings ? a.vocabSize * h : (part("lmHead")?.total ?? 0);
  weightOp("lmHead", a.tieEmbeddings ? "LM head (tied with the embedding)" : "LM head", head, "vocabulary × hidden", { layers: 1, din: h, dout: a.vocabSize });

  const totals = { flop: 0, weightBytes: 0, kvBytes: 0, activationBytes: 0, seconds: 0 };
  for (const r of rows) {
    totals.flop += r.flop;
    totals.weightBytes += r.weightBytes;
    totals.kvBytes += r.kvBytes;
    totals.activationBytes += r.activationBytes;
    totals.seconds += r.seconds;
  }
  const ridge = ridgePoint.explain(hw, { name: "ridgeFlopPerByte" });
  const parts: [string, string][] = [
    ["expDenseSeconds", "dense matmuls"],
    ...(model.moe ? ([["expExpertSeconds", "routed experts (busiest chip)"]] as [string, string][]) : []),
    ["expAttentionSeconds", "attention"],
    ["expFixedSeconds", "fixed time per layer (kernel gaps)"],
    ["expCommSeconds", "tensor-parallel all-reduces"],
    ["expHostSeconds", "host time"],
  ];
  const expected: ExpectedOperatorsTotals = {
    operatorSeconds: rows.reduce((sum, r) => sum + r.expected.seconds, 0),
    stepSeconds: step.expectedStepSeconds,
    breakdown: parts.flatMap(([name, label]) => (d[name] ? [{ name, label, seconds: (d[name] as Derivation).value }] : [])),
  };
  return {
    step,
    operators: rows,
    totals,
    expected,
    ridgeFlopPerByte: ridge.value,
    peakFlopsPerSecond: hw.peakFlopsPerSecond.value * hw.computeEfficiency.value,
    bandwidthBytesPerSecond: hw.bandwidthBytesPerSecond.value * hw.bandwidthEfficiency.value,
    derivations: { ridgeFlopPerByte: ridge },
    notes: [
      "FLOP, weight bytes and KV bytes add up to the step's; activation bytes are extra (the step's roofline keeps them on chip).",
      "Σ operator times runs the operators one after another; the step's time overlaps all compute with all memory traffic, so it is lower or equal.",
      "The embedding lookup gathers one row per token: no FLOP, not counted as weights read (as in the step).",
      "Expected operator times run each operator at the expected model's efficiency for its kind (GEMM shape efficiency with tile and wave quantisation, achieved HBM and KV-read fractions, the attention kernel's); the expected step adds the fixed time per layer, all-reduces and host time, and charges the busiest MoE chip.",
      ...(d["expSparseAttentionFlopPerToken"] && d["attentionFlopPerToken"]
        ? [
            `DeepSeek Sparse Attention prefill: the expected step charges the sparse kernel's own work (MLA in MQA mode over every top-k index slot, each chip's heads padded to the kernel's multiple), ${formatQuantity((d["expSparseAttentionFlopPerToken"] as Derivation).value, "FLOP/token")} of attention against the ${formatQuantity((d["attentionFlopPerToken"] as Derivation).value, "FLOP/token")} the attention rows count: the expected breakdown's attention holds it, the rows do not.`,
          ]
        : []),
    ],
  };
}


/**
 * The expected forward pass, beside the ideal one in the same graph: the dense matmuls at their shape's
 * efficiency, the routed experts on the busiest chip, attention at its kernel's efficiency, the fixed
 * time per layer and the tensor-parallel all-reduces. `addExpectedNodes` is called by prepareRoofline;
 * the nodes read the ideal graph's nodes (tokens, FLOP and bytes), so the two never disagree on the work.
 *
 * Ideal ≤ expected by construction: every efficiency is ≤ 1 (times the user's own), the busiest chip
 * carries at least the mean, each kernel's max(compute, memory) summed is at least the max of the sums,
 * and the fixed and communication terms are ≥ 0.
 */
import type { HardwareSpec } from "../catalog/hardware.ts";
import { add, div, max, min, mul, sub } from "../formula/expr.ts";
import { byDefault, defineFormula, derived, withOrigin, type Quantity } from "../formula/formula.ts";
import { fixed, from, node, type GraphNode } from "../formula/graph.ts";
import { modelOrigin, type ModelSpec } from "../model/model.ts";
import * as R from "../roofline/formulas.ts";
import { BYTES_PER_VALUE, type ComputePrecision, type Precision } from "../precision.ts";
import { LIMITS } from "../validate.ts";
import { chipEfficiency, generation, layerKernelCounts, type ChipEfficiency, type FitValues } from "./chips.ts";
import * as E from "./formulas.ts";
import type { UntunedLinears } from "./untuned-linears.ts";

/** The fitted constants that are step-graph parameters (the synchronous scheduler's extra host time is added to the host parameter for such engines' rows). */
export type GraphFittedParameter = Exclude<keyof FitValues, "syncHostSecondsPerSequence" | "syncHostSecondsPerStep">;
/** Graph parameter names of the fitted constants (scripts/fit-efficiency.ts varies them through a compiled kernel). */
export const FIT_PARAMS = {
  matmul: "effMatmul",
  launchSeconds: "effLaunchSeconds",
  collectiveLatencySeconds: "effCollectiveLatencySeconds",
  hostSecondsPerSequence: "effHostSecondsPerSequence",
} as const satisfies Record<GraphFittedParameter, string>;
export const GRAPH_FITTED_PARAMETERS = Object.keys(FIT_PARAMS) as GraphFittedParameter[];

/** The expected outputs every step graph has. */
export const EXPECTED_OUTPUTS = ["expectedStepSeconds", "expectedTokensPerSecond", "expectedTokensPerSecondPerSequence"] as const;

export interface ExpectedContext {
  model: ModelSpec;
  hardware: HardwareSpec;
  nodes: GraphNode[];
  params: Record<string, Quantity>;
  /** Chips the routed experts are spread over (expert parallelism); the rest split each expert. */
  expertParallel: Quantity | null;
  /** Whether MoE weight reads use uniform-routing coverage (else every expert, the lecture's simplification). */
  uniformRouting: boolean;
  fit?: Partial<FitValues>;
  priced: boolean;
  /** The KV cache's precision: attention kernels compute at it (FP8 over an FP8 cache, else BF16). */
  kvPrecision: Precision;
  /** A decode step (one token per sequence), where decode attention kernels run. */
  decode?: boolean;
  /** The precision the routed experts compute at (FP4: a fused NVFP4 MoE's measured fraction in prefill, where one was timed). */
  computePrecision?: ComputePrecision;
  /** Decode: linears the run's GEMM library ran at its untuned default tile (efficiency/untuned-linears.ts). */
  untunedLinears?: UntunedLinears | undefined;
}

/**
 * The dense peak attention kernels compute at: FP8 where the KV cache is FP8 (or narrower) and the chip
 * multiplies FP8, else BF16; null when the catalog has neither (attention then runs at the matmul peak).
 */
export function attentionPrecisionPeak(hardware: HardwareSpec, kvPrecision: Precision): Quantity | null {
  const p: ComputePrecision = BYTES_PER_VALUE[kvPrecision] <= 1 && hardware.denseFlopsPerSecond.fp8.value !== null ? "fp8" : "bf16";
  const f = hardware.denseFlopsPerSecond[p];
  if (f.value === null) return null;
  return { value: f.value, origin: f.origin };
}

/** The query-head multiple the DSA sparse prefill kernel needs on this chip (vLLM pads each rank's heads up to it); 1 where none is known. */
export function sparsePrefillHeadMultiple(hardware: HardwareSpec): Quantity {
  const gen = generation(hardware);
  const p = gen === "blackwell" ? 128 : gen === "hopper" ? 64 : 0;
  return p ? { value: p, origin: { kind: "constant", reason: `sparse prefill heads in multiples of ${p}`, source: E.VLLM_SPARSE_HEAD_PADDING } } : byDefault(1, "no head padding known");
}

/** The expected attention FLOP of a DSA prefill pass, its heads split over `chips` (the attention group). */
export function sparseAttentionNode(chips: ReturnType<typeof from>): GraphNode {
  return node("expSparseAttentionFlopPerToken", E.sparsePrefillAttentionFlopPerToken, {
    idealFlop: from("attentionFlopPerToken"),
    flopPerSlot: "expSparseFlopPerSlot",
    slots: "topK",
    heads: "expSparseHeads",
    chips,
    headMultiple: "expSparseHeadMultiple",
    indexerFlopPerToken: "indexerFlopPerToken",
    contextTokens: from("queryContext"),
  });
}

/**
 * Fraction of streaming bandwidth decode attention reaches reading this model's cache: the paged figure, or MLA's; where
 * the chip's MLA kernel was timed (CDNA 3, AITER, a BF16 latent: not bandwidth-bound) a cache of other bytes per value
 * is read at the same tokens per second: that fraction × bytes ÷ 2.
 */
function kvReadFraction(c: ExpectedContext, eff: ChipEfficiency): Quantity {
  const bytes = c.params["bytesPerKvValue"];
  if (!c.model.architecture?.mla) return eff.kvRead;
  if (!bytes) return eff.mlaKvRead;
  const why = eff.mlaKvRead === eff.kvRead ? "no FP8 MLA timing; chosen by validate" : "same tokens/s";
  return derived(E.combinedFraction.explain({ a: eff.mlaKvRead, b: { value: bytes.value / 2, origin: { kind: "default", reason: `${bytes.value} B/value timed at BF16's 2: ${why}` } } }));
}

export function addExpectedNodes(c: ExpectedContext): void {
  const { model, hardware, nodes, params } = c;
  const eff = chipEfficiency(hardware, c.fit);
  const mo = (field: string, value: number, note?: string): Quantity => withOrigin(value, modelOrigin(model, field, note));
  params[FIT_PARAMS.matmul] = eff.matmul;
  params["effHbm"] = eff.hbm;
  params[FIT_PARAMS.launchSeconds] = eff.launchSeconds;
  params[FIT_PARAMS.collectiveLatencySeconds] = eff.collectiveLatencySeconds;
  params[FIT_PARAMS.hostSecondsPerSequence] = eff.hostSecondsPerSequence;
  params["effKvRead"] = kvReadFraction(c, eff);
  params["effAttentionFloorSeconds"] = model.architecture?.mla ? eff.mlaDecodeFloorSeconds : byDefault(0, "no attention floor measured");
  // Dense MLA prefill (not DSA's sparse kernel) at its own measured fraction where one was timed.
  params["effAttentionPrefill"] = !c.decode && model.architecture?.mla && !params["expSparseFlopPerSlot"] ? eff.mlaPrefillAttention : eff.attentionPrefill;
  const fp4Moe = !c.decode && c.computePrecision === "fp4" ? eff.fp4MoePrefill : null;
  if (fp4Moe) params["effMoeMatmul"] = fp4Moe;
  params["effComputeUnits"] = eff.computeUnits;
  params["effTileRows"] = eff.tileRows;
  params["effMinTileRows"] = eff.minTileRows;
  params["effTileCols"] = eff.tileCols;
  const lk = layerKernelCounts(model);
  params["effKernelsPerLayer"] = derived(E.kernelsPerLayer.explain({ norms: lk.norms, attention: lk.attention, denseFfn: lk.denseFfn, moeFfn: lk.moeFfn, moeShare: lk.moeShare }));
  params["effLinkEfficiency"] = eff.linkEfficiency;
  const arch = model.architecture;
  params["expHiddenSize"] = arch ? mo("hidden_size", arch.hiddenSize) : byDefault(8192, "a napkin model has no width: 8,192 (70B-class)");
  params["expLayers"] =
    model.layers !== null
      ? mo("layers", model.layers)
      : byDefault(80, "a napkin model has no layers: 80 (70B-class)");
  const link = hardware.scaleUpBytesPerSecondPerChip.value;
  params["expScaleUpBytesPerSecond"] =
    link !== null
      ? { value: link, origin: hardware.scaleUpBytesPerSecondPerChip.origin }
      : hardware.hostLinkBytesPerSecond.value !== null
        ? { value: hardware.hostLinkBytesPerSecond.value, origin: { kind: "default", reason: `${hardware.id} has no scale-up fabric in the catalog: collectives cross the host link` } }
        : byDefault(64e9, "no scale-up or host link in the catalog: PCIe Gen5 x16, 64 GB/s");
  params["expActivationBytesPerValue"] = byDefault(2, "activations exchanged in BF16 (2 bytes per value)");
  params["expAttentionPrecisionPeakFlopsPerSecond"] =
    attentionPrecisionPeak(hardware, c.kvPrecision) ?? byDefault(params["peakFlopsPerSecond"]?.value ?? 0, `no BF16 or FP8 peak for ${hardware.id} in the catalog: attention at the matmul peak`);

  // Efficiencies times the user's own (default 1), so the expected is never faster than the ideal.
  nodes.push(node("expMatmulPeakFraction", E.combinedFraction, { a: FIT_PARAMS.matmul, b: "computeEfficiency" }, { title: "Large-matmul efficiency × given compute efficiency" }));
  nodes.push(node("expHbmFraction", E.combinedFraction, { a: "effHbm", b: "bandwidthEfficiency" }, { title: "Achieved HBM fraction × given bandwidth efficiency", symbol: "η_HBM", latexSymbol: "\\eta_{\\text{HBM}}" }));
  const occupancy = c.decode && model.architecture?.mla && eff.mlaDecodeSplits.value > 0 ? eff.mlaDecodeSplits : null;
  nodes.push(node(occupancy ? "expKvReadFraction" : "expKvFraction", E.combinedFraction, { a: from("expHbmFraction"), b: "effKvRead" }, { title: "Achieved HBM fraction reading the KV cache", symbol: "η_KV", latexSymbol: "\\eta_{\\text{KV}}" }));
  nodes.push(node("expAttentionFraction", E.combinedFraction, { a: "effAttentionPrefill", b: "computeEfficiency" }, { title: "Attention kernel efficiency × given compute efficiency", symbol: "η_attn", latexSymbol: "\\eta_{\\text{attn}}" }));
  nodes.push(node("expAttentionPeakFlopsPerSecond", E.attentionPeakFlopsPerSecond, { peakFlopsPerSecond: "peakFlopsPerSecond", kvPrecisionPeakFlopsPerSecond: "expAttentionPrecisionPeakFlopsPerSecond" }));

  // Linears outside the routed experts at their own precision where the checkpoint keeps them wider (MoE only).
  if (hasDenseLinearPrecision(c)) {
    nodes.push(...denseLinearNodes(params));
  }
  // Dense matmuls: all tokens, output features split over the chips (tensor parallelism).
  nodes.push(node("expDenseFeaturesPerChip", perChipFeatures, { hiddenSize: "expHiddenSize", chips: "chips" }));
  nodes.push(node("expDenseTileRows", E.tileRowsForShape, { rows: from("tokens"), minTileRows: "effMinTileRows", maxTileRows: "effTileRows" }, { title: "Dense GEMM tile rows" }));
  nodes.push(
    node("expDenseMatmulEfficiency", E.matmulEfficiency, {
      peakFraction: from("expMatmulPeakFraction"),
      rows: from("tokens"),
      outFeatures: from("expDenseFeaturesPerChip"),
      tileRows: from("expDenseTileRows"),
      tileCols: "effTileCols",
      computeUnits: "effComputeUnits",
    }, { title: "Dense matmul efficiency" }),
  );
  const moe = model.moe;
  if (moe) {
    params["expMoeLayers"] = mo("MoE layers", moe.moeLayers);
    params["expRoutedExperts"] = mo("routed experts", moe.routedExperts);
    params["expExpertsPerToken"] = mo("experts per token", moe.expertsPerToken);
    params["expParamsPerExpert"] = mo("parameters per expert", moe.paramsPerExpert);
    params["expAlwaysReadParams"] = mo("parameters outside the routed experts", model.alwaysReadParams);
    params["expExpertParallel"] = c.expertParallel ?? byDefault(1, "experts split over the chips by tensor parallelism");
    nodes.push(node("expDenseFlopPerToken", E.denseMatmulFlopPerToken, { weightFlop: from("weightFlopPerToken"), moeLayers: "expMoeLayers", expertsPerToken: "expExpertsPerToken", paramsPerExpert: "expParamsPerExpert" }));
    nodes.push(node("expDenseWeightBytes", R.weightBytesRead, { params: "expAlwaysReadParams", bytesPerWeight: denseBytesBinding(c) }, { title: "Dense weight bytes read", symbol: "W_dense", latexSymbol: "W_{\\text{dense}}" }));
  }
  nodes.push(
    node("expDenseComputeSeconds", R.computeSeconds, {
      tokens: from("tokens"),
      flopPerToken: moe ? from("expDenseFlopPerToken") : from("weightFlopPerToken"),
      chips: "chips",
      peakFlopsPerSecond: densePeakBinding(c),
      computeEfficiency: from("expDenseMatmulEfficiency"),
    }, { title: "Dense matmul compute time (expected)", symbol: "t_dense,c", latexSymbol: "t_{\\text{dense},c}" }),
  );
  const linears = moe ? mlaDenseLinears(model) : null;
  if (linears) {
    // MLA + MoE: each linear outside the routed experts at its own per-chip shape (q_a/kv_a replicated), the rest streaming.
    nodes.push(...linearNodes(c, linears, eff));
  } else {
    nodes.push(
      node("expDenseReadSeconds", R.memoryReadSeconds, {
        bytes: moe ? from("expDenseWeightBytes") : from("weightBytesRead"),
        chips: "chips",
        bandwidthBytesPerSecond: "bandwidthBytesPerSecond",
        bandwidthEfficiency: from("expHbmFraction"),
      }, { title: "Dense weight-read time (expected)", symbol: "t_dense,m", latexSymbol: "t_{\\text{dense},m}" }),
    );
  }
  nodes.push(node("expDenseSeconds", E.kernelSeconds, { computeSeconds: from("expDenseComputeSeconds"), memorySeconds: from("expDenseReadSeconds") }, { title: "Dense matmuls (expected)", symbol: "t_dense", latexSymbol: "t_{\\text{dense}}" }));

  if (moe) {
    if (fp4Moe) nodes.push(node("expMoePeakFraction", E.combinedFraction, { a: "effMoeMatmul", b: "computeEfficiency" }));
    nodes.push(node("expExpertTensorParallel", expertTensorParallel, { chips: "chips", expertParallel: "expExpertParallel" }));
    nodes.push(node("expExpertFeaturesPerChip", perChipFeatures, { hiddenSize: "expHiddenSize", chips: from("expExpertTensorParallel") }));
    nodes.push(node("expBusiestPairs", E.busiestChipExpertPairs, { tokens: from("tokens"), expertsPerToken: "expExpertsPerToken", routedExperts: "expRoutedExperts", expertParallel: "expExpertParallel" }));
    if (c.uniformRouting) {
      nodes.push(node("expBusiestTouched", E.busiestChipExpertsTouched, { expertsTouched: from("expertsTouched"), routedExperts: "expRoutedExperts", expertParallel: "expExpertParallel" }));
    } else {
      nodes.push(node("expBusiestTouched", expertsPerChip, { routedExperts: "expRoutedExperts", expertParallel: "expExpertParallel" }));
    }
    nodes.push(node("expBusiestTokensPerExpert", E.busiestChipTokensPerExpert, { busiestPairs: from("expBusiestPairs"), busiestTouched: from("expBusiestTouched") }));
    nodes.push(node("expExpertTileRows", E.tileRowsForShape, { rows: from("expBusiestTokensPerExpert"), minTileRows: "effMinTileRows", maxTileRows: "effTileRows" }, { title: "Expert GEMM tile rows" }));
    nodes.push(
      node("expExpertMatmulEfficiency", E.matmulEfficiency, {
        peakFraction: from(fp4Moe ? "expMoePeakFraction" : "expMatmulPeakFraction"),
        rows: from("expBusiestTokensPerExpert"),
        outFeatures: from("expExpertFeaturesPerChip"),
        tileRows: from("expExpertTileRows"),
        tileCols: "effTileCols",
        computeUnits: "effComputeUnits",
      }, { title: "Expert matmul efficiency" }),
    );
    nodes.push(
      node("expExpertComputeSeconds", E.busiestChipExpertComputeSeconds, {
        moeLayers: "expMoeLayers",
        paramsPerExpert: "expParamsPerExpert",
        busiestPairs: from("expBusiestPairs"),
        chips: "chips",
        expertParallel: "expExpertParallel",
        peakFlopsPerSecond: "peakFlopsPerSecond",
        efficiency: from("expExpertMatmulEfficiency"),
      }),
    );
    nodes.push(
      node("expExpertReadSeconds", E.busiestChipExpertReadSeconds, {
        moeLayers: "expMoeLayers",
        paramsPerExpert: "expParamsPerExpert",
        busiestTouched: from("expBusiestTouched"),
        bytesPerWeight: "bytesPerWeight",
        chips: "chips",
        expertParallel: "expExpertParallel",
        bandwidthBytesPerSecond: "bandwidthBytesPerSecond",
        efficiency: from("expHbmFraction"),
      }),
    );
    nodes.push(node("expExpertSeconds", E.kernelSeconds, { computeSeconds: from("expExpertComputeSeconds"), memorySeconds: from("expExpertReadSeconds") }, { title: "Routed experts, busiest chip (expected)", symbol: "t_exp", latexSymbol: "t_{\\text{exp}}" }));
  }

  // Attention groups: one node's worth of chips splits attention by heads; a larger step runs groups side by side (DP attention).
  params["expMaxAttentionTensorParallel"] = byDefault(8, "one 8-GPU node");
  nodes.push(node("expAttentionTensorParallel", E.attentionTensorParallel, { chips: "chips", maxTensorParallel: "expMaxAttentionTensorParallel", kvHeads: "expKvHeads" }));
  nodes.push(node("expAttentionDataParallel", E.attentionDataParallel, { chips: "chips", tensorParallel: from("expAttentionTensorParallel") }));
  // Each attention group's scheduler (and attention kernel) handles its own sequences.
  nodes.push(node("expHostSequences", E.sequencesPerScheduler, { sequences: "batch", attentionDataParallel: from("expAttentionDataParallel") }));
  if (occupancy) {
    // AITER's MLA decode on gfx942: each sequence's KV in 16 work units dealt out over the CUs; a small batch leaves CUs idle.
    params["effMlaSplits"] = occupancy;
    params["expMlaHeads"] = mo("num_attention_heads", model.architecture?.numHeads ?? 0);
    params["effMlaHeadTile"] = withOrigin(16, { kind: "constant", reason: "qh16 tile", source: E.AITER_MLA_SPLITS });
    nodes.push(node("expMlaOccupancy", E.mlaSplitOccupancy, { sequences: from("expHostSequences"), heads: "expMlaHeads", tensorParallel: from("expAttentionTensorParallel"), headTile: "effMlaHeadTile", splits: "effMlaSplits", computeUnits: "effComputeUnits" }));
    nodes.push(node("expKvFraction", E.combinedFraction, { a: from("expKvReadFraction"), b: from("expMlaOccupancy") }, { title: "KV fraction × occupancy", symbol: "η_KV", latexSymbol: "\\eta_{\\text{KV}}" }));
  }

  // Attention: FLOP at the attention kernel's efficiency, KV reads at the paged-read fraction.
  const hasAttentionFlop = nodes.some((n) => n.name === "attentionFlopPerToken");
  // DSA prefill (step.ts gives the parameters): the sparse kernel's FLOP, heads padded over the attention group.
  const sparse = params["expSparseFlopPerSlot"] !== undefined;
  if (sparse) nodes.push(sparseAttentionNode(from("expAttentionTensorParallel")));
  nodes.push(
    node("expAttentionComputeSeconds", R.computeSeconds, {
      tokens: from("tokens"),
      flopPerToken: hasAttentionFlop ? from(sparse ? "expSparseAttentionFlopPerToken" : "attentionFlopPerToken") : fixed(0, "napkin model: attention FLOP not modelled"),
      chips: "chips",
      peakFlopsPerSecond: from("expAttentionPeakFlopsPerSecond"),
      computeEfficiency: from("expAttentionFraction"),
    }, { title: "Attention compute time (expected)", symbol: "t_attn,c", latexSymbol: "t_{\\text{attn},c}" }),
  );
  // The KV cache splits over at most as many chips as it has KV heads (MLA: one shared latent, read whole by every chip).
  params["expKvHeads"] = arch
    ? arch.mla
      ? mo("MLA latent KV cache", 1, "one latent vector per token, shared by every query head: one KV head")
      : mo("num_key_value_heads", arch.numKvHeads)
    : byDefault(LIMITS.maxChips, "a napkin model has no KV-head count: the cache splits over every chip (as many KV heads as the most chips)");
  nodes.push(node("expKvShards", E.kvShards, { attentionDataParallel: from("expAttentionDataParallel"), tensorParallel: from("expAttentionTensorParallel"), kvHeads: "expKvHeads" }));
  nodes.push(
    node("expKvReadSeconds", R.memoryReadSeconds, { bytes: from("kvBytesRead"), chips: from("expKvShards"), bandwidthBytesPerSecond: "bandwidthBytesPerSecond", bandwidthEfficiency: from("expKvFraction") }, { title: "KV-read time (expected)", symbol: "t_KV,exp", latexSymbol: "t_{KV,\\text{exp}}" }),
  );
  nodes.push(node("expAttentionSeconds", E.attentionSecondsWithFloor, { computeSeconds: from("expAttentionComputeSeconds"), memorySeconds: from("expKvReadSeconds"), layers: "expLayers", floorSeconds: "effAttentionFloorSeconds" }, { title: "Attention (expected)", symbol: "t_attn", latexSymbol: "t_{\\text{attn}}" }));

  nodes.push(node("expFixedSeconds", E.fixedSecondsPerPass, { layers: "expLayers", kernelsPerLayer: "effKernelsPerLayer", launchSeconds: FIT_PARAMS.launchSeconds }));

  // Tensor-parallel all-reduces: two per layer of each attention group's activations, inside the group.
  nodes.push(node("expGroupTokens", E.tokensPerAttentionGroup, { tokens: from("tokens"), attentionDataParallel: from("expAttentionDataParallel") }));
  nodes.push(node("expActivationBytes", activationBytes, { tokens: from("expGroupTokens"), hiddenSize: "expHiddenSize", bytesPerValue: "expActivationBytesPerValue" }));
  nodes.push(
    node("expAllReduceSeconds", E.allReduceSeconds, {
      latencySeconds: FIT_PARAMS.collectiveLatencySeconds,
      bytes: from("expActivationBytes"),
      chips: from("expAttentionTensorParallel"),
      linkBytesPerSecond: "expScaleUpBytesPerSecond",
      linkEfficiency: "effLinkEfficiency",
    }),
  );
  nodes.push(node("expCommSeconds", E.collectivesPerPass, { layers: "expLayers", perLayer: fixed(2, "tensor parallelism: an all-reduce after attention and one after the FFN"), seconds: from("expAllReduceSeconds") }, { title: "Tensor-parallel all-reduces, not overlapped (expected)" }));

  // Host time: each attention group's scheduler handles its own sequences.
  nodes.push(node("expHostSeconds", E.hostSecondsPerStep, { batch: from("expHostSequences"), secondsPerSequence: FIT_PARAMS.hostSecondsPerSequence }));
  nodes.push(
    node("expectedStepSeconds", E.expectedStepSeconds, {
      denseSeconds: from("expDenseSeconds"),
      expertSeconds: moe ? from("expExpertSeconds") : fixed(0, "dense model: no routed experts"),
      attentionSeconds: from("expAttentionSeconds"),
      fixedSeconds: from("expFixedSeconds"),
      commSeconds: from("expCommSeconds"),
      hostSeconds: from("expHostSeconds"),
    }),
  );
  nodes.push(node("expectedTokensPerSecond", R.tokensPerSecond, { tokens: from("tokens"), stepSeconds: from("expectedStepSeconds") }, { title: "Throughput (expected)", symbol: "Θ_exp", latexSymbol: "\\Theta_{\\text{exp}}" }));
  nodes.push(node("expectedTokensPerSecondPerSequence", R.tokensPerSecondPerSequence, { passTokens: "passTokens", stepSeconds: from("expectedStepSeconds") }, { title: "Speed per sequence (expected)", symbol: "θ_exp", latexSymbol: "\\theta_{\\text{exp}}" }));
  nodes.push(node("expectedOverIdeal", E.expectedOverIdeal, { expectedSeconds: from("expectedStepSeconds"), idealSeconds: from("stepSeconds") }));
  if (c.priced) {
    nodes.push(node("expectedUsdPerMillionTokens", R.usdPerMillionTokens, { chips: "chips", usdPerChipHour: "usdPerChipHour", stepSeconds: from("expectedStepSeconds"), tokens: from("tokens") }, { title: "Cost per million tokens (expected)", symbol: "c_exp", latexSymbol: "c_{\\text{exp}}" }));
  }
}

/** One linear outside the routed experts: its name, whole shape, the layers holding it, and the side tensor parallelism splits (none: replicated). */
export interface DenseLinear {
  kind: string;
  outFeatures: number;
  inFeatures: number;
  layers: number;
  split: "out" | "in" | "none";
}

/** The linears of an MLA + MoE model outside the routed experts, from its config (null for other models: they keep one lump). */
export function mlaDenseLinears(model: ModelSpec): DenseLinear[] | null {
  const a = model.architecture;
  const m = a?.mla;
  if (!a || !m || !a.moe) return null;
  const h = a.hiddenSize;
  const n = a.numHeads;
  const L = a.layerMixers.filter((x) => x === "attention").length;
  const moe = a.moe.moeLayers.filter(Boolean).length;
  const dense = a.layerFfn.filter((x) => x === "dense").length;
  const g = a.gatedFfn ? 2 : 1;
  const s = a.moe.sharedExperts * a.moe.sharedIntermediateSize;
  const f = a.denseIntermediateSize ?? 0;
  const rows: [string, number, number, number, DenseLinear["split"]][] = [
    ["q_a + kv_a", (m.qLoraRank ?? 0) + m.kvLoraRank + m.qkRopeHeadDim, h, L, "none"],
    [m.qLoraRank ? "q_b" : "q", n * (m.qkNopeHeadDim + m.qkRopeHeadDim), m.qLoraRank ?? h, L, "out"],
    ["kv_b", n * (m.qkNopeHeadDim + m.vHeadDim), m.kvLoraRank, L, "out"],
    ["o_proj", h, n * m.vHeadDim, L, "in"],
    ["FFN gate/up", g * f, h, dense, "out"],
    ["FFN down", h, f, dense, "in"],
    ["shared gate/up", g * s, h, moe, "out"],
    ["shared down", h, s, moe, "in"],
  ];
  return rows.filter((r) => r[1] * r[2] * r[3] > 0).map(([kind, outFeatures, inFeatures, layers, split]) => ({ kind, outFeatures, inFeatures, layers, split }));
}

function linearNodes(c: ExpectedContext, linears: DenseLinear[], eff: ReturnType<typeof chipEfficiency>): GraphNode[] {
  const { model, params } = c;
  const mo = (field: string, value: number): Quantity => withOrigin(value, modelOrigin(model, field));
  // With a kernel table (a call floor) workgroups draw what it measured; without, one draws the whole chip's bandwidth.
  const table = eff.linearCallSeconds.value > 0;
  params["effLinearCallSeconds"] = eff.linearCallSeconds;
  params["effLinearSplitKSeconds"] = eff.linearSplitKSeconds;
  params["effLinearTileCols"] = eff.linearTileCols;
  params["effLinearSplitK"] = eff.linearSplitK;
  if (table) params["effLinearWorkgroupBytesPerSecond"] = eff.workgroupBytesPerSecond;
  const u = c.decode ? c.untunedLinears : undefined;
  if (u) Object.assign(params, u.params);
  let listed = 0;
  for (const l of linears) listed += l.layers * l.outFeatures * l.inFeatures;
  params["expDenseRestParams"] = mo("other dense parameters", Math.max(0, model.alwaysReadParams - listed));
  const bytesPerWeight = denseBytesBinding(c);
  const out: GraphNode[] = [
    node("expDenseRestBytes", R.weightBytesRead, { params: "expDenseRestParams", bytesPerWeight }),
    node("expDenseRestSeconds", R.memoryReadSeconds, { bytes: from("expDenseRestBytes"), chips: "chips", bandwidthBytesPerSecond: "bandwidthBytesPerSecond", bandwidthEfficiency: from("expHbmFraction") }),
  ];
  // A running total: each linear adds its reads to those before it; the last is the dense read time.
  linears.forEach((l, i) => {
    const p = `expLinear${i}`;
    params[p + "N"] = mo(l.kind, l.outFeatures);
    params[p + "K"] = mo(l.kind, l.inFeatures);
    params[p + "L"] = mo(l.kind, l.layers);
    const one = fixed(1, l.split === "none" ? "replicated" : "not split");
    const d = u?.kinds.includes(l.kind);
    const k = d ? "effUntuned" : "effLinear";
    out.push(
      node(i === linears.length - 1 ? "expDenseReadSeconds" : p, E.linearReadSeconds, {
        layers: p + "L",
        outFeatures: p + "N",
        inFeatures: p + "K",
        outSplit: l.split === "out" ? "chips" : one,
        inSplit: l.split === "in" ? "chips" : one,
        bytesPerWeight,
        bandwidthBytesPerSecond: "bandwidthBytesPerSecond",
        hbmFraction: from("expHbmFraction"),
        workgroupBytesPerSecond: d || table ? k + "WorkgroupBytesPerSecond" : "bandwidthBytesPerSecond",
        tileCols: k + "TileCols",
        callSeconds: "effLinearCallSeconds",
        splitKSeconds: "effLinearSplitKSeconds",
        splitK: k + "SplitK",
        before: from(i ? `expLinear${i - 1}` : "expDenseRestSeconds"),
      }, { title: `Dense reads through ${l.kind} (expected)` }),
    );
  });
  return out;
}

/** The nodes of the linears outside the routed experts at their own precisions (one or two wider groups), for the step and the layout. */
export function denseLinearNodes(params: Record<string, Quantity>): GraphNode[] {
  const two = params["expDenseLinear2Share"] !== undefined;
  const second = {
    widePeakFlopsPerSecond2: two ? "expDenseLinear2PeakFlopsPerSecond" : "peakFlopsPerSecond",
    wideShare2: two ? "expDenseLinear2Share" : fixed(0, "no second wider group"),
  };
  return [
    node("expDensePeakFlopsPerSecond", denseLinearPeakFlopsPerSecond, { peakFlopsPerSecond: "peakFlopsPerSecond", widePeakFlopsPerSecond: "expDenseLinearPeakFlopsPerSecond", wideShare: "expDenseLinearShare", ...second }),
    node("expDenseBytesPerWeight", denseLinearBytesPerWeight, {
      bytesPerWeight: "bytesPerWeight",
      wideBytesPerWeight: "expDenseLinearBytesPerWeight",
      wideShare: "expDenseLinearShare",
      wideBytesPerWeight2: two ? "expDenseLinear2BytesPerWeight" : "bytesPerWeight",
      wideShare2: second.wideShare2,
    }),
  ];
}

/** Whether the step has a wider precision for part of the linears outside the routed experts (the option denseWeightPrecision). */
export function hasDenseLinearPrecision(c: { params: Record<string, Quantity>; model: ModelSpec }): boolean {
  return c.model.moe !== null && c.params["expDenseLinearPeakFlopsPerSecond"] !== undefined && c.params["expDenseLinearBytesPerWeight"] !== undefined && c.params["expDenseLinearShare"] !== undefined;
}
function densePeakBinding(c: { params: Record<string, Quantity>; model: ModelSpec }) {
  return hasDenseLinearPrecision(c) ? from("expDensePeakFlopsPerSecond") : "peakFlopsPerSecond";
}
function denseBytesBinding(c: { params: Record<string, Quantity>; model: ModelSpec }) {
  return hasDenseLinearPrecision(c) ? from("expDenseBytesPerWeight") : "bytesPerWeight";
}

const NVFP4_EXPERTS_ONLY = {
  title: "NVIDIA Model Optimizer examples/deepseek/ptq.py (nvidia/DeepSeek-R1-0528-NVFP4): MLPs in NVFP4, \"*attn*\" and \"*head*\" kept BF16 (o_proj optional)",
  url: "https://github.com/NVIDIA/TensorRT-Model-Optimizer/blob/main/examples/deepseek/ptq.py",
};

export const denseLinearPeakFlopsPerSecond = defineFormula({
  id: "efficiency.denseLinearPeakFlopsPerSecond",
  title: "Peak FLOP/s of the linears outside the experts",
  description:
    "Shares f₁, f₂ of the parameters outside the routed experts multiply at the lower of the compute peak and their own precision's; their times add, so the peak is the harmonic mean.",
  symbol: "F_dense",
  latex: "F_{\\text{dense}}",
  unit: "FLOP/s",
  inputs: {
    peakFlopsPerSecond: { symbol: "F", unit: "FLOP/s", description: "dense peak FLOP/s per chip at the compute precision" },
    widePeakFlopsPerSecond: { symbol: "F_1", latex: "F_{1}", unit: "FLOP/s", description: "dense peak FLOP/s per chip at the first wider group's precision" },
    wideShare: { symbol: "f_1", latex: "f_{1}", unit: "1", description: "share of the parameters outside the routed experts in the first wider group" },
    widePeakFlopsPerSecond2: { symbol: "F_2", latex: "F_{2}", unit: "FLOP/s", description: "dense peak FLOP/s per chip at the second wider group's precision" },
    wideShare2: { symbol: "f_2", latex: "f_{2}", unit: "1", description: "share in the second wider group (0 when none)" },
  },
  expr: (x) =>
    div(
      1,
      add(
        div(x.wideShare, min(x.peakFlopsPerSecond, x.widePeakFlopsPerSecond)),
        div(x.wideShare2, min(x.peakFlopsPerSecond, x.widePeakFlopsPerSecond2)),
        div(max(0, sub(1, add(x.wideShare, x.wideShare2))), x.peakFlopsPerSecond),
      ),
    ),
  sources: [NVFP4_EXPERTS_ONLY],
});

export const denseLinearBytesPerWeight = defineFormula({
  id: "efficiency.denseLinearBytesPerWeight",
  title: "Bytes per weight outside the experts",
  description: "Shares f₁, f₂ of the parameters outside the routed experts are read at their own, wider precisions; the rest at the checkpoint's.",
  symbol: "b_dense",
  latex: "b_{\\text{dense}}",
  unit: "B/param",
  inputs: {
    bytesPerWeight: { symbol: "b", unit: "B/param", description: "bytes per weight of the checkpoint's (expert) precision" },
    wideBytesPerWeight: { symbol: "b_1", latex: "b_{1}", unit: "B/param", description: "bytes per weight of the first wider group" },
    wideShare: { symbol: "f_1", latex: "f_{1}", unit: "1", description: "share of the parameters outside the routed experts in the first wider group" },
    wideBytesPerWeight2: { symbol: "b_2", latex: "b_{2}", unit: "B/param", description: "bytes per weight of the second wider group" },
    wideShare2: { symbol: "f_2", latex: "f_{2}", unit: "1", description: "share in the second wider group (0 when none)" },
  },
  expr: (x) => add(x.bytesPerWeight, mul(x.wideShare, max(0, sub(x.wideBytesPerWeight, x.bytesPerWeight))), mul(x.wideShare2, max(0, sub(x.wideBytesPerWeight2, x.bytesPerWeight)))),
  sources: [NVFP4_EXPERTS_ONLY],
});

// Small helper formulas (defined once, here: they are the expected path's own arithmetic).

export const perChipFeatures = defineFormula({
  id: "efficiency.featuresPerChip",
  title: "Output features per chip",
  description: "A tensor-parallel multiply splits its output features over the chips.",
  symbol: "N_out",
  latex: "N_{\\text{out}}",
  unit: "1",
  inputs: {
    hiddenSize: { symbol: "d", unit: "1", description: "model width" },
    chips: { symbol: "N", unit: "chip", description: "chips splitting the multiply" },
  },
  expr: ({ hiddenSize, chips }) => div(hiddenSize, chips),
  sources: [E.WAVE_QUANTIZATION],
});

const expertTensorParallel = defineFormula({
  id: "moe.expertTensorParallel",
  title: "Chips per expert group",
  description: "Chips not used for expert parallelism split each expert (tensor parallelism inside the group).",
  symbol: "N/G",
  unit: "chip",
  inputs: {
    chips: { symbol: "N", unit: "chip", description: "chips" },
    expertParallel: { symbol: "G", unit: "chip", description: "expert-parallel groups" },
  },
  expr: ({ chips, expertParallel }) => div(chips, expertParallel),
  sources: [E.DEEPSEEK_V3],
});

const expertsPerChip = defineFormula({
  id: "moe.expertsPerChip",
  title: "Experts per chip group",
  description: "Every expert read every step (the lecture's simplification): each group reads all of its E/G experts.",
  symbol: "e_max",
  latex: "e_{\\max}",
  unit: "expert",
  inputs: {
    routedExperts: { symbol: "E", unit: "expert", description: "routed experts" },
    expertParallel: { symbol: "G", unit: "chip", description: "expert-parallel groups" },
  },
  expr: ({ routedExperts, expertParallel }) => div(routedExperts, expertParallel),
  sources: [E.DEEPSEEK_V3],
});

const activationBytes = defineFormula({
  id: "efficiency.activationBytes",
  title: "Activation bytes per collective",
  description: "The pass's activations: tokens × width × bytes per value.",
  symbol: "S_act",
  latex: "S_{\\text{act}}",
  unit: "B",
  inputs: {
    tokens: { symbol: "T", unit: "token", description: "tokens in the pass" },
    hiddenSize: { symbol: "d", unit: "1", description: "model width" },
    bytesPerValue: { symbol: "b_a", latex: "b_{a}", unit: "B/param", description: "bytes per activation value" },
  },
  expr: ({ tokens, hiddenSize, bytesPerValue }) => mul(tokens, hiddenSize, bytesPerValue),
  sources: [E.NCCL_TESTS],
});

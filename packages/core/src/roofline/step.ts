/**
 * The roofline of one forward pass — a decode step or a prefill pass — of a batch on N chips of one
 * scale-up domain. `prepareRoofline` checks the options once and wires the formulas into a graph for
 * this model and system; `analyzeStep` explains one point; `RooflineSetup.kernel` compiles the same
 * graph for sweeps.
 */
import { computeFixes, requireFact, type HardwareSpec } from "../catalog/hardware.ts";
import { RooflineError, type Warning } from "../errors.ts";
import type { Derivation } from "../formula/derivation.ts";
import { byDefault, constant, withOrigin, type Quantity } from "../formula/formula.ts";
import { FormulaGraph, fixed, from, node, type GraphNode, type Kernel } from "../formula/graph.ts";
import { formatQuantity } from "../format.ts";
import { modelOrigin, type ModelSpec } from "../model/model.ts";
import { BYTES_PER_VALUE, computePrecisionFor, type ComputePrecision, type Precision } from "../precision.ts";
import { LIMITS, type Given } from "../validate.ts";
import { resolveChoice, resolveNumber, type InputTable } from "../inputs/define.ts";
import { ENGINE_STEP_INPUTS, STEP_INPUTS } from "../inputs/roofline.ts";
import * as F from "./formulas.ts";
import type { FitValues } from "../efficiency/chips.ts";
import type { UntunedLinears } from "../efficiency/untuned-linears.ts";
import { addExpectedNodes, sparsePrefillHeadMultiple } from "../efficiency/expected.ts";
import * as E from "../efficiency/formulas.ts";

export type Phase = "decode" | "prefill";
/** How attention reads the context: the model's own pattern, forced dense, or the lecture's √ approximation. */
export type AttentionMode = "native" | "dense" | "sqrt";
/** How MoE weight reads are modelled: uniform routing coverage, or the lecture's "read every expert". */
export type ExpertRouting = "uniform" | "all";

export interface RooflineOptions {
  model: ModelSpec;
  hardware: HardwareSpec;
  /** Chips of one scale-up domain serving one replica. Default 1. */
  chips?: Given;
  /** Sequences in the batch. Default 1. */
  batch?: Given;
  /** Tokens already in each sequence's KV cache before the pass. Default 0 for prefill, 8,192 for decode. */
  contextTokens?: Given;
  phase?: Phase;
  /** Prefill: tokens per sequence processed in the pass. Default 4,096. Ignored for decode (1). */
  promptTokens?: Given;
  weightPrecision?: Precision;
  kvPrecision?: Precision;
  computePrecision?: ComputePrecision;
  /** Fraction of peak FLOP/s achieved, (0, 1]; default 1. */
  computeEfficiency?: Given;
  /** Fraction of peak HBM bandwidth achieved, (0, 1]; default 1. */
  bandwidthEfficiency?: Given;
  /** Overrides of the hardware's catalog values. */
  usdPerChipHour?: Given;
  peakFlopsPerSecond?: Given;
  hbmBytesPerSecond?: Given;
  hbmBytes?: Given;
  attention?: AttentionMode;
  /** For attention "sqrt": context up to which attention is dense. Default 4,096. */
  sqrtKneeTokens?: Given;
  expertRouting?: ExpertRouting;
  /**
   * MoE: chips the routed experts are spread over whole (expert parallelism); the other chips split each
   * expert. Default: every chip (min(chips, experts)). Only the expected numbers read it: the busiest
   * chip sets their pace, while the ideal spreads the touched experts' bytes evenly.
   */
  expertParallel?: Given;
  /**
   * MoE, expected numbers only: a wider precision some linears outside the routed experts keep where the
   * checkpoint quantises the rest (NVIDIA's NVFP4 DeepSeek recipe leaves attention and the output head in BF16),
   * the share of the parameters outside the routed experts at it, and where that is stated. Default: none (every
   * linear at the weight precision). The ideal keeps every linear at the compute precision (a bound).
   */
  denseWeightPrecision?: { wide: readonly { precision: Precision; share: number; what: string }[]; origin: string };
  /** Replaces fitted efficiency constants (the fit itself, leave-one-source-out, what-ifs). */
  efficiencyFit?: Partial<FitValues>;
  /**
   * Attention data parallelism, where it is known (a published deployment's DP attention): the chips of one
   * attention group (whole, dividing the chips). Default: one node's 8 chips split the heads, groups side by side
   * beyond (efficiency.attentionTensorParallel). Sets the expected layout's groups and so the KV cache's copies
   * (memory.kvCopies): an MLA latent is held whole by every chip of a group.
   */
  attentionGroupChips?: { value: number; origin: string };
  /** Decode, expected only: linears the run's GEMM library ran at its untuned default tile (efficiency/untuned-linears.ts untunedLinearsFor). */
  untunedLinears?: UntunedLinears;
  /**
   * How each input is named in messages, by input id (the CLI's "--batch", the web's "Batch"); defaults
   * to the id. Interfaces build it from the input table (namesOf); errors also carry the id itself.
   */
  names?: Readonly<Partial<Record<string, string>>>;
}

export interface RooflineSetup {
  model: ModelSpec;
  hardware: HardwareSpec;
  phase: Phase;
  weightPrecision: Precision;
  kvPrecision: Precision;
  computePrecision: ComputePrecision;
  attention: AttentionMode;
  expertRouting: ExpertRouting;
  graph: FormulaGraph;
  params: Record<string, Quantity>;
  /** Whether a price is known (cost outputs exist). */
  priced: boolean;
  warnings: Warning[];
  /** A kernel of `varying` params (in order) computing `outputs`; other params fixed at this setup's values. */
  kernel(varying: readonly string[], outputs: readonly string[]): Kernel;
}

export const DEFAULT_DECODE_CONTEXT = STEP_INPUTS.get("contextTokens").default as number;
export const DEFAULT_PROMPT_TOKENS = STEP_INPUTS.get("promptTokens").default as number;
export const DEFAULT_SQRT_KNEE = STEP_INPUTS.get("sqrtKneeTokens").default as number;

export function named(o: { names?: Readonly<Partial<Record<string, string>>> }, key: string): string {
  return o.names?.[key] ?? key;
}

/** Resolves the options into the graph's parameters, each with its origin. */
export function prepareRoofline(o: RooflineOptions, table: InputTable = ENGINE_STEP_INPUTS): RooflineSetup {
  const { model, hardware } = o;
  const warnings: Warning[] = [];
  const tableOf = (id: string) => (table.has(id) ? table : STEP_INPUTS);
  const phase = resolveChoice<Phase>(tableOf("phase"), "phase", o.phase, named(o, "phase"));
  // Defaults and ranges come from the analysis' input table (a command's own defaults, e.g. context's
  // batch of 64); inputs it leaves out (context has no phase) fall back to step's.
  const num = (id: string, given: Given | undefined) => resolveNumber(tableOf(id), id, given, named(o, id));
  const n = (id: string) => named(o, id);
  const chips = num("chips", o.chips);
  const batch = num("batch", o.batch);
  const contextTokens =
    o.contextTokens === undefined && phase === "prefill" ? byDefault(0, "prefill from an empty cache") : num("contextTokens", o.contextTokens);
  const passTokens = phase === "decode" ? constant(1, "decode advances each sequence by one token") : num("promptTokens", o.promptTokens);
  const computeEfficiency = num("computeEfficiency", o.computeEfficiency);
  const bandwidthEfficiency = num("bandwidthEfficiency", o.bandwidthEfficiency);
  for (const [q, what] of [
    [computeEfficiency, n("computeEfficiency")],
    [bandwidthEfficiency, n("bandwidthEfficiency")],
  ] as const) {
    if (q.value > 1) warnings.push({ code: "efficiency-above-one", message: `${what} is ${q.value}: above 1 means faster than the chip's peak.` });
  }

  // --- precisions -----------------------------------------------------------------------------
  const weightPrecision = o.weightPrecision ?? model.defaultWeightPrecision;
  const kvPrecision = resolveChoice<Precision>(tableOf("kvPrecision"), "kvPrecision", o.kvPrecision, named(o, "kvPrecision"));
  let computePrecision = o.computePrecision ?? computePrecisionFor(weightPrecision);
  if (!o.computePrecision && !o.peakFlopsPerSecond && hardware.denseFlopsPerSecond[computePrecision].value === null) {
    // No peak at the weights' precision (e.g. MXFP4 weights on an H100): kernels upcast to the
    // narrowest format the chip multiplies natively.
    const fallback = (["fp8", "bf16"] as const).find((p) => p !== computePrecision && hardware.denseFlopsPerSecond[p].value !== null);
    if (fallback) {
      warnings.push({
        code: "compute-precision-fallback",
        message: `${hardware.id} has no dense ${computePrecision.toUpperCase()} peak in the catalog; computing at ${fallback.toUpperCase()} (weights upcast). Set ${n("computePrecision")} to choose.`,
      });
      computePrecision = fallback;
    }
  }
  const bytesPerWeight: Quantity =
    model.napkinWeightBytesPerParam !== null && !o.weightPrecision
      ? withOrigin(model.napkinWeightBytesPerParam, { kind: "file", file: model.provenance.readFrom, field: "weightBytesPerParam" })
      : o.weightPrecision
        ? withOrigin(BYTES_PER_VALUE[weightPrecision], { kind: "user", name: `${named(o, "weightPrecision")} ${weightPrecision}` })
        : withOrigin(BYTES_PER_VALUE[weightPrecision], modelOrigin(model, "released weight precision", weightPrecision));
  // Past the longest context the model was trained for the arithmetic still holds, but the model does not.
  const maxContext = model.maxContextTokens;
  if (maxContext && o.contextTokens !== undefined && contextTokens.value + passTokens.value > maxContext) {
    warnings.push({
      code: "context-past-maximum",
      message: `${named(o, "contextTokens")} ${contextTokens.value}${phase === "prefill" ? ` + ${passTokens.value} prompt tokens` : ""} is past ${model.name}'s maximum context of ${maxContext} tokens: the numbers are what the hardware would do, not what the model supports.`,
    });
  }
  if (model.attention.napkinKvBytesPerToken !== null && o.kvPrecision) {
    warnings.push({ code: "napkin-kv-precision", message: `${named(o, "kvPrecision")} is ignored: the napkin model gives kvBytesPerToken in bytes.` });
  }

  // --- hardware -------------------------------------------------------------------------------
  const peak =
    o.peakFlopsPerSecond !== undefined
      ? num("peakFlopsPerSecond", o.peakFlopsPerSecond)
      : requireFact(hardware.denseFlopsPerSecond[computePrecision], `dense ${computePrecision.toUpperCase()} FLOP/s for ${hardware.id}`, computeFixes(hardware));
  const bandwidth =
    o.hbmBytesPerSecond !== undefined
      ? num("hbmBytesPerSecond", o.hbmBytesPerSecond)
      : requireFact(hardware.hbmBytesPerSecond, `HBM bandwidth of ${hardware.id}`, { kind: "give", input: "hbmBytesPerSecond", what: "bytes/s per chip" });
  const hbmBytes =
    o.hbmBytes !== undefined ? num("hbmBytes", o.hbmBytes) : requireFact(hardware.hbmBytes, `HBM capacity of ${hardware.id}`, { kind: "give", input: "hbmBytes", what: "bytes per chip" });
  let usd: Quantity | null = null;
  if (o.usdPerChipHour !== undefined) usd = num("usdPerChipHour", o.usdPerChipHour);
  else if (hardware.usdPerChipHour.value !== null) usd = { value: hardware.usdPerChipHour.value, origin: hardware.usdPerChipHour.origin };
  const domain = hardware.scaleUpDomainChips.value;
  if (domain !== null && chips.value > domain) {
    warnings.push({
      code: "chips-beyond-scale-up",
      message: `${chips.value} chips exceed ${hardware.id}'s scale-up domain of ${domain}: this roofline ignores communication; the cluster layout models traffic across domains.`,
    });
  }

  // --- model ----------------------------------------------------------------------------------
  const mo = (field: string, value: number, note?: string): Quantity => withOrigin(value, modelOrigin(model, field, note));
  const params: Record<string, Quantity> = {
    batch,
    passTokens,
    contextTokens,
    chips,
    peakFlopsPerSecond: peak,
    computeEfficiency,
    bandwidthBytesPerSecond: bandwidth,
    bandwidthEfficiency,
    hbmBytes,
    bytesPerWeight,
    matmulParams: mo("active matmul parameters", model.matmulParamsPerToken, "counted from the architecture: active parameters less the embedding lookup"),
    totalParams: mo("total parameters", model.totalParams, model.reported ? `counted; the authors report ${formatQuantity(model.reported.totalParams, "param")}` : undefined),
    activeParams: mo("active parameters", model.activeParams, model.reported ? `counted; the authors report ${formatQuantity(model.reported.activeParams, "param")}` : undefined),
  };
  const nodes: GraphNode[] = [];
  nodes.push(node("tokens", F.tokensInPass, { batch: "batch", passTokens: "passTokens" }));
  nodes.push(node("weightFlopPerToken", F.weightFlopPerToken, { matmulParams: "matmulParams" }));

  // --- attention ------------------------------------------------------------------------------
  const attention = resolveChoice<AttentionMode>(tableOf("attention"), "attention", o.attention, named(o, "attention"));
  // "dense" and "sqrt" are what-ifs over every layer: windows and top-k selection are set aside.
  const att =
    attention === "native"
      ? model.attention
      : {
          ...model.attention,
          fullKvValuesPerToken: model.attention.fullKvValuesPerToken + model.attention.windowedKvValuesPerToken,
          fullLayers: model.attention.fullLayers + model.attention.windowedLayers,
          fullFlopPerAttendedToken: model.attention.fullFlopPerAttendedToken + model.attention.windowedFlopPerAttendedToken,
          fullFlopPerAttendedTokenPrefill: model.attention.fullFlopPerAttendedTokenPrefill + model.attention.windowedFlopPerAttendedToken,
          windowedKvValuesPerToken: 0,
          windowedFlopPerAttendedToken: 0,
          windowedLayers: 0,
          windowTokens: null,
          windowKind: null,
        };
  const isNapkin = att.napkinKvBytesPerToken !== null;
  const state = model.state;
  const useTopK = attention === "native" && att.sparseTopK !== null;
  const useSqrt = attention === "sqrt";
  const hasWindows = att.windowedLayers > 0 && att.windowTokens !== null;
  const hasIndexer = useTopK && att.indexerBytesPerToken > 0;
  const mixed = hasWindows || hasIndexer;
  if (useSqrt) {
    params["kneeTokens"] = num("sqrtKneeTokens", o.sqrtKneeTokens);
  }
  if (useTopK) params["topK"] = mo("index_topk", att.sparseTopK as number);
  const attended = (name: string, ctx: string | { node: string }) => {
    const ctxBinding = typeof ctx === "string" ? ctx : from(ctx.node);
    if (useTopK) nodes.push(node(name, F.attendedTopK, { contextTokens: ctxBinding, topK: "topK" }));
    else if (useSqrt) nodes.push(node(name, F.attendedSqrt, { contextTokens: ctxBinding, kneeTokens: "kneeTokens" }));
    else return ctxBinding;
    return from(name);
  };

  if (isNapkin) {
    nodes.push(node("flopPerToken", F.flopPerToken, { weightFlop: from("weightFlopPerToken"), attentionFlop: fixed(0, "napkin model: attention FLOPs not modelled") }));
  } else {
    params["flopPerAttended"] =
      phase === "prefill" && att.fullFlopPerAttendedTokenPrefill !== att.fullFlopPerAttendedToken
        ? mo("attention FLOP per attended token (prefill)", att.fullFlopPerAttendedTokenPrefill, `${att.fullLayers} full-context layers; prefill runs MLA per head (d_qk + d_v), decode absorbs the up-projections`)
        : mo("attention FLOP per attended token", att.fullFlopPerAttendedToken, `${att.fullLayers} full-context layers`);
    nodes.push(node("queryContext", F.meanQueryContext, { contextTokens: "contextTokens", passTokens: "passTokens" }));
    const attendedQ = attended("attendedPerQuery", { node: "queryContext" });
    if (mixed) {
      params["windowedFlopPerAttended"] = mo("windowed attention FLOP per attended token", att.windowedFlopPerAttendedToken, `${att.windowedLayers} ${att.windowKind ?? ""} layers`);
      params["windowTokens"] = mo("attention window", att.windowTokens ?? 0);
      params["indexerFlopPerToken"] = mo("indexer FLOP per token", hasIndexer ? att.indexerFlopPerToken : 0);
      nodes.push(
        node("attentionFlopPerToken", F.attentionFlopPerTokenMixed, {
          flopPerAttended: "flopPerAttended",
          attended: attendedQ,
          windowedFlopPerAttended: "windowedFlopPerAttended",
          contextTokens: from("queryContext"),
          windowTokens: "windowTokens",
          indexerFlopPerToken: "indexerFlopPerToken",
        }),
      );
    } else {
      nodes.push(node("attentionFlopPerToken", F.attentionFlopPerTokenFull, { flopPerAttended: "flopPerAttended", attended: attendedQ }));
    }
    if (hasIndexer && phase === "prefill" && model.architecture?.mla) {
      // For the expected step (efficiency.sparsePrefillAttentionFlopPerToken): the sparse prefill kernel's own work.
      params["expSparseFlopPerSlot"] = mo("FLOP per index slot (MQA mode)", att.fullFlopPerAttendedToken);
      params["expSparseHeads"] = mo("num_attention_heads", model.architecture.numHeads);
      params["expSparseHeadMultiple"] = sparsePrefillHeadMultiple(hardware);
    }
    if (state) {
      // Recurrent layers: a fixed-size state per sequence (Mamba, Gated DeltaNet).
      params["stateLayers"] = mo("recurrent layers", state.layers, state.kind);
      params["stateHeads"] = mo("state heads", state.heads, state.readFrom);
      params["stateRows"] = mo("state rows per head", state.rows, state.readFrom);
      params["stateCols"] = mo("state columns per head", state.cols, state.readFrom);
      params["stateConvChannels"] = mo("convolution channels", state.convChannels, state.readFrom);
      params["stateConvKernel"] = mo("convolution width", state.convKernel, state.readFrom);
      nodes.push(node("stateValuesPerLayer", F.stateValuesPerLayer, { heads: "stateHeads", rows: "stateRows", cols: "stateCols", convChannels: "stateConvChannels", convKernel: "stateConvKernel" }));
      nodes.push(node("stateFlopPerToken", F.stateFlopPerToken, { layers: "stateLayers", valuesPerLayer: from("stateValuesPerLayer") }));
      nodes.push(node("mixerFlopPerToken", F.mixerFlopPerToken, { attentionFlop: from("attentionFlopPerToken"), stateFlop: from("stateFlopPerToken") }));
    }
    nodes.push(node("flopPerToken", F.flopPerToken, { weightFlop: from("weightFlopPerToken"), attentionFlop: from(state ? "mixerFlopPerToken" : "attentionFlopPerToken") }));
  }
  nodes.push(
    node("computeSeconds", F.computeSeconds, {
      tokens: from("tokens"),
      flopPerToken: from("flopPerToken"),
      chips: "chips",
      peakFlopsPerSecond: "peakFlopsPerSecond",
      computeEfficiency: "computeEfficiency",
    }),
  );

  // --- weights --------------------------------------------------------------------------------
  const routing = resolveChoice<ExpertRouting>(tableOf("expertRouting"), "expertRouting", o.expertRouting, named(o, "expertRouting"));
  if (model.moe && routing === "uniform") {
    params["alwaysReadParams"] = mo("parameters outside the routed experts", model.alwaysReadParams, "attention, dense FFN, shared experts, router, output head; the embedding table is only gathered");
    params["moeLayers"] = mo("MoE layers", model.moe.moeLayers);
    params["routedExperts"] = mo("routed experts", model.moe.routedExperts);
    params["expertsPerToken"] = mo("experts per token", model.moe.expertsPerToken);
    params["paramsPerExpert"] = mo("parameters per expert", model.moe.paramsPerExpert);
    nodes.push(node("expertsTouched", F.expectedExpertsTouched, { routedExperts: "routedExperts", expertsPerToken: "expertsPerToken", tokens: from("tokens") }));
    nodes.push(
      node("weightBytesRead", F.weightBytesReadMoe, {
        alwaysReadParams: "alwaysReadParams",
        moeLayers: "moeLayers",
        expertsTouched: from("expertsTouched"),
        paramsPerExpert: "paramsPerExpert",
        bytesPerWeight: "bytesPerWeight",
      }),
    );
  } else {
    const all = model.moe ? model.alwaysReadParams + model.moe.moeLayers * model.moe.routedExperts * model.moe.paramsPerExpert : model.alwaysReadParams;
    params["readParams"] = model.moe
      ? mo("all parameters but the embedding lookup", all, "every expert read every step: the lecture's simplification")
      : isNapkin
        ? withOrigin(all, { kind: "file", file: model.provenance.readFrom, field: "totalParams" })
        : mo("parameters read per step", all, "all but the embedding table, which is only gathered");
    nodes.push(node("weightBytesRead", F.weightBytesRead, { params: "readParams", bytesPerWeight: "bytesPerWeight" }));
  }
  nodes.push(node("weightReadSeconds", F.memoryReadSeconds, { bytes: from("weightBytesRead"), chips: "chips", bandwidthBytesPerSecond: "bandwidthBytesPerSecond", bandwidthEfficiency: "bandwidthEfficiency" }, { title: "Weight-read time", symbol: "t_weights", latexSymbol: "t_{\\text{weights}}" }));

  // --- KV ------------------------------------------------------------------------------------
  if (isNapkin) {
    params["givenKvBytesPerToken"] = withOrigin(att.napkinKvBytesPerToken as number, { kind: "file", file: model.provenance.readFrom, field: "kvBytesPerToken" });
    nodes.push(node("kvBytesPerToken", F.kvBytesPerTokenGiven, { given: "givenKvBytesPerToken" }));
  } else {
    // Down to the architecture's factors where the model has one (layers × heads × dims, or MLA's latent).
    const arch = model.architecture;
    const layersNote = `${att.fullLayers} full-context layers`;
    if (arch?.mla) {
      params["kvLayers"] = mo("layers that cache every token", att.fullLayers, layersNote);
      params["kvLatentDim"] = mo("kv_lora_rank", arch.mla.kvLoraRank);
      params["kvRopeDim"] = mo("qk_rope_head_dim", arch.mla.qkRopeHeadDim);
      nodes.push(node("kvValuesPerToken", F.kvValuesPerTokenMla, { layers: "kvLayers", latentDim: "kvLatentDim", ropeDim: "kvRopeDim" }));
    } else if (arch && !att.heterogeneousKvHeads) {
      params["kvLayers"] = mo("layers that cache every token", att.fullLayers, layersNote);
      params["kvHeads"] = mo("num_key_value_heads", arch.numKvHeads);
      params["headDimK"] = mo("key head dimension", arch.headDimQk);
      params["headDimV"] = mo("value head dimension", arch.headDimV);
      nodes.push(node("kvValuesPerToken", F.kvValuesPerTokenGqa, { layers: "kvLayers", kvHeads: "kvHeads", headDimK: "headDimK", headDimV: "headDimV" }));
    } else {
      params["kvValuesPerToken"] = mo("KV values per token", att.fullKvValuesPerToken, att.heterogeneousKvHeads ? `${layersNote}, ${arch?.globalAttention ? `their own shape (${arch.globalAttention.kvHeads} KV heads × ${arch.globalAttention.headDim} dims)` : "KV heads per layer from block_configs"}` : layersNote);
    }
    params["bytesPerKvValue"] = o.kvPrecision
      ? withOrigin(BYTES_PER_VALUE[kvPrecision], { kind: "user", name: `${named(o, "kvPrecision")} ${kvPrecision}` })
      : byDefault(BYTES_PER_VALUE[kvPrecision], "KV cache in BF16");
    nodes.push(node("kvBytesPerToken", F.kvBytesPerTokenFromValues, { valuesPerToken: arch && !att.heterogeneousKvHeads ? from("kvValuesPerToken") : "kvValuesPerToken", bytesPerValue: "bytesPerKvValue" }));
  }
  const kvPerToken = from("kvBytesPerToken");
  const attendedKv = attended("attendedPerSequence", "contextTokens");
  // With recurrent layers the attention layers' KV is one part; the state is added below.
  const kvRead = state ? "attentionKvBytesPerSequence" : "kvBytesPerSequence";
  const kvHeld = state ? "attentionKvBytesHeldPerSequence" : "kvBytesHeldPerSequence";
  if (mixed) {
    params["windowedKvValuesPerToken"] = mo("windowed KV values per token", att.windowedKvValuesPerToken, `${att.windowedLayers} ${att.windowKind ?? ""} layers`);
    params["indexerBytesPerToken"] = mo("indexer key bytes per token", hasIndexer ? att.indexerBytesPerToken : 0);
    params["windowTokens"] ??= mo("attention window", att.windowTokens ?? 0);
    nodes.push(node("windowedKvBytesPerToken", F.kvBytesPerTokenFromValues, { valuesPerToken: "windowedKvValuesPerToken", bytesPerValue: "bytesPerKvValue" }, { title: "Windowed-layer KV bytes per token", symbol: "kv_win", latexSymbol: "kv_{\\text{win}}" }));
    const mixedKv = (name: string, a: ReturnType<typeof attended>, ctx: string | ReturnType<typeof from>, title: string) =>
      node(
        name,
        F.kvBytesPerSequenceMixed,
        { kvBytesPerToken: kvPerToken, attended: a, windowedKvBytesPerToken: from("windowedKvBytesPerToken"), contextTokens: ctx, windowTokens: "windowTokens", indexerBytesPerToken: "indexerBytesPerToken" },
        { title },
      );
    nodes.push(mixedKv(kvRead, attendedKv, "contextTokens", state ? "Attention KV bytes read per sequence" : "KV bytes read per sequence"));
    nodes.push(node("contextAfterPass", F.contextAfterPass, { contextTokens: "contextTokens", passTokens: "passTokens" }));
    nodes.push({ ...mixedKv(kvHeld, from("contextAfterPass"), from("contextAfterPass"), state ? "Attention KV bytes held per sequence" : "KV bytes held per sequence"), symbol: "KV_held", latexSymbol: "KV_{\\text{held}}" });
  } else {
    nodes.push(node(kvRead, F.kvBytesPerSequence, { kvBytesPerToken: kvPerToken, tokens: attendedKv }, { title: state ? "Attention KV bytes read per sequence" : "KV bytes read per sequence" }));
    nodes.push(node("contextAfterPass", F.contextAfterPass, { contextTokens: "contextTokens", passTokens: "passTokens" }));
    nodes.push(node(kvHeld, F.kvBytesPerSequence, { kvBytesPerToken: kvPerToken, tokens: from("contextAfterPass") }, { title: state ? "Attention KV bytes held per sequence" : "KV bytes held per sequence", symbol: "KV_held", latexSymbol: "KV_{\\text{held}}" }));
  }
  if (state) {
    params["bytesPerStateValue"] = o.kvPrecision
      ? withOrigin(BYTES_PER_VALUE[kvPrecision], { kind: "user", name: `${named(o, "kvPrecision")} ${kvPrecision} (the recurrent state is kept at the KV precision)` })
      : byDefault(BYTES_PER_VALUE[kvPrecision], "recurrent state in BF16, like the KV cache (some engines keep it in FP32)");
    nodes.push(node("stateBytesPerSequence", F.stateBytesPerSequence, { layers: "stateLayers", valuesPerLayer: from("stateValuesPerLayer"), bytesPerValue: "bytesPerStateValue" }));
    nodes.push(node("stateBytesTouchedPerSequence", F.stateBytesTouchedPerPass, { stateBytesPerSequence: from("stateBytesPerSequence") }));
    nodes.push(node("kvBytesPerSequence", F.cacheBytesPerSequenceWithState, { attentionKvBytes: from(kvRead), stateBytes: from("stateBytesTouchedPerSequence") }, { title: "KV and state bytes read and written per sequence" }));
    nodes.push(node("kvBytesHeldPerSequence", F.cacheBytesPerSequenceWithState, { attentionKvBytes: from(kvHeld), stateBytes: from("stateBytesPerSequence") }, { title: "KV and state bytes held per sequence", symbol: "KV_held", latexSymbol: "KV_{\\text{held}}" }));
  }
  nodes.push(node("kvBytesRead", F.kvReadBytes, { batch: "batch", kvBytesPerSequence: from("kvBytesPerSequence") }));
  nodes.push(node("kvReadSeconds", F.memoryReadSeconds, { bytes: from("kvBytesRead"), chips: "chips", bandwidthBytesPerSecond: "bandwidthBytesPerSecond", bandwidthEfficiency: "bandwidthEfficiency" }, { title: "KV-read time", symbol: "t_KV", latexSymbol: "t_{KV}" }));

  // --- the roofline ---------------------------------------------------------------------------
  nodes.push(node("memorySeconds", F.sumSeconds, { weightSeconds: from("weightReadSeconds"), kvSeconds: from("kvReadSeconds") }));
  nodes.push(node("stepSeconds", F.stepSeconds, { computeSeconds: from("computeSeconds"), memorySeconds: from("memorySeconds") }));
  nodes.push(node("tokensPerSecond", F.tokensPerSecond, { tokens: from("tokens"), stepSeconds: from("stepSeconds") }));
  nodes.push(node("tokensPerSecondPerSequence", F.tokensPerSecondPerSequence, { passTokens: "passTokens", stepSeconds: from("stepSeconds") }));
  nodes.push(node("mfu", F.modelFlopsUtilization, { tokens: from("tokens"), flopPerToken: from("flopPerToken"), stepSeconds: from("stepSeconds"), chips: "chips", peakFlopsPerSecond: "peakFlopsPerSecond" }));
  nodes.push(node("mbu", F.memoryBandwidthUtilization, { weightBytes: from("weightBytesRead"), kvBytes: from("kvBytesRead"), stepSeconds: from("stepSeconds"), chips: "chips", bandwidthBytesPerSecond: "bandwidthBytesPerSecond" }));
  if (usd) {
    params["usdPerChipHour"] = usd;
    nodes.push(node("usdPerMillionTokens", F.usdPerMillionTokens, { chips: "chips", usdPerChipHour: "usdPerChipHour", stepSeconds: from("stepSeconds"), tokens: from("tokens") }));
    nodes.push(
      node("costFloorUsdPerMillionTokens", F.costFloor, {
        usdPerChipHour: "usdPerChipHour",
        flopPerToken: from("flopPerToken"),
        peakFlopsPerSecond: "peakFlopsPerSecond",
        computeEfficiency: "computeEfficiency",
        kvBytesPerSequence: from("kvBytesPerSequence"),
        passTokens: "passTokens",
        bandwidthBytesPerSecond: "bandwidthBytesPerSecond",
        bandwidthEfficiency: "bandwidthEfficiency",
      }),
    );
  }

  // --- hardware ratios and the lecture's closed forms -----------------------------------------
  nodes.push(node("hbmDrainSeconds", F.drainSeconds, { capacityBytes: "hbmBytes", bandwidthBytesPerSecond: "bandwidthBytesPerSecond" }, { title: "HBM drain time" }));
  nodes.push(node("flopPerByte", F.flopPerByte, { peakFlopsPerSecond: "peakFlopsPerSecond", bandwidthBytesPerSecond: "bandwidthBytesPerSecond" }));
  nodes.push(
    node("closedFormOptimalBatch", F.closedFormOptimalBatch, {
      peakFlopsPerSecond: "peakFlopsPerSecond",
      computeEfficiency: "computeEfficiency",
      bandwidthBytesPerSecond: "bandwidthBytesPerSecond",
      bandwidthEfficiency: "bandwidthEfficiency",
      bytesPerWeight: "bytesPerWeight",
      totalParams: "totalParams",
      activeParams: "activeParams",
    }),
  );
  nodes.push(
    node("allWeightsReadSeconds", F.latencyFloorLecture, {
      totalParams: "totalParams",
      bytesPerWeight: "bytesPerWeight",
      chips: "chips",
      bandwidthBytesPerSecond: "bandwidthBytesPerSecond",
      bandwidthEfficiency: "bandwidthEfficiency",
    }),
  );

  // --- expected, beside the ideal ----------------------------------------------------------------
  let expertParallel: Quantity | null = null;
  if (model.moe) {
    if (o.expertParallel) {
      expertParallel = num("expertParallel", o.expertParallel);
      if (expertParallel.value > chips.value) {
        throw new RooflineError({ code: "out-of-range", field: n("expertParallel"), input: "expertParallel", value: String(expertParallel.value), expected: `at most the ${chips.value} chips of the replica`, fixes: [{ kind: "give", input: "expertParallel" }] });
      }
    } else expertParallel = byDefault(Math.min(chips.value, model.moe.routedExperts), "experts spread whole over the chips (expert parallelism = chips, at most the experts)");
  }
  if (model.moe && o.denseWeightPrecision && o.denseWeightPrecision.wide.length > 0) {
    // At most two wider groups (e.g. BF16 attention projections and an FP8 one); their shares sum to at most 1.
    let left = 1;
    o.denseWeightPrecision.wide.slice(0, 2).forEach((g, k) => {
      const key = k === 0 ? "expDenseLinear" : "expDenseLinear2";
      const f = hardware.denseFlopsPerSecond[computePrecisionFor(g.precision)];
      const share = Math.min(left, Math.max(0, g.share));
      left -= share;
      const why = `${n("denseWeightPrecision")} ${g.precision} for ${g.what}: ${o.denseWeightPrecision?.origin ?? ""}`;
      params[`${key}PeakFlopsPerSecond`] = f.value !== null ? { value: f.value, origin: f.origin } : withOrigin(peak.value, { kind: "default", reason: `${hardware.id} has no ${g.precision.toUpperCase()} peak in the catalog: ${g.what} at the compute peak` });
      params[`${key}BytesPerWeight`] = withOrigin(BYTES_PER_VALUE[g.precision], { kind: "user", name: why });
      params[`${key}Share`] = withOrigin(share, { kind: "user", name: `share of the parameters outside the routed experts in ${g.what} (${g.precision}): ${why}` });
    });
  }
  addExpectedNodes({ model, hardware, nodes, params, expertParallel, uniformRouting: routing === "uniform", priced: usd !== null, kvPrecision, decode: phase === "decode", computePrecision, ...(o.efficiencyFit ? { fit: o.efficiencyFit } : {}), untunedLinears: o.untunedLinears });
  if (o.attentionGroupChips) {
    const g = o.attentionGroupChips.value;
    if (!Number.isInteger(g) || g < 1 || !Number.isInteger(chips.value / g)) {
      throw new RooflineError({ code: "out-of-range", field: "attentionGroupChips", input: "attentionGroupChips", value: String(g), expected: `whole chips dividing the ${chips.value}`, fixes: [{ kind: "give", input: "attentionGroupChips" }] });
    }
    params["expMaxAttentionTensorParallel"] = withOrigin(g, { kind: "user", name: `chips per attention group: ${o.attentionGroupChips.origin}` });
  }

  // --- memory capacity ------------------------------------------------------------------------
  // After the expected nodes: the cache's copies follow the step's attention layout (efficiency.attentionTensorParallel:
  // heads split over one node's chips, attention data parallel beyond), the same layout the expected KV reads use
  // (expKvShards). Under tensor parallelism an MLA latent (one KV head) is held whole by every chip of the group.
  nodes.push(node("weightBytesResident", F.weightBytesResident, { totalParams: "totalParams", bytesPerWeight: "bytesPerWeight" }));
  nodes.push(node("capacityBytes", F.memoryCapacity, { chips: "chips", hbmBytes: "hbmBytes" }));
  nodes.push(node("kvCopies", E.kvCopies, { attentionTensorDegree: from("expAttentionTensorParallel"), kvHeads: "expKvHeads" }));
  nodes.push(node("kvBytesHeldPerSequenceWithCopies", E.kvBytesHeldWithCopies, { kvBytesPerSequence: from("kvBytesHeldPerSequence"), kvCopies: from("kvCopies") }));
  const heldWithCopies = from("kvBytesHeldPerSequenceWithCopies");
  nodes.push(node("kvBytesHeld", F.kvReadBytes, { batch: "batch", kvBytesPerSequence: heldWithCopies }, { title: "KV bytes held by the batch", symbol: "KV_batch", latexSymbol: "KV_{\\text{batch}}" }));
  nodes.push(node("footprintBytes", F.memoryFootprint, { weightBytes: from("weightBytesResident"), batch: "batch", kvBytesPerSequence: heldWithCopies }));
  nodes.push(
    node("maxBatch", F.maxBatchThatFits, {
      capacityBytes: from("capacityBytes"),
      weightBytes: from("weightBytesResident"),
      kvBytesPerSequence: heldWithCopies,
      batchLimit: fixed(LIMITS.maxBatch, "the engine's largest batch"),
    }),
  );

  const graph = new FormulaGraph(nodes);
  const setup: RooflineSetup = {
    model,
    hardware,
    phase,
    weightPrecision,
    kvPrecision,
    computePrecision,
    attention,
    expertRouting: routing,
    graph,
    params,
    priced: usd !== null,
    warnings,
    kernel(varying, outputs) {
      const fixedValues: Record<string, number> = {};
      for (const p of graph.params) if (!varying.includes(p)) fixedValues[p] = (params[p] as Quantity).value;
      return graph.specialize(varying, fixedValues, outputs);
    },
  };
  return setup;
}

// ---- One step, explained ---------------------------------------------------------------------------

export interface StepResult {
  model: { id: string; name: string };
  hardware: { id: string; name: string };
  phase: Phase;
  chips: number;
  batch: number;
  contextTokens: number;
  passTokens: number;
  precisions: { weights: Precision; kv: Precision; compute: ComputePrecision };
  attention: AttentionMode;
  expertRouting: ExpertRouting;
  computeSeconds: number;
  weightReadSeconds: number;
  kvReadSeconds: number;
  memorySeconds: number;
  stepSeconds: number;
  bound: "compute" | "memory";
  tokensPerSecond: number;
  tokensPerSecondPerSequence: number;
  usdPerMillionTokens: number | null;
  mfu: number;
  mbu: number;
  flopPerToken: number;
  weightBytesRead: number;
  kvBytesRead: number;
  expertsTouchedPerLayer: number | null;
  /** Expected numbers (efficiency model, fitted on public measurements) beside the ideal bound above. */
  expectedStepSeconds: number;
  expectedTokensPerSecond: number;
  expectedTokensPerSecondPerSequence: number;
  expectedUsdPerMillionTokens: number | null;
  /** expected ÷ ideal step time (≥ 1). */
  expectedOverIdeal: number;
  /** The expected step's parts (they add up to expectedStepSeconds): dense matmuls, routed experts (busiest chip), attention, fixed time, communication, host time. */
  expectedBreakdown: { denseSeconds: number; expertSeconds: number; attentionSeconds: number; fixedSeconds: number; commSeconds: number; hostSeconds: number };
  memory: { weightBytes: number; kvBytes: number; footprintBytes: number; capacityBytes: number; fits: boolean; maxBatch: number };
  hbmDrainSeconds: number;
  warnings: Warning[];
  /** Every number above, with its derivation. */
  derivations: Record<string, Derivation>;
}

function v(d: Record<string, Derivation>, name: string): number {
  const x = d[name];
  if (!x) throw new Error(`no derivation for ${name}`);
  return x.value;
}

export function stepFromSetup(setup: RooflineSetup): StepResult {
  const d = setup.graph.explain(setup.params);
  const p = setup.params;
  const compute = v(d, "computeSeconds");
  const memory = v(d, "memorySeconds");
  const maxBatch = Math.max(0, v(d, "maxBatch"));
  const footprint = v(d, "footprintBytes");
  const capacity = v(d, "capacityBytes");
  const fits = footprint <= capacity;
  const warnings = [...setup.warnings];
  const batch = (p["batch"] as Quantity).value;
  if (!fits) {
    const weights = v(d, "weightBytesResident");
    warnings.push({
      code: "does-not-fit",
      message:
        weights > capacity
          ? `The weights alone (${formatQuantity(weights, "B")}) exceed the HBM of ${(p["chips"] as Quantity).value} chip(s) (${formatQuantity(capacity, "B")}): add chips or lower the weight precision.`
          : `A batch of ${batch} at this context needs ${formatQuantity(footprint, "B")} but ${formatQuantity(capacity, "B")} of HBM is available: the largest batch that fits is ${maxBatch}.`,
    });
  }
  const result: StepResult = {
    model: { id: setup.model.id, name: setup.model.name },
    hardware: { id: setup.hardware.id, name: setup.hardware.name },
    phase: setup.phase,
    chips: (p["chips"] as Quantity).value,
    batch,
    contextTokens: (p["contextTokens"] as Quantity).value,
    passTokens: (p["passTokens"] as Quantity).value,
    precisions: { weights: setup.weightPrecision, kv: setup.kvPrecision, compute: setup.computePrecision },
    attention: setup.attention,
    expertRouting: setup.expertRouting,
    computeSeconds: compute,
    weightReadSeconds: v(d, "weightReadSeconds"),
    kvReadSeconds: v(d, "kvReadSeconds"),
    memorySeconds: memory,
    stepSeconds: v(d, "stepSeconds"),
    bound: compute >= memory ? "compute" : "memory",
    tokensPerSecond: v(d, "tokensPerSecond"),
    tokensPerSecondPerSequence: v(d, "tokensPerSecondPerSequence"),
    usdPerMillionTokens: d["usdPerMillionTokens"]?.value ?? null,
    mfu: v(d, "mfu"),
    mbu: v(d, "mbu"),
    flopPerToken: v(d, "flopPerToken"),
    weightBytesRead: v(d, "weightBytesRead"),
    kvBytesRead: v(d, "kvBytesRead"),
    expertsTouchedPerLayer: d["expertsTouched"]?.value ?? null,
    expectedStepSeconds: v(d, "expectedStepSeconds"),
    expectedTokensPerSecond: v(d, "expectedTokensPerSecond"),
    expectedTokensPerSecondPerSequence: v(d, "expectedTokensPerSecondPerSequence"),
    expectedUsdPerMillionTokens: d["expectedUsdPerMillionTokens"]?.value ?? null,
    expectedOverIdeal: v(d, "expectedOverIdeal"),
    expectedBreakdown: {
      denseSeconds: v(d, "expDenseSeconds"),
      expertSeconds: d["expExpertSeconds"]?.value ?? 0,
      attentionSeconds: v(d, "expAttentionSeconds"),
      fixedSeconds: v(d, "expFixedSeconds"),
      commSeconds: v(d, "expCommSeconds"),
      hostSeconds: v(d, "expHostSeconds"),
    },
    memory: { weightBytes: v(d, "weightBytesResident"), kvBytes: v(d, "kvBytesHeld"), footprintBytes: footprint, capacityBytes: capacity, fits, maxBatch },
    hbmDrainSeconds: v(d, "hbmDrainSeconds"),
    warnings,
    derivations: d,
  };
  return result;
}

/** The roofline of one forward pass, every number explained. */
export function analyzeStep(options: RooflineOptions): StepResult {
  return stepFromSetup(prepareRoofline(options, STEP_INPUTS));
}

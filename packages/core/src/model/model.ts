/**
 * ModelSpec: what the roofline needs to know about a model, whatever it was read from —
 * a catalog entry, a Hugging Face config.json, or a napkin description (total/active params and KV
 * bytes per token, as the lecture's abstract examples give them).
 */
import { quoteValue, RooflineError } from "../errors.ts";
import { BYTES_PER_VALUE, PRECISIONS, type Precision } from "../precision.ts";
import type { Origin, SourceRef } from "../sources.ts";
import { layerAttentionShape, type ArchitectureSpec } from "./architecture.ts";
import { countParameters, type ParameterCount } from "./parameters.ts";
import * as F from "../roofline/formulas.ts";

/** Attention cost per token, summed over layers and grouped by how far each layer attends. */
export interface AttentionProfile {
  /** K and V values stored per token, summed over layers that attend to the whole context. */
  fullKvValuesPerToken: number;
  fullLayers: number;
  /** The same for layers limited to a window (sliding or chunked). */
  windowedKvValuesPerToken: number;
  windowedLayers: number;
  windowTokens: number | null;
  windowKind: "sliding" | "chunked" | null;
  /** FLOP per query token per attended key, summed over full-context layers (scores + weighted values), as decode runs it. */
  fullFlopPerAttendedToken: number;
  /** The same as prefill runs it (differs for MLA: decode absorbs the up-projections, prefill does not). */
  fullFlopPerAttendedTokenPrefill: number;
  windowedFlopPerAttendedToken: number;
  /** DeepSeek Sparse Attention: top-k tokens attended, and the indexer that scores every token. */
  sparseTopK: number | null;
  indexerBytesPerToken: number;
  indexerFlopPerToken: number;
  /** A napkin model gives KV as bytes per token directly (precision-independent). */
  napkinKvBytesPerToken: number | null;
  /** Layers shaped differently (block_configs' KV heads, Gemma 4's global layers): the factors do not multiply out, so only the sum is kept. */
  heterogeneousKvHeads: boolean;
}

/**
 * Recurrent layers (Mamba, Gated DeltaNet): a fixed-size state per sequence, read and written every
 * step whatever the context. Values are counted by `state.valuesPerLayer`.
 */
export interface StateProfile {
  kind: "mamba" | "mamba2" | "gated-deltanet";
  layers: number;
  heads: number;
  rows: number;
  cols: number;
  convChannels: number;
  convKernel: number;
  /** State values of one layer (recurrent state plus convolution window). */
  valuesPerLayer: number;
  readFrom: string;
}

export interface MoeProfile {
  routedExperts: number;
  expertsPerToken: number;
  moeLayers: number;
  paramsPerExpert: number;
  /** Group-limited routing from the config (DeepSeek-V3: 8 groups, a token to at most 4); null = no limit stated. */
  routingGroups: { groups: number; groupsPerToken: number } | null;
}

export interface ModelProvenance {
  kind: "catalog" | "config" | "napkin";
  /** "catalog models/deepseek-v3", or a file path. */
  readFrom: string;
  sources: SourceRef[];
}

export interface ModelSpec {
  id: string;
  name: string;
  provenance: ModelProvenance;
  architecture: ArchitectureSpec | null;
  parameters: ParameterCount | null;
  totalParams: number;
  activeParams: number;
  /**
   * Parameters every forward pass reads whatever the routing: all but the routed experts and the
   * input-embedding table (a pass gathers only its tokens' rows; a tied table is read as the output head).
   */
  alwaysReadParams: number;
  /** Parameters one token multiplies by (2 FLOP each): active parameters less the embedding lookup. */
  matmulParamsPerToken: number;
  moe: MoeProfile | null;
  attention: AttentionProfile;
  /** Recurrent layers' fixed-size state, or null for pure transformers. */
  state: StateProfile | null;
  /** Vision/audio tower parameters: resident in memory, not run by a text-only request. */
  towerParams: number;
  defaultWeightPrecision: Precision;
  /** Napkin models give bytes per parameter directly. */
  napkinWeightBytesPerParam: number | null;
  maxContextTokens: number | null;
  layers: number | null;
  reported: { totalParams: number; activeParams: number } | null;
  notes: string[];
}

export function attentionProfile(a: ArchitectureSpec): AttentionProfile {
  const windows = a.layerWindows.filter((w, i): w is number => w !== null && a.layerMixers[i] === "attention");
  const attentionLayers = a.layerMixers.filter((m) => m === "attention").length;
  const fullLayers = attentionLayers - windows.length;
  const windowTokens = windows.length ? Math.max(...windows) : null;
  // KV per token and attention FLOP per attended token, through the roofline's formulas.
  // Layers shaped differently (block_configs' KV heads, Gemma 4's global layers): sum layer by layer,
  // one layer at a time through the formula.
  const perLayerShapes = a.layerKvHeads !== null || !!a.globalAttention;
  const sumOver = (windowed: boolean, f: (shape: ReturnType<typeof layerAttentionShape>) => number) => {
    let sum = 0;
    a.layerMixers.forEach((m, i) => {
      if (m === "attention" && (a.layerWindows[i] !== null) === windowed) sum += f(layerAttentionShape(a, i));
    });
    return sum;
  };
  const kv = (layers: number, windowed: boolean) =>
    a.mla
      ? F.kvValuesPerTokenMla.fn(layers, a.mla.kvLoraRank, a.mla.qkRopeHeadDim)
      : perLayerShapes
        ? sumOver(windowed, (s) => F.kvValuesPerTokenGqa.fn(1, s.kvHeads, s.headDimQk, s.headDimV))
        : F.kvValuesPerTokenGqa.fn(layers, a.numKvHeads, a.headDimQk, a.headDimV);
  const perHead = (layers: number, windowed: boolean) =>
    a.globalAttention
      ? sumOver(windowed, (s) => F.attentionFlopPerAttendedGqa.fn(1, a.numHeads, s.headDimQk, s.headDimV))
      : F.attentionFlopPerAttendedGqa.fn(layers, a.numHeads, a.headDimQk, a.headDimV);
  const decode = (layers: number, windowed: boolean) => (a.mla ? F.attentionFlopPerAttendedMlaAbsorbed.fn(layers, a.numHeads, a.mla.kvLoraRank, a.mla.qkRopeHeadDim) : perHead(layers, windowed));
  return {
    fullKvValuesPerToken: kv(fullLayers, false),
    fullLayers,
    windowedKvValuesPerToken: kv(windows.length, true),
    windowedLayers: windows.length,
    windowTokens,
    windowKind: windows.length ? a.windowKind : null,
    fullFlopPerAttendedToken: decode(fullLayers, false),
    fullFlopPerAttendedTokenPrefill: perHead(fullLayers, false),
    windowedFlopPerAttendedToken: decode(windows.length, true),
    sparseTopK: a.dsa ? a.dsa.topK : null,
    // The reference kernels keep indexer keys in FP8: one byte per value.
    indexerBytesPerToken: a.dsa ? attentionLayers * a.dsa.indexHeadDim : 0,
    indexerFlopPerToken: a.dsa ? attentionLayers * 2 * a.dsa.indexHeads * a.dsa.indexHeadDim : 0,
    napkinKvBytesPerToken: null,
    heterogeneousKvHeads: perLayerShapes,
  };
}

export function stateProfile(a: ArchitectureSpec): StateProfile | null {
  const r = a.recurrent;
  if (!r || r.layers === 0) return null;
  return {
    kind: r.kind,
    layers: r.layers,
    heads: r.heads,
    rows: r.rows,
    cols: r.cols,
    convChannels: r.convChannels,
    convKernel: r.convKernel,
    valuesPerLayer: F.stateValuesPerLayer.fn(r.heads, r.rows, r.cols, r.convChannels, r.convKernel),
    readFrom: r.readFrom,
  };
}

export function modelFromArchitecture(a: ArchitectureSpec, provenance: ModelProvenance, reported?: { totalParams: number; activeParams: number }): ModelSpec {
  const p = countParameters(a);
  const embeddingLookup = a.vocabSize * a.hiddenSize + a.learnedPositions * a.hiddenSize;
  const tiedHead = a.tieEmbeddings ? a.vocabSize * a.hiddenSize : 0;
  const routed = p.parts.find((x) => x.id === "routedExperts");
  const routedTotal = routed?.total ?? 0;
  // Towers are resident but a text-only request neither reads nor multiplies by them.
  const alwaysReadParams = p.total - routedTotal - p.towerParams - embeddingLookup + tiedHead;
  const matmulParamsPerToken = p.active - embeddingLookup + tiedHead;
  return {
    id: a.id,
    name: a.name,
    provenance,
    architecture: a,
    parameters: p,
    totalParams: p.total,
    activeParams: p.active,
    alwaysReadParams,
    matmulParamsPerToken,
    moe: a.moe
      ? { routedExperts: a.moe.routedExperts, expertsPerToken: a.moe.expertsPerToken, moeLayers: p.moeLayerCount, paramsPerExpert: p.paramsPerExpert, routingGroups: a.moe.routingGroups ?? null }
      : null,
    attention: attentionProfile(a),
    state: stateProfile(a),
    towerParams: p.towerParams,
    defaultWeightPrecision: a.releasedWeightPrecision,
    napkinWeightBytesPerParam: null,
    maxContextTokens: a.maxContextTokens,
    layers: a.numLayers,
    reported: reported ?? null,
    notes: [...a.readNotes],
  };
}

// ---- Napkin models ----------------------------------------------------------------------------

/** Beyond these a napkin model is a typo, not a model: 10¹⁵ parameters, 1 GB of KV per token, 10⁹ layers or tokens. */
const NAPKIN_MAX = { params: 1e15, kvBytesPerToken: 1e9, count: 1e9 } as const;

function napkinNumber(obj: Record<string, unknown>, key: string, file: string, expected: string, opts: { optional?: boolean; integer?: boolean; min?: number; max?: number } = {}): number | undefined {
  const v = obj[key];
  if (v === undefined || v === null) {
    if (opts.optional) return undefined;
    throw new RooflineError({ code: "missing-field", field: `${file}: ${key}`, expected });
  }
  const min = opts.min ?? 0;
  if (typeof v !== "number" || !Number.isFinite(v) || v <= min || (opts.max !== undefined && v > opts.max) || (opts.integer && !Number.isInteger(v))) {
    throw new RooflineError({ code: typeof v === "number" ? "out-of-range" : "wrong-type", field: `${file}: ${key}`, value: quoteValue(v), expected });
  }
  return v;
}

/** Is this JSON a napkin model description (rather than a Hugging Face config)? */
export function isNapkinModel(json: unknown): boolean {
  return typeof json === "object" && json !== null && "totalParams" in json && "activeParams" in json;
}

/**
 * A model given only as `{"name","totalParams","activeParams","weightBytesPerParam","kvBytesPerToken"}`
 * (optional `"layers"`, `"maxContextTokens"`). Its compute is 2 FLOP per active parameter per token; a
 * step reads all `totalParams` (the lecture's simplification: a napkin model has no expert structure).
 */
export function napkinModel(json: unknown, file = "model JSON"): ModelSpec {
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    throw new RooflineError({ code: "wrong-type", field: file, value: quoteValue(json), expected: "a JSON object" });
  }
  const o = json as Record<string, unknown>;
  const name = typeof o["name"] === "string" && o["name"].trim() ? o["name"].trim() : undefined;
  if (!name) throw new RooflineError({ code: "missing-field", field: `${file}: name`, expected: "a non-empty string" });
  const totalParams = napkinNumber(o, "totalParams", file, "a number of parameters, ≥ 1000 and ≤ 1e15 (e.g. 7e10)", { min: 999, max: NAPKIN_MAX.params })!;
  const activeParams = napkinNumber(o, "activeParams", file, "a number of parameters, ≥ 1000 and at most totalParams", { min: 999, max: NAPKIN_MAX.params })!;
  if (activeParams > totalParams) {
    throw new RooflineError({ code: "out-of-range", field: `${file}: activeParams`, value: String(activeParams), expected: `at most totalParams (${totalParams})` });
  }
  const weightBytesPerParam = napkinNumber(o, "weightBytesPerParam", file, "bytes per parameter, ≥ 0.0625 and ≤ 4 (e.g. 1 for FP8, 2 for BF16)", { min: 0.0624 })!;
  if (weightBytesPerParam > 4) {
    throw new RooflineError({ code: "out-of-range", field: `${file}: weightBytesPerParam`, value: String(weightBytesPerParam), expected: "bytes per parameter, > 0 and ≤ 4" });
  }
  const kvBytesPerToken = napkinNumber(o, "kvBytesPerToken", file, "KV-cache bytes per token of context, summed over layers, ≥ 0 and ≤ 1e9", { min: -1, max: NAPKIN_MAX.kvBytesPerToken })!;
  const layers = napkinNumber(o, "layers", file, "a whole number of layers, ≥ 1 and ≤ 1e9", { optional: true, integer: true, max: NAPKIN_MAX.count });
  const maxContextTokens = napkinNumber(o, "maxContextTokens", file, "a whole number of tokens, ≥ 1 and ≤ 1e9", { optional: true, integer: true, max: NAPKIN_MAX.count });
  const precision = (Object.entries(BYTES_PER_VALUE).find(([, b]) => b === weightBytesPerParam)?.[0] ?? "bf16") as Precision;
  return {
    id: name.toLowerCase().replace(/[^a-z0-9.]+/g, "-"),
    name,
    provenance: { kind: "napkin", readFrom: file, sources: [] },
    architecture: null,
    parameters: null,
    totalParams,
    activeParams,
    alwaysReadParams: totalParams,
    matmulParamsPerToken: activeParams,
    moe: null,
    attention: {
      fullKvValuesPerToken: 0,
      fullLayers: layers ?? 0,
      windowedKvValuesPerToken: 0,
      windowedLayers: 0,
      windowTokens: null,
      windowKind: null,
      fullFlopPerAttendedToken: 0,
      fullFlopPerAttendedTokenPrefill: 0,
      windowedFlopPerAttendedToken: 0,
      sparseTopK: null,
      indexerBytesPerToken: 0,
      indexerFlopPerToken: 0,
      napkinKvBytesPerToken: kvBytesPerToken,
      heterogeneousKvHeads: false,
    },
    state: null,
    towerParams: 0,
    defaultWeightPrecision: PRECISIONS.includes(precision) ? precision : "bf16",
    napkinWeightBytesPerParam: weightBytesPerParam,
    maxContextTokens: maxContextTokens ?? null,
    layers: layers ?? null,
    reported: null,
    notes: [
      "napkin model: a step reads all totalParams (no expert structure is known), and attention FLOPs are not modelled",
    ],
  };
}

/** The origin of a number counted from a model's architecture. */
export function modelOrigin(model: ModelSpec, field: string, note?: string): Origin {
  if (model.provenance.kind === "catalog") {
    return { kind: "catalog", catalog: "models", entry: model.id, field, sources: model.provenance.sources, ...(note ? { note } : {}) };
  }
  return { kind: "file", file: model.provenance.readFrom, field: note ? `${field} (${note})` : field };
}

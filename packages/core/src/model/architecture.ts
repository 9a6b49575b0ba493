/**
 * A transformer's architecture, normalised from whatever it was read from (a Hugging Face
 * config.json, DeepSeek's own inference config, or the catalog's paper values).
 */
import type { Precision } from "../precision.ts";

export interface MlaSpec {
  kvLoraRank: number;
  qLoraRank: number | null;
  qkRopeHeadDim: number;
  qkNopeHeadDim: number;
  vHeadDim: number;
}

/** DeepSeek Sparse Attention: a lightweight indexer scores all previous tokens; attention reads the top-k. */
export interface DsaSpec {
  indexHeads: number;
  indexHeadDim: number;
  topK: number;
}

export interface MoeSpec {
  routedExperts: number;
  expertsPerToken: number;
  /** FFN width of one routed expert. */
  expertIntermediateSize: number;
  sharedExperts: number;
  sharedIntermediateSize: number;
  /** Per layer: does it hold experts? */
  moeLayers: boolean[];
  routerBias: boolean;
  /** gpt-oss experts carry biases on both projections. */
  expertBias: boolean;
  /**
   * Latent MoE (Nemotron 3 Super): routed experts work in a narrower latent width; each MoE layer
   * projects h → latent before them and latent → h after (2·h·latent parameters, always active).
   */
  latentSize?: number | null;
  /**
   * Group-limited routing (DeepSeek-V2/V3 `n_group` / `topk_group`): the routed experts fall into
   * `groups` groups and a token's experts come from at most `groupsPerToken` of them. Absent or null
   * when the config states no limit (no groups, one group, or every group allowed).
   */
  routingGroups?: { groups: number; groupsPerToken: number } | null;
}

/**
 * Full-context layers shaped differently from the windowed ones (Gemma 4): their own head dimension
 * and KV heads, and with `valueFromKey` no value projection (values come from the key projection,
 * normalised without RoPE, so the cache still holds keys and values).
 */
export interface GlobalAttentionSpec {
  headDim: number;
  kvHeads: number;
  valueFromKey: boolean;
}

export type WindowKind = "sliding" | "chunked";

/**
 * A recurrent mixer (state-space or linear attention) that replaces attention in some layers: its
 * state has a fixed size per sequence, read and written every step, whatever the context length.
 * The state of one layer is `heads × rows × cols` values plus a short convolution's
 * `convChannels × (convKernel − 1)` values.
 */
export interface RecurrentSpec {
  kind: "mamba" | "mamba2" | "gated-deltanet";
  /** Layers whose mixer is this recurrence. */
  layers: number;
  heads: number;
  rows: number;
  cols: number;
  convChannels: number;
  convKernel: number;
  /** Parameters of one recurrent mixer (projections, convolution, decay, norms). */
  paramsPerLayer: number;
  /** The config fields the state was read from, for derivations. */
  readFrom: string;
}

/** A vision or audio encoder (and its projector) shipped with the language model. */
export interface TowerSpec {
  kind: "vision" | "audio";
  params: number;
  /** How it was counted ("vision_config: 24 layers × 1024 wide, ViT"). */
  description: string;
}

/** Per layer: what mixes tokens (attention, a recurrence, nothing) and which FFN follows (dense, MoE, none). */
export type LayerMixer = "attention" | "recurrent" | "none";
export type LayerFfn = "dense" | "moe" | "none";

export interface ArchitectureSpec {
  id: string;
  name: string;
  /** Where the architecture was read from, for derivations ("config.json", "models.json paper values"). */
  readFrom: string;
  hiddenSize: number;
  numLayers: number;
  vocabSize: number;
  tieEmbeddings: boolean;
  /** Learned absolute position embeddings (GPT-3), 0 for rotary. */
  learnedPositions: number;
  numHeads: number;
  numKvHeads: number;
  headDimQk: number;
  headDimV: number;
  mla: MlaSpec | null;
  dsa: DsaSpec | null;
  qkvBias: boolean;
  outputBias: boolean;
  qkNorm: boolean;
  /** Per layer: null = attends to the full context; n = attends to at most n tokens. */
  layerWindows: (number | null)[];
  windowKind: WindowKind | null;
  /** Gated FFN (SwiGLU/GeGLU: 3 matrices) or plain (2 matrices with biases, GPT-3). */
  gatedFfn: boolean;
  ffnBias: boolean;
  /** Width of the dense FFN (layers without experts), null when every layer is MoE. */
  denseIntermediateSize: number | null;
  moe: MoeSpec | null;
  /** LayerNorm has weight and bias (2·h); RMSNorm has a weight only (h). */
  normParamsPerNorm: 1 | 2;
  /** Per layer: the token mixer. Attention layers are the ones that cache K and V. */
  layerMixers: LayerMixer[];
  /** Per layer: the FFN (dense, MoE, or none as in Nemotron-H's mixer-only blocks). */
  layerFfn: LayerFfn[];
  /** Per-layer dense FFN widths where layers differ (DeciLM/Nemotron-Super block_configs); null = all denseIntermediateSize. */
  denseWidths: number[] | null;
  /** Per-layer query heads ÷ KV heads where layers differ (block_configs); null = uniform. */
  layerKvHeads: number[] | null;
  /** Full-context attention layers with their own head shape (Gemma 4); absent or null = like the others. */
  globalAttention?: GlobalAttentionSpec | null;
  recurrent: RecurrentSpec | null;
  /** Attention output gate (Qwen3-Next): the query projection is twice as wide. */
  attentionOutputGate: boolean;
  /** Norms per layer (2 pre-norm; 1 for parallel attention+MLP blocks and Nemotron-H blocks; 4 for Gemma 2/3 sandwich norms). */
  normsPerLayer: number;
  /** q/k norms: one head's width (Qwen3, Gemma 3) or the whole projection (OLMo 2). */
  qkNormWidth: "head" | "full";
  /** The output head carries a bias (GPT-J, Phi-2). */
  lmHeadBias: boolean;
  /** Experts use a gated FFN (SwiGLU) or a plain one (Nemotron-H's relu²). */
  expertsGated: boolean;
  /** A sigmoid gate on the shared expert (Qwen2-MoE, Qwen3-Next): h parameters per MoE layer. */
  sharedExpertGate: boolean;
  /** Parameters outside the usual parts (DeciLM's linear replacements of attention or FFN blocks). */
  extraParams: number;
  /** Vision/audio encoders counted beside the language model; a text-only request does not run them. */
  towers: TowerSpec[];
  /** Multi-token-prediction modules (DeepSeek-V3: 1), excluded from the reported totals. */
  mtpLayers: number;
  maxContextTokens: number;
  /** The precision the authors released the weights in. */
  releasedWeightPrecision: Precision;
  /** Remarks made while reading (assumptions, fields defaulted). */
  readNotes: string[];
}

/** The attention shape of layer `i`: KV heads, head dimensions, and whether it projects values. */
export function layerAttentionShape(a: ArchitectureSpec, i: number): { kvHeads: number; headDimQk: number; headDimV: number; valueProjection: boolean } {
  const g = a.globalAttention;
  if (g && a.layerWindows[i] === null) return { kvHeads: g.kvHeads, headDimQk: g.headDim, headDimV: g.headDim, valueProjection: !g.valueFromKey };
  return { kvHeads: a.layerKvHeads?.[i] ?? a.numKvHeads, headDimQk: a.headDimQk, headDimV: a.headDimV, valueProjection: true };
}

/** Limits on a config's sizes: beyond them a file is a typo or an attack, and per-layer arrays would not fit. */
export const CONFIG_LIMITS = {
  /** Layers of the language model (the largest published models have under 200). */
  maxLayers: 4096,
  /** Routed experts per MoE layer (the largest published have 512). */
  maxExperts: 65_536,
  /** Hidden size, FFN width, heads, head dims, state sizes. */
  maxWidth: 1_048_576,
  /** Vocabulary entries. */
  maxVocab: 16_777_216,
} as const;

/** Fills the per-layer fields of a plain decoder-only transformer (every layer attends; FFN dense or MoE per `moe.moeLayers`). */
export function uniformLayers(
  numLayers: number,
  moeLayers: boolean[] | null,
  denseIntermediateSize: number | null,
): Pick<ArchitectureSpec, "layerMixers" | "layerFfn" | "denseWidths" | "layerKvHeads" | "recurrent" | "attentionOutputGate" | "normsPerLayer" | "qkNormWidth" | "lmHeadBias" | "expertsGated" | "sharedExpertGate" | "extraParams" | "towers"> {
  return {
    layerMixers: new Array<LayerMixer>(numLayers).fill("attention"),
    layerFfn: Array.from({ length: numLayers }, (_, i) => (moeLayers?.[i] ? "moe" : denseIntermediateSize ? "dense" : "none")),
    denseWidths: null,
    layerKvHeads: null,
    recurrent: null,
    attentionOutputGate: false,
    normsPerLayer: 2,
    qkNormWidth: "head",
    lmHeadBias: false,
    expertsGated: true,
    sharedExpertGate: false,
    extraParams: 0,
    towers: [],
  };
}

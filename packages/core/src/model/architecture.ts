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
}

export type WindowKind = "sliding" | "chunked";

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
  /** Multi-token-prediction modules (DeepSeek-V3: 1), excluded from the reported totals. */
  mtpLayers: number;
  maxContextTokens: number;
  /** The precision the authors released the weights in. */
  releasedWeightPrecision: Precision;
  /** Remarks made while reading (assumptions, fields defaulted). */
  readNotes: string[];
}

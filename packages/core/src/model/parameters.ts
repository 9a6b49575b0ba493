/**
 * Parameter accounting from an architecture: totals, what one token activates, what a decode step
 * must read, and what multiplies (FLOPs). Each part is counted separately so it can be shown.
 */
import type { ArchitectureSpec } from "./architecture.ts";

export interface ParameterPart {
  id:
    | "embedding"
    | "positions"
    | "attention"
    | "indexer"
    | "denseFfn"
    | "sharedExperts"
    | "routedExperts"
    | "router"
    | "norms"
    | "lmHead";
  label: string;
  /** Parameters stored (all experts). */
  total: number;
  /** Parameters used by one token. */
  active: number;
}

export interface ParameterCount {
  parts: ParameterPart[];
  total: number;
  active: number;
  /** Multi-token-prediction modules, not in `total` (authors report totals without them). */
  mtp: number;
  /** Parameters of one routed expert in one layer (0 for dense models). */
  paramsPerExpert: number;
  moeLayerCount: number;
}

function attentionParamsPerLayer(a: ArchitectureSpec): number {
  const h = a.hiddenSize;
  if (a.mla) {
    const m = a.mla;
    const qOut = a.numHeads * (m.qkNopeHeadDim + m.qkRopeHeadDim);
    const q = m.qLoraRank ? h * m.qLoraRank + m.qLoraRank + m.qLoraRank * qOut : h * qOut;
    const kvA = h * (m.kvLoraRank + m.qkRopeHeadDim) + m.kvLoraRank;
    const kvB = m.kvLoraRank * a.numHeads * (m.qkNopeHeadDim + m.vHeadDim);
    const o = a.numHeads * m.vHeadDim * h;
    return q + kvA + kvB + o;
  }
  const qDim = a.numHeads * a.headDimQk;
  const kDim = a.numKvHeads * a.headDimQk;
  const vDim = a.numKvHeads * a.headDimV;
  const oIn = a.numHeads * a.headDimV;
  let p = h * (qDim + kDim + vDim) + oIn * h;
  if (a.qkvBias) p += qDim + kDim + vDim;
  if (a.outputBias) p += h;
  if (a.qkNorm) p += 2 * a.headDimQk;
  return p;
}

/** DeepSeek Sparse Attention's lightning indexer: its query projection, key projection, key norm and head weights. */
function indexerParamsPerLayer(a: ArchitectureSpec): number {
  if (!a.dsa) return 0;
  const h = a.hiddenSize;
  const qIn = a.mla?.qLoraRank ?? h;
  const d = a.dsa;
  return qIn * d.indexHeads * d.indexHeadDim + h * d.indexHeadDim + 2 * d.indexHeadDim + h * d.indexHeads;
}

function ffnParams(h: number, width: number, gated: boolean, bias: boolean): number {
  const matrices = gated ? 3 : 2;
  let p = matrices * h * width;
  if (bias) p += (gated ? 2 : 1) * width + h;
  return p;
}

export function countParameters(a: ArchitectureSpec): ParameterCount {
  const h = a.hiddenSize;
  const L = a.numLayers;
  const moeLayerCount = a.moe ? a.moe.moeLayers.filter(Boolean).length : 0;
  const denseLayerCount = L - moeLayerCount;

  const embedding = a.vocabSize * h;
  const positions = a.learnedPositions * h;
  const attention = L * attentionParamsPerLayer(a);
  const indexer = L * indexerParamsPerLayer(a);
  const denseFfn = a.denseIntermediateSize ? denseLayerCount * ffnParams(h, a.denseIntermediateSize, a.gatedFfn, a.ffnBias) : 0;

  let paramsPerExpert = 0;
  let routed = 0;
  let routedActive = 0;
  let shared = 0;
  let router = 0;
  if (a.moe) {
    const m = a.moe;
    paramsPerExpert = ffnParams(h, m.expertIntermediateSize, true, m.expertBias);
    routed = moeLayerCount * m.routedExperts * paramsPerExpert;
    routedActive = moeLayerCount * m.expertsPerToken * paramsPerExpert;
    shared = moeLayerCount * m.sharedExperts * ffnParams(h, m.sharedIntermediateSize, true, false);
    router = moeLayerCount * (h * m.routedExperts + (m.routerBias ? m.routedExperts : 0));
  }
  const normsPerLayer = 2;
  let norms = (L * normsPerLayer + 1) * h * a.normParamsPerNorm;
  if (a.mla) norms += L * (a.mla.kvLoraRank + (a.mla.qLoraRank ?? 0));
  const lmHead = a.tieEmbeddings ? 0 : a.vocabSize * h;

  const parts: ParameterPart[] = [
    { id: "embedding", label: a.tieEmbeddings ? "embedding (tied with the output head)" : "input embedding", total: embedding, active: embedding },
    ...(positions ? [{ id: "positions" as const, label: "learned position embeddings", total: positions, active: positions }] : []),
    { id: "attention", label: a.mla ? "attention (MLA)" : "attention", total: attention, active: attention },
    ...(indexer ? [{ id: "indexer" as const, label: "sparse-attention indexer (DSA)", total: indexer, active: indexer }] : []),
    ...(denseFfn ? [{ id: "denseFfn" as const, label: `dense FFN (${denseLayerCount} layers)`, total: denseFfn, active: denseFfn }] : []),
    ...(shared ? [{ id: "sharedExperts" as const, label: "shared experts", total: shared, active: shared }] : []),
    ...(routed ? [{ id: "routedExperts" as const, label: `routed experts (${moeLayerCount} layers × ${a.moe?.routedExperts} experts, ${a.moe?.expertsPerToken} per token)`, total: routed, active: routedActive }] : []),
    ...(router ? [{ id: "router" as const, label: "router", total: router, active: router }] : []),
    { id: "norms", label: "norms", total: norms, active: norms },
    ...(lmHead ? [{ id: "lmHead" as const, label: "output head", total: lmHead, active: lmHead }] : []),
  ];
  const total = parts.reduce((s, p) => s + p.total, 0);
  const active = parts.reduce((s, p) => s + p.active, 0);

  // One MTP module (DeepSeek-V3): an embedding-sharing block of one decoder layer plus a projection and norms.
  let mtp = 0;
  if (a.mtpLayers > 0) {
    const moeLayerParams = attentionParamsPerLayer(a) + (a.moe ? a.moe.routedExperts * paramsPerExpert + a.moe.sharedExperts * ffnParams(h, a.moe.sharedIntermediateSize, true, false) + h * a.moe.routedExperts : 0);
    mtp = a.mtpLayers * (moeLayerParams + 2 * h * h + 4 * h);
  }
  return { parts, total, active, mtp, paramsPerExpert, moeLayerCount };
}

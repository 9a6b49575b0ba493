/**
 * Parameter accounting from an architecture: totals, what one token activates, what a decode step
 * must read, and what multiplies (FLOPs). Each part is counted separately so it can be shown.
 */
import { layerAttentionShape, type ArchitectureSpec } from "./architecture.ts";

export interface ParameterPart {
  id:
    | "embedding"
    | "positions"
    | "attention"
    | "recurrent"
    | "indexer"
    | "denseFfn"
    | "sharedExperts"
    | "routedExperts"
    | "router"
    | "norms"
    | "lmHead"
    | "other"
    | "visionTower"
    | "audioTower";
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
  /** Vision/audio tower parameters (in `total`, not in `active`: a text-only request does not run them). */
  towerParams: number;
}

type AttentionShape = ReturnType<typeof layerAttentionShape>;

function attentionParamsPerLayer(a: ArchitectureSpec, shape: AttentionShape = { kvHeads: a.numKvHeads, headDimQk: a.headDimQk, headDimV: a.headDimV, valueProjection: true }): number {
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
  const qDim = a.numHeads * shape.headDimQk;
  const kDim = shape.kvHeads * shape.headDimQk;
  // Gemma 4's global layers take their values from the key projection: no value matrix.
  const vDim = shape.valueProjection ? shape.kvHeads * shape.headDimV : 0;
  const oIn = a.numHeads * shape.headDimV;
  // An output gate (Qwen3-Next) doubles the query projection: queries and a per-channel gate.
  const qOut = a.attentionOutputGate ? 2 * qDim : qDim;
  let p = h * (qOut + kDim + vDim) + oIn * h;
  if (a.qkvBias) p += qOut + kDim + vDim;
  if (a.outputBias) p += h;
  if (a.qkNorm) p += a.qkNormWidth === "full" ? qDim + kDim : 2 * shape.headDimQk;
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

  const embedding = a.vocabSize * h;
  const positions = a.learnedPositions * h;
  let attentionLayers = 0;
  let attention = 0;
  for (let i = 0; i < L; i++) {
    if (a.layerMixers[i] !== "attention") continue;
    attentionLayers++;
    attention += attentionParamsPerLayer(a, layerAttentionShape(a, i));
  }
  const recurrent = a.recurrent ? a.recurrent.layers * a.recurrent.paramsPerLayer : 0;
  const indexer = attentionLayers * indexerParamsPerLayer(a);
  let denseLayerCount = 0;
  let denseFfn = 0;
  for (let i = 0; i < L; i++) {
    if (a.layerFfn[i] !== "dense") continue;
    const width = a.denseWidths?.[i] ?? a.denseIntermediateSize ?? 0;
    if (width > 0) {
      denseLayerCount++;
      denseFfn += ffnParams(h, width, a.gatedFfn, a.ffnBias);
    }
  }

  let paramsPerExpert = 0;
  let routed = 0;
  let routedActive = 0;
  let shared = 0;
  let router = 0;
  if (a.moe) {
    const m = a.moe;
    // Latent MoE: experts read and write the latent width; the two projections around them are always active.
    paramsPerExpert = ffnParams(m.latentSize ?? h, m.expertIntermediateSize, a.expertsGated, m.expertBias);
    routed = moeLayerCount * m.routedExperts * paramsPerExpert;
    routedActive = moeLayerCount * m.expertsPerToken * paramsPerExpert;
    shared = moeLayerCount * (m.sharedExperts * ffnParams(h, m.sharedIntermediateSize, a.expertsGated, false) + (a.sharedExpertGate ? h : 0));
    router = moeLayerCount * (h * m.routedExperts + (m.routerBias ? m.routedExperts : 0) + (m.latentSize ? 2 * h * m.latentSize : 0));
  }
  let norms = (L * a.normsPerLayer + 1) * h * a.normParamsPerNorm;
  if (a.mla) norms += attentionLayers * (a.mla.kvLoraRank + (a.mla.qLoraRank ?? 0));
  const lmHead = (a.tieEmbeddings ? 0 : a.vocabSize * h) + (a.lmHeadBias ? a.vocabSize : 0);
  const towers = a.towers.reduce((s, t) => s + t.params, 0);

  const recurrentLabel = a.recurrent ? `${a.recurrent.kind === "gated-deltanet" ? "Gated DeltaNet" : a.recurrent.kind === "mamba2" ? "Mamba-2" : "Mamba"} mixers (${a.recurrent.layers} layers)` : "";
  const parts: ParameterPart[] = [
    { id: "embedding", label: a.tieEmbeddings ? "embedding (tied with the output head)" : "input embedding", total: embedding, active: embedding },
    ...(positions ? [{ id: "positions" as const, label: "learned position embeddings", total: positions, active: positions }] : []),
    { id: "attention", label: `${a.mla ? "attention (MLA)" : "attention"}${attentionLayers !== L ? ` (${attentionLayers} of ${L} layers)` : ""}`, total: attention, active: attention },
    ...(recurrent ? [{ id: "recurrent" as const, label: recurrentLabel, total: recurrent, active: recurrent }] : []),
    ...(indexer ? [{ id: "indexer" as const, label: "sparse-attention indexer (DSA)", total: indexer, active: indexer }] : []),
    ...(denseFfn ? [{ id: "denseFfn" as const, label: `dense FFN (${denseLayerCount} layers${a.gatedFfn ? "" : ", plain"})`, total: denseFfn, active: denseFfn }] : []),
    ...(shared ? [{ id: "sharedExperts" as const, label: "shared experts", total: shared, active: shared }] : []),
    ...(routed ? [{ id: "routedExperts" as const, label: `routed experts (${moeLayerCount} layers × ${a.moe?.routedExperts} experts, ${a.moe?.expertsPerToken} per token)`, total: routed, active: routedActive }] : []),
    ...(router ? [{ id: "router" as const, label: a.moe?.latentSize ? `router and latent projections (${h} ↔ ${a.moe.latentSize})` : "router", total: router, active: router }] : []),
    ...(a.extraParams ? [{ id: "other" as const, label: "linear replacements of blocks", total: a.extraParams, active: a.extraParams }] : []),
    { id: "norms", label: "norms", total: norms, active: norms },
    ...(lmHead ? [{ id: "lmHead" as const, label: a.tieEmbeddings ? "output head bias" : "output head", total: lmHead, active: lmHead }] : []),
    ...a.towers.map((t) => ({ id: t.kind === "vision" ? ("visionTower" as const) : ("audioTower" as const), label: `${t.kind} tower (not run by a text-only request): ${t.description}`, total: t.params, active: 0 })),
  ];
  const total = parts.reduce((s, p) => s + p.total, 0);
  const active = parts.reduce((s, p) => s + p.active, 0);

  // One MTP module (DeepSeek-V3): an embedding-sharing block of one decoder layer plus a projection and norms.
  let mtp = 0;
  if (a.mtpLayers > 0) {
    const moeLayerParams = attentionParamsPerLayer(a) + (a.moe ? a.moe.routedExperts * paramsPerExpert + a.moe.sharedExperts * ffnParams(h, a.moe.sharedIntermediateSize, a.expertsGated, false) + h * a.moe.routedExperts : a.denseIntermediateSize ? ffnParams(h, a.denseIntermediateSize, a.gatedFfn, a.ffnBias) : 0);
    mtp = a.mtpLayers * (moeLayerParams + 2 * h * h + 4 * h);
  }
  return { parts, total, active, mtp, paramsPerExpert, moeLayerCount, towerParams: towers };
}

/**
 * The expected efficiency of a forward pass, as formulas: what fraction of peak a matrix multiply of a
 * given shape reaches (tile and wave quantisation), what fraction of HBM bandwidth streaming reaches,
 * the fixed time per layer per pass (kernel launches and synchronisation), collectives as latency +
 * bytes ÷ bus bandwidth, attention kernels, the busiest chip of an expert-parallel MoE layer (balls
 * into bins: the expected maximum, not the mean), node-limited routing, dispatch/combine precision and
 * the overlap of communication with compute.
 *
 * Each is general (tokens, features, chips, links), so the training step reuses the matmul and
 * collective terms. The ideal roofline is every η = 1, no fixed time and the mean chip; the expected
 * numbers put these terms in (./expected.ts wires them into the step graph).
 */
import { add, ceil, div, floor, ln, max, min, mul, sqrt, sub } from "../formula/expr.ts";
import { defineFormula } from "../formula/formula.ts";
import { cribSheet, type SourceRef } from "../sources.ts";

export const CUTLASS_TILES: SourceRef = {
  title: "NVIDIA CUTLASS: GEMM threadblock tiles (Hopper WGMMA instructions are m64nNk16: a tile's M is a multiple of 64 rows)",
  url: "https://github.com/NVIDIA/cutlass/blob/main/media/docs/cpp/efficient_gemm.md",
};
export const WAVE_QUANTIZATION: SourceRef = {
  title: "NVIDIA Deep Learning Performance Guide: Matrix multiplication background — tile quantization and wave quantization",
  url: "https://docs.nvidia.com/deeplearning/performance/dl-performance-matrix-multiplication/index.html",
};
export const NCCL_TESTS: SourceRef = {
  title: "NVIDIA nccl-tests PERFORMANCE.md: time = latency + size ÷ bus bandwidth; all-reduce 2(n−1)/n",
  url: "https://github.com/NVIDIA/nccl-tests/blob/master/doc/PERFORMANCE.md",
};
export const BALLS_INTO_BINS: SourceRef = {
  title: "Raab & Steger, “Balls into bins” (RANDOM 1998): fullest bin m/n + √(2·(m/n)·ln n)",
  url: "https://doi.org/10.1007/3-540-49543-6_13",
};
export const DEEPSEEK_V3: SourceRef = {
  title: "DeepSeek-V3 technical report (arXiv:2412.19437): node-limited routing, FP8 dispatch, BF16 combine, two micro-batches",
  url: "https://arxiv.org/abs/2412.19437",
};
export const FLASH_ATTENTION_3: SourceRef = {
  title: "Shah et al., FlashAttention-3 (arXiv:2407.08608): up to 740 TFLOP/s BF16 on H100 (75% of peak); FlashAttention-2 reaches 35% on H100",
  url: "https://arxiv.org/abs/2407.08608",
};
export const FLASH_ATTENTION_2: SourceRef = {
  title: "Dao, FlashAttention-2 (arXiv:2307.08691): 50–73% of the theoretical peak FLOP/s on A100",
  url: "https://arxiv.org/abs/2307.08691",
};
export const CUDA_GRAPHS: SourceRef = {
  title: "NVIDIA CUDA Programming Guide, CUDA Graphs: a graph launches many kernels with one CPU call, removing per-kernel launch overhead",
  url: "https://docs.nvidia.com/cuda/cuda-c-programming-guide/index.html#cuda-graphs",
};

// ---- Matrix multiplies ---------------------------------------------------------------------------

export const matmulEfficiency = defineFormula({
  id: "efficiency.matmul",
  title: "Matrix-multiply efficiency",
  description:
    "Fraction of peak an M×N multiply reaches: the large-shape efficiency × tile quantisation (M padded to whole tiles) × wave quantisation (tiles over the compute units in whole waves; thin shapes split K).",
  symbol: "η_mm",
  latex: "\\eta_{\\text{mm}}",
  unit: "1",
  inputs: {
    peakFraction: { symbol: "η_max", latex: "\\eta_{\\max}", unit: "1", description: "fraction of peak a large, well-shaped multiply reaches on this chip" },
    rows: { symbol: "M", unit: "token", description: "rows of the multiply: tokens in the pass (per expert, for routed experts)" },
    outFeatures: { symbol: "N_out", latex: "N_{\\text{out}}", unit: "1", description: "output features per chip" },
    tileRows: { symbol: "t_M", latex: "t_{M}", unit: "token", description: "rows per tile" },
    tileCols: { symbol: "t_N", latex: "t_{N}", unit: "1", description: "output features per tile" },
    computeUnits: { symbol: "U", unit: "1", description: "streaming multiprocessors (NVIDIA) or compute units (AMD) per chip" },
  },
  expr: (x) => {
    const rowTiles = ceil(div(x.rows, x.tileRows));
    const tiles = mul(rowTiles, ceil(div(x.outFeatures, x.tileCols)));
    const tileQ = div(x.rows, mul(x.tileRows, rowTiles));
    const waves = div(tiles, mul(x.computeUnits, ceil(div(tiles, x.computeUnits))));
    const splitK = div(mul(tiles, floor(div(x.computeUnits, tiles))), x.computeUnits);
    return mul(x.peakFraction, tileQ, max(waves, splitK));
  },
  sources: [WAVE_QUANTIZATION, CUTLASS_TILES],
  assumptions: [
    "tile quantisation: M/(t_M·⌈M/t_M⌉); wave quantisation: tiles/(U·⌈tiles/U⌉)",
    "a multiply with fewer tiles than compute units splits K ⌊U/tiles⌋ ways (split-K / stream-K) instead of leaving units idle",
  ],
});

export const combinedFraction = defineFormula({
  id: "efficiency.combined",
  title: "Combined efficiency",
  description: "Two independent fractions of peak applied together.",
  symbol: "η",
  latex: "\\eta",
  unit: "1",
  inputs: {
    a: { symbol: "η_a", latex: "\\eta_{a}", unit: "1", description: "first fraction" },
    b: { symbol: "η_b", latex: "\\eta_{b}", unit: "1", description: "second fraction" },
  },
  expr: ({ a, b }) => mul(a, b),
  sources: [WAVE_QUANTIZATION],
});

export const denseMatmulFlopPerToken = defineFormula({
  id: "efficiency.denseMatmulFlopPerToken",
  title: "Dense matmul FLOP per token",
  description: "Weight FLOP per token outside the routed experts (attention projections, dense FFN, shared experts, output head).",
  symbol: "F_dense",
  latex: "F_{\\text{dense}}",
  unit: "FLOP/token",
  inputs: {
    weightFlop: { symbol: "F_w", latex: "F_{w}", unit: "FLOP/token", description: "weight FLOP per token" },
    moeLayers: { symbol: "n_moe", latex: "n_{\\text{moe}}", unit: "layer", description: "layers with routed experts" },
    expertsPerToken: { symbol: "k", unit: "expert", description: "routed experts per token" },
    paramsPerExpert: { symbol: "N_exp", latex: "N_{\\text{exp}}", unit: "param", description: "parameters of one routed expert" },
  },
  expr: (x) => sub(x.weightFlop, mul(2, x.moeLayers, x.expertsPerToken, x.paramsPerExpert)),
  sources: [cribSheet("2 FLOPs per parameter per token")],
});

export const kernelSeconds = defineFormula({
  id: "efficiency.kernelSeconds",
  title: "Kernel time",
  description: "A kernel takes the longer of its arithmetic at its achieved FLOP/s and its HBM traffic at its achieved bandwidth.",
  symbol: "t_kernel",
  latex: "t_{\\text{kernel}}",
  unit: "s",
  inputs: {
    computeSeconds: { symbol: "t_c", latex: "t_{c}", unit: "s", description: "arithmetic time at the achieved FLOP/s" },
    memorySeconds: { symbol: "t_m", latex: "t_{m}", unit: "s", description: "HBM time at the achieved bandwidth" },
  },
  expr: ({ computeSeconds, memorySeconds }) => max(computeSeconds, memorySeconds),
  sources: [WAVE_QUANTIZATION],
  assumptions: ["each kernel is its own roofline: the matmuls, the expert matmuls and attention are separate kernels, so their times add"],
});

/** AITER's own MLA decode benchmark (ROCm/aiter PR #2039): a near-empty call (batch 1, 21 tokens, 128 heads), ASM kernel. */
export const AITER_MLA_FLOOR: SourceRef = {
  title: "ROCm/aiter PR #2039: ASM MLA decode at batch 1, 21 tokens: 15.491 µs on MI300, 12.106 µs on MI355",
  url: "https://github.com/ROCm/aiter/pull/2039",
};

export const attentionSecondsWithFloor = defineFormula({
  id: "efficiency.attentionSecondsWithFloor",
  title: "Attention time with a kernel floor",
  description: "The longest of the kernel's arithmetic, its KV reads, and the least time of one call per layer (a near-empty call is not free).",
  symbol: "t_attn",
  latex: "t_{\\text{attn}}",
  unit: "s",
  inputs: {
    computeSeconds: { symbol: "t_c", latex: "t_{c}", unit: "s", description: "arithmetic time at the achieved FLOP/s" },
    memorySeconds: { symbol: "t_m", latex: "t_{m}", unit: "s", description: "KV-read time at the achieved bandwidth" },
    layers: { symbol: "L", unit: "layer", description: "layers (one attention call each)" },
    floorSeconds: { symbol: "t_0", latex: "t_{0}", unit: "s", description: "least time of one call (0 where none was measured)" },
  },
  expr: (x) => max(x.computeSeconds, x.memorySeconds, mul(x.layers, x.floorSeconds)),
  sources: [AITER_MLA_FLOOR],
});

/**
 * AITER's MLA decode metadata v1_0 (what SGLang's aiter backend runs for an FP8 cache: fast_mode off, intra_batch_mode
 * on): get_local_splits() returns 16 on gfx942, and the work units are dealt evenly over multiProcessorCount CUs (the
 * first W mod N take one more). Heads other than 16 run as heads ÷ 16 batches of the 16-head tile (qk_batch_ratio); 128
 * heads per chip have a native tile, which this formula counts as 8 (less idle time than aiter's: faster, not slower).
 */
export const AITER_MLA_SPLITS: SourceRef = {
  title: "ROCm/aiter MLA metadata v1_0: 16 KV splits per sequence on gfx942",
  url: "https://github.com/ROCm/aiter/blob/6a0e7b26ccf33164785531212cc2ec2cde0b9243/csrc/kernels/mla/metadata/v1_0_device.cuh",
};

export const mlaSplitOccupancy = defineFormula({
  id: "efficiency.mlaSplitOccupancy",
  title: "MLA decode CU occupancy",
  description: "Each sequence's KV is S work units per 16-head tile, dealt over the CUs: the busiest CU runs ⌈W/N⌉.",
  symbol: "η_occ",
  latex: "\\eta_{\\text{occ}}",
  unit: "1",
  inputs: {
    sequences: { symbol: "B", unit: "sequence", description: "sequences per group" },
    heads: { symbol: "H", unit: "1", description: "query heads" },
    tensorParallel: { symbol: "T", unit: "chip", description: "chips per group" },
    headTile: { symbol: "h", unit: "1", description: "heads per tile" },
    splits: { symbol: "S", unit: "1", description: "splits per sequence" },
    computeUnits: { symbol: "N", unit: "1", description: "CUs" },
  },
  expr: (x) => {
    const w = mul(x.sequences, x.splits, max(1, div(x.heads, mul(x.tensorParallel, x.headTile))));
    return div(w, mul(x.computeUnits, ceil(div(w, x.computeUnits))));
  },
  sources: [AITER_MLA_SPLITS],
});

export const FLASH_MLA_SPARSE_PREFILL: SourceRef = {
  title: "FlashMLA sparse prefill: MQA mode; topk ÷ B_TOPK blocks per query (phase1.cuh)",
  url: "https://github.com/deepseek-ai/FlashMLA/blob/13d173ac48abd8ec88a4e742bcaaa59c5ccf4ece/csrc/sm90/prefill/sparse/phase1.cuh",
};
export const VLLM_SPARSE_HEAD_PADDING: SourceRef = {
  title: "vLLM flashmla_sparse.py: “Prefill BF16 kernel requires 64 on Hopper, 128 on Blackwell”",
  url: "https://github.com/vllm-project/vllm/blob/main/vllm/v1/attention/backends/mla/flashmla_sparse.py",
};

export const sparsePrefillAttentionFlopPerToken = defineFormula({
  id: "efficiency.sparsePrefillAttentionFlopPerToken",
  title: "Attention FLOP per token, DSA prefill kernel",
  description: "MLA in MQA mode over all k index slots of a query (masked, not skipped), each chip's h/t heads padded to a multiple of p; plus the indexer over the context.",
  symbol: "F_DSA",
  unit: "FLOP/token",
  inputs: {
    idealFlop: { symbol: "F_attn", unit: "FLOP/token", description: "the ideal step's (a bound)" },
    flopPerSlot: { symbol: "a", unit: "FLOP/token", description: "per index slot in MQA mode, all layers" },
    slots: { symbol: "k", unit: "token", description: "index slots per query (index_topk)" },
    heads: { symbol: "h", unit: "1", description: "query heads" },
    chips: { symbol: "t", unit: "chip", description: "chips per attention group" },
    headMultiple: { symbol: "p", unit: "1", description: "kernel head multiple" },
    indexerFlopPerToken: { symbol: "a_idx", unit: "FLOP/token", description: "indexer, per context token" },
    contextTokens: { symbol: "L", unit: "token", description: "mean query context" },
  },
  expr: (x) => {
    const perChip = div(x.heads, x.chips);
    return max(x.idealFlop, add(div(mul(x.flopPerSlot, x.slots, ceil(div(perChip, x.headMultiple)), x.headMultiple), perChip), mul(x.indexerFlopPerToken, x.contextTokens)));
  },
  sources: [FLASH_MLA_SPARSE_PREFILL, VLLM_SPARSE_HEAD_PADDING],
});

export const FLASH_MLA_FP8: SourceRef = {
  title: "SGLang GB200 NVL72 Part II: FP8 attention over an FP8 KV cache, else BF16; vLLM docs, Quantized KV cache: FlashAttention-3 computes in FP8 only over an FP8 cache",
  url: "https://docs.vllm.ai/en/latest/features/quantization/quantized_kvcache/",
};

export const attentionPeakFlopsPerSecond = defineFormula({
  id: "efficiency.attentionPeakFlopsPerSecond",
  title: "Attention's peak FLOP/s",
  description:
    "Quantised checkpoints quantise the linears' weights; attention multiplies activations by the KV cache at the cache's precision (BF16 unless the cache is FP8): the lower of the matmul peak and that precision's.",
  symbol: "F_attn",
  latex: "F_{\\text{attn}}",
  unit: "FLOP/s",
  inputs: {
    peakFlopsPerSecond: { symbol: "F", unit: "FLOP/s", description: "dense peak FLOP/s per chip at the compute precision" },
    kvPrecisionPeakFlopsPerSecond: { symbol: "F_kv", latex: "F_{kv}", unit: "FLOP/s", description: "peak at the KV cache's precision (FP8 or BF16)" },
  },
  expr: (x) => min(x.peakFlopsPerSecond, x.kvPrecisionPeakFlopsPerSecond),
  sources: [FLASH_MLA_FP8, FLASH_ATTENTION_3],
  assumptions: ["attention kernels read a quantised cache at its own precision; weights at FP4 do not make QKᵀ or PV an FP4 product"],
});

export const KV_HEAD_REPLICATION: SourceRef = {
  title: "vLLM models/llama.py: with fewer KV heads than tensor-parallel GPUs, each GPU keeps max(1, KV heads ÷ TP) heads (replicated)",
  url: "https://github.com/vllm-project/vllm/blob/main/vllm/model_executor/models/llama.py",
};
export const FLASH_MLA: SourceRef = {
  title: "DeepSeek FlashMLA, new-kernel deep dive (2025-04-22): MLA decode reads the latent cache once for all query heads, so splitting heads over chips does not split it",
  url: "https://github.com/deepseek-ai/FlashMLA/blob/main/docs/20250422-new-kernel-deep-dive.md",
};

export const SGLANG_DP_ATTENTION: SourceRef = {
  title: "SGLang --enable-dp-attention: attention data-parallel across groups, one scheduler per group (used for DeepSeek's MLA at scale)",
  url: "https://docs.sglang.ai/advanced_features/server_arguments.html",
};

export const attentionTensorParallel = defineFormula({
  id: "efficiency.attentionTensorParallel",
  title: "Chips per attention group",
  description: "On one node (N ≤ t_max) attention splits by heads over every chip. Beyond, groups run side by side (DP attention), as wide as the KV cache splits: min(t_max, h_KV), 1 for MLA.",
  symbol: "t_attn",
  latex: "t_{\\text{attn}}",
  unit: "chip",
  inputs: {
    chips: { symbol: "N", unit: "chip", description: "chips (whole)" },
    maxTensorParallel: { symbol: "t_max", latex: "t_{\\max}", unit: "chip", description: "chips per node" },
    kvHeads: { symbol: "h_KV", latex: "h_{KV}", unit: "1", description: "KV heads (MLA: 1)" },
  },
  // 1 − min(1, ⌊N ÷ (t_max + 1)⌋): 1 on one node, 0 beyond.
  expr: (x) => {
    const oneNode = sub(1, min(1, floor(div(x.chips, add(x.maxTensorParallel, 1)))));
    return add(mul(oneNode, x.chips), mul(sub(1, oneNode), min(x.maxTensorParallel, x.kvHeads)));
  },
  sources: [SGLANG_DP_ATTENTION],
});

export const attentionDataParallel = defineFormula({
  id: "efficiency.attentionDataParallel",
  title: "Attention groups",
  description: "Chips ÷ chips per group: each group has its own sequences, KV cache and scheduler.",
  symbol: "A",
  unit: "1",
  inputs: {
    chips: { symbol: "N", unit: "chip", description: "chips" },
    tensorParallel: { symbol: "t_attn", latex: "t_{\\text{attn}}", unit: "chip", description: "chips per group" },
  },
  expr: (x) => div(x.chips, x.tensorParallel),
  sources: [SGLANG_DP_ATTENTION],
});

export const tokensPerAttentionGroup = defineFormula({
  id: "efficiency.tokensPerAttentionGroup",
  title: "Tokens per attention group",
  description: "A group's all-reduces carry its own tokens.",
  symbol: "T_A",
  latex: "T_{A}",
  unit: "token",
  inputs: {
    tokens: { symbol: "T", unit: "token", description: "tokens" },
    attentionDataParallel: { symbol: "A", unit: "1", description: "groups" },
  },
  expr: (x) => div(x.tokens, x.attentionDataParallel),
  sources: [SGLANG_DP_ATTENTION],
});

export const kvShards = defineFormula({
  id: "efficiency.kvShards",
  title: "Chips the KV cache is split over",
  description:
    "Each attention group holds its own sequences' cache, split by KV heads over at most h_KV of its chips; beyond that each chip reads a copy. MLA's one latent (one KV head) is read whole by every chip of a group.",
  symbol: "n_KV",
  latex: "n_{KV}",
  unit: "chip",
  inputs: {
    attentionDataParallel: { symbol: "A", unit: "1", description: "attention groups" },
    tensorParallel: { symbol: "t_attn", latex: "t_{\\text{attn}}", unit: "chip", description: "chips per group" },
    kvHeads: { symbol: "h_KV", latex: "h_{KV}", unit: "1", description: "KV heads per layer (1 for MLA's shared latent)" },
  },
  expr: (x) => mul(x.attentionDataParallel, min(x.tensorParallel, x.kvHeads)),
  sources: [KV_HEAD_REPLICATION, FLASH_MLA, SGLANG_DP_ATTENTION],
  assumptions: ["each chip reads the KV heads it holds in full; sequences spread evenly over the groups"],
});

export const SGLANG_MLA_KV_COPIES: SourceRef = {
  title: "SGLang v0.4 (LMSYS, 2024-12-04): MLA under TP duplicates the KV cache; DP attention does not",
  url: "https://lmsys.org/blog/2024-12-04-sglang-v0-4/#data-parallelism-attention-for-deepseek-models",
};

/** vLLM's DeepSeek model file at one commit: q_a and kv_a (fused_qkv_a_proj, disable_tp=True) are replicated, so every
 *  tensor-parallel rank computes and caches the whole MLA latent. */
export const MLA_REPLICATED: SourceRef = {
  title: "vLLM deepseek_v2.py: fused_qkv_a_proj disable_tp=True (replicated: every TP rank caches the latent)",
  url: "https://github.com/vllm-project/vllm/blob/b863fe5bf4e19680572603b4e166faefc5725551/vllm/model_executor/models/deepseek_v2.py",
};

export const kvCopies = defineFormula({
  id: "memory.kvCopies",
  title: "Copies of each KV entry",
  description: "TP splits the KV cache by KV head over an attention group; past the KV heads (MLA: one) each chip keeps a copy.",
  symbol: "c_kv",
  latex: "c_{kv}",
  unit: "1",
  inputs: {
    attentionTensorDegree: { symbol: "T_a", latex: "T_{a}", unit: "chip", description: "chips per attention group" },
    kvHeads: { symbol: "n_kv", latex: "n_{kv}", unit: "1", description: "KV heads (MLA: 1)" },
  },
  expr: (x) => div(x.attentionTensorDegree, min(x.attentionTensorDegree, x.kvHeads)),
  sources: [SGLANG_MLA_KV_COPIES, MLA_REPLICATED, KV_HEAD_REPLICATION],
});

export const kvBytesHeldWithCopies = defineFormula({
  id: "memory.kvBytesHeldWithCopies",
  title: "KV bytes held per sequence, copies included",
  description: "One sequence's KV bytes times the copies of each entry.",
  symbol: "KV_c",
  latex: "KV_{c}",
  unit: "B/sequence",
  inputs: {
    kvBytesPerSequence: { symbol: "KV_held", latex: "KV_{\\text{held}}", unit: "B/sequence", description: "KV bytes held per sequence" },
    kvCopies: { symbol: "c_kv", latex: "c_{kv}", unit: "1", description: "copies of each KV entry" },
  },
  expr: (x) => mul(x.kvBytesPerSequence, x.kvCopies),
  sources: [SGLANG_MLA_KV_COPIES, MLA_REPLICATED],
});

// ---- Fixed time per pass -----------------------------------------------------------------------------

export const VLLM_LLAMA_LAYER: SourceRef = {
  title: "vLLM models/llama.py, LlamaDecoderLayer: 2 norms, 5 attention kernels (QKV, rotary, cache write, attention, o_proj), 3 feed-forward (gate/up, SiLU×mul, down)",
  url: "https://github.com/vllm-project/vllm/blob/main/vllm/model_executor/models/llama.py",
};
export const VLLM_FUSED_MOE: SourceRef = {
  title: "vLLM models/mixtral.py + layers/fused_moe: router GEMM, top-k, align, 2 expert GEMMs, SiLU×mul, sum: 7 kernels per MoE FFN",
  url: "https://github.com/vllm-project/vllm/tree/main/vllm/model_executor/layers/fused_moe",
};
export const VLLM_DEEPSEEK_LAYER: SourceRef = {
  title: "vLLM models/deepseek_v2.py + layers/mla.py: MLA decode runs 10 kernels (fused q_a/kv_a, 2 norms, q_b, rotary, W_UK bmm, cache write, attention, W_UV bmm, o_proj); DeepseekV2MoE adds 4 for the shared experts",
  url: "https://github.com/vllm-project/vllm/blob/main/vllm/model_executor/models/deepseek_v2.py",
};

export const kernelsPerLayer = defineFormula({
  id: "efficiency.kernelsPerLayer",
  title: "Kernels per layer",
  description:
    "A layer's norms, attention and feed-forward kernels; MoE and dense feed-forwards averaged by the share of MoE layers. Collectives apart.",
  symbol: "k_L",
  latex: "k_{L}",
  unit: "1",
  inputs: {
    norms: { symbol: "k_norm", latex: "k_{\\text{norm}}", unit: "1", description: "norm kernels per layer" },
    attention: { symbol: "k_attn", latex: "k_{\\text{attn}}", unit: "1", description: "attention kernels per layer" },
    denseFfn: { symbol: "k_dense", latex: "k_{\\text{dense}}", unit: "1", description: "kernels of a dense feed-forward" },
    moeFfn: { symbol: "k_moe", latex: "k_{\\text{moe}}", unit: "1", description: "kernels of an MoE feed-forward" },
    moeShare: { symbol: "f_moe", latex: "f_{\\text{moe}}", unit: "1", description: "share of the layers that are MoE" },
  },
  expr: (x) => add(x.norms, x.attention, mul(x.denseFfn, sub(1, x.moeShare)), mul(x.moeFfn, x.moeShare)),
  sources: [VLLM_LLAMA_LAYER, VLLM_FUSED_MOE, VLLM_DEEPSEEK_LAYER],
  assumptions: ["one kernel per module as vLLM runs it (fused norms and activations count once); a CUDA/HIP graph leaves each kernel's launch and dependency gap"],
});

export const fixedSecondsPerPass = defineFormula({
  id: "efficiency.fixedSecondsPerPass",
  title: "Fixed time per pass",
  description: "Time a pass spends whatever its size: kernels per layer × layers × the launch and synchronisation gap per kernel (smaller when the pass is captured as a CUDA graph).",
  symbol: "t_fixed",
  latex: "t_{\\text{fixed}}",
  unit: "s",
  inputs: {
    layers: { symbol: "L", unit: "layer", description: "transformer layers" },
    kernelsPerLayer: { symbol: "k_L", latex: "k_{L}", unit: "1", description: "kernels launched per layer" },
    launchSeconds: { symbol: "t_launch", latex: "t_{\\text{launch}}", unit: "s", description: "gap per kernel" },
  },
  expr: (x) => mul(x.layers, x.kernelsPerLayer, x.launchSeconds),
  sources: [CUDA_GRAPHS],
  assumptions: ["the gap is per kernel and does not shrink with the kernel's size; it is what halving the weight bytes cannot remove"],
});

export const hostSecondsPerStep = defineFormula({
  id: "efficiency.hostSecondsPerStep",
  title: "Host time per step",
  description: "Work the serving engine's CPU does per sequence per step (scheduling, sampling, detokenising, output streaming) that the GPU waits for.",
  symbol: "t_host",
  latex: "t_{\\text{host}}",
  unit: "s",
  inputs: {
    batch: { symbol: "B", unit: "sequence", description: "sequences in the step" },
    secondsPerSequence: { symbol: "t_seq", latex: "t_{\\text{seq}}", unit: "s", description: "host time per sequence per step" },
  },
  expr: ({ batch, secondsPerSequence }) => mul(batch, secondsPerSequence),
  sources: [{ title: "vLLM V1 engine design: the CPU scheduler, input preparation and detokenisation overlap the GPU only partly (vLLM blog, 2025-01-27)", url: "https://blog.vllm.ai/2025/01/27/v1-alpha-release.html" }],
  assumptions: ["linear in the sequences of the step; a fitted constant, not measured per engine"],
});

export const sequencesPerScheduler = defineFormula({
  id: "efficiency.sequencesPerScheduler",
  title: "Sequences per scheduler",
  description: "With attention data parallelism each attention group runs its own engine process, scheduling its share of the micro-batch's sequences.",
  symbol: "B_sched",
  latex: "B_{\\text{sched}}",
  unit: "sequence",
  inputs: {
    sequences: { symbol: "B_mb", latex: "B_{mb}", unit: "sequence", description: "sequences in the micro-batch" },
    attentionDataParallel: { symbol: "A", unit: "1", description: "attention data-parallel groups" },
  },
  expr: ({ sequences, attentionDataParallel }) => div(sequences, attentionDataParallel),
  sources: [{ title: "SGLang DP attention: one scheduler process per data-parallel attention rank (sglang docs, server arguments --enable-dp-attention)", url: "https://docs.sglang.ai/advanced_features/server_arguments.html" }],
});

// ---- Collectives -------------------------------------------------------------------------------------

export const allReduceSeconds = defineFormula({
  id: "efficiency.allReduceSeconds",
  title: "All-reduce time",
  description: "A ring/tree all-reduce over n chips: a fixed latency plus 2(n−1)/n of the message over the bus bandwidth (none on one chip).",
  symbol: "t_AR",
  latex: "t_{\\text{AR}}",
  unit: "s",
  inputs: {
    latencySeconds: { symbol: "α", latex: "\\alpha", unit: "s", description: "fixed latency of one collective on this fabric" },
    bytes: { symbol: "S", unit: "B", description: "bytes each chip contributes" },
    chips: { symbol: "n", unit: "chip", description: "chips in the collective" },
    linkBytesPerSecond: { symbol: "BW_link", latex: "BW_{\\text{link}}", unit: "B/s", description: "link bandwidth per chip, one direction" },
    linkEfficiency: { symbol: "η_link", latex: "\\eta_{\\text{link}}", unit: "1", description: "bus bandwidth ÷ link rate" },
  },
  expr: (x) => add(mul(min(1, sub(x.chips, 1)), x.latencySeconds), div(mul(2, sub(x.chips, 1), x.bytes), mul(x.chips, x.linkBytesPerSecond, x.linkEfficiency))),
  sources: [NCCL_TESTS],
});

export const collectivesPerPass = defineFormula({
  id: "efficiency.collectivesPerPass",
  title: "Communication per pass",
  description: "A pass runs the same collective in every layer: collectives per layer × layers × the time of one.",
  symbol: "t_comm",
  latex: "t_{\\text{comm}}",
  unit: "s",
  inputs: {
    layers: { symbol: "L", unit: "layer", description: "layers" },
    perLayer: { symbol: "c_L", latex: "c_{L}", unit: "1", description: "collectives per layer" },
    seconds: { symbol: "t_1", latex: "t_{1}", unit: "s", description: "time of one collective" },
  },
  expr: (x) => mul(x.layers, x.perLayer, x.seconds),
  sources: [{ title: "Shoeybi et al., Megatron-LM (arXiv:1909.08053): two all-reduces per transformer layer in the forward pass", url: "https://arxiv.org/abs/1909.08053" }],
});

// ---- MoE: the busiest chip -------------------------------------------------------------------------

export const busiestChipExpertPairs = defineFormula({
  id: "moe.busiestChipTokens",
  title: "Token-expert pairs on the busiest chip",
  description:
    "Balls into bins: T·k token-expert pairs land uniformly on G expert-parallel chips; the fullest chip holds the mean plus √(2·mean·ln G), and never more than T·min(k, E/G).",
  symbol: "m_max",
  latex: "m_{\\max}",
  unit: "token",
  inputs: {
    tokens: { symbol: "T", unit: "token", description: "tokens in the pass" },
    expertsPerToken: { symbol: "k", unit: "expert", description: "routed experts per token" },
    routedExperts: { symbol: "E", unit: "expert", description: "routed experts per layer" },
    expertParallel: { symbol: "G", unit: "chip", description: "chips the experts are spread over (expert parallelism)" },
  },
  expr: (x) => {
    const mean = div(mul(x.tokens, x.expertsPerToken), x.expertParallel);
    return min(mul(x.tokens, min(x.expertsPerToken, div(x.routedExperts, x.expertParallel))), add(mean, sqrt(mul(2, mean, ln(x.expertParallel)))));
  },
  sources: [BALLS_INTO_BINS],
  assumptions: ["uniform, independent routing (a trained router is more skewed: this is a floor on the imbalance, not the worst case)"],
});

export const busiestChipExpertsTouched = defineFormula({
  id: "moe.busiestChipExpertsTouched",
  title: "Experts touched on the busiest chip",
  description:
    "Each chip holds E/G experts, each touched with probability p = 1−(1−k/E)^T. The busiest of G chips touches the mean (E/G)·p plus √(2 ln G) standard deviations, at least one and at most all E/G.",
  symbol: "e_max",
  latex: "e_{\\max}",
  unit: "expert",
  inputs: {
    expertsTouched: { symbol: "E_touched", latex: "E_{\\text{touched}}", unit: "expert", description: "experts touched per layer, all chips together (E·p)" },
    routedExperts: { symbol: "E", unit: "expert", description: "routed experts per layer" },
    expertParallel: { symbol: "G", unit: "chip", description: "chips the experts are spread over" },
  },
  expr: (x) => {
    const perChip = div(x.routedExperts, x.expertParallel);
    const p = div(x.expertsTouched, x.routedExperts);
    const mean = mul(perChip, p);
    const sd = sqrt(mul(perChip, p, sub(1, p)));
    return min(perChip, max(min(1, x.expertsTouched), add(mean, mul(sd, sqrt(mul(2, ln(x.expertParallel)))))));
  },
  sources: [BALLS_INTO_BINS],
  assumptions: ["experts touched independently (a normal approximation to the maximum of G binomials)"],
});

export const busiestChipExpertComputeSeconds = defineFormula({
  id: "moe.busiestChipComputeSeconds",
  title: "Expert compute time (busiest chip)",
  description: "The routed experts' arithmetic on the chip with the most token-expert pairs, its expert group split over N/G chips by tensor parallelism.",
  symbol: "t_exp,c",
  latex: "t_{\\text{exp},c}",
  unit: "s",
  inputs: {
    moeLayers: { symbol: "n_moe", latex: "n_{\\text{moe}}", unit: "layer", description: "layers with routed experts" },
    paramsPerExpert: { symbol: "N_exp", latex: "N_{\\text{exp}}", unit: "param", description: "parameters of one expert" },
    busiestPairs: { symbol: "m_max", latex: "m_{\\max}", unit: "token", description: "token-expert pairs on the busiest chip group" },
    chips: { symbol: "N", unit: "chip", description: "chips" },
    expertParallel: { symbol: "G", unit: "chip", description: "expert-parallel groups" },
    peakFlopsPerSecond: { symbol: "F", unit: "FLOP/s", description: "dense peak FLOP/s per chip" },
    efficiency: { symbol: "η_mm", latex: "\\eta_{\\text{mm}}", unit: "1", description: "expert matmul efficiency at its tokens per expert" },
  },
  expr: (x) => div(mul(2, x.moeLayers, x.paramsPerExpert, x.busiestPairs, x.expertParallel), mul(x.chips, x.peakFlopsPerSecond, x.efficiency)),
  sources: [BALLS_INTO_BINS],
});

export const busiestChipExpertReadSeconds = defineFormula({
  id: "moe.busiestChipReadSeconds",
  title: "Expert weight-read time (busiest chip)",
  description: "The touched experts' weights on the chip that touches the most, its expert group split over N/G chips.",
  symbol: "t_exp,m",
  latex: "t_{\\text{exp},m}",
  unit: "s",
  inputs: {
    moeLayers: { symbol: "n_moe", latex: "n_{\\text{moe}}", unit: "layer", description: "layers with routed experts" },
    paramsPerExpert: { symbol: "N_exp", latex: "N_{\\text{exp}}", unit: "param", description: "parameters of one expert" },
    busiestTouched: { symbol: "e_max", latex: "e_{\\max}", unit: "expert", description: "experts touched on the busiest chip group" },
    bytesPerWeight: { symbol: "b_w", latex: "b_{w}", unit: "B/param", description: "bytes per weight" },
    chips: { symbol: "N", unit: "chip", description: "chips" },
    expertParallel: { symbol: "G", unit: "chip", description: "expert-parallel groups" },
    bandwidthBytesPerSecond: { symbol: "BW", unit: "B/s", description: "HBM bandwidth per chip" },
    efficiency: { symbol: "η_HBM", latex: "\\eta_{\\text{HBM}}", unit: "1", description: "achieved fraction of HBM bandwidth" },
  },
  expr: (x) => div(mul(x.moeLayers, x.paramsPerExpert, x.busiestTouched, x.bytesPerWeight, x.expertParallel), mul(x.chips, x.bandwidthBytesPerSecond, x.efficiency)),
  sources: [BALLS_INTO_BINS],
});

export const busiestChipTokensPerExpert = defineFormula({
  id: "moe.busiestChipTokensPerExpert",
  title: "Tokens per expert on the busiest chip",
  description:
    "Rows of one expert's multiply on the busiest chip: its token-expert pairs shared over the experts it touches (not the thinner mean over all chips).",
  symbol: "m_e,max",
  latex: "m_{e,\\max}",
  unit: "token",
  inputs: {
    busiestPairs: { symbol: "m_max", latex: "m_{\\max}", unit: "token", description: "token-expert pairs on the busiest chip" },
    busiestTouched: { symbol: "e_max", latex: "e_{\\max}", unit: "expert", description: "experts the busiest chip touches" },
  },
  expr: (x) => div(x.busiestPairs, max(1, x.busiestTouched)),
  sources: [BALLS_INTO_BINS],
  assumptions: ["the busiest chip's pairs spread evenly over the experts it touches"],
});

// ---- The expected pass -------------------------------------------------------------------------------

export const expectedStepSeconds = defineFormula({
  id: "efficiency.expectedStepSeconds",
  title: "Expected step time",
  description:
    "The dense matmuls, the routed experts (busiest chip) and attention each take their own roofline at achieved efficiencies; add the fixed time per pass and the exposed communication.",
  symbol: "t_step,exp",
  latex: "t_{\\text{step,exp}}",
  unit: "s",
  inputs: {
    denseSeconds: { symbol: "t_dense", latex: "t_{\\text{dense}}", unit: "s", description: "dense matmuls: max(compute, weight reads)" },
    expertSeconds: { symbol: "t_exp", latex: "t_{\\text{exp}}", unit: "s", description: "routed experts on the busiest chip: max(compute, weight reads)" },
    attentionSeconds: { symbol: "t_attn", latex: "t_{\\text{attn}}", unit: "s", description: "attention: max(compute, KV reads, its kernel's floor per layer)" },
    fixedSeconds: { symbol: "t_fixed", latex: "t_{\\text{fixed}}", unit: "s", description: "fixed time per pass" },
    commSeconds: { symbol: "t_comm", latex: "t_{\\text{comm}}", unit: "s", description: "exposed communication" },
    hostSeconds: { symbol: "t_host", latex: "t_{\\text{host}}", unit: "s", description: "host work per step, not hidden" },
  },
  expr: (x) => add(x.denseSeconds, x.expertSeconds, x.attentionSeconds, x.fixedSeconds, x.commSeconds, x.hostSeconds),
  sources: [WAVE_QUANTIZATION, cribSheet("principle 8: overlap turns compute + comms into max(compute, comms), and the last chunk's all-reduce is always exposed")],
  assumptions: ["kernels run one after another; a kernel's compute and memory traffic overlap, kernels do not"],
});

export const expectedOverIdeal = defineFormula({
  id: "efficiency.expectedOverIdeal",
  title: "Expected over ideal",
  description: "How many times the ideal roofline's step time the expected step takes (≥ 1: the ideal is a bound).",
  symbol: "r_exp",
  latex: "r_{\\text{exp}}",
  unit: "1",
  inputs: {
    expectedSeconds: { symbol: "t_step,exp", latex: "t_{\\text{step,exp}}", unit: "s", description: "expected step time" },
    idealSeconds: { symbol: "t_step", latex: "t_{\\text{step}}", unit: "s", description: "ideal (roofline) step time" },
  },
  expr: ({ expectedSeconds, idealSeconds }) => div(expectedSeconds, idealSeconds),
  sources: [WAVE_QUANTIZATION],
});

export const MMA_SHAPES: SourceRef = {
  title: "NVIDIA PTX mma m16n8k16, AMD CDNA3 MFMA 16×16×16: 16-row smallest tile",
  url: "https://docs.nvidia.com/cuda/parallel-thread-execution/index.html#warp-level-matrix-instructions-mma",
};

export const tileRowsForShape = defineFormula({
  id: "efficiency.tileRows",
  title: "GEMM tile rows for M rows",
  description:
    "Whole 16-row matrix instructions covering the rows, up to the chip's large tile: decode pads to 16 rows, wide passes run large tiles.",
  symbol: "t_M",
  latex: "t_{M}",
  unit: "token",
  inputs: {
    rows: { symbol: "M", unit: "token", description: "rows of the multiply (tokens)" },
    minTileRows: { symbol: "t_min", latex: "t_{\\min}", unit: "token", description: "rows of the smallest matrix-instruction tile" },
    maxTileRows: { symbol: "t_max", latex: "t_{\\max}", unit: "token", description: "rows of the chip's large GEMM tile" },
  },
  expr: (x) => min(x.maxTileRows, mul(x.minTileRows, ceil(div(x.rows, x.minTileRows)))),
  sources: [MMA_SHAPES, CUTLASS_TILES],
  assumptions: ["tile heights in steps of the instruction tile up to the large tile (CUTLASS/cuBLAS/hipBLASLt offer 16- to 256-row tiles); an optimistic choice: real libraries' power-of-two tiles can pad more"],
});


export const AITER_BLOCKSCALE_GEMM: SourceRef = {
  title: "ROCm/aiter a8w8_blockscale_tuned_gemm_ds_v3.csv: AMD's FP8 GEMM times, DeepSeek TP8 shapes",
  url: "https://github.com/ROCm/aiter/blob/84493f0e5b083b02c9ff3d60961f58bae547045a/aiter/configs/model_configs/a8w8_blockscale_tuned_gemm_ds_v3.csv",
};

export const linearReadSeconds = defineFormula({
  id: "efficiency.linearReadSeconds",
  title: "Weight reads with one more linear",
  description: "Per call a fixed time, then the per-chip weight at the lesser of the HBM fraction and what its workgroups (one per N tile) draw, or split K at a cost; plus the reads before it.",
  symbol: "t_lin",
  unit: "s",
  inputs: {
    layers: { symbol: "L", unit: "layer", description: "calls" },
    outFeatures: { symbol: "N", unit: "1", description: "outputs" },
    inFeatures: { symbol: "K", unit: "1", description: "inputs" },
    outSplit: { symbol: "s_N", unit: "chip", description: "N split" },
    inSplit: { symbol: "s_K", unit: "chip", description: "K split" },
    bytesPerWeight: { symbol: "b", unit: "B", description: "per weight" },
    bandwidthBytesPerSecond: { symbol: "BW", unit: "B/s", description: "HBM" },
    hbmFraction: { symbol: "η", unit: "1", description: "HBM fraction" },
    workgroupBytesPerSecond: { symbol: "β", unit: "B/s", description: "per workgroup" },
    tileCols: { symbol: "t_N", unit: "1", description: "N per workgroup" },
    callSeconds: { symbol: "t_0", unit: "s", description: "per call" },
    splitKSeconds: { symbol: "t_s", unit: "s", description: "split-K extra" },
    splitK: { symbol: "k", unit: "1", description: "K splits" },
    before: { symbol: "t_<", unit: "s", description: "reads before" },
  },
  expr: (x) => {
    const n = div(x.outFeatures, x.outSplit);
    const bytes = mul(n, div(x.inFeatures, x.inSplit), x.bytesPerWeight);
    const bw = mul(x.bandwidthBytesPerSecond, x.hbmFraction);
    const wg = mul(ceil(div(n, x.tileCols)), x.workgroupBytesPerSecond);
    return add(x.before, mul(x.layers, add(x.callSeconds, min(div(bytes, min(bw, wg)), add(x.splitKSeconds, div(bytes, min(bw, mul(x.splitK, wg))))))));
  },
  sources: [AITER_BLOCKSCALE_GEMM, MLA_REPLICATED],
  assumptions: ["no table: t_0 = t_s = 0, β = BW"],
});

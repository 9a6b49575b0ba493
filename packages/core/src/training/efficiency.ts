/**
 * The expected-efficiency terms of a training step: what fraction of a chip's peak the matmuls reach,
 * what fraction of a link's bandwidth a collective reaches, the fixed latency of a collective, and how
 * much communication hides under compute. Each is a Quantity with its origin: fitted ones name the fit
 * (scripts/fit-training.ts over the public training rows in data/measurements/, leave-one-source-out
 * error reported beside them), the others a source.
 *
 * Kept in one place so that the efficiency model of packages/core/src/efficiency/ (matmul-shape
 * efficiency, collective latency and bandwidth, per-chip constants) can replace these terms one by one.
 */
import type { Quantity } from "../formula/formula.ts";
import type { SourceRef } from "../sources.ts";
import { TRAINING_FIT } from "./fitted.ts";

export interface TrainEfficiency {
  /** Fraction of dense peak the training matmuls reach at 16-bit precision (BF16/FP16). */
  matmul16: Quantity;
  /** The same for FP8 training (GEMMs in FP8 against the FP8 peak; attention and casts stay 16-bit). */
  matmul8: Quantity;
  /** Fraction of the 16-bit peak fused attention reaches, forward and backward together. */
  attention: Quantity;
  /** Fraction of HBM bandwidth reached by streaming kernels (weight reads, optimizer update). */
  hbm: Quantity;
  /** Fraction of a link's bandwidth a collective reaches (NCCL bus bandwidth ÷ link bandwidth). */
  network: Quantity;
  /** Fixed latency per collective inside the scale-up domain, and across it. */
  latencyScaleUpSeconds: Quantity;
  latencyScaleOutSeconds: Quantity;
  /** Share of tensor-parallel and expert communication left exposed (not overlapped with compute). */
  tensorExposed: Quantity;
  expertExposed: Quantity;
  /** Share of the overlappable compute that actually hides data-parallel communication. */
  dataParallelOverlap: Quantity;
  /** Kernels per layer (forward + backward), extra kernels per MoE layer, and the gap per kernel. */
  kernelsPerLayer: Quantity;
  kernelsPerMoeLayer: Quantity;
  kernelGapSeconds: Quantity;
  /** Share of HBM a training job can use (allocator fragmentation, workspaces, framework reserve). */
  usableMemory: Quantity;
}

const NCCL_TESTS: SourceRef = { title: "NVIDIA nccl-tests: bus bandwidth of all-reduce/all-gather reaches ~80–90% of NVLink and InfiniBand link rates at large sizes", url: "https://github.com/NVIDIA/nccl-tests/blob/master/doc/PERFORMANCE.md" };
const STREAM: SourceRef = { title: "Jia et al., Dissecting the NVIDIA Hopper architecture through microbenchmarking (arXiv:2402.13499): streaming kernels reach ~90% of HBM3 bandwidth", url: "https://arxiv.org/abs/2402.13499" };
const MEGATRON_OVERLAP: SourceRef = { title: "Megatron Core: gradient reduce-scatter and parameter all-gather overlapped with backward/forward compute (--overlap-grad-reduce, --overlap-param-gather)", url: "https://docs.nvidia.com/megatron-core/developer-guide/latest/api-guide/dist_optimizer.html" };
const KERNELS: SourceRef = { title: "Megatron Core TransformerLayer (Transformer Engine fused norm+linear, fused attention, fused SwiGLU): ~10 kernels per layer forward", url: "https://github.com/NVIDIA/Megatron-LM/blob/main/megatron/core/transformer/transformer_layer.py" };
const MOE_KERNELS: SourceRef = { title: "Megatron Core MoELayer: router, token dispatcher (permute, all-to-all, unpermute), grouped-GEMM experts", url: "https://github.com/NVIDIA/Megatron-LM/tree/main/megatron/core/transformer/moe" };
const FLASH_ATTENTION: SourceRef = { title: "Shah et al., FlashAttention-3 (arXiv:2407.08608): 740 TFLOP/s forward (75% of H100 BF16 peak), backward 1.5–1.75× slower than forward; Dao, FlashAttention-2 (arXiv:2307.08691)", url: "https://arxiv.org/abs/2407.08608" };
const PYTORCH_MEMORY: SourceRef = { title: "PyTorch CUDA caching allocator: fragmentation and reserved-but-unallocated memory (torch.cuda.memory docs)", url: "https://pytorch.org/docs/stable/notes/cuda.html#memory-management" };

function fitted(name: keyof typeof TRAINING_FIT.parameters): Quantity {
  const p = TRAINING_FIT.parameters[name];
  return {
    value: p.value,
    origin: {
      kind: "default",
      reason: `fitted by scripts/fit-training.ts (${TRAINING_FIT.date}) to ${TRAINING_FIT.rows} training rows of ${TRAINING_FIT.sources} public source(s) in data/measurements/; ${p.note}; held-out (leave-one-${TRAINING_FIT.loso.groupedBy}-out) median |error| on MFU ${(TRAINING_FIT.loso.medianAbsError * 100).toFixed(1)}%`,
    },
  };
}

function sourced(value: number, reason: string, source: SourceRef): Quantity {
  return { value, origin: { kind: "constant", reason, source } };
}

/** The default expected efficiencies; `overrides` replace single terms (flags, page controls). */
export function trainEfficiency(overrides: Partial<TrainEfficiency> = {}): TrainEfficiency {
  return {
    matmul16: fitted("matmul16"),
    matmul8: fitted("matmul8"),
    attention: sourced(0.5, "FlashAttention-3 reaches ~75% of H100's BF16 peak forward and about two-thirds of that backward; FlashAttention-2 35–73%: half of peak over forward and backward", FLASH_ATTENTION),
    hbm: sourced(0.9, "streaming kernels reach ~90% of HBM bandwidth", STREAM),
    network: sourced(0.8, "collectives reach ~80% of the link rate at large message sizes", NCCL_TESTS),
    latencyScaleUpSeconds: sourced(10e-6, "~10 µs per NVLink/ICI collective at small sizes", NCCL_TESTS),
    latencyScaleOutSeconds: sourced(30e-6, "~30 µs per collective across nodes (InfiniBand/RoCE)", NCCL_TESTS),
    tensorExposed: fitted("tensorExposed"),
    expertExposed: fitted("expertExposed"),
    kernelsPerLayer: sourced(30, "~10 kernels per layer forward (norm, QKV, rotary, attention, output projection, residual+norm, gate/up, activation, down) and twice as many backward", KERNELS),
    kernelsPerMoeLayer: sourced(30, "~10 more per MoE layer forward (router matmul, top-k, permute, all-to-all, grouped matmuls, unpermute, combine) and twice as many backward", MOE_KERNELS),
    kernelGapSeconds: fitted("kernelGapSeconds"),
    dataParallelOverlap: sourced(0.9, "gradient buckets reduce while the last backward runs; the first and last buckets stay exposed", MEGATRON_OVERLAP),
    usableMemory: sourced(0.9, "~10% of HBM goes to the CUDA context, allocator fragmentation and workspaces", PYTORCH_MEMORY),
    ...overrides,
  };
}

/**
 * The ideal training step's terms: every one at its most optimistic — matmuls, attention, HBM and links at
 * their peak, no latency per collective or gap per kernel, tensor-parallel and expert traffic hidden under
 * compute, the gradient reduction hidden under the last backward. The same layout, FLOP, bytes and pipeline
 * bubble as the expected step, so the ideal step is a bound on it (never slower). Memory is not a time:
 * the usable share of HBM stays the expected one.
 */
export function idealTrainEfficiency(): TrainEfficiency {
  const ideal = (value: number, what: string): Quantity => ({ value, origin: { kind: "default", reason: `the ideal training step, a bound: ${what}` } });
  const expected = trainEfficiency();
  return {
    ...expected,
    matmul16: ideal(1, "matmuls at the dense BF16 peak"),
    matmul8: ideal(1, "matmuls at the dense FP8 peak"),
    attention: ideal(1, "attention at the dense peak"),
    hbm: ideal(1, "HBM at its full bandwidth"),
    network: ideal(1, "collectives at the full link rate"),
    latencyScaleUpSeconds: ideal(0, "no latency per collective"),
    latencyScaleOutSeconds: ideal(0, "no latency per collective"),
    tensorExposed: ideal(0, "tensor-parallel communication hidden under compute"),
    expertExposed: ideal(0, "the expert all-to-all hidden under compute"),
    kernelGapSeconds: ideal(0, "no gap between kernels"),
    dataParallelOverlap: ideal(1, "the gradient reduction hidden under the last backward"),
  };
}

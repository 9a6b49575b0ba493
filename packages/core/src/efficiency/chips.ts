/**
 * Per-chip efficiency constants: compute units and GEMM tile shapes (vendor documents), the fraction of
 * HBM bandwidth streaming reaches, the fraction of peak a large matrix multiply reaches, attention
 * kernels' efficiency, the gap per kernel launch and the latency of one collective. Each value is a
 * Quantity with its origin: a vendor document or microbenchmark paper, or the fit
 * (scripts/fit-efficiency.ts on data/measurements, its row count and date in the origin).
 */
import type { HardwareSpec } from "../catalog/hardware.ts";
import type { Quantity } from "../formula/formula.ts";
import type { SourceRef } from "../sources.ts";
import { EFFICIENCY_FIT } from "./fitted.ts";
import type { ModelSpec } from "../model/model.ts";
import { AITER_BLOCKSCALE_GEMM, AITER_MLA_FLOOR, AITER_MLA_SPLITS, CUTLASS_TILES, FLASH_ATTENTION_2, FLASH_ATTENTION_3, MMA_SHAPES, VLLM_DEEPSEEK_LAYER, VLLM_FUSED_MOE, VLLM_LLAMA_LAYER } from "./formulas.ts";

export type FittedParameter = keyof typeof EFFICIENCY_FIT.parameters;
export const FITTED_PARAMETERS = Object.keys(EFFICIENCY_FIT.parameters) as FittedParameter[];
export type FitValues = Record<FittedParameter, number>;

export interface ChipEfficiency {
  hardwareId: string;
  /** Streaming multiprocessors (NVIDIA) or compute units (AMD). */
  computeUnits: Quantity;
  /** GEMM tile: rows (tokens) of the large tile, of the smallest (matrix-instruction) tile, and output features. */
  tileRows: Quantity;
  minTileRows: Quantity;
  tileCols: Quantity;
  /** Fraction of peak a large, well-shaped matrix multiply reaches. */
  matmul: Quantity;
  /** Fraction of HBM bandwidth streaming weight reads reach (sourced per chip generation, not fitted). */
  hbm: Quantity;
  /** Fraction of HBM bandwidth decode attention reaches reading a paged KV cache, relative to streaming. */
  kvRead: Quantity;
  /** Least device time of one MLA decode attention call (a layer's), where a kernel microbenchmark measured it; else 0. */
  mlaDecodeFloorSeconds: Quantity;
  /**
   * The same for MLA's latent cache where a kernel microbenchmark on the chip's generation timed it (CDNA 3: AITER, a
   * BF16 latent); elsewhere kvRead itself (the same object). Either way the expected step reads a latent of other bytes
   * per value at the BF16 kernel's tokens per second (this fraction × bytes ÷ 2): on CDNA 3 AITER's FP8 timing supports
   * it; elsewhere no FP8 MLA decode timing was read, and it is a default chosen on the measurements (expected.ts).
   */
  mlaKvRead: Quantity;
  /** KV splits per sequence AITER's MLA decode deals out over the CUs (gfx942: a constant 16); 0 where none was read (no occupancy term). */
  mlaDecodeSplits: Quantity;
  /** Fraction of peak FLOP/s prefill attention (FlashAttention-class kernels) reaches. */
  attentionPrefill: Quantity;
  /** The same for MLA's prefill attention where a kernel benchmark timed it on the chip's generation; else attentionPrefill itself. */
  mlaPrefillAttention: Quantity;
  /** Fraction of the FP4 peak a fused NVFP4 MoE (routed experts) reaches in prefill, where a kernel benchmark timed it; else null (the fitted matmul). */
  fp4MoePrefill: Quantity | null;
  /** The gap per kernel (launch, dependency wait); kernels per layer come from the model's structure (layerKernelCounts). */
  launchSeconds: Quantity;
  /** Fixed latency of one collective inside the scale-up domain, and across it. */
  collectiveLatencySeconds: Quantity;
  scaleOutLatencySeconds: Quantity;
  /** Host (CPU) time per sequence per step the GPU waits for. */
  hostSecondsPerSequence: Quantity;
  /** Fraction of the link rate a collective reaches. */
  linkEfficiency: Quantity;
  /**
   * Thin memory-bound linears (efficiency.linearReadSeconds): fixed time per call, extra time of a split-K call, output
   * features per workgroup, K splits and what one workgroup draws — from a kernel table where one was read for the chip;
   * elsewhere 0 s, 0 s, 64, 1 and the chip's whole bandwidth, so the linears stream at the HBM fraction.
   */
  linearCallSeconds: Quantity;
  linearSplitKSeconds: Quantity;
  linearTileCols: Quantity;
  linearSplitK: Quantity;
  workgroupBytesPerSecond: Quantity;
}

type ThinLinearConstants = Pick<ChipEfficiency, "linearCallSeconds" | "linearSplitKSeconds" | "linearTileCols" | "linearSplitK" | "workgroupBytesPerSecond">;

/**
 * Fitted to AITER's tuned CK block-scale FP8 GEMMs on gfx942 (cu_num 304, MI300X), DeepSeek-V3 TP8 shapes, every row
 * with M ≤ 64 (57 rows, 12 N×K shapes): least squared log error of efficiency.linearReadSeconds on a grid (0.25 µs,
 * 1 GB/s, 0.5 µs), tiles 64 wide (the kernels' N tile), split-K 8 (2^3, the table's largest). core/test/thin-linear.test.ts
 * quotes the rows and refits. Median |error| 8.4%, p90 21%.
 */
export const AITER_GFX942_THIN_LINEAR = { callMicroseconds: 2.5, workgroupGBps: 21, splitKMicroseconds: 7, tileCols: 64, splitK: 8, rows: 57 } as const;

// MI355X (gfx950) takes no table: AITER's gfx950 table is as slow for these shapes as gfx942's, but the measured MI355X rows are not.
function thinLinear(h: HardwareSpec): ThinLinearConstants {
  const c = AITER_GFX942_THIN_LINEAR;
  const gfx942 = h.id === "amd-mi300x" || h.id === "amd-mi325x";
  const q = (value: number, what: string): Quantity =>
    h.id === "amd-mi300x"
      ? sourced(value, `${what}, fitted to ${c.rows} rows of AITER's gfx942 table`, AITER_BLOCKSCALE_GEMM)
      : { value, origin: { kind: "default", reason: gfx942 ? `${what}: MI300X's stands in (same gfx942 kernels)` : `no GEMM table used for ${h.name}: linears stream at the HBM fraction` } };
  return {
    workgroupBytesPerSecond: q(gfx942 ? c.workgroupGBps * 1e9 : (h.hbmBytesPerSecond.value ?? 0), `${c.workgroupGBps} GB/s per workgroup`),
    linearCallSeconds: q(gfx942 ? c.callMicroseconds * 1e-6 : 0, `${c.callMicroseconds} µs per call`),
    linearSplitKSeconds: q(gfx942 ? c.splitKMicroseconds * 1e-6 : 0, `${c.splitKMicroseconds} µs more per split-K call`),
    linearTileCols: q(c.tileCols, `${c.tileCols} output features per workgroup`),
    linearSplitK: q(gfx942 ? c.splitK : 1, `K split ${c.splitK} ways`),
  };
}

const H100_WHITEPAPER: SourceRef = { title: "NVIDIA H100 Tensor Core GPU Architecture whitepaper: 132 SMs (SXM5), 114 SMs (PCIe)", url: "https://resources.nvidia.com/en-us-tensor-core" };
const A100_WHITEPAPER: SourceRef = { title: "NVIDIA A100 Tensor Core GPU Architecture whitepaper: 108 SMs", url: "https://images.nvidia.com/aem-dam/en-zz/Solutions/data-center/nvidia-ampere-architecture-whitepaper.pdf" };
const BLACKWELL_WHITEPAPER: SourceRef = { title: "NVIDIA Blackwell architecture technical brief: B200 has 148 SMs across two dies", url: "https://resources.nvidia.com/en-us-blackwell-architecture" };
const BLACKWELL_ULTRA_BLOG: SourceRef = { title: "NVIDIA blog, Inside Blackwell Ultra (2025-08): 160 SMs (full GPU)", url: "https://developer.nvidia.com/blog/inside-nvidia-blackwell-ultra-the-chip-powering-the-ai-factory-era" };
const MI300_WHITEPAPER: SourceRef = { title: "AMD CDNA 3 architecture whitepaper: MI300X/MI325X have 304 compute units", url: "https://www.amd.com/content/dam/amd/en/documents/instinct-tech-docs/white-papers/amd-cdna-3-white-paper.pdf" };
const MI355_DATASHEET: SourceRef = { title: "AMD Instinct MI355X datasheet: 256 compute units (CDNA 4)", url: "https://www.amd.com/en/products/accelerators/instinct/mi350/mi355x.html" };
const H20_BRIEF: SourceRef = { title: "NVIDIA H20: 78 SMs (press reports of its specification)", url: "https://www.nvidia.com/en-us/data-center/h100/" };
const HIPBLASLT_TILES: SourceRef = { title: "AMD ROCm MI300 GEMM tuning guide: hipBLASLt/CK macro tiles 256×256", url: "https://rocm.docs.amd.com/en/latest/how-to/rocm-for-ai/inference-optimization/workload.html" };

const COMPUTE_UNITS: Record<string, [number, SourceRef]> = {
  "nvidia-a100-sxm4-40gb": [108, A100_WHITEPAPER],
  "nvidia-a100-sxm4-80gb": [108, A100_WHITEPAPER],
  "nvidia-h100-sxm5-80gb": [132, H100_WHITEPAPER],
  "nvidia-h100-pcie-80gb": [114, H100_WHITEPAPER],
  "nvidia-h200-sxm-141gb": [132, H100_WHITEPAPER],
  "nvidia-h20-96gb": [78, H20_BRIEF],
  "nvidia-b200-hgx": [148, BLACKWELL_WHITEPAPER],
  "nvidia-gb200-nvl72": [148, BLACKWELL_WHITEPAPER],
  "nvidia-b300-hgx": [160, BLACKWELL_ULTRA_BLOG],
  "nvidia-gb300-nvl72": [160, BLACKWELL_ULTRA_BLOG],
  "amd-mi300x": [304, MI300_WHITEPAPER],
  "amd-mi325x": [304, MI300_WHITEPAPER],
  "amd-mi355x": [256, MI355_DATASHEET],
};

/**
 * vLLM's kernel benchmarks on one GB200 for DeepSeek-R1 (2,048-token sequences; figures of the post): MLA prefill
 * (FlashInfer trtllm_ragged_prefill) 9.76M tokens/s at 65,536 tokens, and the NVFP4 MoE layer (flashinfer_trtllm_nvfp4,
 * 256 experts, top-8) 4.63M tokens/s at 131,072: the largest batches timed, where both plateau. As fractions of GB200's
 * dense BF16 and FP4 peaks (each token's causal attention FLOP, and its 8 experts' FLOP, in one layer):
 * core/test/blackwell-prefill.test.ts recomputes both from the points, the model's FLOP and the catalog's peaks. Other
 * Blackwell chips take GB200's fractions, labelled as stand-ins.
 */
export const VLLM_GB200_KERNELS: SourceRef = { title: "vLLM blog, GB200 Part I: MLA prefill and NVFP4 MoE kernels", url: "https://blog.vllm.ai/2026/02/03/dsr1-gb200-part1.html" };
/** [tokens timed, tokens per second, the fraction it is]. */
export const GB200_PREFILL_KERNELS = { mla: [65536, 9.76e6, 0.328], moe: [131072, 4.63e6, 0.326] } as const;

/** GB200's measured fraction on a Blackwell chip (a labelled stand-in on the others); null off Blackwell. */
function gb200Kernel(h: HardwareSpec, gen: ReturnType<typeof generation>, k: "mla" | "moe"): Quantity | null {
  if (gen !== "blackwell") return null;
  const [n, r, f] = GB200_PREFILL_KERNELS[k];
  const how = `GB200, ${r / 1e6}M tok/s at ${n}`;
  return h.id === "nvidia-gb200-nvl72" ? sourced(f, how, VLLM_GB200_KERNELS) : { value: f, origin: { kind: "default", reason: `${how} stands in` } };
}

/** Prefill attention kernels' fraction of peak, where a paper measured it on the chip's generation. */
const ATTENTION: Record<string, [number, string, SourceRef]> = {
  hopper: [0.75, "740 of 989 TFLOP/s (75%)", FLASH_ATTENTION_3],
  ampere: [0.6, "the middle of 50–73%", FLASH_ATTENTION_2],
};

export function generation(h: HardwareSpec): "hopper" | "ampere" | "blackwell" | "cdna" | "other" {
  const a = `${h.architecture} ${h.id}`.toLowerCase();
  if (a.includes("hopper") || /h100|h200|h20/.test(a)) return "hopper";
  if (a.includes("ampere") || a.includes("a100")) return "ampere";
  if (a.includes("blackwell") || /b200|b300|gb200|gb300/.test(a)) return "blackwell";
  if (a.includes("cdna") || a.includes("mi3")) return "cdna";
  return "other";
}

function sourced(value: number, reason: string, source: SourceRef): Quantity {
  return { value, origin: { kind: "constant", reason, source } };
}

/** DeepSeek's FlashMLA decode kernel, a paged-KV streaming read in production serving, measured on an H800 SXM5 (3.35 TB/s HBM3, the H100 SXM's memory). */
export const FLASH_MLA_BANDWIDTH: SourceRef = {
  title: "DeepSeek FlashMLA README: up to 3000 GB/s memory-bound on H800 SXM5 (3.35 TB/s HBM3)",
  url: "https://github.com/deepseek-ai/FlashMLA",
};
const FLASH_MLA_GBPS = 3000;
const H800_PEAK_GBPS = 3350;

/**
 * AMD MI300X memory bandwidth measured with BabelStream: 81% of the 5.3 TB/s peak (NVIDIA chips in the same study up
 * to ~90%). Ambati et al., "AMD MI300X GPU Performance Analysis", arXiv:2510.27583 (2025-10-31).
 */
export const MI300X_BABELSTREAM: SourceRef = {
  title: "Ambati et al., AMD MI300X GPU Performance Analysis (arXiv:2510.27583): BabelStream 81% of 5.3 TB/s",
  url: "https://arxiv.org/abs/2510.27583",
};
export const MI300X_STREAM_FRACTION = 0.81;

/**
 * Fraction of HBM bandwidth streaming reads reach on this chip: a microbenchmark of the chip's generation where one
 * was read (Hopper: FlashMLA on H800; CDNA 3: BabelStream on MI300X), otherwise the nearest measured chip's figure,
 * labelled as a stand-in (AMD chips: MI300X's; others: Hopper's). Not fitted.
 */
function hbmFraction(h: HardwareSpec, gen: ReturnType<typeof generation>): Quantity {
  const f = FLASH_MLA_GBPS / H800_PEAK_GBPS;
  if (gen === "hopper") return sourced(f, `${FLASH_MLA_GBPS} of ${H800_PEAK_GBPS} GB/s on H800 (Hopper)`, FLASH_MLA_BANDWIDTH);
  if (h.id === "amd-mi300x") return sourced(MI300X_STREAM_FRACTION, MI300X_BABELSTREAM.title, MI300X_BABELSTREAM);
  const amd = gen === "cdna";
  return {
    value: amd ? MI300X_STREAM_FRACTION : f,
    origin: {
      kind: "default",
      reason: `no HBM microbenchmark read for ${h.name}: ${amd ? "MI300X's measured 81% (BabelStream)" : `H800's measured ${(f * 100).toFixed(1)}% (FlashMLA, ${FLASH_MLA_GBPS} of ${H800_PEAK_GBPS} GB/s)`} stands in`,
    },
  };
}

/**
 * AMD's AITER MLA decode kernel (mla_decode_fwd, the kernel SGLang and vLLM run for DeepSeek on ROCm) timed on one
 * MI300X against context length: batch 128, 128 heads, a BF16 latent cache of 576 values per token (1,152 B), page
 * size 1 — 0.68 ms at 1,024 tokens of context and 1.43 ms at 8,192 (the tutorial's figure, AITER column).
 */
export const AITER_MLA_DECODE: SourceRef = {
  title: "AITER MLA decode tutorial (AMD, 2025-07-30): MI300X, batch 128, BF16: 0.68 ms at 1,024 tokens, 1.43 ms at 8,192",
  url: "https://rocm.docs.amd.com/projects/ai-developer-hub/en/v5.1/notebooks/gpu_dev_optimize/aiter_mla_decode_kernel.html",
};

/** The tutorial's measurement: batch, bytes per cached token, and (context, seconds) at the two ends of its range. */
export const AITER_MLA_DECODE_POINTS = { batch: 128, bytesPerToken: 576 * 2, from: [1024, 0.68e-3], to: [8192, 1.43e-3], peakBytesPerSecond: 5.3e12 } as const;

/** Bandwidth the AITER MLA decode kernel adds per extra byte of context: the slope between the tutorial's ends (the fixed part of a call is not a bandwidth). */
export function aiterMlaDecodeBytesPerSecond(): number {
  const p = AITER_MLA_DECODE_POINTS;
  return (p.batch * (p.to[0] - p.from[0]) * p.bytesPerToken) / (p.to[1] - p.from[1]);
}

/** The same slope in cached tokens per second per chip (one layer's call): the rate an FP8 cache is read at too. */
export function aiterMlaDecodeTokensPerSecond(): number {
  return aiterMlaDecodeBytesPerSecond() / AITER_MLA_DECODE_POINTS.bytesPerToken;
}

/**
 * Fraction of streaming bandwidth decode attention reaches reading MLA's latent cache: on CDNA 3 the AITER kernel's
 * measured token rate at the BF16 latent it was timed with (1.41 TB/s, 27% of MI300X's 5.3: not bandwidth-bound; MI325X
 * takes MI300X's, labelled); elsewhere the paged figure (at BF16's token rate for an FP8 latent: see expected.ts) — MI355X
 * (CDNA 4) runs its own kernels, and FlashMLA's dense decode, the NVIDIA measurement, streams a BF16 latent at 90% of HBM bandwidth
 * (its FP8 cache is timed only in the sparse V3.2 kernel, compute-bound: 410 TFLOP/s on H800). AITER's own FP8 decode
 * on MI300X (ROCm/aiter #3188, 64 heads: 367 TFLOP/s at batch 128, 32k context) runs at about the BF16 kernel's
 * attention FLOP/s (341 at 128 heads): at equal heads FP8 reads ≤ 10% more tokens per second, not twice as many.
 */
function mlaKvRead(h: HardwareSpec, gen: ReturnType<typeof generation>, paged: Quantity, hbm: Quantity): Quantity {
  if (gen !== "cdna" || h.id === "amd-mi355x") return paged;
  const value = aiterMlaDecodeBytesPerSecond() / AITER_MLA_DECODE_POINTS.peakBytesPerSecond / hbm.value;
  const how = "128 × 7,168 tokens in 0.75 ms: 1.22e9 tokens/s (BF16: 1.41 TB/s)";
  if (h.id === "amd-mi300x") return sourced(value, how, AITER_MLA_DECODE);
  return { value, origin: { kind: "default", reason: `MI300X's stands in — ${how}` } };
}

function mlaFloor(h: HardwareSpec): Quantity {
  const us = h.id === "amd-mi355x" ? 12.106 : h.id === "amd-mi300x" || h.id === "amd-mi325x" ? 15.491 : 0;
  if (!us) return { value: 0, origin: { kind: "default", reason: `no MLA decode floor read for ${h.name}: the fitted launch gap stands for it` } };
  if (h.id === "amd-mi325x") return { value: us * 1e-6, origin: { kind: "default", reason: `MI300X's ${us} µs stands in (CDNA 3, the same kernel)` } };
  return sourced(us * 1e-6, `${us} µs per call`, AITER_MLA_FLOOR);
}

/**
 * nccl-tests all_reduce_perf on one 8×A100 SXM4 node: bus bandwidth at large sizes against NVLink-3's 300 GB/s per
 * direction. (The same table's 8×H100 SXM5 460–480 GB/s exceeds NVLink-4's 450: NVLink SHARP reduces inside the
 * switch, so the bus-bandwidth convention overstates the links; not used for the fraction.)
 */
export const NCCL_ALL_REDUCE_BUS_BANDWIDTH: SourceRef = {
  title: "Alaya NeW tech blog, NCCL-tests in practice (2026-05-06): all_reduce busbw 230–250 GB/s on 8×A100 (NVLink-3, 300 GB/s)",
  url: "https://docs.alayanew.com/en/docs/tech-blog/2026-05-06-nccl-tests",
};
export const NCCL_ALL_REDUCE_A100_POINTS = { busBandwidthGBps: [230, 250], linkGBps: 300 } as const;

/**
 * rccl-tests all_reduce_perf on one 8×MI300X node (float sum, one process per GPU, RCCL 2.22.3, ROCm 6.3), as AMD
 * published it with its account of xGMI: each of the seven point-to-point links is rated 64 GB/s per direction, CRC and
 * protocol leave ~48 GB/s usable (~75%), and the slowest link paces a collective, capping RCCL at 310–330 GB/s.
 */
export const ROCM_XGMI_BANDWIDTH: SourceRef = {
  title: "AMD ROCm blog (2025-03-02), RCCL and xGMI on MI300X: rccl-tests all_reduce_perf, 8 GPUs",
  url: "https://rocm.blogs.amd.com/software-tools-optimization/mi300x-rccl-xgmi/README.html",
};
/**
 * Its out-of-place times from 1 MiB (27.4 µs) to 1 GiB (5,971 µs) — the messages tensor-parallel all-reduces of a
 * serving batch carry — fitted to the all-reduce model (efficiency.allReduceSeconds: α + 2(n−1)/n · S ÷ busbw) by least
 * squares on relative error; efficiency-sources.test.ts quotes the eleven points and redoes the fit. Bus bandwidth ÷
 * link rate is what the model's η_link means: 65%, below the per-link usable share (75%) that bounds it.
 */
export const RCCL_ALL_REDUCE_MI300X_FIT = { busGBps: 292.42, latencyUs: 23.42, linkGBps: 448 } as const;

/**
 * Fraction of the link rate a large all-reduce reaches. NVIDIA fabrics: the middle of nccl-tests' measured bus bandwidth
 * over NVLink-3's rate. AMD xGMI meshes: the bus bandwidth of AMD's rccl-tests curve on MI300X over its seven links'
 * 448 GB/s (MI325X and MI355X, the same seven-link mesh, take it as a labelled stand-in).
 */
function linkEfficiency(h: HardwareSpec, gen: ReturnType<typeof generation>): Quantity {
  if (gen === "cdna") {
    const r = RCCL_ALL_REDUCE_MI300X_FIT;
    const how = `8×MI300X, 1 MiB–1 GiB, fitted: busbw ${r.busGBps} GB/s (α ${r.latencyUs} µs) of ${r.linkGBps}`;
    if (h.id === "amd-mi300x") return sourced(r.busGBps / r.linkGBps, how, ROCM_XGMI_BANDWIDTH);
    return { value: r.busGBps / r.linkGBps, origin: { kind: "default", reason: `no xGMI measurement read for ${h.name}: MI300X's stands in — ${how}` } };
  }
  const p = NCCL_ALL_REDUCE_A100_POINTS;
  const mid = (p.busBandwidthGBps[0] + p.busBandwidthGBps[1]) / 2;
  return sourced(mid / p.linkGBps, `busbw ${mid} GB/s (the middle) of NVLink-3's ${p.linkGBps}`, NCCL_ALL_REDUCE_BUS_BANDWIDTH);
}

/** A fitted parameter's Quantity: its origin names the fit (rows, sources, date) and the leave-one-source-out error. */
export function fittedQuantity(name: FittedParameter, values?: Partial<FitValues>): Quantity {
  const p = EFFICIENCY_FIT.parameters[name];
  const given = values?.[name];
  if (given !== undefined && given !== p.value) return { value: given, origin: { kind: "default", reason: `${name} set to ${given} (a refit or what-if, not the committed fit)` } };
  const loso = EFFICIENCY_FIT.loso.medianAbsError;
  return {
    value: p.value,
    origin: {
      kind: "default",
      reason:
        EFFICIENCY_FIT.rows > 0
          ? `fitted on data/measurements, ${EFFICIENCY_FIT.rows} rows of ${EFFICIENCY_FIT.sources} sources, ${EFFICIENCY_FIT.date} (scripts/fit-efficiency.ts); ${p.note}${loso !== null ? `; leave-one-source-out median |error| ${(loso * 100).toFixed(1)}%` : ""}`
          : `${p.note} (scripts/fit-efficiency.ts has not run on measurements yet)`,
    },
  };
}

/** The efficiency constants of one chip; `fit` replaces fitted values (used by the fit itself and leave-one-source-out). */
export function chipEfficiency(h: HardwareSpec, fit?: Partial<FitValues>): ChipEfficiency {
  const gen = generation(h);
  const cu = COMPUTE_UNITS[h.id];
  const computeUnits: Quantity = cu
    ? sourced(cu[0], `${cu[0]} ${gen === "cdna" ? "compute units" : "SMs"} on ${h.name}`, cu[1])
    : { value: 132, origin: { kind: "default", reason: `no compute-unit count for ${h.id}: an H100's 132 SMs stand in` } };
  const tileRows: Quantity =
    gen === "cdna"
      ? sourced(256, "hipBLASLt macro tile: 256 rows", HIPBLASLT_TILES)
      : sourced(64, "WGMMA tiles: multiples of 64 rows", CUTLASS_TILES);
  const tileCols: Quantity = gen === "cdna" ? sourced(256, "hipBLASLt macro tile: 256 columns", HIPBLASLT_TILES) : sourced(128, "a 64×128 or 128×128 CUTLASS tile: 128 output features", CUTLASS_TILES);
  const att = gen === "hopper" || gen === "ampere" ? ATTENTION[gen] : undefined;
  const attentionPrefill: Quantity = att
    ? sourced(att[0], att[1], att[2])
    : { value: 0.6, origin: { kind: "default", reason: `no attention-kernel measurement for ${h.id}: FlashAttention-2's middle on A100 (60%)`} };
  const hbm = hbmFraction(h, gen);
  const paged = sourced(0.8, "paged KV reads (16-token blocks): ~80% of streaming", { title: "Kwon et al., PagedAttention (arXiv:2309.06180): paged kernel 20–26% slower", url: "https://arxiv.org/abs/2309.06180" });
  return {
    hardwareId: h.id,
    computeUnits,
    tileRows,
    minTileRows: sourced(16, "16-row matrix instructions: the smallest tile", MMA_SHAPES),
    tileCols,
    matmul: fittedQuantity("matmul", fit),
    hbm,
    kvRead: paged,
    mlaKvRead: mlaKvRead(h, gen, paged, hbm),
    mlaDecodeFloorSeconds: mlaFloor(h),
    mlaDecodeSplits: h.id === "amd-mi300x" || h.id === "amd-mi325x" ? sourced(16, "gfx942", AITER_MLA_SPLITS) : { value: 0, origin: { kind: "default", reason: "no split rule read: no occupancy term" } },
    attentionPrefill,
    mlaPrefillAttention: gb200Kernel(h, gen, "mla") ?? attentionPrefill,
    fp4MoePrefill: gb200Kernel(h, gen, "moe"),
    launchSeconds: fittedQuantity("launchSeconds", fit),
    collectiveLatencySeconds: fittedQuantity("collectiveLatencySeconds", fit),
    hostSecondsPerSequence: fittedQuantity("hostSecondsPerSequence", fit),
    scaleOutLatencySeconds: {
      value: 30e-6,
      origin: { kind: "default", reason: "~30 µs per collective across nodes: a round figure, not a measurement read" },
    },
    linkEfficiency: linkEfficiency(h, gen),
    ...thinLinear(h),
  };
}

/** Kernels one decoder layer launches, by part, as vLLM's model code runs them (the inputs of efficiency.kernelsPerLayer). */
export interface LayerKernelCounts {
  norms: Quantity;
  attention: Quantity;
  denseFfn: Quantity;
  moeFfn: Quantity;
  moeShare: Quantity;
}

export function layerKernelCounts(model: ModelSpec): LayerKernelCounts {
  const arch = model.architecture;
  const mla = arch?.mla != null;
  const shared = (arch?.moe?.sharedExperts ?? 0) > 0;
  const layers = model.layers ?? arch?.numLayers ?? 0;
  const moeLayers = model.moe?.moeLayers ?? 0;
  return {
    norms: sourced(2, "2 norms", VLLM_LLAMA_LAYER),
    attention: mla
      ? sourced(10, "MLA decode: 10 kernels", VLLM_DEEPSEEK_LAYER)
      : sourced(5, "5 attention kernels", VLLM_LLAMA_LAYER),
    denseFfn: sourced(3, "3 feed-forward kernels", VLLM_LLAMA_LAYER),
    moeFfn: shared
      ? sourced(11, "7 routed-expert kernels, 4 for the shared experts", VLLM_DEEPSEEK_LAYER)
      : sourced(7, "7 kernels", VLLM_FUSED_MOE),
    moeShare:
      layers > 0 && moeLayers > 0
        ? { value: Math.min(1, moeLayers / layers), origin: { kind: "constant", reason: `${moeLayers} of ${layers} layers hold routed experts (${model.name})` } }
        : { value: 0, origin: { kind: "constant", reason: model.moe ? `${model.name}: no layer count, taken as dense layers` : `${model.name} has no routed experts` } },
  };
}

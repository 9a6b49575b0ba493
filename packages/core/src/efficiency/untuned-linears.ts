/**
 * Dense FP8 linears that run a GEMM library's untuned default tile (an input of the run: what its image ran).
 *
 * SGLang on ROCm sends DeepSeek's FP8 block-scaled linears to AITER's Triton `gemm_a8w8_blockscale` (sglang #13617,
 * merged 2025-11-20: "Replace aiter gemm_a8w8_blockscale with the Triton implementation"; gfx942 keeps `use_triton`
 * in aiter_w8a8_block_fp8_linear). That kernel takes its tile from a per-arch JSON; AITER v0.1.10.post3 (6a0e7b26cc,
 * the AITER SGLang v0.5.9's rocm.Dockerfile pins) has for gfx942 only the default, `any`: 128 × 128 × 128 tiles,
 * NUM_KSPLIT 1. The tuned gfx942 configs for DeepSeek's N=2112/K=7168, 3072/1536 and 7168/2048 (ROCm/aiter #2024,
 * 56055011a6, 2026-02-12: 16-wide tiles, K split up to 14 ways at decode) came after it (in v0.5.12's a6bb499).
 *
 * With one 128-row tile holding a whole decode batch (M ≤ 128), such a GEMM runs ceil(N ÷ 128) workgroups, each
 * marching through all of K alone: the weight read is paced by what one workgroup draws, not by the chip. AITER's
 * own timing of this default tile (ROCm/aiter #1232, 2025-10-21, the `before` table: the MI350X `any` config, the
 * same 128 × 128 × 128, NUM_KSPLIT 1, 4 warps, 2 stages as gfx942's, N=2112, K=7168) is 128.8 µs at M=64 and
 * 127.3 µs at M=128 — 17 workgroups, about 7 GB/s each, against 21 GB/s for the tuned gfx942 CK kernels
 * (AITER_GFX942_THIN_LINEAR). AITER's gfx942 timing of its default Triton tile for another kernel agrees (ROCm/aiter
 * #4309: batched BF16 GEMM, `any` 128×128×32, B=4, N=1024, K=4096, M=4: 143 µs, 32 workgroups of 1 MiB: 7.3 GB/s).
 *
 * v0.5.12's AITER (a6bb499) has gfx942 configs for some shapes (#2024's three among them), not for DeepSeek's dense-layer
 * FFN at TP 8 (4608 × 7168, 7168 × 2304): the row lists the tuned shapes (engine.tunedLinearShapes), the rest run `any`.
 *
 * Which linears: those SGLang runs through that GEMM — q_a/kv_a (fused), q_b, o_proj and the dense layers' FFN.
 * Not kv_b (decode multiplies by its absorbed W_UK/W_UV halves in batched GEMMs) nor the shared expert (SGLang fuses it
 * into the routed experts' MoE kernel for DeepSeek-V3/R1 on gfx942 without expert parallelism:
 * deepseek_v2.py determine_num_fused_shared_experts).
 */
import type { HardwareSpec } from "../catalog/hardware.ts";
import type { Quantity } from "../formula/formula.ts";
import type { ModelSpec } from "../model/model.ts";
import type { SourceRef } from "../sources.ts";
import { AITER_GFX942_THIN_LINEAR } from "./chips.ts";
import { mlaDenseLinears } from "./expected.ts";

export const AITER_TRITON_DEFAULT_TILE_TIMING: SourceRef = {
  title: "ROCm/aiter PR #1232: Triton FP8 block-scale GEMM, N=2112 K=7168 on the default 128×128 tile: 128.8 µs at M=64",
  url: "https://github.com/ROCm/aiter/pull/1232",
};
export const AITER_GFX942_DEFAULT_CONFIG: SourceRef = {
  title: "ROCm/aiter v0.1.10.post3: gfx942 Triton A8W8 block-scale GEMM config, only `any` (128×128×128, NUM_KSPLIT 1)",
  url: "https://github.com/ROCm/aiter/blob/6a0e7b26ccf33164785531212cc2ec2cde0b9243/aiter/ops/triton/configs/gemm/gfx942-GEMM-A8W8_BLOCKSCALE.json",
};

/** The default tile (AITER's `any`) and the timing table's rows: [M, µs] for N × K FP8 weights (1 byte each). */
export const AITER_TRITON_DEFAULT_TILE = {
  tileCols: 128,
  tileRows: 128,
  splitK: 1,
  n: 2112,
  k: 7168,
  rows: [[64, 128.799], [128, 127.317]] as readonly (readonly [number, number])[],
} as const;

/** What one workgroup of the default tile draws: the table's decode row (M=64), less the per-call time the gfx942 table gives (efficiency.linearReadSeconds's t_0). */
export function aiterDefaultTileWorkgroupBytesPerSecond(): number {
  const d = AITER_TRITON_DEFAULT_TILE;
  const [, us] = d.rows[0] as readonly [number, number];
  const workgroups = Math.ceil(d.n / d.tileCols);
  return (d.n * d.k) / (workgroups * (us - AITER_GFX942_THIN_LINEAR.callMicroseconds) * 1e-6);
}

/** The kinds (efficiency/expected.ts mlaDenseLinears) SGLang runs through the dense block-scale GEMM. */
export const DENSE_GEMM_LINEARS = ["q_a + kv_a", "q_b", "q", "o_proj", "FFN gate/up", "FFN down"] as const;

/**
 * The dense-GEMM linears of an MLA + MoE model whose per-chip shape (N × K under `tensorParallel`: output features split
 * for column-parallel linears, input features for row-parallel ones, neither for replicated q_a/kv_a) has no tuned config
 * among `tuned` (the N × K shapes the image's library tunes for the chip): those run the default tile.
 */
export function untunedKinds(model: ModelSpec, tensorParallel: number, tuned: readonly (readonly number[])[]): string[] {
  const gemm: readonly string[] = DENSE_GEMM_LINEARS;
  return (mlaDenseLinears(model) ?? [])
    .filter((l) => gemm.includes(l.kind))
    .filter((l) => {
      const n = l.split === "out" ? l.outFeatures / tensorParallel : l.outFeatures;
      const k = l.split === "in" ? l.inFeatures / tensorParallel : l.inFeatures;
      return !tuned.some((t) => t[0] === n && t[1] === k);
    })
    .map((l) => l.kind);
}

/**
 * The step's input: which linears run the default tile, and the graph parameters of its width (effUntunedTileCols), K
 * splits (effUntunedSplitK) and what one workgroup draws (effUntunedWorkgroupBytesPerSecond).
 */
export interface UntunedLinears {
  kinds: readonly string[];
  params: { effUntunedTileCols: Quantity; effUntunedSplitK: Quantity; effUntunedWorkgroupBytesPerSecond: Quantity };
  /** Largest batch one tile row holds (validate passes the input only for decode batches within it). */
  tileRows: number;
}

/**
 * The default-tile input for a row whose image ran AITER's Triton block-scale GEMM without tuned configs for `kinds`
 * (`why`: the row's engine.untunedLinears; default every dense-GEMM linear), on a CDNA 3 chip (gfx942: MI300X, MI325X);
 * null elsewhere (no timing read for another chip's default tile in this role), so the step keeps its tuned-kernel model.
 */
export function untunedLinearsFor(hardware: HardwareSpec, why: string, kinds: readonly string[] = DENSE_GEMM_LINEARS): UntunedLinears | null {
  if (hardware.id !== "amd-mi300x" && hardware.id !== "amd-mi325x") return null;
  const d = AITER_TRITON_DEFAULT_TILE;
  const q = (value: number, reason: string, source: SourceRef): Quantity => ({ value, origin: { kind: "constant", reason: `${reason} (${why})`, source } });
  const beta = aiterDefaultTileWorkgroupBytesPerSecond();
  return {
    kinds,
    params: {
      effUntunedTileCols: q(d.tileCols, "the default tile: 128 output features per workgroup", AITER_GFX942_DEFAULT_CONFIG),
      effUntunedSplitK: q(d.splitK, "the default tile: K not split", AITER_GFX942_DEFAULT_CONFIG),
      effUntunedWorkgroupBytesPerSecond: q(beta, `${(beta / 1e9).toFixed(2)} GB/s per workgroup: ${d.n}×${d.k} FP8 in ${d.rows[0]?.[1]} µs at M=${d.rows[0]?.[0]}, ${Math.ceil(d.n / d.tileCols)} workgroups, less ${AITER_GFX942_THIN_LINEAR.callMicroseconds} µs per call`, AITER_TRITON_DEFAULT_TILE_TIMING),
    },
    tileRows: d.tileRows,
  };
}

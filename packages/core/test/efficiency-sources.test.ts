/**
 * Every sourced per-chip constant of the expected model (efficiency/chips.ts) recomputed from the figures its source
 * states, written here with the source's address, so an edit of a constant that its source does not support fails.
 * (Compute units of four chips, FlashAttention, HBM fractions, AITER's MLA decode and kernels per layer are in
 * efficiency.test.ts; the fitted constants are held to a refit by efficiency-golden.test.ts, `fit-efficiency --check`.)
 */
import { describe, expect, it } from "vitest";
import { aiterMlaDecodeTokensPerSecond, analyzeStep, chipEfficiency, efficiencyFormulas as E, getHardware, getModel, prepareRoofline, RCCL_ALL_REDUCE_MI300X_FIT, type Quantity } from "../src/index.ts";

const sourceUrl = (q: Quantity): string | null | undefined => (q.origin.kind === "constant" ? q.origin.source?.url : undefined);

describe("per-chip constants reproduce their sources (the rest)", () => {
  it("compute units of every chip in the efficiency catalog, as the vendors' documents count them", () => {
    // https://resources.nvidia.com/en-us-tensor-core (H100 whitepaper): 132 SMs on H100 SXM5, 114 on H100 PCIe; H200 is the same GH100 part as H100 SXM
    // https://images.nvidia.com/aem-dam/en-zz/Solutions/data-center/nvidia-ampere-architecture-whitepaper.pdf: 108 SMs on A100
    // https://resources.nvidia.com/en-us-blackwell-architecture: 148 SMs on B200 (two dies)
    // https://developer.nvidia.com/blog/inside-nvidia-blackwell-ultra-the-chip-powering-the-ai-factory-era: 160 SMs on Blackwell Ultra
    // https://www.amd.com/content/dam/amd/en/documents/instinct-tech-docs/white-papers/amd-cdna-3-white-paper.pdf: 304 CUs on MI300X (MI325X the same die)
    // https://www.amd.com/en/products/accelerators/instinct/mi350/mi355x.html: 256 CUs on MI355X
    const stated: Record<string, [number, string]> = {
      "nvidia-h100-sxm5-80gb": [132, "https://resources.nvidia.com/en-us-tensor-core"],
      "nvidia-h100-pcie-80gb": [114, "https://resources.nvidia.com/en-us-tensor-core"],
      "nvidia-h200-sxm-141gb": [132, "https://resources.nvidia.com/en-us-tensor-core"],
      "nvidia-a100-sxm4-40gb": [108, "https://images.nvidia.com/aem-dam/en-zz/Solutions/data-center/nvidia-ampere-architecture-whitepaper.pdf"],
      "nvidia-a100-sxm4-80gb": [108, "https://images.nvidia.com/aem-dam/en-zz/Solutions/data-center/nvidia-ampere-architecture-whitepaper.pdf"],
      "nvidia-b200-hgx": [148, "https://resources.nvidia.com/en-us-blackwell-architecture"],
      "nvidia-gb200-nvl72": [148, "https://resources.nvidia.com/en-us-blackwell-architecture"],
      "nvidia-b300-hgx": [160, "https://developer.nvidia.com/blog/inside-nvidia-blackwell-ultra-the-chip-powering-the-ai-factory-era"],
      "nvidia-gb300-nvl72": [160, "https://developer.nvidia.com/blog/inside-nvidia-blackwell-ultra-the-chip-powering-the-ai-factory-era"],
      "amd-mi300x": [304, "https://www.amd.com/content/dam/amd/en/documents/instinct-tech-docs/white-papers/amd-cdna-3-white-paper.pdf"],
      "amd-mi325x": [304, "https://www.amd.com/content/dam/amd/en/documents/instinct-tech-docs/white-papers/amd-cdna-3-white-paper.pdf"],
      "amd-mi355x": [256, "https://www.amd.com/en/products/accelerators/instinct/mi350/mi355x.html"],
    };
    for (const [id, [units, url]] of Object.entries(stated)) {
      const q = chipEfficiency(getHardware(id)).computeUnits;
      expect(q.value, id).toBe(units);
      expect(sourceUrl(q), id).toBe(url);
    }
  });

  it("GEMM tiles: WGMMA's 64-row M and a 128-feature CUTLASS tile on NVIDIA, hipBLASLt's 256×256 macro tile on AMD, 16-row matrix instructions everywhere", () => {
    // https://github.com/NVIDIA/cutlass/blob/main/media/docs/cpp/efficient_gemm.md — Hopper WGMMA is m64nNk16 (M a multiple of 64); tiles 64×128 / 128×128
    const wgmmaShape = "m64nNk16";
    const wgmmaRows = Number(/^m(\d+)/.exec(wgmmaShape)?.[1]);
    const cutlassTileCols = 128;
    // https://docs.nvidia.com/cuda/parallel-thread-execution/index.html#warp-level-matrix-instructions-mma — mma.m16n8k16; AMD CDNA 3 MFMA 16×16×16
    const mmaRows = Number(/^m(\d+)/.exec("m16n8k16")?.[1]);
    const mfmaRows = 16;
    // https://rocm.docs.amd.com/en/latest/how-to/rocm-for-ai/inference-optimization/workload.html — hipBLASLt/CK MFMA macro tiles of 256×256
    const hipblasltTile = [256, 256] as const;
    for (const id of ["nvidia-h100-sxm5-80gb", "nvidia-h200-sxm-141gb", "nvidia-b200-hgx", "nvidia-gb200-nvl72", "nvidia-gb300-nvl72", "nvidia-a100-sxm4-80gb"]) {
      const e = chipEfficiency(getHardware(id));
      expect([e.tileRows.value, e.tileCols.value], id).toEqual([wgmmaRows, cutlassTileCols]);
      expect(sourceUrl(e.tileRows)).toBe("https://github.com/NVIDIA/cutlass/blob/main/media/docs/cpp/efficient_gemm.md");
    }
    for (const id of ["amd-mi300x", "amd-mi325x", "amd-mi355x"]) {
      const e = chipEfficiency(getHardware(id));
      expect([e.tileRows.value, e.tileCols.value], id).toEqual([...hipblasltTile]);
      expect(sourceUrl(e.tileCols)).toBe("https://rocm.docs.amd.com/en/latest/how-to/rocm-for-ai/inference-optimization/workload.html");
    }
    expect(mmaRows).toBe(mfmaRows);
    for (const id of ["nvidia-h100-sxm5-80gb", "nvidia-b200-hgx", "amd-mi300x", "amd-mi355x"]) {
      const q = chipEfficiency(getHardware(id)).minTileRows;
      expect(q.value, id).toBe(mmaRows);
      expect(sourceUrl(q)).toBe("https://docs.nvidia.com/cuda/parallel-thread-execution/index.html#warp-level-matrix-instructions-mma");
    }
  });

  it("paged KV read: PagedAttention's kernel has 20–26% higher latency than a contiguous one, so it reaches 1/1.26–1/1.20 of streaming; 0.8 lies in that range", () => {
    // https://arxiv.org/abs/2309.06180 (Kwon et al., vLLM, §7.1): "20–26% higher attention kernel latency" than FasterTransformer's
    const slower = [0.2, 0.26];
    const [low, high] = [1 / (1 + (slower[1] as number)), 1 / (1 + (slower[0] as number))];
    for (const id of ["nvidia-h100-sxm5-80gb", "nvidia-b200-hgx", "nvidia-a100-sxm4-80gb", "amd-mi300x", "amd-mi355x"]) {
      const q = chipEfficiency(getHardware(id)).kvRead;
      expect(q.value, id).toBeGreaterThanOrEqual(low);
      expect(q.value, id).toBeLessThanOrEqual(high);
      expect(q.value).toBeCloseTo(1 / (1 + ((slower[0] as number) + (slower[1] as number)) / 2), 1);
      expect(sourceUrl(q)).toBe("https://arxiv.org/abs/2309.06180");
    }
  });

  it("link efficiency: nccl-tests all_reduce_perf busbw of 230–250 GB/s over NVLink-3's 300 GB/s per direction on 8×A100 — the middle is 80%", () => {
    // https://docs.alayanew.com/en/docs/tech-blog/2026-05-06-nccl-tests — reference table: 8×A100 SXM4 NVLink 230–250 GB/s busbw at large sizes
    const busbwGBps = [230, 250];
    const a100 = getHardware("nvidia-a100-sxm4-80gb");
    const linkGBps = (a100.scaleUpBytesPerSecondPerChip.value as number) / 1e9; // NVLink-3: 12 links × 25 GB/s per direction, from the catalog
    expect(linkGBps).toBe(300);
    for (const id of ["nvidia-h100-sxm5-80gb", "nvidia-a100-sxm4-80gb", "nvidia-gb200-nvl72", "nvidia-b200-hgx"]) {
      const q = chipEfficiency(getHardware(id)).linkEfficiency;
      expect(q.value, id).toBeCloseTo(((busbwGBps[0] as number) + (busbwGBps[1] as number)) / 2 / linkGBps, 12);
      expect(q.value).toBeGreaterThanOrEqual((busbwGBps[0] as number) / linkGBps);
      expect(q.value).toBeLessThanOrEqual((busbwGBps[1] as number) / linkGBps);
      expect(sourceUrl(q)).toBe("https://docs.alayanew.com/en/docs/tech-blog/2026-05-06-nccl-tests");
    }
  });
});

describe("AMD xGMI link efficiency", () => {
  it("MI300X: AMD's rccl-tests all_reduce_perf on 8×MI300X fitted to α + 2(n−1)/n·S ÷ busbw gives ~292 GB/s of xGMI's 448 (65%), under the ~48 of 64 GB/s usable per link (75%); MI325X/MI355X take it as a labelled stand-in", () => {
    // https://rocm.blogs.amd.com/software-tools-optimization/mi300x-rccl-xgmi/README.html — out-of-place time (µs) by size, 8 GPUs:
    // 1 MiB 27.42, 2 MiB 34.81, 4 MiB 51.72, 8 MiB 83.68, 16 MiB 148.8, 32 MiB 244.1, 64 MiB 429.1, 128 MiB 797.4,
    // 256 MiB 1537.1, 512 MiB 3026.2, 1 GiB 5970.6 (busbw 319 GB/s at 16 GiB); xGMI "rated up to 64 GB/s for each
    // point-to-point link ... usable bandwidth to approximately 48 GB/s per link"
    const us = [27.42, 34.81, 51.72, 83.68, 148.8, 244.1, 429.1, 797.4, 1537.1, 3026.2, 5970.6];
    const bytes = us.map((_, i) => 2 ** (20 + i));
    const [usable, rated] = [48, 64];
    const mi300x = getHardware("amd-mi300x");
    const linkGBps = (mi300x.scaleUpBytesPerSecondPerChip.value as number) / 1e9;
    expect(linkGBps).toBe(7 * rated); // seven links, from the catalog
    // the fit by hand: weighted least squares of t on x = 2(n−1)/n·S with weights 1/t² (each point's relative error alike)
    const x = bytes.map((b) => (2 * 7 * b) / 8);
    const t = us.map((u) => u * 1e-6);
    const w = t.map((v) => 1 / (v * v));
    const sum = (f: (i: number) => number) => t.reduce((s, _, i) => s + f(i), 0);
    const [sw, sx, st, sxx, sxt] = [sum((i) => w[i]!), sum((i) => w[i]! * x[i]!), sum((i) => w[i]! * t[i]!), sum((i) => w[i]! * x[i]! * x[i]!), sum((i) => w[i]! * x[i]! * t[i]!)];
    const busbw = (sw * sxx - sx * sx) / (sw * sxt - sx * st);
    const alpha = (st - sx / busbw) / sw;
    expect(RCCL_ALL_REDUCE_MI300X_FIT.busGBps).toBeCloseTo(busbw / 1e9, 2);
    expect(RCCL_ALL_REDUCE_MI300X_FIT.latencyUs).toBeCloseTo(alpha * 1e6, 2);
    expect(RCCL_ALL_REDUCE_MI300X_FIT.linkGBps).toBe(linkGBps);
    // the fit stays within 20% of every measured point, and under both the best bus bandwidth measured and the usable link share
    for (let i = 0; i < t.length; i++) expect(Math.abs((alpha + x[i]! / busbw) / t[i]! - 1), `${bytes[i]} B`).toBeLessThan(0.2);
    const q = chipEfficiency(mi300x).linkEfficiency;
    expect(q.value).toBeCloseTo(busbw / (linkGBps * 1e9), 4);
    expect(q.value).toBeLessThan(319 / linkGBps);
    expect(q.value).toBeLessThan(usable / rated);
    expect(q.origin.kind).not.toBe("default");
    expect(sourceUrl(q)).toBe("https://rocm.blogs.amd.com/software-tools-optimization/mi300x-rccl-xgmi/README.html");
    for (const id of ["amd-mi325x", "amd-mi355x"]) {
      const s = chipEfficiency(getHardware(id)).linkEfficiency;
      expect(s.value, id).toBe(q.value);
      expect(s.origin.kind, id).toBe("default");
      expect(s.origin.kind === "default" && s.origin.reason, id).toMatch(/MI300X's stands in/);
    }
  });
});

describe("an FP8 MLA cache on CDNA 3 is charged AITER's BF16 token rate", () => {
  it("AITER's own FP8 MLA decode on MI300X (ROCm/aiter #3188, 64 heads: peak 367 TFLOP/s at batch 128, 32k context) does about the attention FLOP/s of the BF16 tutorial kernel (128 heads): at equal heads an FP8 cache reads ≤ 10% more tokens per second, not twice as many", () => {
    // ROCm/aiter commit 04427a5d8f (PR #3188, "Add native MLA QH64 fp8 persistent decode kernel for gfx942"): "Tested on MI300X
    // across batch={1,4,16,64,128} x ctx={1k,4k,8k,16k,32k} ... Peak: 367 TFLOPS at b128/ctx32k"; op_tests/test_mla_persistent.py
    // counts flops = q_len × total_kv × heads × (576 + 512) × 2.
    const flopPerTokenPerHead = (576 + 512) * 2;
    const fp8TokensPerSecond64 = 367e12 / (64 * flopPerTokenPerHead);
    const bf16 = aiterMlaDecodeTokensPerSecond(); // the tutorial's slope: 128 heads, BF16 latent
    const bf16Flops = bf16 * 128 * flopPerTokenPerHead;
    expect(bf16Flops / 1e12).toBeCloseTo(341, 0);
    expect(367e12 / bf16Flops).toBeGreaterThan(1);
    expect(367e12 / bf16Flops).toBeLessThan(1.1);
    // in bytes the FP8 kernel is no faster either: 576 B per token at its token rate ≈ the BF16 kernel's 1.41 TB/s
    expect((fp8TokensPerSecond64 * 576) / 1e12).toBeCloseTo(1.52, 2);
    // the step charges an FP8 cache on MI300X the BF16 token rate: its KV-read fraction is half the BF16 one
    const mi300 = getHardware("amd-mi300x");
    const frac = (kvPrecision: "bf16" | "fp8") => prepareRoofline({ model: getModel("deepseek-r1"), hardware: mi300, chips: 8, batch: 64, contextTokens: 4096, kvPrecision }).params["effKvRead"]!.value;
    expect(frac("fp8")).toBeCloseTo(frac("bf16") / 2, 12);
    expect(frac("bf16")).toBeCloseTo(chipEfficiency(mi300).mlaKvRead.value, 12);
  });
});

describe("AITER's MLA decode splits each sequence into 16 work units on gfx942: a small batch leaves most of MI300X's 304 CUs idle", () => {
  // ROCm/aiter csrc/kernels/mla/metadata/v1_0_device.cuh (v0.1.10.post3, commit 6a0e7b26cc, the AITER of SGLang's
  // v0.5.9 ROCm image; unchanged through v0.1.16 and main): get_local_splits() returns 16 under #if defined(__gfx942__);
  // num_cu = multiProcessorCount ÷ num_heads_k (1 for MLA); work_per_cu = work_end ÷ num_cu and the first
  // work_end mod num_cu CUs take one more, so the busiest CU runs ⌈W ÷ N⌉ units. Heads other than 16 are run as
  // num_heads ÷ 16 batches of a 16-head tile (qk_batch_ratio). SGLang's aiter backend (python/sglang/srt/layers/attention/
  // aiter_backend.py: "fake non-ps": fast_mode = False, intra_batch_mode = True under SGLANG_AITER_MLA_PERSIST) takes
  // this v1_0 path for an FP8 cache; InferenceX's dsr1_fp8_mi300x.sh sets SGLANG_AITER_MLA_PERSIST=1 and fp8_e4m3.
  const splits = 16, cus = 304;
  const occ = (b: number, heads = 16) => E.mlaSplitOccupancy.fn(b, heads, 1, 16, splits, cus);
  it("the constants: 16 splits and 304 CUs on MI300X and MI325X (gfx942), none read for MI355X (gfx950 splits by context) or NVIDIA", () => {
    for (const id of ["amd-mi300x", "amd-mi325x"]) {
      const e = chipEfficiency(getHardware(id));
      expect(e.mlaDecodeSplits.value, id).toBe(splits);
      expect(sourceUrl(e.mlaDecodeSplits), id).toMatch(/ROCm\/aiter\/blob\/6a0e7b26cc[0-9a-f]*\/csrc\/kernels\/mla\/metadata\/v1_0_device\.cuh/);
      expect(e.computeUnits.value, id).toBe(cus);
    }
    for (const id of ["amd-mi355x", "h100", "nvidia-h200-sxm-141gb", "nvidia-b200-hgx"]) {
      const q = chipEfficiency(getHardware(id)).mlaDecodeSplits;
      expect(q.value, id).toBe(0);
      expect(q.origin.kind, id).toBe("default");
    }
  });
  it("occupancy = W ÷ (N·⌈W ÷ N⌉), W = sequences × 16 splits × 16-head tiles: 64 of 304 CUs at batch 4, 256 at 16, two rounds of 304 for 512 units at 32", () => {
    expect(occ(4)).toBeCloseTo(64 / 304, 12);
    expect(occ(8)).toBeCloseTo(128 / 304, 12);
    expect(occ(16)).toBeCloseTo(256 / 304, 12);
    expect(occ(32)).toBeCloseTo(512 / 608, 12);
    expect(occ(128)).toBeCloseTo(2048 / 2128, 12);
    // 32 heads per chip (TP4) run as two 16-head batches: batch 4 fills 128 CUs
    expect(occ(4, 32)).toBeCloseTo(128 / 304, 12);
    for (let b = 1; b <= 512; b++) {
      expect(occ(b)).toBeGreaterThan(0);
      expect(occ(b)).toBeLessThanOrEqual(1);
    }
  });
  it("the expected decode step of DeepSeek-R1 on 8 × MI300X (16 heads per chip) reads its FP8 latent at AITER's token rate × that occupancy; prefill and every other chip are untouched", () => {
    const model = getModel("deepseek-r1");
    const step = (id: string, batch: number, phase: "decode" | "prefill" = "decode") =>
      prepareRoofline({ model, hardware: getHardware(id), chips: 8, batch, contextTokens: 4096, kvPrecision: "fp8", phase, ...(phase === "prefill" ? { promptTokens: 1024 } : {}) });
    for (const id of ["amd-mi300x", "amd-mi325x"]) {
      for (const b of [4, 16, 64]) {
        const r = analyzeStep({ model, hardware: getHardware(id), chips: 8, batch: b, contextTokens: 4096, kvPrecision: "fp8" });
        expect(r.derivations["expMlaOccupancy"]!.value, `${id} b${b}`).toBeCloseTo(occ(b), 12);
        const bw = getHardware(id).hbmBytesPerSecond.value as number;
        // bytes ÷ (bandwidth × (HBM fraction × MLA read fraction) × occupancy): the latent is not split over the chips
        expect(r.derivations["expKvReadSeconds"]!.value).toBeCloseTo(r.derivations["kvBytesRead"]!.value / (bw * r.derivations["expKvReadFraction"]!.value * occ(b)), 12);
      }
      expect(step(id, 4).graph.nodes.some((n) => n.name === "expMlaOccupancy")).toBe(true);
      expect(step(id, 4, "prefill").graph.nodes.some((n) => n.name === "expMlaOccupancy")).toBe(false);
    }
    for (const id of ["amd-mi355x", "nvidia-h200-sxm-141gb", "nvidia-b200-hgx"]) expect(step(id, 4).graph.nodes.some((n) => n.name === "expMlaOccupancy"), id).toBe(false);
    // a GQA model on MI300X: its paged attention kernel is not AITER's MLA decode
    expect(prepareRoofline({ model: getModel("llama-3.1-70b"), hardware: getHardware("amd-mi300x"), chips: 8, batch: 4, contextTokens: 4096 }).graph.nodes.some((n) => n.name === "expMlaOccupancy")).toBe(false);
  });
});

describe("a constant whose source states no figure is not labelled as sourced", () => {
  it("the latency of one collective across nodes (30 µs): nccl-tests defines the latency term but gives no value, so it is a labelled default", () => {
    for (const id of ["nvidia-h100-sxm5-80gb", "nvidia-gb200-nvl72", "amd-mi300x"]) {
      const q = chipEfficiency(getHardware(id)).scaleOutLatencySeconds;
      expect(q.origin.kind, id).toBe("default");
      expect(q.origin.kind === "default" && q.origin.reason).toMatch(/not a measurement read/);
    }
  });
});

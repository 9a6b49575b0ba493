/**
 * Dense FP8 linears at AITER's untuned default Triton tile (efficiency/untuned-linears.ts): the per-workgroup draw is
 * recomputed from AITER's own timing of that tile, quoted with its address; the step charges it only to the linears the
 * engine runs through that GEMM, only in decode and only where the row's image is stated to have run it.
 */
import { describe, expect, it } from "vitest";
import {
  AITER_GFX942_THIN_LINEAR,
  AITER_TRITON_DEFAULT_TILE,
  aiterDefaultTileWorkgroupBytesPerSecond,
  analyzeStep,
  chipEfficiency,
  efficiencyFormulas as E,
  getHardware,
  getModel,
  measurementFiles,
  measurementModel,
  mlaDenseLinears,
  prepareInferenceRow,
  untunedKinds,
  untunedLinearsFor,
  type MeasurementRow,
  type Quantity,
} from "../src/index.ts";

const sourceUrl = (q: Quantity): string | null | undefined => (q.origin.kind === "constant" ? q.origin.source?.url : undefined);
const WHY = "the image's AITER has only the default gfx942 config for these shapes (a test's statement of the input)";

describe("AITER's default Triton tile for FP8 block-scale GEMMs", () => {
  it("ROCm/aiter #1232's `before` table (N=2112, K=7168 on the 128×128×128, NUM_KSPLIT 1 default) gives ~7 GB/s per workgroup: 17 workgroups through 15.1 MB in 128.8 µs at M=64, less the 2.5 µs call", () => {
    // https://github.com/ROCm/aiter/pull/1232 (2025-10-21): "# before  M=64 N=2112 K=7168 time 0.128799 ms; M=128 0.127317 ms"
    const d = AITER_TRITON_DEFAULT_TILE;
    expect([d.n, d.k, d.tileCols, d.tileRows, d.splitK]).toEqual([2112, 7168, 128, 128, 1]);
    expect(d.rows).toEqual([[64, 128.799], [128, 127.317]]);
    const workgroups = Math.ceil(2112 / 128);
    expect(workgroups).toBe(17);
    const beta = (2112 * 7168) / (workgroups * (128.799 - AITER_GFX942_THIN_LINEAR.callMicroseconds) * 1e-6);
    expect(aiterDefaultTileWorkgroupBytesPerSecond()).toBeCloseTo(beta, 0);
    expect(beta / 1e9).toBeGreaterThan(7.0);
    expect(beta / 1e9).toBeLessThan(7.1);
    // the M=128 row (the same one tile row) says the same within 2%
    const beta128 = (2112 * 7168) / (workgroups * (127.317 - AITER_GFX942_THIN_LINEAR.callMicroseconds) * 1e-6);
    expect(Math.abs(beta128 / beta - 1)).toBeLessThan(0.02);
    // ROCm/aiter #4309 on gfx942: batched BF16 GEMM at its `any` 128×128×32 tile, B=4 N=1024 K=4096 M=4: 143.16 µs,
    // 4 × 8 workgroups each reading 4096 × 128 × 2 B — the same draw per workgroup within 5%
    const gfx942 = (4 * 1024 * 4096 * 2) / (4 * 8 * 143.16e-6);
    expect(Math.abs(gfx942 / beta - 1)).toBeLessThan(0.05);
    // a third of what the tuned gfx942 CK kernels' workgroups draw
    expect(beta).toBeLessThan(AITER_GFX942_THIN_LINEAR.workgroupGBps * 1e9 / 2.5);
  });

  it("the input exists for gfx942 (MI300X, MI325X) only, sourced to the config and the timing; other chips keep their model", () => {
    for (const id of ["amd-mi300x", "amd-mi325x"]) {
      const u = untunedLinearsFor(getHardware(id), WHY);
      expect(u, id).not.toBeNull();
      expect(sourceUrl(u!.params.effUntunedTileCols)).toContain("6a0e7b26ccf33164785531212cc2ec2cde0b9243/aiter/ops/triton/configs/gemm/gfx942-GEMM-A8W8_BLOCKSCALE.json");
      expect(sourceUrl(u!.params.effUntunedWorkgroupBytesPerSecond)).toBe("https://github.com/ROCm/aiter/pull/1232");
      expect(u!.kinds).toEqual(["q_a + kv_a", "q_b", "q", "o_proj", "FFN gate/up", "FFN down"]);
    }
    for (const id of ["amd-mi355x", "nvidia-h200-sxm-141gb", "nvidia-b200-hgx"]) expect(untunedLinearsFor(getHardware(id), WHY), id).toBeNull();
  });
});

describe("which linears run the default tile: those whose per-chip shape the image's AITER does not tune for gfx942", () => {
  const model = getModel("deepseek-r1");
  it("AITER v0.1.10.post3 (v0.5.9's) tunes none: q_a/kv_a, q_b, o_proj and the dense layers' FFN; a6bb499 (v0.5.12's) tunes #2024's three, leaving the dense-layer FFN at TP 8 (4608 × 7168, 7168 × 2304)", () => {
    expect(untunedKinds(model, 8, [])).toEqual(["q_a + kv_a", "q_b", "o_proj", "FFN gate/up", "FFN down"]);
    // https://github.com/ROCm/aiter/tree/a6bb499375849eec45d68c5ccaebc8865fd422c0/aiter/ops/triton/configs/gemm: gfx942-GEMM-A8W8_BLOCKSCALE-N=…-K=….json
    const a6bb499 = [[2048, 2048], [2112, 7168], [2624, 6144], [3072, 1536], [3072, 6144], [3584, 512], [6144, 1536], [6144, 2048], [7168, 2048]];
    expect(untunedKinds(model, 8, a6bb499)).toEqual(["FFN gate/up", "FFN down"]);
    // per-chip shapes: at TP 4 q_b is 24576/4 × 1536 (tuned: 6144 × 1536), o_proj 7168 × 16384/4 (not)
    expect(untunedKinds(model, 4, a6bb499)).toEqual(["o_proj", "FFN gate/up", "FFN down"]);
  });
});

describe("the expected decode step with the default tile", () => {
  const model = getModel("deepseek-r1");
  const hardware = getHardware("amd-mi300x");
  const base = { model, hardware, chips: 8, batch: 4, contextTokens: 4600, weightPrecision: "fp8", kvPrecision: "fp8", phase: "decode" } as const;
  const u = untunedLinearsFor(hardware, WHY)!;

  it("adds, per layer, each GEMM linear's reads at 128-wide workgroups of ~7 GB/s in place of the tuned table's; kv_b and the shared expert are unchanged", () => {
    const tuned = analyzeStep(base);
    const untuned = analyzeStep({ ...base, untunedLinears: u });
    const eff = chipEfficiency(hardware);
    const bw = hardware.hbmBytesPerSecond.value!;
    const one = (n: number, k: number, outSplit: number, inSplit: number, tileCols: number, beta: number, splitK: number): number =>
      E.linearReadSeconds.fn(1, n, k, outSplit, inSplit, 1, bw, eff.hbm.value, beta, tileCols, eff.linearCallSeconds.value, eff.linearSplitKSeconds.value, splitK, 0);
    let extra = 0;
    for (const l of mlaDenseLinears(model)!) {
      if (!u.kinds.includes(l.kind)) continue;
      const os = l.split === "out" ? 8 : 1;
      const is = l.split === "in" ? 8 : 1;
      extra += l.layers * (one(l.outFeatures, l.inFeatures, os, is, 128, u.params.effUntunedWorkgroupBytesPerSecond.value, 1) - one(l.outFeatures, l.inFeatures, os, is, eff.linearTileCols.value, eff.workgroupBytesPerSecond.value, eff.linearSplitK.value));
    }
    // q_a/kv_a alone: 2112 × 7168 read by 17 workgroups, ~129 µs a layer
    expect(one(2112, 7168, 1, 1, 128, u.params.effUntunedWorkgroupBytesPerSecond.value, 1)).toBeCloseTo(128.8e-6, 7);
    expect(untuned.expectedStepSeconds - tuned.expectedStepSeconds).toBeCloseTo(extra, 9);
    // ~170 µs a layer over 61 layers: about 10 ms a step
    expect(extra).toBeGreaterThan(9e-3);
    expect(extra).toBeLessThan(12e-3);
    // the ideal does not move (a bound)
    expect(untuned.stepSeconds).toBe(tuned.stepSeconds);
  });

  it("prefill keeps the tuned model (a pass of many rows is no longer one tile row)", () => {
    const p = { ...base, phase: "prefill", promptTokens: 1024, contextTokens: 0, batch: 1 } as const;
    expect(analyzeStep({ ...p, untunedLinears: u }).expectedStepSeconds).toBe(analyzeStep(p).expectedStepSeconds);
  });
});

describe("rows carry the input from what their image ran", () => {
  const rows: readonly MeasurementRow[] = measurementFiles().find((f) => f.source.id === "inferencex")!.rows;
  it("exactly InferenceX's SGLang v0.5.9 and v0.5.12 MI30x points state it, naming SGLang's route, the AITER pin and where it is stated; v0.5.12's list AITER a6bb499's tuned shapes", () => {
    const images = ["lmsysorg/sglang:v0.5.9-rocm700-mi30x", "lmsysorg/sglang:v0.5.12-rocm700-mi30x"];
    const marked = rows.filter((r) => r.engine?.untunedLinears !== undefined);
    expect(marked.length).toBeGreaterThan(0);
    for (const r of rows) expect(r.engine?.untunedLinears !== undefined, r.id).toBe(images.includes(r.engine?.version ?? ""));
    for (const r of marked) {
      expect(r.engine?.untunedLinears).toContain("#13617");
      expect(["amd-mi300x", "amd-mi325x"]).toContain(r.hardware);
      if (r.engine?.version === images[0]) {
        expect(r.engine?.untunedLinears).toContain("v0.1.10.post3");
        expect(r.engine?.untunedLinears).toContain("#816");
        expect(r.engine?.tunedLinearShapes).toBeUndefined();
      } else {
        expect(r.engine?.untunedLinears).toContain("a6bb499");
        expect(r.engine?.untunedLinears).toContain("#2949");
        expect(r.engine?.tunedLinearShapes).toContainEqual([2112, 7168]);
      }
    }
  });

  it("validate builds the input for those rows' decode (concurrency ≤ 128, one tile row) and says so in the row's derivation", () => {
    const r = rows.find((x) => x.id === "inferencex/dsr1-mi300x-sglang-fp8-tp8-ep1-1024-8192-c4-tpot")!;
    const p = prepareInferenceRow(r, "inferencex", measurementModel);
    expect("how" in p).toBe(true);
    if ("how" in p) expect(p.how).toContain("AITER's default Triton tile");
    if ("how" in p) expect(p.how).toContain("decode's q_a + kv_a, q_b, o_proj, FFN gate/up, FFN down at");
    const v0512 = rows.find((x) => x.id === "inferencex/dsr1-mi300x-sglang-fp8-tp8-ep1-1024-1024-c4-tpot")!;
    const q = prepareInferenceRow(v0512, "inferencex", measurementModel);
    expect("how" in q).toBe(true);
    if ("how" in q) expect(q.how).toContain("decode's FFN gate/up, FFN down at AITER's default Triton tile");
    // an MI355X (gfx950) v0.5.12 point: no default-tile timing read for that chip, the tuned model stays
    const mi355 = rows.find((x) => x.id === "inferencex/dsr1-mi355x-sglang-fp8-tp8-ep1-1024-1024-c4-tpot")!;
    const m = prepareInferenceRow(mi355, "inferencex", measurementModel);
    if ("how" in m) expect(m.how).not.toContain("default Triton tile");
  });
});

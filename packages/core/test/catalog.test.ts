import { describe, expect, it } from "vitest";
import { MODELS_DATA } from "../src/catalog/data/models.ts";
import { HARDWARE_DATA } from "../src/catalog/data/hardware.ts";
import { MODEL_CONFIGS } from "../src/catalog/data/model-configs.ts";
import { BYTES_PER_VALUE, checkSeedClaims, SEED_CLAIMS, flopPerByteOf, getHardware, getModel, hbmDrainSecondsOf, HARDWARE, MODELS, isRooflineError, parseHuggingFaceConfig } from "../src/index.ts";

/**
 * Authors count "active" differently. DeepSeek, Qwen, Llama, Mixtral, Kimi include the embedding and
 * output head; OpenAI's gpt-oss excludes the input embedding; GLM-4.5's 32B matches neither head nor
 * embedding; DeepSeek-V3.2's count is assumed equal to V3's (its indexer is not in it).
 */
const ACTIVE_CONVENTION: Record<string, { exclude: "none" | "embedding" | "embedding+head" | "indexer"; why: string }> = {
  "gpt-oss-120b": { exclude: "embedding", why: "OpenAI's 5.1B active excludes the input embedding" },
  "gpt-oss-20b": { exclude: "embedding", why: "OpenAI's 3.6B active excludes the input embedding" },
  "glm-4.5": { exclude: "embedding+head", why: "GLM-4.5's 32B active excludes embedding and output head" },
  "deepseek-v3.2": { exclude: "indexer", why: "V3.2's counts are assumed equal to V3's; the DSA indexer is extra" },
};

describe("model catalog: parameter counts against the authors' figures", () => {
  for (const m of MODELS) {
    it(`${m.id}: total within 3% of the reported ${(m.reported?.totalParams ?? 0) / 1e9}B`, () => {
      expect(m.reported).not.toBeNull();
      const r = m.reported as { totalParams: number; activeParams: number };
      expect(Math.abs(m.totalParams / r.totalParams - 1)).toBeLessThan(0.03);
    });
    it(`${m.id}: active within 3% of the reported ${(m.reported?.activeParams ?? 0) / 1e9}B under the authors' convention`, () => {
      const r = m.reported as { totalParams: number; activeParams: number };
      const parts = m.parameters?.parts ?? [];
      const part = (id: string) => parts.find((p) => p.id === id)?.active ?? 0;
      const conv = ACTIVE_CONVENTION[m.id]?.exclude ?? "none";
      let active = m.activeParams;
      if (conv === "embedding") active -= part("embedding");
      if (conv === "embedding+head") active -= part("embedding") + part("lmHead");
      if (conv === "indexer") active -= part("indexer");
      expect(Math.abs(active / r.activeParams - 1)).toBeLessThan(0.03);
    });
  }

  it("counts DeepSeek-V3 part by part: 671.0B total, 37.5B active, 11.6B MTP module kept apart", () => {
    const m = getModel("deepseek-v3");
    expect(m.totalParams / 1e9).toBeCloseTo(671.03, 1);
    expect(m.activeParams / 1e9).toBeCloseTo(37.55, 1);
    expect((m.parameters?.mtp ?? 0) / 1e9).toBeGreaterThan(11);
    expect(m.moe).toEqual({ routedExperts: 256, expertsPerToken: 8, moeLayers: 58, paramsPerExpert: 3 * 7168 * 2048, routingGroups: { groups: 8, groupsPerToken: 4 } });
  });
});

describe("model catalog: KV bytes per token", () => {
  for (const raw of MODELS_DATA.models) {
    it(`${raw.id}: full-context layers give the catalog's ${raw.kv_cache_bytes_per_token_bf16} B/token at BF16`, () => {
      const m = getModel(raw.id);
      const a = m.attention;
      const bf16 = a.fullKvValuesPerToken * BYTES_PER_VALUE.bf16;
      if (raw.id.startsWith("llama-4")) {
        // models.json gives an upper bound over all 48 layers; 36 of them are chunked at 8,192 tokens.
        expect((a.fullKvValuesPerToken + a.windowedKvValuesPerToken) * 2).toBe(raw.kv_cache_bytes_per_token_bf16);
        expect(a.windowKind).toBe("chunked");
        expect(a.fullLayers).toBe(12);
      } else {
        expect(bf16).toBe(raw.kv_cache_bytes_per_token_bf16);
      }
      if (raw.kv_cache_bytes_per_sequence_sliding_layers_bf16) {
        expect(a.windowedKvValuesPerToken * 2 * (a.windowTokens as number)).toBe(raw.kv_cache_bytes_per_sequence_sliding_layers_bf16);
      }
    });
  }

  it("gives MLA one latent plus a RoPE key per layer: 61 × 576 values for DeepSeek-V3", () => {
    expect(getModel("deepseek-v3").attention.fullKvValuesPerToken).toBe(61 * 576);
  });

  it("gives DeepSeek-V3.2 a top-2048 selection and an FP8 indexer key per layer", () => {
    const a = getModel("deepseek-v3.2").attention;
    expect(a.sparseTopK).toBe(2048);
    expect(a.indexerBytesPerToken).toBe(61 * 128);
  });

  it("reads gpt-oss's alternating layers: 18 full, 18 sliding over 128 tokens", () => {
    const a = getModel("gpt-oss-120b").attention;
    expect([a.fullLayers, a.windowedLayers, a.windowTokens, a.windowKind]).toEqual([18, 18, 128, "sliding"]);
  });
});

describe("hardware catalog", () => {
  it("has every chip of the data file", () => {
    expect(HARDWARE.map((h) => h.id)).toEqual(HARDWARE_DATA.chips.map((c) => c.id));
  });

  for (const raw of HARDWARE_DATA.chips.filter((c) => c["derived"] !== undefined)) {
    it(`${raw.id}: FLOP per byte and drain time agree with the data file's derived values`, () => {
      const h = getHardware(raw.id);
      const derived = raw["derived"] as { flops_per_byte_bf16_dense: number | null; flops_per_byte_fp8_dense: number | null; hbm_drain_time_ms: number | null };
      const fpb = flopPerByteOf(h);
      if (derived.flops_per_byte_bf16_dense !== null && raw.bf16_dense_TFLOPs) expect(fpb.bf16).toBeCloseTo(derived.flops_per_byte_bf16_dense as number, 0);
      if (derived.flops_per_byte_fp8_dense !== null && raw.fp8_dense_TFLOPs) expect(fpb.fp8).toBeCloseTo(derived.flops_per_byte_fp8_dense as number, 0);
      const drain = hbmDrainSecondsOf(h);
      if (derived.hbm_drain_time_ms !== null) expect((drain as number) * 1e3).toBeCloseTo(derived.hbm_drain_time_ms as number, 1);
      else expect(drain).toBeNull();
    });
  }

  // This repository's additions (data/hardware-extra.json) carry no precomputed values; each value has its own source.
  for (const raw of HARDWARE_DATA.chips.filter((c) => c["field_sources"] !== undefined)) {
    it(`${raw.id}: every known value cites its own source and confidence`, () => {
      const h = getHardware(raw.id);
      const own = raw["field_sources"] as Record<string, { source: number; confidence: string }>;
      const facts = { bf16_dense_TFLOPs: h.denseFlopsPerSecond.bf16, fp8_dense_TFLOPs: h.denseFlopsPerSecond.fp8, hbm_capacity_GB: h.hbmBytes, hbm_bandwidth_TBps: h.hbmBytesPerSecond, tdp_W: h.tdpWatts };
      for (const [field, fact] of Object.entries(facts)) {
        if (fact.value === null) continue;
        const fs = own[field];
        expect(fs, `${raw.id}.${field} has a value but no field_sources entry`).toBeDefined();
        if (fact.origin.kind !== "catalog") throw new Error("a catalog fact");
        expect(fact.origin.sources).toEqual([expect.objectContaining({ url: raw.sources[fs?.source ?? -1]?.url })]);
        expect(fact.origin.confidence).toBe(fs?.confidence);
      }
      expect(h.tdpWatts.value).not.toBeNull();
    });
  }

  it("keeps every value's source and confidence, and unknown values as null", () => {
    for (const h of HARDWARE) {
      expect(h.sources.length).toBeGreaterThan(0);
      const f = h.hbmBytesPerSecond;
      expect(f.origin.kind).toBe("catalog");
      if (f.origin.kind === "catalog") {
        expect(f.origin.sources.length).toBeGreaterThan(0);
        expect(f.origin.confidence).toMatch(/high|medium|low/);
      }
    }
    const rubin = getHardware("nvidia-vera-rubin-nvl72");
    expect(rubin.denseFlopsPerSecond.bf16.value).toBeNull();
    expect(rubin.denseFlopsPerSecond.fp8.origin.kind === "catalog" && rubin.denseFlopsPerSecond.fp8.origin.note).toMatch(/rack/);
  });

  it("defaults the price to the newest dated quote, and says when none is known", () => {
    const h100 = getHardware("h100");
    expect(h100.usdPerChipHour.value).toBe(2);
    expect(h100.usdPerChipHour.origin.kind === "catalog" && h100.usdPerChipHour.origin.sources[0]?.date).toBe("2026-04-13");
    expect(getHardware("google-tpu-v5e").usdPerChipHour.value).toBeNull();
  });

  it("suggests the nearest ids for an unknown one", () => {
    try {
      getHardware("h1000");
      expect.unreachable();
    } catch (e) {
      expect(isRooflineError(e)).toBe(true);
      expect((e as Error).message).toMatch(/Nearest ids: .*h100/);
    }
  });
});

describe("config.json files", () => {
  it("reads every verbatim config on file", () => {
    for (const [file, json] of Object.entries(MODEL_CONFIGS)) {
      const a = parseHuggingFaceConfig(json, { file });
      expect(a.numLayers).toBeGreaterThan(0);
      expect(a.hiddenSize).toBeGreaterThan(0);
    }
  });

  it("reads DeepSeek's own inference format to the same architecture as its HF config", () => {
    const hf = parseHuggingFaceConfig(MODEL_CONFIGS["deepseek-v3.json"], { file: "hf" });
    const ds = parseHuggingFaceConfig(MODEL_CONFIGS["deepseek-v3.inference-config_671B.json"], { file: "ds" });
    for (const k of ["hiddenSize", "numLayers", "vocabSize", "numHeads", "mla", "moe", "denseIntermediateSize", "headDimQk", "headDimV"] as const) {
      expect(ds[k]).toEqual(hf[k]);
    }
    // The same MoE, group-limited routing included (n_group/topk_group there, n_expert_groups/n_limited_groups here).
    expect(ds.moe).toEqual(hf.moe);
    expect(ds.moe?.routingGroups).toEqual({ groups: 8, groupsPerToken: 4 });
  });

  it("reads group-limited routing (n_group / topk_group) into the model, and only where it limits", () => {
    const base = MODEL_CONFIGS["deepseek-v3.json"] as Record<string, unknown>;
    // DeepSeek-V3 and R1: 256 experts in 8 groups, a token's 8 experts from at most 4 groups.
    expect(getModel("deepseek-v3").moe?.routingGroups).toMatchObject({ groups: 8, groupsPerToken: 4 });
    expect(getModel("deepseek-r1").moe?.routingGroups).toMatchObject({ groups: 8, groupsPerToken: 4 });
    // Kimi K2 states n_group 1, topk_group 1: one group, no limit; models without the fields have none.
    expect(getModel("kimi-k2").moe?.routingGroups).toBeNull();
    expect(getModel("mixtral-8x7b").moe?.routingGroups).toBeNull();
    expect(parseHuggingFaceConfig({ ...base, topk_group: 8 }, { file: "c.json" }).moe?.routingGroups).toBeNull();
    expect(parseHuggingFaceConfig({ ...base, n_group: 16, topk_group: 2 }, { file: "c.json" }).moe?.routingGroups).toMatchObject({ groups: 16, groupsPerToken: 2 });
    // Broken values name the field and what was expected.
    expect(() => parseHuggingFaceConfig({ ...base, topk_group: 9 }, { file: "c.json" })).toThrow(/c\.json: topk_group: got "9"\. Expected at most n_group \(8\)/);
    expect(() => parseHuggingFaceConfig({ ...base, n_group: 7 }, { file: "c.json" })).toThrow(/c\.json: n_group: got "7"\. Expected a divisor of the 256 routed experts/);
    expect(() => parseHuggingFaceConfig({ ...base, topk_group: "4" }, { file: "c.json" })).toThrow(/c\.json: topk_group: got "4 \(a string\)"/);
  });

  it("names the field and the expected value when a config is broken", () => {
    const cfg = { ...(MODEL_CONFIGS["llama-3.1-8b.json"] as Record<string, unknown>) };
    delete cfg["num_hidden_layers"];
    expect(() => parseHuggingFaceConfig(cfg, { file: "my.json" })).toThrow(/my\.json: num_hidden_layers or n_layer or num_layers: missing\. Expected a whole number/);
    expect(() => parseHuggingFaceConfig({ ...cfg, num_hidden_layers: "32" }, { file: "my.json" })).toThrow(/my\.json: num_hidden_layers: got "32 \(a string\)"\. Expected a whole number ≥ 1/);
    expect(() => parseHuggingFaceConfig({ ...cfg, num_hidden_layers: 32, num_key_value_heads: 5 }, { file: "my.json" })).toThrow(/divisor of num_attention_heads/);
    expect(() => parseHuggingFaceConfig([1, 2], { file: "my.json" })).toThrow(/a JSON object/);
    expect(() => parseHuggingFaceConfig({ ...cfg, num_hidden_layers: 32, hidden_size: 4096e9 }, { file: "my.json" })).toThrow(/my\.json: hidden_size or d_model or n_embd|my\.json: hidden_size: got "4096000000000"\. Expected a whole number ≥ 1 and ≤ 1,048,576/);
  });
});

describe("seed claims", () => {
  it("each claim's derivation carries its quote; a quote more than 30% off its derivation says why", () => {
    const claims = checkSeedClaims();
    expect(claims.length).toBeGreaterThan(50);
    for (const c of claims) {
      if (c.status === "quoted") {
        // a figure the engine can only quote says so, and says what stands behind it
        expect(c.derivation, c.id).toBeNull();
        expect(c.difference, c.id).toBeTruthy();
        continue;
      }
      expect(Number.isFinite(c.derivedValue)).toBe(true);
      expect(c.derivation?.notes.join(" ")).toMatch(/Quoted/);
      if (Math.abs(c.relativeDifference ?? 0) >= 0.3) expect(c.difference, c.id).toBeTruthy();
    }
    // the lecture's own arithmetic claims are all close to their derivations
    for (const c of checkSeedClaims(SEED_CLAIMS)) expect(Math.abs(c.relativeDifference ?? Infinity), c.id).toBeLessThan(0.3);
  });
});

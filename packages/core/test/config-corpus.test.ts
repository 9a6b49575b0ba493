/**
 * A corpus of real config.json files (test/fixtures/configs, each with its source and the published
 * parameter count in manifest.json): every total within 3% of the published count, KV-cache and
 * recurrent-state bytes equal to a hand count written out below, active parameters checked under the
 * counting convention each publisher uses.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { analyzeStep, getHardware, modelFromJson, parseHuggingFaceConfig, type ModelSpec } from "../src/index.ts";

const DIR = join(import.meta.dirname, "fixtures/configs");

interface Entry {
  file: string;
  model: string;
  source: string;
  copiedFrom: string;
  publishedTotalParams: number;
  publishedActiveParams?: number;
}
const MANIFEST: Entry[] = JSON.parse(readFileSync(join(DIR, "manifest.json"), "utf8"));

function load(file: string): ModelSpec {
  return modelFromJson(JSON.parse(readFileSync(join(DIR, file), "utf8")), file);
}

/**
 * KV bytes per token at BF16 (2 bytes per value), counted by hand from each config:
 * layers that cache × KV heads × (key dim + value dim) × 2 B. `windowed` is the part held by
 * sliding-window layers (at most `window` tokens); `state` is the recurrent layers' fixed state per
 * sequence: layers × (heads × rows × cols + conv channels × (kernel − 1)) × 2 B.
 */
const HAND: Record<string, { kv: number; windowed?: number; window?: number; state?: number }> = {
  "llama-2-7b.json": { kv: 32 * 32 * (128 + 128) * 2 },
  "llama-2-13b.json": { kv: 40 * 40 * (128 + 128) * 2 },
  "llama-2-70b.json": { kv: 80 * 8 * (128 + 128) * 2 },
  "codellama-7b.json": { kv: 32 * 32 * (128 + 128) * 2 },
  "codellama-34b.json": { kv: 48 * 8 * (128 + 128) * 2 },
  "tinyllama-1.1b-chat-v1.0.json": { kv: 22 * 4 * (64 + 64) * 2 },
  "mistral-7b-v0.3.json": { kv: 32 * 8 * (128 + 128) * 2 },
  "gpt2.json": { kv: 12 * 12 * (64 + 64) * 2 },
  "gpt2-medium.json": { kv: 24 * 16 * (64 + 64) * 2 },
  // multi_query: one KV head
  "santacoder-gpt-bigcode.json": { kv: 24 * 1 * (128 + 128) * 2 },
  "mixtral-8x7b-v0.1-mlc.json": { kv: 32 * 8 * (128 + 128) * 2 },
  "redpajama-incite-3b-v1.json": { kv: 32 * 32 * (80 + 80) * 2 },
  "phi-1.5.json": { kv: 24 * 32 * (64 + 64) * 2 },
  "phi-2.json": { kv: 32 * 32 * (80 + 80) * 2 },
  "phi-3.5-mini.json": { kv: 32 * 32 * (96 + 96) * 2 },
  "phi-4-mini.json": { kv: 32 * 8 * (128 + 128) * 2 },
  "qwen1.5-moe-a2.7b.json": { kv: 24 * 16 * (128 + 128) * 2 },
  // MLA: one 512-wide latent and one 64-wide RoPE key per layer
  "deepseek-v2-lite.json": { kv: 27 * (512 + 64) * 2 },
  "deepseek-moe-16b.json": { kv: 28 * 16 * (128 + 128) * 2 },
  "stablelm-3b-4e1t.json": { kv: 32 * 32 * (80 + 80) * 2 },
  "gemma-2b.json": { kv: 18 * 1 * (256 + 256) * 2 },
  // Gemma 2: even layers slide over 4096 tokens, odd layers attend globally
  "gemma-2-2b.json": { kv: 13 * 4 * (256 + 256) * 2, windowed: 13 * 4 * (256 + 256) * 2, window: 4096 },
  "gemma-2-9b.json": { kv: 21 * 8 * (256 + 256) * 2, windowed: 21 * 8 * (256 + 256) * 2, window: 4096 },
  "gemma-2-27b.json": { kv: 23 * 16 * (128 + 128) * 2, windowed: 23 * 16 * (128 + 128) * 2, window: 4096 },
  // Gemma 3: every 6th layer global (4 of 26), the rest slide over 512
  "gemma-3-1b-it.json": { kv: 4 * 1 * (256 + 256) * 2, windowed: 22 * 1 * (256 + 256) * 2, window: 512 },
  "llama-3.1-8b-mlc.json": { kv: 32 * 8 * (128 + 128) * 2 },
  "llama-3.1-70b-mlc.json": { kv: 80 * 8 * (128 + 128) * 2 },
  "llama-3.2-1b.json": { kv: 16 * 8 * (64 + 64) * 2 },
  "llama-3.2-3b.json": { kv: 28 * 8 * (128 + 128) * 2 },
  "qwen2-0.5b.json": { kv: 24 * 2 * (64 + 64) * 2 },
  "qwen2-1.5b.json": { kv: 28 * 2 * (128 + 128) * 2 },
  "qwen2.5-3b.json": { kv: 36 * 2 * (128 + 128) * 2 },
  "qwen2-7b.json": { kv: 28 * 4 * (128 + 128) * 2 },
  "qwen3-0.6b.json": { kv: 28 * 8 * (128 + 128) * 2 },
  "qwen3-1.7b.json": { kv: 28 * 8 * (128 + 128) * 2 },
  // StarCoder2: every layer slides over 4096 tokens
  "starcoder2-7b.json": { kv: 0, windowed: 32 * 4 * (128 + 128) * 2, window: 4096 },
  "smollm-1.7b.json": { kv: 24 * 32 * (64 + 64) * 2 },
  "smollm-360m.json": { kv: 32 * 5 * (64 + 64) * 2 },
  "smollm-135m.json": { kv: 30 * 3 * (64 + 64) * 2 },
  "gpt-j-6b.json": { kv: 28 * 16 * (256 + 256) * 2 },
  "olmo-2-7b.json": { kv: 32 * 32 * (128 + 128) * 2 },
  "olmo-2-13b.json": { kv: 40 * 40 * (128 + 128) * 2 },
  "internlm2.5-7b.json": { kv: 32 * 8 * (128 + 128) * 2 },
  "aya-23-8b.json": { kv: 32 * 8 * (128 + 128) * 2 },
  "llava-1.5-7b.json": { kv: 32 * 32 * (128 + 128) * 2 },
  // Jamba: attention in 4 of 32 layers (i % 8 == 4); Mamba state d_inner = 2 × 4096 by d_state 16, conv width 4
  "jamba-1.5-mini.json": { kv: 4 * 8 * (128 + 128) * 2, state: 28 * (8192 * 16 + 8192 * (4 - 1)) * 2 },
  // Qwen3-Next: full attention in 12 of 48 layers; Gated DeltaNet 32 value heads × 128 × 128, conv over 2·16·128 + 32·128 channels
  "qwen3-next-80b-a3b.json": { kv: 12 * 2 * (256 + 256) * 2, state: 36 * (32 * 128 * 128 + (2 * 16 * 128 + 32 * 128) * (4 - 1)) * 2 },
};

/**
 * Active parameters, by each publisher's convention: "all" counts every parameter a token uses
 * (embedding row and output head included); DeepSeek-V2-Lite's 2.4B leaves out the input embedding;
 * Qwen3-Next's "A3B" leaves out the embedding and the output head and is rounded to 3B (10%).
 */
const ACTIVE: Record<string, { convention: "all" | "excludes input embedding" | "excludes embedding and output head"; tolerance: number }> = {
  "mixtral-8x7b-v0.1-mlc.json": { convention: "all", tolerance: 0.03 },
  "qwen1.5-moe-a2.7b.json": { convention: "all", tolerance: 0.03 },
  "deepseek-moe-16b.json": { convention: "all", tolerance: 0.03 },
  "deepseek-v2-lite.json": { convention: "excludes input embedding", tolerance: 0.03 },
  "jamba-1.5-mini.json": { convention: "all", tolerance: 0.03 },
  "qwen3-next-80b-a3b.json": { convention: "excludes embedding and output head", tolerance: 0.1 },
};

describe("config corpus: real config.json files", () => {
  it("has at least 40 configs, each with a source, where it was copied from and a published count", () => {
    expect(MANIFEST.length).toBeGreaterThanOrEqual(40);
    for (const e of MANIFEST) {
      expect(e.source, e.file).toMatch(/^https:\/\/huggingface\.co\/.+\/config\.json$/);
      expect(e.copiedFrom.length, e.file).toBeGreaterThan(10);
      expect(e.publishedTotalParams, e.file).toBeGreaterThan(1e7);
      expect(HAND[e.file], `hand count for ${e.file}`).toBeDefined();
    }
  });

  for (const e of MANIFEST) {
    it(`${e.model}: total within 3% of the published ${e.publishedTotalParams.toExponential(3)}; KV/state bytes equal the hand count`, () => {
      const m = load(e.file);
      expect(Math.abs(m.totalParams / e.publishedTotalParams - 1), `${e.file}: counted ${m.totalParams}`).toBeLessThan(0.03);
      const hand = HAND[e.file]!;
      const r = analyzeStep({ model: m, hardware: getHardware("h100"), batch: { value: 1, origin: { kind: "user", name: "test" } }, contextTokens: { value: 100_000, origin: { kind: "user", name: "test" } } });
      const d = r.derivations;
      expect(d["kvBytesPerToken"]!.value, `${e.file} full-context KV bytes/token`).toBe(hand.kv);
      if (hand.windowed !== undefined) {
        expect(d["windowedKvBytesPerToken"]!.value, `${e.file} windowed KV bytes/token`).toBe(hand.windowed);
        expect(m.attention.windowTokens).toBe(hand.window);
      } else {
        expect(d["windowedKvBytesPerToken"], `${e.file} has no windowed layers`).toBeUndefined();
      }
      if (hand.state !== undefined) {
        expect(d["stateBytesPerSequence"]!.value, `${e.file} state bytes/sequence`).toBe(hand.state);
        // read and written each step: twice the state, whatever the context
        expect(d["stateBytesTouchedPerSequence"]!.value).toBe(2 * hand.state);
      } else {
        expect(m.state).toBeNull();
      }
      for (const x of Object.values(d)) expect(Number.isFinite(x.value), x.title).toBe(true);
    });
  }

  for (const [file, { convention, tolerance }] of Object.entries(ACTIVE)) {
    it(`${file}: active parameters (${convention}) match the published count`, () => {
      const e = MANIFEST.find((x) => x.file === file)!;
      const m = load(file);
      const a = m.architecture!;
      const embedding = a.vocabSize * a.hiddenSize;
      const head = a.tieEmbeddings ? 0 : embedding;
      const active = convention === "all" ? m.activeParams : convention === "excludes input embedding" ? m.activeParams - embedding : m.activeParams - embedding - head;
      expect(Math.abs(active / e.publishedActiveParams! - 1), `${file}: ${active}`).toBeLessThan(tolerance);
    });
  }
});

describe("architectures that loaded silently wrong", () => {
  it("Jamba: only 4 of 32 layers attend, MoE every other layer, Mamba state per sequence", () => {
    const m = load("jamba-1.5-mini.json");
    const a = m.architecture!;
    expect(a.layerMixers.filter((x) => x === "attention").length).toBe(4);
    expect(m.moe!.moeLayers).toBe(16);
    expect(m.state!.layers).toBe(28);
    expect(m.notes.join(" ")).toMatch(/28 of 32 layers are Mamba/);
  });

  it("Qwen3-Next: 36 of 48 layers are Gated DeltaNet; KV only from the 12 attention layers", () => {
    const m = load("qwen3-next-80b-a3b.json");
    expect(m.attention.fullLayers).toBe(12);
    expect(m.state!.kind).toBe("gated-deltanet");
  });

  it("the state does not grow with context; attention KV does", () => {
    const m = load("qwen3-next-80b-a3b.json");
    const at = (ctx: number) => analyzeStep({ model: m, hardware: getHardware("h100"), contextTokens: { value: ctx, origin: { kind: "user", name: "t" } } }).derivations;
    const a = at(1000);
    const b = at(2000);
    expect(b["stateBytesPerSequence"]!.value).toBe(a["stateBytesPerSequence"]!.value);
    expect(b["attentionKvBytesPerSequence"]!.value).toBe(2 * a["attentionKvBytesPerSequence"]!.value);
    // the pass reads the attention KV and reads + writes the state
    expect(a["kvBytesPerSequence"]!.value).toBe(a["attentionKvBytesPerSequence"]!.value + 2 * a["stateBytesPerSequence"]!.value);
    expect(a["flopPerToken"]!.inputs.length).toBeGreaterThan(0);
    expect(a["stateFlopPerToken"]!.value).toBe(4 * 36 * a["stateValuesPerLayer"]!.value);
  });

  it("Gemma 2 alternates local and global layers (not Gemma 3's 5:1)", () => {
    const m = load("gemma-2-9b.json");
    expect(m.attention.windowedLayers).toBe(21);
    expect(m.attention.fullLayers).toBe(21);
  });

  it("StarCoder2's MLP is plain GELU with biases (two matrices), not gated", () => {
    const a = load("starcoder2-7b.json").architecture!;
    expect(a.gatedFfn).toBe(false);
    expect(a.ffnBias).toBe(true);
  });

  it("GPT-2, GPT-J and Phi-2 (n_inner null) get an FFN 4 × hidden wide and say so", () => {
    for (const f of ["gpt2.json", "gpt-j-6b.json", "phi-2.json"]) {
      const m = load(f);
      expect(m.architecture!.denseIntermediateSize).toBe(4 * m.architecture!.hiddenSize);
      expect(m.notes.join(" ")).toMatch(/4 × hidden_size/);
    }
  });

  it("LLaVA's vision tower is counted, shown as such, and not active for text", () => {
    const m = load("llava-1.5-7b.json");
    const tower = m.parameters!.parts.find((p) => p.id === "visionTower")!;
    expect(tower.total).toBeGreaterThan(2.5e8);
    expect(tower.active).toBe(0);
    expect(tower.label).toMatch(/not run by a text-only request/);
    expect(m.notes.join(" ")).toMatch(/text-only request does not run it/);
    expect(m.alwaysReadParams).toBeLessThan(m.totalParams - tower.total);
  });
});

describe("configs refused or misread before", () => {
  const base = () => JSON.parse(readFileSync(join(DIR, "qwen3-next-80b-a3b.json"), "utf8")) as Record<string, unknown>;

  it("shared_expert_intermediate_size 0 means no shared expert (Qwen3-Coder-480B's config)", () => {
    const a = parseHuggingFaceConfig({ ...base(), model_type: "qwen3_moe", shared_expert_intermediate_size: 0, linear_num_value_heads: undefined, full_attention_interval: undefined });
    expect(a.moe!.sharedExperts).toBe(0);
  });

  it("Gemma 4's top_k_experts is read as experts per token", () => {
    const cfg = { ...base(), model_type: "gemma4_text", num_experts_per_tok: undefined, top_k_experts: 8, linear_num_value_heads: undefined, full_attention_interval: undefined };
    expect(parseHuggingFaceConfig(cfg).moe!.expertsPerToken).toBe(8);
  });

  it("experts per token above the routed experts is refused, naming both", () => {
    const ds = JSON.parse(readFileSync(join(DIR, "deepseek-v2-lite.json"), "utf8"));
    expect(() => parseHuggingFaceConfig({ ...ds, num_experts_per_tok: 300 }, { file: "ds.json" })).toThrow(/ds\.json: num_experts_per_tok: got "300"\. Expected at most the number of routed experts \(64\)/);
  });

  it("layer counts past the limit are refused before anything is allocated", () => {
    const cfg = JSON.parse(readFileSync(join(DIR, "llama-2-7b.json"), "utf8"));
    for (const n of [1e8, 1e9]) expect(() => parseHuggingFaceConfig({ ...cfg, num_hidden_layers: n }, { file: "c.json" })).toThrow(/c\.json: num_hidden_layers: got "\d+"\. Expected a whole number ≥ 1 and ≤ 4,096 \(layers\)/);
  });

  it("an encoder, an RNN or a pure state-space model is refused with what it is", () => {
    expect(() => parseHuggingFaceConfig({ model_type: "t5", d_model: 512 }, { file: "t5.json" })).toThrow(/t5\.json: model_type: got "t5"\. Expected a decoder-only language model with attention layers; this is an encoder-decoder/);
    expect(() => parseHuggingFaceConfig({ model_type: "rwkv5", hidden_size: 2560 })).toThrow(/RNN \(RWKV-5\)/);
  });

  it("a missing field names the field and the family, not 'is this a decoder-only transformer?'", () => {
    const cfg = JSON.parse(readFileSync(join(DIR, "olmo-2-7b.json"), "utf8"));
    delete cfg.intermediate_size;
    let message = "";
    try {
      parseHuggingFaceConfig(cfg, { file: "olmo.json" });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/^olmo\.json: intermediate_size or n_inner or ffn_dim or ffn_hidden_size: missing\. Expected a whole number \(FFN width\), ≥ 1\. model_type "olmo2" needs it/);
    expect(message).not.toMatch(/decoder-only transformer\?/);
  });
});

describe("Nemotron-H and DeciLM block patterns", () => {
  // Nemotron-3-Nano's published shape (hidden 2688, 52 blocks, Mamba-2 64 × 64 heads, state 128, 8 groups),
  // with the MoE fields its model card gives; a synthetic config, not in the corpus.
  const nano = {
    architectures: ["NemotronHForCausalLM"],
    model_type: "nemotron_h",
    hidden_size: 2688,
    hybrid_override_pattern: "MEMEM*EMEMEM*EMEMEM*EMEMEM*EMEMEM*EMEMEMEM*EMEMEMEME",
    num_hidden_layers: 52,
    num_attention_heads: 32,
    num_key_value_heads: 2,
    head_dim: 128,
    mamba_num_heads: 64,
    mamba_head_dim: 64,
    n_groups: 8,
    ssm_state_size: 128,
    conv_kernel: 4,
    mlp_hidden_act: "relu2",
    intermediate_size: 1856,
    n_routed_experts: 128,
    num_experts_per_tok: 6,
    moe_intermediate_size: 1856,
    moe_shared_expert_intermediate_size: 3712,
    max_position_embeddings: 262144,
    vocab_size: 131072,
    tie_word_embeddings: false,
    time_step_limit: [0.0, Infinity],
  };

  it("reads the pattern: M Mamba-2, * attention, E MoE; one norm per block; plain relu² experts", () => {
    const a = parseHuggingFaceConfig(nano);
    expect(a.layerMixers.filter((x) => x === "attention").length).toBe(6);
    expect(a.recurrent!.layers).toBe(23);
    expect(a.moe!.moeLayers.filter(Boolean).length).toBe(23);
    expect(a.expertsGated).toBe(false);
    expect(a.normsPerLayer).toBe(1);
    // state per layer: 64 heads × 64 × 128, plus conv over 64·64 + 2·8·128 channels × 3
    const m = modelFromJson(nano, "nano.json");
    expect(m.state!.valuesPerLayer).toBe(64 * 64 * 128 + (64 * 64 + 2 * 8 * 128) * 3);
    expect(m.attention.fullKvValuesPerToken).toBe(6 * 2 * (128 + 128));
  });

  it("an unknown pattern character is named", () => {
    expect(() => parseHuggingFaceConfig({ ...nano, hybrid_override_pattern: `${nano.hybrid_override_pattern.slice(0, 51)}X` }, { file: "n.json" })).toThrow(/n\.json: hybrid_override_pattern\[51\]: got "X"/);
  });

  it("block_configs: per-layer KV heads, skipped attention and FFN widths", () => {
    const cfg = {
      model_type: "nemotron-nas",
      hidden_size: 1024,
      num_hidden_layers: 3,
      num_attention_heads: 16,
      vocab_size: 1000,
      max_position_embeddings: 4096,
      block_configs: [
        { attention: { n_heads_in_group: 8, no_op: false }, ffn: { ffn_mult: 1.5 } },
        { attention: { no_op: true }, ffn: { ffn_mult: 3 } },
        { attention: { n_heads_in_group: 4 }, ffn: { no_op: true } },
      ],
    };
    const a = parseHuggingFaceConfig(cfg);
    expect(a.layerKvHeads).toEqual([2, 0, 4]);
    expect(a.layerMixers).toEqual(["attention", "none", "attention"]);
    // DeciLM: width = 2/3 × ffn_mult × hidden, rounded up to a multiple of 256
    expect(a.denseWidths).toEqual([1024, 2048, 0]);
    const m = modelFromJson(cfg, "nas.json");
    expect(m.attention.fullKvValuesPerToken).toBe(2 * (64 + 64) + 4 * (64 + 64));
  });
});

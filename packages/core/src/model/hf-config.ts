/**
 * Reads a Hugging Face `config.json` (and DeepSeek's own inference config format) into an
 * ArchitectureSpec. Covers Llama 3/4, Qwen2.5/3 (dense and MoE), Mixtral/Mistral, DeepSeek-V3/R1/V3.2
 * (MLA, shared experts, first dense layers, MTP, DSA), Kimi K2, gpt-oss (alternating sliding windows),
 * Gemma 3 and GLM-4.x MoE. Every problem names the field, the value and what was expected.
 */
import { quoteValue, RooflineError } from "../errors.ts";
import type { Precision } from "../precision.ts";
import type { ArchitectureSpec, DsaSpec, MlaSpec, MoeSpec, WindowKind } from "./architecture.ts";

type Json = Record<string, unknown>;

class Reader {
  constructor(
    readonly cfg: Json,
    readonly file: string,
  ) {}
  has(key: string): boolean {
    return this.cfg[key] !== undefined && this.cfg[key] !== null;
  }
  field(key: string): string {
    return `${this.file}: ${key}`;
  }
  /** A positive whole number; the first present of `keys`. */
  int(keys: string | string[], opts: { min?: number; optional?: false }): number;
  int(keys: string | string[], opts: { min?: number; optional: true }): number | undefined;
  /** Sizes beyond 10⁹ (a hidden size, a vocabulary, a context) are typos, and would overflow the arithmetic. */
  int(keys: string | string[], opts: { min?: number; optional?: boolean } = {}): number | undefined {
    const list = Array.isArray(keys) ? keys : [keys];
    const key = list.find((k) => this.has(k));
    if (key === undefined) {
      if (opts.optional) return undefined;
      throw new RooflineError({
        code: "missing-field",
        field: this.field(list.join(" or ")),
        expected: "a whole number",
        hint: "Is this a Hugging Face config.json of a decoder-only transformer?",
      });
    }
    const v = this.cfg[key];
    const min = opts.min ?? 1;
    const max = 1e9;
    if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max) {
      throw new RooflineError({
        code: typeof v === "number" ? "out-of-range" : "wrong-type",
        field: this.field(key),
        value: typeof v === "number" ? quoteValue(v) : `${quoteValue(v)} (${Array.isArray(v) ? "an array" : v === null ? "null" : `a ${typeof v}`})`,
        expected: `a whole number ≥ ${min} and ≤ 1e9`,
      });
    }
    return v;
  }
  bool(key: string, fallback: boolean): boolean {
    const v = this.cfg[key];
    if (v === undefined || v === null) return fallback;
    if (typeof v !== "boolean") {
      throw new RooflineError({ code: "wrong-type", field: this.field(key), value: quoteValue(v), expected: "true or false" });
    }
    return v;
  }
  str(key: string): string | undefined {
    const v = this.cfg[key];
    return typeof v === "string" ? v : undefined;
  }
}

function isObject(v: unknown): v is Json {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function releasedPrecision(cfg: Json, root: Json): Precision {
  const q = (root["quantization_config"] ?? cfg["quantization_config"]) as Json | undefined;
  if (isObject(q)) {
    const method = String(q["quant_method"] ?? "").toLowerCase();
    if (method === "mxfp4") return "mxfp4";
    if (method === "fp8" || String(q["fmt"] ?? "").startsWith("e4m3")) return "fp8";
  }
  const dtype = String(root["dtype"] ?? cfg["dtype"] ?? root["torch_dtype"] ?? cfg["torch_dtype"] ?? "bfloat16").toLowerCase();
  if (dtype === "fp8") return "fp8";
  if (dtype.includes("float16") && !dtype.includes("bfloat")) return "fp16";
  if (dtype.includes("float32")) return "fp32";
  return "bf16";
}

/** True for DeepSeek's reference-inference format (dim, n_layers, inter_dim…). */
function isDeepSeekInferenceFormat(cfg: Json): boolean {
  return cfg["dim"] !== undefined && cfg["n_layers"] !== undefined;
}

export interface ParseOptions {
  id?: string;
  name?: string;
  /** How the file is named in messages. */
  file?: string;
}

export function parseHuggingFaceConfig(json: unknown, options: ParseOptions = {}): ArchitectureSpec {
  const file = options.file ?? "config.json";
  if (!isObject(json)) {
    throw new RooflineError({ code: "wrong-type", field: file, value: quoteValue(json), expected: "a JSON object (a Hugging Face config.json)" });
  }
  const root = json;
  const nested = root["text_config"];
  const cfg: Json = isObject(nested) ? { ...nested } : root;
  const r = new Reader(cfg, isObject(nested) ? `${file}: text_config` : file);
  const notes: string[] = [];
  const modelType = String(cfg["model_type"] ?? root["model_type"] ?? (isDeepSeekInferenceFormat(cfg) ? "deepseek_v3_inference" : "unknown"));
  const ds = isDeepSeekInferenceFormat(cfg);

  const hiddenSize = r.int(ds ? "dim" : ["hidden_size", "d_model", "n_embd"], {});
  const numLayers = r.int(ds ? "n_layers" : ["num_hidden_layers", "n_layer", "num_layers"], {});
  const vocabSize = r.int("vocab_size", {});
  const numHeads = r.int(ds ? "n_heads" : ["num_attention_heads", "n_head"], {});
  const numKvHeads = r.int(["num_key_value_heads"], { optional: true }) ?? numHeads;
  if (numHeads % numKvHeads !== 0) {
    throw new RooflineError({
      code: "out-of-range",
      field: r.field("num_key_value_heads"),
      value: String(numKvHeads),
      expected: `a divisor of num_attention_heads (${numHeads})`,
    });
  }

  // --- attention ---------------------------------------------------------------------------
  let mla: MlaSpec | null = null;
  if (r.has("kv_lora_rank")) {
    mla = {
      kvLoraRank: r.int("kv_lora_rank", {}),
      qLoraRank: r.int("q_lora_rank", { optional: true }) ?? null,
      qkRopeHeadDim: r.int("qk_rope_head_dim", {}),
      qkNopeHeadDim: r.int("qk_nope_head_dim", {}),
      vHeadDim: r.int("v_head_dim", {}),
    };
  }
  let dsa: DsaSpec | null = null;
  if (r.has("index_topk")) {
    dsa = { indexHeads: r.int("index_n_heads", {}), indexHeadDim: r.int("index_head_dim", {}), topK: r.int("index_topk", {}) };
  }
  const headDim = r.int("head_dim", { optional: true }) ?? hiddenSize / numHeads;
  if (!Number.isInteger(headDim)) {
    throw new RooflineError({
      code: "missing-field",
      field: r.field("head_dim"),
      expected: `head_dim, since hidden_size (${hiddenSize}) is not a multiple of num_attention_heads (${numHeads})`,
    });
  }
  const headDimQk = mla ? mla.qkNopeHeadDim + mla.qkRopeHeadDim : headDim;
  const headDimV = mla ? mla.vHeadDim : headDim;

  const attentionBias = r.bool("attention_bias", false);
  const qkvBias = attentionBias || modelType === "qwen2";
  const outputBias = attentionBias && modelType !== "qwen2";
  const qkNorm = modelType === "qwen3" || modelType === "qwen3_moe" || modelType.startsWith("gemma3") || (r.bool("use_qk_norm", false) && !modelType.startsWith("llama4"));

  // --- windows ------------------------------------------------------------------------------
  let layerWindows: (number | null)[] = new Array<number | null>(numLayers).fill(null);
  let windowKind: WindowKind | null = null;
  const layerTypes = cfg["layer_types"];
  const slidingWindow = r.int("sliding_window", { optional: true });
  if (Array.isArray(layerTypes)) {
    if (layerTypes.length !== numLayers) {
      throw new RooflineError({
        code: "out-of-range",
        field: r.field("layer_types"),
        value: `${layerTypes.length} entries`,
        expected: `one entry per layer (${numLayers})`,
      });
    }
    layerWindows = layerTypes.map((t, i) => {
      if (t === "full_attention") return null;
      if (t === "sliding_attention") {
        if (slidingWindow === undefined) {
          throw new RooflineError({ code: "missing-field", field: r.field("sliding_window"), expected: `a window size, since layer_types[${i}] is sliding_attention` });
        }
        return slidingWindow;
      }
      throw new RooflineError({ code: "unsupported-config", field: r.field(`layer_types[${i}]`), value: quoteValue(t), expected: '"full_attention" or "sliding_attention"' });
    });
    if (layerWindows.some((w) => w !== null)) windowKind = "sliding";
  } else if (modelType.startsWith("gemma") && slidingWindow !== undefined) {
    const pattern = r.int("sliding_window_pattern", { optional: true }) ?? 6;
    layerWindows = layerWindows.map((_, i) => ((i + 1) % pattern === 0 ? null : slidingWindow));
    windowKind = "sliding";
  } else if (r.has("attention_chunk_size")) {
    // Llama 4 iRoPE: RoPE layers use chunked local attention; every 4th layer is a global NoPE layer.
    const chunk = r.int("attention_chunk_size", {});
    const noRope = cfg["no_rope_layers"];
    if (Array.isArray(noRope) && noRope.length === numLayers) {
      layerWindows = noRope.map((useRope) => (useRope ? chunk : null));
    } else {
      const interval = r.int("no_rope_layer_interval", { optional: true }) ?? 4;
      layerWindows = layerWindows.map((_, i) => ((i + 1) % interval === 0 ? null : chunk));
      notes.push(`no_rope_layers absent: assumed transformers' default, a global NoPE layer every ${interval} layers and chunked (${chunk}-token) attention elsewhere`);
    }
    windowKind = "chunked";
  } else if (slidingWindow !== undefined && (modelType === "mistral" || modelType === "mixtral")) {
    layerWindows = layerWindows.map(() => slidingWindow);
    windowKind = "sliding";
  } else if (slidingWindow !== undefined && r.bool("use_sliding_window", false)) {
    // Qwen2-style: the first max_window_layers layers attend fully, the rest use the window.
    const fullLayers = r.int("max_window_layers", { min: 0, optional: true }) ?? 0;
    layerWindows = layerWindows.map((_, i) => (i < fullLayers ? null : slidingWindow));
    windowKind = "sliding";
  }

  // --- FFN and experts ----------------------------------------------------------------------
  const gatedFfn = true; // every supported family uses SwiGLU/GeGLU
  let denseIntermediateSize: number | null = null;
  let moe: MoeSpec | null = null;
  const ffnBias = false;
  if (ds) {
    denseIntermediateSize = r.int("inter_dim", {});
    const firstDense = r.int("n_dense_layers", { min: 0 });
    moe = {
      routedExperts: r.int("n_routed_experts", {}),
      expertsPerToken: r.int("n_activated_experts", {}),
      expertIntermediateSize: r.int("moe_inter_dim", {}),
      sharedExperts: r.int("n_shared_experts", { min: 0 }),
      sharedIntermediateSize: r.int("moe_inter_dim", {}),
      moeLayers: Array.from({ length: numLayers }, (_, i) => i >= firstDense),
      routerBias: (cfg["score_func"] ?? "") === "sigmoid",
      expertBias: false,
    };
  } else if (r.has("n_routed_experts")) {
    // DeepSeek-V3 family (also Kimi K2, GLM-4.x MoE)
    denseIntermediateSize = r.int("intermediate_size", {});
    const firstDense = r.int("first_k_dense_replace", { min: 0, optional: true }) ?? 0;
    const freq = r.int("moe_layer_freq", { optional: true }) ?? 1;
    const expertSize = r.int("moe_intermediate_size", {});
    moe = {
      routedExperts: r.int("n_routed_experts", {}),
      expertsPerToken: r.int("num_experts_per_tok", {}),
      expertIntermediateSize: expertSize,
      sharedExperts: r.int("n_shared_experts", { min: 0, optional: true }) ?? 0,
      sharedIntermediateSize: expertSize,
      moeLayers: Array.from({ length: numLayers }, (_, i) => i >= firstDense && i % freq === 0),
      routerBias: r.str("topk_method") === "noaux_tc",
      expertBias: false,
    };
  } else if (r.has("num_local_experts") || r.has("num_experts")) {
    const routed = r.int(["num_local_experts", "num_experts"], {});
    const perToken = r.int(["num_experts_per_tok", "experts_per_token"], {});
    if (modelType.startsWith("llama4")) {
      const step = r.int("interleave_moe_layer_step", { optional: true }) ?? 1;
      const expertSize = r.int("intermediate_size", {});
      denseIntermediateSize = step > 1 ? r.int("intermediate_size_mlp", {}) : null;
      moe = {
        routedExperts: routed,
        expertsPerToken: perToken,
        expertIntermediateSize: expertSize,
        sharedExperts: 1,
        sharedIntermediateSize: expertSize,
        moeLayers: Array.from({ length: numLayers }, (_, i) => (i + 1) % step === 0),
        routerBias: false,
        expertBias: false,
      };
    } else if (modelType === "qwen3_moe" || r.has("moe_intermediate_size")) {
      const step = r.int("decoder_sparse_step", { optional: true }) ?? 1;
      const mlpOnly = Array.isArray(cfg["mlp_only_layers"]) ? (cfg["mlp_only_layers"] as unknown[]).map(Number) : [];
      const moeLayers = Array.from({ length: numLayers }, (_, i) => !mlpOnly.includes(i) && (i + 1) % step === 0);
      denseIntermediateSize = moeLayers.every(Boolean) ? null : r.int("intermediate_size", {});
      const sharedSize = r.int("shared_expert_intermediate_size", { optional: true });
      moe = {
        routedExperts: routed,
        expertsPerToken: perToken,
        expertIntermediateSize: r.int("moe_intermediate_size", {}),
        sharedExperts: sharedSize ? 1 : 0,
        sharedIntermediateSize: sharedSize ?? 0,
        moeLayers,
        routerBias: false,
        expertBias: false,
      };
    } else {
      // Mixtral, gpt-oss: every layer MoE, experts as wide as intermediate_size
      const isGptOss = modelType === "gpt_oss";
      moe = {
        routedExperts: routed,
        expertsPerToken: perToken,
        expertIntermediateSize: r.int("intermediate_size", {}),
        sharedExperts: 0,
        sharedIntermediateSize: 0,
        moeLayers: new Array<boolean>(numLayers).fill(true),
        routerBias: isGptOss,
        expertBias: isGptOss,
      };
    }
    if (moe.expertsPerToken > moe.routedExperts) {
      throw new RooflineError({
        code: "out-of-range",
        field: r.field("num_experts_per_tok"),
        value: String(moe.expertsPerToken),
        expected: `at most the number of experts (${moe.routedExperts})`,
      });
    }
  } else {
    denseIntermediateSize = r.int(["intermediate_size", "n_inner", "ffn_dim"], {});
  }

  const mtpLayers = r.int(["num_nextn_predict_layers"], { min: 0, optional: true }) ?? 0;
  const maxContextTokens = ds ? 163_840 : r.int(["max_position_embeddings", "n_positions"], {});
  if (ds) notes.push("DeepSeek inference format carries no context length; 163,840 (the HF config's max_position_embeddings) assumed");

  return {
    id: options.id ?? String(root["_name_or_path"] ?? modelType),
    name: options.name ?? options.id ?? modelType,
    readFrom: file,
    hiddenSize,
    numLayers,
    vocabSize,
    tieEmbeddings: r.bool("tie_word_embeddings", modelType.startsWith("gemma")),
    learnedPositions: 0,
    numHeads,
    numKvHeads: mla ? numHeads : numKvHeads,
    headDimQk,
    headDimV,
    mla,
    dsa,
    qkvBias,
    outputBias,
    qkNorm,
    layerWindows,
    windowKind,
    gatedFfn,
    ffnBias,
    denseIntermediateSize,
    moe,
    normParamsPerNorm: 1,
    mtpLayers,
    maxContextTokens,
    releasedWeightPrecision: releasedPrecision(cfg, root),
    readNotes: notes,
  };
}

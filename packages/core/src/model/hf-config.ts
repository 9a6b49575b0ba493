/**
 * Reads a Hugging Face `config.json` (and DeepSeek's own inference config format) into an
 * ArchitectureSpec. Covers Llama 2/3/4, Mistral/Mixtral, Qwen 1.5–3.5 (dense, MoE, Qwen3-Next's and
 * Qwen3.5's Gated DeltaNet hybrids), DeepSeek V1–V3.2 (MLA, shared experts, MTP, DSA), Kimi K2, GLM-4.x,
 * gpt-oss, Gemma 1–4 (local/global layers), Phi 1.5–4, OLMo 2, Cohere, StableLM, StarCoder 1/2,
 * GPT-2, GPT-J, GPT-NeoX, Falcon, Jamba and Nemotron-H (Mamba hybrids), DeciLM/Nemotron-Super
 * `block_configs`, and vision/audio towers beside the language model.
 * Every problem names the field, the value and what was expected.
 */
import { quoteValue, RooflineError } from "../errors.ts";
import type { Precision } from "../precision.ts";
import {
  CONFIG_LIMITS,
  type ArchitectureSpec,
  type DsaSpec,
  type GlobalAttentionSpec,
  type LayerFfn,
  type LayerMixer,
  type MlaSpec,
  type MoeSpec,
  type RecurrentSpec,
  type TowerSpec,
  type WindowKind,
} from "./architecture.ts";

type Json = Record<string, unknown>;

/** Families roofline reads, for messages about configs it cannot. */
const KNOWN_FAMILIES =
  "Llama, Mistral/Mixtral, Qwen 1.5–3.5, DeepSeek, Kimi K2, GLM-4, gpt-oss, Gemma 1–4, Phi, OLMo 2, Cohere, StableLM, StarCoder 1/2, GPT-2, GPT-J, GPT-NeoX, Falcon, Jamba, Nemotron-H, DeciLM";

/** FFNs with two matrices and a plain activation (GELU, ReLU²) rather than a gated one (SwiGLU/GeGLU). */
const PLAIN_FFN_TYPES = new Set(["gpt2", "gpt_bigcode", "gptj", "gpt_neox", "gpt_neo", "phi", "phi-msft", "falcon", "RefinedWeb", "RefinedWebModel", "starcoder2", "bloom", "opt", "nemotron", "nemotron_h", "mpt", "codegen"]);
/** Models whose attention and MLP read the same normalised input in parallel (one norm per layer). */
const PARALLEL_BLOCK_TYPES = new Set(["gptj", "phi", "phi-msft", "cohere", "cohere2", "codegen"]);
/** LayerNorm with a bias (2 parameters per channel) rather than RMSNorm. */
const LAYERNORM_TYPES = new Set(["gpt2", "gpt_bigcode", "gptj", "gpt_neox", "gpt_neo", "phi", "phi-msft", "falcon", "RefinedWeb", "RefinedWebModel", "starcoder2", "stablelm", "bloom", "opt", "mpt", "codegen"]);
/** Model types that are not decoder-only language models at all. */
const NOT_DECODERS: Record<string, string> = {
  t5: "an encoder-decoder (T5)",
  mt5: "an encoder-decoder (mT5)",
  bart: "an encoder-decoder (BART)",
  bert: "an encoder (BERT): it generates no tokens",
  roberta: "an encoder (RoBERTa): it generates no tokens",
  whisper: "a speech encoder-decoder (Whisper)",
  rwkv: "an RNN (RWKV) with no attention layers",
  rwkv5: "an RNN (RWKV-5) with no attention layers",
  rwkv6: "an RNN (RWKV-6) with no attention layers",
  mamba: "a pure state-space model (Mamba) with no attention layers",
  mamba2: "a pure state-space model (Mamba-2) with no attention layers",
  falcon_mamba: "a pure state-space model (Falcon-Mamba) with no attention layers",
};

class Reader {
  constructor(
    readonly cfg: Json,
    readonly file: string,
    readonly modelType: string,
  ) {}
  has(key: string): boolean {
    return this.cfg[key] !== undefined && this.cfg[key] !== null;
  }
  field(key: string): string {
    return `${this.file}: ${key}`;
  }
  /** A positive whole number; the first present of `keys`. `what` says what the number is, for messages. */
  int(keys: string | string[], opts: { min?: number; max?: number; optional?: false; what?: string }): number;
  int(keys: string | string[], opts: { min?: number; max?: number; optional: true; what?: string }): number | undefined;
  int(keys: string | string[], opts: { min?: number; max?: number; optional?: boolean; what?: string } = {}): number | undefined {
    const list = Array.isArray(keys) ? keys : [keys];
    const key = list.find((k) => this.has(k));
    const min = opts.min ?? 1;
    const max = opts.max ?? 1e9;
    if (key === undefined) {
      if (opts.optional) return undefined;
      throw new RooflineError({
        code: "missing-field",
        field: this.field(list.join(" or ")),
        expected: `a whole number${opts.what ? ` (${opts.what})` : ""}, ≥ ${min}`,
        hint: `model_type "${quoteValue(this.modelType, 40)}" needs it; roofline reads ${KNOWN_FAMILIES}.`,
      });
    }
    const v = this.cfg[key];
    if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max) {
      throw new RooflineError({
        code: typeof v === "number" ? "out-of-range" : "wrong-type",
        field: this.field(key),
        value: typeof v === "number" ? quoteValue(v) : `${quoteValue(v)} (${Array.isArray(v) ? "an array" : v === null ? "null" : `a ${typeof v}`})`,
        expected: `a whole number ≥ ${min} and ≤ ${max.toLocaleString("en-US")}${opts.what ? ` (${opts.what})` : ""}`,
      });
    }
    return v;
  }
  /** A positive number (not necessarily whole). */
  num(key: string, opts: { max: number; what: string }): number | undefined {
    const v = this.cfg[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== "number" || !Number.isFinite(v) || v <= 0 || v > opts.max) {
      throw new RooflineError({ code: typeof v === "number" ? "out-of-range" : "wrong-type", field: this.field(key), value: quoteValue(v), expected: `${opts.what}, > 0 and ≤ ${opts.max}` });
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
  width(keys: string | string[], what: string): number {
    return this.int(keys, { max: CONFIG_LIMITS.maxWidth, what });
  }
  optWidth(keys: string | string[], what: string, min = 1): number | undefined {
    return this.int(keys, { max: CONFIG_LIMITS.maxWidth, what, optional: true, min });
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

/** transformers' LlamaConfig defaults, for nested text configs that omit them. */
const LLAMA_DEFAULTS: Record<string, number> = { hidden_size: 4096, intermediate_size: 11008, num_hidden_layers: 32, num_attention_heads: 32, max_position_embeddings: 2048 };

/** Where the language model sits in a multimodal config (text_config, llm_config…), if nested. */
const TEXT_KEYS = ["text_config", "llm_config", "language_config"] as const;

/**
 * Group-limited routing (DeepSeek-V2/V3): `gKey` groups of routed experts, a token's experts from at
 * most `kKey` of them. Null when the config states no limit (absent, one group, or every group).
 */
function routingGroups(r: Reader, gKey: string, kKey: string, experts: number): { groups: number; groupsPerToken: number } | null {
  const groups = r.int(gKey, { optional: true, max: experts });
  const perToken = r.int(kKey, { optional: true, max: experts });
  if (groups === undefined || perToken === undefined || groups < 2) return null;
  const bad = experts % groups ? [gKey, groups, `a divisor of the ${experts} routed experts`] : perToken > groups ? [kKey, perToken, `at most ${gKey} (${groups})`] : null;
  if (bad) throw new RooflineError({ code: "out-of-range", field: r.field(String(bad[0])), value: String(bad[1]), expected: String(bad[2]) });
  return perToken < groups ? { groups, groupsPerToken: perToken } : null;
}

function arrayOf(r: Reader, key: string, numLayers: number): unknown[] | undefined {
  const v = r.cfg[key];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v)) throw new RooflineError({ code: "wrong-type", field: r.field(key), value: quoteValue(v), expected: "a list with one entry per layer" });
  if (v.length !== numLayers) {
    throw new RooflineError({ code: "out-of-range", field: r.field(key), value: `${v.length} entries`, expected: `one entry per layer (${numLayers})` });
  }
  return v;
}

/** Mamba-1 (Jamba): d_inner = expand·h, selective scan state d_inner × d_state. */
function mamba1(r: Reader, h: number, layers: number): RecurrentSpec {
  const expand = r.int("mamba_expand", { what: "Mamba expansion factor", max: 64 });
  const dState = r.int("mamba_d_state", { what: "Mamba state size", max: CONFIG_LIMITS.maxWidth });
  const dConv = r.int("mamba_d_conv", { what: "Mamba convolution width", max: 1024 });
  const dInner = expand * h;
  const dtRank = r.int("mamba_dt_rank", { what: "Mamba Δ rank", max: CONFIG_LIMITS.maxWidth, optional: true }) ?? Math.ceil(h / 16);
  const convBias = r.bool("mamba_conv_bias", true);
  const projBias = r.bool("mamba_proj_bias", false);
  const params =
    h * 2 * dInner + (projBias ? 2 * dInner : 0) + // in_proj
    dInner * dConv + (convBias ? dInner : 0) + // depthwise conv
    dInner * (dtRank + 2 * dState) + // x_proj → Δ, B, C
    dtRank * dInner + dInner + // dt_proj
    dInner * dState + dInner + // A_log, D
    dInner * h + (projBias ? h : 0) + // out_proj
    (r.modelType === "jamba" ? dtRank + 2 * dState : 0); // Jamba's Δ/B/C norms
  return { kind: "mamba", layers, heads: 1, rows: dInner, cols: dState, convChannels: dInner, convKernel: dConv, paramsPerLayer: params, readFrom: "mamba_expand × hidden_size, mamba_d_state, mamba_d_conv" };
}

/** Mamba-2 (Nemotron-H): n_heads × head_dim × d_state of state, a convolution over x, B and C. */
function mamba2(r: Reader, h: number, layers: number): RecurrentSpec {
  const heads = r.width("mamba_num_heads", "Mamba-2 heads");
  const headDim = r.width("mamba_head_dim", "Mamba-2 head dimension");
  const dState = r.width(["ssm_state_size", "mamba_d_state"], "SSM state size");
  const groups = r.int("n_groups", { what: "Mamba-2 groups", max: CONFIG_LIMITS.maxWidth, optional: true }) ?? 1;
  const kernel = r.int("conv_kernel", { what: "convolution width", max: 1024, optional: true }) ?? 4;
  const dInner = heads * headDim;
  const convDim = dInner + 2 * groups * dState;
  const projBias = r.bool("mamba_proj_bias", r.bool("use_bias", false));
  const convBias = r.bool("use_conv_bias", true);
  const params =
    h * (2 * dInner + 2 * groups * dState + heads) + (projBias ? 2 * dInner + 2 * groups * dState + heads : 0) + // in_proj → z, x, B, C, Δ
    convDim * kernel + (convBias ? convDim : 0) + // conv1d
    3 * heads + // dt_bias, A_log, D
    dInner + // gated RMSNorm
    dInner * h + (projBias ? h : 0); // out_proj
  return { kind: "mamba2", layers, heads, rows: headDim, cols: dState, convChannels: convDim, convKernel: kernel, paramsPerLayer: params, readFrom: "mamba_num_heads × mamba_head_dim × ssm_state_size, n_groups, conv_kernel" };
}

/** Gated DeltaNet (Qwen3-Next, Qwen3.5): one d_k × d_v matrix of state per value head. */
function gatedDeltaNet(r: Reader, h: number, layers: number): RecurrentSpec {
  const nk = r.width("linear_num_key_heads", "linear-attention key heads");
  const nv = r.width("linear_num_value_heads", "linear-attention value heads");
  const dk = r.width("linear_key_head_dim", "linear-attention key head dimension");
  const dv = r.width("linear_value_head_dim", "linear-attention value head dimension");
  const kernel = r.int("linear_conv_kernel_dim", { what: "convolution width", max: 1024, optional: true }) ?? 4;
  const convDim = 2 * nk * dk + nv * dv;
  const params =
    h * (2 * nk * dk + 2 * nv * dv) + // in_proj_qkvz
    h * 2 * nv + // in_proj_ba (β and the decay gate)
    convDim * kernel + // conv1d, no bias
    2 * nv + // dt_bias, A_log
    dv + // gated RMSNorm
    nv * dv * h; // out_proj
  return { kind: "gated-deltanet", layers, heads: nv, rows: dk, cols: dv, convChannels: convDim, convKernel: kernel, paramsPerLayer: params, readFrom: "linear_num_value_heads × linear_key_head_dim × linear_value_head_dim, linear_conv_kernel_dim" };
}

/** A ViT-style vision encoder (or Whisper-style audio encoder) and its projector, counted from its config block. */
function towerFrom(block: Json, kind: "vision" | "audio", key: string, file: string, textHidden: number): TowerSpec | null {
  const r = new Reader(block, `${file}: ${key}`, String(block["model_type"] ?? kind));
  const h = r.optWidth(["hidden_size", "embed_dim", "d_model", "width", "hidden_dim"], `${kind} encoder width`);
  const layers = r.int(["num_hidden_layers", "depth", "num_layers", "encoder_layers", "layers"], { max: CONFIG_LIMITS.maxLayers, optional: true, what: `${kind} encoder layers` });
  if (h === undefined || layers === undefined) return null;
  const ffn = r.optWidth(["intermediate_size", "encoder_ffn_dim", "mlp_dim"], "encoder FFN width") ?? 4 * h;
  const act = String(block["hidden_act"] ?? block["activation_function"] ?? "gelu");
  // Gemma 4's vision encoder uses a gated (GeGLU) MLP whatever its activation is called.
  const gated = act.includes("silu") || act.includes("swiglu") || String(block["model_type"] ?? "").startsWith("gemma4");
  const perLayer = 4 * h * h + 4 * h + (gated ? 3 * h * ffn + 2 * ffn + h : 2 * h * ffn + ffn + h) + 4 * h;
  let params = layers * perLayer + 2 * h;
  const parts: string[] = [`${layers} layers × ${h} wide, FFN ${ffn}${gated ? " gated" : ""}`];
  if (kind === "vision") {
    const patch = r.int(["patch_size", "spatial_patch_size"], { optional: true, max: 1024 }) ?? 14;
    const channels = r.int(["num_channels", "in_channels", "in_chans"], { optional: true, max: 64 }) ?? 3;
    const temporal = r.int("temporal_patch_size", { optional: true, max: 64 }) ?? 1;
    params += channels * temporal * patch * patch * h + h;
    const image = r.int("image_size", { optional: true, max: 1e6 });
    const positions = r.int("num_position_embeddings", { optional: true, max: 1e7 }) ?? (image ? Math.floor(image / patch) ** 2 : 0);
    params += positions * h;
    const merge = r.int("spatial_merge_size", { optional: true, max: 64 });
    const out = r.optWidth(["out_hidden_size", "projection_dim"], "projector output width") ?? textHidden;
    if (merge) {
      // Qwen-VL-style patch merger: norm, then an MLP over merge² patches into the text width.
      const inner = h * merge * merge;
      const mergers = 1 + (Array.isArray(block["deepstack_visual_indexes"]) ? (block["deepstack_visual_indexes"] as unknown[]).length : 0);
      params += mergers * (inner * inner + inner + inner * out + out + 2 * inner);
      parts.push(`${mergers} patch merger${mergers > 1 ? "s" : ""} (${merge}×${merge} patches → ${out})`);
    } else {
      // LLaVA-style two-layer projector into the text width.
      params += h * textHidden + textHidden + textHidden * textHidden + textHidden;
      parts.push(`a 2-layer projector → ${textHidden}`);
    }
  } else {
    const mels = r.int(["num_mel_bins", "n_mels"], { optional: true, max: 4096 }) ?? 128;
    params += 3 * mels * h + 3 * h * h + 2 * h; // two 1-D convolutions in front
    params += h * textHidden + textHidden;
    parts.push("convolutional front end and a projector");
  }
  return { kind, params, description: `${key}: ${parts.join(", ")} (a ViT/encoder count from the config, approximate)` };
}

export function parseHuggingFaceConfig(json: unknown, options: ParseOptions = {}): ArchitectureSpec {
  const file = options.file ?? "config.json";
  if (!isObject(json)) {
    throw new RooflineError({ code: "wrong-type", field: file, value: quoteValue(json), expected: "a JSON object (a Hugging Face config.json)" });
  }
  const root = json;
  let cfg: Json = root;
  let where = file;
  const nestedDefaults: string[] = [];
  for (const key of TEXT_KEYS) {
    const nested = root[key];
    if (isObject(nested)) {
      cfg = { ...nested };
      where = `${file}: ${key}`;
      break;
    }
  }
  // Qwen-Omni nests the language model one level further.
  const thinker = root["thinker_config"];
  if (cfg === root && isObject(thinker) && isObject(thinker["text_config"])) {
    cfg = { ...(thinker["text_config"] as Json) };
    where = `${file}: thinker_config.text_config`;
  }
  // A nested text_config may leave fields at transformers' class defaults (LLaVA's Llama): fill them, and say so.
  if (cfg !== root && cfg["model_type"] === "llama") {
    const defaulted = Object.entries(LLAMA_DEFAULTS).filter(([k]) => cfg[k] === undefined);
    for (const [k, v] of defaulted) cfg[k] = v;
    if (defaulted.length) nestedDefaults.push(`${where} leaves ${defaulted.map(([k, v]) => `${k} (${v})`).join(", ")} at transformers' LlamaConfig defaults`);
  }
  const ds = isDeepSeekInferenceFormat(cfg);
  // DeciLM-7B's first published config.json has no model_type, only its architecture class.
  const arch0 = Array.isArray(root["architectures"]) ? String(root["architectures"][0] ?? "") : "";
  const modelType = String(cfg["model_type"] ?? root["model_type"] ?? (ds ? "deepseek_v3_inference" : arch0 === "DeciLMForCausalLM" ? "deci" : "unknown"));
  const r = new Reader(cfg, where, modelType);
  const notes: string[] = [...nestedDefaults];
  const baseType = modelType.replace(/_text$/, "");
  if (NOT_DECODERS[baseType]) {
    throw new RooflineError({
      code: "unsupported-config",
      field: r.field("model_type"),
      value: quoteValue(modelType, 40),
      expected: `a decoder-only language model with attention layers; this is ${NOT_DECODERS[baseType]}`,
      hint: `roofline reads ${KNOWN_FAMILIES}.`,
    });
  }
  const plainFfnFamily = PLAIN_FFN_TYPES.has(modelType);

  const hiddenSize = r.width(ds ? "dim" : ["hidden_size", "d_model", "n_embd"], "hidden size");
  const numLayers = r.int(ds ? "n_layers" : ["num_hidden_layers", "n_layer", "num_layers"], { max: CONFIG_LIMITS.maxLayers, what: "layers" });
  const vocabSize = r.int(["vocab_size", "padded_vocab_size"], { max: CONFIG_LIMITS.maxVocab, what: "vocabulary entries" });
  const numHeads = r.width(ds ? "n_heads" : ["num_attention_heads", "n_head"], "attention heads per layer");
  const multiQuery = r.bool("multi_query", false) && !r.bool("new_decoder_architecture", false);
  const numKvHeads = multiQuery ? 1 : (r.optWidth(["num_key_value_heads", "num_kv_heads", "n_head_kv", "multi_query_group_num"], "KV heads per layer") ?? numHeads);
  if (numHeads % numKvHeads !== 0) {
    throw new RooflineError({
      code: "out-of-range",
      field: r.field("num_key_value_heads"),
      value: String(numKvHeads),
      expected: `a divisor of num_attention_heads (${numHeads})`,
    });
  }

  // --- layer kinds: attention, recurrence (Mamba, Gated DeltaNet) or neither -------------------
  let layerMixers: LayerMixer[] = new Array<LayerMixer>(numLayers).fill("attention");
  let layerFfnKinds: LayerFfn[] | null = null; // set by hybrids that say per layer
  let recurrent: RecurrentSpec | null = null;
  const layerTypes = arrayOf(r, "layer_types", numLayers);
  const pattern = r.str("hybrid_override_pattern");
  if (pattern !== undefined) {
    // Nemotron-H: one character per block — M Mamba-2, * attention, - MLP, E MoE.
    if (pattern.length !== numLayers) {
      throw new RooflineError({ code: "out-of-range", field: r.field("hybrid_override_pattern"), value: `${pattern.length} characters`, expected: `one character per layer (${numLayers})` });
    }
    layerMixers = [];
    layerFfnKinds = [];
    for (let i = 0; i < pattern.length; i++) {
      const c = pattern[i];
      if (c === "M") (layerMixers.push("recurrent"), layerFfnKinds.push("none"));
      else if (c === "*") (layerMixers.push("attention"), layerFfnKinds.push("none"));
      else if (c === "-") (layerMixers.push("none"), layerFfnKinds.push("dense"));
      else if (c === "E") (layerMixers.push("none"), layerFfnKinds.push("moe"));
      else {
        throw new RooflineError({ code: "unsupported-config", field: r.field(`hybrid_override_pattern[${i}]`), value: quoteValue(c), expected: '"M" (Mamba-2), "*" (attention), "-" (MLP) or "E" (MoE)' });
      }
    }
    const m = layerMixers.filter((x) => x === "recurrent").length;
    if (m) recurrent = mamba2(r, hiddenSize, m);
  } else if (r.has("attn_layer_period")) {
    // Jamba: attention every attn_layer_period layers from attn_layer_offset, Mamba elsewhere.
    const period = r.int("attn_layer_period", { max: CONFIG_LIMITS.maxLayers });
    const offset = r.int("attn_layer_offset", { min: 0, max: CONFIG_LIMITS.maxLayers });
    layerMixers = layerMixers.map((_, i) => (i % period === offset ? "attention" : "recurrent"));
    const m = layerMixers.filter((x) => x === "recurrent").length;
    if (m) recurrent = mamba1(r, hiddenSize, m);
  } else if (layerTypes?.some((t) => t === "linear_attention") || (layerTypes === undefined && r.has("linear_num_value_heads"))) {
    // Qwen3-Next / Qwen3.5: Gated DeltaNet layers, full attention every full_attention_interval layers.
    const interval = r.int("full_attention_interval", { optional: true, max: CONFIG_LIMITS.maxLayers }) ?? 4;
    layerMixers = layerTypes
      ? layerTypes.map((t) => (t === "linear_attention" ? "recurrent" : "attention"))
      : layerMixers.map((_, i) => ((i + 1) % interval === 0 ? "attention" : "recurrent"));
    recurrent = gatedDeltaNet(r, hiddenSize, layerMixers.filter((x) => x === "recurrent").length);
  }

  // --- DeciLM / Nemotron-Super: per-layer blocks ------------------------------------------------
  let denseWidths: number[] | null = null;
  let layerKvHeads: number[] | null = null;
  let linearReplacements = 0;
  const blockConfigs = arrayOf(r, "block_configs", numLayers);
  if (blockConfigs) {
    layerFfnKinds = [];
    denseWidths = [];
    layerKvHeads = [];
    blockConfigs.forEach((b, i) => {
      const at = `block_configs[${i}]`;
      if (!isObject(b) || !isObject(b["attention"]) || !isObject(b["ffn"])) {
        throw new RooflineError({ code: "wrong-type", field: r.field(at), value: quoteValue(b), expected: 'an object with "attention" and "ffn" blocks' });
      }
      const att = new Reader(b["attention"] as Json, r.field(`${at}.attention`), modelType);
      const ffn = new Reader(b["ffn"] as Json, r.field(`${at}.ffn`), modelType);
      if (att.bool("no_op", false)) layerMixers[i] = "none";
      else if (att.bool("replace_with_linear", false)) ((layerMixers[i] = "none"), (linearReplacements += hiddenSize * hiddenSize));
      const group = att.int("n_heads_in_group", { optional: true, max: CONFIG_LIMITS.maxWidth }) ?? 1;
      if (layerMixers[i] === "attention" && numHeads % group !== 0) {
        throw new RooflineError({ code: "out-of-range", field: att.field("n_heads_in_group"), value: String(group), expected: `a divisor of num_attention_heads (${numHeads})` });
      }
      layerKvHeads!.push(layerMixers[i] === "attention" ? numHeads / group : 0);
      if (ffn.bool("no_op", false)) (layerFfnKinds!.push("none"), denseWidths!.push(0));
      else if (ffn.bool("replace_with_linear", false)) (layerFfnKinds!.push("none"), denseWidths!.push(0), (linearReplacements += hiddenSize * hiddenSize));
      else {
        const mult = ffn.num("ffn_mult", { max: 1000, what: "FFN width as a multiple of hidden_size" });
        if (mult === undefined) throw new RooflineError({ code: "missing-field", field: ffn.field("ffn_mult"), expected: "the FFN width multiplier (DeciLM: width = 2/3 × ffn_mult × hidden_size, rounded up to 256)" });
        layerFfnKinds!.push("dense");
        denseWidths!.push(Math.ceil(Math.floor((2 * mult * hiddenSize) / 3) / 256) * 256);
      }
    });
  }

  // DeciLM-7B: KV heads per layer (variable grouped-query attention), one number per layer.
  const kvPerLayer = arrayOf(r, "num_key_value_heads_per_layer", numLayers);
  if (kvPerLayer && !blockConfigs) {
    layerKvHeads = kvPerLayer.map((v, i) => {
      if (typeof v !== "number" || !Number.isInteger(v) || v < 1 || v > numHeads || numHeads % v !== 0) {
        throw new RooflineError({ code: "out-of-range", field: r.field(`num_key_value_heads_per_layer[${i}]`), value: quoteValue(v), expected: `a divisor of num_attention_heads (${numHeads})` });
      }
      return v;
    });
    notes.push(`KV heads per layer from num_key_value_heads_per_layer (${Math.min(...layerKvHeads)} to ${Math.max(...layerKvHeads)})`);
  }

  // --- attention ---------------------------------------------------------------------------
  let mla: MlaSpec | null = null;
  if (r.has("kv_lora_rank")) {
    mla = {
      kvLoraRank: r.width("kv_lora_rank", "MLA KV latent rank"),
      qLoraRank: r.optWidth("q_lora_rank", "MLA query rank") ?? null,
      qkRopeHeadDim: r.width("qk_rope_head_dim", "MLA RoPE key dimension"),
      qkNopeHeadDim: r.width("qk_nope_head_dim", "MLA non-RoPE key dimension"),
      vHeadDim: r.width("v_head_dim", "MLA value head dimension"),
    };
  }
  let dsa: DsaSpec | null = null;
  if (r.has("index_topk")) {
    dsa = { indexHeads: r.width("index_n_heads", "indexer heads"), indexHeadDim: r.width("index_head_dim", "indexer head dimension"), topK: r.int("index_topk", {}) };
  }
  const headDim = r.optWidth(["head_dim", "attention_head_dim", "kv_channels"], "head dimension") ?? hiddenSize / numHeads;
  if (!Number.isInteger(headDim)) {
    throw new RooflineError({
      code: "missing-field",
      field: r.field("head_dim"),
      expected: `head_dim, since hidden_size (${hiddenSize}) is not a multiple of num_attention_heads (${numHeads})`,
    });
  }
  // Gemma 4: full-attention layers have their own head dimension and (with attention_k_eq_v) their own KV heads and no value projection.
  let globalAttention: GlobalAttentionSpec | null = null;
  const globalHeadDim = r.optWidth("global_head_dim", "global-layer head dimension");
  if (globalHeadDim !== undefined && !mla) {
    const keyIsValue = r.bool("attention_k_eq_v", false);
    const globalKvHeads = (keyIsValue ? r.optWidth("num_global_key_value_heads", "global-layer KV heads") : undefined) ?? numKvHeads;
    if (numHeads % globalKvHeads !== 0) {
      throw new RooflineError({ code: "out-of-range", field: r.field("num_global_key_value_heads"), value: String(globalKvHeads), expected: `a divisor of num_attention_heads (${numHeads})` });
    }
    if (globalHeadDim !== headDim || globalKvHeads !== numKvHeads || keyIsValue) {
      globalAttention = { headDim: globalHeadDim, kvHeads: globalKvHeads, valueFromKey: keyIsValue };
      notes.push(
        `full-attention layers: ${globalKvHeads} KV heads × ${globalHeadDim} dims (global_head_dim${keyIsValue ? ", num_global_key_value_heads" : ""})${keyIsValue ? "; attention_k_eq_v: no value projection (values come from the key projection, without RoPE), but the cache still holds keys and values" : ""}`,
      );
    }
  }
  const headDimQk = mla ? mla.qkNopeHeadDim + mla.qkRopeHeadDim : headDim;
  const headDimV = mla ? mla.vHeadDim : headDim;

  const gptFamily = modelType === "gpt2" || modelType === "gpt_bigcode";
  const phiFamily = modelType === "phi" || modelType === "phi-msft";
  const neox = modelType === "gpt_neox";
  const isFalcon = modelType === "falcon" || modelType.startsWith("RefinedWeb");
  const useBias = r.bool("use_bias", false) || r.bool("bias", false);
  const attentionBias = r.bool("attention_bias", false) || r.bool("use_qkv_bias", false) || useBias || gptFamily || phiFamily || neox;
  const qwenBias = modelType === "qwen2" || modelType === "qwen2_moe" || modelType === "qwen2_vl" || modelType === "qwen2_5_vl";
  const qkvBias = attentionBias || qwenBias;
  const outputBias = (attentionBias && !qwenBias && modelType !== "stablelm") || gptFamily || phiFamily || neox;
  const qwenQkNorm = ["qwen3", "qwen3_moe", "qwen3_next", "qwen3_5", "qwen3_5_moe", "qwen3_vl", "qwen3_vl_moe"].includes(baseType);
  const qkNorm = qwenQkNorm || modelType.startsWith("gemma3") || modelType.startsWith("gemma4") || modelType === "olmo2" || (r.bool("use_qk_norm", false) && !modelType.startsWith("llama4"));
  const attentionOutputGate = r.bool("attn_output_gate", modelType === "qwen3_next" || baseType.startsWith("qwen3_5"));

  // --- windows ------------------------------------------------------------------------------
  let layerWindows: (number | null)[] = new Array<number | null>(numLayers).fill(null);
  let windowKind: WindowKind | null = null;
  const slidingWindow = r.int("sliding_window", { optional: true });
  const slidingTypes = layerTypes?.some((t) => t === "sliding_attention") ?? false;
  if (layerTypes && (slidingTypes || !recurrent)) {
    layerWindows = layerTypes.map((t, i) => {
      if (t === "full_attention" || t === "linear_attention" || t === "attention") return null;
      if (t === "sliding_attention") {
        if (slidingWindow === undefined) {
          throw new RooflineError({ code: "missing-field", field: r.field("sliding_window"), expected: `a window size, since layer_types[${i}] is sliding_attention` });
        }
        return slidingWindow;
      }
      throw new RooflineError({ code: "unsupported-config", field: r.field(`layer_types[${i}]`), value: quoteValue(t), expected: '"full_attention", "sliding_attention" or "linear_attention"' });
    });
    if (layerWindows.some((w) => w !== null)) windowKind = "sliding";
  } else if (modelType === "gemma2" && slidingWindow !== undefined) {
    // Gemma 2 alternates: even layers slide, odd layers attend globally.
    layerWindows = layerWindows.map((_, i) => (i % 2 === 0 ? slidingWindow : null));
    windowKind = "sliding";
  } else if (modelType.startsWith("gemma") && slidingWindow !== undefined && modelType !== "gemma") {
    const interval = r.int(["sliding_window_pattern", "full_attention_interval"], { optional: true, max: CONFIG_LIMITS.maxLayers }) ?? 6;
    layerWindows = layerWindows.map((_, i) => ((i + 1) % interval === 0 ? null : slidingWindow));
    windowKind = "sliding";
  } else if (r.has("attention_chunk_size")) {
    // Llama 4 iRoPE: RoPE layers use chunked local attention; every 4th layer is a global NoPE layer.
    const chunk = r.int("attention_chunk_size", {});
    const noRope = cfg["no_rope_layers"];
    if (Array.isArray(noRope) && noRope.length === numLayers) {
      layerWindows = noRope.map((useRope) => (useRope ? chunk : null));
    } else {
      const interval = r.int("no_rope_layer_interval", { optional: true, max: CONFIG_LIMITS.maxLayers }) ?? 4;
      layerWindows = layerWindows.map((_, i) => ((i + 1) % interval === 0 ? null : chunk));
      notes.push(`no_rope_layers absent: assumed transformers' default, a global NoPE layer every ${interval} layers and chunked (${chunk}-token) attention elsewhere`);
    }
    windowKind = "chunked";
  } else if (slidingWindow !== undefined && (modelType === "mistral" || modelType === "mixtral" || modelType === "starcoder2")) {
    layerWindows = layerWindows.map(() => slidingWindow);
    windowKind = "sliding";
  } else if (slidingWindow !== undefined && r.bool("use_sliding_window", false)) {
    // Qwen2-style: the first max_window_layers layers attend fully, the rest use the window.
    const fullLayers = r.int("max_window_layers", { min: 0, optional: true }) ?? 0;
    layerWindows = layerWindows.map((_, i) => (i < fullLayers ? null : slidingWindow));
    windowKind = "sliding";
  }
  // Only attention layers cache keys and values.
  layerWindows = layerWindows.map((w, i) => (layerMixers[i] === "attention" ? w : null));

  // --- FFN and experts ----------------------------------------------------------------------
  const act = String(cfg["mlp_hidden_act"] ?? cfg["hidden_act"] ?? cfg["hidden_activation"] ?? cfg["activation_function"] ?? "silu");
  const gatedFfn = !plainFfnFamily && !/^relu2$|relu²|squared_relu/.test(act);
  if (!plainFfnFamily && !["llama", "mistral", "mixtral", "qwen2", "qwen2_moe", "qwen3", "qwen3_moe", "qwen3_next", "qwen3_5", "qwen3_5_moe", "deepseek", "deepseek_v2", "deepseek_v3", "deepseek_v32", "deepseek_v3_inference", "kimi_k2", "glm4_moe", "gpt_oss", "gemma", "gemma2", "gemma3", "gemma3_text", "gemma4", "gemma4_text", "phi3", "olmo2", "olmo", "cohere", "cohere2", "stablelm", "internlm", "internlm2", "baichuan", "minicpm", "jamba", "llama4", "llama4_text", "ministral3", "mistral3", "qwen3_vl", "qwen3_vl_text", "qwen3_vl_moe", "qwen2_vl", "qwen2_5_vl", "granite", "exaone", "deci", "nemotron-nas", "smollm3", "glm4", "qwen3_5_text", "qwen3_5_moe_text"].includes(modelType)) {
    notes.push(`model_type "${quoteValue(modelType, 40)}" is not one roofline knows by name: read as a Llama-style decoder (${gatedFfn ? "gated" : "plain"} FFN from hidden_act "${quoteValue(act, 30)}", RMSNorm, no biases unless the config says)`);
  }
  const ffnBias = useBias || gptFamily || phiFamily || neox || r.bool("mlp_bias", false);
  const implicitFfn = gptFamily || phiFamily || modelType === "gptj" || isFalcon || modelType === "gpt_neo";
  let denseIntermediateSize: number | null = null;
  let moe: MoeSpec | null = null;
  let expertsGated = true;
  let sharedExpertGate = false;
  const expertLimit = { max: CONFIG_LIMITS.maxExperts, what: "routed experts per MoE layer" } as const;
  const checkPerToken = (field: string) => {
    if (moe && moe.expertsPerToken > moe.routedExperts) {
      throw new RooflineError({ code: "out-of-range", field: r.field(field), value: String(moe.expertsPerToken), expected: `at most the number of routed experts (${moe.routedExperts})` });
    }
  };
  if (ds) {
    denseIntermediateSize = r.width("inter_dim", "dense FFN width");
    const firstDense = r.int("n_dense_layers", { min: 0, max: CONFIG_LIMITS.maxLayers });
    moe = {
      routedExperts: r.int("n_routed_experts", expertLimit),
      expertsPerToken: r.int("n_activated_experts", expertLimit),
      expertIntermediateSize: r.width("moe_inter_dim", "expert FFN width"),
      sharedExperts: r.int("n_shared_experts", { min: 0, max: 1024 }),
      sharedIntermediateSize: r.width("moe_inter_dim", "expert FFN width"),
      moeLayers: Array.from({ length: numLayers }, (_, i) => i >= firstDense),
      routerBias: (cfg["score_func"] ?? "") === "sigmoid",
      expertBias: false,
    };
    checkPerToken("n_activated_experts");
    moe.routingGroups = routingGroups(r, "n_expert_groups", "n_limited_groups", moe.routedExperts);
  } else if (pattern !== undefined) {
    // Nemotron-H: MLP blocks ("-") and MoE blocks ("E"), both plain relu² FFNs.
    if (layerFfnKinds!.includes("dense")) denseIntermediateSize = r.width("intermediate_size", "MLP width");
    if (layerFfnKinds!.includes("moe")) {
      expertsGated = gatedFfn;
      const sharedSize = r.optWidth(["moe_shared_expert_intermediate_size", "shared_expert_intermediate_size"], "shared-expert width", 0) ?? 0;
      moe = {
        routedExperts: r.int(["n_routed_experts", "num_experts"], expertLimit),
        expertsPerToken: r.int(["num_experts_per_tok", "top_k_experts"], expertLimit),
        expertIntermediateSize: r.width("moe_intermediate_size", "expert FFN width"),
        sharedExperts: sharedSize > 0 ? r.int("n_shared_experts", { optional: true, max: 1024 }) ?? 1 : 0,
        sharedIntermediateSize: sharedSize,
        moeLayers: layerFfnKinds!.map((k) => k === "moe"),
        routerBias: true,
        expertBias: false,
        // Nemotron 3 Super's latent MoE: experts between an h → latent and a latent → h projection.
        latentSize: r.optWidth("moe_latent_size", "latent MoE width") ?? null,
      };
      if (moe.latentSize) notes.push(`latent MoE: the ${moe.routedExperts} routed experts work in ${moe.latentSize} dimensions (moe_latent_size), between projections from and back to hidden_size ${hiddenSize}`);
      checkPerToken("num_experts_per_tok");
    }
  } else if (r.has("n_routed_experts")) {
    // DeepSeek family (also Kimi K2, GLM-4.x MoE)
    denseIntermediateSize = r.width("intermediate_size", "dense FFN width");
    const firstDense = r.int("first_k_dense_replace", { min: 0, optional: true, max: CONFIG_LIMITS.maxLayers }) ?? 0;
    const freq = r.int("moe_layer_freq", { optional: true, max: CONFIG_LIMITS.maxLayers }) ?? 1;
    const expertSize = r.width("moe_intermediate_size", "expert FFN width");
    moe = {
      routedExperts: r.int("n_routed_experts", expertLimit),
      expertsPerToken: r.int(["num_experts_per_tok", "top_k_experts"], expertLimit),
      expertIntermediateSize: expertSize,
      sharedExperts: r.int("n_shared_experts", { min: 0, optional: true, max: 1024 }) ?? 0,
      sharedIntermediateSize: expertSize,
      moeLayers: Array.from({ length: numLayers }, (_, i) => i >= firstDense && i % freq === 0),
      routerBias: r.str("topk_method") === "noaux_tc",
      expertBias: false,
    };
    checkPerToken("num_experts_per_tok");
    moe.routingGroups = routingGroups(r, "n_group", "topk_group", moe.routedExperts);
  } else if ((r.has("num_local_experts") || r.has("num_experts")) && (r.int(["num_local_experts", "num_experts"], { min: 0, ...expertLimit }) > 0)) {
    const routed = r.int(["num_local_experts", "num_experts"], expertLimit);
    const perTokenKey = ["num_experts_per_tok", "experts_per_token", "top_k_experts"];
    const perToken = r.int(perTokenKey, expertLimit);
    if (modelType.startsWith("llama4")) {
      const step = r.int("interleave_moe_layer_step", { optional: true, max: CONFIG_LIMITS.maxLayers }) ?? 1;
      const expertSize = r.width("intermediate_size", "expert FFN width");
      denseIntermediateSize = step > 1 ? r.width("intermediate_size_mlp", "dense FFN width") : null;
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
    } else if (modelType === "jamba") {
      // Jamba: experts every expert_layer_period layers from expert_layer_offset, as wide as intermediate_size.
      const period = r.int("expert_layer_period", { optional: true, max: CONFIG_LIMITS.maxLayers }) ?? 1;
      const offset = r.int("expert_layer_offset", { min: 0, optional: true, max: CONFIG_LIMITS.maxLayers }) ?? 0;
      const moeLayers = Array.from({ length: numLayers }, (_, i) => i % period === offset);
      denseIntermediateSize = r.width("intermediate_size", "FFN width");
      moe = { routedExperts: routed, expertsPerToken: perToken, expertIntermediateSize: denseIntermediateSize, sharedExperts: 0, sharedIntermediateSize: 0, moeLayers, routerBias: false, expertBias: false };
      if (moeLayers.every(Boolean)) denseIntermediateSize = null;
    } else if (modelType.startsWith("qwen") || r.has("moe_intermediate_size")) {
      const step = r.int("decoder_sparse_step", { optional: true, max: CONFIG_LIMITS.maxLayers }) ?? 1;
      const mlpOnlyRaw = cfg["mlp_only_layers"];
      const mlpOnly = Array.isArray(mlpOnlyRaw) ? mlpOnlyRaw.map(Number) : [];
      const moeLayers = Array.from({ length: numLayers }, (_, i) => !mlpOnly.includes(i) && (i + 1) % step === 0);
      denseIntermediateSize = moeLayers.every(Boolean) ? null : r.width("intermediate_size", "dense FFN width");
      // shared_expert_intermediate_size 0 (Qwen3-Coder-480B's config) means no shared expert.
      // Gemma 4's MoE layers keep their dense MLP (intermediate_size) beside the experts: a shared expert in all but name.
      const gemmaDense = baseType === "gemma4" && r.bool("enable_moe_block", false);
      const sharedSize = gemmaDense ? r.width("intermediate_size", "dense MLP width beside the experts") : (r.optWidth("shared_expert_intermediate_size", "shared-expert width", 0) ?? 0);
      if (gemmaDense) notes.push(`every layer runs its dense MLP (intermediate_size ${sharedSize}) beside the routed experts: counted as an always-active shared expert`);
      sharedExpertGate = sharedSize > 0 && (modelType.startsWith("qwen2_moe") || modelType === "qwen3_next" || baseType.startsWith("qwen3_5"));
      moe = {
        routedExperts: routed,
        expertsPerToken: perToken,
        expertIntermediateSize: r.width(["moe_intermediate_size", "expert_intermediate_size"], "expert FFN width"),
        sharedExperts: sharedSize > 0 ? 1 : 0,
        sharedIntermediateSize: sharedSize,
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
        expertIntermediateSize: r.width("intermediate_size", "expert FFN width"),
        sharedExperts: 0,
        sharedIntermediateSize: 0,
        moeLayers: new Array<boolean>(numLayers).fill(true),
        routerBias: isGptOss,
        expertBias: isGptOss,
      };
    }
    checkPerToken(perTokenKey.find((k) => r.has(k)) ?? "num_experts_per_tok");
  } else if (blockConfigs) {
    denseIntermediateSize = Math.max(0, ...denseWidths!) || null;
  } else if (implicitFfn) {
    // GPT-2, GPT-J, Phi-2, Falcon: n_inner null (or absent) means 4 × hidden.
    const given = r.optWidth(["n_inner", "ffn_hidden_size", "intermediate_size"], "FFN width");
    denseIntermediateSize = given ?? 4 * hiddenSize;
    if (given === undefined) notes.push(`FFN width not given (n_inner null): ${modelType}'s default, 4 × hidden_size = ${4 * hiddenSize}`);
  } else {
    denseIntermediateSize = r.width(["intermediate_size", "n_inner", "ffn_dim", "ffn_hidden_size"], "FFN width");
  }

  const moeLayers = moe?.moeLayers ?? null;
  const layerFfn: LayerFfn[] = layerFfnKinds ?? Array.from({ length: numLayers }, (_, i) => (moeLayers?.[i] ? "moe" : denseIntermediateSize ? "dense" : "none"));

  // --- norms, heads, towers -------------------------------------------------------------------
  const newFalcon = isFalcon && r.bool("new_decoder_architecture", false);
  const parallelBlock = PARALLEL_BLOCK_TYPES.has(modelType) || (isFalcon && !newFalcon && r.bool("parallel_attn", true));
  const normsPerLayer = pattern !== undefined ? 1 : parallelBlock ? 1 : modelType === "gemma2" || modelType.startsWith("gemma3") || modelType.startsWith("gemma4") ? 4 : 2;
  const layerNorm = LAYERNORM_TYPES.has(modelType) || r.str("norm_type") === "layer_norm";
  const lmHeadBias = modelType === "gptj" || phiFamily;
  const defaultTie = modelType.startsWith("gemma") || gptFamily || isFalcon || modelType === "starcoder2" || modelType === "cohere" || modelType === "cohere2";
  const mtpLayers = r.int(["num_nextn_predict_layers", "mtp_num_hidden_layers"], { min: 0, optional: true, max: 64 }) ?? 0;

  const towers: TowerSpec[] = [];
  const towerSources: [Json, string][] = [[root, ""]];
  if (isObject(thinker)) towerSources.push([thinker as Json, "thinker_config."]);
  for (const [src, prefix] of towerSources) {
    for (const [key, kind] of [
      ["vision_config", "vision"],
      ["audio_config", "audio"],
    ] as const) {
      const block = src[key];
      if (isObject(block)) {
        const tower = towerFrom(block, kind, `${prefix}${key}`, file, hiddenSize);
        if (tower) towers.push(tower);
      }
    }
  }
  if (towers.length) notes.push(`${towers.map((t) => t.kind).join(" and ")} tower${towers.length > 1 ? "s" : ""} counted in the total and in memory; a text-only request does not run ${towers.length > 1 ? "them" : "it"}, so ${towers.length > 1 ? "they are" : "it is"} not in the active parameters or the per-token reads`);
  if (recurrent) notes.push(`${recurrent.layers} of ${numLayers} layers are ${recurrent.kind === "gated-deltanet" ? "Gated DeltaNet linear attention" : recurrent.kind === "mamba2" ? "Mamba-2" : "Mamba"}: a fixed-size state per sequence, read and written every step, instead of a KV cache`);
  if (linearReplacements) notes.push("block_configs replace some attention or FFN blocks with a single h × h linear layer");

  const givenContext = r.int(["max_position_embeddings", "n_positions", "seq_length", "max_sequence_length"], { optional: true });
  // Falcon-7B/40B's published configs carry no context length: transformers' FalconConfig default, 2,048, is what they were trained with.
  const maxContextTokens = ds ? 163_840 : (givenContext ?? (isFalcon ? 2048 : 0));
  if (ds) notes.push("DeepSeek inference format carries no context length; 163,840 (the HF config's max_position_embeddings) assumed");
  if (!ds && givenContext === undefined && isFalcon) notes.push("max_position_embeddings absent: transformers' Falcon default, 2,048 tokens, assumed");
  if (!ds && maxContextTokens === 0) {
    throw new RooflineError({ code: "missing-field", field: r.field("max_position_embeddings or n_positions"), expected: "the longest context the model was trained for, in tokens", hint: `model_type "${quoteValue(modelType, 40)}".` });
  }

  return {
    id: options.id ?? String(root["_name_or_path"] ?? modelType),
    name: options.name ?? options.id ?? modelType,
    readFrom: file,
    hiddenSize,
    numLayers,
    vocabSize,
    tieEmbeddings: r.bool("tie_word_embeddings", root["tie_word_embeddings"] === true || (root["tie_word_embeddings"] === undefined && defaultTie)),
    learnedPositions: gptFamily ? maxContextTokens : 0,
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
    normParamsPerNorm: layerNorm ? 2 : 1,
    layerMixers,
    layerFfn,
    denseWidths,
    layerKvHeads,
    globalAttention,
    recurrent,
    attentionOutputGate,
    normsPerLayer,
    qkNormWidth: modelType === "olmo2" ? "full" : "head",
    lmHeadBias,
    expertsGated,
    sharedExpertGate,
    towers,
    extraParams: linearReplacements,
    mtpLayers,
    maxContextTokens,
    releasedWeightPrecision: releasedPrecision(cfg, root),
    readNotes: notes,
  };
}

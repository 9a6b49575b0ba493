/**
 * The model catalog: every model of the sourced data (models.json). Where the authors' config.json
 * is on file it is read through the same parser a user's file goes through; otherwise the
 * architecture comes from the catalog's paper values. Each model keeps the authors' reported counts.
 */
import { nearestIds, RooflineError } from "../errors.ts";
import { uniformLayers, type ArchitectureSpec } from "../model/architecture.ts";
import { parseHuggingFaceConfig } from "../model/hf-config.ts";
import { modelFromArchitecture, type ModelSpec } from "../model/model.ts";
import type { Precision } from "../precision.ts";
import type { SourceRef } from "../sources.ts";
import { MODEL_CONFIGS } from "./data/model-configs.ts";
import { MODELS_DATA } from "./data/models.ts";
import type { RawModel } from "./raw-types.ts";

export const MODELS_DATA_DATE = "2026-11-22";

/** The architecture from the catalog's own fields, for models with no config.json on file (papers, gated repos). */
function architectureFromRecord(raw: RawModel): ArchitectureSpec {
  const headDim = raw.head_dim ?? raw.hidden_size / raw.num_attention_heads;
  const windows: (number | null)[] = Array.from({ length: raw.num_layers }, (_, i) => {
    if (raw.sliding_window && raw.sliding_window_pattern) return (i + 1) % raw.sliding_window_pattern === 0 ? null : raw.sliding_window;
    return null;
  });
  const isGpt3 = raw.id.startsWith("gpt-3");
  const moe =
    raw.architecture_type === "moe" && raw.num_routed_experts && raw.experts_per_token && raw.moe_intermediate_size
      ? {
          routedExperts: raw.num_routed_experts,
          expertsPerToken: raw.experts_per_token,
          expertIntermediateSize: raw.moe_intermediate_size,
          sharedExperts: raw.num_shared_experts ?? 0,
          sharedIntermediateSize: raw.shared_expert_intermediate_size ?? 0,
          moeLayers: Array.from({ length: raw.num_layers }, (_, i) => i >= (raw.first_k_dense_layers ?? 0)),
          routerBias: true,
          expertBias: false,
        }
      : null;
  const dtype = (raw.released_weight_dtype ?? "").toLowerCase();
  const released: Precision = dtype.startsWith("fp8") ? "fp8" : "bf16";
  return {
    id: raw.id,
    name: raw.name,
    readFrom: `catalog values for ${raw.id} (no config.json on file)`,
    hiddenSize: raw.hidden_size,
    numLayers: raw.num_layers,
    vocabSize: raw.vocab_size,
    tieEmbeddings: raw.tie_word_embeddings,
    learnedPositions: isGpt3 ? raw.max_position_embeddings : 0,
    numHeads: raw.num_attention_heads,
    numKvHeads: raw.num_kv_heads,
    headDimQk: headDim,
    headDimV: headDim,
    mla: null,
    dsa: null,
    qkvBias: isGpt3 || /bias/i.test(raw.attention_type),
    outputBias: isGpt3,
    qkNorm: /qk-norm/i.test(raw.attention_type),
    layerWindows: windows,
    windowKind: windows.some((w) => w !== null) ? "sliding" : null,
    gatedFfn: !isGpt3,
    ffnBias: isGpt3,
    denseIntermediateSize: raw.intermediate_size_dense ?? null,
    moe,
    ...uniformLayers(raw.num_layers, moe?.moeLayers ?? null, raw.intermediate_size_dense ?? null),
    normParamsPerNorm: isGpt3 ? 2 : 1,
    mtpLayers: raw.mtp_layers ?? 0,
    maxContextTokens: raw.context_length_reported_tokens ?? raw.max_position_embeddings,
    releasedWeightPrecision: released,
    readNotes: isGpt3 ? ["GPT-3's alternating locally banded sparse layers are modelled as dense attention"] : [],
  };
}

function sourcesOf(raw: RawModel): SourceRef[] {
  return raw.sources.map((s) => ({ title: s.title, url: s.url, date: `read ${MODELS_DATA_DATE}` }));
}

function buildCatalogModel(raw: RawModel): ModelSpec {
  const configKey = raw.config_file ? raw.config_file.replace(/^model-configs\//, "") : null;
  const config = configKey ? MODEL_CONFIGS[configKey] : undefined;
  const architecture = config
    ? parseHuggingFaceConfig(config, { id: raw.id, name: raw.name, file: raw.config_file ?? "config.json" })
    : architectureFromRecord(raw);
  // Catalog context: what the authors claim, where the config's position limit is larger.
  const reportedContext = raw.context_length_reported_tokens;
  const arch: ArchitectureSpec = reportedContext ? { ...architecture, maxContextTokens: reportedContext } : architecture;
  const model = modelFromArchitecture(
    arch,
    { kind: "catalog", readFrom: `catalog models/${raw.id}${raw.config_file ? ` (${raw.config_file})` : ""}`, sources: sourcesOf(raw) },
    { totalParams: raw.total_params_reported_B * 1e9, activeParams: raw.active_params_reported_B * 1e9 },
  );
  return { ...model, notes: [...model.notes, raw.notes] };
}

export const MODELS: readonly ModelSpec[] = MODELS_DATA.models.map(buildCatalogModel);
const byId = new Map(MODELS.map((m) => [m.id, m] as const));

export const MODEL_ALIASES: Readonly<Record<string, string>> = {
  deepseek: "deepseek-v3",
  "deepseek-v3-671b": "deepseek-v3",
  r1: "deepseek-r1",
  "llama-70b": "llama-3.1-70b",
  "llama-8b": "llama-3.1-8b",
  "llama-405b": "llama-3.1-405b",
  scout: "llama-4-scout",
  maverick: "llama-4-maverick",
  mixtral: "mixtral-8x7b",
  kimi: "kimi-k2",
  "gpt-oss": "gpt-oss-120b",
  gemma: "gemma-3-27b",
  glm: "glm-4.5",
};

export function modelIds(): string[] {
  return MODELS.map((m) => m.id);
}

export function findModel(id: string): ModelSpec | undefined {
  const key = id.trim().toLowerCase();
  return byId.get(key) ?? byId.get(MODEL_ALIASES[key] ?? "");
}

export function getModel(id: string, field = "--model"): ModelSpec {
  const hit = findModel(id);
  if (hit) return hit;
  throw new RooflineError({
    code: "unknown-id",
    field,
    value: id,
    expected: "a catalog model id, an alias, or a path to a config.json or napkin model JSON",
    hint: `Nearest ids: ${nearestIds(id, [...modelIds(), ...Object.keys(MODEL_ALIASES)]).join(", ")}. List them with \`roofline catalog models\`.`,
  });
}

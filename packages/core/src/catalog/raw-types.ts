/** Shapes of the sourced data files as they are (../shared/data), before normalisation. */

export interface RawSource {
  title: string;
  url: string | null;
  locator?: string;
}

export interface RawPriceQuote {
  provider: string;
  usd: number;
  qualifier: string;
  date: string;
  source_url: string;
}

export interface RawChip {
  id: string;
  name: string;
  vendor: string;
  architecture: string;
  form_factor?: string;
  release_year: number;
  bf16_dense_TFLOPs?: number | null;
  fp16_dense_TFLOPs?: number | null;
  fp8_dense_TFLOPs?: number | null;
  fp4_dense_TFLOPs?: number | null;
  int8_dense_TOPs?: number | null;
  fp8_TFLOPs_derived_from_rack?: number | null;
  fp4_TFLOPs_derived_from_rack?: number | null;
  nvfp4_inference_PFLOPs_vendor?: number | null;
  hbm_capacity_GB: number | null;
  hbm_bandwidth_TBps: number | null;
  hbm_generation?: string;
  scaleup_interconnect?: string;
  scaleup_bw_per_chip_GBps_bidirectional?: number | null;
  scaleup_bw_per_chip_GBps_unidirectional?: number | null;
  scaleup_bw_per_chip_GBps_vendor?: number | null;
  scaleup_domain_size_chips?: number | null;
  scaleout_nic_Gbps_per_chip?: number | null;
  host_link_GBps_unidirectional?: number | null;
  host_dram_per_chip_GB?: number | null;
  host_dram_bw_per_chip_GBps?: number | null;
  tdp_W?: number | null;
  cloud_price_usd_per_chip_hour: RawPriceQuote[];
  sources: RawSource[];
  confidence: "high" | "medium" | "low";
  notes: string;
  [key: string]: unknown;
}

export interface RawMemoryTier {
  id: string;
  tier: string;
  scope: string;
  sources: RawSource[];
  notes: string;
  [key: string]: unknown;
}

export interface RawHardwareData {
  schema_version: number;
  generated_note: string;
  chips: RawChip[];
  memory_tiers: RawMemoryTier[];
  conventions: Record<string, string>;
}

export interface RawModel {
  id: string;
  name: string;
  family: string;
  architecture_type: "dense" | "moe";
  attention_type: string;
  vocab_size: number;
  hidden_size: number;
  num_layers: number;
  num_attention_heads: number;
  num_kv_heads: number;
  head_dim?: number;
  head_dim_qk?: number;
  head_dim_v?: number;
  intermediate_size_dense?: number | null;
  moe_intermediate_size?: number | null;
  shared_expert_intermediate_size?: number | null;
  num_routed_experts?: number | null;
  num_shared_experts?: number | null;
  experts_per_token?: number | null;
  first_k_dense_layers?: number | null;
  interleave_moe_layer_step?: number;
  mla?: {
    kv_lora_rank: number;
    q_lora_rank: number | null;
    qk_rope_head_dim: number;
    qk_nope_head_dim: number;
    v_head_dim: number;
  } | null;
  dsa?: { index_n_heads: number; index_head_dim: number; index_topk: number };
  sliding_window?: number | null;
  sliding_window_pattern?: number;
  attention_chunk_size?: number;
  tie_word_embeddings: boolean;
  max_position_embeddings: number;
  context_length_reported_tokens?: number;
  mtp_layers?: number;
  activation?: string;
  released_weight_dtype?: string;
  total_params_reported_B: number;
  active_params_reported_B: number;
  total_params_counted?: number;
  kv_cache_bytes_per_token_bf16: number;
  kv_cache_bytes_per_token_fp8?: number;
  kv_cache_bytes_per_sequence_sliding_layers_bf16?: number;
  config_file?: string | null;
  layer_pattern?: string;
  sources: RawSource[];
  notes: string;
  [key: string]: unknown;
}

export interface RawModelsData {
  schema_version: number;
  generated_note: string;
  models: RawModel[];
}

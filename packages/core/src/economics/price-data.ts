/**
 * Dated API price sheets of real providers: plain data, every value with the page it was read from.
 * USD per million tokens. `null` = not found in a source we could read (unknown stays unknown).
 *
 * The pages were read from stored copies on 2026-11-22; `date` is the date the copy shows or implies
 * (stated per source). Prices change often: re-check before relying on them.
 */
import type { Confidence } from "../sources.ts";

export interface RawPriceSource {
  title: string;
  url: string;
  /** The date of the copy read, or what the page itself says about its date. */
  date: string;
  /** Which fields of the sheet this source gives. */
  covers: readonly string[];
  confidence: Confidence;
}

export interface RawCacheWrite {
  /** How long a written entry lives, seconds. */
  durationSeconds: number;
  usdPerMillionTokens: number;
}

export interface RawPriceSheet {
  id: string;
  provider: string;
  model: string;
  /** Date of the price sheet (newest source date). */
  date: string;
  contextWindowTokens: number | null;
  inputUsdPerMillionTokens: number;
  outputUsdPerMillionTokens: number;
  /** Cached input / cache hit / cache read. */
  cacheReadUsdPerMillionTokens: number | null;
  cacheWrites: readonly RawCacheWrite[];
  /** Prices that apply when the prompt exceeds the threshold (the whole request is repriced). */
  longContext: { thresholdTokens: number; inputUsdPerMillionTokens: number; outputUsdPerMillionTokens: number | null } | null;
  /** A premium "fast mode" of the same model: the price multiple and the speed-up the provider states. */
  fastMode: { priceMultiplier: number; speedMultiplierUpTo: number | null } | null;
  sources: readonly RawPriceSource[];
  notes: readonly string[];
}

export const PRICE_DATA_READ_DATE = "2026-11-22";

export const PRICE_SHEETS: readonly RawPriceSheet[] = [
  {
    id: "google-gemini-3.1-pro-preview",
    provider: "Google",
    model: "Gemini 3.1 Pro Preview (Gemini API, paid tier, standard)",
    date: "2026-10-11",
    contextWindowTokens: 1_048_576,
    inputUsdPerMillionTokens: 2,
    outputUsdPerMillionTokens: 12,
    cacheReadUsdPerMillionTokens: null,
    cacheWrites: [],
    longContext: { thresholdTokens: 200_000, inputUsdPerMillionTokens: 4, outputUsdPerMillionTokens: 18 },
    fastMode: null,
    sources: [
      {
        title: "inference.sh: Gemini 3.1 Pro Preview (via OpenRouter) — $2.00/M input, $12.00/M output; >200K ctx: $4.00/M in, $18.00/M out",
        url: "https://inference.sh/apps/openrouter/gemini-3-1-pro-preview",
        date: "2026-10-11 (page's 'last updated')",
        covers: ["inputUsdPerMillionTokens", "outputUsdPerMillionTokens", "longContext"],
        confidence: "medium",
      },
      {
        title: "Google AI for Developers: Gemini 3.1 Pro Preview model page — input token limit 1,048,576",
        url: "https://ai.google.dev/gemini-api/docs/models/gemini-3.1-pro-preview",
        date: "undated stored copy, read 2026-11-22",
        covers: ["contextWindowTokens"],
        confidence: "high",
      },
    ],
    notes: [
      "Google's own pricing page (ai.google.dev/gemini-api/docs/pricing) was not among the stored copies; the prices are a reseller's listing of Google's rates. Cache-read and cache-storage prices were not found and stay unknown.",
      "The lecture's \"50% more expensive over 200K\" matches the output price ($12 → $18, 1.5×); the input price doubles ($2 → $4).",
    ],
  },
  {
    id: "anthropic-claude-opus-4.6",
    provider: "Anthropic",
    model: "Claude Opus 4.6",
    date: "2026-02",
    contextWindowTokens: 1_000_000,
    inputUsdPerMillionTokens: 5,
    outputUsdPerMillionTokens: 25,
    cacheReadUsdPerMillionTokens: 0.5,
    cacheWrites: [
      { durationSeconds: 300, usdPerMillionTokens: 6.25 },
      { durationSeconds: 3600, usdPerMillionTokens: 10 },
    ],
    longContext: null,
    fastMode: { priceMultiplier: 6, speedMultiplierUpTo: 2.5 },
    sources: [
      {
        title: "Anthropic, Claude pricing (platform docs): Opus 4.6 — base input $5, 5m cache writes $6.25, 1h cache writes $10, cache hits & refreshes $0.50, output $25 per MTok",
        url: "https://platform.claude.com/docs/zh-CN/about-claude/pricing",
        date: "undated stored copy listing Opus 4.6 as the newest Opus (released 2026-02-05)",
        covers: ["inputUsdPerMillionTokens", "outputUsdPerMillionTokens", "cacheReadUsdPerMillionTokens", "cacheWrites"],
        confidence: "high",
      },
      {
        title: "Anthropic, Claude Opus 4.6 model page: context window 1M tokens",
        url: "https://platform.claude.com/docs/en/models/opus-4-6/overview",
        date: "undated stored copy, read 2026-11-22",
        covers: ["contextWindowTokens"],
        confidence: "high",
      },
      {
        title: "Anthropic, Fast mode: \"up to 2.5x higher output tokens per second … priced at 6x standard Opus rates\" ($30 / $150 per MTok)",
        url: "https://platform.claude.com/docs/en/build-with-claude/fast-mode",
        date: "undated stored copy (beta header fast-mode-2026-02-01)",
        covers: ["fastMode"],
        confidence: "high",
      },
    ],
    notes: [
      "Earlier copies of the fast-mode page priced prompts over 200K tokens higher ($60 / $225 per MTok in fast mode); a later copy says 6× across the full window. No long-context tier of standard Opus 4.6 pricing was read, so none is recorded.",
    ],
  },
  {
    id: "anthropic-claude-sonnet-4.5",
    provider: "Anthropic",
    model: "Claude Sonnet 4.5",
    date: "2026-02",
    contextWindowTokens: 200_000,
    inputUsdPerMillionTokens: 3,
    outputUsdPerMillionTokens: 15,
    cacheReadUsdPerMillionTokens: 0.3,
    cacheWrites: [
      { durationSeconds: 300, usdPerMillionTokens: 3.75 },
      { durationSeconds: 3600, usdPerMillionTokens: 6 },
    ],
    longContext: null,
    fastMode: null,
    sources: [
      {
        title: "Anthropic, Claude pricing (platform docs): Sonnet 4.5 — base input $3, 5m cache writes $3.75, 1h cache writes $6, cache hits $0.30, output $15 per MTok",
        url: "https://platform.claude.com/docs/zh-CN/about-claude/pricing",
        date: "undated stored copy listing Opus 4.6 as the newest Opus (released 2026-02-05)",
        covers: ["inputUsdPerMillionTokens", "outputUsdPerMillionTokens", "cacheReadUsdPerMillionTokens", "cacheWrites"],
        confidence: "high",
      },
      {
        title: "Anthropic, Claude Sonnet 4.5 model page: context window 200K tokens",
        url: "https://platform.claude.com/docs/zh-CN/models/sonnet-4-5/overview.md",
        date: "undated stored copy, read 2026-11-22",
        covers: ["contextWindowTokens"],
        confidence: "high",
      },
    ],
    notes: ["Sonnet 4.5 is deprecated (retires 2026-11-30 per the model page)."],
  },
  {
    id: "openai-gpt-5.4",
    provider: "OpenAI",
    model: "GPT-5.4",
    date: "2026-06",
    contextWindowTokens: 1_000_000,
    inputUsdPerMillionTokens: 2.5,
    outputUsdPerMillionTokens: 15,
    cacheReadUsdPerMillionTokens: 0.25,
    cacheWrites: [],
    longContext: null,
    fastMode: null,
    sources: [
      {
        title: "Morph, OpenAI API pricing (\"as listed on the official pricing page … as of June 2026\"): GPT-5.4 $2.50 input, $0.25 cached input, $15.00 output, 1M context",
        url: "https://www.morphllm.com/openai-api-pricing",
        date: "2026-06",
        covers: ["inputUsdPerMillionTokens", "cacheReadUsdPerMillionTokens", "outputUsdPerMillionTokens", "contextWindowTokens"],
        confidence: "medium",
      },
      {
        title: "AI Cost Nest, GPT API pricing 2026 (pricing data sourced to OpenAI, updated 2026-05-28): GPT-5.4 $2.50 / $0.25 / $15.00",
        url: "https://www.aicostnest.com/en/posts/gpt-api-pricing-openai-cost-planning/",
        date: "2026-05-28",
        covers: ["inputUsdPerMillionTokens", "cacheReadUsdPerMillionTokens", "outputUsdPerMillionTokens"],
        confidence: "medium",
      },
    ],
    notes: [
      "OpenAI's own page (developers.openai.com/api/docs/pricing) was not among the stored copies; two independent secondary copies agree. Cache writes and cache lifetime were not found: unknown.",
    ],
  },
  {
    id: "deepseek-v3.2",
    provider: "DeepSeek",
    model: "deepseek-chat (DeepSeek-V3.2, non-thinking)",
    date: "2025-12-09",
    contextWindowTokens: 128_000,
    inputUsdPerMillionTokens: 0.28,
    outputUsdPerMillionTokens: 0.42,
    cacheReadUsdPerMillionTokens: 0.028,
    cacheWrites: [],
    longContext: null,
    fastMode: null,
    sources: [
      {
        title: "Roo Code provider table for DeepSeek (\"Updated Dec 9, 2025\"): cache miss $0.28, cache hit $0.028, output $0.42 per M; 128K context",
        url: "https://raw.githubusercontent.com/RooCodeInc/Roo-Code/main/packages/types/src/providers/deepseek.ts",
        date: "2025-12-09",
        covers: ["inputUsdPerMillionTokens", "cacheReadUsdPerMillionTokens", "outputUsdPerMillionTokens", "contextWindowTokens"],
        confidence: "medium",
      },
    ],
    notes: [
      "DeepSeek prices no long-context tier, so there is no threshold to invert into KV bytes per token (its architecture is public anyway: MLA, 70 KB/token at BF16). Its output ÷ input ratio, 1.5×, is far below the lecture's ~5×; its cache hit is 10× cheaper than a miss.",
    ],
  },
  {
    id: "deepseek-v3-2025-02",
    provider: "DeepSeek",
    model: "deepseek-chat (DeepSeek-V3)",
    date: "2025-02-06",
    contextWindowTokens: 64_000,
    inputUsdPerMillionTokens: 0.27,
    outputUsdPerMillionTokens: 1.1,
    cacheReadUsdPerMillionTokens: 0.07,
    cacheWrites: [],
    longContext: null,
    fastMode: null,
    sources: [
      {
        title: "DeepSeek API docs, Models & Pricing (USD): deepseek-chat 64K, cache hit $0.07, cache miss $0.27, output $1.10 per 1M tokens",
        url: "https://api-docs.deepseek.com/quick_start/pricing-details-usd",
        date: "undated stored copy; a mirror of the same table shows 'Modified at 2025-02-06'",
        covers: ["inputUsdPerMillionTokens", "cacheReadUsdPerMillionTokens", "outputUsdPerMillionTokens", "contextWindowTokens"],
        confidence: "high",
      },
    ],
    notes: ["Superseded by the V3.2 prices; kept because its output ÷ input ratio (4.1×) is the lecture's \"3 or 5 times\" era."],
  },
];

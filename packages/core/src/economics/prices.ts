/**
 * Price sheets: the catalog's dated sheets (./price-data.ts) and the user's own, from JSON, checked
 * once here. Every price becomes a Quantity whose origin names the sheet, the field and its source.
 *
 * A user sheet (USD per million tokens, tokens, seconds):
 * {
 *   "provider": "Example", "model": "example-1",
 *   "inputUsdPerMillionTokens": 2, "outputUsdPerMillionTokens": 12,
 *   "cacheReadUsdPerMillionTokens": 0.2,                       // optional
 *   "cacheWrites": [{"durationSeconds": 300, "usdPerMillionTokens": 2.5}],   // optional
 *   "contextWindowTokens": 1048576,                            // optional
 *   "longContext": {"thresholdTokens": 200000, "inputUsdPerMillionTokens": 4, "outputUsdPerMillionTokens": 18},  // optional
 *   "date": "2026-11-01", "source": "https://…"               // optional
 * }
 */
import { nearestIds, quoteValue, RooflineError, type Warning } from "../errors.ts";
import type { Quantity } from "../formula/formula.ts";
import type { Confidence, Origin, SourceRef } from "../sources.ts";
import { PRICE_DATA_READ_DATE, PRICE_SHEETS, type RawPriceSheet } from "./price-data.ts";

export interface CacheWritePrice {
  durationSeconds: number;
  usdPerMillionTokens: Quantity;
}

export interface PriceSheet {
  id: string;
  provider: string;
  model: string;
  date: string | null;
  kind: "catalog" | "file";
  contextWindowTokens: Quantity | null;
  input: Quantity;
  output: Quantity;
  cacheRead: Quantity | null;
  cacheWrites: CacheWritePrice[];
  longContext: { thresholdTokens: Quantity; input: Quantity; output: Quantity | null } | null;
  fastMode: { priceMultiplier: Quantity; speedMultiplierUpTo: Quantity | null } | null;
  sources: SourceRef[];
  notes: string[];
  /** Legal but suspicious (a long-context tier cheaper than the base price), shown once where the sheet is used. */
  warnings?: Warning[];
}

/** Upper bound on any per-million-token price, so outputs stay finite. */
const MAX_USD_PER_MTOK = 1e6;
const MAX_TOKENS = 1e10;

function catalogQuantity(raw: RawPriceSheet, field: string, value: number): Quantity {
  const covering = raw.sources.filter((s) => s.covers.includes(field.split(".")[0] as string));
  const srcs = covering.length ? covering : raw.sources;
  const confidence: Confidence = srcs.some((s) => s.confidence === "low") ? "low" : srcs.some((s) => s.confidence === "medium") ? "medium" : "high";
  const origin: Origin = {
    kind: "catalog",
    catalog: "prices",
    entry: raw.id,
    field,
    sources: srcs.map((s) => ({ title: s.title, url: s.url, date: s.date })),
    confidence,
  };
  return { value, origin };
}

function fromRaw(raw: RawPriceSheet): PriceSheet {
  const q = (field: string, v: number) => catalogQuantity(raw, field, v);
  return {
    id: raw.id,
    provider: raw.provider,
    model: raw.model,
    date: raw.date,
    kind: "catalog",
    contextWindowTokens: raw.contextWindowTokens === null ? null : q("contextWindowTokens", raw.contextWindowTokens),
    input: q("inputUsdPerMillionTokens", raw.inputUsdPerMillionTokens),
    output: q("outputUsdPerMillionTokens", raw.outputUsdPerMillionTokens),
    cacheRead: raw.cacheReadUsdPerMillionTokens === null ? null : q("cacheReadUsdPerMillionTokens", raw.cacheReadUsdPerMillionTokens),
    cacheWrites: raw.cacheWrites.map((w) => ({ durationSeconds: w.durationSeconds, usdPerMillionTokens: q(`cacheWrites.${w.durationSeconds}s`, w.usdPerMillionTokens) })),
    longContext: raw.longContext
      ? {
          thresholdTokens: q("longContext.thresholdTokens", raw.longContext.thresholdTokens),
          input: q("longContext.inputUsdPerMillionTokens", raw.longContext.inputUsdPerMillionTokens),
          output: raw.longContext.outputUsdPerMillionTokens === null ? null : q("longContext.outputUsdPerMillionTokens", raw.longContext.outputUsdPerMillionTokens),
        }
      : null,
    fastMode: raw.fastMode
      ? {
          priceMultiplier: q("fastMode.priceMultiplier", raw.fastMode.priceMultiplier),
          speedMultiplierUpTo: raw.fastMode.speedMultiplierUpTo === null ? null : q("fastMode.speedMultiplierUpTo", raw.fastMode.speedMultiplierUpTo),
        }
      : null,
    sources: raw.sources.map((s) => ({ title: s.title, url: s.url, date: s.date })),
    notes: [...raw.notes],
  };
}

export const PRICE_CATALOG: readonly PriceSheet[] = PRICE_SHEETS.map((raw) => {
  const sheet = fromRaw(raw);
  validateSheet(sheet, `catalog prices/${raw.id}`);
  return sheet;
});

export const PRICE_ALIASES: Readonly<Record<string, string>> = {
  gemini: "google-gemini-3.1-pro-preview",
  "gemini-3.1-pro": "google-gemini-3.1-pro-preview",
  opus: "anthropic-claude-opus-4.6",
  "claude-opus-4.6": "anthropic-claude-opus-4.6",
  sonnet: "anthropic-claude-sonnet-4.5",
  "gpt-5.4": "openai-gpt-5.4",
  deepseek: "deepseek-v3.2",
};

export function priceSheetIds(): string[] {
  return PRICE_CATALOG.map((s) => s.id);
}

export function findPriceSheet(id: string): PriceSheet | undefined {
  const key = id.trim().toLowerCase();
  return PRICE_CATALOG.find((s) => s.id === key) ?? PRICE_CATALOG.find((s) => s.id === PRICE_ALIASES[key]);
}

export function getPriceSheet(id: string, field = "--prices"): PriceSheet {
  const hit = findPriceSheet(id);
  if (hit) return hit;
  throw new RooflineError({
    code: "unknown-id",
    field,
    value: quoteValue(id),
    expected: "a catalog price sheet id, an alias (gemini, opus, sonnet, gpt-5.4, deepseek) or a path to a price-sheet JSON file",
    hint: `Nearest ids: ${nearestIds(id, [...priceSheetIds(), ...Object.keys(PRICE_ALIASES)]).join(", ")}.`,
  });
}

/** Checks relations between fields (a sheet from the catalog or a file). */
function validateSheet(s: PriceSheet, where: string): void {
  const lc = s.longContext;
  const window = s.contextWindowTokens?.value ?? null;
  if (lc && window !== null && lc.thresholdTokens.value >= window) {
    throw new RooflineError({
      code: "out-of-range",
      field: `${where}: longContext.thresholdTokens`,
      value: String(lc.thresholdTokens.value),
      expected: `a threshold below the context window (${window} tokens): a tier that starts beyond the window never applies`,
    });
  }
}

// ---- User sheets from JSON -------------------------------------------------------------------------

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function readNumber(o: Record<string, unknown>, key: string, file: string, rule: { expected: string; optional?: boolean; allowZero?: boolean; minNonZero?: number; max: number; integer?: boolean; prefix?: string }): number | null {
  const field = `${file}: ${rule.prefix ?? ""}${key}`;
  const v = o[key];
  if (v === undefined || v === null) {
    if (rule.optional) return null;
    throw new RooflineError({ code: "missing-field", field, expected: rule.expected });
  }
  if (typeof v !== "number" || !Number.isFinite(v)) throw new RooflineError({ code: "wrong-type", field, value: quoteValue(v), expected: rule.expected });
  if ((rule.allowZero ? v < 0 : v <= 0) || v > rule.max || (rule.minNonZero !== undefined && v > 0 && v < rule.minNonZero)) throw new RooflineError({ code: "out-of-range", field, value: quoteValue(v), expected: rule.expected });
  if (rule.integer && !Number.isInteger(v)) throw new RooflineError({ code: "not-an-integer", field, value: quoteValue(v), expected: rule.expected });
  return v;
}

/** 0 (free) or a real price: below a millionth of a dollar per million tokens a price is a typo, and its ratios absurd. */
const PRICE_RULE = { expected: `USD per million tokens: 0, or ≥ 1e-6 and ≤ ${MAX_USD_PER_MTOK}`, allowZero: true, minNonZero: 1e-6, max: MAX_USD_PER_MTOK };
const TOKENS_RULE = { expected: `a whole number of tokens, ≥ 1 and ≤ ${MAX_TOKENS}`, max: MAX_TOKENS, integer: true };

/** A price sheet from parsed JSON (the caller reads the file). Errors name the file and the field. */
export function priceSheetFromJson(json: unknown, file: string): PriceSheet {
  if (!isObject(json)) throw new RooflineError({ code: "wrong-type", field: file, value: quoteValue(json), expected: "a JSON object describing one price sheet" });
  const o = json;
  const text = (key: string): string | null => (typeof o[key] === "string" && (o[key] as string).trim() ? (o[key] as string).trim() : null);
  const model = text("model");
  if (!model) throw new RooflineError({ code: "missing-field", field: `${file}: model`, expected: "a non-empty string naming the model" });
  const q = (field: string, value: number): Quantity => ({ value, origin: { kind: "file", file, field } });
  const input = readNumber(o, "inputUsdPerMillionTokens", file, PRICE_RULE) as number;
  const output = readNumber(o, "outputUsdPerMillionTokens", file, PRICE_RULE) as number;
  const cacheRead = readNumber(o, "cacheReadUsdPerMillionTokens", file, { ...PRICE_RULE, optional: true });
  const window = readNumber(o, "contextWindowTokens", file, { ...TOKENS_RULE, optional: true });
  const writes: CacheWritePrice[] = [];
  if (o["cacheWrites"] !== undefined) {
    if (!Array.isArray(o["cacheWrites"])) throw new RooflineError({ code: "wrong-type", field: `${file}: cacheWrites`, value: quoteValue(o["cacheWrites"]), expected: "an array of {durationSeconds, usdPerMillionTokens}" });
    o["cacheWrites"].forEach((w: unknown, i: number) => {
      const prefix = `cacheWrites[${i}].`;
      if (!isObject(w)) throw new RooflineError({ code: "wrong-type", field: `${file}: cacheWrites[${i}]`, value: quoteValue(w), expected: "an object {durationSeconds, usdPerMillionTokens}" });
      const d = readNumber(w, "durationSeconds", file, { expected: "seconds the cache entry lives, > 0 and ≤ 1e8", max: 1e8, prefix }) as number;
      const p = readNumber(w, "usdPerMillionTokens", file, { ...PRICE_RULE, prefix }) as number;
      writes.push({ durationSeconds: d, usdPerMillionTokens: q(`${prefix}usdPerMillionTokens`, p) });
    });
  }
  let longContext: PriceSheet["longContext"] = null;
  if (o["longContext"] !== undefined && o["longContext"] !== null) {
    const lc = o["longContext"];
    if (!isObject(lc)) throw new RooflineError({ code: "wrong-type", field: `${file}: longContext`, value: quoteValue(lc), expected: "an object {thresholdTokens, inputUsdPerMillionTokens, outputUsdPerMillionTokens}" });
    const prefix = "longContext.";
    const threshold = readNumber(lc, "thresholdTokens", file, { ...TOKENS_RULE, prefix }) as number;
    const lin = readNumber(lc, "inputUsdPerMillionTokens", file, { ...PRICE_RULE, prefix }) as number;
    const lout = readNumber(lc, "outputUsdPerMillionTokens", file, { ...PRICE_RULE, prefix, optional: true });
    longContext = { thresholdTokens: q(`${prefix}thresholdTokens`, threshold), input: q(`${prefix}inputUsdPerMillionTokens`, lin), output: lout === null ? null : q(`${prefix}outputUsdPerMillionTokens`, lout) };
  }
  const source = text("source");
  const sheet: PriceSheet = {
    id: (text("id") ?? model).toLowerCase().replace(/[^a-z0-9.]+/g, "-"),
    provider: text("provider") ?? "user-defined",
    model,
    date: text("date"),
    kind: "file",
    contextWindowTokens: window === null ? null : q("contextWindowTokens", window),
    input: q("inputUsdPerMillionTokens", input),
    output: q("outputUsdPerMillionTokens", output),
    cacheRead: cacheRead === null ? null : q("cacheReadUsdPerMillionTokens", cacheRead),
    cacheWrites: writes,
    longContext,
    fastMode: null,
    sources: source ? [{ title: `user price sheet ${file}`, url: source }] : [{ title: `user price sheet ${file}` }],
    notes: [],
  };
  validateSheet(sheet, file);
  const cheaper: string[] = [];
  if (longContext && longContext.input.value < input) cheaper.push(`input $${longContext.input.value}/Mtok < $${input}/Mtok`);
  if (longContext?.output && longContext.output.value < output) cheaper.push(`output $${longContext.output.value}/Mtok < $${output}/Mtok`);
  if (cheaper.length) {
    sheet.warnings = [
      {
        code: "long-context-cheaper",
        message: `${quoteValue(file)}: the long-context tier (from ${longContext!.thresholdTokens.value} tokens) is cheaper than the base price (${cheaper.join("; ")}); providers charge more past the threshold, not less. Check longContext.`,
      },
    ];
  }
  return sheet;
}

export { PRICE_DATA_READ_DATE };

/**
 * The whole view lives in the URL's query string. Every parameter is parsed and checked once, here,
 * with the same rules and limits as the CLI's flags (core's parseNumber/LIMITS); a bad value becomes a
 * message naming the parameter and the expected range, and the parameter falls back to its default.
 * Nothing read from the URL is ever used as markup: it reaches the page only as Preact text.
 */
import {
  findHardware,
  findModel,
  hardwareIds,
  isRooflineError,
  LIMITS,
  modelFromJson,
  modelIds,
  nearestIds,
  parseComputePrecision,
  parseJsonText,
  parseNumber,
  parsePrecision,
  quoteValue,
  RooflineError,
  type AttentionMode,
  type ComputePrecision,
  type ExpertRouting,
  type NumberRule,
  type Precision,
} from "@roofline/core";

/** Defaults reproduce the lecture's examples (the CLI's defaults, packages/cli/src/options.ts). */
export const DEFAULT_MODEL = "deepseek-v3";
export const DEFAULT_HARDWARE = "nvidia-gb200-nvl72";
export const DEFAULT_CHIPS = 64;
/** The model id that means "the JSON in the `config` parameter". */
export const CUSTOM_MODEL = "custom";
/**
 * A pasted config.json travels in the URL; beyond this it is refused. Minified HF configs are 1–4 KB;
 * servers refuse request lines much past 8–16 KB anyway.
 */
export const MAX_CONFIG_CHARS = 12_000;

export interface AppState {
  page: string;
  model: string;
  /** Pasted Hugging Face config.json or napkin model JSON, used when model = "custom". */
  config: string;
  hardware: string;
  /** null = the engine's default (shown in the control). */
  chips: number | null;
  batch: number | null;
  context: number | null;
  prompt: number | null;
  train: number | null;
  weights: Precision | null;
  kv: Precision | null;
  compute: ComputePrecision | null;
  usd: number | null;
  ce: number | null;
  be: number | null;
  attention: AttentionMode;
  routing: ExpertRouting;
  /** The number whose derivation is open ("" = none). */
  explain: string;
  /** Table sort: column key, and descending. */
  sort: string;
  desc: boolean;
  /**
   * A page's own inputs (the layout's degrees, the world model's window…), as typed, under `x.<key>`
   * in the URL. Each page validates its own values as it uses them; here they are only bounded.
   */
  local: Readonly<Record<string, string>>;
  /** Comparison scenarios (compare.ts): `hw:amd-mi355x,chips:8;model:llama-3.1-70b`, "" = none. */
  compare: string;
}

export const DEFAULT_STATE: AppState = {
  page: "batch",
  model: DEFAULT_MODEL,
  config: "",
  hardware: DEFAULT_HARDWARE,
  chips: null,
  batch: null,
  context: null,
  prompt: null,
  train: null,
  weights: null,
  kv: null,
  compute: null,
  usd: null,
  ce: null,
  be: null,
  attention: "native",
  routing: "uniform",
  explain: "",
  sort: "",
  desc: false,
  local: {},
  compare: "",
};

/** URL parameter name of each state field (short, stable: links people share depend on them). */
export const URL_KEYS: Record<keyof AppState, string> = {
  page: "page",
  model: "model",
  config: "config",
  hardware: "hw",
  chips: "chips",
  batch: "batch",
  context: "ctx",
  prompt: "prompt",
  train: "train",
  weights: "weights",
  kv: "kv",
  compute: "compute",
  usd: "usd",
  ce: "ce",
  be: "be",
  attention: "attn",
  routing: "routing",
  explain: "explain",
  sort: "sort",
  desc: "desc",
  local: "x.",
  compare: "cmp",
};

/** Page-local parameters: `x.<key>=<value>`, keys and values short and plain. */
export const LOCAL_PREFIX = "x.";
const LOCAL_KEY = /^[A-Za-z][A-Za-z0-9_-]{0,30}$/;
const LOCAL_VALUE = /^[A-Za-z0-9_.+\-,:= ]{0,80}$/;

/** The rules of the numeric parameters: the CLI's flag rules. */
export const NUMBER_RULES = {
  chips: { what: "chips", integer: true, min: 1, max: LIMITS.maxChips },
  batch: { what: "sequences in the batch", integer: true, min: 1, max: LIMITS.maxBatch },
  context: { what: "tokens of context", integer: true, min: 0, max: LIMITS.maxContextTokens },
  prompt: { what: "prompt tokens per sequence", integer: true, min: 1, max: LIMITS.maxPassTokens },
  train: { what: "sequences per train", integer: true, min: 1, max: LIMITS.maxBatch },
  usd: { what: "USD per chip-hour", min: 0, max: LIMITS.maxUsdPerHour },
  ce: { what: "fraction of peak FLOP/s", above: 0, max: 10 },
  be: { what: "fraction of peak HBM bandwidth", above: 0, max: 10 },
} as const satisfies Record<string, NumberRule>;
export type NumberKey = keyof typeof NUMBER_RULES;

export const ATTENTION_MODES: readonly AttentionMode[] = ["native", "dense", "sqrt"];
export const ROUTINGS: readonly ExpertRouting[] = ["uniform", "all"];

/** A problem with one URL parameter, shown to the user; the parameter fell back to its default. */
export interface StateProblem {
  param: string;
  message: string;
}

function choice<T extends string>(text: string, field: string, choices: readonly T[]): T {
  const v = text.trim().toLowerCase();
  if ((choices as readonly string[]).includes(v)) return v as T;
  throw new RooflineError({ code: "invalid-choice", field, value: quoteValue(text), expected: `one of ${choices.join(", ")}` });
}

function catalogId(text: string, field: string, kind: "model" | "hardware"): string {
  const hit = kind === "model" ? findModel(text) : findHardware(text);
  if (hit) return hit.id;
  const ids = kind === "model" ? modelIds() : hardwareIds();
  throw new RooflineError({
    code: "unknown-id",
    field,
    value: quoteValue(text),
    expected: kind === "model" ? `a catalog model id, or "custom" with a config parameter` : "a catalog hardware id",
    hint: `Nearest ids: ${nearestIds(text.slice(0, 60), ids).join(", ")}.`,
  });
}

/**
 * Reads the state from a query string. Never throws: each bad parameter becomes a problem and keeps
 * its default. `pages` are the valid page ids.
 */
export function parseState(search: string, pages: readonly string[]): { state: AppState; problems: StateProblem[] } {
  const q = new URLSearchParams(search);
  const state: AppState = { ...DEFAULT_STATE, page: pages[0] ?? DEFAULT_STATE.page };
  const problems: StateProblem[] = [];
  const read = (key: keyof AppState, apply: (text: string, field: string) => void) => {
    const field = URL_KEYS[key];
    const text = q.get(field);
    if (text === null) return;
    try {
      apply(text, field);
    } catch (e) {
      const message = isRooflineError(e) ? e.message : `${field}: could not read "${quoteValue(text)}".`;
      problems.push({ param: field, message: `URL parameter ${message} Using the default.` });
    }
  };
  read("page", (t, f) => (state.page = choice(t, f, pages)));
  read("model", (t, f) => (state.model = t.trim().toLowerCase() === CUSTOM_MODEL ? CUSTOM_MODEL : catalogId(t, f, "model")));
  read("config", (t, f) => {
    if (t.length > MAX_CONFIG_CHARS) throw new RooflineError({ code: "out-of-range", field: f, value: `${t.length} characters`, expected: `a JSON model description of at most ${MAX_CONFIG_CHARS} characters` });
    state.config = t;
  });
  if (state.model === CUSTOM_MODEL && !state.config) {
    problems.push({ param: "config", message: `URL parameter model is "custom" but no config was given. Using the default model (${DEFAULT_MODEL}).` });
    state.model = DEFAULT_MODEL;
  } else if (state.model === CUSTOM_MODEL) {
    try {
      modelFromJson(parseJsonText(state.config, { field: "config" }), "pasted config.json");
    } catch (e) {
      const why = isRooflineError(e) ? e.message : `config: not valid JSON (${quoteValue(e instanceof Error ? e.message : e, 80)}).`;
      problems.push({ param: "config", message: `URL parameter ${why} Using the default model (${DEFAULT_MODEL}).` });
      state.model = DEFAULT_MODEL;
      state.config = "";
    }
  }
  read("hardware", (t, f) => (state.hardware = catalogId(t, f, "hardware")));
  for (const key of Object.keys(NUMBER_RULES) as NumberKey[]) {
    read(key, (t, f) => (state[key] = parseNumber(t, f, NUMBER_RULES[key])));
  }
  read("weights", (t, f) => (state.weights = parsePrecision(quoteValue(t), f)));
  read("kv", (t, f) => (state.kv = parsePrecision(quoteValue(t), f)));
  read("compute", (t, f) => (state.compute = parseComputePrecision(quoteValue(t), f)));
  read("attention", (t, f) => (state.attention = choice(t, f, ATTENTION_MODES)));
  read("routing", (t, f) => (state.routing = choice(t, f, ROUTINGS)));
  read("explain", (t, f) => {
    if (!/^[A-Za-z0-9_.:-]{1,120}$/.test(t)) throw new RooflineError({ code: "invalid-choice", field: f, value: quoteValue(t), expected: "the id of a number on the page (letters, digits, . _ : -)" });
    state.explain = t;
  });
  read("sort", (t, f) => {
    if (!/^[A-Za-z0-9_.-]{1,60}$/.test(t)) throw new RooflineError({ code: "invalid-choice", field: f, value: quoteValue(t), expected: "a column key (letters, digits, . _ -)" });
    state.sort = t;
  });
  read("desc", (t, f) => (state.desc = choice(t, f, ["0", "1"]) === "1"));
  read("compare", (t, f) => {
    if (t.length > 300 || !/^[A-Za-z0-9_.:,;+\- ]*$/.test(t)) throw new RooflineError({ code: "invalid-choice", field: f, value: quoteValue(t, 40), expected: "comparisons as key:value pairs (e.g. hw:amd-mi355x,chips:8), scenarios split by ;" });
    state.compare = t;
  });
  const local: Record<string, string> = {};
  for (const [name, value] of q) {
    if (!name.startsWith(LOCAL_PREFIX)) continue;
    const key = name.slice(LOCAL_PREFIX.length);
    if (!LOCAL_KEY.test(key) || !LOCAL_VALUE.test(value)) {
      problems.push({
        param: quoteValue(name, 40),
        message: `URL parameter ${quoteValue(name, 40)}: got "${quoteValue(value, 40)}". Expected a page input: a short key and a value of letters, digits and . + - , (at most 80 characters). Using the default.`,
      });
      continue;
    }
    local[key] = value;
  }
  state.local = local;
  return { state, problems };
}

/** A page's own input, kept in the URL: [value, set]. Setting it back to the default removes it. */
export function localParam(state: AppState, set: (patch: Partial<AppState>) => void, key: string, fallback = ""): [string, (value: string) => void] {
  const value = state.local[key] ?? fallback;
  return [
    value,
    (v: string) => {
      const next = { ...state.local };
      if (v === fallback) delete next[key];
      else next[key] = v;
      set({ local: next });
    },
  ];
}

/** The query string of a state: only what differs from the defaults, in a fixed order. */
export function serializeState(state: AppState): string {
  const q = new URLSearchParams();
  for (const key of Object.keys(URL_KEYS) as (keyof AppState)[]) {
    if (key === "local") continue;
    const v = state[key];
    if (v === DEFAULT_STATE[key] || v === null || v === "") continue;
    if (key === "config" && state.model !== CUSTOM_MODEL) continue;
    q.set(URL_KEYS[key], typeof v === "boolean" ? (v ? "1" : "0") : String(v));
  }
  for (const key of Object.keys(state.local).sort()) q.set(`${LOCAL_PREFIX}${key}`, state.local[key] as string);
  const s = q.toString();
  return s ? `?${s}` : "";
}

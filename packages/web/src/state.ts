/**
 * The whole view lives in the URL's query string. Every parameter is parsed and checked once, here,
 * with the rules of core's input tables, as the CLI's flags are; a bad value becomes a
 * message naming the parameter and the expected range, and the parameter falls back to its default.
 * Nothing read from the URL is ever used as markup: it reaches the page only as Preact text.
 */
import {
  DEFAULT_HARDWARE_ID,
  DEFAULT_MODEL_ID,
  findHardware,
  findModel,
  hardwareIds,
  INPUT_TABLES,
  isRooflineError,
  modelFromJson,
  modelIds,
  nearestIds,
  parseInput,
  type InputValue as CoreInputValue,
  parseJsonText,
  quoteValue,
  RooflineError,
  STEP_INPUTS,
  type InputDef,
  type InputTable,
} from "@roofline/core";

/** Defaults reproduce the lecture's examples: core's input tables (packages/core/src/inputs/). */
export const DEFAULT_MODEL = DEFAULT_MODEL_ID;
export const DEFAULT_HARDWARE = DEFAULT_HARDWARE_ID;
export const DEFAULT_CHIPS = STEP_INPUTS.get("chips").default as number;
/** The model id that means "the JSON in the `config` parameter". */
export const CUSTOM_MODEL = "custom";
/**
 * A pasted config.json travels in the URL; beyond this it is refused. Minified HF configs are 1–4 KB;
 * servers refuse request lines much past 8–16 KB anyway.
 */
export const MAX_CONFIG_CHARS = 12_000;

/** A value of an analysis input as the user set it (numbers in SI, enums as their value, switches as booleans). */
export type InputValue = CoreInputValue;

export interface AppState {
  page: string;
  model: string;
  /** Pasted Hugging Face config.json or napkin model JSON, used when model = "custom". */
  config: string;
  /** The chosen catalog model and hardware; "" = none chosen: the page's own default (its input table's). */
  hardware: string;
  /**
   * The analysis inputs the user set, by input id (core's input tables); an input not here takes its
   * default. Each travels in the URL under its table's `url` key.
   */
  inputs: Readonly<Record<string, InputValue>>;
  /** The number whose derivation is open ("" = none). */
  explain: string;
  /** Table sort: column key, and descending. */
  sort: string;
  desc: boolean;
  /**
   * A page's own inputs not yet in a core input table, as typed, under `x.<key>` in the URL. Each page
   * validates its own values as it uses them; here they are only bounded.
   */
  local: Readonly<Record<string, string>>;
  /** Comparison scenarios (compare.ts): `hw:amd-mi355x,chips:8;model:llama-3.1-70b`, "" = none. */
  compare: string;
  /** The pinned read-outs: `<chart id>:<x>`, several joined by "," (e.g. `batch-time:64,batch-time:256`), "" = none. */
  pin: string;
}

export const DEFAULT_STATE: AppState = {
  page: "batch",
  model: "",
  config: "",
  hardware: "",
  inputs: {},
  explain: "",
  sort: "",
  desc: false,
  local: {},
  compare: "",
  pin: "",
};

type FixedKey = Exclude<keyof AppState, "inputs">;

/** URL parameter name of each fixed state field (short, stable: links people share depend on them). */
export const URL_KEYS: Record<FixedKey, string> = {
  page: "page",
  model: "model",
  config: "config",
  hardware: "hw",
  explain: "explain",
  sort: "sort",
  desc: "desc",
  local: "x.",
  compare: "cmp",
  pin: "pin",
};

/** Every analysis input the URL can carry: one per input id of core's tables (model and hardware are fixed fields). */
export const URL_INPUTS: readonly InputDef[] = (() => {
  const seen = new Map<string, InputDef>();
  for (const t of INPUT_TABLES)
    for (const d of t.inputs) {
      if (d.id === "model" || d.id === "hardware" || d.kind === "file") continue;
      if (!seen.has(d.id)) seen.set(d.id, d);
    }
  return [...seen.values()];
})();

/** The model a page runs when none is chosen, as messages name it. */
function defaultModelName(page: string, pageTables: Readonly<Record<string, InputTable | undefined>>): string {
  const m = withPageDefaults({ ...DEFAULT_STATE, page }, pageTables[page]).model;
  return m || (pageTables[page]?.get("model").defaultFrom ?? DEFAULT_MODEL);
}

/**
 * The state a page works with: the model and hardware chosen, or else the page's defaults (its input
 * table's: the API prices page inverts on an H100 as `roofline prices` does, the training step runs a
 * dense 70B as `roofline train-step` does), or else the lecture's.
 */
export function withPageDefaults(state: AppState, table?: InputTable): AppState {
  // A table whose model default is no catalog id (speculative decoding's crib-sheet 70B) keeps "": the page runs its own default.
  const def = (id: "model" | "hardware", fallback: string) => {
    if (!table?.has(id)) return fallback;
    const d = table.get(id).default;
    return typeof d === "string" ? d : d === null ? "" : fallback;
  };
  const model = state.model || def("model", DEFAULT_MODEL);
  const hardware = state.hardware || def("hardware", DEFAULT_HARDWARE);
  return model === state.model && hardware === state.hardware ? state : { ...state, model, hardware };
}

/** Page-local parameters: `x.<key>=<value>`, keys and values short and plain. */
export const LOCAL_PREFIX = "x.";
const LOCAL_KEY = /^[A-Za-z][A-Za-z0-9_-]{0,30}$/;
const LOCAL_VALUE = /^[A-Za-z0-9_.+\-,:= ]{0,80}$/;

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
export function parseState(search: string, pages: readonly string[], pageTables: Readonly<Record<string, InputTable | undefined>> = {}): { state: AppState; problems: StateProblem[] } {
  const q = new URLSearchParams(search);
  const state: AppState = { ...DEFAULT_STATE, page: pages[0] ?? DEFAULT_STATE.page };
  const problems: StateProblem[] = [];
  const read = (key: FixedKey, apply: (text: string, field: string) => void) => {
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
    problems.push({ param: "config", message: `URL parameter model is "custom" but no config was given. Using the default model (${defaultModelName(state.page, pageTables)}).` });
    state.model = "";
  } else if (state.model === CUSTOM_MODEL) {
    try {
      modelFromJson(parseJsonText(state.config, { field: "config" }), "pasted config.json");
    } catch (e) {
      const why = isRooflineError(e) ? e.message : `config: not valid JSON (${quoteValue(e instanceof Error ? e.message : e, 80)}).`;
      problems.push({ param: "config", message: `URL parameter ${why} Using the default model (${defaultModelName(state.page, pageTables)}).` });
      state.model = "";
      state.config = "";
    }
  }
  read("hardware", (t, f) => (state.hardware = catalogId(t, f, "hardware")));
  const inputs: Record<string, InputValue> = {};
  const aliasesRead = new Set<string>();
  for (const d of URL_INPUTS) {
    // An older key of the input (a page's former `x.` key) still works: shared links keep working.
    // A page's former key (x.k on the Speculative decoding page) is read on that page only: another page may use it for its own.
    const own = pageTables[state.page];
    const aliases = own?.has(d.id) ? (own.get(d.id).urlAliases ?? []) : [];
    const alias = q.get(d.url) === null ? aliases.find((a) => q.get(a) !== null) : undefined;
    if (alias) aliasesRead.add(alias);
    const text = q.get(alias ?? d.url);
    if (text === null) continue;
    try {
      // The page's own declaration where it has one (its range, the words it takes: serve's concurrency max).
      inputs[d.id] = parseInput(own?.has(d.id) ? own.get(d.id) : d, quoteValue(text, 200), d.url);
    } catch (e) {
      const message = isRooflineError(e) ? e.message : `${d.url}: could not read "${quoteValue(text)}".`;
      problems.push({ param: d.url, message: `URL parameter ${message} Using the default.` });
    }
  }
  state.inputs = inputs;
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
  read("pin", (t, f) => {
    // One or more pinned points, joined by "," (at most 8: MAX_PINS in components/scenario.ts).
    const entries = t.split(",");
    const ok = entries.length <= 8 && entries.every((e) => {
      const m = /^([A-Za-z0-9.-]{1,60}):([0-9.eE+-]{1,30})$/.exec(e);
      return m !== null && Number.isFinite(Number(m[2]));
    });
    if (!ok) throw new RooflineError({ code: "invalid-choice", field: f, value: quoteValue(t, 40), expected: "up to 8 points as chart:x, joined by commas (e.g. batch-time:64,batch-time:512)" });
    state.pin = t;
  });
  const local: Record<string, string> = {};
  for (const [name, value] of q) {
    if (!name.startsWith(LOCAL_PREFIX) || aliasesRead.has(name)) continue;
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
  for (const key of Object.keys(URL_KEYS) as FixedKey[]) {
    if (key === "local") continue;
    if (key === "explain")
      for (const d of URL_INPUTS) {
        const v = state.inputs[d.id];
        if (v !== undefined) q.set(d.url, typeof v === "boolean" ? (v ? "1" : "0") : String(v));
      }
    const v = state[key];
    if (v === DEFAULT_STATE[key] || v === "") continue;
    if (key === "config" && state.model !== CUSTOM_MODEL) continue;
    q.set(URL_KEYS[key], typeof v === "boolean" ? (v ? "1" : "0") : String(v));
  }
  for (const key of Object.keys(state.local).sort()) q.set(`${LOCAL_PREFIX}${key}`, state.local[key] as string);
  const s = q.toString();
  return s ? `?${s}` : "";
}

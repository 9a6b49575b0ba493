/**
 * One definition per input. An analysis declares its inputs once, as a table of `InputDef`s: name,
 * unit, default and where it comes from, physical range, one-line doc, group, kind. From the table
 * come the engine's checks and defaults (`resolveNumber`), the CLI's flags and help, the web app's
 * controls and URL keys, the messages naming the input at fault, and the echo of inputs in `--json`.
 *
 * The same id means the same input in every table (a test checks that flag, label, URL key and unit
 * agree wherever an id appears), so an error can carry the id and each interface names it its way:
 * the CLI as `--flag`, the web app as the control's label.
 */
import { quoteValue, RooflineError } from "../errors.ts";
import { type Quantity } from "../formula/formula.ts";
import type { Origin } from "../sources.ts";
import { HARDWARE, type Fact, type HardwareSpec } from "../catalog/hardware.ts";
import { MODELS } from "../catalog/models.ts";
import type { ComputePrecision } from "../precision.ts";
import type { UnitId } from "../units.ts";
import { checkGiven, parseNumber, type Given, type NumberRule } from "../validate.ts";

export type InputGroup = "model" | "system" | "workload" | "precision" | "layout" | "economics" | "efficiency";
export const INPUT_GROUPS: readonly InputGroup[] = ["model", "system", "workload", "precision", "layout", "economics", "efficiency"];

/**
 * number: a real quantity; integer: a count; enum: one of `choices`; catalog: a catalog id; file: a
 * path (CLI) or pasted JSON (web); text: a short text the analysis parses (a length distribution);
 * boolean: a switch (the CLI's `--x` and `--no-x`, the web app's checkbox, `1`/`0` in the URL).
 */
export type InputKind = "number" | "integer" | "enum" | "catalog" | "file" | "text" | "boolean";

/** The value of an input as an interface reads it: a number, a choice, id or text, or a switch. */
export type InputValue = number | string | boolean;

export interface InputDef {
  /** The option key the analysis takes (camelCase), and the id errors carry. */
  id: string;
  /** CLI long flag, without the dashes ("batch" → --batch). */
  flag: string;
  /** CLI one-letter alias ("b" → -b). */
  short?: string;
  /**
   * Older CLI flags of the input in this table's command, still accepted ("-E, --expert-parallel" for
   * layout's expert parallelism, whose flag everywhere is --ep). Hidden in help but named there.
   */
  flagAliases?: readonly string[];
  /** URL query key in the web app (short and stable: shared links depend on it). */
  url: string;
  /** Older URL keys that still work (a page's former `x.` key), read when `url` is absent. */
  urlAliases?: readonly string[];
  /** The control's label in the web app. */
  label: string;
  /** Unit of the value, as format.ts spells it ("sequence", "token", "FLOP/s", "B/s", "B", "USD/h", "1"); "" for enums and ids. */
  unit: UnitId | "";
  kind: InputKind;
  group: InputGroup;
  /** One line: what the input is. */
  doc: string;
  /** The default value; null when it comes from elsewhere (the model, the catalog, another input, a solved optimum). */
  default: InputValue | null;
  /** Where the default comes from ("the lecture's 64 GPUs of an NVL72 rack", "the catalog's dated quote"). */
  defaultFrom: string;
  /** Inclusive physical bounds (number/integer): every value in [min, max] keeps every output finite. */
  min?: number;
  max?: number;
  /** Zero allowed, but positive values below this refused (a price of 1e-300 USD/h). */
  minNonZero?: number;
  /**
   * number/integer: words the input also takes instead of a number, each with what it means
   * (serve's concurrency: `max`, as many sequences as memory admits). Parsed to the word itself;
   * the analysis resolves it.
   */
  keywords?: Readonly<Record<string, string>>;
  /** What the number counts, for messages ("sequences in the batch"). Defaults to doc. */
  what?: string;
  /** enum: the allowed values, in display order. */
  choices?: readonly string[];
  /** enum: a label per choice for controls. */
  choiceLabels?: Readonly<Record<string, string>>;
  /** catalog: which catalog the id names. */
  catalog?: "model" | "hardware" | "price-sheet" | "world-model";
  /** Folded away in the web app, listed last in help. */
  advanced?: boolean;
  /** Slider hints for the web control (log scale between the two). */
  slider?: { min: number; max: number; log: boolean; step?: number };
  /** boolean: what the switch off means (the help of `--no-<flag>`); `doc` says what on means. */
  offDoc?: string;
  /** boolean: older CLI flags that turn the switch off (--unfused-attention for fused attention), still accepted, hidden in help. */
  offAliases?: readonly string[];
  /** CLI value placeholder ("<B>"); defaults from the unit. */
  valueName?: string;
}

export interface InputTable {
  /** The analysis (command and page) the table belongs to. */
  readonly analysis: string;
  readonly inputs: readonly InputDef[];
  /** The input with this id; throws for an id the table lacks (a programming error). */
  get(id: string): InputDef;
  has(id: string): boolean;
  /** A copy with some inputs changed (a command's own default), added or left out. */
  derive(analysis: string, changes?: { set?: Readonly<Record<string, Partial<InputDef>>>; omit?: readonly string[]; add?: readonly InputDef[] }): InputTable;
}

export function defineInputs(analysis: string, inputs: readonly InputDef[]): InputTable {
  const byId = new Map<string, InputDef>();
  for (const d of inputs) {
    if (byId.has(d.id)) throw new Error(`inputs of ${analysis}: duplicate id ${d.id}`);
    byId.set(d.id, d);
  }
  const table: InputTable = {
    analysis,
    inputs,
    get(id) {
      const d = byId.get(id);
      if (!d) throw new Error(`inputs of ${analysis}: no input ${id}`);
      return d;
    },
    has: (id) => byId.has(id),
    derive(name, changes = {}) {
      const omit = new Set(changes.omit ?? []);
      const list = inputs.filter((d) => !omit.has(d.id)).map((d) => (changes.set?.[d.id] ? { ...d, ...changes.set[d.id] } : d));
      return defineInputs(name, [...list, ...(changes.add ?? [])]);
    },
  };
  return table;
}

/** Longest text input (a length distribution with a histogram of a few dozen bins). */
export const MAX_TEXT_INPUT = 400;

/** The check of a numeric input, as validate.ts takes it. */
export function ruleOf(d: InputDef): NumberRule {
  const rule: NumberRule = { what: d.what ?? d.doc };
  if (d.kind === "integer") rule.integer = true;
  if (d.min !== undefined) rule.min = d.min;
  if (d.max !== undefined) rule.max = d.max;
  if (d.minNonZero !== undefined) rule.minNonZero = d.minNonZero;
  return rule;
}

/** A number as help text types it: 64, 0.03, 1e11 (so that it parses back as typed). */
function plainNumber(n: number): string {
  return Math.abs(n) >= 1e6 || (n !== 0 && Math.abs(n) < 1e-3) ? n.toExponential().replace("+", "") : String(n);
}

/** "≥ 1 and ≤ 1e7 sequences" — the range in words, for help and messages. */
export function describeRange(d: InputDef): string {
  if (d.kind === "enum") return `one of ${(d.choices ?? []).join(", ")}`;
  if (d.kind !== "number" && d.kind !== "integer") return "";
  const fmt = plainNumber;
  const unit = d.kind === "number" && d.unit && d.unit !== "1" ? ` ${d.unit}` : "";
  const words = Object.entries(d.keywords ?? {}).map(([w, what]) => `, or ${w} (${what})`).join("");
  if (d.min !== undefined && d.max !== undefined) return `${fmt(d.min)} to ${fmt(d.max)}${unit}${words}`;
  if (d.min !== undefined) return `≥ ${fmt(d.min)}${unit}${words}`;
  if (d.max !== undefined) return `≤ ${fmt(d.max)}${unit}${words}`;
  return words.slice(5);
}

/** The keyword of a number input this text names (case-insensitive), if any. */
export function keywordOf(d: InputDef, text: string): string | undefined {
  if (!d.keywords) return undefined;
  const t = String(text).trim().toLowerCase();
  return Object.keys(d.keywords).find((w) => w.toLowerCase() === t);
}

/** The default in words: "64 (the lecture's 64 GPUs of an NVL72 rack)", or just where it comes from. */
export function describeDefault(d: InputDef): string {
  if (d.default === null) return d.defaultFrom;
  const v = typeof d.default === "number" ? plainNumber(d.default) : typeof d.default === "boolean" ? (d.default ? "on" : "off") : d.default;
  return d.defaultFrom ? `${v}, ${d.defaultFrom}` : v;
}

function errorWithInput(e: unknown, id: string): never {
  if (e instanceof RooflineError && e.details.input === undefined) throw new RooflineError({ ...e.details, input: id });
  throw e;
}

/**
 * A numeric input as a Quantity: the given value checked against the table's range, or the table's
 * default with its reason. `name` is how messages name it (defaults to the id); errors carry the id.
 * An input whose default is null must be given (or resolved by the caller before).
 */
export function resolveNumber(table: InputTable, id: string, given: Given | undefined, name?: string): Quantity {
  const d = table.get(id);
  const field = name ?? id;
  if (given === undefined) {
    if (typeof d.default !== "number") throw new RooflineError({ code: "missing-value", field, input: id, expected: `${ruleOf(d).what}${d.unit && d.unit !== "1" ? ` (${d.unit})` : ""}`, fixes: [{ kind: "give", input: id }] });
    return { value: d.default, origin: { kind: "default", reason: d.defaultFrom } };
  }
  try {
    return checkGiven(given, field, ruleOf(d));
  } catch (e) {
    return errorWithInput(e, id);
  }
}

/** A numeric input's default as a Quantity whose origin is the default and its reason. */
export function defaultQuantity(table: InputTable, id: string): Quantity {
  return resolveNumber(table, id, undefined);
}

/** An enum input: the given choice, or the table's default. */
export function resolveChoice<T extends string>(table: InputTable, id: string, given: T | undefined, name?: string): T {
  const d = table.get(id);
  if (given === undefined) return d.default as T;
  if (!(d.choices ?? []).includes(given)) throw new RooflineError({ code: "invalid-choice", field: name ?? id, input: id, value: quoteValue(given), expected: describeRange(d) });
  return given;
}

/** A boolean input: the given switch, or the table's default. */
export function resolveSwitch(table: InputTable, id: string, given: boolean | undefined): boolean {
  const d = table.get(id);
  if (given !== undefined) return given;
  if (typeof d.default !== "boolean") throw new Error(`inputs of ${table.analysis}: ${id} is not a switch with a default`);
  return d.default;
}

const SWITCH_WORDS: Readonly<Record<string, boolean>> = { "1": true, "0": false, true: true, false: false, on: true, off: false, yes: true, no: false };

/**
 * Parses an input as typed (a CLI flag, a URL value, a web field): numbers accept 1e9, 2_000, 32k, 1M
 * and are checked against the range; enums are matched case-insensitively. Catalog ids and files are
 * returned as typed (the interface resolves them: it knows the file system or the pasted text).
 */
export function parseInput(d: InputDef, text: string, name?: string): InputValue {
  const field = name ?? d.id;
  try {
    if (d.kind === "boolean") {
      const hit = SWITCH_WORDS[String(text).trim().toLowerCase()];
      if (hit !== undefined) return hit;
      throw new RooflineError({ code: "invalid-choice", field, value: quoteValue(text), expected: "1 or 0 (on or off)" });
    }
    if (d.kind === "number" || d.kind === "integer") {
      const word = keywordOf(d, text);
      if (word !== undefined) return word;
      try {
        return parseNumber(text, field, ruleOf(d));
      } catch (e) {
        // A number input that also takes words says so in what it expected.
        if (d.keywords && e instanceof RooflineError) throw new RooflineError({ ...e.details, expected: `${e.details.expected ?? describeRange(d)}, or ${Object.keys(d.keywords).join(" or ")}` });
        throw e;
      }
    }
    if (d.kind === "enum") {
      const v = String(text).trim().toLowerCase();
      const hit = (d.choices ?? []).find((c) => c.toLowerCase() === v);
      if (hit !== undefined) return hit;
      throw new RooflineError({ code: "invalid-choice", field, value: quoteValue(text), expected: describeRange(d) });
    }
    const t = String(text).trim();
    if (d.kind === "text" && t.length > MAX_TEXT_INPUT) throw new RooflineError({ code: "too-large", field, value: `${t.length} characters`, expected: `at most ${MAX_TEXT_INPUT} characters` });
    return t;
  } catch (e) {
    return errorWithInput(e, d.id);
  }
}

/** How an interface names inputs: the CLI as "--flag", the web app as the control's label. */
export type InputNamer = (id: string) => string;

/** Every id → name of a table (for an analysis' `names` option, so warnings name the input the interface's way). */
export function namesOf(table: InputTable, namer: InputNamer): Record<string, string> {
  const out: Record<string, string> = {};
  for (const d of table.inputs) out[d.id] = namer(d.id);
  return out;
}

/**
 * One input as echoed in `--json`: the value used (SI, or the choice/id), its unit, and where it came
 * from: given by the user, the table's default, the catalog (a model's or a chip's own value), a
 * file the user gave, or derived from other inputs (a degree solved from the chips).
 */
export interface InputEcho {
  id: string;
  value: InputValue | null;
  unit: UnitId | "";
  origin: "given" | "default" | "catalog" | "file" | "derived";
  /** For a default: why (the table's reason), or what it follows when the result does not name it. */
  from?: string;
  /** For a catalog value: the catalog entry it is read from (a chip's or a model's id) and the entry's field. */
  catalog?: string;
  field?: string;
  /** For a value read from a file the user gave: the file. */
  file?: string;
}

/**
 * Inputs whose default is a catalog chip's own value (the table says "the catalog"): how to read it
 * from the chip the analysis ran on, when the result does not name the value itself.
 */
const CHIP_FIELDS: Readonly<Record<string, (h: HardwareSpec, compute: string | null) => Fact | undefined>> = {
  hbmBytes: (h) => h.hbmBytes,
  hbmBytesPerSecond: (h) => h.hbmBytesPerSecond,
  usdPerChipHour: (h) => h.usdPerChipHour,
  scaleUpDomainChips: (h) => h.scaleUpDomainChips,
  scaleUpBytesPerSecond: (h) => h.scaleUpBytesPerSecondPerChip,
  scaleOutBytesPerSecond: (h) => h.scaleOutBytesPerSecondPerChip,
  peakFlopsPerSecond: (h, compute) => (compute ? h.denseFlopsPerSecond[compute as ComputePrecision] : undefined),
};

/** The echo of a value whose origin is the catalog: its entry (the chip's or model's id) and field. */
function catalogEcho(base: { id: string; unit: UnitId | "" }, value: InputValue, origin: Origin): InputEcho {
  return { ...base, value, origin: "catalog", ...(origin.kind === "catalog" ? { catalog: origin.entry, field: origin.field } : {}) };
}

/** Where a result keeps an input under another name (a step's precisions). */
const RESULT_ALIASES: Readonly<Record<string, readonly string[]>> = {
  weightPrecision: ["precisions", "weights"],
  kvPrecision: ["precisions", "kv"],
  computePrecision: ["precisions", "compute"],
};

/** Inputs that derivations name otherwise (the step's formulas read HBM bandwidth as bandwidthBytesPerSecond). */
const DERIVATION_NAMES: Readonly<Record<string, string>> = { hbmBytesPerSecond: "bandwidthBytesPerSecond" };

/**
 * The value a result used for an input the user left to the engine: a top-level field of that name
 * (or its alias), else the first derivation input of that name (its origin says where it came from).
 */
function usedValue(result: unknown, id: string): { value: InputValue; origin: Origin | null } | null {
  if (result === null || typeof result !== "object") return null;
  const alias = RESULT_ALIASES[id];
  const name = DERIVATION_NAMES[id] ?? id;
  const field = (o: Record<string, unknown>): unknown => (alias ? (o[alias[0] as string] as Record<string, unknown> | undefined)?.[alias[1] as string] : o[id]);
  // Breadth first: the shallowest field of that name, else the shallowest derivation input of that
  // name whose origin is not another formula (a catalog value, a default, a file).
  let fallback: { value: number; origin: Origin | null } | null = null;
  const seen = new Set<object>();
  let level: unknown[] = [result];
  for (let depth = 0; depth < 8 && level.length; depth++) {
    const next: unknown[] = [];
    for (const v of level) {
      if (v === null || typeof v !== "object" || seen.has(v) || ArrayBuffer.isView(v)) continue;
      seen.add(v);
      const o = v as Record<string, unknown>;
      const f = field(o);
      if (typeof f === "string" || typeof f === "boolean" || (typeof f === "number" && Number.isFinite(f))) return { value: f, origin: null };
      if (f && typeof f === "object" && typeof (f as { id?: unknown }).id === "string") return { value: (f as { id: string }).id, origin: null };
      // A Quantity the analysis used (a value with its origin).
      if (f && typeof f === "object" && typeof (f as Quantity).value === "number" && Number.isFinite((f as Quantity).value) && typeof (f as Quantity).origin === "object") return { value: (f as Quantity).value, origin: (f as Quantity).origin };
      if (Array.isArray(o["inputs"]) && typeof o["formulaId"] === "string") {
        for (const i of o["inputs"] as { name?: unknown; value?: unknown; origin?: Origin }[]) {
          if (i.name !== name || typeof i.value !== "number") continue;
          if (i.origin && i.origin.kind !== "derived") return { value: i.value, origin: i.origin };
          fallback ??= { value: i.value, origin: i.origin ?? null };
        }
      }
      for (const k of Object.keys(o)) if (k !== "warnings") next.push(o[k]);
    }
    level = next;
  }
  return fallback;
}

/**
 * The inputs of a table as an analysis used them, for the `inputs` of a JSON result: `given` holds the
 * values the user gave by id (numbers, Quantities, choices, ids); the rest are the table's defaults,
 * or — where the default comes from elsewhere (the catalog, the model) — the value `result` used.
 */
export function echoInputs(table: InputTable, given: Readonly<Record<string, unknown>>, result?: unknown): InputEcho[] {
  // The catalog entries the analysis ran on, for values the result does not name (a chip's HBM capacity in a layout).
  const idOf = (id: string): string | null => {
    if (!table.has(id)) return null;
    const u = usedValue(result, id);
    const g = given[id];
    const v = u && typeof u.value === "string" ? u.value : typeof g === "string" ? g : table.get(id).default;
    return typeof v === "string" ? v : null;
  };
  const hwId = idOf("hardware");
  const chip = hwId ? (HARDWARE.find((h) => h.id === hwId) ?? null) : null;
  const modelId = idOf("model");
  const model = modelId ? (MODELS.find((m) => m.id === modelId) ?? null) : null;
  const compute = (() => {
    const g = given["computePrecision"];
    if (typeof g === "string") return g;
    const u = usedValue(result, "computePrecision");
    if (u && typeof u.value === "string") return u.value;
    return table.has("computePrecision") && typeof table.get("computePrecision").default === "string" ? (table.get("computePrecision").default as string) : null;
  })();
  return table.inputs.map((d): InputEcho => {
    const g = given[d.id];
    const base = { id: d.id, unit: d.unit };
    if (g !== undefined) {
      const raw = typeof g === "object" && g !== null && "value" in g ? (g as Quantity).value : (g as InputValue);
      // A catalog id as typed ("h100") is echoed as the id the result resolved it to.
      const used = d.kind === "catalog" || d.kind === "file" ? usedValue(result, d.id) : null;
      return { ...base, value: used && typeof used.value === "string" ? used.value : raw, origin: "given" };
    }
    if (d.default !== null) return { ...base, value: d.default, origin: "default", ...(d.defaultFrom ? { from: d.defaultFrom } : {}) };
    const used = usedValue(result, d.id);
    if (!used) {
      const fact = chip ? CHIP_FIELDS[d.id]?.(chip, compute) : undefined;
      if (fact && fact.value !== null) return catalogEcho(base, fact.value, fact.origin);
      if (d.id === "weightPrecision" && model) return { ...base, value: model.defaultWeightPrecision, origin: "catalog", catalog: model.id, field: "defaultWeightPrecision" };
      return { ...base, value: null, origin: "default", from: d.defaultFrom };
    }
    if (used.origin?.kind === "catalog") return catalogEcho(base, used.value, used.origin);
    if (used.origin?.kind === "file") return { ...base, value: used.value, origin: "file", file: used.origin.file, field: used.origin.field };
    const k = used.origin?.kind;
    const origin: InputEcho["origin"] = k === "user" ? "given" : k === "derived" ? "derived" : "default";
    return { ...base, value: used.value, origin, ...(origin === "default" ? { from: d.defaultFrom } : {}) };
  });
}

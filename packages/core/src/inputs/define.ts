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
import type { UnitId } from "../units.ts";
import { checkGiven, parseNumber, type Given, type NumberRule } from "../validate.ts";

export type InputGroup = "model" | "system" | "workload" | "precision" | "layout" | "economics" | "efficiency";
export const INPUT_GROUPS: readonly InputGroup[] = ["model", "system", "workload", "precision", "layout", "economics", "efficiency"];

/** number: a real quantity; integer: a count; enum: one of `choices`; catalog: a catalog id; file: a path (CLI) or pasted JSON (web); text: a short text the analysis parses (a length distribution). */
export type InputKind = "number" | "integer" | "enum" | "catalog" | "file" | "text";

export interface InputDef {
  /** The option key the analysis takes (camelCase), and the id errors carry. */
  id: string;
  /** CLI long flag, without the dashes ("batch" → --batch). */
  flag: string;
  /** CLI one-letter alias ("b" → -b). */
  short?: string;
  /** URL query key in the web app (short and stable: shared links depend on it). */
  url: string;
  /** Older URL keys still read (links shared before the input had its key); the app writes `url`. Read on every page and taken out of the page-local `x.` keys: never another page's `x.` key. */
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
  default: number | string | null;
  /** Where the default comes from ("the lecture's 64 GPUs of an NVL72 rack", "the catalog's dated quote"). */
  defaultFrom: string;
  /** Inclusive physical bounds (number/integer): every value in [min, max] keeps every output finite. */
  min?: number;
  max?: number;
  /** Zero allowed, but positive values below this refused (a price of 1e-300 USD/h). */
  minNonZero?: number;
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

/** "≥ 1 and ≤ 1e7 sequences" — the range in words, for help and messages. */
export function describeRange(d: InputDef): string {
  if (d.kind === "enum") return `one of ${(d.choices ?? []).join(", ")}`;
  if (d.kind !== "number" && d.kind !== "integer") return "";
  const fmt = (n: number) => (Math.abs(n) >= 1e6 ? n.toExponential().replace("+", "") : String(n));
  const unit = d.kind === "number" && d.unit && d.unit !== "1" ? ` ${d.unit}` : "";
  if (d.min !== undefined && d.max !== undefined) return `${fmt(d.min)} to ${fmt(d.max)}${unit}`;
  if (d.min !== undefined) return `≥ ${fmt(d.min)}${unit}`;
  if (d.max !== undefined) return `≤ ${fmt(d.max)}${unit}`;
  return "";
}

/** The default in words: "64 (the lecture's 64 GPUs of an NVL72 rack)", or just where it comes from. */
export function describeDefault(d: InputDef): string {
  if (d.default === null) return d.defaultFrom;
  const v = typeof d.default === "number" ? String(d.default) : d.default;
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

/**
 * Parses an input as typed (a CLI flag, a URL value, a web field): numbers accept 1e9, 2_000, 32k, 1M
 * and are checked against the range; enums are matched case-insensitively. Catalog ids and files are
 * returned as typed (the interface resolves them: it knows the file system or the pasted text).
 */
export function parseInput(d: InputDef, text: string, name?: string): number | string {
  const field = name ?? d.id;
  try {
    if (d.kind === "number" || d.kind === "integer") return parseNumber(text, field, ruleOf(d));
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

/** One input as echoed in `--json`: what was used, in SI, and where it came from. */
export interface InputEcho {
  id: string;
  value: number | string | null;
  unit: UnitId | "";
  origin: "given" | "default";
}

/** The inputs of a table as given (raw values by id, undefined = default), for the `inputs` of a JSON result. */
export function echoInputs(table: InputTable, given: Readonly<Record<string, unknown>>): InputEcho[] {
  return table.inputs.map((d) => {
    const g = given[d.id];
    const value = g === undefined ? d.default : typeof g === "object" && g !== null && "value" in g ? (g as Quantity).value : typeof g === "object" && g !== null && "id" in g ? String((g as { id: unknown }).id) : (g as number | string);
    return { id: d.id, value, unit: d.unit, origin: g === undefined ? "default" : "given" };
  });
}

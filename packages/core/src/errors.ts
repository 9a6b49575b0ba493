/**
 * Errors are data: a code, the field, the value, what was expected, and what to do.
 * The CLI and the web app render them; a stack trace for a user error is a bug.
 */

export type ErrorCode =
  | "invalid-number"
  | "out-of-range"
  | "not-an-integer"
  | "unknown-id"
  | "invalid-json"
  | "missing-field"
  | "wrong-type"
  | "unsupported-config"
  | "does-not-fit"
  | "invalid-choice"
  | "file-not-found"
  | "missing-value"
  | "no-solution"
  | "too-large"
  | "too-deep"
  | "not-a-file";

export interface ErrorDetails {
  code: ErrorCode;
  /** The field, flag or parameter at fault ("--batch", "config.json: num_hidden_layers"). */
  field: string;
  /** The offending value as given (stringified, truncated). */
  value?: string;
  /** What was expected, with unit and range ("a whole number of sequences ≥ 1"). */
  expected?: string;
  /** A hint: nearest ids, the largest batch that fits. Never an interface's spelling of an input (use `fixes`). */
  hint?: string;
  /** The id of the input at fault (an InputDef id), so each interface can name it its own way. */
  input?: string;
  /** What the user can do, as data: each interface renders it (the CLI names flags, the web app offers a field or buttons). */
  fixes?: ErrorFix[];
}

/** A fix the user can apply: give a value for an input, or choose one of some values of an input. */
export type ErrorFix = { kind: "give"; input: string; what?: string } | { kind: "choose"; input: string; values: string[] };

/** How an interface names an input id ("--hbm-bandwidth", "HBM bandwidth"); the default is the id itself. */
export type NameOfInput = (id: string) => string;

/** A fix in words, with the input named by the interface. */
export function renderFix(f: ErrorFix, nameOf: NameOfInput = (id) => id): string {
  return f.kind === "give" ? `give ${nameOf(f.input)}${f.what ? ` (${f.what})` : ""}` : `choose ${nameOf(f.input)} ${f.values.join(" or ")}`;
}

export class RooflineError extends Error {
  readonly details: ErrorDetails;
  constructor(details: ErrorDetails) {
    // Whatever a caller passed, a message never carries raw control characters or an unbounded value.
    const safe: ErrorDetails = {
      ...details,
      field: escapeText(details.field, 200),
      ...(details.value !== undefined ? { value: escapeText(details.value, 100) } : {}),
      ...(details.expected !== undefined ? { expected: escapeText(details.expected, 2000) } : {}),
      ...(details.hint !== undefined ? { hint: escapeText(details.hint, 2000) } : {}),
    };
    super(renderErrorMessage(safe));
    this.name = "RooflineError";
    this.details = safe;
  }
  get code(): ErrorCode {
    return this.details.code;
  }
}

export function isRooflineError(e: unknown): e is RooflineError {
  return e instanceof RooflineError;
}

/**
 * Shortens a value and escapes control characters (\x1b, \n…) and bidirectional overrides, so hostile
 * input can't garble a terminal or a page. Numbers print as numbers (1e400 is "Infinity", not "null").
 */
export function quoteValue(value: unknown, maxLength = 60): string {
  let s: string;
  if (typeof value === "string") s = value;
  else if (typeof value === "number" || typeof value === "bigint") s = String(value);
  else if (value === undefined) s = "undefined";
  else {
    try {
      s = JSON.stringify(value, (_k, v: unknown) => (typeof v === "number" && !Number.isFinite(v) ? String(v) : v)) ?? String(value);
    } catch {
      s = String(value);
    }
  }
  const clipped = s.length > maxLength * 2 ? s.slice(0, maxLength * 2) : s;
  // eslint-disable-next-line no-control-regex
  let e = clipped.replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]/g, (c) => {
    const code = c.charCodeAt(0);
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
  });
  if (e.length > maxLength || clipped.length < s.length) e = `${e.slice(0, maxLength)}… (${s.length.toLocaleString("en-US")} characters)`;
  return e;
}

/** Escapes control characters in text already meant for a message, and shortens it past `maxLength`. */
function escapeText(s: string, maxLength: number): string {
  // eslint-disable-next-line no-control-regex
  if (!/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]/.test(s) && s.length <= maxLength) return s;
  return quoteValue(s, maxLength);
}

/** The message of an error with its input and fixes named by an interface (the CLI's flags, the web app's labels). */
export function renderError(d: ErrorDetails, nameOf: NameOfInput): string {
  return renderErrorMessage(d.input !== undefined ? { ...d, field: nameOf(d.input) } : d, nameOf);
}

export function renderErrorMessage(d: ErrorDetails, nameOf?: NameOfInput): string {
  const parts: string[] = [];
  const value = d.value !== undefined ? ` got "${d.value}"` : "";
  switch (d.code) {
    case "unknown-id":
      parts.push(`${d.field}: unknown id${value}.`);
      break;
    case "missing-field":
      parts.push(`${d.field}: missing.`);
      break;
    case "missing-value":
      parts.push(`${d.field}: no value is known${value}.`);
      break;
    default:
      parts.push(`${d.field}:${value || " invalid"}.`);
  }
  if (d.expected) parts.push(`Expected ${d.expected}.`);
  if (d.hint) parts.push(d.hint);
  if (d.fixes?.length) {
    const text = d.fixes.map((f) => renderFix(f, nameOf)).join(", or ");
    parts.push(`To fix: ${text}.`);
  }
  return parts.join(" ");
}

/** Levenshtein distance, for "did you mean" suggestions. */
export function editDistance(a: string, b: string): number {
  const m = a.length;
  const n = b.length;
  let prev = new Array<number>(n + 1);
  let cur = new Array<number>(n + 1);
  for (let j = 0; j <= n; j++) prev[j] = j;
  for (let i = 1; i <= m; i++) {
    cur[0] = i;
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur[j] = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
    }
    [prev, cur] = [cur, prev];
  }
  return prev[n] ?? 0;
}

/** The ids closest to `query`: substring matches first, then by edit distance. */
export function nearestIds(query: string, ids: readonly string[], count = 3): string[] {
  // A hostile 10,000-character query would cost seconds of edit distance: 64 characters decide.
  const q = query.toLowerCase().slice(0, 64);
  const scored = [...new Set(ids)].map((id) => {
    const lower = id.toLowerCase();
    const contains = lower.includes(q) || q.includes(lower);
    const tokenHit = q.split(/[-_. ]+/).filter((t) => t.length > 1 && lower.includes(t)).length;
    return { id, score: (contains ? -100 : 0) - tokenHit * 10 + editDistance(q, lower) };
  });
  scored.sort((x, y) => x.score - y.score);
  return scored.slice(0, count).map((s) => s.id);
}

/** A legal but suspicious input: shown once, never fatal. */
export interface Warning {
  code: string;
  message: string;
}

/**
 * JSON text from a user (a model file, a hardware file, a price sheet, a pasted config) parsed with
 * limits: size, nesting depth, and Python's `Infinity`/`NaN` literals (json.dumps writes them, e.g.
 * Nemotron-H's time_step_limit). Those become non-finite numbers, which every reader refuses if the
 * field is used, and which unused fields may hold.
 */
import { quoteValue, RooflineError } from "./errors.ts";

export const JSON_LIMITS = {
  /** Characters of JSON text (a config.json is 1–10 KB; the largest price sheets and traces a few MB). */
  maxChars: 32 * 1024 * 1024,
  /** Nesting depth of arrays and objects (real files nest 3–5 deep). */
  maxDepth: 64,
} as const;

const SENTINEL = "\u0000roofline-nonfinite:";

export interface JsonParseOptions {
  /** How the text is named in messages ("--model my.json"). */
  field: string;
  maxChars?: number;
  maxDepth?: number;
}

/** Parses JSON text; non-finite literals outside strings become ±Infinity/NaN. Errors are RooflineErrors naming `field`. */
export function parseJsonText(text: string, o: JsonParseOptions): unknown {
  const maxChars = o.maxChars ?? JSON_LIMITS.maxChars;
  const maxDepth = o.maxDepth ?? JSON_LIMITS.maxDepth;
  if (text.length > maxChars) {
    throw new RooflineError({ code: "too-large", field: o.field, value: `${text.length.toLocaleString("en-US")} characters`, expected: `JSON of at most ${maxChars.toLocaleString("en-US")} characters` });
  }
  // One pass: depth outside strings, and Infinity / -Infinity / NaN literals where a value starts.
  let depth = 0;
  let inString = false;
  let out: string[] | null = null;
  let last = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
      continue;
    }
    if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > maxDepth) {
        throw new RooflineError({ code: "too-deep", field: o.field, value: `nesting deeper than ${maxDepth}`, expected: `JSON nested at most ${maxDepth} levels deep` });
      }
    } else if (c === 125 || c === 93) depth--;
    else if (c === 73 /* I */ || c === 78 /* N */ || c === 45 /* - */) {
      const m = /^-?Infinity|^NaN/.exec(text.slice(i, i + 9));
      if (m) {
        out ??= [];
        out.push(text.slice(last, i), JSON.stringify(SENTINEL + m[0]));
        last = i + m[0].length;
        i = last - 1;
      }
    }
  }
  const source = out ? out.join("") + text.slice(last) : text;
  try {
    return JSON.parse(source, out ? revive : undefined);
  } catch (e) {
    throw new RooflineError({ code: "invalid-json", field: o.field, expected: "valid JSON", hint: quoteValue((e as Error).message, 120) });
  }
}

function revive(_key: string, value: unknown): unknown {
  if (typeof value === "string" && value.startsWith(SENTINEL)) {
    const lit = value.slice(SENTINEL.length);
    return lit === "NaN" ? Number.NaN : lit.startsWith("-") ? -Infinity : Infinity;
  }
  return value;
}

/**
 * The workload: request lengths (fixed, distributions, a trace), arrivals (Poisson, bursty gamma, a
 * closed loop at fixed concurrency), traffic classes with shares and SLOs, prefix-cache hits. Turned
 * into typed arrays (one slot per request) by a seeded generator, so a simulation is reproducible.
 */
import { quoteValue, RooflineError } from "../errors.ts";
import { LIMITS, parseNumber } from "../validate.ts";
import { CLASS_MIX_SYNTAX } from "./inputs.ts";
export { CLASS_MIX_SYNTAX };

// ---- A seeded random source (xoshiro128**, seeded by splitmix32) -----------------------------------

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spare = NaN;
  constructor(seed: number) {
    let s = seed >>> 0;
    const next = () => {
      s = (s + 0x9e3779b9) | 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
  }
  /** A uniform 32-bit integer. */
  nextUint32(): number {
    const r = Math.imul(rotl(Math.imul(this.b, 5), 7), 9) >>> 0;
    const t = this.b << 9;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return r;
  }
  /** Uniform on the open interval (0, 1). */
  uniform(): number {
    return (this.nextUint32() + 0.5) / 4294967296;
  }
  normal(): number {
    if (!Number.isNaN(this.spare)) {
      const v = this.spare;
      this.spare = NaN;
      return v;
    }
    const u = this.uniform();
    const v = this.uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }
  exponential(mean: number): number {
    return -Math.log(this.uniform()) * mean;
  }
  /** Gamma(shape, 1) by Marsaglia–Tsang (shape < 1 boosted by U^(1/shape)). */
  gamma(shape: number): number {
    if (shape < 1) return this.gamma(shape + 1) * Math.pow(this.uniform(), 1 / shape);
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = this.normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = this.uniform();
      if (u < 1 - 0.0331 * x * x * x * x) return d * v;
      if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
    }
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

// ---- Lengths ------------------------------------------------------------------------------------

export type LengthDistribution =
  | { kind: "fixed"; tokens: number }
  | { kind: "uniform"; min: number; max: number }
  | { kind: "normal"; mean: number; sd: number }
  | { kind: "lognormal"; mean: number; sigma: number }
  | { kind: "histogram"; tokens: number[]; weights: number[] };

const LENGTH_SYNTAX = "a token count (1000, 4k), uniform:MIN:MAX, normal:MEAN:SD, lognormal:MEAN:SIGMA (σ of ln), or hist:TOKENS=WEIGHT,TOKENS=WEIGHT…";
const MAX_LENGTH = LIMITS.maxPassTokens;

/** Parses "1000", "uniform:500:1500", "normal:1000:200", "lognormal:1000:0.6", "hist:128=0.3,2048=0.7". */
export function parseLength(text: string, field: string): LengthDistribution {
  const raw = String(text).trim();
  const tok = (s: string) => parseNumber(s, field, { what: "tokens", integer: true, min: 1, max: MAX_LENGTH });
  const bad = () => new RooflineError({ code: "invalid-number", field, value: quoteValue(raw), expected: LENGTH_SYNTAX });
  const colon = raw.indexOf(":");
  if (colon < 0) return { kind: "fixed", tokens: tok(raw) };
  const kind = raw.slice(0, colon).toLowerCase();
  const args = raw.slice(colon + 1).split(":");
  switch (kind) {
    case "uniform": {
      if (args.length !== 2) throw bad();
      const min = tok(args[0] as string);
      const max = tok(args[1] as string);
      if (max < min) throw new RooflineError({ code: "out-of-range", field, value: quoteValue(raw), expected: "uniform:MIN:MAX with MIN ≤ MAX" });
      return { kind: "uniform", min, max };
    }
    case "normal": {
      if (args.length !== 2) throw bad();
      return { kind: "normal", mean: tok(args[0] as string), sd: parseNumber(args[1] as string, field, { what: "tokens (standard deviation)", min: 0, max: MAX_LENGTH }) };
    }
    case "lognormal": {
      if (args.length !== 2) throw bad();
      return { kind: "lognormal", mean: tok(args[0] as string), sigma: parseNumber(args[1] as string, field, { what: "σ of ln(tokens)", min: 0, max: 4 }) };
    }
    case "hist":
    case "histogram": {
      const pairs = args.join(":").split(",").filter((s) => s.trim() !== "");
      if (pairs.length === 0) throw bad();
      const tokens: number[] = [];
      const weights: number[] = [];
      for (const p of pairs) {
        const [t, w] = p.split("=");
        if (t === undefined || w === undefined) throw bad();
        tokens.push(tok(t));
        weights.push(parseNumber(w, field, { what: "weight of a histogram bin", min: 0, max: 1e12 }));
      }
      if (!weights.some((w) => w > 0)) throw new RooflineError({ code: "out-of-range", field, value: quoteValue(raw), expected: "a histogram with at least one positive weight" });
      return { kind: "histogram", tokens, weights };
    }
    default:
      throw bad();
  }
}

export function describeLength(d: LengthDistribution): string {
  switch (d.kind) {
    case "fixed":
      return `${d.tokens}`;
    case "uniform":
      return `uniform ${d.min}–${d.max}`;
    case "normal":
      return `normal(mean ${d.mean}, sd ${d.sd})`;
    case "lognormal":
      return `lognormal(mean ${d.mean}, σ ${d.sigma})`;
    case "histogram":
      return `histogram of ${d.tokens.length} bins`;
  }
}

/** The mean of the distribution (before rounding and clamping to ≥ 1 token). */
export function meanLength(d: LengthDistribution): number {
  switch (d.kind) {
    case "fixed":
      return d.tokens;
    case "uniform":
      return (d.min + d.max) / 2;
    case "normal":
    case "lognormal":
      return d.mean;
    case "histogram": {
      const total = d.weights.reduce((a, b) => a + b, 0);
      return d.tokens.reduce((a, t, i) => a + (t * (d.weights[i] as number)) / total, 0);
    }
  }
}

/** The largest length the distribution can produce (for admission checks); lognormal/normal: a high quantile. */
export function maxLength(d: LengthDistribution): number {
  switch (d.kind) {
    case "fixed":
      return d.tokens;
    case "uniform":
      return d.max;
    case "normal":
      return Math.min(MAX_LENGTH, Math.round(d.mean + 6 * d.sd));
    case "lognormal":
      return Math.min(MAX_LENGTH, Math.round(d.mean * Math.exp(6 * d.sigma)));
    case "histogram":
      return Math.max(...d.tokens);
  }
}

/** A sampler with everything precomputed (cumulative weights, log-space parameters). */
export function lengthSampler(d: LengthDistribution): (rng: Rng) => number {
  const clamp = (x: number) => Math.min(MAX_LENGTH, Math.max(1, Math.round(x)));
  switch (d.kind) {
    case "fixed":
      return () => d.tokens;
    case "uniform": {
      const span = d.max - d.min + 1;
      return (rng) => d.min + Math.min(span - 1, Math.floor(rng.uniform() * span));
    }
    case "normal":
      return (rng) => clamp(d.mean + d.sd * rng.normal());
    case "lognormal": {
      const mu = Math.log(d.mean) - (d.sigma * d.sigma) / 2;
      return (rng) => clamp(Math.exp(mu + d.sigma * rng.normal()));
    }
    case "histogram": {
      const total = d.weights.reduce((a, b) => a + b, 0);
      const cum = new Float64Array(d.weights.length);
      let acc = 0;
      d.weights.forEach((w, i) => (cum[i] = acc += w / total));
      return (rng) => {
        const u = rng.uniform();
        for (let i = 0; i < cum.length; i++) if (u <= (cum[i] as number)) return d.tokens[i] as number;
        return d.tokens[d.tokens.length - 1] as number;
      };
    }
  }
}

// ---- Arrivals, classes, workload -------------------------------------------------------------------

export type Arrivals =
  | { kind: "poisson"; ratePerSecond: number }
  /** Inter-arrival times gamma-distributed with coefficient of variation `cv` (1 = Poisson, > 1 bursty). */
  | { kind: "gamma"; ratePerSecond: number; cv: number }
  /** A closed loop: `concurrency` users, each sending its next request when the previous one finishes. */
  | { kind: "closed"; concurrency: number };

export interface TrafficClass {
  name: string;
  /** Share of requests, > 0 (normalised over the classes). */
  share: number;
  input: LengthDistribution;
  output: LengthDistribution;
  /** Fraction of each prompt already in the prefix cache, [0, 1). */
  prefixHitFraction: number;
  /** SLO on the `percentile` of time to first token, seconds; null = none. */
  sloTtftSeconds: number | null;
  /** SLO on the `percentile` of time per output token, seconds; null = none. */
  sloTpotSeconds: number | null;
  /** The percentile the SLOs apply to, (0, 100); default 99. */
  percentile: number;
}

export interface Workload {
  classes: TrafficClass[];
  arrivals: Arrivals;
}

/** One slot per request, in arrival order. Closed-loop arrival times are filled in by the simulation. */
export interface RequestSet {
  count: number;
  arrivalSeconds: Float64Array;
  inputTokens: Int32Array;
  outputTokens: Int32Array;
  cachedTokens: Int32Array;
  classIndex: Uint8Array;
  classNames: string[];
  /** Whether arrival times are given (open loop, trace) or made by the simulation (closed loop). */
  closedLoopConcurrency: number | null;
}

export function allocateRequests(count: number, classNames: string[]): RequestSet {
  return {
    count,
    arrivalSeconds: new Float64Array(count),
    inputTokens: new Int32Array(count),
    outputTokens: new Int32Array(count),
    cachedTokens: new Int32Array(count),
    classIndex: new Uint8Array(count),
    classNames,
    closedLoopConcurrency: null,
  };
}

export const MAX_CLASSES = 32;
export const MAX_REQUESTS = 20_000_000;

/** Draws `count` requests from the workload with a seeded generator. */
export function generateRequests(w: Workload, count: number, seed: number): RequestSet {
  if (w.classes.length === 0 || w.classes.length > MAX_CLASSES) {
    throw new RooflineError({ code: "out-of-range", field: "classes", value: String(w.classes.length), expected: `1 to ${MAX_CLASSES} traffic classes` });
  }
  const rng = new Rng(seed);
  const r = allocateRequests(count, w.classes.map((c) => c.name));
  const totalShare = w.classes.reduce((a, c) => a + c.share, 0);
  const cum = w.classes.map((_, i) => w.classes.slice(0, i + 1).reduce((a, c) => a + c.share, 0) / totalShare);
  const inputs = w.classes.map((c) => lengthSampler(c.input));
  const outputs = w.classes.map((c) => lengthSampler(c.output));
  const a = w.arrivals;
  let t = 0;
  const meanGap = a.kind === "closed" ? 0 : 1 / a.ratePerSecond;
  const shape = a.kind === "gamma" ? 1 / (a.cv * a.cv) : 1;
  for (let i = 0; i < count; i++) {
    if (a.kind === "poisson") t += rng.exponential(meanGap);
    else if (a.kind === "gamma") t += rng.gamma(shape) * (meanGap / shape);
    r.arrivalSeconds[i] = a.kind === "closed" ? (i < a.concurrency ? 0 : NaN) : t;
    let k = 0;
    if (w.classes.length > 1) {
      const u = rng.uniform();
      while (k < cum.length - 1 && u > (cum[k] as number)) k++;
    }
    const cls = w.classes[k] as TrafficClass;
    const input = (inputs[k] as (g: Rng) => number)(rng);
    r.inputTokens[i] = input;
    r.outputTokens[i] = (outputs[k] as (g: Rng) => number)(rng);
    r.cachedTokens[i] = Math.min(input - 1, Math.floor(cls.prefixHitFraction * input));
    r.classIndex[i] = k;
  }
  if (a.kind === "closed") r.closedLoopConcurrency = a.concurrency;
  return r;
}

// ---- Traces (JSON Lines) ------------------------------------------------------------------------------

const TRACE_FIELDS = "{\"arrivalSeconds\": s, \"inputTokens\": n, \"outputTokens\": n, \"class\"?: name, \"cachedTokens\"?: n}";

/**
 * Parses a trace: one JSON object per line with arrivalSeconds, inputTokens, outputTokens and
 * optionally class and cachedTokens. Arrival times must not decrease. Blank lines are skipped.
 */
export function parseTrace(text: string, field = "trace", maxRequests = MAX_REQUESTS): RequestSet {
  const lines = text.split(/\r?\n/);
  const rows: { t: number; i: number; o: number; c: number; k: string }[] = [];
  const where = (n: number) => `${field} line ${n}`;
  const intField = (obj: Record<string, unknown>, key: string, n: number, min: number, required: boolean): number => {
    const v = obj[key];
    if (v === undefined) {
      if (!required) return 0;
      throw new RooflineError({ code: "missing-field", field: `${where(n)}: ${key}`, expected: TRACE_FIELDS });
    }
    if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > MAX_LENGTH) {
      throw new RooflineError({ code: "out-of-range", field: `${where(n)}: ${key}`, value: quoteValue(v), expected: `a whole number of tokens, ${min} to ${MAX_LENGTH}` });
    }
    return v;
  };
  let last = -Infinity;
  for (let n = 1; n <= lines.length; n++) {
    const line = (lines[n - 1] as string).trim();
    if (line === "") continue;
    let obj: unknown;
    try {
      obj = JSON.parse(line);
    } catch (e) {
      throw new RooflineError({ code: "invalid-json", field: where(n), value: quoteValue(line), expected: `one JSON object per line: ${TRACE_FIELDS}`, hint: (e as Error).message });
    }
    if (typeof obj !== "object" || obj === null || Array.isArray(obj)) {
      throw new RooflineError({ code: "wrong-type", field: where(n), value: quoteValue(line), expected: `a JSON object: ${TRACE_FIELDS}` });
    }
    const o = obj as Record<string, unknown>;
    const t = o["arrivalSeconds"];
    if (t === undefined) throw new RooflineError({ code: "missing-field", field: `${where(n)}: arrivalSeconds`, expected: TRACE_FIELDS });
    if (typeof t !== "number" || !Number.isFinite(t) || t < 0 || t > 1e9) {
      throw new RooflineError({ code: "out-of-range", field: `${where(n)}: arrivalSeconds`, value: quoteValue(t), expected: "seconds since the start of the trace, 0 to 1e9" });
    }
    if (t < last) {
      throw new RooflineError({ code: "out-of-range", field: `${where(n)}: arrivalSeconds`, value: quoteValue(t), expected: `arrival times in order (the previous line arrives at ${last} s)`, hint: "Sort the trace by arrivalSeconds." });
    }
    last = t;
    const i = intField(o, "inputTokens", n, 1, true);
    const out = intField(o, "outputTokens", n, 1, true);
    const c = intField(o, "cachedTokens", n, 0, false);
    if (c >= i) throw new RooflineError({ code: "out-of-range", field: `${where(n)}: cachedTokens`, value: String(c), expected: `fewer cached tokens than inputTokens (${i})` });
    const k = o["class"];
    if (k !== undefined && (typeof k !== "string" || k.length === 0 || k.length > 64)) {
      throw new RooflineError({ code: "wrong-type", field: `${where(n)}: class`, value: quoteValue(k), expected: "a class name (a string of 1 to 64 characters)" });
    }
    rows.push({ t, i, o: out, c, k: (k as string | undefined) ?? "default" });
    if (rows.length > maxRequests) throw new RooflineError({ code: "out-of-range", field, value: `more than ${maxRequests} lines`, expected: `at most ${maxRequests} requests` });
  }
  if (rows.length === 0) throw new RooflineError({ code: "missing-value", field, expected: `at least one request: ${TRACE_FIELDS}` });
  const names: string[] = [];
  for (const r of rows) if (!names.includes(r.k)) names.push(r.k);
  if (names.length > MAX_CLASSES) throw new RooflineError({ code: "out-of-range", field: `${field}: class`, value: `${names.length} classes`, expected: `at most ${MAX_CLASSES} classes` });
  const set = allocateRequests(rows.length, names);
  rows.forEach((r, j) => {
    set.arrivalSeconds[j] = r.t;
    set.inputTokens[j] = r.i;
    set.outputTokens[j] = r.o;
    set.cachedTokens[j] = r.c;
    set.classIndex[j] = names.indexOf(r.k);
  });
  return set;
}

/** Parses a classes file: a JSON array of {name, share, inputTokens?, outputTokens?, sloTtftMs?, sloTpotMs?, percentile?, prefixHitFraction?}. */
export function parseClasses(json: unknown, field: string, defaults: { input: LengthDistribution; output: LengthDistribution; prefixHitFraction: number }): TrafficClass[] {
  const expected = "a JSON array of classes: [{\"name\": \"chat\", \"share\": 0.7, \"inputTokens\": \"lognormal:1000:0.5\", \"outputTokens\": 300, \"sloTtftMs\": 2000, \"sloTpotMs\": 50, \"percentile\": 99}]";
  if (!Array.isArray(json) || json.length === 0) throw new RooflineError({ code: "wrong-type", field, value: quoteValue(json), expected });
  if (json.length > MAX_CLASSES) throw new RooflineError({ code: "out-of-range", field, value: `${json.length} classes`, expected: `at most ${MAX_CLASSES} classes` });
  const names = new Set<string>();
  return json.map((c: unknown, i) => {
    const f = (k: string) => `${field}[${i}].${k}`;
    if (typeof c !== "object" || c === null || Array.isArray(c)) throw new RooflineError({ code: "wrong-type", field: `${field}[${i}]`, value: quoteValue(c), expected });
    const o = c as Record<string, unknown>;
    const name = o["name"];
    if (typeof name !== "string" || name.length === 0 || name.length > 64) throw new RooflineError({ code: "missing-field", field: f("name"), value: quoteValue(name), expected: "a class name (1 to 64 characters)" });
    if (names.has(name)) throw new RooflineError({ code: "out-of-range", field: f("name"), value: name, expected: "distinct class names" });
    names.add(name);
    const numberOf = (k: string, rule: { what: string; min?: number; above?: number; max?: number }): number | undefined => {
      const v = o[k];
      if (v === undefined || v === null) return undefined;
      return parseNumber(String(v), f(k), rule);
    };
    const share = numberOf("share", { what: "share of requests", above: 0, max: 1e9 });
    if (share === undefined) throw new RooflineError({ code: "missing-field", field: f("share"), expected: "a share of requests > 0" });
    const length = (k: string, d: LengthDistribution) => (o[k] === undefined ? d : parseLength(String(o[k]), f(k)));
    const ttft = numberOf("sloTtftMs", { what: "milliseconds", above: 0, max: 1e9 });
    const tpot = numberOf("sloTpotMs", { what: "milliseconds", above: 0, max: 1e9 });
    return {
      name,
      share,
      input: length("inputTokens", defaults.input),
      output: length("outputTokens", defaults.output),
      prefixHitFraction: numberOf("prefixHitFraction", { what: "fraction of the prompt cached", min: 0, max: 0.999 }) ?? defaults.prefixHitFraction,
      sloTtftSeconds: ttft === undefined ? null : ttft / 1000,
      sloTpotSeconds: tpot === undefined ? null : tpot / 1000,
      percentile: numberOf("percentile", { what: "percentile", above: 0, max: 99.999 }) ?? 99,
    };
  });
}

// ---- Class mixes: classes as one short text (a CLI flag, a URL key) ------------------------------------

/** The keys of a class in a mix, and the classes-file field each stands for. */
export const CLASS_MIX_KEYS: Readonly<Record<string, string>> = { share: "share", in: "inputTokens", out: "outputTokens", ttft: "sloTtftMs", tpot: "sloTpotMs", pct: "percentile", hit: "prefixHitFraction" };

export interface ClassMixRow {
  name: string;
  /** Values as typed, by mix key (share, in, out, ttft, tpot, pct, hit). */
  fields: Record<string, string>;
}

/** Splits a mix into rows, values as typed (no checks: `parseClassMix` checks). */
export function splitClassMix(text: string): ClassMixRow[] {
  return text
    .split(";")
    .map((part) => part.trim())
    .filter((part) => part.length > 0)
    .map((part) => {
      const [name = "", ...pairs] = part.split(/\s+/);
      const fields: Record<string, string> = {};
      for (const pair of pairs) {
        const i = pair.indexOf("=");
        fields[i > 0 ? pair.slice(0, i) : pair] = i > 0 ? pair.slice(i + 1) : "";
      }
      return { name, fields };
    });
}

/** The text of rows (empty values left out). */
export function joinClassMix(rows: readonly ClassMixRow[]): string {
  return rows.map((r) => [r.name, ...Object.entries(r.fields).filter(([, v]) => v.trim() !== "").map(([k, v]) => `${k}=${v.trim()}`)].join(" ")).join("; ");
}

/** Parses a class mix into classes (as a classes file would give them); missing fields take `defaults`. */
export function parseClassMix(text: string, field: string, defaults: { input: LengthDistribution; output: LengthDistribution; prefixHitFraction: number }): TrafficClass[] {
  const rows = splitClassMix(text);
  if (rows.length === 0) throw new RooflineError({ code: "missing-value", field, expected: CLASS_MIX_SYNTAX });
  const json = rows.map((r, i) => {
    const o: Record<string, unknown> = { name: r.name };
    for (const [k, v] of Object.entries(r.fields)) {
      const key = CLASS_MIX_KEYS[k];
      if (!key) throw new RooflineError({ code: "invalid-choice", field: `${field} (${quoteValue(r.name, 40)})`, value: quoteValue(k, 40), expected: CLASS_MIX_SYNTAX });
      if (v === "") throw new RooflineError({ code: "missing-value", field: `${field} (${quoteValue(r.name, 40)}) ${k}`, expected: `a value after ${k}=` });
      o[key] = v;
    }
    if (o["share"] === undefined && rows.length === 1) o["share"] = 1;
    if (!/^[A-Za-z][A-Za-z0-9_.-]{0,63}$/.test(r.name)) throw new RooflineError({ code: "invalid-choice", field: `${field} class ${i + 1}`, value: quoteValue(r.name, 40), expected: "a class name: a letter, then letters, digits, _ . - (at most 64); then key=value pairs" });
    return o;
  });
  return parseClasses(json, field, defaults);
}

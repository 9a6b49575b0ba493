/**
 * The hostile-input fuzzer: seeded random invocations of every command with values drawn from the
 * valid and the absurd (0, −1, 1e-300, 1e400, 400 digits, NaN, escape codes, long strings), and
 * files that are real, mutated, deeply nested, huge, empty, binary, directories or FIFOs.
 *
 * Every case must end in a finite answer (exit 0, no NaN/Infinity/absurd exponents, bounded output)
 * or one coded message (exit 2), in under 5 s of CPU, with no raw control characters printed. A failure is
 * reported with its seed and argv so it can be replayed: `FUZZ_SEED=<seed> npm run fuzz`.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Command } from "commander";
import { buildProgram } from "../../src/main.ts";
import { runCli } from "../run-cli.ts";

/** mulberry32: a small seeded PRNG, so a failing case replays from its seed. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface CommandShape {
  path: string[];
  options: { flag: string; takesValue: boolean; name: string }[];
  takesArgs: boolean;
}

/** Every command and subcommand with its options, read from the CLI itself (so new flags are fuzzed too). */
export function commandShapes(): CommandShape[] {
  const shapes: CommandShape[] = [];
  const walk = (c: Command, prefix: string[]) => {
    for (const s of c.commands) {
      const path = [...prefix, s.name()];
      shapes.push({
        path,
        options: s.options.filter((o) => o.long).map((o) => ({ flag: o.long as string, takesValue: o.required || o.optional, name: (o.long as string).slice(2) })),
        takesArgs: s.registeredArguments.length > 0,
      });
      walk(s, path);
    }
  };
  walk(buildProgram(), []);
  return shapes;
}

const DIGITS_400 = "9".repeat(400);
export const NUMBERS_HOSTILE = ["0", "-1", "-0", "1e-300", "1e300", "1e400", "-1e400", DIGITS_400, `0.${"0".repeat(399)}1`, "NaN", "Infinity", "-Infinity", "1e", "0x10", "1_000_000", "1,5", "١٢", "", " ", "1e6", "1e9", "1e12", "1e18", "2.5", "0.5", "1000000", "61", "1500", "4294967297", "9007199254740993", "1k", "32k", "1M", "1G", "1P", "5%", "\u001b[31m1\u001b[0m", "1\u0000", "x".repeat(5000)];
const NUMBERS_SANE = ["1", "2", "4", "8", "16", "64", "128", "256", "1024", "4096", "8192", "32k", "0.5", "0.9", "1", "2", "3.35e12", "9.89e14", "80e9", "100", "0.01"];
const STRINGS_HOSTILE = ["", " ", "\u001b[2J\u001b[H", "\u001b]0;pwned\u0007", "a\u202eb", "🦙", "../../../etc/passwd", "x".repeat(10_000), "--json", "-", "null", "undefined", "constructor", "__proto__", "toString", "h100 ", "H100", "nvidia-h100-sxm-80gb\n"];

/** The files a run may be handed: real ones, mutated ones and hostile ones. */
export interface FuzzFiles {
  dir: string;
  models: string[];
  hardware: string[];
  prices: string[];
  /** `serve --trace` JSON Lines files: valid, unsorted, incomplete, absurd, huge. */
  traces: string[];
  hostile: string[];
  cleanup(): void;
}

/** Lines of a request trace: `{"arrivalSeconds","inputTokens","outputTokens","cachedTokens"?,"class"?}`. */
function traceLines(n: number, r: () => number, o: { sorted?: boolean; classes?: number; step?: number } = {}): string[] {
  const lines: string[] = [];
  let t = 0;
  for (let i = 0; i < n; i++) {
    t += (o.step ?? 0.05) * r();
    const row: Record<string, unknown> = { arrivalSeconds: o.sorted === false ? r() * 100 : Number(t.toFixed(6)), inputTokens: 1 + Math.floor(r() * 4000), outputTokens: 1 + Math.floor(r() * 800) };
    if (r() < 0.3) row["cachedTokens"] = Math.floor(r() * ((row["inputTokens"] as number) - 1));
    if (o.classes) row["class"] = `c${Math.floor(r() * o.classes)}`;
    lines.push(JSON.stringify(row));
  }
  return lines;
}

/** Values a trace field should never hold, written as JSON text (NaN and Infinity as Python writes them). */
const TRACE_HOSTILE = ["-1", "-0.5", "0", "1.5", "1e308", "-1e308", "1e400", "NaN", "Infinity", '"12"', "null", "true", "[]", "{}", "4294967297", "9007199254740993", "1e9", "1e12", DIGITS_400];

/** Hostile traces: unsorted, fields missing, huge counts, negative/NaN/1e308, too many classes, odd encodings, 100k lines, over the size limit. */
function makeTraces(w: (name: string, text: string) => string, r: () => number): string[] {
  const out: string[] = [];
  out.push(w("trace-ok.jsonl", traceLines(300, r, { classes: 2 }).join("\n")));
  out.push(w("trace-unsorted.jsonl", traceLines(50, r, { sorted: false }).join("\n")));
  out.push(w("trace-crlf-bom.jsonl", `\ufeff${traceLines(20, r).join("\r\n")}\r\n`));
  out.push(w("trace-same-instant.jsonl", Array.from({ length: 5000 }, () => '{"arrivalSeconds":0,"inputTokens":100,"outputTokens":100}').join("\n")));
  out.push(w("trace-span-1e9.jsonl", ['{"arrivalSeconds":0,"inputTokens":10,"outputTokens":10}', '{"arrivalSeconds":1e9,"inputTokens":10,"outputTokens":10}'].join("\n")));
  out.push(w("trace-max-lengths.jsonl", Array.from({ length: 50 }, (_, i) => `{"arrivalSeconds":${i},"inputTokens":${i % 2 ? 1 : 10_000_000},"outputTokens":${i % 3 ? 10_000_000 : 1}}`).join("\n")));
  out.push(w("trace-40-classes.jsonl", traceLines(400, r, { classes: 40 }).join("\n")));
  out.push(w("trace-class-hostile.jsonl", ['{"arrivalSeconds":0,"inputTokens":5,"outputTokens":5,"class":"\\u001b[31m"}', `{"arrivalSeconds":1,"inputTokens":5,"outputTokens":5,"class":"${"x".repeat(100_000)}"}`].join("\n")));
  out.push(w("trace-cached-all.jsonl", '{"arrivalSeconds":0,"inputTokens":5,"outputTokens":5,"cachedTokens":5}'));
  out.push(w("trace-empty.jsonl", ""));
  out.push(w("trace-blank.jsonl", "\n\n   \n"));
  out.push(w("trace-array.jsonl", "[]"));
  out.push(w("trace-deep.jsonl", "[".repeat(20_000)));
  out.push(w("trace-one-long-line.jsonl", `{"arrivalSeconds":0,"inputTokens":5,"outputTokens":5,"pad":"${"x".repeat(5_000_000)}"}`));
  // Each field in turn: missing, or a hostile value, on a random line of a valid trace.
  for (const field of ["arrivalSeconds", "inputTokens", "outputTokens", "cachedTokens", "class"]) {
    for (let k = 0; k < 3; k++) {
      const lines = traceLines(30, r);
      const at = Math.floor(r() * lines.length);
      const row = JSON.parse(lines[at] as string) as Record<string, unknown>;
      delete row[field];
      const rest = JSON.stringify(row).slice(1, -1);
      // missing (30%), or the field written raw with a hostile value (NaN and Infinity as Python writes them)
      lines[at] = r() < 0.3 ? `{${rest}}` : `{${rest},"${field}":${TRACE_HOSTILE[Math.floor(r() * TRACE_HOSTILE.length)]}}`;
      out.push(w(`trace-${field}-${k}.jsonl`, lines.join("\n")));
    }
  }
  // Many lines within the size limit: 100k requests (about 7 MB; a million-line trace is checked once by hand, not per case).
  out.push(w("trace-100k.jsonl", traceLines(100_000, r, { step: 0.002 }).join("\n")));
  // Over the size limit (sparse): refused before it is read.
  const over = w("trace-over-limit.jsonl", "");
  truncateSync(over, 65 * 1024 * 1024);
  out.push(over);
  return out;
}

function realConfigs(): { name: string; json: Record<string, unknown> }[] {
  const dir = join(import.meta.dirname, "../../../core/test/fixtures/configs");
  return readdirSync(dir)
    .filter((f) => f.endsWith(".json") && f !== "manifest.json")
    .map((f) => ({ name: f, json: JSON.parse(readFileSync(join(dir, f), "utf8")) as Record<string, unknown> }));
}

const MUTANTS: unknown[] = [0, -1, 1.5, 1e9, 1e8, 4097, 1e308, "32", null, true, [], {}, [1, 2], "\u001b[31m", Number.MAX_SAFE_INTEGER, 2 ** 31, 3, 300, 7];

/** A real config with 1–3 fields replaced by hostile values. */
function mutate(json: Record<string, unknown>, r: () => number): Record<string, unknown> {
  const out: Record<string, unknown> = structuredClone(json);
  const target = (out["text_config"] && typeof out["text_config"] === "object" && r() < 0.7 ? out["text_config"] : out) as Record<string, unknown>;
  const keys = Object.keys(target);
  const n = 1 + Math.floor(r() * 3);
  for (let i = 0; i < n && keys.length; i++) {
    const k = keys[Math.floor(r() * keys.length)] as string;
    const choice = r();
    if (choice < 0.15) delete target[k];
    else target[k] = MUTANTS[Math.floor(r() * MUTANTS.length)];
  }
  if (r() < 0.2) target["num_experts_per_tok"] = 300;
  if (r() < 0.1) target["hybrid_override_pattern"] = "M*E-".repeat(Math.min(2000, Math.max(1, Math.floor(Number(target["num_hidden_layers"]) / 4) || 1)));
  return out;
}

export function makeFiles(seed: number, mutants = 40): FuzzFiles {
  const dir = mkdtempSync(join(tmpdir(), "roofline-fuzz-"));
  const r = rng(seed ^ 0x5eed);
  const w = (name: string, text: string) => {
    const p = join(dir, name);
    writeFileSync(p, text);
    return p;
  };
  const configs = realConfigs();
  const models = configs.map((c) => w(`real-${c.name}`, JSON.stringify(c.json)));
  for (let i = 0; i < mutants; i++) {
    const base = configs[Math.floor(r() * configs.length)]!;
    models.push(w(`mutant-${i}.json`, JSON.stringify(mutate(base.json, r))));
  }
  models.push(w("napkin.json", JSON.stringify({ name: "napkin", totalParams: 7e10, activeParams: 7e10, weightBytesPerParam: 1, kvBytesPerToken: 163840 })));
  models.push(w("napkin-bad.json", JSON.stringify({ name: "\u001b[31mred", totalParams: 1e300, activeParams: 1e-300, weightBytesPerParam: 1e-300, kvBytesPerToken: 1e9, layers: 1e9 })));
  models.push(w("layers-1e8.json", JSON.stringify({ ...configs[0]!.json, num_hidden_layers: 1e8 })));
  models.push(w("experts-300.json", JSON.stringify({ ...(configs.find((c) => c.name.startsWith("deepseek-v2"))?.json ?? {}), num_experts_per_tok: 300 })));
  models.push(w("infinity.json", '{"model_type":"llama","hidden_size":4096,"num_hidden_layers":32,"num_attention_heads":32,"intermediate_size":11008,"vocab_size":32000,"max_position_embeddings":4096,"time_step_limit":[0.0, Infinity],"x":NaN}'));
  models.push(w("infinity-used.json", '{"model_type":"llama","hidden_size":Infinity,"num_hidden_layers":32,"num_attention_heads":32,"intermediate_size":11008,"vocab_size":32000,"max_position_embeddings":4096}'));
  const hardware = [w("hw.json", JSON.stringify({ name: "H100 (napkin)", flopsPerSecond: 9.894e14, memoryBandwidthBytesPerSecond: 3.35e12, memoryCapacityBytes: 8e10, usdPerHour: 2 }))];
  hardware.push(w("hw-tiny.json", JSON.stringify({ name: "tiny", flopsPerSecond: 1e-300, memoryBandwidthBytesPerSecond: 1e-300, memoryCapacityBytes: 1e-300, usdPerHour: 1e-300 })));
  hardware.push(w("hw-huge.json", JSON.stringify({ name: "huge", flopsPerSecond: 1e300, memoryBandwidthBytesPerSecond: 1e300, memoryCapacityBytes: 1e300, usdPerHour: 1e300 })));
  const prices = [w("prices.json", JSON.stringify({ model: "m", inputUsdPerMillionTokens: 1.25, outputUsdPerMillionTokens: 10, contextWindowTokens: 1_000_000, longContext: { thresholdTokens: 200_000, inputUsdPerMillionTokens: 2.5, outputUsdPerMillionTokens: 15 } }))];
  prices.push(w("prices-cheaper-long.json", JSON.stringify({ model: "m", inputUsdPerMillionTokens: 2.5, outputUsdPerMillionTokens: 15, longContext: { thresholdTokens: 200_000, inputUsdPerMillionTokens: 1.25, outputUsdPerMillionTokens: 10 } })));
  prices.push(w("prices-tiny.json", JSON.stringify({ model: "m", inputUsdPerMillionTokens: 1e-300, outputUsdPerMillionTokens: 1e-300, cacheReadUsdPerMillionTokens: 1e-300 })));
  const traces = makeTraces(w, r);
  const hostile = [
    w("deep.json", "[".repeat(20_000) + "]".repeat(20_000)),
    w("deep-object.json", '{"a":'.repeat(5000) + "1" + "}".repeat(5000)),
    w("empty.json", ""),
    w("bom.json", `\ufeff${JSON.stringify(configs[0]!.json)}`),
    w("binary.json", "\u0000\u0001\u0002\u001b[31m\uffff"),
    w("array.json", "[1,2,3]"),
    w("string.json", '"\\u001b[31m"'),
    w("big-number.json", `{"hidden_size": ${DIGITS_400}}`),
    join(dir, "missing.json"),
    join(dir, "a-directory"),
  ];
  mkdirSync(join(dir, "a-directory"));
  const sparse = w("sparse-huge.json", "{}");
  truncateSync(sparse, 64 * 1024 * 1024);
  hostile.push(sparse);
  try {
    execFileSync("mkfifo", [join(dir, "fifo.json")]);
    hostile.push(join(dir, "fifo.json"));
  } catch {
    // no mkfifo here: the FIFO case is skipped
  }
  return { dir, models, hardware, prices, traces, hostile, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

const IDS = {
  model: ["deepseek-v3", "llama-3.1-8b", "llama-3.1-405b", "gpt-oss-120b", "qwen3-235b-a22b", "kimi-k2-instruct", "mixtral-8x7b", "llama-4-maverick", "deepseek-v3.2", "nope", "DEEPSEEK-V3"],
  hardware: ["h100", "b200", "gb200", "h200", "nvidia-gb200-nvl72", "rubin", "tpu-v5p", "mi300x", "h1OO", "nope"],
  prices: ["gemini", "opus", "deepseek", "sonnet", "gpt-5.4", "nope"],
};

const CHOICES: Record<string, string[]> = {
  phase: ["decode", "prefill", "DECODE", "train"],
  weights: ["fp32", "bf16", "fp16", "fp8", "int8", "fp6", "mxfp4", "fp4", "int4", "fp3"],
  kv: ["bf16", "fp8", "fp4", "int4", "fp64"],
  "student-weights": ["bf16", "fp8", "fp4"],
  activations: ["bf16", "fp8"],
  compute: ["bf16", "fp16", "fp8", "int8", "fp4", "fp6"],
  attention: ["native", "dense", "sqrt", "linear"],
  "expert-routing": ["uniform", "all", "some"],
  schedule: ["gpipe", "1f1b", "interleaved", "zero-bubble"],
  question: ["open-loop", "closed-loop", "nope"],
  format: ["text", "json", "md", "csv", "latex", "xml"],
  precisions: ["bf16,fp8", "fp8", "fp4,fp8,bf16", ",,,"],
  teacher: ["crib", "nope"],
  student: ["crib", "nope"],
  traffic: ["1e6", "1e15"],
};

export interface FuzzCase {
  argv: string[];
}

export function makeCase(r: () => number, shapes: CommandShape[], files: FuzzFiles): FuzzCase {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
  const roll = r();
  if (roll < 0.02) return { argv: [pick(STRINGS_HOSTILE)] };
  if (roll < 0.07) return traceCase(r, shapes, files);
  const shape = pick(shapes);
  const argv = [...shape.path];
  const n = Math.floor(r() * 4);
  const hostileRun = r() < 0.7;
  for (let i = 0; i < n; i++) {
    const o = pick(shape.options);
    if (!o) break;
    if (!o.takesValue) {
      argv.push(o.flag);
      continue;
    }
    argv.push(o.flag, valueFor(o.name, r, files, hostileRun));
  }
  if (shape.takesArgs && r() < 0.8) argv.push(r() < 0.5 ? pick(["optimalBatch", "stepSeconds", "kvBytesPerToken", "hbmDrainSeconds", "prices.impliedKvBytesPerToken", "deepseek-v3", "h100"]) : pick(STRINGS_HOSTILE));
  // Keep most runs small: derivation text of every number is megabytes.
  const fmt = r();
  const formats = new Set(shape.options.map((o) => o.flag));
  if (fmt < 0.6 && formats.has("--brief")) argv.push("--brief");
  else if (fmt < 0.7 && formats.has("--json")) argv.push("--json");
  else if (fmt < 0.75 && formats.has("--csv")) argv.push("--csv");
  if (r() < 0.03) argv.push(`--${pick(["nope", "\u001b[31m", "x".repeat(300)])}`);
  return { argv };
}

/** `serve --trace FILE` with a model and hardware that run, and up to two more serve flags: the trace is what is fuzzed. */
export function traceCase(r: () => number, shapes: CommandShape[], files: FuzzFiles): FuzzCase {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
  const argv = ["serve", "--model", pick(["llama-3.1-8b", "gpt-oss-120b", "deepseek-v3", "qwen3-235b-a22b"]), "--hardware", pick(["h100", "b200", "h200"]), "--trace", r() < 0.9 ? pick(files.traces) : pick(files.hostile)];
  const serve = shapes.find((s) => s.path.length === 1 && s.path[0] === "serve");
  const extra = (serve?.options ?? []).filter((o) => !["--trace", "--model", "--hardware", "--rate", "--concurrency"].includes(o.flag));
  for (let i = Math.floor(r() * 3); i > 0; i--) {
    const o = pick(extra);
    if (!o) break;
    argv.push(o.flag);
    if (o.takesValue) argv.push(valueFor(o.name, r, files, r() < 0.3));
  }
  argv.push(pick(["--brief", "--brief", "--json"]));
  return { argv };
}

function valueFor(name: string, r: () => number, files: FuzzFiles, hostile: boolean): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
  const wild = hostile && r() < 0.5;
  // Flags that write a file (an Anki deck, the practice state) write into the fuzz folder, never into
  // the working tree.
  if (name === "anki" || name === "state") return join(files.dir, `out-${Math.floor(r() * 1e6)}.txt`);
  if (name === "model" || name === "teacher" || name === "student") {
    if (wild) return r() < 0.5 ? pick(files.hostile) : pick(STRINGS_HOSTILE);
    return r() < 0.5 ? pick(files.models) : pick(IDS.model);
  }
  if (name === "hardware" || name === "compare-hardware") {
    if (wild) return r() < 0.5 ? pick(files.hostile) : pick(STRINGS_HOSTILE);
    return r() < 0.3 ? pick(files.hardware) : pick(IDS.hardware);
  }
  if (name === "trace" || name === "classes") {
    if (wild) return r() < 0.5 ? pick(files.hostile) : pick(STRINGS_HOSTILE);
    return pick(files.traces);
  }
  if (name === "prices") {
    if (wild) return r() < 0.5 ? pick(files.hostile) : pick(STRINGS_HOSTILE);
    return r() < 0.5 ? pick(files.prices) : pick(IDS.prices);
  }
  if (CHOICES[name]) return wild ? pick(STRINGS_HOSTILE) : pick(CHOICES[name]!);
  if (name === "explain" || name === "progress") return pick(["optimalBatch", "stepSeconds", "1", "0", ...STRINGS_HOSTILE]);
  return wild ? pick(NUMBERS_HOSTILE) : pick(NUMBERS_SANE);
}

export interface CaseResult {
  argv: string[];
  code: number;
  /** CPU milliseconds. */
  ms: number;
  problem: string | null;
}

/** Characters a terminal would act on; output may contain newlines and tabs only. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
/** A number with an exponent of three digits (1e+300, 2.3×10²⁹⁰) is not an answer about hardware. */
const ABSURD = /(?<![0-9A-Za-z_.-])\d+(?:\.\d+)?[eE][+-]?\d{3,}(?![0-9A-Za-z_])|×10[⁻]?[⁰¹²³⁴⁵⁶⁷⁸⁹]{3,}/;
/**
 * Output a case may print. The largest legal output is `search --json` explaining 3 layouts of 61 pipeline
 * stages (each with its derivations and schedule): about 25 MB. Runaway output (54 MB of racks, a string
 * past V8's limit) stays far above this.
 */
export const MAX_OUTPUT_CHARS = 32 * 1024 * 1024;
/** CPU time a case may take. CPU, not wall-clock: this machine is shared, and a loaded one stretches wall time. */
export const MAX_CASE_CPU_MS = 5000;

/** Runs the CLI in-process and measures the CPU time the case took (user + system). */
export async function timedRun(argv: string[]): Promise<{ run: { code: number; stdout: string; stderr: string }; cpuMs: number }> {
  const c0 = process.cpuUsage();
  const run = await runCli(...argv);
  const c = process.cpuUsage(c0);
  return { run, cpuMs: (c.user + c.system) / 1000 };
}

export function judge(argv: string[], run: { code: number; stdout: string; stderr: string }, cpuMs: number): string | null {
  const all = run.stdout + run.stderr;
  if (cpuMs > MAX_CASE_CPU_MS) return `took ${Math.round(cpuMs)} ms of CPU`;
  if (run.code !== 0 && run.code !== 2) return `exit ${run.code}: ${run.stderr.slice(0, 300)}`;
  if (all.length > MAX_OUTPUT_CHARS) return `printed ${all.length} characters`;
  if (CONTROL.test(all)) return `printed a control character: ${JSON.stringify(all.match(CONTROL)?.[0])} in ${JSON.stringify(all.slice(Math.max(0, all.search(CONTROL) - 40), all.search(CONTROL) + 20))}`;
  if (/\n\s+at .+:\d+:\d+\)?\n/.test(run.stderr)) return `a stack trace: ${run.stderr.slice(0, 300)}`;
  if (run.code === 2) {
    const errors = run.stderr.split("\n").filter((l) => /^(roofline: )?error:/.test(l));
    if (errors.length !== 1) return `exit 2 with ${errors.length} error lines: ${run.stderr.slice(0, 300)}`;
    if (/Expected a number of a number/.test(run.stderr)) return `a garbled message: ${errors[0]}`;
    return null;
  }
  if (argv.includes("--json") && run.stdout.trim().startsWith("{")) {
    try {
      JSON.parse(run.stdout);
    } catch {
      return "--json printed invalid JSON";
    }
  }
  const text = run.stdout;
  // (AMD's "Infinity Fabric" is a name, not a number.)
  const bad = /(^|[^A-Za-z_])(NaN|-?Infinity(?! Fabric)|undefined)([^A-Za-z_]|$)/m.exec(text);
  if (bad) return `printed ${bad[2]}: ${JSON.stringify(text.slice(Math.max(0, bad.index - 60), bad.index + 40))}`;
  const absurd = ABSURD.exec(text);
  if (absurd) return `printed an absurd value: ${JSON.stringify(text.slice(Math.max(0, absurd.index - 60), absurd.index + 40))}`;
  return null;
}

export async function runCase(c: FuzzCase): Promise<CaseResult> {
  try {
    const { run, cpuMs } = await timedRun(c.argv);
    return { argv: c.argv, code: run.code, ms: cpuMs, problem: judge(c.argv, run, cpuMs) };
  } catch (e) {
    return { argv: c.argv, code: -1, ms: 0, problem: `threw: ${(e as Error).message}` };
  }
}

/** Runs `count` cases from `seed`; returns the failures (and every result's count by exit code). */
export async function fuzz(seed: number, count: number, files: FuzzFiles, onResult?: (r: CaseResult, i: number) => void): Promise<{ failures: CaseResult[]; byCode: Record<number, number> }> {
  const shapes = commandShapes();
  const r = rng(seed);
  const failures: CaseResult[] = [];
  const byCode: Record<number, number> = {};
  for (let i = 0; i < count; i++) {
    const res = await runCase(makeCase(r, shapes, files));
    byCode[res.code] = (byCode[res.code] ?? 0) + 1;
    if (res.problem) failures.push(res);
    onResult?.(res, i);
  }
  return { failures, byCode };
}

/** A failing argv as a shell line to replay it. */
export function shellLine(argv: string[]): string {
  return `roofline ${argv.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : JSON.stringify(a))).join(" ")}`;
}

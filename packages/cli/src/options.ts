/**
 * The flags shared by the analysis commands, parsed once into RooflineOptions. Every value that came
 * from a flag keeps the flag's name as its origin, so derivations say "given: --batch".
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import {
  findHardware,
  findModel,
  getHardware,
  getModel,
  parseJsonText,
  hardwareFromJson,
  modelFromJson,
  parseComputePrecision,
  parseNumber,
  parsePrecision,
  quoteValue,
  RooflineError,
  userGiven,
  LIMITS,
  type AttentionMode,
  type ExpertRouting,
  type HardwareSpec,
  type ModelSpec,
  type NumberRule,
  type Phase,
  type RooflineOptions,
} from "@roofline/core";
import type { Command } from "commander";

export const DEFAULT_MODEL = "deepseek-v3";
export const DEFAULT_HARDWARE = "nvidia-gb200-nvl72";
export const DEFAULT_CHIPS = 64;

export interface RawFlags {
  model?: string;
  hardware?: string;
  chips?: string;
  batch?: string;
  context?: string;
  phase?: string;
  promptTokens?: string;
  weights?: string;
  kv?: string;
  compute?: string;
  computeEfficiency?: string;
  bandwidthEfficiency?: string;
  usdPerHour?: string;
  flops?: string;
  hbmBandwidth?: string;
  hbmCapacity?: string;
  attention?: string;
  sqrtKnee?: string;
  expertRouting?: string;
}

/** Adds the model/system/run flags to a command. */
export function addRooflineFlags(cmd: Command, opts: { batchDefault?: string; phase?: boolean } = {}): Command {
  cmd
    .option("-m, --model <id|file>", `catalog model id, or a path to a Hugging Face config.json or napkin model JSON (default: ${DEFAULT_MODEL})`)
    .option("-H, --hardware <id|file>", `catalog chip id or alias (h100, b200, gb200…), or a path to a hardware JSON file (default: ${DEFAULT_HARDWARE})`)
    .option("-n, --chips <N>", `chips in one scale-up domain serving a replica (default: ${DEFAULT_CHIPS}, the lecture's 64 GPUs of an NVL72 rack)`)
    .option("-b, --batch <B>", `sequences in the batch${opts.batchDefault ? ` (default: ${opts.batchDefault})` : " (default: 1)"}`)
    .option("-c, --context <L>", "tokens already in each sequence's KV cache (default: 8192 for decode, 0 for prefill); accepts 32k, 1M");
  if (opts.phase !== false) {
    cmd.option("--phase <decode|prefill>", "a decode step (1 token per sequence) or a prefill pass (default: decode)");
    cmd.option("-p, --prompt-tokens <P>", "prefill: tokens per sequence in the pass (default: 4096)");
  }
  return cmd
    .option("--weights <precision>", "weight precision: fp32, bf16, fp16, fp8, int8, fp6, mxfp4, fp4, int4 (default: the model's released precision)")
    .option("--kv <precision>", "KV-cache precision (default: bf16)")
    .option("--compute <precision>", "which dense peak to use: bf16, fp16, fp8, int8, fp4 (default: follows --weights)")
    .option("--compute-efficiency <η>", "fraction of peak FLOP/s achieved, (0, 1] (default: 1, the ideal roofline)")
    .option("--bandwidth-efficiency <η>", "fraction of peak HBM bandwidth achieved, (0, 1] (default: 1)")
    .option("--usd-per-hour <$>", "rental price per chip-hour (default: the catalog's newest dated quote, if any)")
    .option("--flops <FLOP/s>", "override the chip's dense peak FLOP/s (e.g. 9.89e14)")
    .option("--hbm-bandwidth <B/s>", "override HBM bandwidth per chip in bytes/s (e.g. 3.35e12)")
    .option("--hbm-capacity <bytes>", "override HBM capacity per chip in bytes (e.g. 80e9)")
    .option("--attention <mode>", "native (the model's own windows/sparsity), dense, or sqrt (the lecture's √ sparse attention) (default: native)")
    .option("--sqrt-knee <L0>", "with --attention sqrt: context up to which attention stays dense (default: 4096)")
    .option("--expert-routing <mode>", "uniform (the experts a batch touches) or all (the lecture's simplification: every expert every step) (default: uniform)");
}

/** Files larger than this are not model, hardware or price files (a config.json is a few KB). */
export const MAX_INPUT_FILE_BYTES = 32 * 1024 * 1024;

/**
 * Reads and parses a JSON file named by a flag. Only regular files are read (a FIFO, a device or a
 * directory would block or mislead), at most MAX_INPUT_FILE_BYTES; Python's Infinity/NaN literals are
 * accepted where an unused field holds them. Every problem is a RooflineError naming the flag.
 */
export function readJsonFile(path: string, flag: string): unknown {
  let size: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) {
      throw new RooflineError({ code: "not-a-file", field: flag, value: quoteValue(path), expected: "a regular JSON file (not a directory, pipe or device)" });
    }
    size = st.size;
  } catch (e) {
    if (e instanceof RooflineError) throw e;
    throw new RooflineError({ code: "file-not-found", field: flag, value: quoteValue(path), expected: "a readable JSON file", hint: quoteValue((e as Error).message, 120) });
  }
  if (size > MAX_INPUT_FILE_BYTES) {
    throw new RooflineError({ code: "too-large", field: flag, value: `${quoteValue(path)} (${size.toLocaleString("en-US")} bytes)`, expected: `a JSON file of at most ${MAX_INPUT_FILE_BYTES.toLocaleString("en-US")} bytes` });
  }
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new RooflineError({ code: "file-not-found", field: flag, value: quoteValue(path), expected: "a readable JSON file", hint: quoteValue((e as Error).message, 120) });
  }
  return parseJsonText(text, { field: `${flag} ${quoteValue(path)}` });
}

function looksLikePath(v: string): boolean {
  return v.endsWith(".json") || v.includes("/") || v.includes("\\");
}

/**
 * A flag that takes a catalog id or a file. A value that looks like a path is a file; otherwise a
 * catalog id wins, and when a file of the same name exists too, a warning says which was used.
 */
export function resolveIdOrFile<T>(value: string, flag: string, catalog: { find(id: string): T | undefined; get(id: string, field: string): T }, fromFile: (json: unknown, path: string) => T, what: string): T {
  if (looksLikePath(value)) {
    if (!existsSync(value)) throw new RooflineError({ code: "file-not-found", field: flag, value: quoteValue(value), expected: `a catalog ${what} id or an existing JSON file` });
    return fromFile(readJsonFile(value, flag), value);
  }
  const fileExists = value.length > 0 && existsSync(value);
  const entry = catalog.find(value);
  if (entry !== undefined) {
    if (fileExists) process.stderr.write(`warning: ${flag} ${quoteValue(value)}: both a catalog ${what} id and a file of that name exist; using the catalog id (write ./${quoteValue(value)} for the file).\n`);
    return entry;
  }
  if (fileExists) return fromFile(readJsonFile(value, flag), value);
  return catalog.get(value, flag);
}

export function resolveModel(value: string | undefined): ModelSpec {
  return resolveIdOrFile(value ?? DEFAULT_MODEL, "--model", { find: findModel, get: getModel }, modelFromJson, "model");
}

export function resolveHardware(value: string | undefined): HardwareSpec {
  return resolveIdOrFile(value ?? DEFAULT_HARDWARE, "--hardware", { find: findHardware, get: getHardware }, hardwareFromJson, "hardware");
}

/** A numeric flag as a Quantity whose origin is the flag, or undefined when not given. */
export function numberFlag(text: string | undefined, flag: string, rule: NumberRule) {
  if (text === undefined) return undefined;
  return userGiven(parseNumber(text, flag, rule), flag);
}
const num = numberFlag;

/** A flag with a fixed set of values (case-insensitive), or undefined when not given. */
export function choice<T extends string>(text: string | undefined, flag: string, choices: readonly T[]): T | undefined {
  if (text === undefined) return undefined;
  const v = text.trim().toLowerCase();
  if ((choices as readonly string[]).includes(v)) return v as T;
  throw new RooflineError({ code: "invalid-choice", field: flag, value: quoteValue(text), expected: `one of ${choices.join(", ")}` });
}

export function rooflineOptions(f: RawFlags, defaults: { batch?: number } = {}): RooflineOptions {
  const o: RooflineOptions = {
    model: resolveModel(f.model),
    hardware: resolveHardware(f.hardware),
    names: {
      chips: "--chips",
      batch: "--batch",
      contextTokens: "--context",
      promptTokens: "--prompt-tokens",
      computeEfficiency: "--compute-efficiency",
      bandwidthEfficiency: "--bandwidth-efficiency",
      usdPerChipHour: "--usd-per-hour",
      peakFlopsPerSecond: "--flops",
      hbmBytesPerSecond: "--hbm-bandwidth",
      hbmBytes: "--hbm-capacity",
      weightPrecision: "--weights",
      kvPrecision: "--kv",
      sqrtKneeTokens: "--sqrt-knee",
    },
  };
  const chips = num(f.chips, "--chips", { what: "chips", integer: true, min: 1, max: LIMITS.maxChips });
  o.chips = chips ?? { value: DEFAULT_CHIPS, origin: { kind: "default", reason: "the lecture's 64 GPUs of an NVL72 rack" } };
  const batch = num(f.batch, "--batch", { what: "sequences in the batch", integer: true, min: 1, max: LIMITS.maxBatch });
  if (batch) o.batch = batch;
  else if (defaults.batch !== undefined) o.batch = { value: defaults.batch, origin: { kind: "default", reason: "this command's default batch" } };
  const context = num(f.context, "--context", { what: "tokens of context", integer: true, min: 0, max: LIMITS.maxContextTokens });
  if (context) o.contextTokens = context;
  const phase = choice<Phase>(f.phase, "--phase", ["decode", "prefill"]);
  if (phase) o.phase = phase;
  const prompt = num(f.promptTokens, "--prompt-tokens", { what: "prompt tokens per sequence", integer: true, min: 1, max: LIMITS.maxPassTokens });
  if (prompt) o.promptTokens = prompt;
  if (f.weights) o.weightPrecision = parsePrecision(f.weights, "--weights");
  if (f.kv) o.kvPrecision = parsePrecision(f.kv, "--kv");
  if (f.compute) o.computePrecision = parseComputePrecision(f.compute, "--compute");
  const ce = num(f.computeEfficiency, "--compute-efficiency", { what: "fraction of peak FLOP/s", above: 0, max: 10 });
  if (ce) o.computeEfficiency = ce;
  const be = num(f.bandwidthEfficiency, "--bandwidth-efficiency", { what: "fraction of peak bandwidth", above: 0, max: 10 });
  if (be) o.bandwidthEfficiency = be;
  const usd = num(f.usdPerHour, "--usd-per-hour", { what: "USD per chip-hour", min: 0, max: LIMITS.maxUsdPerHour });
  if (usd) o.usdPerChipHour = usd;
  const flops = num(f.flops, "--flops", { what: "FLOP/s per chip", above: 0, max: LIMITS.maxFlopsPerSecond });
  if (flops) o.peakFlopsPerSecond = flops;
  const hbw = num(f.hbmBandwidth, "--hbm-bandwidth", { what: "bytes/s per chip", above: 0, max: LIMITS.maxBytesPerSecond });
  if (hbw) o.hbmBytesPerSecond = hbw;
  const hcap = num(f.hbmCapacity, "--hbm-capacity", { what: "bytes per chip", above: 0, max: LIMITS.maxBytes });
  if (hcap) o.hbmBytes = hcap;
  const attention = choice<AttentionMode>(f.attention, "--attention", ["native", "dense", "sqrt"]);
  if (attention) o.attention = attention;
  const knee = num(f.sqrtKnee, "--sqrt-knee", { what: "tokens", integer: true, min: 1, max: LIMITS.maxContextTokens });
  if (knee) o.sqrtKneeTokens = knee;
  const routing = choice<ExpertRouting>(f.expertRouting, "--expert-routing", ["uniform", "all"]);
  if (routing) o.expertRouting = routing;
  return o;
}

/**
 * The flags shared by the analysis commands (generated from core's input tables), parsed into RooflineOptions. Every value that came
 * from a flag keeps the flag's name as its origin, so derivations say "given: --batch".
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import {
  commandDefaults,
  DEFAULT_HARDWARE_ID,
  DEFAULT_MODEL_ID,
  findHardware,
  findModel,
  getHardware,
  getModel,
  parseJsonText,
  hardwareFromJson,
  modelFromJson,
  parseNumber,
  quoteValue,
  RooflineError,
  STEP_INPUTS,
  userGiven,
  type HardwareSpec,
  type InputTable,
  type ModelSpec,
  type NumberRule,
  type RooflineOptions,
} from "@roofline/core";
import type { Command } from "commander";
import { addInputFlags, flagNames, readInputs } from "./inputs.ts";

export const DEFAULT_MODEL = DEFAULT_MODEL_ID;
export const DEFAULT_HARDWARE = DEFAULT_HARDWARE_ID;
export const DEFAULT_CHIPS = STEP_INPUTS.get("chips").default as number;

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

/**
 * Adds the model/system/run flags to a command: one per input of the table (default: `step`'s),
 * generated from core's input table (packages/core/src/inputs/roofline.ts).
 */
export function addRooflineFlags(cmd: Command, opts: { phase?: boolean; table?: InputTable } = {}): Command {
  return addInputFlags(cmd, opts.table ?? STEP_INPUTS, { skip: opts.phase === false ? ["phase", "promptTokens"] : [] });
}

/** Files larger than this are not model, hardware or price files (a config.json is a few KB). */
export const MAX_INPUT_FILE_BYTES = 32 * 1024 * 1024;

/**
 * Reads and parses a JSON file named by a flag. Only regular files are read (a FIFO, a device or a
 * directory would block or mislead), at most MAX_INPUT_FILE_BYTES; Python's Infinity/NaN literals are
 * accepted where an unused field holds them. Every problem is a RooflineError naming the flag.
 */
export function readJsonFile(path: string, flag: string): unknown {
  const text = readTextFile(path, flag, { maxBytes: MAX_INPUT_FILE_BYTES, what: "JSON file" });
  return parseJsonText(text, { field: `${flag} ${quoteValue(path)}` });
}

/**
 * Reads a text file named by a flag: a regular file only (a FIFO would block, a directory or device
 * mislead), of at most `maxBytes`. Every problem is a RooflineError naming the flag and the file.
 */
export function readTextFile(path: string, flag: string, o: { maxBytes: number; what: string }): string {
  let size: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) {
      throw new RooflineError({ code: "not-a-file", field: flag, value: quoteValue(path), expected: `a regular ${o.what} (not a directory, pipe or device)` });
    }
    size = st.size;
  } catch (e) {
    if (e instanceof RooflineError) throw e;
    throw new RooflineError({ code: "file-not-found", field: flag, value: quoteValue(path), expected: `a readable ${o.what}`, hint: quoteValue((e as Error).message, 120) });
  }
  if (size > o.maxBytes) {
    throw new RooflineError({ code: "too-large", field: flag, value: `${quoteValue(path)} (${size.toLocaleString("en-US")} bytes)`, expected: `a ${o.what} of at most ${o.maxBytes.toLocaleString("en-US")} bytes` });
  }
  try {
    return readFileSync(path, "utf8");
  } catch (e) {
    throw new RooflineError({ code: "file-not-found", field: flag, value: quoteValue(path), expected: `a readable ${o.what}`, hint: quoteValue((e as Error).message, 120) });
  }
}

/** Request traces (JSON Lines): about a million requests; larger traces take longer than a blackboard answer should. */
export const MAX_TRACE_FILE_BYTES = 64 * 1024 * 1024;

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

/** A flag with a fixed set of values (case-insensitive), or undefined when not given. */
export function choice<T extends string>(text: string | undefined, flag: string, choices: readonly T[]): T | undefined {
  if (text === undefined) return undefined;
  const v = text.trim().toLowerCase();
  if ((choices as readonly string[]).includes(v)) return v as T;
  throw new RooflineError({ code: "invalid-choice", field: flag, value: quoteValue(text), expected: `one of ${choices.join(", ")}` });
}

/**
 * The roofline options given as flags of the table's inputs (default: `step`'s). Values not given are
 * left out: the engine applies the table's default and its reason, the same for every interface.
 */
export function rooflineOptions(f: RawFlags, table: InputTable = STEP_INPUTS): RooflineOptions {
  const given = readInputs(f as Record<string, unknown>, table);
  delete given["model"];
  delete given["hardware"];
  const model = resolveModel(f.model);
  const own = commandDefaults(table, { napkinKv: model.attention.napkinKvBytesPerToken !== null });
  return { ...own, ...given, model, hardware: resolveHardware(f.hardware), names: flagNames(table) } as RooflineOptions;
}

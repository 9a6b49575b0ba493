/**
 * The flags shared by the analysis commands (generated from core's input tables), parsed into RooflineOptions. Every value that came
 * from a flag keeps the flag's name as its origin, so derivations say "given: --batch".
 */
import { existsSync, readFileSync } from "node:fs";
import {
  defaultQuantity,
  DEFAULT_HARDWARE_ID,
  DEFAULT_MODEL_ID,
  getHardware,
  getModel,
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

/** Reads and parses a JSON file named by a flag; a missing file or bad JSON is a RooflineError naming the flag. */
export function readJsonFile(path: string, flag: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new RooflineError({ code: "file-not-found", field: flag, value: path, expected: "a readable JSON file", hint: (e as Error).message });
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new RooflineError({ code: "invalid-json", field: `${flag} ${path}`, expected: "valid JSON", hint: (e as Error).message });
  }
}

function looksLikePath(v: string): boolean {
  return v.endsWith(".json") || v.includes("/") || v.includes("\\");
}

export function resolveModel(value: string | undefined): ModelSpec {
  const v = value ?? DEFAULT_MODEL;
  if (looksLikePath(v) || existsSync(v)) {
    if (!existsSync(v)) throw new RooflineError({ code: "file-not-found", field: "--model", value: v, expected: "a catalog model id or an existing JSON file" });
    return modelFromJson(readJsonFile(v, "--model"), v);
  }
  return getModel(v, "--model");
}

export function resolveHardware(value: string | undefined): HardwareSpec {
  const v = value ?? DEFAULT_HARDWARE;
  if (looksLikePath(v) || existsSync(v)) {
    if (!existsSync(v)) throw new RooflineError({ code: "file-not-found", field: "--hardware", value: v, expected: "a catalog hardware id or an existing JSON file" });
    return hardwareFromJson(readJsonFile(v, "--hardware"), v);
  }
  return getHardware(v, "--hardware");
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
  // Other analyses prepare steps with the engine's defaults (one chip): a command's chips default is its table's.
  if (given["chips"] === undefined && table.has("chips")) given["chips"] = defaultQuantity(table, "chips");
  return { ...given, model: resolveModel(f.model), hardware: resolveHardware(f.hardware), names: flagNames(table) } as RooflineOptions;
}

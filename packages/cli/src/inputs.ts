/**
 * CLI flags from core's input tables: one `.option()` per input (help with unit, range and default),
 * the parsed values with the flag as their origin ("given: --batch"), and messages that name flags.
 * A command declares no flag of an analysis input by hand: it calls `addInputFlags(cmd, TABLE)` and
 * `readInputs(flags, TABLE)`.
 */
import { describeDefault, describeRange, echoInputs, inputDefById, parseInput, renderError, userGiven, type ErrorDetails, type InputDef, type InputTable } from "@roofline/core";
import { Option, type Command } from "commander";

/** "--hbm-bandwidth" for an input id (any table's), the id itself if no table declares it. */
export function flagOf(id: string): string {
  const d = inputDefById(id);
  return d ? `--${d.flag}` : id;
}

/** An error's message with its input and fixes named as flags. */
export function cliMessage(details: ErrorDetails): string {
  return renderError(details, flagOf);
}

/** The key commander stores a flag's value under ("usd-per-hour" → usdPerHour). */
export function flagKey(d: InputDef): string {
  return d.flag.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

export function helpOf(d: InputDef): string {
  if (d.kind === "boolean") return `${d.doc} (default: ${describeDefault(d)})`;
  const range = describeRange(d);
  const unit = d.unit && d.unit !== "1" && d.kind !== "number" && d.kind !== "integer" ? ` (${d.unit})` : "";
  const def = describeDefault(d);
  const also = d.flagAliases?.length ? ` (also ${d.flagAliases.join(", ")})` : "";
  return `${d.doc}${unit}${range ? `; ${range}` : ""}${def ? ` (default: ${def})` : ""}${also}`;
}

/** The key commander stores an alias' value under, and how the alias was typed ("-E, --expert-parallel" → expertParallel, --expert-parallel). */
function aliasKey(alias: string): { key: string; name: string } {
  const o = new Option(`${alias} <v>`);
  return { key: o.attributeName(), name: o.long ?? o.short ?? alias };
}

/** The table each command's input flags came from (what its `--json` echoes, what parity tests compare). */
const COMMAND_TABLES = new WeakMap<Command, InputTable>();

/** The input table a command's flags were generated from (undefined: a command with none). */
export function inputTableOf(cmd: Command): InputTable | undefined {
  return COMMAND_TABLES.get(cmd);
}

/** Adds a flag per input of the table (advanced inputs last), skipping `skip`. */
export function addInputFlags(cmd: Command, table: InputTable, opts: { skip?: readonly string[] } = {}): Command {
  const skip = new Set(opts.skip ?? []);
  const defs = table.inputs.filter((d) => !skip.has(d.id));
  COMMAND_TABLES.set(cmd, skip.size ? table.derive(table.analysis, { omit: [...skip] }) : table);
  for (const d of [...defs.filter((x) => !x.advanced), ...defs.filter((x) => x.advanced)]) {
    if (d.kind === "boolean") {
      // A switch: --x turns it on, --no-x off; neither leaves the table's default (commander sets no default when both are declared).
      cmd.option(`--${d.flag}`, helpOf(d));
      cmd.option(`--no-${d.flag}`, d.offDoc ?? `the opposite of --${d.flag}`);
      for (const a of d.flagAliases ?? []) cmd.addOption(new Option(a, `same as --${d.flag}`).hideHelp());
      for (const a of d.offAliases ?? []) cmd.addOption(new Option(a, `same as --no-${d.flag}`).hideHelp());
      continue;
    }
    const value = d.valueName ?? (d.kind === "enum" ? `<${(d.choices ?? []).join("|")}>` : "<value>");
    cmd.option(`${d.short ? `-${d.short}, ` : ""}--${d.flag} ${value}`, helpOf(d));
    for (const a of d.flagAliases ?? []) cmd.addOption(new Option(`${a} ${value}`, `same as --${d.flag}`).hideHelp());
  }
  return cmd;
}

/** The inputs given as flags, by input id: numbers as Quantities whose origin is the flag, the rest as typed (enums normalised). */
export function readInputs(flags: Readonly<Record<string, unknown>>, table: InputTable): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const d of table.inputs) {
    if (d.kind === "boolean") {
      const on = flags[flagKey(d)];
      if (typeof on === "boolean") out[d.id] = on;
      else if ((d.offAliases ?? []).some((a) => flags[aliasKey(a).key] === true)) out[d.id] = false;
      continue;
    }
    let text = flags[flagKey(d)];
    let name = `--${d.flag}`;
    for (const a of d.flagAliases ?? []) {
      if (typeof text === "string") break;
      const { key, name: typed } = aliasKey(a);
      text = flags[key];
      name = typed;
    }
    if (typeof text !== "string") continue;
    const v = parseInput(d, text, name);
    out[d.id] = typeof v === "number" ? userGiven(v, name) : v;
  }
  return out;
}

/**
 * Each input of the table named as its flag (an analysis' `names`, for warnings), or — given the
 * flags — as the user typed it where that was one of its aliases (-E 72 is refused as --expert-parallel).
 */
export function flagNames(table: InputTable, flags?: Readonly<Record<string, unknown>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const d of table.inputs) {
    out[d.id] = `--${d.flag}`;
    if (!flags || typeof flags[flagKey(d)] === "string") continue;
    for (const a of d.flagAliases ?? []) {
      const { key, name } = aliasKey(a);
      if (typeof flags[key] === "string") {
        out[d.id] = name;
        break;
      }
    }
  }
  return out;
}

/** The `inputs` of a command's JSON result: each input of its table with the value used, its unit and origin. */
export function jsonInputs(cmd: Command): ((result: unknown) => unknown) | null {
  const table = inputTableOf(cmd);
  if (!table) return null;
  return (result) => echoInputs(table, readInputs(cmd.opts(), table), result);
}

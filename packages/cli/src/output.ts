/**
 * Output: readable text with derivations (default), --json, --md, --csv. Tables are plain rows of
 * cells; the same rows render as aligned text, Markdown or CSV.
 */
import { parseNumber, quoteValue, renderDerivationMarkdown, renderDerivationText, RooflineError, type Derivation, type Warning } from "@roofline/core";

export type Format = "text" | "json" | "md" | "csv";

export interface FormatFlags {
  json?: boolean;
  md?: boolean;
  csv?: boolean;
  brief?: boolean;
  depth?: string;
  derivations?: string;
}

/** Levels of derived inputs expanded in derivations: checked wherever a command reads its format. */
export function depthOf(f: FormatFlags): number {
  return f.depth === undefined ? 0 : parseNumber(f.depth, "--depth", { what: "levels of derived inputs to expand", integer: true, min: 0, max: 20 });
}

export function formatOf(f: FormatFlags): Format {
  depthOf(f);
  derivationsOf(f);
  if (f.json) return "json";
  if (f.md) return "md";
  if (f.csv) return "csv";
  return "text";
}

export type Cell = string | number;
export interface Table {
  columns: string[];
  rows: Cell[][];
}

function csvCell(c: Cell): string {
  const s = typeof c === "number" ? String(c) : c;
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function renderTable(t: Table, format: Format): string {
  if (format === "csv") return [t.columns, ...t.rows].map((r) => r.map(csvCell).join(",")).join("\n");
  const cells = t.rows.map((r) => r.map((c) => String(c)));
  if (format === "md") {
    const esc = (s: string) => s.replace(/\|/g, "\\|");
    return [`| ${t.columns.map(esc).join(" | ")} |`, `|${t.columns.map(() => "---").join("|")}|`, ...cells.map((r) => `| ${r.map(esc).join(" | ")} |`)].join("\n");
  }
  const widths = t.columns.map((c, i) => Math.max(c.length, ...cells.map((r) => (r[i] ?? "").length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join("  ").trimEnd();
  return [line(t.columns), line(widths.map((w) => "─".repeat(w))), ...cells.map(line)].join("\n");
}

export function renderDerivations(ds: readonly Derivation[], format: "text" | "md", depth: number): string {
  return ds.map((d) => (format === "md" ? renderDerivationMarkdown(d, { depth }) : renderDerivationText(d, { depth }))).join("\n\n");
}

let echo: ((result: unknown) => unknown) | null = null;
let fullDerivations = false;

/**
 * Set by main before each command: how to echo its inputs in JSON (null: it has no input table), and
 * whether derivations keep their whole tree (`--derivations full`) or name their derived inputs.
 */
export function setJsonOptions(o: { inputs: ((result: unknown) => unknown) | null; fullDerivations: boolean }): void {
  echo = o.inputs;
  fullDerivations = o.fullDerivations;
}

/** `--derivations`: checked wherever a command reads its format. */
export function derivationsOf(f: FormatFlags): "summary" | "full" {
  if (f.derivations === undefined) return "summary";
  const v = f.derivations.trim().toLowerCase();
  if (v === "summary" || v === "full") return v;
  throw new RooflineError({ code: "invalid-choice", field: "--derivations", value: quoteValue(f.derivations), expected: "summary or full" });
}

/** A derived input of a derivation, in JSON by default: what it is and its value (its own tree: `--derivations full`, or `roofline explain`). */
function childSummary(c: Derivation) {
  return { name: c.name, formulaId: c.formulaId, title: c.title, value: c.value, unit: c.unit, display: c.display };
}

/**
 * JSON with no NaN or Infinity (they would silently become null): a non-finite number is a bug. A
 * command's result object gets its inputs first (`inputs`: id, value, unit, origin), for every
 * command whose flags come from an input table.
 */
export function toJson(value: unknown): string {
  const withInputs = echo && value !== null && typeof value === "object" && !Array.isArray(value) && !("inputs" in value) ? { inputs: echo(value), ...value } : value;
  return JSON.stringify(
    withInputs,
    function (this: unknown, key: string, v: unknown) {
      if (typeof v === "number" && !Number.isFinite(v)) throw new Error(`internal: non-finite number at "${key}"`);
      // A derivation's derived inputs are named with their values, not repeated as whole trees (a
      // step's expected path would print ~2 MB): every named number has its own entry anyway.
      if (!fullDerivations && key === "children" && Array.isArray(v) && this !== null && typeof this === "object" && typeof (this as { formulaId?: unknown }).formulaId === "string") return (v as Derivation[]).map(childSummary);
      return v;
    },
    2,
  );
}

export function printWarnings(warnings: readonly Warning[]): void {
  for (const w of warnings) process.stderr.write(`warning: ${w.message}\n`);
}

export function out(text: string): void {
  process.stdout.write(text.endsWith("\n") ? text : `${text}\n`);
}

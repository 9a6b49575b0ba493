/**
 * Derivations as text (terminal), Markdown, LaTeX and JSON. The CLI and the web app render the same
 * Derivation objects, so a number and its explanation are the same everywhere.
 */
import { describeOrigin, type SourceRef } from "../sources.ts";
import type { Derivation } from "./derivation.ts";

export type DerivationFormat = "text" | "markdown" | "latex" | "json";

export interface RenderOptions {
  /** How many levels of derived inputs to expand (0 = this number only). Default: all. */
  depth?: number;
}

function sourceLine(s: SourceRef): string {
  const parts = [s.title];
  if (s.locator) parts.push(`[${s.locator}]`);
  if (s.date) parts.push(`(${s.date})`);
  if (s.url) parts.push(`<${s.url}>`);
  return parts.join(" ");
}

export function renderDerivationText(d: Derivation, options: RenderOptions = {}, indent = ""): string {
  const depth = options.depth ?? Infinity;
  const lines: string[] = [];
  lines.push(`${indent}${d.title}: ${d.display}`);
  lines.push(`${indent}  ${d.formula.text}`);
  lines.push(`${indent}  ${d.substituted.text}`);
  lines.push(`${indent}    = ${d.display}`);
  if (d.inputs.length > 0) {
    lines.push(`${indent}  where`);
    for (const i of d.inputs) {
      lines.push(`${indent}    ${i.symbol} = ${i.display}  — ${i.description} (${i.originText})`);
    }
  }
  for (const a of d.assumptions) lines.push(`${indent}  assumes: ${a}`);
  for (const n of d.notes) lines.push(`${indent}  note: ${n}`);
  for (const s of d.sources) lines.push(`${indent}  source: ${sourceLine(s)}`);
  if (depth > 0) {
    for (const c of d.children) {
      lines.push("");
      lines.push(renderDerivationText(c, { depth: depth - 1 }, `${indent}  `));
    }
  }
  return lines.join("\n");
}

function mdEscape(s: string): string {
  return s.replace(/\|/g, "\\|");
}

export function renderDerivationMarkdown(d: Derivation, options: RenderOptions = {}, level = 3): string {
  const depth = options.depth ?? Infinity;
  const h = "#".repeat(Math.min(level, 6));
  const out: string[] = [];
  out.push(`${h} ${d.title} = ${d.display}`);
  out.push("");
  out.push(d.description);
  out.push("");
  out.push("$$" + d.formula.latex + "$$");
  out.push("");
  out.push("$$" + d.substituted.latex + " = \\text{" + d.display.replace(/\$/g, "\\$") + "}$$");
  out.push("");
  if (d.inputs.length > 0) {
    out.push("| symbol | value | meaning | origin |");
    out.push("|---|---|---|---|");
    for (const i of d.inputs) {
      out.push(`| \`${mdEscape(i.symbol)}\` | ${mdEscape(i.display)} | ${mdEscape(i.description)} | ${mdEscape(i.originText)} |`);
    }
    out.push("");
  }
  for (const a of d.assumptions) out.push(`- Assumes: ${a}`);
  for (const n of d.notes) out.push(`- Note: ${n}`);
  for (const s of d.sources) out.push(`- Source: ${s.url ? `[${s.title}](${s.url})` : s.title}${s.locator ? ` [${s.locator}]` : ""}${s.date ? ` (${s.date})` : ""}`);
  if (depth > 0) {
    for (const c of d.children) {
      out.push("");
      out.push(renderDerivationMarkdown(c, { depth: depth - 1 }, level + 1));
    }
  }
  return out.join("\n");
}

function latexText(s: string): string {
  return s.replace(/([#$%&_{}])/g, "\\$1").replace(/~/g, "\\textasciitilde{}").replace(/\^/g, "\\textasciicircum{}");
}

export function renderDerivationLatex(d: Derivation, options: RenderOptions = {}): string {
  const depth = options.depth ?? Infinity;
  const out: string[] = [];
  out.push(`% ${d.title}`);
  out.push("\\begin{align*}");
  out.push(`${d.formula.latex} \\\\`);
  out.push(`&= ${d.substituted.latex.slice(d.substituted.latex.indexOf("=") + 1).trim()} \\\\`);
  out.push(`&= \\text{${latexText(d.display)}}`);
  out.push("\\end{align*}");
  if (d.inputs.length > 0) {
    out.push("\\begin{itemize}");
    for (const i of d.inputs) {
      out.push(`  \\item $${i.latexSymbol}$ = ${latexText(i.display)}: ${latexText(i.description)} (${latexText(describeOrigin(i.origin))})`);
    }
    out.push("\\end{itemize}");
  }
  if (depth > 0) for (const c of d.children) out.push(renderDerivationLatex(c, { depth: depth - 1 }));
  return out.join("\n");
}

export function renderDerivation(d: Derivation, format: DerivationFormat, options: RenderOptions = {}): string {
  switch (format) {
    case "text":
      return renderDerivationText(d, options);
    case "markdown":
      return renderDerivationMarkdown(d, options);
    case "latex":
      return renderDerivationLatex(d, options);
    case "json":
      return JSON.stringify(d, null, 2);
  }
}

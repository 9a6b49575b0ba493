/**
 * An Anki-importable deck: plain text, one note per line, fields separated by tabs, with the file
 * headers Anki reads (#separator, #html, #notetype, #deck, #tags column). Fields are HTML.
 */
import { renderDerivationText } from "../formula/render.ts";
import type { Problem } from "./problem.ts";

export interface AnkiOptions {
  deck?: string;
}

/** Escapes a field for Anki's HTML mode on one line: no tabs, no raw newlines, no stray markup. */
export function ankiField(text: string): string {
  const html = text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/\t/g, " ").replace(/\r?\n/g, "<br>");
  // A field beginning with a quote would be read as a quoted field: quote it and double inner quotes.
  return html.startsWith('"') ? `"${html.replace(/"/g, '""')}"` : html;
}

function front(p: Problem): string {
  const lines = [p.prompt];
  if (p.givens.length) lines.push("", "Given:", ...p.givens.map((g) => `• ${g.label} (${g.symbol}) = ${g.display}`));
  if (p.choices) lines.push("", ...p.choices.map((c, i) => `${String.fromCharCode(97 + i)}) ${c}`));
  return lines.join("\n");
}

function back(p: Problem): string {
  const tol = p.kind === "numeric" ? ` (±${Math.round(p.tolerance * 1000) / 10}%)` : "";
  return [`Answer: ${p.answerDisplay}${tol}`, "", renderDerivationText(p.derivation, { depth: 1 }), ...(p.notes.length ? ["", ...p.notes] : []), "", `Source: ${p.source.title}${p.source.locator ? ` [${p.source.locator}]` : ""}`].join("\n");
}

export function toAnkiDeck(problems: readonly Problem[], o: AnkiOptions = {}): string {
  const header = ["#separator:tab", "#html:true", "#notetype:Basic", `#deck:${(o.deck ?? "roofline practice").replace(/[\t\n]/g, " ")}`, "#tags column:3"];
  const rows = problems.map((p) => [ankiField(front(p)), ankiField(back(p)), `roofline ${p.family} ${p.id.replace(":", "_")}`].join("\t"));
  return `${[...header, ...rows].join("\n")}\n`;
}

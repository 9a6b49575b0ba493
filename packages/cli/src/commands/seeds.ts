import { checkSeedClaims, formatQuantity, renderDerivationText, renderDerivationMarkdown } from "@roofline/core";
import { Command } from "commander";
import { formatOf, out, renderTable, toJson, type FormatFlags } from "../output.ts";

export function seedsCommand(): Command {
  return new Command("seeds")
    .summary("every number of the source documents, derived, beside the quoted figure")
    .description("Reproduces each number the lecture and crib sheet quote from its derivation and shows how far the quote is from its own arithmetic (rounding, slips).")
    .option("--json", "JSON")
    .option("--md", "Markdown")
    .option("--csv", "CSV")
    .option("--brief", "the table only")
    .action((flags: FormatFlags) => {
      const claims = checkSeedClaims();
      const format = formatOf(flags);
      if (format === "json") return out(toJson(claims));
      const pct = (r: number | null) => (r === null ? "quoted only" : `${r >= 0 ? "+" : ""}${(r * 100).toFixed(1)}%`);
      const table = {
        columns: format === "text" ? ["claim", "quoted", "derived", "difference"] : ["claim", "quoted", "derived", "difference", "why"],
        rows: claims.map((c) =>
          format === "csv"
            ? [c.id, c.quotedValue, c.derivedValue ?? "", c.relativeDifference ?? "", c.difference ?? ""]
            : [c.id, formatQuantity(c.quotedValue, c.unit), c.derivedValue === null ? "—" : formatQuantity(c.derivedValue, c.unit), pct(c.relativeDifference), ...(format === "text" ? [] : [c.difference ?? ""])],
        ),
      };
      const parts = [renderTable(table, format)];
      if (format === "text") {
        // The reason beside every number that differs, not only in the derivations below.
        parts.push("", "Why they differ:");
        for (const c of claims) if (c.difference) parts.push(`- ${c.id}: ${c.difference}`);
      }
      if (!flags.brief && format !== "csv") {
        for (const c of claims) {
          parts.push("", `“${c.quote}”`);
          if (c.derivation) parts.push(format === "md" ? renderDerivationMarkdown(c.derivation, { depth: 0 }) : renderDerivationText(c.derivation, { depth: 0 }));
          else parts.push(`${c.id}: quoted ${formatQuantity(c.quotedValue, c.unit)}, not derived. ${c.difference ?? ""}`);
        }
      }
      out(parts.join("\n"));
    });
}

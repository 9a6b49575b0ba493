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
      const table = {
        columns: ["claim", "quoted", "derived", "difference"],
        rows: claims.map((c) =>
          format === "csv"
            ? [c.id, c.quotedValue, c.derivedValue, c.relativeDifference]
            : [c.id, formatQuantity(c.quotedValue, c.unit), formatQuantity(c.derivedValue, c.unit), `${c.relativeDifference >= 0 ? "+" : ""}${(c.relativeDifference * 100).toFixed(1)}%`],
        ),
      };
      const parts = [renderTable(table, format)];
      if (!flags.brief && format !== "csv") {
        for (const c of claims) parts.push("", `“${c.quote}”`, format === "md" ? renderDerivationMarkdown(c.derivation, { depth: 0 }) : renderDerivationText(c.derivation, { depth: 0 }));
      }
      out(parts.join("\n"));
    });
}

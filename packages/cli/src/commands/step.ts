import { analyzeStepEnergy, formatQuantity, type EnergyResult, formatSignificant, type Derivation, type StepResult } from "@roofline/core";
import { Command } from "commander";
import { addFormatFlags, headline } from "./common.ts";
import { addRooflineFlags, rooflineOptions, type RawFlags } from "../options.ts";
import { depthOf, formatOf, out, printWarnings, renderDerivations, renderTable, toJson, type FormatFlags, type Table } from "../output.ts";

/** The step's headline numbers, in the order a reader wants them. */
export const STEP_HEADLINES = ["computeSeconds", "weightReadSeconds", "kvReadSeconds", "stepSeconds", "tokensPerSecond", "tokensPerSecondPerSequence", "usdPerMillionTokens", "mfu", "mbu", "footprintBytes", "maxBatch"] as const;

export function stepTable(r: StepResult, energy: EnergyResult | null = null): Table {
  const rows: (string | number)[][] = [];
  for (const name of STEP_HEADLINES) {
    const d = r.derivations[name];
    if (!d) continue;
    let display = d.display;
    if (name === "stepSeconds") display += ` (${r.bound}-bound)`;
    if (name === "mfu" || name === "mbu") display = `${formatSignificant(d.value * 100, 3)}%`;
    if (name === "footprintBytes") display += ` of ${formatQuantity(r.memory.capacityBytes, "B")} (${r.memory.fits ? "fits" : "does not fit"})`;
    rows.push([d.title, display, d.value, d.unit]);
  }
  if (r.usdPerMillionTokens === null) rows.push(["Cost per million tokens", "unknown (no price in the catalog: pass --usd-per-hour)", "", "USD/Mtoken"]);
  if (energy) {
    for (const d of [energy.derivations.joulesPerToken, energy.derivations.tokensPerSecondPerMegawatt]) rows.push([d.title, `${d.display} (chips at TDP)`, d.value, d.unit]);
  } else rows.push(["Energy per token", "unknown (no TDP in the catalog for this chip)", "", "J/token"]);
  return { columns: ["quantity", "value", "raw", "unit"], rows };
}

export function stepCommand(): Command {
  const cmd = new Command("step")
    .summary("the roofline of one forward pass (a decode step or a prefill pass)")
    .description(
      "The roofline of one forward pass of a batch on N chips of one scale-up domain: compute time, weight-read time, KV-read time, step time = max(compute, weights + KV), throughput, cost, MFU/MBU and memory footprint — each with its derivation.",
    );
  addRooflineFlags(cmd);
  addFormatFlags(cmd);
  cmd.action((flags: RawFlags & FormatFlags) => {
    const { step: r, energy } = analyzeStepEnergy(rooflineOptions(flags));
    printWarnings(r.warnings);
    const format = formatOf(flags);
    if (format === "json") return out(toJson({ ...r, energy }));
    const table = stepTable(r, energy);
    if (format === "csv") return out(renderTable({ columns: ["name", "value", "unit"], rows: STEP_HEADLINES.filter((n) => r.derivations[n]).map((n) => [n, (r.derivations[n] as Derivation).value, (r.derivations[n] as Derivation).unit]) }, "csv"));
    const text = [headline(r), "", renderTable({ columns: ["quantity", "value"], rows: table.rows.map((row) => [row[0] as string, row[1] as string]) }, format)];
    if (!flags.brief) {
      const ds = STEP_HEADLINES.map((n) => r.derivations[n]).filter((d): d is Derivation => d !== undefined);
      if (energy) ds.push(energy.derivations.joulesPerToken, energy.derivations.tokensPerSecondPerMegawatt);
      text.push("", format === "md" ? "## Derivations" : "Derivations", "", renderDerivations(ds, format === "md" ? "md" : "text", depthOf(flags)));
    }
    out(text.join("\n"));
  });
  return cmd;
}

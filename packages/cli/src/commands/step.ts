import { efficiencyAccuracy, energyOfStep, formatQuantity, prepareStep, STEP_LAYOUT_INPUTS, stepFromSetup, type EnergyResult, formatSignificant, type Derivation, type StepResult } from "@roofline/core";
import { Command } from "commander";
import { addFormatFlags, headline } from "./common.ts";
import { addRooflineFlags, rooflineOptions, type RawFlags } from "../options.ts";
import { depthOf, formatOf, out, printWarnings, renderDerivations, renderTable, toJson, type FormatFlags, type Table } from "../output.ts";

/** The step's headline numbers, in the order a reader wants them. */
export const STEP_HEADLINES = ["computeSeconds", "weightReadSeconds", "kvReadSeconds", "stepSeconds", "tokensPerSecond", "tokensPerSecondPerSequence", "usdPerMillionTokens", "mfu", "mbu", "footprintBytes", "maxBatch"] as const;

/** Ideal numbers that have an expected twin, shown side by side. */
export const EXPECTED_TWINS: Readonly<Record<string, string>> = {
  stepSeconds: "expectedStepSeconds",
  tokensPerSecond: "expectedTokensPerSecond",
  tokensPerSecondPerSequence: "expectedTokensPerSecondPerSequence",
  usdPerMillionTokens: "expectedUsdPerMillionTokens",
};
/** The expected step's parts, after the headlines: they add up to the expected step time (host time included). */
export const EXPECTED_PARTS = ["expDenseSeconds", "expExpertSeconds", "expAttentionSeconds", "expFixedSeconds", "expCommSeconds", "expHostSeconds"] as const;

/** Rows: quantity, ideal (bound), expected (blank where only the ideal exists), raw value, unit. */
export function stepTable(r: StepResult, energy: EnergyResult | null = null, expectedEnergy: EnergyResult | null = null): Table {
  const rows: (string | number)[][] = [];
  for (const name of STEP_HEADLINES) {
    const d = r.derivations[name];
    if (!d) continue;
    let display = d.display;
    if (name === "stepSeconds") display += ` (${r.bound}-bound)`;
    if (name === "mfu" || name === "mbu") display = `${formatSignificant(d.value * 100, 3)}%`;
    if (name === "footprintBytes") display += ` of ${formatQuantity(r.memory.capacityBytes, "B")} (${r.memory.fits ? "fits" : "does not fit"})`;
    const twin = EXPECTED_TWINS[name] ? r.derivations[EXPECTED_TWINS[name] as string] : undefined;
    rows.push([d.title, display, twin ? twin.display : "", d.value, d.unit]);
  }
  if (r.usdPerMillionTokens === null) rows.push(["Cost per million tokens", "unknown (no price in the catalog: pass --usd-per-hour)", "unknown", "", "USD/Mtoken"]);
  if (energy) {
    for (const k of ["joulesPerToken", "tokensPerSecondPerMegawatt"] as const) {
      const d = energy.derivations[k];
      const e = expectedEnergy?.derivations[k];
      rows.push([d.title, `${d.display} (chips at TDP)`, e ? `${e.display} (chips at TDP)` : "", d.value, d.unit]);
    }
  } else rows.push(["Energy per token", "unknown (no TDP in the catalog for this chip)", "", "", "J/token"]);
  for (const name of EXPECTED_PARTS) {
    const d = r.derivations[name];
    if (d) rows.push([`  expected: ${d.title.replace(/ \(expected\)$/, "")}`, "", d.display, d.value, d.unit]);
  }
  return { columns: ["quantity", "ideal (bound)", "expected", "raw", "unit"], rows };
}

const EFFICIENCY_ACCURACY = efficiencyAccuracy();


export function stepCommand(): Command {
  const cmd = new Command("step")
    .summary("the roofline of one forward pass (a decode step or a prefill pass), ideal and expected")
    .description(
      "The roofline of one forward pass of a batch on N chips of one scale-up domain: compute time, weight-read time, KV-read time, step time = max(compute, weights + KV), throughput, cost, MFU/MBU and memory footprint — each with its derivation — and beside them the expected step (matmul shape efficiency, achieved HBM bandwidth, fixed time per layer, tensor-parallel all-reduces, the busiest MoE chip), fitted on public measurements (roofline validate).",
    );
  addRooflineFlags(cmd, { table: STEP_LAYOUT_INPUTS });
  addFormatFlags(cmd);
  cmd.action((flags: RawFlags & FormatFlags) => {
    const o = rooflineOptions(flags, STEP_LAYOUT_INPUTS);
    // Energy at the ideal and at the expected throughput (the same chips at TDP, for the longer expected step).
    const setup = prepareStep(o);
    const r = stepFromSetup(setup);
    const energy = energyOfStep(r, setup, "ideal");
    const expectedEnergy = energyOfStep(r, setup, "expected");
    printWarnings(r.warnings);
    const format = formatOf(flags);
    if (format === "json") return out(toJson({ ...r, energy, expectedEnergy }));
    const table = stepTable(r, energy, expectedEnergy);
    const csvNames = [...STEP_HEADLINES, ...Object.values(EXPECTED_TWINS), ...EXPECTED_PARTS];
    if (format === "csv") return out(renderTable({ columns: ["name", "value", "unit"], rows: csvNames.filter((n) => r.derivations[n]).map((n) => [n, (r.derivations[n] as Derivation).value, (r.derivations[n] as Derivation).unit]) }, "csv"));
    const ranks = setup.params["expAttentionRanks"]?.value ?? 1;
    const text = [
      headline(r),
      ...(ranks > 1 ? [`layout: attention data-parallel over ${ranks} ranks of ${r.chips / ranks} chip(s), each with its own sequences and its own copy of the weights outside the routed experts; the experts over ${setup.params["expExpertParallel"]?.value ?? r.chips} chips, fed by all-gather + reduce-scatter`] : []),
      `expected = ${formatSignificant(r.expectedOverIdeal, 3)}× the ideal step (efficiency model: ${EFFICIENCY_ACCURACY}); the ideal is a bound`,
      "",
      renderTable({ columns: ["quantity", "ideal (bound)", "expected"], rows: table.rows.map((row) => [row[0] as string, row[1] as string, row[2] as string]) }, format),
    ];
    if (!flags.brief) {
      const ds = [...STEP_HEADLINES, "expectedStepSeconds"].map((n) => r.derivations[n]).filter((d): d is Derivation => d !== undefined);
      if (energy) ds.push(energy.derivations.joulesPerToken, energy.derivations.tokensPerSecondPerMegawatt);
      text.push("", format === "md" ? "## Derivations" : "Derivations", "", renderDerivations(ds, format === "md" ? "md" : "text", depthOf(flags)));
    }
    out(text.join("\n"));
  });
  return cmd;
}

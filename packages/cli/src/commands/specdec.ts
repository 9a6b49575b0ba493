/**
 * `roofline specdec`: speculative decoding / multi-token prediction for LLM decode — the speedup
 * from draft length, acceptance and draft cost, how it shrinks with concurrency on the roofline, the
 * acceptance rate the crib sheet's EAGLE figures imply, and the unbatched decode ceilings.
 */
import {
  analyzeSpecDec,
  formatQuantity,
  formatSignificant,
  findHardware,
  getHardware,
  hardwareFromJson,
  parseNumber,
  quoteValue,
  RooflineError,
  SPECDEC_INPUTS,
  type Derivation,
  type MeasuredSpeedup,
  type SpecDecOptions,
  type SpecDecResult,
} from "@roofline/core";
import { Command } from "commander";
import { addFormatFlags } from "./common.ts";
import { resolveHardware, resolveIdOrFile, resolveModel } from "../options.ts";
import { addInputFlags, flagNames, readInputs } from "../inputs.ts";
import { depthOf, formatOf, out, printWarnings, renderDerivations, renderTable, toJson, type Format, type FormatFlags, type Table } from "../output.ts";

interface SpecDecFlags extends FormatFlags {
  model?: string;
  hardware?: string;
  compareHardware?: string;
  chips?: string;
  context?: string;
  concurrency?: string;
  draftTokens?: string;
  acceptance?: string;
  draftCost?: string;
  weights?: string;
  kv?: string;
  compute?: string;
  computeEfficiency?: string;
  bandwidthEfficiency?: string;
  measured?: string;
}

const HEADLINES = [
  "targetStepSeconds",
  "verifyStepSeconds",
  "expectedTokensPerIteration",
  "draftSeconds",
  "iterationSeconds",
  "speedup",
  "expectedTargetStepSeconds",
  "expectedVerifyStepSeconds",
  "expectedIterationSeconds",
  "expectedSpeedup",
  "fittedAcceptanceRate",
  "crossoverConcurrency",
  "expectedCrossoverConcurrency",
  "unbatchedTokensPerSecond",
  "compareUnbatchedTokensPerSecond",
  "decodeCeilingRatio",
] as const;

/** "1:2.0,4:1.7,16:1.66" → measured speedups. */
export function parseMeasured(text: string): MeasuredSpeedup[] {
  const parts = text.split(",").map((s) => s.trim()).filter(Boolean);
  if (parts.length === 0) throw new RooflineError({ code: "invalid-number", field: "--measured", value: quoteValue(text), expected: "concurrency:speedup pairs, e.g. 1:2.0,4:1.7,16:1.66" });
  return parts.map((p) => {
    const [b, s, extra] = p.split(":");
    if (b === undefined || s === undefined || extra !== undefined) {
      throw new RooflineError({ code: "invalid-number", field: "--measured", value: quoteValue(p), expected: "concurrency:speedup, e.g. 4:1.7" });
    }
    return {
      concurrency: parseNumber(b, "--measured concurrency", { what: "concurrent sequences", integer: true, min: 1, max: 1e7 }),
      speedup: parseNumber(s, "--measured speedup", { what: "measured speedup", above: 0, max: 1e3 }),
      source: { title: "given: --measured", locator: p },
    };
  });
}

/** The options from the flags (declared once in SPECDEC_INPUTS); --measured is the command's own. */
function options(f: SpecDecFlags): SpecDecOptions {
  const given = readInputs(f as Record<string, unknown>, SPECDEC_INPUTS);
  const { model, hardware, compareHardware, ...rest } = given;
  const o = { ...rest, names: { ...flagNames(SPECDEC_INPUTS), measured: "--measured" } } as SpecDecOptions;
  if (model !== undefined) o.model = resolveModel(model as string);
  o.hardware = resolveHardware((hardware as string | undefined) ?? (SPECDEC_INPUTS.get("hardware").default as string));
  o.compareHardware = resolveIdOrFile((compareHardware as string | undefined) ?? (SPECDEC_INPUTS.get("compareHardware").default as string), "--compare-hardware", { find: findHardware, get: getHardware }, hardwareFromJson, "hardware");
  if (f.measured !== undefined) o.measured = parseMeasured(f.measured);
  return o;
}

function display(name: string, d: Derivation): string {
  if (name === "speedup" || name === "expectedSpeedup" || name === "decodeCeilingRatio") return `${formatSignificant(d.value, 3)}×`;
  if (name === "fittedAcceptanceRate") return formatSignificant(d.value, 3);
  if (name === "crossoverConcurrency" || name === "expectedCrossoverConcurrency") return `${formatSignificant(d.value, 4)} sequences`;
  return d.display;
}

function summary(r: SpecDecResult, format: Format): Table {
  const rows = HEADLINES.flatMap((n) => {
    const d = r.derivations[n];
    if (!d) return [];
    return [format === "csv" ? [n, d.value, d.unit] : [d.title, display(n, d)]];
  });
  if (format !== "csv") {
    rows.push([`Acceptance rate used${r.acceptanceFromFit ? " (the fit)" : ""}`, formatSignificant(r.acceptanceRate, 3)]);
    rows.push(["Bound: speedup never above k + 1", `${r.speedupBound}×`]);
  }
  return format === "csv" ? { columns: ["name", "value", "unit"], rows } : { columns: ["quantity", "value"], rows };
}

function fitTable(r: SpecDecResult): Table {
  return {
    columns: ["concurrency", "measured", "implied α (this point)", `modelled at α = ${formatSignificant(r.fit?.acceptanceRate ?? 0, 3)}`, "residual"],
    rows: (r.fit?.points ?? []).map((p) => [p.concurrency, `${formatSignificant(p.measured, 3)}×`, p.impliedAcceptanceRate === null ? "out of reach" : formatSignificant(p.impliedAcceptanceRate, 3), `${formatSignificant(p.fitted, 3)}×`, formatSignificant(p.residual, 2)]),
  };
}

function curveTable(r: SpecDecResult, format: Format): Table {
  if (format === "csv") {
    return {
      columns: ["concurrency", "targetStepSeconds", "verifyStepSeconds", "verifyBound", "speedup", "baselineTokensPerSecondPerSequence", "speculativeTokensPerSecondPerSequence", "fits", "expectedTargetStepSeconds", "expectedVerifyStepSeconds", "expectedSpeedup", "expectedSpeculativeTokensPerSecondPerSequence"],
      rows: r.curve.map((p) => [p.concurrency, p.targetStepSeconds, p.verifyStepSeconds, p.verifyBound, p.speedup, p.baselineTokensPerSecondPerSequence, p.speculativeTokensPerSecondPerSequence, p.fits ? "yes" : "no", p.expectedTargetStepSeconds, p.expectedVerifyStepSeconds, p.expectedSpeedup, p.expectedSpeculativeTokensPerSecondPerSequence]),
    };
  }
  return {
    columns: ["concurrency", "decode step", `verify (${r.draftTokens + 1} tok/seq)`, "verify bound", "speedup", "tok/s/seq", "with speculation", "fits in HBM", "decode step (exp.)", "speedup (exp.)", "with speculation (exp.)"],
    rows: r.curve.map((p) => [
      p.concurrency,
      formatQuantity(p.targetStepSeconds, "s"),
      formatQuantity(p.verifyStepSeconds, "s"),
      p.verifyBound,
      `${formatSignificant(p.speedup, 3)}×`,
      formatSignificant(p.baselineTokensPerSecondPerSequence, 3),
      formatSignificant(p.speculativeTokensPerSecondPerSequence, 3),
      p.fits ? "yes" : "no",
      formatQuantity(p.expectedTargetStepSeconds, "s"),
      `${formatSignificant(p.expectedSpeedup, 3)}×`,
      formatSignificant(p.expectedSpeculativeTokensPerSecondPerSequence, 3),
    ]),
  };
}

export function specdecCommand(): Command {
  const cmd = new Command("specdec")
    .summary("speculative decoding / MTP: speedup vs draft length, acceptance and concurrency; the EAGLE fit; decode ceilings")
    .description(
      "Speculative decoding and multi-token prediction for LLM decode on the roofline: the speedup E(α, k) · t_decode ÷ (k · c · t_decode + t_verify), where the decode step (batch B, one token per sequence) and the verify pass (batch B, k + 1 tokens per sequence) are two rooflines of the same model and system — so the speedup shrinks exactly when verification stops being free (decode turns compute-bound). Fits the crib sheet's EAGLE 3.1 figures (2.0× / 1.7× / 1.66× at concurrency 1 / 4 / 16) for the acceptance rate they imply, finds the concurrency where speculation stops paying, and prints the unbatched decode ceilings (48 tok/s for 70 GB of FP8 on an H100; a B200 ≈ 2.4×).",
    )
    .option("--measured <pairs>", "measured speedups to fit, concurrency:speedup pairs (default: the crib sheet's EAGLE 1:2.0,4:1.7,16:1.66)");
  addInputFlags(cmd, SPECDEC_INPUTS);
  addFormatFlags(cmd);
  cmd.action((flags: SpecDecFlags) => {
    const r = analyzeSpecDec(options(flags));
    printWarnings(r.warnings);
    const format = formatOf(flags);
    if (format === "json") return out(toJson(r));
    if (format === "csv") return out([renderTable(summary(r, "csv"), "csv"), "", renderTable(curveTable(r, "csv"), "csv")].join("\n"));
    const md = format === "md";
    const h = (s: string) => (md ? `## ${s}` : `${s}\n${"=".repeat(s.length)}`);
    const parts = [
      `${r.model.name} on ${r.chips} × ${r.hardware.name}: k = ${r.draftTokens} drafted tokens, draft cost c = ${formatSignificant(r.draftCostRatio, 3)}, context ${formatSignificant(r.contextTokens, 6)}, concurrency ${r.concurrency}`,
      "",
      renderTable(summary(r, format), format),
    ];
    if (r.fit) {
      parts.push("", h(flags.measured === undefined ? "Fit to the crib sheet's EAGLE 3.1 speedups" : "Fit to the measured speedups"), "", renderTable(fitTable(r), format));
      parts.push("", `Least-squares acceptance rate: ${formatSignificant(r.fit.acceptanceRate, 3)} (RMS residual ${formatSignificant(r.fit.rmse, 2)}).`);
    }
    for (const n of r.notes) parts.push("", n);
    parts.push("", `Ideal: the roofline's step times (a bound). (exp.): the same acceptance rate and draft cost over the efficiency model's target step and verify pass, not a bound (${r.expected.accuracy}); the acceptance fit uses the ideal steps.`);
    parts.push("", h("Speedup vs concurrency"), "", renderTable(curveTable(r, format), format));
    if (!flags.brief) {
      const ds = HEADLINES.map((n) => r.derivations[n]).filter((d): d is Derivation => d !== undefined);
      parts.push("", h("Derivations"), "", renderDerivations(ds, md ? "md" : "text", depthOf(flags)));
    }
    out(parts.join("\n"));
  });
  return cmd;
}

import {
  analyzeBatch,
  analyzeContext,
  analyzeKvTiers,
  analyzeLayout,
  analyzeModes,
  analyzePrefill,
  analyzeSpecDec,
  analyzeStep,
  analyzeTraining,
  analyzeWorldModel,
  getPriceSheet,
  invertPrices,
  isRooflineError,
  nearestIds,
  renderDerivation,
  RooflineError,
  type Derivation,
  type DerivationFormat,
  type RooflineOptions,
} from "@roofline/core";
import { Command } from "commander";
import { addRooflineFlags, rooflineOptions, type RawFlags } from "../options.ts";
import { out, printWarnings } from "../output.ts";

type Source = { analysis: string; run: (o: RooflineOptions) => { derivations: Record<string, Derivation>; warnings: { code: string; message: string }[] } };

/**
 * Where each nameable number comes from, tried in order. The roofline analyses take the model,
 * system and run flags; the others run on the same model and system with their own defaults (their
 * commands take the full set of options).
 */
const SOURCES: Source[] = [
  { analysis: "step", run: (o) => analyzeStep(o) },
  { analysis: "batch", run: (o) => analyzeBatch(o) },
  { analysis: "context", run: (o) => analyzeContext({ ...o, batch: o.batch ?? 64 }) },
  { analysis: "prefill", run: (o) => analyzePrefill(o) },
  { analysis: "layout", run: ({ chips: _c, batch: _b, names: _n, ...o }) => analyzeLayout(o) },
  { analysis: "modes", run: (o) => analyzeModes(o) },
  { analysis: "kv-tiers", run: (o) => analyzeKvTiers({ model: o.model, hardware: o.hardware }) },
  { analysis: "prices", run: () => invertPrices({ sheet: getPriceSheet("google-gemini-3.1-pro-preview") }) },
  { analysis: "train", run: () => analyzeTraining() },
  { analysis: "specdec", run: () => analyzeSpecDec() },
  { analysis: "worldmodel", run: () => analyzeWorldModel() },
];

/** An analysis that cannot run for these inputs (a layout that does not fit, say) has nothing to explain. */
function tryRun(s: Source, o: RooflineOptions): ReturnType<Source["run"]> | null {
  try {
    return s.run(o);
  } catch (e) {
    if (isRooflineError(e)) return null;
    throw e;
  }
}

/** Every name `explain` knows, by analysis. */
export function explainableNames(o: RooflineOptions): Record<string, string[]> {
  const names: Record<string, string[]> = {};
  for (const s of SOURCES) names[s.analysis] = Object.keys(tryRun(s, o)?.derivations ?? {});
  return names;
}

export function explainCommand(): Command {
  const cmd = new Command("explain")
    .summary("the derivation of any named number (formula, inputs with units and origins, arithmetic, sources)")
    .description("Prints the derivation of one named number — e.g. stepSeconds, optimalBatch, hbmDrainSeconds, crossoverContextTokens, decodeToPrefillRatio — for the given model, system and run. `roofline explain --list` lists the names.")
    .argument("[name]", "the number to explain")
    .option("--list", "list the names that can be explained")
    .option("--format <format>", "text, markdown, latex or json (default: text)")
    .option("--depth <n>", "levels of derived inputs to expand (default: all)");
  addRooflineFlags(cmd);
  cmd.action((name: string | undefined, flags: RawFlags & { list?: boolean; format?: string; depth?: string }) => {
    const o = rooflineOptions(flags);
    if (flags.list || !name) {
      const names = explainableNames(o);
      out(Object.entries(names).map(([a, ns]) => `${a}:\n  ${ns.join("\n  ")}`).join("\n"));
      return;
    }
    const format = (flags.format ?? "text").toLowerCase();
    const formats: DerivationFormat[] = ["text", "markdown", "latex", "json"];
    if (!formats.includes(format as DerivationFormat)) {
      throw new RooflineError({ code: "invalid-choice", field: "--format", value: format, expected: formats.join(", ") });
    }
    const all: string[] = [];
    for (const s of SOURCES) {
      const r = s === SOURCES[0] ? s.run(o) : tryRun(s, o);
      if (!r) continue;
      const d = r.derivations[name];
      if (d) {
        printWarnings(r.warnings);
        const depth = flags.depth === undefined ? undefined : Number(flags.depth);
        out(renderDerivation(d, format as DerivationFormat, depth === undefined || Number.isNaN(depth) ? {} : { depth }));
        return;
      }
      all.push(...Object.keys(r.derivations));
    }
    throw new RooflineError({ code: "unknown-id", field: "name", value: name, expected: "a number an analysis computes", hint: `Nearest: ${nearestIds(name, all).join(", ")}. List them with \`roofline explain --list\`.` });
  });
  return cmd;
}

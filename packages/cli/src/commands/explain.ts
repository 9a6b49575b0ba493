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
  parseNumber,
  quoteValue,
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

interface Hit {
  analysis: string;
  derivation: Derivation;
  warnings: { code: string; message: string }[];
  /** Qualified names of other analyses' numbers with this name and a different value. */
  alsoIn?: string[];
}

/** The analyses of the model and system flags themselves: a bare shared name means theirs. */
const ROOFLINE_ANALYSES = new Set(["step", "batch", "context", "prefill"]);

/**
 * Finds a named number. `analysis.number` (e.g. `prices.impliedKvBytesPerToken`) looks in that
 * analysis only; a bare name is looked up in every analysis, exactly first and then ignoring case. A
 * bare name that analyses use for different values is refused with the qualified names to choose
 * from, unless one of them is a roofline analysis of the given model and system.
 */
export function findExplainable(query: string, o: RooflineOptions): Hit {
  const dot = query.indexOf(".");
  const scope = dot > 0 ? SOURCES.find((s) => s.analysis.toLowerCase() === query.slice(0, dot).toLowerCase()) : undefined;
  const name = scope ? query.slice(dot + 1) : query;
  const sources = scope ? [scope] : SOURCES;
  const known: string[] = [];
  const exact: Hit[] = [];
  const folded: Hit[] = [];
  for (const s of sources) {
    const r = s === SOURCES[0] || scope ? s.run(o) : tryRun(s, o);
    if (!r) continue;
    for (const [key, d] of Object.entries(r.derivations)) {
      known.push(key, `${s.analysis}.${key}`);
      if (key === name) exact.push({ analysis: s.analysis, derivation: d, warnings: r.warnings });
      else if (key.toLowerCase() === name.toLowerCase()) folded.push({ analysis: s.analysis, derivation: d, warnings: r.warnings });
    }
  }
  const hits = exact.length ? exact : folded;
  const first = hits[0];
  if (!first) {
    throw new RooflineError({
      code: "unknown-id",
      field: "name",
      value: query,
      expected: scope ? `a number the ${scope.analysis} analysis computes` : "a number an analysis computes",
      hint: `Nearest: ${nearestIds(query, known).join(", ")}. List them with \`roofline explain --list\`.`,
    });
  }
  // Several analyses may use one name. Where they agree on the value it is one number; where they
  // differ, the roofline analyses of this model and system (step, batch, context, prefill) come first and
  // the others are named; otherwise the name must be qualified.
  const others = hits.filter((h) => h.derivation.value !== first.derivation.value);
  if (others.length === 0) return { ...first, alsoIn: [] };
  const primary = ROOFLINE_ANALYSES.has(first.analysis);
  if (!primary) {
    throw new RooflineError({
      code: "invalid-choice",
      field: "name",
      value: query,
      expected: "one analysis's number: this name means different numbers in different analyses",
      hint: `Name one of ${hits.map((h) => `${h.analysis}.${h.derivation.name}`).join(", ")}.`,
    });
  }
  return { ...first, alsoIn: others.map((h) => `${h.analysis}.${h.derivation.name}`) };
}

export function explainCommand(): Command {
  const cmd = new Command("explain")
    .summary("the derivation of any named number (formula, inputs with units and origins, arithmetic, sources)")
    .description(
      "Prints the derivation of one named number — e.g. stepSeconds, optimalBatch, hbmDrainSeconds, crossoverContextTokens, decodeToPrefillRatio — for the given model, system and run. Qualify a name with its analysis (prices.impliedKvBytesPerToken, batch.optimalBatch) to pick that analysis's number. `roofline explain --list` lists the names.",
    )
    .argument("[name]", "the number to explain: name or analysis.name (case-insensitive)")
    .option("--list", "list the names that can be explained")
    .option("--format <format>", "text, markdown, latex or json (default: text)")
    .option("--depth <n>", "levels of derived inputs to expand, 0–100 (default: all)");
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
      throw new RooflineError({ code: "invalid-choice", field: "--format", value: quoteValue(flags.format ?? ""), expected: formats.join(", ") });
    }
    const depth = flags.depth === undefined ? undefined : parseNumber(flags.depth, "--depth", { what: "levels", integer: true, min: 0, max: 100 });
    const hit = findExplainable(name, o);
    printWarnings(hit.warnings);
    if (hit.alsoIn?.length) process.stderr.write(`note: this is ${hit.analysis}.${hit.derivation.name}; also named so: ${hit.alsoIn.join(", ")}\n`);
    out(renderDerivation(hit.derivation, format as DerivationFormat, depth === undefined ? {} : { depth }));
  });
  return cmd;
}

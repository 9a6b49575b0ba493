/**
 * Cost per token against context length at a fixed batch: flat while compute-bound, rising once KV
 * fetches dominate. The crossover where KV-fetch time equals compute time; dense vs the model's own
 * attention (sliding windows, top-k sparse) vs the lecture's square-root sparse attention; and the
 * lecture's inversion: the KV bytes per token that would put the crossover at a given context.
 */
import type { Derivation } from "../formula/derivation.ts";
import { withNotes } from "../formula/derivation.ts";
import { constant, derived, type Quantity } from "../formula/formula.ts";
import { formatSignificant } from "../format.ts";
import { lectureAt } from "../sources.ts";
import { LIMITS } from "../validate.ts";
import { denseCrossoverContext, kvBytesPerTokenAtBalance } from "./formulas.ts";
import { bisectLog, curve, logGrid, solvedDerivation, type CurvePoint } from "./sweep.ts";
import { CONTEXT_INPUTS } from "../inputs/roofline.ts";
import { prepareRoofline, type AttentionMode, type RooflineOptions, type RooflineSetup, type StepResult } from "./step.ts";

export interface ContextOptions extends RooflineOptions {
  /** Context lengths to tabulate; default log-spaced from 1K to the model's maximum context (1M when it states none). */
  contexts?: readonly number[];
}

export interface ContextSeries {
  attention: AttentionMode;
  label: string;
  points: CurvePoint[];
  crossoverContextTokens: number | null;
}

export interface ContextResult {
  batch: number;
  /** The model's own attention, then dense and √ comparisons where they differ. */
  series: ContextSeries[];
  crossoverContextTokens: number | null;
  /** Dense closed form of the crossover, when the model's attention is dense. */
  closedFormCrossoverTokens: number | null;
  /** The lecture's inversion at the analysed context: KV bytes per token that balance KV time and compute. */
  kvBytesPerTokenAtBalance: number;
  kvBytesPerToken: number;
  /** The model's maximum context (where the default sweep stops), or null when the model states none. */
  maxContextTokens: number | null;
  derivations: Record<string, Derivation>;
  warnings: StepResult["warnings"];
}

function seriesLabel(mode: AttentionMode, setup: RooflineSetup): string {
  const a = setup.model.attention;
  if (mode === "dense") return "dense attention";
  if (mode === "sqrt") return "√ sparse attention (lecture)";
  if (a.sparseTopK !== null) return `top-${a.sparseTopK} sparse attention (DSA)`;
  if (a.windowedLayers > 0) return `${a.fullLayers} full + ${a.windowedLayers} ${a.windowKind ?? "windowed"}(${a.windowTokens}) layers`;
  return "dense attention";
}

export function solveCrossoverContext(setup: RooflineSetup): number | null {
  const k = setup.kernel(["contextTokens"], ["computeSeconds", "kvReadSeconds"]);
  const out = new Float64Array(2);
  const g = (l: number) => {
    k(l, out);
    return (out[1] as number) - (out[0] as number);
  };
  if (g(1) >= 0) return 1;
  return bisectLog(g, 1, LIMITS.maxContextTokens);
}

export function analyzeContext(options: ContextOptions): ContextResult {
  const native = prepareRoofline(options, CONTEXT_INPUTS);
  const a = native.model.attention;
  const nativeIsDense = a.sparseTopK === null && a.windowedLayers === 0;
  const modes: AttentionMode[] = native.attention === "native" ? (nativeIsDense ? ["native", "sqrt"] : ["native", "dense", "sqrt"]) : [native.attention];
  // The sweep stops at the model's maximum context: beyond it the model was not trained, and "fits" would mislead.
  const modelMax = native.model.maxContextTokens;
  const maxCtx = modelMax ?? 1_048_576;
  const xs = options.contexts ?? logGrid(Math.min(1024, maxCtx), maxCtx, 10);
  const series: ContextSeries[] = modes.map((mode) => {
    const setup = mode === native.attention ? native : prepareRoofline({ ...options, attention: mode }, CONTEXT_INPUTS);
    return { attention: mode, label: seriesLabel(mode, setup), points: curve(setup, "contextTokens", xs), crossoverContextTokens: a.napkinKvBytesPerToken !== null && a.napkinKvBytesPerToken === 0 ? null : solveCrossoverContext(setup) };
  });
  const base = native.graph.explain(native.params);
  const derivations: Record<string, Derivation> = {};
  const crossover = series[0]?.crossoverContextTokens ?? null;
  if (crossover !== null) {
    const d = native.graph.explain({ ...native.params, contextTokens: constant(crossover, "the crossover context") });
    derivations["crossoverContextTokens"] = solvedDerivation({
      formulaId: "context.crossoverContextTokens",
      name: "crossoverContextTokens",
      title: "Crossover context",
      description: "The context at which KV-fetch time equals compute time at this batch: below it the step is compute-bound in its KV term, above it cost per token rises with context.",
      symbol: "L*",
      unit: "token",
      equation: { text: "L* solves t_KV(L) = t_compute(L)", latex: "L^{*}: t_{KV}(L) = t_{\\text{compute}}(L)" },
      value: crossover,
      sides: [
        { label: "KV-read time", derivation: d["kvReadSeconds"] as Derivation },
        { label: "compute time", derivation: d["computeSeconds"] as Derivation },
      ],
      sources: [lectureAt("1:34:30", "you take the maximum and you see there is this inflection point")],
    });
  }

  let closedForm: number | null = null;
  if (nativeIsDense && native.attention !== "sqrt" && a.napkinKvBytesPerToken === null) {
    const q = (name: string): Quantity => native.params[name] as Quantity;
    const d = denseCrossoverContext.explain({
      weightFlop: derived(base["weightFlopPerToken"] as Derivation),
      peakFlopsPerSecond: q("peakFlopsPerSecond"),
      computeEfficiency: q("computeEfficiency"),
      kvBytesPerToken: derived(base["kvBytesPerToken"] as Derivation),
      bandwidthBytesPerSecond: q("bandwidthBytesPerSecond"),
      bandwidthEfficiency: q("bandwidthEfficiency"),
      flopPerAttended: q("flopPerAttended"),
    });
    if (d.value > 0 && Number.isFinite(d.value)) {
      closedForm = d.value;
      derivations["closedFormCrossoverTokens"] = withNotes(d, "Counts the KV of the L prior tokens and attention over L; the solved crossover uses L + 1 for a decode token's own attention, hence a difference of about one token.");
    }
  }

  const contextTokens = native.params["contextTokens"] as Quantity;
  const kvBalance = kvBytesPerTokenAtBalance.explain({
    activeParams: native.params["activeParams"] as Quantity,
    bandwidthBytesPerSecond: native.params["bandwidthBytesPerSecond"] as Quantity,
    peakFlopsPerSecond: native.params["peakFlopsPerSecond"] as Quantity,
    contextTokens: contextTokens.value > 0 ? contextTokens : constant(200_000, "the lecture's 200K-token context"),
  });
  const kvPerToken = (base["kvBytesPerToken"]?.value ?? (native.params["kvBytesPerToken"] as Quantity | undefined)?.value) ?? 0;
  derivations["kvBytesPerTokenAtBalance"] = withNotes(
    kvBalance,
    `This model stores ${formatSignificant(kvPerToken, 4)} B/token in its full-context layers (${formatSignificant(kvPerToken / kvBalance.value, 3)}× the balance size).`,
  );
  return {
    batch: (native.params["batch"] as Quantity).value,
    series,
    crossoverContextTokens: crossover,
    closedFormCrossoverTokens: closedForm,
    kvBytesPerTokenAtBalance: kvBalance.value,
    kvBytesPerToken: kvPerToken,
    maxContextTokens: modelMax,
    derivations,
    warnings: [
      ...native.warnings,
      ...(modelMax !== null && contextTokens.value > modelMax
        ? [{ code: "beyond-model-context", message: `A context of ${formatSignificant(contextTokens.value, 7)} tokens is beyond ${native.model.name}'s maximum of ${formatSignificant(modelMax, 7)}: the model was not trained for it; the numbers are the arithmetic only.` }]
        : []),
    ],
  };
}

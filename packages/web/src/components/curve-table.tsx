/**
 * The columns of a curve's table (core CurvePoint). Every cell is a number that opens its derivation:
 * the derivation is explained on demand at that point, through the same setup's formula graph.
 */
import { constant, formatSignificant, prepareRoofline, type CurvePoint, type Derivation, type RooflineOptions, type RooflineSetup, type UnitId } from "@roofline/core";
import type { Column } from "./DataTable.tsx";
import { Num } from "./Num.tsx";

export type CurveParam = "batch" | "contextTokens" | "passTokens";

/** Explains the setup's graph with `param` set to x (lazily: only when a cell is opened). */
export function explainerAt(options: RooflineOptions, param: CurveParam, what: string): (x: number) => Record<string, Derivation> {
  let setup: RooflineSetup | null = null;
  const cache = new Map<number, Record<string, Derivation>>();
  return (x) => {
    setup ??= prepareRoofline(options);
    let d = cache.get(x);
    if (!d) {
      d = setup.graph.explain({ ...setup.params, [param]: constant(x, `${what} = ${formatSignificant(x, 6)}, a point of the curve`) });
      cache.set(x, d);
    }
    return d;
  };
}

/**
 * `expected`: the same curve at the expected step times (core `curve(…, "expected")`, point for point);
 * its step, throughput and cost become columns beside the ideal ones, each opening the expected derivation.
 */
export function curveColumns(id: string, xLabel: string, at: (x: number) => Record<string, Derivation>, xUnit: UnitId = "1", expected: readonly CurvePoint[] = []): Column<CurvePoint>[] {
  const cell = (key: string, unit: UnitId, value: (p: CurvePoint) => number | null) => (p: CurvePoint) => (
    <Num id={`${id}.${p.x}.${key}`} value={value(p)} unit={unit} d={() => at(p.x)[key] ?? null} />
  );
  const exp = new Map(expected.map((p) => [p.x, p]));
  const expValue = (key: "stepSeconds" | "tokensPerSecond" | "usdPerMillionTokens") => (p: CurvePoint) => exp.get(p.x)?.[key] ?? null;
  const expectedColumns: Column<CurvePoint>[] =
    expected.length === 0
      ? []
      : [
          { key: "expectedStepSeconds", label: "step (exp.)", value: expValue("stepSeconds"), cell: cell("expectedStepSeconds", "s", expValue("stepSeconds")), numeric: true },
          { key: "expectedTokensPerSecond", label: "tokens/s (exp.)", value: expValue("tokensPerSecond"), cell: cell("expectedTokensPerSecond", "token/s", expValue("tokensPerSecond")), numeric: true },
          { key: "expectedUsdPerMillionTokens", label: "$/Mtok (exp.)", value: expValue("usdPerMillionTokens"), cell: cell("expectedUsdPerMillionTokens", "USD/Mtoken", expValue("usdPerMillionTokens")), numeric: true },
        ];
  return [
    { key: "x", label: xLabel, value: (p) => p.x, cell: (p) => formatSignificant(p.x, 6) + (xUnit === "1" ? "" : ""), numeric: true, csvHeader: xLabel },
    { key: "computeSeconds", label: "compute", value: (p) => p.computeSeconds, cell: cell("computeSeconds", "s", (p) => p.computeSeconds), numeric: true },
    { key: "weightReadSeconds", label: "weights", value: (p) => p.weightReadSeconds, cell: cell("weightReadSeconds", "s", (p) => p.weightReadSeconds), numeric: true },
    { key: "kvReadSeconds", label: "KV", value: (p) => p.kvReadSeconds, cell: cell("kvReadSeconds", "s", (p) => p.kvReadSeconds), numeric: true },
    { key: "stepSeconds", label: "step", value: (p) => p.stepSeconds, cell: cell("stepSeconds", "s", (p) => p.stepSeconds), numeric: true },
    { key: "bound", label: "bound", value: (p) => p.bound },
    { key: "tokensPerSecond", label: "tokens/s", value: (p) => p.tokensPerSecond, cell: cell("tokensPerSecond", "token/s", (p) => p.tokensPerSecond), numeric: true },
    { key: "usdPerMillionTokens", label: "$/Mtok", value: (p) => p.usdPerMillionTokens, cell: cell("usdPerMillionTokens", "USD/Mtoken", (p) => p.usdPerMillionTokens), numeric: true },
    { key: "fits", label: "fits", value: (p) => (p.fits ? "yes" : "no") },
    ...expectedColumns,
  ];
}

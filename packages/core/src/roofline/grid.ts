/**
 * A step's grid sweep: `output` over a grid of `axes` (first outermost), the other parameters at the setup's
 * values (formula/grid.ts sweepGrid). Apart from roofline/step.ts so that pages which only call per-point
 * kernels (the first page) do not load the grid compiler.
 */
import type { Quantity } from "../formula/formula.ts";
import { sweepGrid } from "../formula/grid.ts";
import type { RooflineSetup } from "./step.ts";

export function stepGrid(setup: RooflineSetup, axes: readonly string[], output: string): (values: readonly Float64Array[], out: Float64Array) => number {
  const fixedValues: Record<string, number> = {};
  for (const p of setup.graph.params) if (!axes.includes(p)) fixedValues[p] = (setup.params[p] as Quantity).value;
  return sweepGrid(setup.graph, axes, fixedValues, output);
}

/**
 * A simulated number's derivation: not a formula but a measurement of a simulation, so it says how it
 * was made — the engine, scheduler, seed, requests simulated and discarded as warm-up, the statistic,
 * the step times it ran on, and a confidence interval where one is meaningful.
 */
import type { Derivation } from "../formula/derivation.ts";
import { formatQuantity } from "../format.ts";
import type { SourceRef } from "../sources.ts";
import type { UnitId } from "../units.ts";

export interface SimulationMethod {
  engine: string;
  scheduler: string;
  admission: string;
  seed: number;
  requests: number;
  warmupDiscarded: number;
  measured: number;
  /** What the step times are (ideal roofline bound, expected, …). */
  stepTimes: string;
  arrivals: string;
}

export interface ConfidenceInterval {
  level: number;
  low: number;
  high: number;
  method: string;
}

export const SIMULATION_SOURCE: SourceRef = {
  title: "roofline's serving simulation (packages/core/src/serving/simulate.ts): iteration-level discrete-event simulation",
};

export function simulatedDerivation(a: {
  name: string;
  title: string;
  unit: UnitId;
  value: number;
  statistic: string;
  method: SimulationMethod;
  confidence: ConfidenceInterval | null;
  notes?: string[];
}): Derivation {
  const display = formatQuantity(a.value, a.unit, 4);
  const m = a.method;
  const how = `${m.engine}; scheduler ${m.scheduler}, admission ${m.admission}; ${m.arrivals}; seed ${m.seed}; ${m.requests} requests simulated, first ${m.warmupDiscarded} discarded as warm-up, ${m.measured} measured`;
  const ci = a.confidence ? `; ${Math.round(a.confidence.level * 100)}% confidence interval ${formatQuantity(a.confidence.low, a.unit, 4)} to ${formatQuantity(a.confidence.high, a.unit, 4)} (${a.confidence.method})` : "";
  return {
    formulaId: `serving.simulated.${a.name}`,
    name: a.name,
    title: a.title,
    description: `Simulated: ${a.statistic}.`,
    symbol: a.name,
    latexSymbol: `\\text{${a.name}}`,
    unit: a.unit,
    formula: { text: `${a.name} = ${a.statistic} (simulated)`, latex: `\\text{${a.name}} = \\text{simulated}` },
    inputs: [],
    substituted: { text: `simulated: ${how}${ci}`, latex: `\\text{${display}}` },
    value: a.value,
    display,
    sources: [SIMULATION_SOURCE],
    assumptions: [`step times: ${m.stepTimes}`],
    notes: a.notes ?? [],
    children: [],
    kind: "simulated",
    simulation: { ...m, statistic: a.statistic, confidence: a.confidence },
  };
}

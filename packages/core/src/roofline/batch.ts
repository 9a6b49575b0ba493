/**
 * Time and cost per token against batch size: the lecture's first two drawings. The three terms
 * (compute, weight fetch, KV fetch) and the max; the latency floor; the cost floor; the optimal batch in
 * the lecture's closed form (≈ 300 × sparsity) and exactly (KV traffic and expert coverage included);
 * HBM drain time; and the serving "train" that departs every step.
 */
import type { Derivation } from "../formula/derivation.ts";
import { copyDerivation, withNotes } from "../formula/derivation.ts";
import { constant, derived, type Quantity } from "../formula/formula.ts";
import { formatQuantity, formatSignificant } from "../format.ts";
import { lectureAt } from "../sources.ts";
import { LIMITS, type Given } from "../validate.ts";
import { resolveNumber } from "../inputs/define.ts";
import { BATCH_INPUTS } from "../inputs/roofline.ts";
import { trainDeparturesPerSecond, trainTokensPerSecond, trainWorstCaseWait } from "./formulas.ts";
import { bisectLog, curve, logGrid, solvedDerivation, type CurvePoint } from "./sweep.ts";
import { named, prepareRoofline, stepFromSetup, type RooflineOptions, type RooflineSetup, type StepResult } from "./step.ts";

export interface BatchOptions extends RooflineOptions {
  /** Batches to tabulate; default log-spaced from 1 to beyond the optimum. */
  batches?: readonly number[];
  /** The batch the serving train runs at; default the exact optimal batch, rounded up. */
  trainBatch?: Given;
}

export interface TrainSchedule {
  batch: number;
  periodSeconds: number;
  departuresPerSecond: number;
  worstCaseLatencySeconds: number;
  tokensPerSecond: number;
}

export interface BatchResult {
  points: CurvePoint[];
  closedFormOptimalBatch: number;
  /** Where compute time equals memory time (weights with expert coverage + KV); null if memory-bound at every batch. */
  optimalBatch: number | null;
  latencyFloorSeconds: number;
  allWeightsReadSeconds: number;
  costFloorUsdPerMillionTokens: number | null;
  hbmDrainSeconds: number;
  maxBatch: number;
  train: TrainSchedule;
  /**
   * The same train at the expected step time (the efficiency model's `expectedStepSeconds` at the
   * train's batch: fitted to measurements, not a bound); its derivations are `expectedTrain*`.
   */
  expectedTrain: TrainSchedule;
  /** The step at the train's batch. */
  trainStep: StepResult;
  derivations: Record<string, Derivation>;
  warnings: StepResult["warnings"];
}

/** Compute time minus memory time as a function of batch: negative while memory-bound. */
function balance(setup: RooflineSetup): (b: number) => number {
  const k = setup.kernel(["batch"], ["computeSeconds", "memorySeconds"]);
  const out = new Float64Array(2);
  return (b) => {
    k(b, out);
    return (out[0] as number) - (out[1] as number);
  };
}

export function solveOptimalBatch(setup: RooflineSetup): number | null {
  const g = balance(setup);
  if (g(1) >= 0) return 1;
  return bisectLog(g, 1, LIMITS.maxBatch);
}

function at(setup: RooflineSetup, batch: number, reason: string): Record<string, Derivation> {
  return setup.graph.explain({ ...setup.params, batch: constant(batch, reason) });
}

export function analyzeBatch(options: BatchOptions): BatchResult {
  const setup = prepareRoofline(options, BATCH_INPUTS);
  const base = setup.graph.explain(setup.params);
  const closedForm = base["closedFormOptimalBatch"] as Derivation;
  const optimal = solveOptimalBatch(setup);

  const derivations: Record<string, Derivation> = {};
  const sparsity = (setup.params["totalParams"] as Quantity).value / (setup.params["activeParams"] as Quantity).value;
  const ratio = (base["flopPerByte"] as Derivation).value * ((setup.params["bytesPerWeight"] as Quantity).value / 2);
  derivations["closedFormOptimalBatch"] = withNotes(
    closedForm,
    `The lecture's "300 × sparsity": here (F/BW)·(b_w/2) = ${formatSignificant(ratio, 4)} and N_total/N_active = ${formatSignificant(sparsity, 4)}.`,
  );

  // The exact balance point.
  if (optimal !== null) {
    const d = at(setup, optimal, "the balance point");
    derivations["optimalBatch"] = solvedDerivation({
      formulaId: "batch.optimalBatch",
      name: "optimalBatch",
      title: "Optimal batch (exact balance)",
      description: "The batch at which compute time equals memory time, with KV traffic and the experts the batch actually touches.",
      symbol: "B_opt",
      unit: "sequence",
      equation: { text: "B_opt solves t_compute(B) = t_weights(B) + t_KV(B)", latex: "B_{\\text{opt}}: t_{\\text{compute}}(B) = t_{\\text{weights}}(B) + t_{KV}(B)" },
      value: optimal,
      sides: [
        { label: "compute time", derivation: d["computeSeconds"] as Derivation },
        { label: "memory time", derivation: d["memorySeconds"] as Derivation },
      ],
      sources: [lectureAt("19:58", "if you included the KV cache … the optimal batch size should grow larger")],
      notes: [
        `The closed form gives ${formatSignificant(closedForm.value, 4)}; the exact balance is ${formatSignificant(optimal, 4)} (${formatSignificant(optimal / closedForm.value, 3)}×): ` +
          (setup.model.moe && setup.expertRouting === "uniform" ? "a batch touches only some experts, which lowers weight traffic at small batch; " : "") +
          "KV reads add memory time that more batch must cover.",
      ],
    });
  }

  // Latency floor: the fastest step, a batch of one.
  const one = at(setup, 1, "a batch of one: the latency floor");
  const latencyFloor = one["stepSeconds"] as Derivation;
  const allWeights = base["allWeightsReadSeconds"] as Derivation;
  derivations["latencyFloorSeconds"] = withNotes(
    copyDerivation(latencyFloor, { name: "latencyFloorSeconds", title: "Latency floor (step time at batch 1)" }),
    `The lecture's floor reads every weight: ${allWeights.display}.` +
      (setup.model.moe && setup.expertRouting === "uniform"
        ? ` A single token touches only ${formatSignificant(setup.model.moe.expertsPerToken, 3)} of ${setup.model.moe.routedExperts} experts per layer, so the real floor is set by the active parameters.`
        : ""),
  );
  derivations["allWeightsReadSeconds"] = allWeights;
  derivations["hbmDrainSeconds"] = withNotes(base["hbmDrainSeconds"] as Derivation, "The lecture: \"20 ms is the HBM drain time\", stable across generations.");
  if (base["costFloorUsdPerMillionTokens"]) derivations["costFloorUsdPerMillionTokens"] = base["costFloorUsdPerMillionTokens"];

  // The train.
  const trainBatchQ = options.trainBatch !== undefined
    ? resolveNumber(BATCH_INPUTS, "trainBatch", options.trainBatch, named(options, "trainBatch"))
    : constant(Math.ceil(optimal ?? closedForm.value), optimal !== null ? "the exact optimal batch, rounded up" : "the closed-form optimal batch, rounded up");
  const trainSetup: RooflineSetup = { ...setup, params: { ...setup.params, batch: trainBatchQ } };
  const trainStep = stepFromSetup(trainSetup);
  const period = trainStep.derivations["stepSeconds"] as Derivation;
  const periodQ: Quantity = derived(copyDerivation(period, { name: "trainPeriodSeconds", title: "Train period (step time)" }));
  derivations["trainPeriodSeconds"] = copyDerivation(period, { name: "trainPeriodSeconds", title: "Train period (step time at the train's batch)" });
  derivations["trainWorstCaseLatencySeconds"] = trainWorstCaseWait.explain({ periodSeconds: periodQ }, { name: "trainWorstCaseLatencySeconds" });
  derivations["trainTokensPerSecond"] = trainTokensPerSecond.explain({ batch: trainBatchQ, periodSeconds: periodQ }, { name: "trainTokensPerSecond" });
  derivations["trainDeparturesPerSecond"] = trainDeparturesPerSecond.explain({ periodSeconds: periodQ }, { name: "trainDeparturesPerSecond" });

  // The expected train: the same formulas on the expected step time at the train's batch.
  const expPeriod = trainStep.derivations["expectedStepSeconds"] as Derivation;
  const expPeriodQ: Quantity = derived(copyDerivation(expPeriod, { name: "expectedTrainPeriodSeconds", title: "Expected train period (expected step time)" }));
  derivations["expectedTrainPeriodSeconds"] = copyDerivation(expPeriod, { name: "expectedTrainPeriodSeconds", title: "Expected train period (expected step time at the train's batch)" });
  derivations["expectedTrainWorstCaseLatencySeconds"] = trainWorstCaseWait.explain({ periodSeconds: expPeriodQ }, { name: "expectedTrainWorstCaseLatencySeconds" });
  derivations["expectedTrainTokensPerSecond"] = trainTokensPerSecond.explain({ batch: trainBatchQ, periodSeconds: expPeriodQ }, { name: "expectedTrainTokensPerSecond" });
  derivations["expectedTrainDeparturesPerSecond"] = trainDeparturesPerSecond.explain({ periodSeconds: expPeriodQ }, { name: "expectedTrainDeparturesPerSecond" });

  const maxBatch = Math.max(0, (base["maxBatch"] as Derivation).value);
  const hi = Math.max(16, Math.min(LIMITS.maxBatch, Math.ceil(Math.max(closedForm.value, optimal ?? 0, trainBatchQ.value) * 4)));
  const points = curve(setup, "batch", options.batches ?? logGrid(1, hi, 8));
  return {
    points,
    closedFormOptimalBatch: closedForm.value,
    optimalBatch: optimal,
    latencyFloorSeconds: latencyFloor.value,
    allWeightsReadSeconds: allWeights.value,
    costFloorUsdPerMillionTokens: base["costFloorUsdPerMillionTokens"]?.value ?? null,
    hbmDrainSeconds: (base["hbmDrainSeconds"] as Derivation).value,
    maxBatch,
    train: {
      batch: trainBatchQ.value,
      periodSeconds: period.value,
      departuresPerSecond: (derivations["trainDeparturesPerSecond"] as Derivation).value,
      worstCaseLatencySeconds: (derivations["trainWorstCaseLatencySeconds"] as Derivation).value,
      tokensPerSecond: (derivations["trainTokensPerSecond"] as Derivation).value,
    },
    expectedTrain: {
      batch: trainBatchQ.value,
      periodSeconds: expPeriod.value,
      departuresPerSecond: (derivations["expectedTrainDeparturesPerSecond"] as Derivation).value,
      worstCaseLatencySeconds: (derivations["expectedTrainWorstCaseLatencySeconds"] as Derivation).value,
      tokensPerSecond: (derivations["expectedTrainTokensPerSecond"] as Derivation).value,
    },
    trainStep,
    derivations,
    warnings: [
      ...setup.warnings,
      ...(optimal === null
        ? [{ code: "no-balance", message: "No batch balances compute and memory at this context: each sequence's KV read takes longer than its compute, so the step stays memory-bound at every batch." }]
        : []),
      ...(trainBatchQ.value > maxBatch
        ? [
            {
              code: "train-does-not-fit",
              message:
                maxBatch === 0
                  ? `The weights (${formatQuantity((base["weightBytesResident"] as Derivation).value, "B")}) do not fit in ${formatQuantity((base["capacityBytes"] as Derivation).value, "B")} of HBM: add chips or lower the weight precision.`
                  : `A train of ${trainBatchQ.value} sequences at this context needs more HBM than ${formatQuantity((base["capacityBytes"] as Derivation).value, "B")}: the largest batch that fits is ${maxBatch}.`,
            },
          ]
        : []),
    ],
  };
}

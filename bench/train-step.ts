/**
 * Benchmark: the training step. Prints JSON.
 *
 *   npx tsx bench/train-step.ts
 *
 *  - "evaluate": evaluateTrainStep (the formulas' fast paths, no derivations) on one layout, steps/s;
 *  - "explain": analyzeTrainStep (every number with its derivation), steps/s;
 *  - "search": searchTrainLayouts for Llama 3.1 70B on 512 H100s at 8,192-token sequences and a 4M-token
 *    global batch (tensor, pipeline, context, micro-batch, schedule, recomputation, ZeRO; 1/2…1/512 of the
 *    chips for the cheapest), cold and warm (median of 3), layouts evaluated per second.
 */
import { analyzeTrainStep, evaluateTrainStep, getHardware, getModel, searchTrainLayouts, trainContext, type TrainLayout } from "../packages/core/src/index.ts";

const model = getModel("llama-3.1-70b");
const hardware = getHardware("nvidia-h100-sxm5-80gb");
const layout: TrainLayout = {
  dataParallel: 8,
  tensorParallel: 8,
  pipelineParallel: 4,
  contextParallel: 1,
  expertParallel: 1,
  microBatch: 1,
  microBatches: 32,
  sequenceLength: 8192,
  schedule: "interleaved",
  virtualStages: 5,
  recompute: "none",
  zeroStage: 1,
  sequenceParallel: true,
  reversible: false,
  fusedAttention: true,
};

function rate(f: () => unknown, seconds = 0.5): number {
  let n = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < seconds * 1000) {
    f();
    n++;
  }
  return n / ((performance.now() - t0) / 1000);
}

const ctx = trainContext({ model, hardware, layout: {} });
rate(() => evaluateTrainStep(ctx, layout), 0.2);
const evaluatePerSecond = rate(() => evaluateTrainStep(ctx, layout));
const explainPerSecond = rate(() => analyzeTrainStep({ model, hardware, layout: { ...layout } }));

const search = () => {
  const t0 = performance.now();
  const r = searchTrainLayouts({ model, hardware, chips: 512, sequenceLength: 8192, globalBatchTokens: 4 * 2 ** 20 });
  return { r, seconds: (performance.now() - t0) / 1000 };
};
const cold = search();
const warm = [search().seconds, search().seconds, search().seconds].sort((a, b) => a - b)[1] as number;
console.log(
  JSON.stringify(
    {
      evaluate: { stepsPerSecond: Math.round(evaluatePerSecond) },
      explain: { stepsPerSecond: Math.round(explainPerSecond) },
      search: {
        layoutsEvaluated: cold.r.evaluated,
        layoutsThatFit: cold.r.fitting,
        coldSeconds: Number(cold.seconds.toFixed(3)),
        warmSeconds: Number(warm.toFixed(3)),
        layoutsPerSecond: Math.round(cold.r.evaluated / warm),
      },
    },
    null,
    2,
  ),
);

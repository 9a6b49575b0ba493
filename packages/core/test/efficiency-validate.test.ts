/**
 * The validation machinery on rows whose "measurements" are the engine's own expected predictions
 * under known constants: the fit must recover the constants, every error must vanish, the ideal must
 * be a bound on every row, and leave-one-source-out must score each source with a fit that never saw it.
 */
import { describe, expect, it } from "vitest";
import { committedFit, engineMemoryBytes, fitInferenceEfficiency, getHardware, getModel, predictRows, prepareInferenceRows, prepareLayout, prepareRoofline, replayNodes, replayRequests, synchronousHostSecondsPerSequence, synchronousHostSecondsPerStep, synchronousScheduler, syncHostPrior, steppedScheduler, steppedHostSecondsPerSequence, measurementFiles, vllmV0Scheduler, SYNC_PROFILE_RUN, nonExpertShare, spreadOver, committedFoldFits, EFFICIENCY_FIT, validateInference, type FitValues, type MeasurementFile, type MeasurementRow, type Quantity } from "../src/index.ts";

const TRUE_FIT: FitValues = { matmul: 0.62, launchSeconds: 6e-6, collectiveLatencySeconds: 22e-6, hostSecondsPerSequence: 20e-6, syncHostSecondsPerSequence: 0, syncHostSecondsPerStep: 0 };
const resolve = (id: string) => getModel(id);

function rows(source: string): MeasurementRow[] {
  const out: MeasurementRow[] = [];
  const base = { hardware: "nvidia-h100-sxm5-80gb", precision: { weights: "bf16" }, metric: { name: "", value: 1, unit: "s" } };
  let i = 0;
  for (const [model, tp] of [["llama-3.1-8b", 1], ["llama-3.1-70b", 4], ["llama-3.1-70b", 8], ["mixtral-8x7b", 2]] as const) {
    for (const batch of [1, 16, 128]) out.push({ ...base, id: `${source}/tpot-${i++}`, group: batch < 32 ? "decode-small-batch" : "decode-large-batch", chips: tp, parallelism: { tp }, model, workload: { batch, inputTokens: 1024, outputTokens: 256 }, metric: { name: "tpot_seconds", value: 1, unit: "s" } });
    out.push({ ...base, id: `${source}/ttft-${i++}`, group: "prefill", chips: tp, parallelism: { tp }, model, workload: { inputTokens: 2048 }, metric: { name: "ttft_seconds", value: 1, unit: "s" } });
    out.push({ ...base, id: `${source}/e2e-${i++}`, group: "e2e", chips: 8, parallelism: { tp }, model, workload: { concurrency: 64, inputTokens: 1000, outputTokens: 1000 }, metric: { name: "output_tokens_per_second", value: 1, unit: "token/s" } });
  }
  // A run of published requests (every prompt sent at once), replayed: its throughput and median inter-token latency.
  const inputLengths = Array.from({ length: 40 }, (_, j) => 20 + ((j * 37) % 300));
  const outputLengths = Array.from({ length: 40 }, (_, j) => (j % 7 === 0 ? 0 : 5 + ((j * 53) % 400)));
  const workload = { concurrency: 40, prompts: 40, inputLengths, outputLengths };
  out.push({ ...base, id: `${source}/run-tput-${i++}`, group: "e2e", chips: 1, parallelism: { tp: 1 }, model: "llama-3.1-8b", workload, metric: { name: "output_tokens_per_second", value: 1, unit: "token/s" } });
  out.push({ ...base, id: `${source}/run-itl-${i++}`, group: "decode-large-batch", chips: 1, parallelism: { tp: 1 }, model: "llama-3.1-8b", workload, metric: { name: "tpot_seconds", value: 1, unit: "s" } });
  return out;
}

/** Files whose measured values are the expected predictions under TRUE_FIT. */
function syntheticFiles(): MeasurementFile[] {
  const files: MeasurementFile[] = ["alpha", "beta", "gamma"].map((s) => ({ source: { id: s }, rows: rows(s) }));
  const { prepared } = prepareInferenceRows(files, resolve);
  const truth = new Map(predictRows(prepared, TRUE_FIT).map((p) => [p.id, p.expected]));
  for (const f of files) for (const r of f.rows) r.metric.value = truth.get(r.id) as number;
  return files;
}

describe("validation on the engine's own predictions", () => {
  const files = syntheticFiles();
  it("prepares every row, skips none", () => {
    const { prepared, skipped } = prepareInferenceRows(files, resolve);
    expect(skipped).toEqual([]);
    expect(prepared.length).toBe(3 * (4 * 5 + 2));
    expect(prepared.filter((p) => p.run).length).toBe(3 * 2);
  });
  it("the fit recovers the constants that made the rows, and the error vanishes", () => {
    const { prepared } = prepareInferenceRows(files, resolve);
    const { fit, loss } = fitInferenceEfficiency(prepared);
    expect(loss).toBeLessThan(0.01);
    expect(fit.matmul).toBeCloseTo(TRUE_FIT.matmul, 2);
    expect(fit.launchSeconds / TRUE_FIT.launchSeconds).toBeCloseTo(1, 1);
    expect(fit.collectiveLatencySeconds / TRUE_FIT.collectiveLatencySeconds).toBeCloseTo(1, 1);
    const v = validateInference(files, resolve, { fit: TRUE_FIT });
    expect(v.overall.medianAbsError).toBeLessThan(1e-9);
    expect(v.overall.boundShare).toBe(1);
    expect(Object.keys(v.byGroup).sort()).toEqual(["decode-large-batch", "decode-small-batch", "e2e", "prefill"]);
  });
  it("leave-one-source-out scores each source with a fit that never saw it", () => {
    const v = validateInference(files, resolve, { fit: committedFit() });
    expect(v.loso?.folds.map((f) => f.source)).toEqual(["alpha", "beta", "gamma"]);
    expect(v.loso?.predictions.length).toBe(v.predictions.length);
    expect(v.loso?.overall.medianAbsError).toBeLessThan(0.02);
  });
  it("a row whose input length is unknown is a bound check only: not scored, not fitted", () => {
    const noInput = (value: number): MeasurementFile => ({
      source: { id: "delta" },
      rows: [
        { id: "delta/tpot", group: "decode-large-batch", hardware: "nvidia-h100-sxm5-80gb", chips: 4, parallelism: { tp: 4 }, model: "llama-3.1-70b", precision: { weights: "bf16" }, workload: { concurrency: 64, outputTokens: 256 }, metric: { name: "tpot_seconds", value, unit: "s" } },
        { id: "delta/tput", group: "e2e", hardware: "nvidia-h100-sxm5-80gb", chips: 4, parallelism: { tp: 4 }, model: "llama-3.1-70b", precision: { weights: "bf16" }, workload: { concurrency: 64, outputTokens: 256 }, metric: { name: "output_tokens_per_second", value: 1 / value, unit: "token/s" } },
      ],
    });
    const withRow = [...files, noInput(1e3)];
    const { prepared } = prepareInferenceRows(withRow, resolve);
    const extra = prepared.filter((p) => p.source === "delta");
    expect(extra.map((p) => p.scored)).toEqual([false, false]);
    expect(extra.every((p) => p.unscored?.includes("input length not published"))).toBe(true);
    // an absurd measured value moves neither the fit nor the scored errors, but counts in the bound check
    expect(fitInferenceEfficiency(prepared).fit).toEqual(fitInferenceEfficiency(prepareInferenceRows(files, resolve).prepared).fit);
    const v = validateInference(withRow, resolve, { fit: TRUE_FIT, loso: false });
    expect(v.overall.rows).toBe(3 * (4 * 5 + 2));
    expect(v.overall.boundRows).toBe(3 * (4 * 5 + 2) + 2);
    expect(v.overall.medianAbsError).toBeLessThan(1e-9);
    expect(v.predictions.filter((p) => p.source === "delta").every((p) => p.bound && !p.scored)).toBe(true);
  });
  it("a row the data marks bound-only (`boundOnly`, with its reason) is checked but not scored or fitted", () => {
    const reason = "a fixed cost per request the step has no term for (a test reason of some length)";
    const marked: MeasurementFile = {
      source: { id: "epsilon" },
      rows: [{ id: "epsilon/ttft", group: "prefill", hardware: "nvidia-h100-sxm5-80gb", chips: 4, parallelism: { tp: 4 }, model: "llama-3.1-70b", precision: { weights: "bf16" }, workload: { concurrency: 4, inputTokens: 921.5, outputTokens: 921.5 }, metric: { name: "ttft_seconds", value: 100, unit: "s" }, boundOnly: reason }],
    };
    const withRow = [...files, marked];
    const { prepared, skipped } = prepareInferenceRows(withRow, resolve);
    expect(skipped).toEqual([]);
    const [p] = prepared.filter((q) => q.source === "epsilon");
    expect(p?.scored).toBe(false);
    expect(p?.unscored).toBe(reason);
    expect(p?.how).toContain(reason);
    // a fractional mean prompt is taken at whole tokens
    expect(p?.how).toContain("922");
    expect(fitInferenceEfficiency(prepared).fit).toEqual(fitInferenceEfficiency(prepareInferenceRows(files, resolve).prepared).fit);
    const v = validateInference(withRow, resolve, { fit: TRUE_FIT, loso: false });
    expect(v.overall.boundRows).toBe(v.overall.rows + 1);
    expect(v.predictions.find((q) => q.id === "epsilon/ttft")?.bound).toBe(true);
  });

  it("a closed-loop TTFT row waits for a slot when more clients than fit are outstanding; the ideal stays the lone prefill", () => {
    const row = (concurrency: number): MeasurementFile => ({
      source: { id: "eps" },
      rows: [{ id: `eps/ttft-${concurrency}`, group: "prefill", hardware: "nvidia-h100-sxm5-80gb", chips: 2, parallelism: { tp: 2 }, model: "llama-3.1-70b", precision: { weights: "fp8" }, workload: { concurrency, inputTokens: 5000, outputTokens: 500 }, metric: { name: "ttft_seconds", value: 1, unit: "s" } }],
    });
    const at = (c: number) => predictRows(prepareInferenceRows([row(c)], resolve).prepared, TRUE_FIT)[0] as { ideal: number; expected: number };
    const [one, few, many, more] = [at(1), at(8), at(400), at(800)];
    expect(one.ideal).toBe(few.ideal);
    expect(many.ideal).toBe(one.ideal);
    expect(few.expected).toBeGreaterThan(one.expected);
    expect(many.expected).toBeGreaterThan(10 * few.expected);
    // beyond what fits, each extra client adds the same wait (t_req ÷ B): the wait is linear in C
    const mid = at(600);
    expect(more.expected - many.expected).toBeGreaterThan(0);
    expect((more.expected - many.expected) / (mid.expected - many.expected)).toBeCloseTo(2, 6);
  });
  it("one wave of prompts holds every request at its full length: fewer fit than when requests are staggered", () => {
    const row = (prompts?: number): MeasurementFile => ({
      source: { id: "zeta" },
      rows: [{ id: `zeta/${prompts ?? "closed"}`, group: "e2e", hardware: "amd-mi300x", chips: 8, parallelism: { tp: 8 }, model: "llama-3.1-405b", precision: { weights: "fp8", kv: "fp8", compute: "fp8" }, workload: { inputTokens: 128, outputTokens: 4096, concurrency: 1500, ...(prompts ? { prompts } : {}) }, metric: { name: "output_tokens_per_second", value: 1, unit: "token/s" } }],
    });
    const [wave] = prepareInferenceRows([row(1500)], resolve).prepared;
    const [staggered] = prepareInferenceRows([row()], resolve).prepared;
    expect(wave?.batch).toBeLessThan(staggered?.batch ?? 0);
    expect(wave?.how).toMatch(/one wave/);
    // more prompts than slots: requests overlap in time, as in a closed loop
    expect(prepareInferenceRows([row(15000)], resolve).prepared[0]?.batch).toBe(staggered?.batch);
  });
  it("a vLLM row holds its KV cache in vLLM's 0.9 of HBM: fewer sequences than an engine that may use the whole chip", () => {
    const row = (engine?: { name: string; version: string }): MeasurementFile => ({
      source: { id: "eta" },
      rows: [{ id: `eta/${engine?.name ?? "any"}`, group: "e2e", hardware: "nvidia-h100-sxm5-80gb", chips: 1, parallelism: { tp: 1 }, model: "llama-3.1-70b", precision: { weights: "fp8" }, ...(engine ? { engine } : {}), workload: { inputTokens: 200, outputTokens: 200, concurrency: 320 }, metric: { name: "output_tokens_per_second", value: 1, unit: "token/s" } }],
    });
    const [vllm] = prepareInferenceRows([row({ name: "vllm", version: "0.11.0" })], resolve).prepared;
    const [any] = prepareInferenceRows([row()], resolve).prepared;
    expect(vllm?.batch).toBeGreaterThanOrEqual(1);
    expect(vllm?.batch).toBeLessThan((any?.batch ?? 0) / 2);
    expect(vllm?.how).toMatch(/gpu_memory_utilization/);
  });
  it("an MoE row without a published expert-parallel degree splits every expert by tensor parallelism (no busiest chip)", () => {
    const row = (ep?: number): MeasurementFile => ({
      source: { id: "theta" },
      rows: [{ id: `theta/${ep ?? "tp"}`, group: "decode-large-batch", hardware: "nvidia-h100-sxm5-80gb", chips: 8, parallelism: { tp: 8, ...(ep ? { ep } : {}) }, model: "mixtral-8x7b", precision: { weights: "bf16" }, workload: { batch: 64, contextTokens: 1000 }, metric: { name: "tpot_seconds", value: 1, unit: "s" } }],
    });
    const [tp] = prepareInferenceRows([row()], resolve).prepared;
    const [ep] = prepareInferenceRows([row(8)], resolve).prepared;
    expect(tp?.how).toMatch(/experts split by tensor parallelism/);
    expect(ep?.how).not.toMatch(/experts split by tensor parallelism/);
    // the busiest of 8 expert-parallel chips carries more than the mean: EP 8 is slower than the balanced split
    const [a, b] = predictRows([tp, ep].filter((p): p is NonNullable<typeof p> => p !== undefined), committedFit());
    expect(b?.expected).toBeGreaterThan(a?.expected ?? Infinity);
    expect(a?.ideal).toBe(b?.ideal);
  });
  it("names why a row cannot be predicted", () => {
    const bad: MeasurementFile[] = [
      {
        source: { id: "bad" },
        rows: [
          { id: "bad/hw", group: "e2e", hardware: "no-such-chip", chips: 1, model: "llama-3.1-8b", metric: { name: "output_tokens_per_second", value: 1 } },
          { id: "bad/metric", group: "e2e", hardware: "h100", chips: 1, model: "llama-3.1-8b", metric: { name: "mfu", value: 0.4 } },
          { id: "bad/chips", group: "e2e", hardware: "h100", chips: 6, parallelism: { tp: 4 }, model: "llama-3.1-8b", workload: { inputTokens: 1, outputTokens: 1 }, metric: { name: "output_tokens_per_second", value: 1 } },
        ],
      },
    ];
    const { skipped } = prepareInferenceRows(bad, resolve);
    expect(skipped.map((s) => s.reason)).toEqual([expect.stringMatching(/no-such-chip/), expect.stringMatching(/mfu/), expect.stringMatching(/not a whole number of replicas/)]);
  });
});

describe("the KV cache a vLLM 0.5.4 run holds: LambdaLabs' max-context table", () => {
  // LambdaLabsML/vllm-benchmark benchmark_v0.md @ 0e8fc5d0, "Max Context Length": the longest --max-model-len each
  // layout served, of those all_tasks.yaml @ 95571cb0 tried (Llama: 2000, 4000, 8000, 16000, 32000, 64000, 128000;
  // Mixtral: 2000, 8000, ...). vLLM refuses to start when max_model_len exceeds the tokens its KV cache holds, and
  // benchmark.py @ c347618d started the server with nothing but --model, --max-model-len and --tensor-parallel-size:
  // vLLM's own defaults, gpu_memory_utilization 0.9 among them (engineMemoryFractions).
  const q = (value: number): Quantity => ({ value, origin: { kind: "user", name: "test" } });
  const serves = (model: string, hw: string, chips: number, weights: "fp8" | "bf16", context: number, fraction: number): boolean => {
    const base = { model: getModel(model), hardware: getHardware(hw), chips: q(chips), weightPrecision: weights } as const;
    const values = (p: ReturnType<typeof prepareRoofline>) => Object.fromEntries(Object.entries(p.params).map(([k, v]) => [k, v.value]));
    const probe = prepareRoofline({ ...base, phase: "decode", batch: q(1), contextTokens: q(context) });
    const weightsPerChip = (probe.graph.evaluate(values(probe), ["weightBytesResident"])["weightBytesResident"] ?? 0) / chips;
    const budget = engineMemoryBytes.fn(probe.params["hbmBytes"]?.value ?? 0, weightsPerChip, fraction, 1);
    const engine = prepareRoofline({ ...base, hbmBytes: q(budget), phase: "decode", batch: q(1), contextTokens: q(context) });
    return (engine.graph.evaluate(values(engine), ["maxBatch"])["maxBatch"] ?? 0) >= 1;
  };
  const chipsOf = ["nvidia-a100-sxm4-80gb", "nvidia-h100-sxm5-80gb"];
  it("at 0.9 of HBM the step's memory serves what the table says each layout served, and not the next length tried", () => {
    for (const hw of chipsOf) {
      // capacity-bound cells: Llama 3.1 70B FP8 on one GPU "4k", Mixtral 8x22B on four "16k"
      expect(serves("llama-3.1-70b", hw, 1, "fp8", 4000, 0.9), hw).toBe(true);
      expect(serves("llama-3.1-70b", hw, 1, "fp8", 8000, 0.9), hw).toBe(false);
      expect(serves("mixtral-8x22b", hw, 4, "bf16", 16000, 0.9), hw).toBe(true);
      expect(serves("mixtral-8x22b", hw, 4, "bf16", 32000, 0.9), hw).toBe(false);
      // cells at the model's own longest context, and the "0" cells (not even 2000 tokens)
      expect(serves("llama-3.1-70b", hw, 2, "fp8", 128000, 0.9), hw).toBe(true);
      expect(serves("llama-3.1-405b", hw, 8, "fp8", 128000, 0.9), hw).toBe(true);
      expect(serves("mixtral-8x22b", hw, 8, "bf16", 64000, 0.9), hw).toBe(true);
      expect(serves("mixtral-8x7b", hw, 2, "bf16", 32000, 0.9), hw).toBe(true);
      expect(serves("mixtral-8x7b", hw, 1, "bf16", 2000, 0.9), hw).toBe(false);
      expect(serves("mixtral-8x22b", hw, 2, "bf16", 2000, 0.9), hw).toBe(false);
      expect(serves("llama-3.1-405b", hw, 4, "fp8", 2000, 0.9), hw).toBe(false);
    }
  });
  it("at 0.95 (benchmark.py's later default) the 70B would have served 8000 tokens on one GPU and the 8x22B 32000 on four: the runs held vLLM's 0.9", () => {
    for (const hw of chipsOf) {
      expect(serves("llama-3.1-70b", hw, 1, "fp8", 8000, 0.95), hw).toBe(true);
      expect(serves("mixtral-8x22b", hw, 4, "bf16", 32000, 0.95), hw).toBe(true);
    }
  });
});

describe("replaying a run of published requests", () => {
  it("with a slot for every request all prompts are prefilled first (each sampling its first token), then the run decodes in lockstep, its batch shrinking as requests finish", () => {
    const r = replayRequests([10, 20, 30, 40], [3, 0, 1, 5], 10);
    // one prefill step of the 4 prompts gives requests 0, 2, 3 their first token; decode: batch 2 (requests 0, 3) twice, then 1, 1
    expect(r.prefillSteps).toBe(1);
    expect(r.steps).toBe(4);
    expect(r.outputTokens).toBe(9);
    expect(r.weights.reduce((a, c) => a + c, 0)).toBeCloseTo(4, 12);
    // Σ weights × node reproduces Σ batches exactly (piecewise-linear interpolation of a linear function)
    expect(r.weights.reduce((a, c, j) => a + c * (r.nodes[j] as number), 0)).toBeCloseTo(2 + 2 + 1 + 1, 12);
    expect(r.prefillWeights.reduce((a, c, j) => a + c * (r.prefillNodes[j] as number), 0)).toBeCloseTo(4, 12);
    // decoded tokens by step batch: 4 at batch 2, 2 at batch 1: the median (3rd of 6) is decoded at batch 2
    expect(r.medianTokenBatch).toBe(2);
    // context per decoded token: prompt + tokens so far
    expect(r.context).toBeCloseTo((11 + 12 + 41 + 42 + 43 + 44) / 6, 12);
  });
  it("with one slot the requests run one after another: a prefill step, then the rest of the output one token a step", () => {
    const r = replayRequests([5, 5, 5], [4, 2, 3], 1);
    expect(r.prefillSteps).toBe(3);
    expect(r.steps).toBe(3 + 1 + 2);
    expect(r.outputTokens).toBe(9);
    expect(r.medianTokenBatch).toBe(1);
    expect(r.weights[0]).toBeCloseTo(6, 12);
  });
  it("a prefill step takes waiting prompts up to the token budget (at least one), prefill first while prompts wait", () => {
    const r = replayRequests([1000, 1000, 1000, 100], [2, 2, 2, 2], 4, 2048);
    // 1000 + 1000 fit 2048, the third does not: two prefill steps of 2 prompts, then one decode step at batch 4
    expect(r.prefillSteps).toBe(2);
    expect(r.prefillWeights.reduce((a, c, j) => a + c * (r.prefillNodes[j] as number), 0)).toBeCloseTo(4, 12);
    expect(r.steps).toBe(1);
    expect(r.medianTokenBatch).toBe(4);
    // a prompt longer than the budget still gets its own step
    expect(replayRequests([5000, 10], [1, 1], 2, 2048).prefillSteps).toBe(2);
  });
  it("vLLM before 0.7 admits 256 sequences, and without chunked prefill (max_model_len ≤ 32K) prefills max(max_model_len, 2048) tokens a step", () => {
    expect(vllmV0Scheduler({ name: "vllm", version: "0.5.4" }, 2000)).toMatchObject({ maxNumSeqs: 256, prefillTokens: 2048 });
    expect(vllmV0Scheduler({ name: "vllm", version: "0.6.3" }, 8192)).toMatchObject({ maxNumSeqs: 256, prefillTokens: 8192 });
    expect(vllmV0Scheduler({ name: "vllm", version: "0.5.4" }, undefined)?.prefillTokens).toBe(Infinity);
    expect(vllmV0Scheduler({ name: "vllm", version: "0.5.4" }, 131072)?.prefillTokens).toBe(Infinity);
    expect(vllmV0Scheduler({ name: "vllm", version: "0.10.1" }, 2000)).toBeNull();
    expect(vllmV0Scheduler({ name: "sglang", version: "0.3.0" }, 2000)).toBeNull();
  });
  it("evaluates the decode step at every 16 rows up to the large tile, where the tile padding steps", () => {
    expect(replayNodes(100)).toEqual([1, 2, 4, 8, 16, 32, 48, 64, 80, 96, 100]);
    expect(replayNodes(320).slice(-3)).toEqual([240, 256, 320]);
  });
});

describe("engines that schedule synchronously", () => {
  it("are vLLM before 0.6 (multi-step scheduling and asynchronous output processing came in 0.6.0)", () => {
    expect(synchronousScheduler({ name: "vllm", version: "0.5.4" })).toBe(true);
    expect(synchronousScheduler({ name: "vLLM", version: "v0.4.2" })).toBe(true);
    expect(synchronousScheduler({ name: "vllm", version: "0.6.0" })).toBe(false);
    expect(synchronousScheduler({ name: "vllm", version: "0.10.2" })).toBe(false);
    expect(synchronousScheduler({ name: "sglang", version: "0.3.0" })).toBe(false);
    expect(synchronousScheduler(undefined)).toBe(false);
  });
  it("add their own host time per sequence to the step's; without such rows in a fit it is the published profile's, not a fitted value", () => {
    const files = syntheticFiles();
    const { prepared } = prepareInferenceRows(files, resolve);
    const f0 = fitInferenceEfficiency(prepared).fit;
    expect(f0.syncHostSecondsPerStep).toBeGreaterThan(0);
    expect(f0.syncHostSecondsPerStep / syncHostPrior(f0).perStep).toBeCloseTo(1, 2);
    expect(f0.syncHostSecondsPerSequence).toBeCloseTo(syncHostPrior(f0).perSequence, 6);
    // the same rows measured on a synchronous engine with 60 µs more per sequence per step: the fit finds it
    const sync: MeasurementFile[] = files.map((f) => ({ source: f.source, rows: f.rows.map((r) => ({ ...r, engine: { name: "vllm", version: "0.5.4" } })) }));
    const truth = { ...TRUE_FIT, syncHostSecondsPerSequence: 60e-6 };
    const p2 = prepareInferenceRows(sync, resolve).prepared;
    expect(p2.every((p) => p.syncScheduler)).toBe(true);
    const values = new Map(predictRows(p2, truth).map((p) => [p.id, p.expected]));
    for (const f of sync) for (const r of f.rows) r.metric.value = values.get(r.id) as number;
    // host and the synchronous extra only appear summed on these rows: their sum is what is identified
    const fit = fitInferenceEfficiency(prepareInferenceRows(sync, resolve).prepared).fit;
    expect(fit.hostSecondsPerSequence + fit.syncHostSecondsPerSequence).toBeCloseTo(TRUE_FIT.hostSecondsPerSequence + 60e-6, 5);
  });
});

describe("the synchronous scheduler's host time from vLLM's published profile", () => {
  it("splits the host's time by the profile's shares: the HTTP server's per sequence, the scheduler's per step", () => {
    // GPU busy 38%, HTTP 33%, scheduling 29%; a 15 ms GPU step for 256 sequences
    expect(synchronousHostSecondsPerSequence.fn(0.38, 0.33, 0.015, 256, 30e-6)).toBeCloseTo((0.33 / 0.38) * (0.015 / 256) - 30e-6, 12);
    expect(synchronousHostSecondsPerSequence.fn(0.38, 0.33, 0.015, 256, 1e-3)).toBe(0);
    expect(synchronousHostSecondsPerStep.fn(0.38, 0.29, 0.015)).toBeCloseTo((0.29 / 0.38) * 0.015, 12);
    expect(SYNC_PROFILE_RUN.gpuShare + SYNC_PROFILE_RUN.httpShare + SYNC_PROFILE_RUN.schedulingShare).toBeCloseTo(1, 12);
  });
  it("is read at the profiled run (Llama 3 8B, one H100, 256 sequences at the ShareGPT mean context) and lies within the fit's bounds", () => {
    expect(SYNC_PROFILE_RUN.contextTokens).toBe(292);
    const p = syncHostPrior(committedFit());
    expect(p.perStep).toBeGreaterThan(0);
    expect(p.perStep).toBeLessThanOrEqual(20e-3);
    expect(p.perSequence).toBeLessThanOrEqual(500e-6);
    // a slower GPU step (a longer gap per kernel) means more host time per step at the same GPU share
    expect(syncHostPrior({ ...committedFit(), launchSeconds: 10e-6 }).perStep).toBeGreaterThan(syncHostPrior({ ...committedFit(), launchSeconds: 1e-6 }).perStep);
  });
});

describe("vLLM V1 before 0.14: scheduling on the critical path, its host time per sequence from vLLM's published profile", () => {
  it("is vLLM's V1 engine (the row's engine.core, else V1 from 0.8.0) before 0.14, where asynchronous scheduling became the default", () => {
    expect(steppedScheduler({ name: "vllm", version: "0.10.2", core: "v1" })).toBe(true);
    expect(steppedScheduler({ name: "vLLM", version: "v0.13.0" })).toBe(true);
    expect(steppedScheduler({ name: "vllm", version: "0.8.0" })).toBe(true);
    // AMD's 0.9.0.1 image ran V0 (V1 on by default in its images only from 20250620): asynchronous output processing
    expect(steppedScheduler({ name: "vllm", version: "0.9.0.1 (rocm/vllm:rocm6.4.1_vllm_0.9.0.1_20250605)", core: "v0" })).toBe(false);
    expect(steppedScheduler({ name: "vllm", version: "0.7.3" })).toBe(false);
    expect(steppedScheduler({ name: "vllm", version: "0.14.1" })).toBe(false);
    expect(steppedScheduler({ name: "vllm", version: "0.5.4" })).toBe(false);
    expect(steppedScheduler({ name: "sglang", version: "0.4.0", core: "v1" })).toBe(false);
    expect(steppedScheduler(undefined)).toBe(false);
  });
  it("is the profile's scheduling share per sequence (29% of the time against the GPU's 38%, 256 sequences), beyond the fitted host time", () => {
    const fit = committedFit();
    // syncHostPrior's per-step share gives the profiled run's GPU step back: s/g · t
    const gpuStep = (syncHostPrior(fit).perStep * SYNC_PROFILE_RUN.gpuShare) / SYNC_PROFILE_RUN.schedulingShare;
    const prior = steppedHostSecondsPerSequence(fit);
    expect(prior).toBeCloseTo((0.29 / 0.38) * (gpuStep / 256) - fit.hostSecondsPerSequence, 12);
    expect(prior).toBeGreaterThan(0);
    // never below nothing: a fitted host time above the profile's leaves no extra
    expect(steppedHostSecondsPerSequence({ ...fit, hostSecondsPerSequence: 400e-6 })).toBe(0);
    // a slower profiled GPU step (a longer gap per kernel) means more scheduling time per sequence at the same shares
    expect(steppedHostSecondsPerSequence({ ...fit, launchSeconds: 10e-6 })).toBeGreaterThan(steppedHostSecondsPerSequence({ ...fit, launchSeconds: 1e-6 }));
  });
  it("predicts a V1 row as the same row on an engine with the fitted host time plus the prior; a V0 row as any engine's", () => {
    const fit = committedFit();
    const base = rows("delta").filter((r) => r.group !== "prefill");
    const on = (engine?: MeasurementRow["engine"]) => predictRows(prepareInferenceRows([{ source: { id: "delta" }, rows: engine ? base.map((r) => ({ ...r, engine })) : base }], resolve).prepared, fit);
    const plain = predictRows(prepareInferenceRows([{ source: { id: "delta" }, rows: base }], resolve).prepared, { ...fit, hostSecondsPerSequence: fit.hostSecondsPerSequence + steppedHostSecondsPerSequence(fit) });
    const v1 = on({ name: "vllm", version: "0.10.2", core: "v1" });
    expect(v1.length).toBe(base.length);
    v1.forEach((p, i) => expect(p.expected / (plain[i]?.expected as number)).toBeCloseTo(1, 12));
    // more host time: a slower expected step than on a V0 engine, whose rows take the fitted host time alone
    const v0 = on({ name: "vllm", version: "0.9.0.1", core: "v0" });
    const none = on();
    v0.forEach((p, i) => expect(p.expected).toBe(none[i]?.expected));
    const tput = v1.findIndex((p) => p.metric === "output_tokens_per_second");
    expect(v1[tput]?.expected).toBeLessThan(v0[tput]?.expected as number);
    expect(v1.every((p) => p.bound === v0[v1.indexOf(p)]?.bound)).toBe(true);
  });
  it("the data say which engine AMD's images ran: V0 in the 20250605 image only (the image changelog), V1 in every later one", () => {
    const amd = measurementFiles().find((f) => f.source.id === "amd-rocm-performance");
    expect(amd?.rows.length).toBeGreaterThan(0);
    for (const r of amd?.rows ?? []) expect(r.engine?.core).toBe(/_20250605\)/.test(r.engine?.version ?? "") ? "v0" : "v1");
    expect(amd?.rows.filter((r) => steppedScheduler(r.engine)).length).toBe((amd?.rows.length ?? 0) - 4);
  });
});

describe("linears a checkpoint leaves wider than the experts (NVFP4 DeepSeek: attention and head in BF16)", () => {
  const user = (value: number): Quantity => ({ value, origin: { kind: "user", name: "test" } });
  const model = getModel("deepseek-r1");
  const hardware = getHardware("nvidia-gb300-nvl72");
  it("a row's recipe sets the shares: NVIDIA's keeps attention and head in BF16; -v2 also quantises o_proj; SGLang runs q_b_proj in FP8", () => {
    expect(nonExpertShare.fn(4e9, 16e9)).toBe(0.25);
    const row = (precision: Record<string, string>): MeasurementRow => ({
      id: `x/${Object.values(precision).join("-")}`, group: "prefill", hardware: "nvidia-gb300-nvl72", chips: 2, parallelism: { ep: 2 }, model: "deepseek-r1",
      precision: { weights: "fp4", compute: "fp4", denseSource: "test", ...precision }, workload: { inputTokens: 2048, outputTokens: 1, batch: 16 },
      metric: { name: "tokens_per_second_per_chip", value: 1000, unit: "token/s" },
    });
    const how = (precision: Record<string, string>) => {
      const { prepared, skipped } = prepareInferenceRows([{ source: { id: "x" }, rows: [row(precision)] }], resolve);
      expect(skipped).toEqual([]);
      return { how: prepared[0]?.how ?? "", value: predictRows(prepared, committedFit())[0]?.expected ?? NaN };
    };
    const pct = (h: string, what: string) => Number(new RegExp(`(\\d+)% ${what}`).exec(h)?.[1]);
    const v1 = how({ dense: "bf16" });
    const v2 = how({ dense: "bf16", denseQuantized: "mlp+o_proj" });
    const sg = how({ dense: "bf16", denseQuantized: "mlp+o_proj", denseFp8: "q_b_proj" });
    const none = how({});
    expect(pct(v1.how, "BF16")).toBeGreaterThan(70);
    expect(pct(v1.how, "BF16")).toBeLessThan(85);
    expect(pct(v2.how, "BF16")).toBeLessThan(pct(v1.how, "BF16"));
    expect(pct(sg.how, "BF16")).toBeLessThan(pct(v2.how, "BF16"));
    expect(pct(sg.how, "FP8")).toBeGreaterThan(0);
    // the more linears stay wide, the slower the expected prefill (input tokens per second per chip)
    expect(none.value).toBeGreaterThan(sg.value);
    expect(sg.value).toBeGreaterThan(v2.value);
    expect(v2.value).toBeGreaterThan(v1.value);
  });
  it("slow the expected step (and the expected layout) and leave the ideal, a bound, as it was", () => {
    const base = { model, hardware, chips: user(2), weightPrecision: "fp4" as const, computePrecision: "fp4" as const, phase: "prefill" as const, batch: user(16), promptTokens: user(2048) };
    const wide = { wide: [{ precision: "bf16" as const, share: 0.78, what: "attention" }], origin: "test" };
    const out = ["stepSeconds", "expectedStepSeconds"];
    const eval_ = (o: Parameters<typeof prepareRoofline>[0]) => {
      const s = prepareRoofline(o);
      return s.graph.evaluate(Object.fromEntries(Object.entries(s.params).map(([k, q]) => [k, q.value])), out);
    };
    const a = eval_(base);
    const b = eval_({ ...base, denseWeightPrecision: wide });
    expect(b["stepSeconds"]).toBe(a["stepSeconds"]);
    expect(b["expectedStepSeconds"] as number).toBeGreaterThan(a["expectedStepSeconds"] as number);
    expect(b["expectedStepSeconds"] as number).toBeGreaterThanOrEqual(b["stepSeconds"] as number);
    // share 0: the same expected step as without the option
    const z = eval_({ ...base, denseWeightPrecision: { wide: [{ precision: "bf16", share: 0, what: "attention" }], origin: "test" } });
    expect(z["expectedStepSeconds"] as number).toBeCloseTo(a["expectedStepSeconds"] as number, 12);
    const lay = (o: Record<string, unknown>) => {
      const s = prepareLayout({ model, hardware, expertParallel: user(2), tensorParallel: user(1), attentionDataParallel: user(2), microBatch: user(16), phase: "prefill", promptTokens: user(2048), weightPrecision: "fp4", computePrecision: "fp4", ...o });
      return s.graph.evaluate(Object.fromEntries(Object.entries(s.params).map(([k, q]) => [k, q.value])), ["pipelineCycleSeconds", "expectedCycleSeconds"]);
    };
    const la = lay({});
    const lb = lay({ denseWeightPrecision: wide });
    expect(lb["pipelineCycleSeconds"]).toBe(la["pipelineCycleSeconds"]);
    expect(lb["expectedCycleSeconds"] as number).toBeGreaterThan(la["expectedCycleSeconds"] as number);
  });
});

describe("a closed loop of clients (InferenceX), replayed request by request", () => {
  it("spreads lengths evenly over the benchmark's range: whole tokens inside it, the mean near its middle, the same every time", () => {
    const xs = spreadOver([819, 1024], 640, 2);
    expect(xs.every((x) => Number.isInteger(x) && x >= 819 && x <= 1024)).toBe(true);
    expect(Math.abs(xs.reduce((a, c) => a + c, 0) / xs.length - 921.5)).toBeLessThan(2);
    expect(spreadOver([819, 1024], 640, 2)).toEqual(xs);
    // prompts and outputs in different orders: their lengths are not paired
    const ys = spreadOver([819, 1024], 640, 3);
    expect(ys).not.toEqual(xs);
  });
  it("keeps C requests in flight, prefills arriving prompts in their own steps, and one run serves a point's TPOT and throughput rows", () => {
    const workload = { concurrency: 8, prompts: 80, inputTokens: 921.5, outputTokens: 921.5, inputRange: [819, 1024], outputRange: [819, 1024] };
    const base = { hardware: "nvidia-h100-sxm5-80gb", chips: 8, parallelism: { tp: 8 }, model: "llama-3.1-70b", precision: { weights: "fp8" }, engine: { name: "sglang" }, workload };
    const rows: MeasurementRow[] = [
      { ...base, id: "x/tpot", group: "decode-small-batch", metric: { name: "tpot_seconds", value: 0.02, unit: "s", stat: "mean" } },
      { ...base, id: "x/tokens", group: "e2e", metric: { name: "total_tokens_per_second", value: 1000, unit: "token/s", stat: "total" } },
    ];
    const { prepared, skipped } = prepareInferenceRows([{ source: { id: "x" }, rows }], resolve);
    expect(skipped).toEqual([]);
    const [tpot, tokens] = prepared;
    expect(tpot?.run).toBeDefined();
    expect(tpot?.run).toBe(tokens?.run);
    expect(tpot?.batch).toBe(8);
    // the first step prefills 8 prompts; after that each finished request's slot goes to the next prompt
    expect(tpot?.run?.prefillSteps).toBeGreaterThanOrEqual(80 / 8);
    expect(tpot?.run?.prefillSteps).toBeLessThanOrEqual(1 + 72);
    expect(tpot?.run?.inputTokens).toBe(spreadOver([819, 1024], 80, 2).reduce((a, c) => a + c, 0));
    const [t, th] = predictRows(prepared, committedFit());
    // the ideal is a bound on both
    expect((t?.ideal as number) <= (t?.expected as number)).toBe(true);
    expect((th?.ideal as number) >= (th?.expected as number)).toBe(true);
    // throughput × mean TPOT ≈ C × (input + output) ÷ output: the loop's requests take their decode steps and little else
    const r = ((th?.expected as number) * (t?.expected as number)) / ((8 * (921.5 + 921.5)) / 921.5);
    expect(r).toBeGreaterThan(0.8);
    expect(r).toBeLessThan(1.05);
  });
});

describe("recorded fold fits", () => {
  it("belong only to the committed rows: another row count or a missing source refits", () => {
    expect(committedFoldFits(3, ["alpha"])).toBeNull();
    expect(committedFoldFits(EFFICIENCY_FIT.rows, ["no-such-source"])).toBeNull();
  });
});

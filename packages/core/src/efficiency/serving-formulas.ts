/**
 * From step times to what benchmarks report: a wave of requests, throughput at fixed concurrency, the
 * closed loop's queueing wait and the time to first token under load. Used by the validation's replay of
 * published benchmarks (./validate.ts); a module of its own so that pages which only step do not load it.
 */
import { add, div, max, mul, sub } from "../formula/expr.ts";
import { defineFormula } from "../formula/formula.ts";

export const requestSeconds = defineFormula({
  id: "serving.requestSecondsSteady",
  title: "Time for a wave of requests",
  description: "A batch of B requests: one prefill pass of their prompts, then O decode steps (each advancing every request by a token).",
  symbol: "t_req",
  latex: "t_{\\text{req}}",
  unit: "s",
  inputs: {
    prefillSeconds: { symbol: "t_prefill", latex: "t_{\\text{prefill}}", unit: "s", description: "prefill pass of the batch's prompts" },
    outputTokens: { symbol: "O", unit: "token", description: "output tokens per request" },
    decodeSeconds: { symbol: "t_decode", latex: "t_{\\text{decode}}", unit: "s", description: "decode step at the batch, at the mean context" },
  },
  expr: (x) => add(x.prefillSeconds, mul(x.outputTokens, x.decodeSeconds)),
  sources: [{ title: "vLLM benchmarks/benchmark_serving.py: throughput = tokens ÷ benchmark duration at fixed concurrency", url: "https://github.com/vllm-project/vllm/tree/main/benchmarks" }],
  assumptions: ["continuous batching keeps B requests in flight: prefill and decode work are counted once each (chunked prefill mixes them, the total is the same)"],
});

export const tokensPerSecondOfWave = defineFormula({
  id: "serving.tokensPerSecondSteady",
  title: "Throughput at fixed concurrency",
  description: "R replicas each finish B requests of n counted tokens every t_req.",
  symbol: "Θ_e2e",
  latex: "\\Theta_{\\text{e2e}}",
  unit: "token/s",
  inputs: {
    replicas: { symbol: "R", unit: "1", description: "replicas (data parallelism)" },
    batch: { symbol: "B", unit: "sequence", description: "requests in flight per replica" },
    tokensPerRequest: { symbol: "n", unit: "token", description: "tokens counted per request (output, or input + output, or 1 for requests/s)" },
    requestSeconds: { symbol: "t_req", latex: "t_{\\text{req}}", unit: "s", description: "time for the wave" },
  },
  expr: (x) => div(mul(x.replicas, x.batch, x.tokensPerRequest), x.requestSeconds),
  sources: [{ title: "vLLM benchmarks/benchmark_serving.py: throughput = tokens ÷ benchmark duration at fixed concurrency", url: "https://github.com/vllm-project/vllm/tree/main/benchmarks" }],
});

export const closedLoopWaitSeconds = defineFormula({
  id: "serving.closedLoopWaitSeconds",
  title: "Queueing wait at fixed concurrency",
  description:
    "C clients each keep one request outstanding; the engine holds only B of them in flight (what fits in HBM). The server completes B requests every t_req, so by Little's law a request spends C·t_req/B in the system, t_req of it being served: it waits (C − B)·t_req/B for a slot (none when C ≤ B).",
  symbol: "t_wait",
  latex: "t_{\\text{wait}}",
  unit: "s",
  inputs: {
    concurrency: { symbol: "C", unit: "sequence", description: "requests outstanding (clients of a closed-loop benchmark)" },
    batch: { symbol: "B", unit: "sequence", description: "requests in flight at once" },
    requestSeconds: { symbol: "t_req", latex: "t_{\\text{req}}", unit: "s", description: "time a request is served: the batch's prefill and its decode steps" },
  },
  expr: (x) => div(mul(max(0, sub(x.concurrency, x.batch)), x.requestSeconds), x.batch),
  sources: [
    { title: "Little's law for a closed queueing network: N = X·R, so response time R = N/X (Lazowska et al., Quantitative System Performance, ch. 3)", url: "https://homes.cs.washington.edu/~lazowska/qsp/" },
    { title: "NVIDIA NIM LLM benchmarking guide: concurrency = users each with one request outstanding (closed loop)", url: "https://docs.nvidia.com/nim/benchmarking/llm/latest/" },
  ],
  assumptions: ["requests are alike (mean lengths); a freed slot is refilled at once from the queue"],
});

export const timeToFirstTokenSeconds = defineFormula({
  id: "serving.timeToFirstTokenLoaded",
  title: "Time to first token under load",
  description:
    "A request waits for a slot, then joins a running batch: its prompt's prefill runs in an iteration that also carries the batch's decode tokens, so the first token comes after the queueing wait, its prefill and one decode step at the batch.",
  symbol: "t_TTFT",
  latex: "t_{\\text{TTFT}}",
  unit: "s",
  inputs: {
    waitSeconds: { symbol: "t_wait", latex: "t_{\\text{wait}}", unit: "s", description: "queueing wait for a slot" },
    prefillSeconds: { symbol: "t_pre,1", latex: "t_{\\text{pre},1}", unit: "s", description: "prefill pass of one prompt" },
    decodeSeconds: { symbol: "t_dec", latex: "t_{\\text{dec}}", unit: "s", description: "decode step at the batch in flight (zero when alone)" },
  },
  expr: (x) => add(x.waitSeconds, x.prefillSeconds, x.decodeSeconds),
  sources: [{ title: "Yu et al., Orca (OSDI 2022): iteration-level scheduling — a new request joins the running batch at the next iteration", url: "https://www.usenix.org/conference/osdi22/presentation/yu" }],
  assumptions: ["chunked/mixed prefill: the new prompt shares one iteration with the batch's decode tokens"],
});

export const prefillQueueWaitSeconds = defineFormula({
  id: "serving.prefillQueueWaitSeconds",
  title: "Wait behind other prompts' prefills",
  description:
    "Prompts are prefilled one after another (a chunked-prefill token budget per iteration) while the batch decodes. An arriving prompt finds the prefill busy a share ρ of the time — the share of the engine's time spent on prefill — and waits, as in an M/D/1 queue, ρ/(2(1−ρ)) of one prompt's prefill time (Pollaczek–Khinchine with deterministic service).",
  symbol: "t_wait,pre",
  latex: "t_{\\text{wait,pre}}",
  unit: "s",
  inputs: {
    prefillShare: { symbol: "ρ", latex: "\\rho", unit: "1", description: "share of the engine's time spent prefilling: the batch's prefill ÷ a request's time in the engine" },
    serviceSeconds: { symbol: "s", unit: "s", description: "prefill time per prompt (the batch's prefill ÷ its prompts)" },
  },
  expr: (x) => div(mul(x.prefillShare, x.serviceSeconds), mul(2, max(sub(1, x.prefillShare), 1e-3))),
  sources: [
    { title: "Pollaczek–Khinchine formula: the mean wait in an M/G/1 queue is ρ·E[S²]/(2(1−ρ)·E[S]); deterministic service gives ρ·s/(2(1−ρ)) (Kleinrock, Queueing Systems vol. 1, §5.6)", url: "https://en.wikipedia.org/wiki/Pollaczek%E2%80%93Khinchine_formula" },
    { title: "Agrawal et al., Sarathi-Serve (OSDI 2024): chunked prefills share each iteration's token budget with the running decodes", url: "https://www.usenix.org/conference/osdi24/presentation/agrawal" },
  ],
  assumptions: ["arrivals close to Poisson (many clients); one prompt prefilled at a time; ρ capped below 1 (0.999)"],
});

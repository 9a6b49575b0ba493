/**
 * The inputs of a serving analysis (`roofline serve` and the Serving page), in one table of the core
 * input definitions (inputs/define.ts): the roofline inputs of a step (no batch, context or phase: a
 * workload has its own), then the workload, the server, the simulation and the capacity search. The
 * CLI's flags and help and the page's controls and URL keys come from it; `serveOptions` (options.ts)
 * turns the values an interface read (by input id) into ServeOptions, so both run the same analysis.
 * The table stays apart from the analysis it feeds: every interface reads it first (the web app's shell
 * parses its URL keys), so it must not pull in the simulator.
 *
 * Lengths are text (a number or a distribution); SLOs are typed in milliseconds, as people state them.
 * The page's first URL keys (x.in, x.out, x.rate, x.sched, x.ttft, x.tpot, x.n, x.seed) are aliases, read on
 * the Serving page only (the Practice page has its own x.seed).
 */
import type { InputDef } from "../inputs/define.ts";
import { STEP_INPUTS } from "../inputs/roofline.ts";
import { EFFICIENCY_MODE_INPUT } from "../efficiency/mode-input.ts";

// The scheduler kinds and the class-mix syntax live here, not beside the simulator and the workload parser, so that
// this table (which the web app's shell loads for its URL keys) pulls neither into the first page.
export type Scheduler = "static" | "continuous" | "chunked" | "disaggregated";
export const SCHEDULERS: readonly Scheduler[] = ["static", "continuous", "chunked", "disaggregated"];
export const CLASS_MIX_SYNTAX = "classes split by ';', each a name then key=value pairs: share=, in=, out= (lengths written as for the input tokens), ttft=, tpot= (SLOs, ms), pct= (percentile), hit= (prefix-cache fraction); e.g. \"chat share=3 in=1000 out=200 ttft=2000 tpot=50; batch share=1 in=4k out=1k\"";

export const SERVE_DEFAULT_MODEL = "llama-3.1-70b";
export const SERVE_DEFAULT_HARDWARE = "nvidia-h100-sxm5-80gb";
const LENGTH_DOC = "a number (1000, 4k) or a distribution: uniform:MIN:MAX, normal:MEAN:SD, lognormal:MEAN:SIGMA, hist:TOKENS=WEIGHT,…";

const SERVE_OWN: readonly InputDef[] = [
  // Workload
  { id: "inputTokens", flag: "input-tokens", url: "in", urlAliases: ["x.in"], label: "Input tokens", unit: "token", kind: "text", group: "workload", doc: `prompt tokens per request: ${LENGTH_DOC}`, default: "1000", defaultFrom: "", valueName: "<n|dist>" },
  { id: "outputTokens", flag: "output-tokens", url: "out", urlAliases: ["x.out"], label: "Output tokens", unit: "token", kind: "text", group: "workload", doc: `output tokens per request: ${LENGTH_DOC}`, default: "1000", defaultFrom: "", valueName: "<n|dist>" },
  { id: "arrivalRate", flag: "rate", url: "rate", urlAliases: ["x.rate"], label: "Arrival rate", unit: "1/s", kind: "number", group: "workload", doc: "requests per second arriving (open loop)", what: "requests per second", default: null, defaultFrom: "none: give a rate, a concurrency or a trace (the page starts at half the saturation rate)", min: 1e-6, max: 1e9, valueName: "<req/s>" },
  { id: "concurrency", flag: "concurrency", url: "conc", label: "Concurrency", unit: "sequence", kind: "integer", group: "workload", doc: "a closed loop of N users, each sending its next request when the last finishes", what: "concurrent users", default: null, defaultFrom: "an open loop at the arrival rate", min: 1, max: 1e7, keywords: { max: "as many users as memory admits sequences" }, valueName: "<N|max>", advanced: true },
  { id: "sloTtftMs", flag: "slo-ttft-ms", url: "ttft", urlAliases: ["x.ttft"], label: "SLO TTFT", unit: "ms", kind: "number", group: "workload", doc: "SLO on the time to first token at the SLO percentile", what: "milliseconds", default: null, defaultFrom: "no SLO on TTFT", min: 1e-3, max: 1e9, valueName: "<ms>" },
  { id: "sloTpotMs", flag: "slo-tpot-ms", url: "tpot", urlAliases: ["x.tpot"], label: "SLO TPOT", unit: "ms", kind: "number", group: "workload", doc: "SLO on the time per output token at the SLO percentile", what: "milliseconds", default: null, defaultFrom: "no SLO on TPOT", min: 1e-3, max: 1e9, valueName: "<ms>" },
  { id: "percentile", flag: "percentile", url: "pct", label: "SLO percentile", unit: "1", kind: "number", group: "workload", doc: "the percentile the SLOs apply to", what: "percentile", default: 99, defaultFrom: "p99, as SLOs are usually stated", min: 1, max: 99.999, valueName: "<p>", advanced: true },
  { id: "arrivals", flag: "arrivals", url: "arr", label: "Arrivals", unit: "", kind: "enum", group: "workload", doc: "arrival process at the rate: poisson, or gamma (bursty, with the CV)", default: "poisson", defaultFrom: "", choices: ["poisson", "gamma"], valueName: "<kind>", advanced: true },
  { id: "arrivalCv", flag: "cv", url: "cv", label: "Burstiness (CV)", unit: "1", kind: "number", group: "workload", doc: "gamma arrivals: coefficient of variation of the gaps (1 = Poisson, 2–4 = bursty)", what: "coefficient of variation", default: 2, defaultFrom: "bursty", min: 0.01, max: 100, valueName: "<c>", advanced: true },
  { id: "prefixHit", flag: "prefix-hit", url: "hit", label: "Prefix-cache hit", unit: "1", kind: "number", group: "workload", doc: "fraction of each prompt found in the prefix cache", what: "fraction of the prompt cached", default: 0, defaultFrom: "no prefix cache", min: 0, max: 0.999, valueName: "<fraction>", advanced: true },
  { id: "classMix", flag: "class-mix", url: "mix", label: "Traffic classes", unit: "", kind: "text", group: "workload", doc: `traffic classes with shares, lengths and SLOs: ${CLASS_MIX_SYNTAX}; a field left out takes the input of its own (lengths, SLOs)`, default: null, defaultFrom: "one class: the lengths and SLOs above", valueName: "<mix>" },
  { id: "trace", flag: "trace", url: "trace", label: "Trace", unit: "", kind: "file", group: "workload", doc: 'a JSON Lines trace: {"arrivalSeconds", "inputTokens", "outputTokens", "class"?, "cachedTokens"?} per line, in arrival order', default: null, defaultFrom: "generated from the lengths and arrivals", valueName: "<file>" },
  { id: "classes", flag: "classes", url: "classes", label: "Traffic classes", unit: "", kind: "file", group: "workload", doc: "traffic classes: a JSON array of {name, share, inputTokens?, outputTokens?, sloTtftMs?, sloTpotMs?, percentile?, prefixHitFraction?}", default: null, defaultFrom: "one class with the lengths and SLOs above", valueName: "<file>" },
  // Server
  { id: "scheduler", flag: "scheduler", url: "sched", urlAliases: ["x.sched"], label: "Scheduler", unit: "", kind: "enum", group: "system", doc: "static (a batch boards together and rides to the end), continuous (the lecture's train departs every step with whoever is ready), chunked (prefill in chunks beside decode), disaggregated (prefill and decode pools, KV over the scale-out network)", default: "continuous", defaultFrom: "", choices: SCHEDULERS, valueName: "<kind>" },
  { id: "chunkTokens", flag: "chunk-tokens", url: "chunk", label: "Chunk tokens", unit: "token", kind: "integer", group: "system", doc: "chunked: tokens per step (decode + prefill chunk); other schedulers: most prompt tokens in one prefill pass", what: "tokens per step", default: null, defaultFrom: "2,048 for chunked prefill, 16,384 otherwise", min: 1, max: 1e8, valueName: "<n>", advanced: true },
  { id: "admission", flag: "admission", url: "adm", label: "KV admission", unit: "", kind: "enum", group: "system", doc: "reserve (KV for the whole sequence before admitting) or paged (pages on demand; the newest sequence is preempted when memory runs out)", default: "reserve", defaultFrom: "", choices: ["reserve", "paged"], valueName: "<kind>", advanced: true },
  { id: "preemption", flag: "preemption", url: "pre", label: "Preemption", unit: "", kind: "enum", group: "system", doc: "paged: recompute (the prompt and tokens so far are prefilled again) or swap (KV to host memory and back over the host link)", default: "recompute", defaultFrom: "", choices: ["recompute", "swap"], valueName: "<kind>", advanced: true },
  { id: "maxBatch", flag: "max-batch", url: "maxb", label: "Batch cap", unit: "sequence", kind: "integer", group: "system", doc: "most sequences decoding at once", what: "sequences", default: null, defaultFrom: "as many as memory admits", min: 1, max: 1e7, valueName: "<B>", advanced: true },
  { id: "prefillChips", flag: "prefill-chips", url: "pchips", label: "Prefill chips", unit: "chip", kind: "integer", group: "system", doc: "disaggregated: chips of the prefill pool; the rest decode", what: "chips", default: null, defaultFrom: "half the chips", min: 1, max: 1e6, valueName: "<N>", advanced: true },
  EFFICIENCY_MODE_INPUT,
  // The simulation
  { id: "requests", flag: "requests", url: "n", urlAliases: ["x.n"], label: "Requests simulated", unit: "1", kind: "integer", group: "workload", doc: "requests to simulate", what: "requests", default: 20_000, defaultFrom: "20,000 (the page: about 20 request lifetimes)", min: 10, max: 20_000_000, valueName: "<N>", advanced: true },
  { id: "seed", flag: "seed", url: "seed", urlAliases: ["x.seed"], label: "Seed", unit: "1", kind: "integer", group: "workload", doc: "seed of the workload generator (same seed, same result)", what: "seed", default: 1, defaultFrom: "", min: 0, max: 4294967295, valueName: "<n>", advanced: true },
  { id: "warmup", flag: "warmup", url: "warm", label: "Warm-up share", unit: "1", kind: "number", group: "workload", doc: "share of requests (by arrival) left out of statistics while the system fills", what: "fraction of requests", default: 0.1, defaultFrom: "", min: 0, max: 0.9, valueName: "<fraction>", advanced: true },
  // Capacity
  { id: "targetRate", flag: "target-rate", url: "target", label: "Target rate", unit: "1/s", kind: "number", group: "economics", doc: "capacity: the cheapest system, replica layout and number of replicas serving this many requests/s with every class meeting its SLOs (needs an SLO)", what: "requests per second", default: null, defaultFrom: "no capacity search", min: 1e-6, max: 1e9, valueName: "<req/s>" },
  { id: "systems", flag: "systems", url: "systems", label: "Candidate systems", unit: "", kind: "text", group: "economics", doc: "capacity: candidate systems, comma-separated catalog ids or aliases, or priced (every catalog chip with a price quote)", default: null, defaultFrom: "the hardware above", valueName: "<ids|priced>" },
  { id: "maxReplicaChips", flag: "max-replica-chips", url: "rchips", label: "Largest replica", unit: "chip", kind: "integer", group: "economics", doc: "capacity: the largest replica to consider (the chips input fixes the replica's size instead)", what: "chips per replica", default: null, defaultFrom: "one scale-up domain, at most 72 chips", min: 1, max: 4096, valueName: "<N>", advanced: true },
];

/** `roofline serve` and the Serving page. */
export const SERVE_INPUTS = STEP_INPUTS.derive("serve", {
  omit: ["batch", "contextTokens", "phase", "promptTokens"],
  set: {
    model: { default: SERVE_DEFAULT_MODEL, defaultFrom: "a dense 70B: the lecture's serving example" },
    hardware: { default: SERVE_DEFAULT_HARDWARE, defaultFrom: "an H100 SXM server" },
    chips: { default: 8, defaultFrom: "8 GPUs: one HGX server" },
  },
  add: SERVE_OWN,
});

/** The Serving page: the inputs it has controls for (a trace and class files are the CLI's; capacity is its own panel). */
export const SERVE_PAGE_INPUTS = SERVE_INPUTS.derive("serving-page", { omit: ["trace", "classes", "targetRate", "systems", "maxReplicaChips"] });

/** The Serving page's "How many chips?" panel: the capacity search's own inputs. */
export const SERVE_CAPACITY_INPUTS = SERVE_INPUTS.derive("serving-capacity", { omit: SERVE_INPUTS.inputs.map((d) => d.id).filter((id) => !["targetRate", "systems", "maxReplicaChips"].includes(id)) });


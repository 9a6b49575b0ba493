/**
 * The inputs of a serving analysis (`roofline serve` and the Serving page), in one table of the core
 * input definitions (inputs/define.ts): the roofline inputs of a step (no batch, context or phase: a
 * workload has its own), then the workload, the server, the simulation and the capacity search. The
 * CLI's flags and help and the page's controls and URL keys come from it; `serveOptions` turns the
 * values an interface read (by input id) into ServeOptions, so both run the same analysis.
 *
 * Lengths are text (a number or a distribution); SLOs are typed in milliseconds, as people state them.
 * The page's first URL keys (x.in, x.out, x.rate, x.sched, x.ttft, x.tpot, x.n, x.seed) are aliases, read on
 * the Serving page only (the Practice page has its own x.seed).
 */
import { RooflineError } from "../errors.ts";
import type { Quantity } from "../formula/formula.ts";
import { resolveChoice, resolveNumber, type InputDef } from "../inputs/define.ts";
import { STEP_INPUTS } from "../inputs/roofline.ts";
import type { RooflineOptions } from "../roofline/step.ts";
import { stepTimesFor } from "../efficiency/steptimes.ts";
import { EFFICIENCY_MODES, type EfficiencyMode } from "../efficiency/mode.ts";
import { SCHEDULERS, type Admission, type Preemption, type Scheduler } from "./simulate.ts";
import { CLASS_MIX_SYNTAX, parseClasses, parseClassMix, parseLength, type Arrivals, type RequestSet, type TrafficClass } from "./workload.ts";
import { maxConcurrency, type ServeOptions } from "./analysis.ts";

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
  { id: "efficiency", flag: "efficiency", url: "eff", label: "Step times", unit: "", kind: "enum", group: "efficiency", doc: "ideal (the roofline: a bound) or expected (the efficiency model's calibrated step times)", default: "expected", defaultFrom: "the efficiency model's calibrated step times", choices: EFFICIENCY_MODES, valueName: "<mode>" },
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

/** The values of the serving inputs an interface read, by id: numbers (Quantities or plain) and text. */
export type ServeGiven = Readonly<Record<string, unknown>>;

/** Files an interface read for the `trace` and `classes` inputs (the CLI from disk, the page from a paste). */
export interface ServeFiles {
  trace?: RequestSet;
  /** The parsed JSON of a classes file, and how to name it in messages. */
  classes?: { json: unknown; field: string };
}

function numberGiven(v: unknown): number | Quantity | undefined {
  return typeof v === "number" || (typeof v === "object" && v !== null && "value" in v) ? (v as number | Quantity) : undefined;
}

function textGiven(v: unknown): string | undefined {
  return typeof v === "string" && v.trim() !== "" ? v.trim() : undefined;
}

/**
 * ServeOptions from a base RooflineOptions (model, hardware, chips, precisions: the step's inputs) and
 * the serving inputs by id. `names` (the base's) names inputs in messages: the CLI's flags, the page's
 * labels. A missing rate is an error unless `defaultRate` is given (the page offers half the closed
 * form's saturation rate) or a closed loop or a trace gives the arrivals.
 */
export function serveOptions(roofline: RooflineOptions, given: ServeGiven, files: ServeFiles = {}, opts: { defaultRate?: (o: ServeOptions) => number } = {}): ServeOptions {
  // The step's inputs only: an interface may hand over every input of the table.
  const base: Record<string, unknown> = { ...roofline };
  for (const d of SERVE_OWN) delete base[d.id];
  const n = (id: string) => roofline.names?.[id] ?? id;
  const T = SERVE_INPUTS;
  const num = (id: string) => resolveNumber(T, id, numberGiven(given[id]), n(id));
  const numOrNull = (id: string) => (given[id] === undefined && T.get(id).default === null ? null : num(id).value);
  const rateGiven = given["arrivalRate"] !== undefined;
  // A closed loop: a number of users, or "max" (as many sequences as memory admits).
  const concGiven = given["concurrency"];
  const concMax = typeof concGiven === "string" && concGiven.trim().toLowerCase() === "max";
  const concText = concGiven === undefined ? undefined : concMax ? "max" : "n";
  if (rateGiven && concText !== undefined) {
    throw new RooflineError({ code: "invalid-choice", field: `${n("arrivalRate")}/${n("concurrency")}`, value: "both", expected: "one of an arrival rate (open loop) or a concurrency (closed loop)" });
  }
  if (files.trace && (rateGiven || concText !== undefined)) {
    throw new RooflineError({ code: "invalid-choice", field: n("trace"), expected: "a trace alone: it gives its own arrival times (drop the rate and the concurrency)" });
  }
  const inputLen = parseLength(textGiven(given["inputTokens"]) ?? (T.get("inputTokens").default as string), n("inputTokens"));
  const outputLen = parseLength(textGiven(given["outputTokens"]) ?? (T.get("outputTokens").default as string), n("outputTokens"));
  const prefixHit = num("prefixHit").value;
  const percentile = num("percentile").value;
  const ttftMs = numOrNull("sloTtftMs");
  const tpotMs = numOrNull("sloTpotMs");
  const ttft = ttftMs === null ? null : ttftMs / 1000;
  const tpot = tpotMs === null ? null : tpotMs / 1000;
  let classes: TrafficClass[] = [{ name: "default", share: 1, input: inputLen, output: outputLen, prefixHitFraction: prefixHit, sloTtftSeconds: ttft, sloTpotSeconds: tpot, percentile }];
  const mix = textGiven(given["classMix"]);
  if (mix !== undefined && files.classes) throw new RooflineError({ code: "invalid-choice", field: `${n("classMix")}/${n("classes")}`, value: "both", expected: "one of a class mix or a classes file" });
  if (mix !== undefined) {
    classes = parseClassMix(mix, n("classMix"), { input: inputLen, output: outputLen, prefixHitFraction: prefixHit }).map((c) => ({
      ...c,
      sloTtftSeconds: c.sloTtftSeconds ?? ttft,
      sloTpotSeconds: c.sloTpotSeconds ?? tpot,
    }));
  }
  if (files.classes) {
    classes = parseClasses(files.classes.json, files.classes.field, { input: inputLen, output: outputLen, prefixHitFraction: prefixHit }).map((c) => ({
      ...c,
      sloTtftSeconds: c.sloTtftSeconds ?? ttft,
      sloTpotSeconds: c.sloTpotSeconds ?? tpot,
    }));
  }
  const kind = resolveChoice<"poisson" | "gamma">(T, "arrivals", given["arrivals"] as "poisson" | "gamma" | undefined, n("arrivals"));
  const o: ServeOptions = {
    ...(base as unknown as RooflineOptions),
    workload: { classes, arrivals: { kind: "poisson", ratePerSecond: 1 } },
    scheduler: resolveChoice<Scheduler>(T, "scheduler", given["scheduler"] as Scheduler | undefined, n("scheduler")),
    admission: resolveChoice<Admission>(T, "admission", given["admission"] as Admission | undefined, n("admission")),
    preemption: resolveChoice<Preemption>(T, "preemption", given["preemption"] as Preemption | undefined, n("preemption")),
    requests: num("requests").value,
    seed: num("seed").value,
    warmupFraction: num("warmup").value,
    sloNames: { ttft: n("sloTtftMs"), tpot: n("sloTpotMs") },
    // Step times: expected (the efficiency model's calibrated non-ideal times) by default; ideal = the bound.
    stepTimes: stepTimesFor(serveEfficiency(given, roofline.names)),
  };
  const chunk = numOrNull("chunkTokens");
  if (chunk !== null) o.chunkTokens = chunk;
  const mb = numOrNull("maxBatch");
  if (mb !== null) o.maxBatch = mb;
  const pc = numOrNull("prefillChips");
  if (pc !== null) o.prefillChips = pc;
  let arrivals: Arrivals;
  if (files.trace) {
    o.trace = files.trace;
    arrivals = { kind: "poisson", ratePerSecond: 1 };
  } else if (concText !== undefined) {
    let c: number;
    if (concMax) {
      c = maxConcurrency({ ...o, workload: { classes, arrivals: { kind: "poisson", ratePerSecond: 1 } } });
    } else c = num("concurrency").value;
    arrivals = { kind: "closed", concurrency: c };
  } else {
    let rate: number;
    if (rateGiven) rate = num("arrivalRate").value;
    else if (opts.defaultRate) rate = opts.defaultRate(o);
    else throw new RooflineError({ code: "missing-value", field: n("arrivalRate"), input: "arrivalRate", expected: `an arrival rate in requests per second, a closed loop (${n("concurrency")}: a number of users or max), or a trace (${n("trace")})`, fixes: [{ kind: "give", input: "arrivalRate" }, { kind: "give", input: "concurrency" }] });
    arrivals = kind === "gamma" ? { kind: "gamma", ratePerSecond: rate, cv: num("arrivalCv").value } : { kind: "poisson", ratePerSecond: rate };
  }
  o.workload = { classes, arrivals };
  return o;
}

/** The step-time mode chosen (expected unless ideal is given). */
export function serveEfficiency(given: ServeGiven, names?: Readonly<Partial<Record<string, string>>>): EfficiencyMode {
  return resolveChoice<EfficiencyMode>(SERVE_INPUTS, "efficiency", given["efficiency"] as EfficiencyMode | undefined, names?.["efficiency"] ?? "efficiency");
}

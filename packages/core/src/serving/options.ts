/**
 * ServeOptions from the serving inputs an interface read (serving/inputs.ts: the table). Kept apart from
 * the table so that reading the table (the web app's shell parses every URL key) does not load the
 * simulator and the analysis.
 */
import { RooflineError } from "../errors.ts";
import type { Quantity } from "../formula/formula.ts";
import { resolveChoice, resolveNumber } from "../inputs/define.ts";
import type { RooflineOptions } from "../roofline/step.ts";
import { stepTimesFor } from "../efficiency/steptimes.ts";
import type { EfficiencyMode } from "../efficiency/mode.ts";
import type { Admission, Preemption, Scheduler } from "./simulate.ts";
import { parseClasses, parseClassMix, parseLength, type Arrivals, type RequestSet, type TrafficClass } from "./workload.ts";
import { maxConcurrency, type ServeOptions } from "./analysis.ts";
import { STEP_INPUTS } from "../inputs/roofline.ts";
import { SERVE_INPUTS } from "./inputs.ts";

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
  for (const d of SERVE_INPUTS.inputs) if (!STEP_INPUTS.has(d.id)) delete base[d.id];
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

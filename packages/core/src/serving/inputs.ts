/**
 * The inputs of a serving analysis, in one table: key, CLI flag, what it is (with unit and range) and
 * its default. The CLI builds its flags and checks from this table; the web page its controls.
 */
import type { NumberRule } from "../validate.ts";

export interface ServeInput {
  key: string;
  flag: string;
  /** The value placeholder in help ("<N>"). */
  arg: string;
  help: string;
  /** For plain numbers: the rule the value is checked against. */
  rule?: NumberRule;
  /** For choices. */
  choices?: readonly string[];
  default?: string;
}

export const SERVE_INPUTS: readonly ServeInput[] = [
  { key: "inputTokens", flag: "--input-tokens", arg: "<n|dist>", help: "prompt tokens per request: a number (1000, 4k) or a distribution: uniform:MIN:MAX, normal:MEAN:SD, lognormal:MEAN:SIGMA, hist:TOKENS=WEIGHT,…", default: "1000" },
  { key: "outputTokens", flag: "--output-tokens", arg: "<n|dist>", help: "output tokens per request (a number or a distribution, as --input-tokens)", default: "1000" },
  { key: "rate", flag: "--rate", arg: "<req/s>", help: "arrival rate in requests per second (open loop)", rule: { what: "requests per second", above: 0, max: 1e9 } },
  { key: "concurrency", flag: "--concurrency", arg: "<N|max>", help: "a closed loop of N users, each sending its next request when the last finishes; max = as many sequences as memory admits", rule: { what: "concurrent users", integer: true, min: 1, max: 1e7 } },
  { key: "arrivals", flag: "--arrivals", arg: "<kind>", help: "arrival process for --rate: poisson or gamma (bursty, with --cv)", choices: ["poisson", "gamma"], default: "poisson" },
  { key: "cv", flag: "--cv", arg: "<c>", help: "gamma arrivals: coefficient of variation of the gaps (1 = Poisson, 2–4 = bursty)", rule: { what: "coefficient of variation", above: 0, max: 100 }, default: "2" },
  { key: "trace", flag: "--trace", arg: "<file>", help: "a JSON Lines trace: {\"arrivalSeconds\", \"inputTokens\", \"outputTokens\", \"class\"?, \"cachedTokens\"?} per line, in arrival order" },
  { key: "classes", flag: "--classes", arg: "<file>", help: "traffic classes: a JSON array of {name, share, inputTokens?, outputTokens?, sloTtftMs?, sloTpotMs?, percentile?, prefixHitFraction?}" },
  { key: "prefixHit", flag: "--prefix-hit", arg: "<fraction>", help: "fraction of each prompt found in the prefix cache, [0, 1)", rule: { what: "fraction of the prompt cached", min: 0, max: 0.999 }, default: "0" },
  { key: "sloTtftMs", flag: "--slo-ttft-ms", arg: "<ms>", help: "SLO on the p99 (see --percentile) time to first token, milliseconds", rule: { what: "milliseconds", above: 0, max: 1e9 } },
  { key: "sloTpotMs", flag: "--slo-tpot-ms", arg: "<ms>", help: "SLO on the p99 time per output token, milliseconds", rule: { what: "milliseconds", above: 0, max: 1e9 } },
  { key: "percentile", flag: "--percentile", arg: "<p>", help: "the percentile the SLOs apply to", rule: { what: "percentile", above: 0, max: 99.999 }, default: "99" },
  { key: "scheduler", flag: "--scheduler", arg: "<kind>", help: "static (a batch boards together and rides to the end), continuous (iteration-level: the lecture's train departs every step with whoever is ready), chunked (prefill in chunks beside decode), disaggregated (prefill and decode pools, KV over the scale-out network)", choices: ["static", "continuous", "chunked", "disaggregated"], default: "continuous" },
  { key: "chunkTokens", flag: "--chunk-tokens", arg: "<n>", help: "chunked: tokens per step (decode + prefill chunk); others: most prompt tokens in one prefill pass", rule: { what: "tokens per step", integer: true, min: 1, max: 1e8 } },
  { key: "admission", flag: "--admission", arg: "<kind>", help: "reserve (KV for the whole sequence before admitting) or paged (pages on demand; the newest sequence is preempted when memory runs out)", choices: ["reserve", "paged"], default: "reserve" },
  { key: "preemption", flag: "--preemption", arg: "<kind>", help: "paged: recompute (the prompt and tokens so far are prefilled again) or swap (KV to host memory and back over the host link)", choices: ["recompute", "swap"], default: "recompute" },
  { key: "maxBatch", flag: "--max-batch", arg: "<B>", help: "most sequences decoding at once (default: as many as memory admits)", rule: { what: "sequences", integer: true, min: 1, max: 1e7 } },
  { key: "prefillChips", flag: "--prefill-chips", arg: "<N>", help: "disaggregated: chips of the prefill pool; the rest of --chips decode (default: half)", rule: { what: "chips", integer: true, min: 1, max: 1e6 } },
  { key: "efficiency", flag: "--efficiency", arg: "<mode>", help: "step times: ideal (the roofline bound) or expected (the efficiency model's calibrated non-ideal times)", choices: ["ideal", "expected"], default: "expected" },
  { key: "requests", flag: "--requests", arg: "<N>", help: "requests to simulate", rule: { what: "requests", integer: true, min: 10, max: 20_000_000 }, default: "20000" },
  { key: "seed", flag: "--seed", arg: "<n>", help: "seed of the workload generator (same seed, same result)", rule: { what: "seed", integer: true, min: 0, max: 4294967295 }, default: "1" },
  { key: "warmup", flag: "--warmup", arg: "<fraction>", help: "share of requests (by arrival) left out of statistics while the system fills", rule: { what: "fraction of requests", min: 0, max: 0.9 }, default: "0.1" },
  { key: "targetRate", flag: "--target-rate", arg: "<req/s>", help: "capacity: the cheapest system, replica layout and number of replicas serving this many requests/s with every class meeting its SLOs (needs an SLO)", rule: { what: "requests per second", above: 0, max: 1e9 } },
  { key: "systems", flag: "--systems", arg: "<ids|priced>", help: "capacity: candidate systems, comma-separated catalog ids or aliases, or priced (every catalog chip with a price quote); default: --hardware" },
  { key: "maxReplicaChips", flag: "--max-replica-chips", arg: "<N>", help: "capacity: the largest replica to consider, chips (default: one scale-up domain, at most 72); --chips fixes the replica's size instead", rule: { what: "chips per replica", integer: true, min: 1, max: 4096 } },
];

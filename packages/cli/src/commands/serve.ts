/**
 * `roofline serve`: a workload on a model and system — throughput, TTFT, TPOT, end-to-end latency,
 * goodput per traffic class and cost, from the closed-form steady state and a discrete-event
 * simulation side by side; the lecture's train reconciled; max load under SLOs; the frontier.
 */
import {
  analyzeServing,
  capacitySearch,
  serveOptions as coreServeOptions,
  formatUsd,
  parseSystems,
  formatQuantity,
  formatSeconds,
  formatSignificant,
  frontier,
  maxLoad,
  parseTrace,
  quoteValue,
  RooflineError,
  SERVE_INPUTS,
  type CapacityResult,
  type Derivation,
  type LatencyStats,
  type ServeOptions,
  type ServeResult,
  type ServeFiles,
} from "@roofline/core";
import { Command } from "commander";
import { addFormatFlags } from "./common.ts";
import { addInputFlags, readInputs } from "../inputs.ts";
import { MAX_TRACE_FILE_BYTES, readJsonFile, readTextFile, rooflineOptions, type RawFlags } from "../options.ts";
import { depthOf, formatOf, out, printWarnings, renderDerivations, renderTable, toJson, type Format, type FormatFlags } from "../output.ts";

type ServeFlags = RawFlags &
  FormatFlags & {
    inputTokens?: string;
    outputTokens?: string;
    rate?: string;
    concurrency?: string;
    arrivals?: string;
    cv?: string;
    trace?: string;
    classes?: string;
    prefixHit?: string;
    sloTtftMs?: string;
    sloTpotMs?: string;
    percentile?: string;
    scheduler?: string;
    chunkTokens?: string;
    admission?: string;
    preemption?: string;
    maxBatch?: string;
    prefillChips?: string;
    requests?: string;
    seed?: string;
    warmup?: string;
    efficiency?: string;
    maxLoad?: boolean;
    targetRate?: string;
    systems?: string;
    maxReplicaChips?: string;
    frontier?: boolean;
    progress?: boolean;
  };

/** The serve inputs given as flags, by id (--concurrency takes max: a word the table declares). */
function serveGiven(flags: ServeFlags): Record<string, unknown> {
  return readInputs(flags as Record<string, unknown>, SERVE_INPUTS);
}

export function serveOptions(f: ServeFlags): ServeOptions {
  const given = serveGiven(f);
  if (given["targetRate"] !== undefined) {
    if (given["arrivalRate"] !== undefined) throw new RooflineError({ code: "invalid-choice", field: "--rate/--target-rate", value: `${f.rate} and ${f.targetRate}`, expected: "one of --rate (serve this rate on the given system) or --target-rate (find the cheapest fleet for it)" });
    // The capacity search's arrivals: open loop; the rate itself is searched per replica.
    if (given["concurrency"] === undefined && f.trace === undefined) given["arrivalRate"] = given["targetRate"];
  }
  const { concurrency: _c, ...roofFlags } = f;
  void _c;
  const base = rooflineOptions({ ...roofFlags, model: f.model ?? (SERVE_INPUTS.get("model").default as string), hardware: f.hardware ?? (SERVE_INPUTS.get("hardware").default as string) }, SERVE_INPUTS);
  const files: ServeFiles = {};
  // A regular file of bounded size only: a FIFO would block, a huge file would outlast any answer.
  if (f.trace !== undefined) files.trace = parseTrace(readTextFile(f.trace, "--trace", { maxBytes: MAX_TRACE_FILE_BYTES, what: "JSON Lines file" }), `--trace ${quoteValue(f.trace)}`);
  if (f.classes !== undefined) files.classes = { json: readJsonFile(f.classes, "--classes"), field: `--classes ${quoteValue(f.classes)}` };
  return coreServeOptions(base, given, files);
}

function progressBar(enabled: boolean): ServeOptions["onProgress"] {
  if (!enabled) return undefined;
  let last = -1;
  return (done, total) => {
    const pct = Math.floor((100 * done) / total);
    if (pct !== last) {
      last = pct;
      const width = 30;
      const filled = Math.round((width * done) / total);
      process.stderr.write(`\rsimulating [${"#".repeat(filled)}${"-".repeat(width - filled)}] ${pct}% of ${total} requests`);
    }
    return true;
  };
}

function lat(s: LatencyStats): string {
  return `${formatSeconds(s.mean)} mean · p50 ${formatSeconds(s.p50)} · p90 ${formatSeconds(s.p90)} · p99 ${formatSeconds(s.p99)}`;
}

function orDash(v: number | null, f: (x: number) => string): string {
  return v === null ? "—" : f(v);
}

function resultRows(r: ServeResult): (string | number)[][] {
  const cf = r.closedForm;
  const rows: (string | number)[][] = [
    ["Requests per second", formatSignificant(r.requestsPerSecond, 4), orDash(cf.outputTokensPerSecond, () => formatSignificant((cf.outputTokensPerSecond as number) / Math.max(1, r.outputTokensPerSecond / Math.max(r.requestsPerSecond, 1e-12)), 4))],
    ["Output tokens per second", formatQuantity(r.outputTokensPerSecond, "token/s"), orDash(cf.outputTokensPerSecond, (v) => formatQuantity(v, "token/s"))],
    ["  per chip", formatQuantity(r.outputTokensPerSecondPerChip, "token/s"), orDash(cf.outputTokensPerSecond, (v) => formatQuantity(v / r.chips, "token/s"))],
    ["Input tokens per second", formatQuantity(r.inputTokensPerSecond, "token/s"), orDash(cf.inputTokensPerSecond, (v) => formatQuantity(v, "token/s"))],
    ["TTFT", lat(r.ttftSeconds), orDash(cf.ttftSeconds, (v) => `${formatSeconds(v)} mean`)],
    ["TPOT", lat(r.tpotSeconds), orDash(cf.tpotSeconds, (v) => `${formatSeconds(v)} mean`)],
    ["End-to-end", lat(r.e2eSeconds), orDash(cf.e2eSeconds, (v) => `${formatSeconds(v)} mean`)],
    ["Goodput (requests/s meeting every SLO)", formatSignificant(r.goodputRequestsPerSecond.total, 4), "—"],
    ["Mean batch (sequences holding a seat)", formatSignificant(r.meanBatch, 4), orDash(cf.meanBatch, (v) => formatSignificant(v, 4))],
    ["Train period (mean decode step)", formatSeconds(r.trainPeriodSeconds), orDash(cf.decodeStepSeconds, (v) => formatSeconds(v))],
    ["Highest sustainable rate", "—", `${formatSignificant(cf.maxRatePerSecond, 4)}/s (batch ${cf.maxBatch})`],
    ["Utilisation (time running a step)", `${formatSignificant(r.utilisation * 100, 3)}%`, "—"],
    ["$ per million output tokens", orDash(r.usdPerMillionOutputTokens, (v) => `$${formatSignificant(v, 3)}`), orDash(r.derivations["usdPerMillionOutputTokens"]?.value ?? null, (v) => `$${formatSignificant(v, 3)}`)],
    ["$ per million input tokens", orDash(r.usdPerMillionInputTokens, (v) => `$${formatSignificant(v, 3)}`), orDash(r.derivations["usdPerMillionInputTokens"]?.value ?? null, (v) => `$${formatSignificant(v, 3)}`)],
  ];
  if (r.preemptions > 0) rows.push(["Preemptions", String(r.preemptions), "—"]);
  rows[0] = ["Requests per second", formatSignificant(r.requestsPerSecond, 4), cf.outputTokensPerSecond === null ? "—" : "the rate"];
  return rows;
}

function classRows(r: ServeResult): (string | number)[][] {
  return r.classes.map((c) => [
    c.name,
    String(c.requests),
    `${c.sloTtftSeconds === null ? "—" : formatSeconds(c.sloTtftSeconds)} / ${c.sloTpotSeconds === null ? "—" : formatSeconds(c.sloTpotSeconds)}`,
    `${formatSeconds(c.ttftAtPercentile)} / ${formatSeconds(c.tpotAtPercentile)}`,
    `${formatSignificant(c.attainment * 100, 3)}%`,
    formatSignificant(c.goodputRequestsPerSecond, 4),
    c.sloTtftSeconds === null && c.sloTpotSeconds === null ? "no SLO" : c.meetsSlo ? "meets" : "misses",
  ]);
}

function lectureRows(r: ServeResult): (string | number)[][] {
  const l = r.lecture;
  const rows: (string | number)[][] = [];
  if (l.optimal) rows.push([`train at the optimal batch (${l.optimal.batch})`, `departs every ${formatSeconds(l.optimal.periodSeconds)}; worst case ${formatSeconds(l.optimal.worstCaseWaitSeconds)}`]);
  else rows.push(["train at the optimal batch", "none: memory-bound at every batch at this context"]);
  if (l.full) {
    rows.push([`train at the batch that fills HBM (${l.full.batch})`, `departs every ${formatSeconds(l.full.periodSeconds)} ≈ HBM drain time ${formatSeconds(l.full.drainSeconds)}`]);
    rows.push(["worst case: just missed it, then ride it", formatSeconds(l.full.worstCaseWaitSeconds)]);
  }
  if (l.fillRatePerSecond !== null) rows.push(["arrival rate that keeps that train full", `${formatSignificant(l.fillRatePerSecond, 4)} requests/s`]);
  if (l.tokensPerSecond !== null) rows.push(["tokens per second of one replica", formatQuantity(l.tokensPerSecond, "token/s")]);
  if (l.dataParallel) rows.push([`${l.dataParallel.replicas} replicas (data parallel)`, `${formatQuantity(l.dataParallel.tokensPerSecond, "token/s")}, each user still ${formatQuantity(l.dataParallel.perUserTokensPerSecond, "token/s")}: DP adds streams, never faster ticks`]);
  return rows;
}

const DERIVATION_ORDER = [
  "prefillSeconds",
  "decodeStepSeconds",
  "meanBatch",
  "prefillUtilisation",
  "tpotSeconds",
  "ttftSeconds",
  "e2eSeconds",
  "maxRatePerSecond",
  "outputTokensPerSecond",
  "usdPerMillionOutputTokens",
  "usdPerMillionInputTokens",
  "simulated.ttftSeconds",
  "simulated.tpotSeconds",
  "simulated.e2eSeconds",
  "simulated.outputTokensPerSecond",
  "simulated.goodputRequestsPerSecond",
  "simulated.meanBatch",
  "trainPeriodAtOptimalBatch",
  "trainPeriodAtFullBatch",
  "trainWorstCaseWaitSeconds",
  "trainMeanWaitSeconds",
  "trainFillRatePerSecond",
  "trainTokensPerSecond",
];

function print(r: ServeResult, flags: ServeFlags, format: Format): void {
  if (format === "json") return out(toJson(r));
  if (format === "csv") {
    const rows: (string | number)[][] = [
      ["requestsPerSecond", r.requestsPerSecond, "1/s"],
      ["outputTokensPerSecond", r.outputTokensPerSecond, "token/s"],
      ["outputTokensPerSecondPerChip", r.outputTokensPerSecondPerChip, "token/s"],
      ["inputTokensPerSecond", r.inputTokensPerSecond, "token/s"],
      ...(["ttftSeconds", "tpotSeconds", "e2eSeconds"] as const).flatMap((k) => (["mean", "p50", "p90", "p99"] as const).map((q) => [`${k}.${q}`, r[k][q], "s"])),
      ["goodputRequestsPerSecond", r.goodputRequestsPerSecond.total, "1/s"],
      ["meanBatch", r.meanBatch, "sequence"],
      ["trainPeriodSeconds", r.trainPeriodSeconds, "s"],
    ];
    if (r.usdPerMillionOutputTokens !== null) rows.push(["usdPerMillionOutputTokens", r.usdPerMillionOutputTokens, "USD/Mtoken"]);
    if (r.usdPerMillionInputTokens !== null) rows.push(["usdPerMillionInputTokens", r.usdPerMillionInputTokens, "USD/Mtoken"]);
    return out(renderTable({ columns: ["name", "value", "unit"], rows }, "csv"));
  }
  const md = format === "md";
  const text: string[] = [
    `${r.model.name} on ${r.chips} × ${r.hardware.name}: ${r.scheduler} batching, ${r.arrivals}, admission ${r.admission}`,
    `step times: ${r.stepTimes} · ${r.simulation.requests} requests simulated (seed ${r.simulation.seed}, first ${r.simulation.warmupDiscarded} discarded), ${formatSignificant(r.simulation.simulatedSeconds, 4)} s of serving, ${r.simulation.decodeSteps} decode steps`,
    "",
    renderTable({ columns: ["quantity", "simulated", "closed form"], rows: resultRows(r) }, format),
    "",
    `closed form: ${r.closedForm.note}`,
    "",
    md ? "## Traffic classes" : "Traffic classes",
    renderTable({ columns: ["class", "requests", "SLO TTFT / TPOT", "at percentile", "met", "goodput/s", "verdict"], rows: classRows(r) }, format),
    "",
    md ? "## The lecture's train, for this workload" : "The lecture's train, for this workload",
    renderTable({ columns: ["the train", "for this model, system and workload"], rows: lectureRows(r) }, format),
  ];
  if (!flags.brief) {
    const ds = DERIVATION_ORDER.map((n) => r.derivations[n]).filter((d): d is Derivation => d !== undefined);
    text.push("", md ? "## Derivations" : "Derivations", "", renderDerivations(ds, md ? "md" : "text", depthOf(flags)));
  }
  out(text.join("\n"));
}

function sloText(r: CapacityResult): string {
  const c = r.check.classes;
  return c
    .map((k) => {
      const parts: string[] = [];
      if (k.sloTtftSeconds !== null) parts.push(`p${k.percentile} TTFT ≤ ${formatSeconds(k.sloTtftSeconds)}`);
      if (k.sloTpotSeconds !== null) parts.push(`p${k.percentile} TPOT ≤ ${formatSeconds(k.sloTpotSeconds)}`);
      return `${c.length > 1 ? `${k.name}: ` : ""}${parts.join(", ") || "no SLO"}`;
    })
    .join("; ");
}

function printCapacity(r: CapacityResult, flags: ServeFlags, format: Format): void {
  if (format === "json") return out(toJson(r));
  const usd = (v: number | null) => (v === null ? "—" : formatUsd(v));
  const rows = r.plans.map((p, i) => [
    i === 0 ? `${p.candidate.hardware.name} ◀` : p.candidate.hardware.name,
    String(p.candidate.chipsPerReplica),
    p.candidate.layoutText,
    formatSignificant(p.candidate.maxRatePerReplica, 4),
    String(p.replicas),
    String(p.totalChips),
    p.candidate.usdPerChipHour === null ? "—" : usd(p.candidate.usdPerChipHour),
    usd(p.usdPerHour),
  ]);
  if (format === "csv") return out(renderTable({ columns: ["system", "chipsPerReplica", "layout", "maxRatePerReplica", "replicas", "chips", "usdPerChipHour", "usdPerHour"], rows: r.plans.map((p) => [p.candidate.hardware.id, p.candidate.chipsPerReplica, p.candidate.layoutText, p.candidate.maxRatePerReplica, p.replicas, p.totalChips, p.candidate.usdPerChipHour ?? "", p.usdPerHour ?? ""]) }, "csv"));
  const md = format === "md";
  const ch = r.chosen;
  const c = ch.candidate;
  const checkRows = r.check.classes.map((k) => [k.name, `${formatSeconds(k.ttftAtPercentile)} / ${formatSeconds(k.tpotAtPercentile)}`, `${k.sloTtftSeconds === null ? "—" : formatSeconds(k.sloTtftSeconds)} / ${k.sloTpotSeconds === null ? "—" : formatSeconds(k.sloTpotSeconds)}`, k.meetsSlo ? "meets" : "misses"]);
  const text: string[] = [
    `Capacity: ${formatSignificant(r.targetRatePerSecond, 4)} requests/s of ${r.model.name} under ${sloText(r)} (${r.stepTimes} step times, ${r.scheduler} batching)`,
    "",
    `Cheapest: ${ch.replicas} replica(s) × ${c.chipsPerReplica} ${c.hardware.name} (${c.layoutText}, ${c.weightPrecision} weights) = ${ch.totalChips} chips${ch.usdPerHour === null ? " (no price: ranked by chips)" : `, ${usd(ch.usdPerHour)}/hour`}`,
    `  max load of one replica: ${formatSignificant(c.maxRatePerReplica, 4)} requests/s (simulated: bisection over ${c.maxLoad.probes.length} runs)`,
    `  replicas = ⌈${formatSignificant(r.targetRatePerSecond, 4)} ÷ ${formatSignificant(c.maxRatePerReplica, 4)}⌉${r.addedReplicas > 0 ? ` + ${r.addedReplicas} (the check missed)` : ""} = ${ch.replicas}`,
    `  chips = ${ch.replicas} × ${c.chipsPerReplica} = ${ch.totalChips}`,
    ...(ch.usdPerHour === null ? [] : [`  cost = ${ch.replicas} × ${c.chipsPerReplica} × ${usd(c.usdPerChipHour)}/chip-hour = ${usd(ch.usdPerHour)}/hour (${c.priceNote})`]),
    `  check: one replica at ${formatSignificant(r.check.ratePerSecond, 4)} requests/s (${r.check.requests} requests, seed ${r.check.seed}): ${r.check.meets ? "meets every SLO" : "MISSES an SLO"}`,
    renderTable({ columns: ["class", "simulated TTFT / TPOT at the percentile", "SLO", "verdict"], rows: checkRows }, format),
    "",
    md ? "## Alternatives (cheapest first)" : "Alternatives (cheapest first)",
    renderTable({ columns: ["system", "chips/replica", "layout", "max load/replica (req/s)", "replicas", "chips", "$/chip-hour", "$/hour"], rows }, format),
  ];
  if (r.rejected.length > 0) {
    text.push("", md ? "## Not candidates" : "Not candidates", renderTable({ columns: ["system", "chips/replica", "why"], rows: r.rejected.map((x) => [x.hardware.name, x.chipsPerReplica === null ? "—" : String(x.chipsPerReplica), x.reason.length > 160 ? `${x.reason.slice(0, 157)}…` : x.reason]) }, format));
  }
  if (!flags.brief) {
    text.push("", md ? "## Derivations" : "Derivations", "", renderDerivations(Object.values(r.derivations), md ? "md" : "text", depthOf(flags)));
  }
  out(text.join("\n"));
}

export function serveCommand(): Command {
  const cmd = new Command("serve")
    .summary("serve a workload: throughput, TTFT, TPOT, goodput per class and cost (closed form + simulation)")
    .description(
      "Serves a workload (input/output lengths, arrivals, traffic classes with SLOs) on a model and system: requests/s, tokens/s, TTFT, TPOT and end-to-end latency (mean, p50, p90, p99), goodput per class and $ per million input and output tokens — from the closed-form steady state (every number derived) and a discrete-event simulation driven by the compiled step kernel, side by side. --max-load finds the highest rate meeting every SLO; --frontier sweeps concurrency for tokens/s per chip against tokens/s per user.",
    );
  addInputFlags(cmd, SERVE_INPUTS);
  cmd.addHelpText("after", "\nCapacity: --target-rate R finds the cheapest system, replica layout (through the layout search) and replicas for R requests/s under the SLOs.");
  cmd.option("--max-load", "search the highest rate (or, with --concurrency, users) at which every class meets its SLOs");
  cmd.option("--frontier", "the throughput–interactivity frontier: tokens/s per chip against tokens/s per user as concurrency doubles");
  cmd.option("--no-progress", "no progress bar on stderr");
  addFormatFlags(cmd);
  cmd.addHelpText("after", `\nExample: roofline serve --rate 5 --input-tokens 1000 --output-tokens 1000 --slo-ttft-ms 2000 --slo-tpot-ms 50`);
  cmd.action((flags: ServeFlags) => {
    const o = serveOptions(flags);
    const given = serveGiven(flags);
    // --concurrency max resolved: what --json echoes is the number of users simulated.
    if (given["concurrency"] === "max" && o.workload.arrivals.kind === "closed") cmd.setOptionValue("concurrency", String(o.workload.arrivals.concurrency));
    const format = formatOf(flags);
    const bar = progressBar(flags.progress !== false && Boolean(process.stderr.isTTY) && format === "text");
    if (bar) o.onProgress = bar;
    try {
      if (given["targetRate"] !== undefined) {
        const c = capacitySearch({
          serve: o,
          targetRatePerSecond: (given["targetRate"] as { value: number }).value,
          ...(typeof given["systems"] === "string" ? { systems: parseSystems(given["systems"], "--systems") } : {}),
          ...(flags.chips !== undefined ? { chipsPerReplica: (o.chips as { value: number }).value } : {}),
          ...(given["maxReplicaChips"] !== undefined ? { maxChipsPerReplica: (given["maxReplicaChips"] as { value: number }).value } : {}),
          names: { targetRate: "--target-rate", systems: "--systems", chips: "--chips", maxChips: "--max-replica-chips", sloTtft: "--slo-ttft-ms", sloTpot: "--slo-tpot-ms" },
        });
        if (bar) process.stderr.write("\n");
        printWarnings(c.warnings);
        return printCapacity(c, flags, format);
      }
      if (flags.maxLoad) {
        const m = maxLoad(o);
        if (bar) process.stderr.write("\n");
        if (format === "json") return out(toJson(m));
        const rows = m.probes.map((p) => [formatSignificant(p.load, 4), p.meets ? "meets" : "misses", p.keepsUp ? "yes" : "no: past the service rate", formatSignificant(p.goodput, 4), formatSignificant(p.throughput, 4)]);
        const text = [
          `max ${m.axis === "rate" ? "rate" : "concurrency"} meeting every SLO: ${formatSignificant(m.maxLoad, 4)}${m.axis === "rate" ? " requests/s" : " users"} (${formatQuantity(m.outputTokensPerSecond, "token/s")} output)`,
          m.message,
          "",
          ...(m.service?.ratePerSecond != null
            ? [`service rate (what the server completes while requests queue): ${formatSignificant(m.service.ratePerSecond, 4)} requests/s, measured at ${formatSignificant(m.service.probeRatePerSecond, 4)} requests/s arriving (${m.service.requests} requests, second half)`, ""]
            : []),
          renderTable({ columns: [m.axis === "rate" ? "rate (req/s)" : "users", "SLOs", "keeps up", "goodput (req/s)", "throughput (req/s)"], rows }, format),
        ];
        if (!flags.brief) text.push("", renderDerivations([m.derivation], format === "md" ? "md" : "text", 0));
        return out(text.join("\n"));
      }
      if (flags.frontier) {
        const pts = frontier(o);
        if (bar) process.stderr.write("\n");
        if (format === "json") return out(toJson({ points: pts }));
        const rows = pts.map((p) => [String(p.concurrency), formatQuantity(p.tokensPerSecondPerUser, "token/s"), formatQuantity(p.tokensPerSecondPerChip, "token/s"), formatSeconds(p.ttftMean), formatQuantity(p.idealPerUser, "token/s"), formatQuantity(p.idealPerChip, "token/s")]);
        return out(
          [
            "The throughput–interactivity frontier (closed loop at each concurrency; simulated, with the decode roofline alone beside it)",
            "",
            renderTable({ columns: ["users", "tokens/s per user", "tokens/s per chip", "TTFT mean", "decode-only per user", "decode-only per chip"], rows }, format),
          ].join("\n"),
        );
      }
      const r = analyzeServing(o);
      if (bar) process.stderr.write("\n");
      printWarnings(r.warnings);
      print(r, flags, format);
    } catch (e) {
      if (bar) process.stderr.write("\n");
      throw e;
    }
  });
  return cmd;
}

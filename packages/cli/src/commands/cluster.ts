/**
 * `layout` and `search`: where the model lives across chips and racks, what each chip holds, what
 * the communication costs, and the Pareto frontier of layouts (speed per user vs $ per million
 * tokens vs chips).
 */
import {
  analyzeLayout,
  efficiencyAccuracy,
  formatQuantity,
  formatSignificant,
  layoutOptionsFromInputs,
  parseList,
  parseNumber,
  quoteValue,
  RooflineError,
  scheduleToAscii,
  searchLayouts,
  searchOptionsFromInputs,
  layoutSchedule,
  LAYOUT_HEADLINES,
  LAYOUT_INPUTS,
  SEARCH_INPUTS,
  type Derivation,
  type InputTable,
  type LayoutOptions,
  type LayoutResult,
  type Schedule,
  type SearchPoint,
  type SearchResult,
} from "@roofline/core";
import { Command } from "commander";
import { addInputFlags, flagNames, readInputs } from "../inputs.ts";
import { rooflineOptions, type RawFlags } from "../options.ts";
import { depthOf, formatOf, out, printWarnings, renderDerivations, renderTable, toJson, type Format, type FormatFlags, type Table } from "../output.ts";

type SystemFlags = RawFlags;

interface LayoutFlags extends SystemFlags, FormatFlags {
  schedule?: string;
}

interface SearchFlags extends SystemFlags, FormatFlags {
  explain?: string;
  progress?: string;
}

/** The table's inputs given as flags, as LayoutOptions (shared by layout and search); `given` by id. */
function systemOptions(f: SystemFlags, table: InputTable): { o: LayoutOptions; given: Record<string, unknown> } {
  const given = readInputs(f as Record<string, unknown>, table);
  const { chips: _chips, batch: _batch, names: _names, ...rest } = rooflineOptions(f, table);
  const o = layoutOptionsFromInputs(rest as Omit<LayoutOptions, "names">, given, flagNames(table, f as Record<string, unknown>));
  return { o, given };
}

// ---- rendering -----------------------------------------------------------------------------------

/** Key–value rows: aligned "key  value" lines as text, a two-column table as Markdown. */
function keyValues(rows: [string, string][], format: Format): string {
  if (format === "md") return renderTable({ columns: ["", "value"], rows }, "md");
  const w = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${k.padEnd(w)}  ${v}`).join("\n");
}

function pct(x: number): string {
  return `${formatSignificant(x * 100, 3)}%`;
}

const MAX_DIAGRAM_RACKS = 32;
/** Layouts `search --json` explains at most (each is up to ~8 MB of JSON). */
const MAX_JSON_EXPLAINED = 3;

function rackDiagram(r: LayoutResult): string {
  const lines: string[] = [];
  const D = r.system.scaleUpDomainChips;
  const perRow = Math.min(D, 72);
  // A diagram of thousands of racks helps no one (and a million printed 54 MB): the first racks, then a count.
  const shown = r.placement.slice(0, MAX_DIAGRAM_RACKS);
  for (const dom of shown) {
    const used = dom.chips.filter((c) => c !== null).length;
    const stages = [...new Set(dom.chips.filter((c) => c !== null).map((c) => `r${c?.replica}s${c?.stage}`))];
    const cells = dom.chips.map((c) => (c === null ? "·" : String.fromCharCode(c.stage < 10 ? 48 + c.stage : 55 + c.stage)));
    const rows: string[] = [];
    for (let i = 0; i < cells.length; i += perRow) rows.push(cells.slice(i, i + perRow).join(""));
    lines.push(`rack ${dom.domain}: ${used}/${D} chips used (${stages.join(", ") || "idle"})`);
    for (const row of rows) lines.push(`  ${row}`);
    const first = dom.chips.find((c) => c !== null);
    if (first) {
      const experts = first.experts ? `; chip ${first.chip} holds experts ${first.experts[0]}–${first.experts[1]} of every MoE layer` : "";
      lines.push(`  stage ${first.stage}: layers ${first.layers[0]}–${first.layers[1]}${experts}, tensor rank ${first.tensorRank}, attention group ${first.attentionGroup}`);
    }
  }
  if (r.placement.length > shown.length) {
    const rest = r.placement.slice(shown.length);
    const used = rest.reduce((n, d) => n + d.chips.filter((c) => c !== null).length, 0);
    lines.push(`… ${rest.length} more racks (${used} of their ${rest.length * D} chips used) not drawn`);
  }
  lines.push("  (digit = pipeline stage of the chip, · = idle)");
  return lines.join("\n");
}

function layoutSummary(r: LayoutResult): [string, string][] {
  const d = r.degrees;
  const rows: [string, string][] = [
    ["layout", `E=${d.expertParallel} experts-parallel × T=${d.tensorParallel} tensor × P=${d.pipelineStages} stages × R=${d.dataParallel} replicas; attention in ${d.attentionDataParallel} data-parallel group(s)`],
    ["micro-batches", `${d.microBatches} of ${d.microBatch} sequence(s): ${d.microBatches * d.microBatch} in flight per replica`],
    ["chips", `${r.chips.perStage} per stage, ${r.chips.perReplica} per replica, ${r.chips.total} in all; ${r.system.domains} × ${r.system.scaleUpDomainChips}-chip domain(s), ${r.chips.idleInSystem} idle`],
    ["memory per chip", `${formatQuantity(r.memory.totalBytesPerChip, "B")} of ${formatQuantity(r.memory.capacityBytesPerChip, "B")} (${r.memory.fits ? "fits" : "DOES NOT FIT"}): weights ${formatQuantity(r.memory.weightBytesPerChip, "B")}, KV ${formatQuantity(r.memory.kvBytesPerChip, "B")}, activations ${formatQuantity(r.memory.activationBytesPerChip, "B")}`],
    ["lecture's (N + B·L·kv)/(E·P)", `${formatQuantity(r.lectureMemory.totalBytesPerChip, "B")}: weights ${formatQuantity(r.lectureMemory.weightBytesPerChip, "B")}, KV ${formatQuantity(r.lectureMemory.kvBytesPerChip, "B")}`],
    ["stage roofline", `${formatQuantity(r.time.stageRooflineSeconds, "s")} (${r.time.bound}-bound: compute ${formatQuantity(r.time.stageComputeSeconds, "s")}, weights ${formatQuantity(r.time.stageWeightReadSeconds, "s")}, KV ${formatQuantity(r.time.stageKvReadSeconds, "s")})`],
    ["stage communication", `all-to-all ${formatQuantity(r.time.stageAllToAllSeconds, "s")}, tensor-parallel all-reduce ${formatQuantity(r.time.tensorParallelSeconds, "s")}`],
    ["stage time", formatQuantity(r.time.stageSeconds, "s")],
    ["pipeline hops", `${formatSignificant(r.time.hopsPerToken, 3)} per token × ${formatQuantity(r.time.hopSeconds, "s")}${r.traffic.hopsCrossDomains ? " (across racks)" : " (inside one scale-up domain)"}`],
    [r.phase === "decode" ? "time per output token" : "time per prefill pass", formatQuantity(r.time.tokenSeconds, "s")],
    ["speed per user", formatQuantity(r.tokensPerSecondPerUser, "token/s")],
    ["throughput", `${formatQuantity(r.tokensPerSecondPerReplica, "token/s")} per replica, ${formatQuantity(r.tokensPerSecond, "token/s")} in all`],
    ["cost", r.usdPerMillionTokens === null ? "unknown (pass --usd-per-hour)" : formatQuantity(r.usdPerMillionTokens, "USD/Mtoken")],
  ];
  if (r.derivations["allToAllInsideBytes"]) {
    const c = r.communication.ideal;
    rows.push([
      "expert traffic per chip per MoE layer (ideal)",
      `${formatQuantity(r.traffic.allToAllInsideBytesPerChipPerLayer, "B")} inside the rack, ${formatQuantity(r.traffic.allToAllOutsideBytesPerChipPerLayer, "B")} across racks (${pct(r.traffic.scaleOutFraction)} of destinations); dispatch ${formatSignificant(c.dispatchBytes, 3)} B + combine ${formatSignificant(c.combineBytes, 3)} B per value, each token sent once per rack, at most ${formatSignificant(c.nodeLimit, 4)} racks`,
    ]);
  }
  if (r.pipelineBoundary) rows.push(["rack-boundary test (scale-up ÷ scale-out time ≥ 1)", `${formatSignificant(r.pipelineBoundary.ratio, 3)} — ${r.pipelineBoundary.ok ? "the boundary is not the bottleneck" : "the boundary IS the bottleneck"}`]);
  rows.push(["aggregate weight-read bandwidth of a domain", `${formatQuantity(r.aggregateHbmBytesPerSecond, "B/s")} → latency floor ${formatQuantity(r.domainLatencyFloorSeconds, "s")} to read all weights once`]);
  return rows;
}

/** The ideal (a bound) and the expected (the efficiency model), side by side. */
function idealExpectedRows(r: LayoutResult): (string | number)[][] {
  const e = r.expected;
  return [
    [r.phase === "decode" ? "time per output token" : "time per prefill pass", formatQuantity(r.time.tokenSeconds, "s"), formatQuantity(e.tokenSeconds, "s")],
    ["stage time", formatQuantity(r.time.stageSeconds, "s"), formatQuantity(e.stageSeconds, "s")],
    ["cycle (every micro-batch one step)", formatQuantity(r.stepSeconds, "s"), `${formatQuantity(r.expectedStepSeconds, "s")} (${formatSignificant(r.expectedOverIdeal, 3)}× ideal)`],
    ["speed per user", formatQuantity(r.tokensPerSecondPerUser, "token/s"), formatQuantity(r.expectedTokensPerSecondPerUser, "token/s")],
    ["throughput, all replicas", formatQuantity(r.tokensPerSecond, "token/s"), formatQuantity(r.expectedTokensPerSecond, "token/s")],
    ["cost", r.usdPerMillionTokens === null ? "unknown" : formatQuantity(r.usdPerMillionTokens, "USD/Mtoken"), r.expectedUsdPerMillionTokens === null ? "unknown" : formatQuantity(r.expectedUsdPerMillionTokens, "USD/Mtoken")],
  ];
}

function idealExpectedTable(r: LayoutResult, format: Format): string {
  const b = r.expected.breakdown;
  const ci = r.communication.ideal;
  const ce = r.communication.expected;
  const notes: [string, string][] = [
    [
      "expected stage, term by term",
      `dense ${formatQuantity(b.denseSeconds, "s")} + experts (busiest chip) ${formatQuantity(b.expertSeconds, "s")} + attention ${formatQuantity(b.attentionSeconds, "s")}; comms ${formatQuantity(b.commSeconds, "s")} (${ce.overlapChunks > 1 ? `overlapped in ${ce.overlapChunks} chunks, the last exposed` : "not overlapped"}) → ${formatQuantity(b.busySeconds, "s")}; + fixed ${formatQuantity(b.fixedSeconds, "s")}`,
    ],
    ["ideal communication", `dispatch ${formatSignificant(ci.dispatchBytes, 3)} B + combine ${formatSignificant(ci.combineBytes, 3)} B per value, full link rate, latency ${formatQuantity(ci.collectiveLatencySeconds, "s")}, ${ci.overlap === "full" ? "fully overlapped" : "not overlapped"}${r.derivations["domainsReachedPerToken"] ? `, a token to at most ${formatSignificant(ci.nodeLimit, 4)} racks` : ""}`],
    ["expected communication", `dispatch ${formatSignificant(ce.dispatchBytes, 3)} B + combine ${formatSignificant(ce.combineBytes, 3)} B per value, ${pct(ce.linkEfficiency)} of the link rate, latency ${formatQuantity(ce.collectiveLatencySeconds, "s")} (${formatQuantity(ce.scaleOutLatencySeconds, "s")} across racks)${r.derivations["domainsReachedPerToken"] ? `, a token to at most ${formatSignificant(ce.nodeLimit, 4)} racks` : ""}`],
    ["expected accuracy", r.expected.accuracy],
  ];
  return [renderTable({ columns: ["", "ideal (a bound)", "expected"], rows: idealExpectedRows(r) }, format === "md" ? "md" : "text"), "", keyValues(notes, format)].join("\n");
}

function scheduleText(s: Schedule): string {
  return [`${s.kind} schedule, ${s.stages} stage(s) × ${s.microBatches} micro-batch(es): idle ${pct(s.idleFraction)} (formula, hop latency aside: ${s.bubble.display}); D/F = step of micro-batch n, B = backward`, scheduleToAscii(s)].join("\n");
}

function derivationsFor(r: LayoutResult): Derivation[] {
  return LAYOUT_HEADLINES.map((n) => r.derivations[n]).filter((d): d is Derivation => d !== undefined);
}

/**
 * A layout as JSON. The placement lists the first MAX_DIAGRAM_RACKS racks chip by chip and counts the
 * rest (identical replicas): 1,024 replicas of 64 chips listed every chip in 25 MB.
 */
function layoutJson(r: LayoutResult, extra: Record<string, unknown> = {}) {
  if (r.placement.length <= MAX_DIAGRAM_RACKS) return { ...r, ...extra };
  const rest = r.placement.slice(MAX_DIAGRAM_RACKS);
  const placementNotListed = { racks: rest.length, chipsUsed: rest.reduce((n, d) => n + d.chips.filter((c) => c !== null).length, 0), note: `racks after the first ${MAX_DIAGRAM_RACKS} repeat the same placement per replica and are counted, not listed` };
  return { ...r, placement: r.placement.slice(0, MAX_DIAGRAM_RACKS), placementNotListed, ...extra };
}

// ---- layout --------------------------------------------------------------------------------------

export function layoutCommand(): Command {
  const cmd = new Command("layout")
    .summary("a cluster layout: experts, layers and sequences on chips and racks; memory per chip; step time with communication")
    .description(
      "One layout of a model over scale-up domains (racks): expert-parallel degree E, tensor-parallel degree T, pipeline stages P, data-parallel replicas R and attention data parallelism. Memory per chip (the lecture's (N_total + B·L·bytes/token)/(E·P): weights shrink with P, KV does not), stage time = roofline + all-to-all (inside vs across racks) + tensor-parallel all-reduce (ring factor 2(n−1)/n), per-hop pipeline latency per decode step, the rack-boundary test, aggregate weight-read bandwidth, the pipeline schedule and the rack diagram — each number with its derivation.",
    );
  addInputFlags(cmd, LAYOUT_INPUTS);
  cmd
    .option("--json", "print one JSON object (every number, the placement of the first 32 racks, the schedule, derivations by name, each naming its derived inputs with their values, and warnings)")
    .option("--md", "print Markdown")
    .option("--csv", "print the headline numbers as CSV (name,value,unit)")
    .option("--brief", "numbers only, no derivations")
    .option("--depth <n>", "levels of derived inputs to expand in each derivation (default: 0)");
  cmd.action((flags: LayoutFlags) => {
    const { o, given } = systemOptions(flags, LAYOUT_INPUTS);
    const r = analyzeLayout(o);
    const schedule = layoutSchedule(r, given["schedule"] as string | undefined, (given["trainingMicroBatches"] as { value: number } | undefined)?.value);
    printWarnings(r.warnings);
    const format = formatOf(flags);
    if (format === "json") return out(toJson(layoutJson(r, { schedule })));
    if (format === "csv") {
      return out(renderTable({ columns: ["name", "value", "unit"], rows: derivationsFor(r).map((d) => [d.name, d.value, d.unit]) }, "csv"));
    }
    const title = `${r.model.name} on ${r.hardware.name}: ${r.phase}, context ${formatSignificant(r.contextTokens, 6)}; weights ${r.precisions.weights}, KV ${r.precisions.kv}, compute ${r.precisions.compute}`;
    const parts = [format === "md" ? `# ${title}` : title, "", keyValues(layoutSummary(r), format), ""];
    parts.push(format === "md" ? "## Ideal and expected" : "Ideal and expected", idealExpectedTable(r, format), "");
    parts.push(format === "md" ? "## Racks" : "Racks", format === "md" ? "```\n" + rackDiagram(r) + "\n```" : rackDiagram(r), "");
    parts.push(format === "md" ? "## Pipeline" : "Pipeline", format === "md" ? "```\n" + scheduleText(schedule) + "\n```" : scheduleText(schedule));
    if (!flags.brief) parts.push("", format === "md" ? "## Derivations" : "Derivations", "", renderDerivations([...derivationsFor(r), schedule.bubble], format === "md" ? "md" : "text", depthOf(flags)));
    out(parts.join("\n"));
  });
  return cmd;
}

// ---- search --------------------------------------------------------------------------------------

/** A progress bar on stderr: `[#####.....] 52% 2,210/4,155`, redrawn in place at most every 50 ms. */
export function progressBar(stream: NodeJS.WriteStream, label: string): { update(done: number, total: number): void; finish(): void } {
  let last = 0;
  let drawn = false;
  const draw = (done: number, total: number) => {
    const width = 30;
    const frac = total > 0 ? done / total : 1;
    const filled = Math.round(frac * width);
    stream.write(`\r${label} [${"#".repeat(filled)}${".".repeat(width - filled)}] ${String(Math.round(frac * 100)).padStart(3)}% ${done}/${total}`);
    drawn = true;
  };
  return {
    update(done, total) {
      const now = Date.now();
      if (done === total || now - last >= 50) {
        last = now;
        draw(done, total);
      }
    },
    finish() {
      if (drawn) stream.write("\n");
    },
  };
}

function pointRow(p: SearchPoint, i: number, format: Format): (string | number)[] {
  const d = p.degrees;
  if (format === "csv") return [i, p.chips, p.precision, d.expertParallel, d.tensorParallel, d.pipelineStages, d.attentionDataParallel, p.microBatch, p.sequencesInFlight, p.tokenSeconds, p.tokensPerSecondPerUser, p.usdPerMillionTokens, p.memoryBytesPerChip, p.tokensPerSecondPerReplica];
  return [
    i,
    p.chips,
    p.precision,
    `E${d.expertParallel} T${d.tensorParallel} P${d.pipelineStages} A${d.attentionDataParallel}`,
    formatSignificant(p.microBatch, 6),
    formatQuantity(p.tokenSeconds, "s"),
    formatSignificant(p.tokensPerSecondPerUser, 4),
    formatQuantity(p.usdPerMillionTokens, "USD/Mtoken"),
    formatQuantity(p.memoryBytesPerChip, "B"),
    formatQuantity(p.tokensPerSecondPerReplica, "token/s"),
  ];
}

function frontierTable(points: readonly SearchPoint[], format: Format): Table {
  return {
    columns:
      format === "csv"
        ? ["rank", "chips", "precision", "expertParallel", "tensorParallel", "pipelineStages", "attentionDataParallel", "microBatch", "sequencesInFlight", "tokenSeconds", "tokensPerSecondPerUser", "usdPerMillionTokens", "memoryBytesPerChip", "tokensPerSecondPerReplica"]
        : ["#", "chips", "weights", "layout", "micro-batch", "time/token", "tok/s/user", "$/Mtok", "mem/chip", "tok/s/replica"],
    rows: points.map((p, i) => pointRow(p, i, format)),
  };
}

function chosenPoints(r: SearchResult, spec: string | undefined): number[] {
  const n = r.frontier.length;
  if (n === 0) return [];
  const s = (spec ?? "ends").trim().toLowerCase();
  if (s === "none") return [];
  if (s === "all") return r.frontier.map((_, i) => i);
  if (s === "ends") {
    let cheapest = 0;
    r.frontier.forEach((p, i) => {
      if (p.usdPerMillionTokens < (r.frontier[cheapest] as SearchPoint).usdPerMillionTokens) cheapest = i;
    });
    return [...new Set([0, cheapest])];
  }
  return [...new Set(parseList(s, "--explain", (x) => parseNumber(x, "--explain", { what: "frontier rank", integer: true, min: 0, max: n - 1 })))];
}

export function searchCommand(): Command {
  const cmd = new Command("search")
    .summary("search layouts × micro-batch × precision; print the Pareto frontier of speed per user vs $/Mtok vs chips")
    .description(
      "Enumerates every valid layout (expert, tensor, attention data-parallel and pipeline degrees) within a chip budget, every micro-batch and weight precision, keeps those that fit in HBM and meet the per-token latency SLO, and prints the Pareto frontier: tokens/s per user (higher is better) against $ per million tokens and chips used (lower is better). Each point's derivation is available with --explain.",
    )
    .option("--explain <which>", "frontier ranks to explain: a list (0,3), all, none, or ends (the fastest and the cheapest; default)")
    .option("--progress <when>", "progress bar on stderr: auto (when stderr is a terminal; default), always or never");
  addInputFlags(cmd, SEARCH_INPUTS);
  cmd
    .option("--json", "print one JSON object (frontier, stats, derivations of the explained points)")
    .option("--md", "print Markdown")
    .option("--csv", "print the frontier as CSV")
    .option("--brief", "numbers only, no derivations")
    .option("--depth <n>", "levels of derived inputs to expand in each derivation (default: 0)");
  cmd.action((flags: SearchFlags) => {
    const { o: base, given } = systemOptions(flags, SEARCH_INPUTS);
    const o = searchOptionsFromInputs(base, base.hardware, given, flagNames(SEARCH_INPUTS, flags as Record<string, unknown>));
    const when = (flags.progress ?? "auto").trim().toLowerCase();
    if (!["auto", "always", "never"].includes(when)) throw new RooflineError({ code: "invalid-choice", field: "--progress", value: quoteValue(flags.progress), expected: "one of auto, always, never" });
    const show = when === "always" || (when === "auto" && process.stderr.isTTY === true);
    const bar = show ? progressBar(process.stderr, "searching") : null;
    if (bar) o.onProgress = (done, total) => bar.update(done, total);
    const r = searchLayouts(o);
    bar?.finish();
    printWarnings(r.warnings);
    const format = formatOf(flags);
    const top = given["top"] !== undefined ? (given["top"] as { value: number }).value : r.frontier.length;
    const explained = flags.brief && format !== "json" ? [] : chosenPoints(r, flags.explain);
    // Each explained layout carries its derivations and schedule (up to ~8 MB of JSON): --explain all over 78 layouts
    // built a string past V8's limit (an internal error). JSON explains at most MAX_JSON_EXPLAINED.
    if (format === "json" && explained.length > MAX_JSON_EXPLAINED) {
      throw new RooflineError({ code: "out-of-range", field: "--explain", value: `${quoteValue(flags.explain ?? "ends")} (${explained.length} layouts)`, expected: `at most ${MAX_JSON_EXPLAINED} layouts with --json: each carries its full derivations and schedule (megabytes)`, hint: "Pick frontier ranks (--explain 0,3), or drop --json for the text report." });
    }
    const layouts = explained.map((i) => ({ rank: i, layout: r.explain(r.frontier[i] as SearchPoint) }));
    const stats = { ...r.stats, configurationsPerSecond: r.stats.seconds > 0 ? r.stats.evaluated / r.stats.seconds : 0 };
    if (format === "json") {
      const { explain: _e, ...rest } = r;
      return out(toJson({ ...rest, stats, explained: layouts.map(({ rank, layout }) => ({ rank, ...layoutJson(layout) })) }));
    }
    if (format === "csv") return out(renderTable(frontierTable(r.frontier, "csv"), "csv"));
    const title = `${r.model.name} on ${r.hardware.name}: layouts within ${r.maxChips} chips, context ${formatSignificant(r.contextTokens, 6)}${r.latencySloSeconds !== null ? `, ≤ ${formatQuantity(r.latencySloSeconds, "s")} per token` : ""}; ranked by ${r.efficiency} step times`;
    const summary: [string, string][] = [
      [
        "step times",
        r.efficiency === "expected"
          ? `expected (the efficiency model: busiest chip, achieved efficiencies, fixed time, exposed communication; ${efficiencyAccuracy()}); --efficiency ideal ranks by the roofline bound`
          : "ideal (the roofline bound: full efficiency, mean chip, cheapest communication, full overlap); --efficiency expected ranks by the efficiency model",
      ],
      ["layouts × precisions × micro-batches", `${formatSignificant(r.stats.layouts, 6)} × ${r.stats.precisions} × ${r.stats.batches} = ${formatSignificant(r.stats.configurations, 9)}`],
      ["evaluated (sweeps stop at the first that does not fit)", `${formatSignificant(r.stats.evaluated, 9)} in ${formatQuantity(r.stats.seconds, "s")} (${formatSignificant(stats.configurationsPerSecond, 3)} per second)`],
      ["feasible (fit in HBM, meet the SLO)", formatSignificant(r.stats.feasible, 9)],
      ["Pareto frontier (speed, cost, chips)", `${r.frontier.length} points (${r.speedCostFrontier.length} on speed vs cost alone)`],
    ];
    const parts = [format === "md" ? `# ${title}` : title, "", keyValues(summary, format), "", renderTable(frontierTable(r.frontier.slice(0, top), format), format)];
    for (const { rank, layout } of layouts) {
      parts.push("", format === "md" ? `## Point ${rank}` : `Point ${rank}`, keyValues(layoutSummary(layout), format));
      if (!flags.brief) parts.push("", renderDerivations(derivationsFor(layout), format === "md" ? "md" : "text", depthOf(flags)));
    }
    out(parts.join("\n"));
  });
  return cmd;
}

export function clusterCommands(): Command[] {
  return [layoutCommand(), searchCommand()];
}

/**
 * `roofline worldmodel`: video world-model serving — the crib sheet's first table, live. Its flags
 * come from the world-model input table (core worldmodel/inputs.ts, shared with the page); every value
 * from a flag keeps the flag's name as its origin.
 */
import {
  analyzeWorldModel,
  copyDerivation,
  formatQuantity,
  formatSignificant,
  getWorldModel,
  WORLDMODEL_INPUTS,
  worldModelOptions,
  type Derivation,
  type WorldModelOptions,
  type WorldModelResult,
} from "@roofline/core";
import { Command } from "commander";
import { addFormatFlags } from "./common.ts";
import { addInputFlags, flagNames, readInputs } from "../inputs.ts";
import { resolveHardware } from "../options.ts";
import { depthOf, formatOf, out, printWarnings, renderDerivations, renderTable, toJson, type Format, type FormatFlags, type Table } from "../output.ts";

type Flags = FormatFlags & Record<string, string | boolean | undefined>;

const SECTIONS: ReadonlyArray<readonly [string, readonly string[]]> = [
  ["Tokens", ["tokensPerCamera", "tokensPerStep", "streamTokensPerSecond", "streamToDecodeRatio"]],
  ["Per mile", ["secondsPerMile", "stepsPerMile"]],
  ["Teacher", ["teacherFlopPerPass", "teacherFlopPerStep", "teacherGpuSecondsPerStep", "teacherGpuSecondsPerMile", "teacherUsdPerMile"]],
  ["Student", ["studentFlopPerPass", "studentFlopPerStep", "studentGpuSecondsPerStep", "studentGpuSecondsPerMile", "studentUsdPerMile", "teacherToStudentCostRatio"]],
  ["KV cache and fan-out (student)", ["kvBytesPerToken", "kvBytesPerFrame", "kvBytesPerWindow", "branchCapacity", "branchesPerGpu", "windowCapacityFrames"]],
  ["Attention (student)", ["fullAttentionFlopPerPass", "fullAttentionRatio", "factorizedAttentionFlopPerPass", "factorizedAttentionRatio"]],
  [
    "Tensor parallelism vs the tick (student)",
    ["tpComputeSeconds", "activationBytes", "allReduceSeconds", "allReducesPerPass", "commSecondsPerPass", "passSeconds", "tickSeconds", "tickBudgetSeconds", "tickToBudgetRatio", "commFraction", "tickSecondsOverlapped", "llmActivationBytes"],
  ],
  ["Distillation payback", ["teacherDataUsd", "trainingFlop", "trainingUsd", "distillationUsd", "fleetTeacherUsdPerDay", "fleetStudentUsdPerDay", "fleetSavingsUsdPerDay", "paybackSeconds"]],
  ["Nightly validation", ["validationMiles", "validationUsd", "auditUsd", "nightlyUsd"]],
];

const PERCENT = new Set(["factorizedAttentionRatio", "commFraction"]);
const TIMES = new Set(["streamToDecodeRatio", "teacherToStudentCostRatio", "fullAttentionRatio", "tickToBudgetRatio"]);

/** A number as a reader wants it: GPU-seconds and GPU-hours, ×, %. */
export function displayWorldModelValue(name: string, d: Derivation): string {
  if (name.endsWith("GpuSecondsPerMile") || name === "trainingGpuSeconds") return `${formatSignificant(d.value / 3600, 3)} GPU-h`;
  if (name.endsWith("GpuSecondsPerStep")) return `${formatSignificant(d.value, 3)} GPU-s`;
  if (PERCENT.has(name)) return `${formatSignificant(d.value * 100, 3)}%`;
  if (TIMES.has(name)) return `${formatSignificant(d.value, 3)}×`;
  if (d.unit === "FLOP" && d.value >= 1e21) return `${d.value.toExponential(3).replace(/\.?0+e/, "e").replace("e+", "e")} FLOP`;
  if (name === "validationMiles" || name === "auditMiles") return `${formatSignificant(d.value, 4)} miles`;
  if (name === "branchCapacity") return `${formatSignificant(d.value, 3)} windows`;
  if (name === "branchesPerGpu") return `${formatSignificant(d.value, 3)} branches`;
  if (name === "windowCapacityFrames") return `${formatSignificant(d.value, 3)} frames`;
  if (name === "stepsPerMile") return `${formatSignificant(d.value, 4)} steps`;
  return d.display;
}

/** Flags → the analysis' options, through the world-model input table (each value checked; messages name the flag). */
function options(flags: Flags): WorldModelOptions {
  const given = readInputs(flags, WORLDMODEL_INPUTS);
  const id = (k: string) => (typeof given[k] === "string" ? (given[k] as string) : undefined);
  const teacher = id("teacher");
  const student = id("student");
  return worldModelOptions(
    given,
    {
      ...(teacher ? { teacher: getWorldModel(teacher, "--teacher") } : {}),
      ...(student ? { student: getWorldModel(student, "--student") } : {}),
      hardware: resolveHardware(id("hardware") ?? (WORLDMODEL_INPUTS.get("hardware").default as string)),
    },
    flagNames(WORLDMODEL_INPUTS),
  );
}

function summaryTable(r: WorldModelResult, format: Format): Table {
  const rows: (string | number)[][] = [];
  for (const [section, names] of SECTIONS) {
    if (format !== "csv") rows.push([format === "md" ? `**${section}**` : `— ${section}`, ""]);
    for (const n of names) {
      const d = r.derivations[n];
      if (!d) continue;
      rows.push(format === "csv" ? [n, d.value, d.unit] : [d.title, displayWorldModelValue(n, d)]);
    }
  }
  return format === "csv" ? { columns: ["name", "value", "unit"], rows } : { columns: ["quantity", "value"], rows };
}

function quotedTable(r: WorldModelResult): Table {
  return {
    columns: ["quantity", "crib sheet", "derived", "difference", "at 12K tokens/step"],
    rows: r.quoted.map((q) => {
      const d = r.derivations[q.name] as Derivation;
      const show = (x: number) => displayWorldModelValue(q.name, copyDerivation(d, { value: x, display: formatQuantity(x, d.unit, 3) }));
      return [q.name, q.quote, show(q.derivedValue), q.kind === "below" ? (q.derivedValue < q.quotedValue ? "below ✓" : "NOT below") : Math.abs(q.difference) < 5e-5 ? "0%" : `${q.difference >= 0 ? "+" : ""}${formatSignificant(q.difference * 100, 2)}%`, show(q.atQuotedTokens)];
    }),
  };
}

function tierTable(r: WorldModelResult): Table {
  return {
    columns: ["tier", "$ per mile", "answers", "cost from"],
    rows: r.tiers.map((t) => [t.name + (t.id === r.cheapestTier.id ? " ←" : ""), formatQuantity(t.usdPerMile, "USD", 3), t.answers, t.origin]),
  };
}

function tpTable(r: WorldModelResult): Table {
  return {
    columns: ["TP", "compute/pass", "comms/pass", "pass", "tick", `budget ${formatQuantity(r.tickBudget.budgetSeconds, "s")}`],
    rows: r.tensorParallelSweep.map((p) => [p.tensorParallel, formatQuantity(p.computeSeconds, "s"), formatQuantity(p.commSeconds, "s"), formatQuantity(p.passSeconds, "s"), formatQuantity(p.tickSeconds, "s"), p.meetsBudget ? "meets" : "misses"]),
  };
}

/** A text bar of the tick: compute vs communication against the budget. */
function tickBar(r: WorldModelResult, width = 48): string {
  const t = r.tickBudget;
  const scale = width / Math.max(t.tickSeconds, t.budgetSeconds);
  const c = Math.round(t.computeSeconds * scale);
  const m = Math.round(t.commSeconds * scale);
  const b = Math.round(t.budgetSeconds * scale);
  const bar = "█".repeat(c) + "▒".repeat(m);
  const marker = " ".repeat(Math.max(0, b - 1)) + "│";
  return [
    `tick at TP${t.tensorParallel}: █ compute ${formatQuantity(t.computeSeconds, "s")} + ▒ comms ${formatQuantity(t.commSeconds, "s")} = ${formatQuantity(t.tickSeconds, "s")} — ${t.meetsBudget ? "meets" : "misses"} the ${formatQuantity(t.budgetSeconds, "s")} budget (│)`,
    bar,
    marker,
  ].join("\n");
}

export function worldmodelCommand(): Command {
  const cmd = new Command("worldmodel")
    .summary("video world-model serving: tokens, $ per mile, KV fan-out, the tick budget, tiers, distillation, validation")
    .description(
      "The crib sheet's world-model numbers, every one derived: tokens per camera and per step from the sensor rig (cameras, resolution, VAE downsampling, patch, lidar); tokens/s per stream vs LLM decode; the diffusion teacher's and distilled student's FLOP, GPU-seconds and $ per step and per mile; KV per token, frame and window and the branches one GPU holds; attention full vs factorized; tensor-parallel time per tick (compute + ring all-reduce) against the tick budget; the tier ladder and the cheapest tier for a question; distillation payback; the nightly validation budget with a teacher audit. Where the crib sheet rounds (12K for 12.8K tokens), the derivation is shown beside the quote.",
    );
  addInputFlags(cmd, WORLDMODEL_INPUTS);
  addFormatFlags(cmd);
  cmd.action((flags: Flags) => {
    const r = analyzeWorldModel(options(flags));
    printWarnings(r.warnings);
    const format = formatOf(flags);
    if (format === "json") return out(toJson(r));
    if (format === "csv") return out(renderTable(summaryTable(r, "csv"), "csv"));
    const md = format === "md";
    const h = (s: string) => (md ? `## ${s}` : `${s}\n${"=".repeat(s.length)}`);
    const parts = [
      `${r.student.name} (served) and ${r.teacher.name} on ${r.hardware.name}; tokens per step ${r.tokensFrom === "rig" ? "from the sensor rig" : "given"}`,
      "",
      renderTable(summaryTable(r, format), format),
      "",
      h("Tier ladder"),
      "",
      renderTable(tierTable(r), format),
      "",
      `Cheapest tier for a ${r.question} question: ${r.cheapestTier.name} at ${formatQuantity(r.cheapestTier.usdPerMile, "USD")} per mile.`,
      "",
      h("Tick budget"),
      "",
      md ? "```\n" + tickBar(r) + "\n```" : tickBar(r),
      "",
      renderTable(tpTable(r), format),
      "",
      h("Fan-out: branches per GPU vs window length"),
      "",
      renderTable({ columns: ["window frames", "KV per branch", "branches per GPU"], rows: r.fanOut.filter((p) => p.windowFrames <= 24 || p.windowFrames % 12 === 0).map((p) => [p.windowFrames, formatQuantity(p.kvBytesPerWindow, "B"), p.branchesPerGpu]) }, format),
    ];
    if (r.quoted.length) parts.push("", h("The crib sheet's figures beside their derivations"), "", renderTable(quotedTable(r), format));
    parts.push("", h("Assumptions"), "", ...r.assumptions.map((a) => `- ${a}`), "", r.expectedNote);
    if (!flags.brief) {
      const ds = SECTIONS.flatMap(([, names]) => names).map((n) => r.derivations[n]).filter((d): d is Derivation => d !== undefined);
      parts.push("", h("Derivations"), "", renderDerivations(ds, md ? "md" : "text", depthOf(flags)));
    }
    out(parts.join("\n"));
  });
  return cmd;
}

/**
 * `roofline worldmodel`: video world-model serving — the crib sheet's first table, live. Flags are
 * parsed once here into WorldModelOptions; every value from a flag keeps the flag's name as its origin.
 */
import {
  analyzeWorldModel,
  FIDELITY_LEVELS,
  formatQuantity,
  formatSignificant,
  getWorldModel,
  milesPerHourToMetersPerSecond,
  parseNumber,
  parsePrecision,
  quoteValue,
  RooflineError,
  userGiven,
  WORLD_MODEL_RULES,
  type Derivation,
  type FidelityLevel,
  type WorldModelOptions,
  type WorldModelResult,
} from "@roofline/core";
import { Command } from "commander";
import { addFormatFlags } from "./common.ts";
import { resolveHardware } from "../options.ts";
import { depthOf, formatOf, out, printWarnings, renderDerivations, renderTable, toJson, type Format, type FormatFlags, type Table } from "../output.ts";

type NumericKey = keyof WorldModelOptions;

/** flag, option, attribute name commander gives it, help (unit, default, edge behaviour). */
const NUMERIC_FLAGS: ReadonlyArray<readonly [string, NumericKey, string, string]> = [
  ["--cameras <n>", "cameras", "cameras", "cameras (default: 3)"],
  ["--width <px>", "widthPixels", "width", "image width in pixels (default: 1280, 720p)"],
  ["--height <px>", "heightPixels", "height", "image height in pixels (default: 720)"],
  ["--vae-downsample <f>", "vaeDownsample", "vaeDownsample", "VAE downsampling per side; must divide width and height (default: 8)"],
  ["--patch <p>", "patchSize", "patch", "patch side in latent pixels; must divide both latent sides (default: 2)"],
  ["--extra-tokens <n>", "extraTokensPerStep", "extraTokens", "extra sensor tokens per tick, e.g. lidar (default: 2000)"],
  ["--tick-hz <Hz>", "tickRateHz", "tickHz", "simulation ticks per second, > 0 (default: 10)"],
  ["--tokens-per-step <T>", "tokensPerStep", "tokensPerStep", "give tokens per tick directly instead of deriving them from the rig (the crib sheet's rounded figure is 12000)"],
  ["--teacher-params <N>", "teacherParams", "teacherParams", "teacher parameters (default: 30e9)"],
  ["--teacher-steps <S>", "teacherSteps", "teacherSteps", "teacher denoising steps per tick (default: 30)"],
  ["--teacher-flops <FLOP/s>", "teacherFlopsPerSecond", "teacherFlops", "teacher's effective FLOP/s per GPU (default: 0.4e15, an assumption)"],
  ["--student-params <N>", "studentParams", "studentParams", "student parameters (default: 3e9)"],
  ["--student-steps <S>", "studentSteps", "studentSteps", "student denoising steps per tick (default: 4)"],
  ["--student-flops <FLOP/s>", "studentFlopsPerSecond", "studentFlops", "student's effective FLOP/s per GPU (default: 0.8e15, an assumption)"],
  ["--layers <n>", "layers", "layers", "student layers (default: 28)"],
  ["--kv-heads <n>", "kvHeads", "kvHeads", "student KV heads per layer (default: 8)"],
  ["--head-dim <d>", "headDim", "headDim", "student head dimension (default: 128)"],
  ["--model-dim <d>", "modelDim", "modelDim", "student model width (default: 3072)"],
  ["--window-frames <W>", "windowFrames", "windowFrames", "frames in the attention window; its KV must fit in one GPU (default: 12)"],
  ["--reserve-bytes <B>", "reserveBytes", "reserveBytes", "HBM reserved besides weights and KV, bytes (default: 1e9)"],
  ["--hbm-capacity <B>", "hbmBytes", "hbmCapacity", "HBM per GPU in bytes (default: the hardware's)"],
  ["--tp <n>", "tensorParallel", "tp", "tensor-parallel GPUs per pass (default: 4)"],
  ["--link-bandwidth <B/s>", "linkBytesPerSecond", "linkBandwidth", "effective link bandwidth per GPU, one direction (default: 400e9)"],
  ["--all-reduce-latency <s>", "allReduceLatencySeconds", "allReduceLatency", "fixed latency per all-reduce in seconds (default: 0)"],
  ["--usd-per-gpu-hour <$>", "usdPerGpuHour", "usdPerGpuHour", "GPU rental per hour, > 0 (default: 2)"],
  ["--decode-tokens-per-second <n>", "decodeTokensPerSecond", "decodeTokensPerSecond", "LLM decode rate to compare a stream with (default: the 70B FP8 unbatched ceiling on an H100)"],
  ["--replay-usd-per-mile <$>", "replayUsdPerMile", "replayUsdPerMile", "log replay cost per mile (default: 0.0001)"],
  ["--object-sim-usd-per-mile <$>", "objectSimUsdPerMile", "objectSimUsdPerMile", "object-level sim cost per mile (default: 0.001)"],
  ["--teacher-miles <m>", "teacherDataMiles", "teacherMiles", "miles of teacher-generated training data (default: 50000)"],
  ["--epochs <e>", "trainingEpochs", "epochs", "passes over the generated data while training the student (default: 2)"],
  ["--training-flops <FLOP/s>", "trainingFlopsPerSecond", "trainingFlops", "effective FLOP/s per GPU while training the student (default: 0.4e15)"],
  ["--fleet-miles-per-day <m>", "fleetMilesPerDay", "fleetMilesPerDay", "miles the fleet simulates per day (default: 100000)"],
  ["--segments <n>", "validationSegments", "segments", "validation segments per night (default: 10000)"],
  ["--segment-seconds <s>", "segmentSeconds", "segmentSeconds", "simulated seconds per segment (default: 20)"],
  ["--audit-fraction <φ>", "auditFraction", "auditFraction", "fraction of nightly miles re-run on the teacher, 0–1 (default: 0.05)"],
];

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

function options(flags: Flags): WorldModelOptions {
  const o: WorldModelOptions = { names: {} };
  const names = o.names as Partial<Record<keyof WorldModelOptions, string>>;
  for (const [flag, key, attr] of NUMERIC_FLAGS) {
    const name = flag.split(" ")[0] as string;
    names[key] = name;
    const text = flags[attr];
    if (typeof text === "string") (o as Record<string, unknown>)[key] = userGiven(parseNumber(text, name, WORLD_MODEL_RULES[key as keyof typeof WORLD_MODEL_RULES] ?? { what: "a number" }), name);
  }
  names.windowFrames = "--window-frames";
  names.speedMetersPerSecond = "--speed-mph";
  names.teacher = "--teacher";
  names.student = "--student";
  names.hardware = "--hardware";
  names.question = "--question";
  names.studentWeightPrecision = "--student-weights";
  names.kvPrecision = "--kv";
  names.activationPrecision = "--activations";
  if (typeof flags["speedMph"] === "string") {
    const mph = parseNumber(flags["speedMph"], "--speed-mph", { what: "miles per hour", min: 0.25, max: 2000 });
    o.speedMetersPerSecond = userGiven(milesPerHourToMetersPerSecond(mph), `--speed-mph ${formatSignificant(mph, 4)} mph`);
  }
  if (typeof flags["teacher"] === "string") o.teacher = getWorldModel(flags["teacher"], "--teacher");
  if (typeof flags["student"] === "string") o.student = getWorldModel(flags["student"], "--student");
  o.hardware = resolveHardware(typeof flags["hardware"] === "string" ? flags["hardware"] : "h100");
  if (typeof flags["studentWeights"] === "string") o.studentWeightPrecision = parsePrecision(flags["studentWeights"], "--student-weights");
  if (typeof flags["kv"] === "string") o.kvPrecision = parsePrecision(flags["kv"], "--kv");
  if (typeof flags["activations"] === "string") o.activationPrecision = parsePrecision(flags["activations"], "--activations");
  if (typeof flags["question"] === "string") {
    const q = flags["question"].trim().toLowerCase();
    if (!(FIDELITY_LEVELS as readonly string[]).includes(q)) throw new RooflineError({ code: "invalid-choice", field: "--question", value: quoteValue(flags["question"]), expected: `one of ${FIDELITY_LEVELS.join(", ")}` });
    o.question = q as FidelityLevel;
  }
  return o;
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
      const show = (x: number) => displayWorldModelValue(q.name, { ...d, value: x, display: formatQuantity(x, d.unit, 3) });
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
    )
    .option("--teacher <id>", "teacher world model from the catalog (default: teacher, the crib sheet's 30B, 30 steps, BF16)")
    .option("--student <id>", "student world model from the catalog (default: student, the crib sheet's 3B, 4 steps, FP8)")
    .option("-H, --hardware <id|file>", "the GPU whose HBM bounds fan-out (default: h100)")
    .option("--speed-mph <mph>", "driving speed in miles per hour, > 0 (default: 30)")
    .option("--student-weights <precision>", "student weight precision (default: fp8)")
    .option("--kv <precision>", "student KV-cache precision (default: fp8)")
    .option("--activations <precision>", "activation precision of the all-reduces (default: bf16)")
    .option("--question <level>", `what the question needs: ${FIDELITY_LEVELS.join(", ")} (default: closed-loop-sensor)`);
  for (const [flag, , , help] of NUMERIC_FLAGS) cmd.option(flag, help);
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
    parts.push("", h("Assumptions"), "", ...r.assumptions.map((a) => `- ${a}`));
    if (!flags.brief) {
      const ds = SECTIONS.flatMap(([, names]) => names).map((n) => r.derivations[n]).filter((d): d is Derivation => d !== undefined);
      parts.push("", h("Derivations"), "", renderDerivations(ds, md ? "md" : "text", depthOf(flags)));
    }
    out(parts.join("\n"));
  });
  return cmd;
}

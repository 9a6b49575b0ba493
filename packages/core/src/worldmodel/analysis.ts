/**
 * Video world-model serving: the crib sheet's first table as one formula graph. From a sensor rig, a
 * diffusion teacher and its distilled student come tokens per step and per second; FLOP, GPU-seconds
 * and dollars per step and per mile; KV per token, frame and window and the branches one GPU holds;
 * attention full vs factorized; tensor-parallel time per tick against the tick budget; the tier ladder;
 * distillation payback; and the nightly validation budget. Every number has its derivation.
 *
 * Where the crib sheet's quoted figure differs from its derivation (it rounds 12.8K tokens to 12K and
 * prices from 12K), the result pins the derivation and reports the quote, the difference, and what the
 * same formulas give at the crib sheet's 12K.
 */
import { getHardware, requireFact, type HardwareSpec } from "../catalog/hardware.ts";
import { quoteValue, RooflineError, type Warning } from "../errors.ts";
import { withNotes, type Derivation } from "../formula/derivation.ts";
import { byDefault, constant, derived, type Quantity } from "../formula/formula.ts";
import { FormulaGraph, fixed, from, node, type Binding, type GraphNode, type Kernel } from "../formula/graph.ts";
import { formatQuantity, formatSignificant } from "../format.ts";
import { BYTES_PER_VALUE, computePrecisionFor, type Precision } from "../precision.ts";
import { ringAllReduceSeconds } from "../cluster/collectives.ts";
import { sequentialPassesSeconds, stageSecondsOverlapped, stageSecondsSerial } from "../cluster/formulas.ts";
import {
  attentionFlopPerTokenFull,
  computeSeconds,
  kvBytesPerTokenFromValues,
  kvValuesPerTokenGqa,
  weightBytesResident,
  weightFlopPerToken,
} from "../roofline/formulas.ts";
import { cribSheet, type SourceRef } from "../sources.ts";
import { cribSheetLlm, unbatchedDecodeCeiling } from "../specdec/analysis.ts";
import { checkGiven, type Given, type NumberRule } from "../validate.ts";
import {
  CRIB_DEFAULTS,
  CRIB_OBJECT_SIM_USD_PER_MILE,
  CRIB_REPLAY_USD_PER_MILE,
  CRIB_SENSOR_RIG,
  CRIB_STUDENT,
  CRIB_TEACHER,
  FIDELITY_DESCRIPTIONS,
  FIDELITY_LEVELS,
  METERS_PER_MILE,
  TIERS,
  type FidelityLevel,
  type TierId,
  type WorldModelSpec,
} from "./catalog.ts";
import * as F from "./formulas.ts";
import { WORLDMODEL_INPUTS } from "./inputs.ts";
import { ruleOf } from "../inputs/define.ts";

export interface WorldModelOptions {
  /** Default: the crib sheet's 30B diffusion teacher. */
  teacher?: WorldModelSpec;
  /** Default: the crib sheet's 3B causal student (its KV layout is the one served and fanned out). */
  student?: WorldModelSpec;
  /** The GPU whose HBM bounds fan-out. Default H100 SXM (80 GB). */
  hardware?: HardwareSpec;

  // sensor rig
  /** Cameras, whole, ≥ 1. Default 3. */
  cameras?: Given;
  /** Image width in pixels, whole, ≥ 1. Default 1280 (720p). */
  widthPixels?: Given;
  /** Image height in pixels, whole, ≥ 1. Default 720. */
  heightPixels?: Given;
  /** VAE downsampling factor per side; must divide the image's width and height. Default 8. */
  vaeDownsample?: Given;
  /** Patch side in latent pixels; must divide both latent sides. Default 2. */
  patchSize?: Given;
  /** Extra sensor tokens per tick (lidar), whole, ≥ 0. Default 2,000. */
  extraTokensPerStep?: Given;
  /** Ticks per second, > 0. Default 10 Hz. */
  tickRateHz?: Given;
  /** Tokens per step given directly (napkin form), instead of derived from the rig — e.g. the crib sheet's 12K. */
  tokensPerStep?: Given;

  // models
  teacherParams?: Given;
  teacherSteps?: Given;
  /** Effective FLOP/s per GPU the teacher achieves. Default 0.4e15 (an assumption). */
  teacherFlopsPerSecond?: Given;
  studentParams?: Given;
  studentSteps?: Given;
  /** Effective FLOP/s per GPU the student achieves. Default 0.8e15 (an assumption). */
  studentFlopsPerSecond?: Given;
  studentWeightPrecision?: Precision;

  // the student's KV layout and fan-out
  layers?: Given;
  kvHeads?: Given;
  headDim?: Given;
  modelDim?: Given;
  kvPrecision?: Precision;
  /** Frames in the attention window, whole, ≥ 1; its KV must fit in one GPU. Default 12. */
  windowFrames?: Given;
  /** HBM reserved besides weights and KV, bytes ≥ 0. Default 1 GB. */
  reserveBytes?: Given;
  /** HBM per GPU, bytes; default the hardware's. */
  hbmBytes?: Given;

  // tensor parallelism
  /** GPUs splitting each pass, whole, ≥ 1. Default 4. */
  tensorParallel?: Given;
  /** Effective link bandwidth per GPU, one direction, bytes/s. Default 400e9. */
  linkBytesPerSecond?: Given;
  /** Fixed latency per all-reduce, seconds ≥ 0. Default 0. */
  allReduceLatencySeconds?: Given;
  activationPrecision?: Precision;

  // driving and money
  /** Driving speed in m/s, > 0. Default 30 mph = 13.4112 m/s. */
  speedMetersPerSecond?: Given;
  /** GPU rental, USD per GPU-hour, > 0. Default $2. */
  usdPerGpuHour?: Given;
  /** LLM decode speed to compare a stream with; default the unbatched ceiling of the crib sheet's 70B FP8 on an H100. */
  decodeTokensPerSecond?: Given;

  // tiers
  replayUsdPerMile?: Given;
  objectSimUsdPerMile?: Given;
  /** What the question needs; the cheapest tier that answers it is reported. Default closed-loop-sensor. */
  question?: FidelityLevel;

  // distillation
  teacherDataMiles?: Given;
  trainingEpochs?: Given;
  /** Effective FLOP/s per GPU while training the student. Default 0.4e15 (BF16, as the teacher). */
  trainingFlopsPerSecond?: Given;
  fleetMilesPerDay?: Given;

  // validation
  validationSegments?: Given;
  segmentSeconds?: Given;
  /** Fraction of nightly miles re-run on the teacher, in [0, 1]. Default 0.05. */
  auditFraction?: Given;

  /** How each option is named in messages ("--tick-hz" for the CLI); defaults to the option name. */
  names?: Partial<Record<keyof WorldModelOptions, string>>;
}

export interface SimTierRow {
  id: TierId;
  name: string;
  answers: FidelityLevel;
  answersDescription: string;
  usdPerMile: number;
  /** Where the cost comes from: a derivation's name, or the assumption's origin. */
  origin: string;
}

export interface QuotedFigure {
  name: string;
  /** The crib sheet's words. */
  quote: string;
  quotedValue: number;
  /** "approximately" or "an upper bound" (payback < 1 day). */
  kind: "approx" | "below";
  derivedValue: number;
  /** derived ÷ quoted − 1. */
  difference: number;
  /** The same formulas at the crib sheet's rounded 12K tokens per step. */
  atQuotedTokens: number;
  source: SourceRef;
}

export interface FanOutPoint {
  windowFrames: number;
  kvBytesPerWindow: number;
  branchesPerGpu: number;
}

export interface TensorParallelPoint {
  tensorParallel: number;
  /** Per pass. */
  computeSeconds: number;
  commSeconds: number;
  passSeconds: number;
  /** Per tick (every denoising pass). */
  tickComputeSeconds: number;
  tickCommSeconds: number;
  tickSeconds: number;
  meetsBudget: boolean;
}

/** Why the world-model analysis has no expected numbers beside its own. */
export const WORLDMODEL_EXPECTED_NOTE =
  "No expected numbers beside these: the teacher's, student's and training FLOP/s are effective (already derated) figures you give or the crib sheet assumes, and the efficiency model is calibrated on LLM serving, not video diffusion.";

export interface WorldModelResult {
  /** Why there are no expected (efficiency-model) numbers here. */
  expectedNote: string;
  teacher: { id: string; name: string };
  student: { id: string; name: string };
  hardware: { id: string; name: string };
  /** The value each formula read (given, the crib sheet's scenario, the chosen models' or chip's), with where it came from. */
  params: Readonly<Record<string, Quantity>>;
  tokensFrom: "rig" | "given";
  tokensPerCamera: number;
  tokensPerStep: number;
  streamTokensPerSecond: number;
  teacherFlopPerPass: number;
  teacherFlopPerStep: number;
  teacherGpuSecondsPerStep: number;
  studentFlopPerPass: number;
  studentFlopPerStep: number;
  studentGpuSecondsPerStep: number;
  stepsPerMile: number;
  teacherGpuSecondsPerMile: number;
  studentGpuSecondsPerMile: number;
  teacherUsdPerMile: number;
  studentUsdPerMile: number;
  kvBytesPerToken: number;
  kvBytesPerFrame: number;
  kvBytesPerWindow: number;
  branchCapacity: number;
  branchesPerGpu: number;
  windowCapacityFrames: number;
  fullAttentionRatio: number;
  factorizedAttentionRatio: number;
  tickBudget: { computeSeconds: number; commSeconds: number; tickSeconds: number; budgetSeconds: number; passSeconds: number; meetsBudget: boolean; tensorParallel: number };
  tensorParallelSweep: TensorParallelPoint[];
  fanOut: FanOutPoint[];
  tiers: SimTierRow[];
  question: FidelityLevel;
  cheapestTier: SimTierRow;
  cheapestTierByQuestion: Record<FidelityLevel, TierId>;
  distillation: { teacherDataUsd: number; trainingFlop: number; trainingUsd: number; oneTimeUsd: number; fleetSavingsUsdPerDay: number; paybackSeconds: number | null };
  validation: { miles: number; studentUsd: number; auditUsd: number; totalUsd: number };
  /** The crib sheet's quoted figures beside their derivations (only when the scenario is the crib sheet's). */
  quoted: QuotedFigure[];
  derivations: Record<string, Derivation>;
  warnings: Warning[];
  assumptions: string[];
}

/** Driving speed as the library takes it (m/s); interfaces take mph (the table's speedMph). */
const SPEED_RULE: NumberRule = { what: "driving speed in m/s", min: 0.1, max: 1e3 };

type Numeric = Exclude<{ [K in keyof WorldModelOptions]-?: NonNullable<WorldModelOptions[K]> extends Given ? K : never }[keyof WorldModelOptions], undefined>;

/** The range of a numeric option: its input table's (one definition), the speed's own in m/s. */
function ruleFor(key: Numeric): NumberRule {
  return key === "speedMetersPerSecond" ? SPEED_RULE : ruleOf(WORLDMODEL_INPUTS.get(key));
}


/** The questions of the crib sheet's first table, with the crib's own words. */
const QUOTES: ReadonlyArray<{ name: string; quote: string; value: number; kind?: "below"; locator: string }> = [
  { name: "tokensPerStep", quote: "12K tokens / 100 ms step", value: 12_000, locator: "12K tokens / 100 ms step" },
  { name: "streamTokensPerSecond", quote: "120K tok/s per stream", value: 120_000, locator: "120K tok/s per stream" },
  { name: "teacherFlopPerPass", quote: "≈ 0.72 PF/pass", value: 0.72e15, locator: "Teacher $36/mile" },
  { name: "teacherFlopPerStep", quote: "22 PF/step", value: 22e15, locator: "Teacher $36/mile" },
  { name: "teacherGpuSecondsPerStep", quote: "≈ 55 GPU-s/step", value: 55, locator: "Teacher $36/mile" },
  { name: "stepsPerMile", quote: "1,200 steps/mile", value: 1200, locator: "1,200 steps/mile" },
  { name: "teacherGpuSecondsPerMile", quote: "≈ 18 GPU-hr/mile", value: 18 * 3600, locator: "Teacher $36/mile" },
  { name: "teacherUsdPerMile", quote: "$36/mile", value: 36, locator: "Teacher $36/mile" },
  { name: "studentFlopPerStep", quote: "0.29 PF/step", value: 0.29e15, locator: "Student $0.24/mile" },
  { name: "studentGpuSecondsPerStep", quote: "≈ 0.36 GPU-s/step", value: 0.36, locator: "Student $0.24/mile" },
  { name: "studentGpuSecondsPerMile", quote: "0.12 GPU-hr/mile", value: 0.12 * 3600, locator: "Student $0.24/mile" },
  { name: "studentUsdPerMile", quote: "$0.24/mile", value: 0.24, locator: "Student $0.24/mile" },
  { name: "teacherToStudentCostRatio", quote: "~150×", value: 150, locator: "Student $0.24/mile (~150×)" },
  { name: "kvBytesPerToken", quote: "57 KB/token", value: 57e3, locator: "57 KB/token KV (FP8)" },
  { name: "kvBytesPerFrame", quote: "frame 0.7 GB", value: 0.7e9, locator: "57 KB/token KV (FP8)" },
  { name: "kvBytesPerWindow", quote: "12-frame window 8.2 GB", value: 8.2e9, locator: "57 KB/token KV (FP8)" },
  { name: "branchesPerGpu", quote: "~9 branches/H100", value: 9, locator: "~9 branches/H100" },
  { name: "studentFlopPerPass", quote: "0.7e14 (matmuls)", value: 0.7e14, locator: "Attention 8× matmuls (full)" },
  { name: "fullAttentionFlopPerPass", quote: "≈ 5.9e14", value: 5.9e14, locator: "Attention 8× matmuls (full)" },
  { name: "fullAttentionRatio", quote: "8× matmuls", value: 8, locator: "Attention 8× matmuls (full)" },
  { name: "factorizedAttentionRatio", quote: "~20% tax", value: 0.2, locator: "Attention 8× matmuls (full): factorized" },
  { name: "tpComputeSeconds", quote: "23 ms compute", value: 0.023, locator: "TP4 misses 100 ms" },
  { name: "activationBytes", quote: "75 MB", value: 75e6, locator: "TP4 misses 100 ms" },
  { name: "allReducesPerPass", quote: "56 all-reduces", value: 56, locator: "TP4 misses 100 ms" },
  { name: "commSecondsPerPass", quote: "16 ms comms", value: 0.016, locator: "TP4 misses 100 ms" },
  { name: "passSeconds", quote: "39 ms/pass", value: 0.039, locator: "TP4 misses 100 ms" },
  { name: "tickSeconds", quote: "× 4 = 156 ms", value: 0.156, locator: "TP4 misses 100 ms" },
  { name: "commFraction", quote: "~40% tax", value: 0.4, locator: "16 KB vs 75 MB all-reduce" },
  { name: "llmActivationBytes", quote: "16 KB", value: 16e3, locator: "16 KB vs 75 MB all-reduce" },
  { name: "teacherDataUsd", quote: "50K teacher miles ≈ $1.8M", value: 1.8e6, locator: "Distill data : training = 50 : 1" },
  { name: "trainingFlop", quote: "3B training ≈ 2.6e22 FLOPs", value: 2.6e22, locator: "Distill data : training = 50 : 1" },
  { name: "trainingUsd", quote: "≈ $37K", value: 37e3, locator: "Distill data : training = 50 : 1" },
  { name: "fleetTeacherUsdPerDay", quote: "$3.6M (per day on the teacher)", value: 3.6e6, locator: "Distill: payback < 1 day" },
  { name: "fleetStudentUsdPerDay", quote: "$24K/day fleet", value: 24e3, locator: "Distill: payback < 1 day" },
  { name: "paybackSeconds", quote: "payback < 1 day", value: 86_400, kind: "below", locator: "Distill: payback < 1 day" },
  { name: "validationMiles", quote: "≈ 1,700 mi", value: 1700, locator: "Validation ≈ $400/night" },
  { name: "validationUsd", quote: "≈ $400/night", value: 400, locator: "Validation ≈ $400/night" },
  { name: "auditUsd", quote: "5% teacher audit ≈ $3K", value: 3000, locator: "Validation ≈ $400/night" },
];

function fieldName(o: WorldModelOptions, key: keyof WorldModelOptions): string {
  return o.names?.[key] ?? key;
}

function divisors(n: number): number[] {
  const out: number[] = [];
  for (let d = 1; d <= n && out.length < 8; d++) if (n % d === 0) out.push(d);
  return out;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** Builds the graph. With `tokensGiven`, tokens per step is a parameter instead of the rig's derivation. */
function buildGraph(tokensGiven: boolean): FormulaGraph {
  const T: Binding = tokensGiven ? { param: "tokensPerStep" } : from("tokensPerStep");
  const oneGpu = fixed(1, "one GPU: the result is GPU-seconds");
  const effective = fixed(1, "the effective FLOP/s already includes efficiency");
  const n: GraphNode[] = [];
  // tokens
  n.push(node("latentWidth", F.latentPixels, { pixels: "widthPixels", vaeDownsample: "vaeDownsample" }, { title: "Latent width" }));
  n.push(node("latentHeight", F.latentPixels, { pixels: "heightPixels", vaeDownsample: "vaeDownsample" }, { title: "Latent height" }));
  n.push(node("tokensPerCamera", F.tokensPerCamera, { latentWidth: from("latentWidth"), latentHeight: from("latentHeight"), patchSize: "patchSize" }));
  if (!tokensGiven) n.push(node("tokensPerStep", F.tokensPerStep, { cameras: "cameras", tokensPerCamera: from("tokensPerCamera"), extraTokens: "extraTokensPerStep" }));
  n.push(node("streamTokensPerSecond", F.streamTokensPerSecond, { tokensPerStep: T, tickRate: "tickRateHz" }));
  n.push(node("streamToDecodeRatio", F.rateRatio, { streamTokensPerSecond: from("streamTokensPerSecond"), decodeTokensPerSecond: "decodeTokensPerSecond" }));
  // per mile
  n.push(node("secondsPerMile", F.drivingSeconds, { distanceMeters: "metersPerMile", speedMetersPerSecond: "speedMetersPerSecond" }, { title: "Driving time per mile" }));
  n.push(node("stepsPerMile", F.ticksInSeconds, { seconds: from("secondsPerMile"), tickRate: "tickRateHz" }, { title: "Steps per mile" }));
  // teacher and student cost chains
  for (const who of ["teacher", "student"] as const) {
    const W = who === "teacher" ? "Teacher" : "Student";
    n.push(node(`${who}FlopPerToken`, weightFlopPerToken, { matmulParams: `${who}Params` }, { title: `${W} FLOP per token` }));
    n.push(node(`${who}FlopPerPass`, F.flopOfTokens, { tokens: T, flopPerToken: from(`${who}FlopPerToken`) }, { title: `${W} FLOP per pass` }));
    n.push(node(`${who}DenoisedTokens`, F.denoisedTokensPerStep, { denoisingSteps: `${who}Steps`, tokensPerStep: T }, { title: `${W} tokens processed per step` }));
    n.push(node(`${who}FlopPerStep`, F.flopOfTokens, { tokens: from(`${who}DenoisedTokens`), flopPerToken: from(`${who}FlopPerToken`) }, { title: `${W} FLOP per step` }));
    n.push(
      node(
        `${who}GpuSecondsPerStep`,
        computeSeconds,
        { tokens: from(`${who}DenoisedTokens`), flopPerToken: from(`${who}FlopPerToken`), chips: oneGpu, peakFlopsPerSecond: `${who}FlopsPerSecond`, computeEfficiency: effective },
        { title: `${W} GPU-seconds per step` },
      ),
    );
    n.push(node(`${who}GpuSecondsPerMile`, F.gpuSecondsForTicks, { ticks: from("stepsPerMile"), gpuSecondsPerTick: from(`${who}GpuSecondsPerStep`) }, { title: `${W} GPU-seconds per mile` }));
    n.push(node(`${who}UsdPerMile`, F.usdOfGpuSeconds, { gpuSeconds: from(`${who}GpuSecondsPerMile`), usdPerGpuHour: "usdPerGpuHour" }, { title: `${W} cost per mile` }));
  }
  n.push(node("teacherToStudentCostRatio", F.costRatio, { expensiveUsd: from("teacherUsdPerMile"), cheapUsd: from("studentUsdPerMile") }, { title: "Teacher ÷ student cost per mile" }));
  // KV and fan-out (the student)
  n.push(node("kvValuesPerToken", kvValuesPerTokenGqa, { layers: "layers", kvHeads: "kvHeads", headDimK: "headDim", headDimV: "headDim" }));
  n.push(node("kvBytesPerToken", kvBytesPerTokenFromValues, { valuesPerToken: from("kvValuesPerToken"), bytesPerValue: "kvBytesPerValue" }));
  n.push(node("kvBytesPerFrame", F.kvBytesPerFrame, { kvBytesPerToken: from("kvBytesPerToken"), tokensPerStep: T }));
  n.push(node("kvBytesPerWindow", F.kvBytesPerWindow, { kvBytesPerFrame: from("kvBytesPerFrame"), windowFrames: "windowFrames" }));
  n.push(node("studentWeightBytes", weightBytesResident, { totalParams: "studentParams", bytesPerWeight: "studentBytesPerWeight" }, { title: "Student weights in memory" }));
  n.push(node("residentBytes", F.residentBytes, { weightBytes: from("studentWeightBytes"), reserveBytes: "reserveBytes" }));
  n.push(node("branchCapacity", F.branchCapacity, { hbmBytes: "hbmBytes", residentBytes: from("residentBytes"), kvBytesPerWindow: from("kvBytesPerWindow") }));
  n.push(node("branchesPerGpu", F.wholeBranches, { branchCapacity: from("branchCapacity") }));
  n.push(node("frameCapacity", F.branchCapacity, { hbmBytes: "hbmBytes", residentBytes: from("residentBytes"), kvBytesPerWindow: from("kvBytesPerFrame") }, { title: "Frames of KV one GPU holds (fractional)" }));
  n.push(node("windowCapacityFrames", F.wholeBranches, { branchCapacity: from("frameCapacity") }, { title: "Longest window one GPU holds (frames)" }));
  // attention (the student)
  n.push(node("attentionFlopPerAttended", F.attentionFlopPerAttended, { layers: "layers", modelDim: "modelDim" }));
  n.push(node("windowTokens", F.windowTokens, { tokensPerStep: T, windowFrames: "windowFrames" }));
  n.push(node("fullAttentionFlopPerToken", attentionFlopPerTokenFull, { flopPerAttended: from("attentionFlopPerAttended"), attended: from("windowTokens") }, { title: "Full attention FLOP per token" }));
  n.push(node("fullAttentionFlopPerPass", F.flopOfTokens, { tokens: T, flopPerToken: from("fullAttentionFlopPerToken") }, { title: "Full attention FLOP per pass" }));
  n.push(node("fullAttentionRatio", F.flopRatio, { attentionFlop: from("fullAttentionFlopPerPass"), matmulFlop: from("studentFlopPerPass") }, { title: "Full attention ÷ matmul FLOP" }));
  n.push(node("factorizedAttended", F.factorizedAttended, { spatialTokens: from("tokensPerCamera"), windowFrames: "windowFrames" }));
  n.push(node("factorizedAttentionFlopPerToken", attentionFlopPerTokenFull, { flopPerAttended: from("attentionFlopPerAttended"), attended: from("factorizedAttended") }, { title: "Factorized attention FLOP per token" }));
  n.push(node("factorizedAttentionFlopPerPass", F.flopOfTokens, { tokens: T, flopPerToken: from("factorizedAttentionFlopPerToken") }, { title: "Factorized attention FLOP per pass" }));
  n.push(node("factorizedAttentionRatio", F.flopRatio, { attentionFlop: from("factorizedAttentionFlopPerPass"), matmulFlop: from("studentFlopPerPass") }, { title: "Factorized attention ÷ matmul FLOP" }));
  // tensor parallelism against the tick (the student)
  n.push(
    node(
      "tpComputeSeconds",
      computeSeconds,
      { tokens: T, flopPerToken: from("studentFlopPerToken"), chips: "tensorParallel", peakFlopsPerSecond: "studentFlopsPerSecond", computeEfficiency: effective },
      { title: "Compute per pass, split over the tensor-parallel GPUs" },
    ),
  );
  n.push(node("activationBytes", F.activationBytes, { tokens: T, modelDim: "modelDim", bytesPerActivation: "bytesPerActivation" }));
  n.push(node("allReduceSeconds", ringAllReduceSeconds, { bytes: from("activationBytes"), participants: "tensorParallel", linkBytesPerSecond: "linkBytesPerSecond", latencySeconds: "allReduceLatencySeconds" }));
  n.push(node("allReducesPerPass", F.allReducesPerPass, { layers: "layers" }));
  n.push(node("commSecondsPerPass", F.commSecondsPerPass, { allReduces: from("allReducesPerPass"), allReduceSeconds: from("allReduceSeconds") }));
  // A pass is a stage of the cluster layout's kind: its compute, then its all-reduces (or the larger of the two, overlapped).
  n.push(node("passSeconds", stageSecondsSerial, { rooflineSeconds: from("tpComputeSeconds"), commSeconds: from("commSecondsPerPass") }, { title: "Time per pass", symbol: "t_pass", latexSymbol: "t_{\\text{pass}}" }));
  n.push(node("passSecondsOverlapped", stageSecondsOverlapped, { rooflineSeconds: from("tpComputeSeconds"), commSeconds: from("commSecondsPerPass") }, { title: "Time per pass, perfectly overlapped", symbol: "t_pass,ovl", latexSymbol: "t_{\\text{pass,ovl}}" }));
  // A closed loop is sequential: a tick is its denoising passes one after another.
  const tick = { title: "Time per tick", symbol: "t_tick", latexSymbol: "t_{\\text{tick}}" };
  n.push(node("tickSeconds", sequentialPassesSeconds, { passes: "studentSteps", passSeconds: from("passSeconds") }, tick));
  n.push(node("tickComputeSeconds", sequentialPassesSeconds, { passes: "studentSteps", passSeconds: from("tpComputeSeconds") }, { ...tick, title: "Compute per tick" }));
  n.push(node("tickCommSeconds", sequentialPassesSeconds, { passes: "studentSteps", passSeconds: from("commSecondsPerPass") }, { ...tick, title: "Communication per tick" }));
  n.push(node("tickSecondsOverlapped", sequentialPassesSeconds, { passes: "studentSteps", passSeconds: from("passSecondsOverlapped") }, { ...tick, title: "Time per tick, perfectly overlapped" }));
  n.push(node("tickBudgetSeconds", F.tickBudgetSeconds, { tickRate: "tickRateHz" }));
  n.push(node("tickToBudgetRatio", F.fractionOf, { partSeconds: from("tickSeconds"), wholeSeconds: from("tickBudgetSeconds") }, { title: "Tick time ÷ tick budget" }));
  n.push(node("commFraction", F.fractionOf, { partSeconds: from("commSecondsPerPass"), wholeSeconds: from("passSeconds") }, { title: "Communication share of a pass" }));
  n.push(
    node(
      "llmActivationBytes",
      F.activationBytes,
      { tokens: fixed(1, "LLM decode moves one token per sequence"), modelDim: fixed(8192, "a 70B model's width (Llama-70B class)"), bytesPerActivation: "bytesPerActivation" },
      { title: "LLM decode all-reduce bytes (same formula, one token)" },
    ),
  );
  // distillation payback
  n.push(node("teacherDataUsd", F.usdForMiles, { miles: "teacherDataMiles", usdPerMile: from("teacherUsdPerMile") }, { title: "Teacher data generation" }));
  n.push(node("trainingTokens", F.trainingTokens, { miles: "teacherDataMiles", ticksPerMile: from("stepsPerMile"), tokensPerStep: T, epochs: "trainingEpochs" }));
  n.push(node("trainingFlopPerToken", F.trainingFlopPerToken, { params: "studentParams" }));
  n.push(node("trainingFlop", F.flopOfTokens, { tokens: from("trainingTokens"), flopPerToken: from("trainingFlopPerToken") }, { title: "Student training FLOP" }));
  n.push(
    node(
      "trainingGpuSeconds",
      computeSeconds,
      { tokens: from("trainingTokens"), flopPerToken: from("trainingFlopPerToken"), chips: oneGpu, peakFlopsPerSecond: "trainingFlopsPerSecond", computeEfficiency: effective },
      { title: "Student training GPU-seconds" },
    ),
  );
  n.push(node("trainingUsd", F.usdOfGpuSeconds, { gpuSeconds: from("trainingGpuSeconds"), usdPerGpuHour: "usdPerGpuHour" }, { title: "Student training cost" }));
  n.push(node("distillationUsd", F.sumUsd, { firstUsd: from("teacherDataUsd"), secondUsd: from("trainingUsd") }, { title: "Distillation, one-time cost" }));
  n.push(node("fleetTeacherUsdPerDay", F.usdForMiles, { miles: "fleetMilesPerDay", usdPerMile: from("teacherUsdPerMile") }, { title: "Fleet simulation per day on the teacher" }));
  n.push(node("fleetStudentUsdPerDay", F.usdForMiles, { miles: "fleetMilesPerDay", usdPerMile: from("studentUsdPerMile") }, { title: "Fleet simulation per day on the student" }));
  n.push(node("fleetSavingsUsdPerDay", F.savingsUsd, { expensiveUsd: from("fleetTeacherUsdPerDay"), cheapUsd: from("fleetStudentUsdPerDay") }, { title: "Fleet savings per day on the student" }));
  n.push(node("paybackSeconds", F.paybackSeconds, { oneTimeUsd: from("distillationUsd"), savingsUsdPerDay: from("fleetSavingsUsdPerDay") }));
  // nightly validation
  n.push(node("validationSeconds", F.validationSeconds, { segments: "validationSegments", segmentSeconds: "segmentSeconds" }));
  n.push(node("validationMiles", F.milesInSeconds, { seconds: from("validationSeconds"), speedMetersPerSecond: "speedMetersPerSecond", metersPerMile: "metersPerMile" }, { title: "Miles per night" }));
  n.push(node("validationUsd", F.usdForMiles, { miles: from("validationMiles"), usdPerMile: from("studentUsdPerMile") }, { title: "Nightly validation on the student" }));
  n.push(node("auditMiles", F.auditMiles, { auditFraction: "auditFraction", miles: from("validationMiles") }));
  n.push(node("auditUsd", F.usdForMiles, { miles: from("auditMiles"), usdPerMile: from("teacherUsdPerMile") }, { title: "Nightly teacher audit" }));
  n.push(node("nightlyUsd", F.sumUsd, { firstUsd: from("validationUsd"), secondUsd: from("auditUsd") }, { title: "Nightly validation budget" }));
  return new FormulaGraph(n);
}

let graphs: { rig: FormulaGraph; given: FormulaGraph } | null = null;
/** The analysis's graphs (built once): tokens from the rig, or given. */
export function worldModelGraphs(): { rig: FormulaGraph; given: FormulaGraph } {
  graphs ??= { rig: buildGraph(false), given: buildGraph(true) };
  return graphs;
}

/** Resolved parameters, each with its origin; checked once here. */
export interface WorldModelSetup {
  teacher: WorldModelSpec;
  student: WorldModelSpec;
  hardware: HardwareSpec;
  graph: FormulaGraph;
  tokensFrom: "rig" | "given";
  params: Record<string, Quantity>;
  /** True when no option changes the crib sheet's scenario (the quoted figures then apply). */
  cribScenario: boolean;
  question: FidelityLevel;
  tierCosts: { replay: Quantity; objectSim: Quantity };
  warnings: Warning[];
}

const SCENARIO_KEYS: readonly (keyof WorldModelOptions)[] = [
  ...(WORLDMODEL_INPUTS.inputs.filter((d) => (d.kind === "number" || d.kind === "integer") && !["tokensPerStep", "decodeTokensPerSecond", "speedMph"].includes(d.id)).map((d) => d.id) as Numeric[]),
  "speedMetersPerSecond",
  "studentWeightPrecision",
  "kvPrecision",
  "activationPrecision",
];

/** Whether the options leave the crib sheet's scenario as it is (so its quoted figures apply). */
function isCribScenario(o: WorldModelOptions, teacher: WorldModelSpec, student: WorldModelSpec, hardware: HardwareSpec): boolean {
  return SCENARIO_KEYS.every((k) => o[k] === undefined) && teacher.id === CRIB_TEACHER.id && student.id === CRIB_STUDENT.id && hardware.id === getHardware("h100").id;
}

export function prepareWorldModel(o: WorldModelOptions = {}): WorldModelSetup {
  const teacher = o.teacher ?? CRIB_TEACHER;
  const student = o.student ?? CRIB_STUDENT;
  const hardware = o.hardware ?? getHardware("h100", fieldName(o, "hardware"));
  const warnings: Warning[] = [];
  const kv = student.kv;
  if (!kv) {
    throw new RooflineError({
      code: "unsupported-config",
      field: fieldName(o, "student"),
      value: student.id,
      expected: "a causal, KV-cacheable student (a world model with a KV layout)",
      hint: "The served, fanned-out model must keep a KV cache; a bidirectional teacher re-attends over the whole clip.",
    });
  }
  const q = (key: Numeric, fallback: Quantity): Quantity => {
    const given = o[key] as Given | undefined;
    return checkGiven(given ?? fallback, fieldName(o, key), ruleFor(key));
  };
  const precisionBytes = (p: Precision | undefined, key: keyof WorldModelOptions, fallback: Quantity): Quantity =>
    p ? { value: BYTES_PER_VALUE[p], origin: { kind: "user", name: `${fieldName(o, key)} ${p}` } } : fallback;

  const hbmBytes = o.hbmBytes !== undefined ? q("hbmBytes", byDefault(0, "")) : requireFact(hardware.hbmBytes, `HBM capacity of ${hardware.id}`, { kind: "give", input: "hbmBytes" });
  const params: Record<string, Quantity> = {
    cameras: q("cameras", CRIB_SENSOR_RIG.cameras),
    widthPixels: q("widthPixels", CRIB_SENSOR_RIG.widthPixels),
    heightPixels: q("heightPixels", CRIB_SENSOR_RIG.heightPixels),
    vaeDownsample: q("vaeDownsample", CRIB_SENSOR_RIG.vaeDownsample),
    patchSize: q("patchSize", CRIB_SENSOR_RIG.patchSize),
    extraTokensPerStep: q("extraTokensPerStep", CRIB_SENSOR_RIG.extraTokensPerStep),
    tickRateHz: q("tickRateHz", CRIB_SENSOR_RIG.tickRateHz),
    teacherParams: q("teacherParams", teacher.params),
    teacherSteps: q("teacherSteps", teacher.denoisingSteps),
    teacherFlopsPerSecond: q("teacherFlopsPerSecond", teacher.effectiveFlopsPerSecond),
    studentParams: q("studentParams", student.params),
    studentSteps: q("studentSteps", student.denoisingSteps),
    studentFlopsPerSecond: q("studentFlopsPerSecond", student.effectiveFlopsPerSecond),
    studentBytesPerWeight: precisionBytes(o.studentWeightPrecision, "studentWeightPrecision", student.bytesPerWeight),
    layers: q("layers", kv.layers),
    kvHeads: q("kvHeads", kv.kvHeads),
    headDim: q("headDim", kv.headDim),
    modelDim: q("modelDim", kv.modelDim),
    kvBytesPerValue: precisionBytes(o.kvPrecision, "kvPrecision", kv.kvBytesPerValue),
    windowFrames: q("windowFrames", kv.windowFrames),
    reserveBytes: q("reserveBytes", student.reserveBytes),
    hbmBytes,
    tensorParallel: q("tensorParallel", CRIB_DEFAULTS.tensorParallel),
    linkBytesPerSecond: q("linkBytesPerSecond", CRIB_DEFAULTS.linkBytesPerSecond),
    allReduceLatencySeconds: q("allReduceLatencySeconds", CRIB_DEFAULTS.allReduceLatencySeconds),
    bytesPerActivation: precisionBytes(o.activationPrecision, "activationPrecision", CRIB_DEFAULTS.bytesPerActivation),
    speedMetersPerSecond: q("speedMetersPerSecond", CRIB_DEFAULTS.speedMetersPerSecond),
    metersPerMile: constant(METERS_PER_MILE, "one international mile, the crib sheet's unit of simulated driving"),
    usdPerGpuHour: q("usdPerGpuHour", CRIB_DEFAULTS.usdPerGpuHour),
    teacherDataMiles: q("teacherDataMiles", CRIB_DEFAULTS.teacherDataMiles),
    trainingEpochs: q("trainingEpochs", CRIB_DEFAULTS.trainingEpochs),
    trainingFlopsPerSecond: q("trainingFlopsPerSecond", { value: teacher.effectiveFlopsPerSecond.value, origin: { kind: "seed", source: cribSheet("Distill: 2.6e22 FLOPs ≈ $37K at $2/GPU-hr ⇒ ≈ 0.4 PF/s effective (BF16 training, an assumption)") } }),
    fleetMilesPerDay: q("fleetMilesPerDay", CRIB_DEFAULTS.fleetMilesPerDay),
    validationSegments: q("validationSegments", CRIB_DEFAULTS.validationSegments),
    segmentSeconds: q("segmentSeconds", CRIB_DEFAULTS.segmentSeconds),
    auditFraction: q("auditFraction", CRIB_DEFAULTS.auditFraction),
  };
  params["decodeTokensPerSecond"] =
    o.decodeTokensPerSecond !== undefined
      ? q("decodeTokensPerSecond", byDefault(0, ""))
      : derived(unbatchedDecodeCeiling({ model: cribSheetLlm(), hardware: getHardware("h100") }, "llmDecodeTokensPerSecond"));
  const tokensFrom = o.tokensPerStep !== undefined ? "given" : "rig";
  if (o.tokensPerStep !== undefined) params["tokensPerStep"] = q("tokensPerStep", byDefault(0, ""));

  // --- the rig must tile: the VAE factor divides the image, the patch divides the latent grid ---------
  const w = (params["widthPixels"] as Quantity).value;
  const h = (params["heightPixels"] as Quantity).value;
  const f = (params["vaeDownsample"] as Quantity).value;
  const p = (params["patchSize"] as Quantity).value;
  const latentW = F.latentPixels.fn(w, f);
  const latentH = F.latentPixels.fn(h, f);
  if (!Number.isInteger(latentW) || !Number.isInteger(latentH)) {
    throw new RooflineError({
      code: "out-of-range",
      field: fieldName(o, "vaeDownsample"),
      value: quoteValue(f),
      expected: `a downsampling factor that divides the ${w}×${h} image (one of ${divisors(gcd(w, h)).join(", ")}…)`,
      hint: `${w}/${f} × ${h}/${f} is not a whole latent grid.`,
    });
  }
  if (!Number.isInteger(latentW / p) || !Number.isInteger(latentH / p)) {
    throw new RooflineError({
      code: "out-of-range",
      field: fieldName(o, "patchSize"),
      value: quoteValue(p),
      expected: `a patch size that divides the ${latentW}×${latentH} latent grid (one of ${divisors(gcd(latentW, latentH)).join(", ")})`,
      hint: `A ${p}×${p} patch leaves a partial patch at the edge of a ${latentW}×${latentH} latent image.`,
    });
  }

  // --- warnings -----------------------------------------------------------------------------------
  const tp = (params["tensorParallel"] as Quantity).value;
  const domain = hardware.scaleUpDomainChips.value;
  if (domain !== null && tp > domain) {
    warnings.push({ code: "chips-beyond-scale-up", message: `${fieldName(o, "tensorParallel")} ${tp} exceeds ${hardware.id}'s scale-up domain of ${domain}: all-reduces would cross the slower scale-out network.` });
  }
  const kvHeads = (params["kvHeads"] as Quantity).value;
  if (tp > 1 && kvHeads % tp !== 0) {
    warnings.push({ code: "tp-kv-heads", message: `${fieldName(o, "tensorParallel")} ${tp} does not divide the ${kvHeads} KV heads: some GPUs hold more heads than others (or KV heads are replicated).` });
  }
  for (const [key, precision] of [
    ["teacherFlopsPerSecond", teacher.weightPrecision],
    ["studentFlopsPerSecond", o.studentWeightPrecision ?? student.weightPrecision],
  ] as const) {
    const peak = hardware.denseFlopsPerSecond[computePrecisionFor(precision)].value;
    const v = (params[key] as Quantity).value;
    if (peak !== null && v > peak) warnings.push({ code: "efficiency-above-one", message: `${fieldName(o, key)} ${formatQuantity(v, "FLOP/s")} is above ${hardware.id}'s dense peak of ${formatQuantity(peak, "FLOP/s")}.` });
  }

  const cribScenario = isCribScenario(o, teacher, student, hardware);
  const question = o.question ?? "closed-loop-sensor";
  if (!(FIDELITY_LEVELS as readonly string[]).includes(question)) {
    throw new RooflineError({ code: "invalid-choice", field: fieldName(o, "question"), value: quoteValue(question), expected: `one of ${FIDELITY_LEVELS.join(", ")}` });
  }
  return {
    teacher,
    student,
    hardware,
    graph: tokensFrom === "given" ? worldModelGraphs().given : worldModelGraphs().rig,
    tokensFrom,
    params,
    cribScenario,
    question,
    tierCosts: { replay: q("replayUsdPerMile", CRIB_REPLAY_USD_PER_MILE), objectSim: q("objectSimUsdPerMile", CRIB_OBJECT_SIM_USD_PER_MILE) },
    warnings,
  };
}

/** One kernel of the setup's graph with `varying` parameters free and the rest fixed. */
export function worldModelKernel(setup: WorldModelSetup, varying: readonly string[], outputs: readonly string[]): Kernel {
  const fixedParams = setup.graph.params.filter((p) => !varying.includes(p));
  const k = setup.graph.compile([...fixedParams, ...varying], outputs);
  const values = fixedParams.map((p) => (setup.params[p] as Quantity).value);
  return k.bind(null, ...values);
}

function percent(x: number): string {
  return `${x >= 0 ? "+" : ""}${formatSignificant(x * 100, 2)}%`;
}

function displayOf(d: Derivation, value: number): string {
  return formatQuantity(value, d.unit, 3);
}

export function analyzeWorldModel(o: WorldModelOptions = {}): WorldModelResult {
  const setup = prepareWorldModel(o);
  const { params, graph } = setup;
  const d = graph.explain(params);
  const v = (name: string): number => (d[name] as Derivation).value;
  const warnings = [...setup.warnings];

  // --- the window must fit in one GPU --------------------------------------------------------------
  if (v("branchesPerGpu") < 1) {
    const frames = v("windowCapacityFrames");
    const free = v("residentBytes");
    throw new RooflineError({
      code: "does-not-fit",
      field: fieldName(o, "windowFrames"),
      value: quoteValue((params["windowFrames"] as Quantity).value),
      expected:
        frames >= 1
          ? `a window whose KV fits in one GPU: at most ${frames} frames (${formatQuantity(v("kvBytesPerFrame"), "B")} per frame)`
          : "a window whose KV fits in one GPU",
      hint:
        frames >= 1
          ? `A ${(params["windowFrames"] as Quantity).value}-frame window needs ${formatQuantity(v("kvBytesPerWindow"), "B")} of KV; ${formatQuantity((params["hbmBytes"] as Quantity).value, "B")} of HBM less ${formatQuantity(free, "B")} of weights and reserve leaves room for ${formatSignificant(v("branchCapacity"), 3)} windows. Shorten the window, lower the KV precision, or use a GPU with more HBM.`
          : `Not even one frame's KV (${formatQuantity(v("kvBytesPerFrame"), "B")}) fits beside ${formatQuantity(free, "B")} of weights and reserve in ${formatQuantity((params["hbmBytes"] as Quantity).value, "B")} of HBM.`,
    });
  }

  // --- the crib sheet's quotes beside the derivations ----------------------------------------------
  const quoted: QuotedFigure[] = [];
  if (setup.cribScenario) {
    const at12k = worldModelGraphs().given.evaluate({ ...Object.fromEntries(Object.entries(params).map(([k, q]) => [k, q.value])), tokensPerStep: CRIB_DEFAULTS.quotedTokensPerStep.value });
    for (const qf of QUOTES) {
      const dv = d[qf.name];
      const at = qf.name === "tokensPerStep" ? CRIB_DEFAULTS.quotedTokensPerStep.value : at12k[qf.name];
      if (!dv || at === undefined) continue;
      const difference = dv.value / qf.value - 1;
      quoted.push({ name: qf.name, quote: qf.quote, quotedValue: qf.value, kind: qf.kind ?? "approx", derivedValue: dv.value, difference, atQuotedTokens: at, source: cribSheet(qf.locator) });
      const tail =
        setup.tokensFrom === "rig" && Math.abs(at / dv.value - 1) > 1e-9
          ? ` At the crib sheet's rounded 12K tokens per step the same formulas give ${displayOf(dv, at)} (${percent(at / qf.value - 1)} from the quote).`
          : "";
      const head =
        qf.kind === "below"
          ? `Crib sheet: "${qf.quote}"; derived ${dv.display} (${dv.value < qf.value ? "below" : "NOT below"} ${displayOf(dv, qf.value)}).`
          : Math.abs(difference) < 0.005
            ? `Crib sheet: "${qf.quote}" — the derivation agrees.`
            : `Crib sheet: "${qf.quote}"; the derivation gives ${dv.display} (${percent(difference)}).`;
      d[qf.name] = withNotes(dv, head + tail);
    }
  }

  // --- tiers ------------------------------------------------------------------------------------------
  const tierCost: Record<TierId, { value: number; origin: string }> = {
    "log-replay": { value: setup.tierCosts.replay.value, origin: setup.tierCosts.replay.origin.kind === "seed" ? `assumption (crib sheet: ${setup.tierCosts.replay.origin.source.locator ?? ""})` : `given: ${fieldName(o, "replayUsdPerMile")}` },
    "object-sim": {
      value: setup.tierCosts.objectSim.value,
      origin: setup.tierCosts.objectSim.origin.kind === "seed" ? `assumption (crib sheet: ${setup.tierCosts.objectSim.origin.source.locator ?? ""})` : `given: ${fieldName(o, "objectSimUsdPerMile")}`,
    },
    student: { value: v("studentUsdPerMile"), origin: "derived: studentUsdPerMile" },
    teacher: { value: v("teacherUsdPerMile"), origin: "derived: teacherUsdPerMile" },
  };
  const tiers: SimTierRow[] = TIERS.map((t) => ({ id: t.id, name: t.name, answers: t.answers, answersDescription: FIDELITY_DESCRIPTIONS[t.answers], usdPerMile: tierCost[t.id].value, origin: tierCost[t.id].origin }));
  const cheapestFor = (question: FidelityLevel): SimTierRow => {
    const need = FIDELITY_LEVELS.indexOf(question);
    const able = tiers.filter((t) => FIDELITY_LEVELS.indexOf(t.answers) >= need);
    return able.reduce((best, t) => (t.usdPerMile < best.usdPerMile ? t : best), able[0] as SimTierRow);
  };
  const cheapestTierByQuestion = Object.fromEntries(FIDELITY_LEVELS.map((l) => [l, cheapestFor(l).id])) as Record<FidelityLevel, TierId>;

  // --- payback ----------------------------------------------------------------------------------------
  const payback = v("paybackSeconds");
  const paybackSeconds = Number.isFinite(payback) && payback > 0 ? payback : null;
  if (paybackSeconds === null) {
    warnings.push({ code: "no-payback", message: "The student costs as much per mile as the teacher (or more): distillation never pays back." });
    delete d["paybackSeconds"];
  }

  // --- fan-out: branches vs window length; tensor parallelism vs the tick ---------------------------
  const fan = worldModelKernel(setup, ["windowFrames"], ["branchesPerGpu", "kvBytesPerWindow"]);
  const fanOut: FanOutPoint[] = [];
  const maxFrames = Math.max(2 * (params["windowFrames"] as Quantity).value, Math.min(v("windowCapacityFrames") + 1, 256));
  const out2 = new Float64Array(2);
  for (let wf = 1; wf <= maxFrames; wf++) {
    fan(wf, out2);
    fanOut.push({ windowFrames: wf, branchesPerGpu: Math.max(0, out2[0] as number), kvBytesPerWindow: out2[1] as number });
  }
  const tpKernel = worldModelKernel(setup, ["tensorParallel"], ["tpComputeSeconds", "commSecondsPerPass", "passSeconds", "tickSeconds", "tickComputeSeconds", "tickCommSeconds"]);
  const out4 = new Float64Array(6);
  const budget = v("tickBudgetSeconds");
  const tpDegrees = [...new Set([1, 2, 4, 8, (params["tensorParallel"] as Quantity).value])].sort((a, b) => a - b);
  const tensorParallelSweep: TensorParallelPoint[] = tpDegrees.map((n) => {
    tpKernel(n, out4);
    return {
      tensorParallel: n,
      computeSeconds: out4[0] as number,
      commSeconds: out4[1] as number,
      passSeconds: out4[2] as number,
      tickComputeSeconds: out4[4] as number,
      tickCommSeconds: out4[5] as number,
      tickSeconds: out4[3] as number,
      meetsBudget: (out4[3] as number) <= budget,
    };
  });

  const assumptions = [...new Set([...setup.teacher.assumptions, ...setup.student.assumptions])];
  assumptions.push(
    "cost per mile counts GPU-seconds, not wall-clock: bulk simulation spreads ticks over many GPUs (sim-time ≠ wall-clock)",
    "tensor-parallel communication is not overlapped with compute (the crib sheet's sum); the overlapped floor is max(compute, comms)",
    "log replay and object-level sim cost per mile are the crib sheet's figures, taken as given",
  );
  const cheapestTier = cheapestFor(setup.question);
  return {
    expectedNote: WORLDMODEL_EXPECTED_NOTE,
    teacher: { id: setup.teacher.id, name: setup.teacher.name },
    student: { id: setup.student.id, name: setup.student.name },
    hardware: { id: setup.hardware.id, name: setup.hardware.name },
    params,
    tokensFrom: setup.tokensFrom,
    tokensPerCamera: v("tokensPerCamera"),
    tokensPerStep: setup.tokensFrom === "given" ? (params["tokensPerStep"] as Quantity).value : v("tokensPerStep"),
    streamTokensPerSecond: v("streamTokensPerSecond"),
    teacherFlopPerPass: v("teacherFlopPerPass"),
    teacherFlopPerStep: v("teacherFlopPerStep"),
    teacherGpuSecondsPerStep: v("teacherGpuSecondsPerStep"),
    studentFlopPerPass: v("studentFlopPerPass"),
    studentFlopPerStep: v("studentFlopPerStep"),
    studentGpuSecondsPerStep: v("studentGpuSecondsPerStep"),
    stepsPerMile: v("stepsPerMile"),
    teacherGpuSecondsPerMile: v("teacherGpuSecondsPerMile"),
    studentGpuSecondsPerMile: v("studentGpuSecondsPerMile"),
    teacherUsdPerMile: v("teacherUsdPerMile"),
    studentUsdPerMile: v("studentUsdPerMile"),
    kvBytesPerToken: v("kvBytesPerToken"),
    kvBytesPerFrame: v("kvBytesPerFrame"),
    kvBytesPerWindow: v("kvBytesPerWindow"),
    branchCapacity: v("branchCapacity"),
    branchesPerGpu: v("branchesPerGpu"),
    windowCapacityFrames: v("windowCapacityFrames"),
    fullAttentionRatio: v("fullAttentionRatio"),
    factorizedAttentionRatio: v("factorizedAttentionRatio"),
    tickBudget: {
      computeSeconds: v("tickComputeSeconds"),
      commSeconds: v("tickCommSeconds"),
      tickSeconds: v("tickSeconds"),
      budgetSeconds: budget,
      passSeconds: v("passSeconds"),
      meetsBudget: v("tickSeconds") <= budget,
      tensorParallel: tp(params),
    },
    tensorParallelSweep,
    fanOut,
    tiers,
    question: setup.question,
    cheapestTier,
    cheapestTierByQuestion,
    distillation: {
      teacherDataUsd: v("teacherDataUsd"),
      trainingFlop: v("trainingFlop"),
      trainingUsd: v("trainingUsd"),
      oneTimeUsd: v("distillationUsd"),
      fleetSavingsUsdPerDay: v("fleetSavingsUsdPerDay"),
      paybackSeconds,
    },
    validation: { miles: v("validationMiles"), studentUsd: v("validationUsd"), auditUsd: v("auditUsd"), totalUsd: v("nightlyUsd") },
    quoted,
    derivations: d,
    warnings,
    assumptions,
  };
}

function tp(params: Record<string, Quantity>): number {
  return (params["tensorParallel"] as Quantity).value;
}


/**
 * World-model catalog: the crib sheet's sensor rig, its diffusion teacher and distilled student, and
 * the simulation tiers. Every value keeps its origin (the crib sheet, seed 000); the effective FLOP/s
 * are the crib sheet's stated assumptions, not spec-sheet peaks.
 */
import { nearestIds, RooflineError } from "../errors.ts";
import type { Quantity } from "../formula/formula.ts";
import type { Precision } from "../precision.ts";
import { cribSheet, type SourceRef } from "../sources.ts";

function seed(value: number, locator: string): Quantity {
  return { value, origin: { kind: "seed", source: cribSheet(locator) } };
}

/** One international mile, the crib sheet's unit of simulated driving. */
export const METERS_PER_MILE = 1609.344;
/** Miles per hour to metres per second (for the edges: flags and controls take mph). */
export function milesPerHourToMetersPerSecond(mph: number): number {
  return (mph * METERS_PER_MILE) / 3600;
}
export function metersPerSecondToMilesPerHour(mps: number): number {
  return (mps * 3600) / METERS_PER_MILE;
}

/** The cameras and sensors whose data the model generates each tick. */
export interface SensorRig {
  cameras: Quantity;
  widthPixels: Quantity;
  heightPixels: Quantity;
  /** VAE spatial downsampling factor per side. */
  vaeDownsample: Quantity;
  /** Patch side in latent pixels. */
  patchSize: Quantity;
  /** Extra sensor tokens per tick (lidar). */
  extraTokensPerStep: Quantity;
  /** Simulation ticks per second. */
  tickRateHz: Quantity;
}

export const CRIB_SENSOR_RIG: SensorRig = {
  cameras: seed(3, "12K tokens / 100 ms step: 3 cams"),
  widthPixels: seed(1280, "12K tokens / 100 ms step: 720p (1280 × 720)"),
  heightPixels: seed(720, "12K tokens / 100 ms step: 720p (1280 × 720)"),
  vaeDownsample: seed(8, "12K tokens / 100 ms step: VAE f8"),
  patchSize: seed(2, "12K tokens / 100 ms step: 2×2 patch"),
  extraTokensPerStep: seed(2000, "12K tokens / 100 ms step: + 2K lidar"),
  tickRateHz: seed(10, "12K tokens / 100 ms step: 10 Hz"),
};

/** The KV cache a causal, KV-cacheable model keeps (a bidirectional teacher keeps none). */
export interface KvLayout {
  layers: Quantity;
  kvHeads: Quantity;
  headDim: Quantity;
  /** Model width: query heads × head dimension (attention FLOPs, all-reduce bytes). */
  modelDim: Quantity;
  kvPrecision: Precision;
  kvBytesPerValue: Quantity;
  /** Frames in the attention window. */
  windowFrames: Quantity;
}

export type WorldModelRole = "teacher" | "student";

export interface WorldModelSpec {
  id: string;
  name: string;
  role: WorldModelRole;
  summary: string;
  params: Quantity;
  denoisingSteps: Quantity;
  weightPrecision: Precision;
  bytesPerWeight: Quantity;
  /** Achieved FLOP/s per GPU: an assumption, stated. */
  effectiveFlopsPerSecond: Quantity;
  /** Null for a bidirectional model, which re-attends over the whole clip and keeps no causal KV cache. */
  kv: KvLayout | null;
  /** HBM reserved besides the weights and KV (activations, workspace, runtime). */
  reserveBytes: Quantity;
  sources: SourceRef[];
  assumptions: string[];
}

export const CRIB_TEACHER: WorldModelSpec = {
  id: "crib-teacher-30b",
  name: "Diffusion teacher, 30B, 30 steps, BF16 (crib sheet)",
  role: "teacher",
  summary: "A bidirectional video diffusion transformer: best fidelity, pays 30 denoising passes per tick.",
  params: seed(30e9, "Teacher $36/mile: 2·30B·12K"),
  denoisingSteps: seed(30, "Teacher $36/mile: × 30 steps"),
  weightPrecision: "bf16",
  bytesPerWeight: seed(2, "Teacher: BF16 (2 bytes per weight)"),
  effectiveFlopsPerSecond: seed(0.4e15, "Teacher $36/mile: ÷ 0.4 PF/s (effective BF16 per H100, an assumption)"),
  kv: null,
  reserveBytes: seed(0, "Teacher: no fan-out is served from it"),
  sources: [cribSheet("Teacher $36/mile"), cribSheet("history: bidirectional diffusion teacher distilled into a causal, few-step, KV-cacheable student")],
  assumptions: ["0.4 PF/s is the crib sheet's effective BF16 rate per H100 (≈40% of the 989 TFLOP/s dense peak)"],
};

export const CRIB_STUDENT: WorldModelSpec = {
  id: "crib-student-3b",
  name: "Causal student, 3B, 4 steps, FP8 (crib sheet)",
  role: "student",
  summary: "The teacher distilled into a causal, few-step, KV-cacheable student (CausVid → Self-Forcing → Causal Forcing).",
  params: seed(3e9, "Student $0.24/mile: 3B"),
  denoisingSteps: seed(4, "Student $0.24/mile: 4 steps"),
  weightPrecision: "fp8",
  bytesPerWeight: seed(1, "Student: FP8 (1 byte per weight)"),
  effectiveFlopsPerSecond: seed(0.8e15, "Student $0.24/mile: ÷ 0.8 PF/s (effective FP8 per H100, an assumption)"),
  kv: {
    layers: seed(28, "57 KB/token KV (FP8): 28 layers"),
    kvHeads: seed(8, "57 KB/token KV (FP8): 8 heads"),
    headDim: seed(128, "57 KB/token KV (FP8): 128 dim"),
    modelDim: seed(3072, "Attention 8× matmuls (full): × 3072"),
    kvPrecision: "fp8",
    kvBytesPerValue: seed(1, "57 KB/token KV (FP8): × 1 B"),
    windowFrames: seed(12, "57 KB/token KV (FP8): 12-frame window"),
  },
  reserveBytes: seed(1e9, "~9 branches/H100: '4 GB weights' for 3 GB of FP8 weights, the rest taken as a 1 GB reserve"),
  sources: [cribSheet("Student $0.24/mile (~150×)"), cribSheet("57 KB/token KV (FP8)")],
  assumptions: [
    "0.8 PF/s is the crib sheet's effective FP8 rate per H100 (≈40% of the 1,979 TFLOP/s dense peak)",
    "the crib sheet's '4 GB weights' is read as 3 GB of FP8 weights (3B × 1 B) plus a 1 GB reserve for activations and runtime",
  ],
};

export const WORLD_MODELS: readonly WorldModelSpec[] = [CRIB_TEACHER, CRIB_STUDENT];

export const WORLD_MODEL_ALIASES: Readonly<Record<string, string>> = { teacher: CRIB_TEACHER.id, student: CRIB_STUDENT.id };

export function getWorldModel(id: string, field = "--model"): WorldModelSpec {
  const key = id.trim().toLowerCase();
  const hit = WORLD_MODELS.find((m) => m.id === key || m.id === WORLD_MODEL_ALIASES[key]);
  if (hit) return hit;
  throw new RooflineError({
    code: "unknown-id",
    field,
    value: id,
    expected: "a world-model catalog id or alias (teacher, student)",
    hint: `Nearest: ${nearestIds(id, [...WORLD_MODELS.map((m) => m.id), ...Object.keys(WORLD_MODEL_ALIASES)]).join(", ")}.`,
  });
}

// ---- Simulation tiers ---------------------------------------------------------------------------------

/** What a question needs of the simulator, from least to most. */
export const FIDELITY_LEVELS = ["open-loop", "closed-loop-behaviour", "closed-loop-sensor", "reference"] as const;
export type FidelityLevel = (typeof FIDELITY_LEVELS)[number];

export const FIDELITY_DESCRIPTIONS: Readonly<Record<FidelityLevel, string>> = {
  "open-loop": "open loop: replay what the car recorded; the planner's outputs do not change the world",
  "closed-loop-behaviour": "closed loop at the object level: agents react to the planner, no sensor data is generated",
  "closed-loop-sensor": "closed loop with generated sensors: the planner sees synthesised cameras and lidar",
  reference: "reference fidelity: the best generative model, for audits, the long tail and checking the student",
};

export type TierId = "log-replay" | "object-sim" | "student" | "teacher";

export interface TierSpec {
  id: TierId;
  name: string;
  /** The most demanding question this tier answers. */
  answers: FidelityLevel;
}

export const TIERS: readonly TierSpec[] = [
  { id: "log-replay", name: "Log replay", answers: "open-loop" },
  { id: "object-sim", name: "Object-level sim", answers: "closed-loop-behaviour" },
  { id: "student", name: "Distilled student world model", answers: "closed-loop-sensor" },
  { id: "teacher", name: "Diffusion teacher world model", answers: "reference" },
];

/** Cost per mile of the tiers that are not generative models: the crib sheet's figures, as assumptions. */
export const CRIB_REPLAY_USD_PER_MILE = seed(0.0001, "Tier costs per mile: replay $0.0001");
export const CRIB_OBJECT_SIM_USD_PER_MILE = seed(0.001, "Tier costs per mile: object-sim $0.001");

// ---- Scenario defaults (the crib sheet's) --------------------------------------------------------------

export const CRIB_DEFAULTS = {
  speedMetersPerSecond: seed(milesPerHourToMetersPerSecond(30), "1,200 steps/mile: 30 mph"),
  usdPerGpuHour: seed(2, "Teacher $36/mile: × $2 per GPU-hour"),
  quotedTokensPerStep: seed(12_000, "12K tokens / 100 ms step (rounded from 12.8K)"),
  tensorParallel: seed(4, "TP4 misses 100 ms"),
  linkBytesPerSecond: seed(400e9, "TP4 misses 100 ms: all-reduces @ ~400 GB/s (an effective NVLink rate; the H100's spec is 450 GB/s per direction)"),
  allReduceLatencySeconds: seed(0, "TP4 misses 100 ms: the crib sheet counts bandwidth only"),
  activationPrecision: "bf16" as Precision,
  bytesPerActivation: seed(2, "16 KB vs 75 MB all-reduce: BF16 activations (12K × 3072 × 2 B ≈ 75 MB)"),
  teacherDataMiles: seed(50_000, "Distill: 50K teacher miles"),
  trainingEpochs: seed(2, "Distill: 3B training ≈ 2.6e22 FLOPs (6·3e9·50K mi·1,200·12K·2 → two epochs)"),
  fleetMilesPerDay: seed(100_000, "Distill: $3.6M vs $24K/day fleet (= 100K miles/day at $36 and $0.24)"),
  validationSegments: seed(10_000, "Validation ≈ $400/night: 10K segments"),
  segmentSeconds: seed(20, "Validation ≈ $400/night: × 20 s"),
  auditFraction: seed(0.05, "Validation: +5% teacher audit"),
} as const;

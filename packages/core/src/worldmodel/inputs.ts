/**
 * The inputs of the world-model analysis (`roofline worldmodel` and the World models page): the
 * sensor rig, the teacher and student (catalog models whose numbers can be overridden), the student's
 * KV layout and fan-out, tensor parallelism against the tick, driving and money, the tier question,
 * distillation and nightly validation. One line per input: the engine's range, the CLI flag and help,
 * the page's control and URL key.
 *
 * Defaults: the scenario's numbers are the crib sheet's (read from catalog.ts, where each keeps its
 * locator); the models' numbers are the chosen teacher's or student's (null here: they follow the
 * catalog entry). The page's first URL keys (x.window, x.tickHz, x.tp, x.mph, x.tokens, x.question) are
 * aliases read on this page only.
 */
import type { Quantity } from "../formula/formula.ts";
import { defineInputs, type InputDef } from "../inputs/define.ts";
import { BOUNDS, ROOFLINE_INPUT_DEFS as R } from "../inputs/roofline.ts";
import { PRECISIONS, type Precision } from "../precision.ts";
import { PARALLEL_INPUT_DEFS } from "../training/inputs.ts";
import type { Given } from "../validate.ts";
import { userGiven } from "../formula/formula.ts";
import type { HardwareSpec } from "../catalog/hardware.ts";
import type { WorldModelOptions } from "./analysis.ts";
import { CRIB_DEFAULTS, CRIB_OBJECT_SIM_USD_PER_MILE, CRIB_REPLAY_USD_PER_MILE, CRIB_SENSOR_RIG, CRIB_STUDENT, CRIB_TEACHER, FIDELITY_LEVELS, metersPerSecondToMilesPerHour, milesPerHourToMetersPerSecond, type FidelityLevel, type WorldModelSpec } from "./catalog.ts";

/** A number input of the analysis; `crib` is the crib sheet's default (its value), null when a model gives it. */
const num = (id: string, flag: string, label: string, unit: InputDef["unit"], group: InputDef["group"], doc: string, crib: Quantity | number | null, defaultFrom: string, min: number, max: number, extra: Partial<InputDef> = {}): InputDef => ({
  id,
  flag,
  url: flag,
  label,
  unit,
  kind: "number",
  group,
  doc,
  default: crib === null ? null : typeof crib === "number" ? crib : crib.value,
  defaultFrom,
  min,
  max,
  advanced: true,
  ...(WHAT[id] ? { what: WHAT[id] } : {}),
  ...extra,
});
const int = (...a: Parameters<typeof num>): InputDef => ({ ...num(...a), kind: "integer" });

const F = BOUNDS.flopsPerSecond;

/** What each number counts, as messages say it ("a number of ticks per second (Hz)"). */
const WHAT: Readonly<Record<string, string>> = {
  "cameras": "cameras",
  "widthPixels": "image width in pixels",
  "heightPixels": "image height in pixels",
  "vaeDownsample": "VAE downsampling factor per side",
  "patchSize": "latent pixels per patch side",
  "extraTokensPerStep": "extra sensor tokens per step",
  "tickRateHz": "ticks per second (Hz)",
  "tokensPerStep": "tokens per step",
  "teacherParams": "teacher parameters",
  "teacherSteps": "teacher denoising steps",
  "teacherFlopsPerSecond": "effective FLOP/s per GPU",
  "studentParams": "student parameters",
  "studentSteps": "student denoising steps",
  "studentFlopsPerSecond": "effective FLOP/s per GPU",
  "layers": "layers",
  "kvHeads": "KV heads per layer",
  "headDim": "head dimension",
  "modelDim": "model width",
  "windowFrames": "frames in the attention window",
  "reserveBytes": "bytes reserved besides weights and KV",
  "linkBytesPerSecond": "link bytes/s per GPU, one direction",
  "allReduceLatencySeconds": "seconds of latency per all-reduce",
  "usdPerGpuHour": "USD per GPU-hour",
  "decodeTokensPerSecond": "LLM decode tokens per second",
  "replayUsdPerMile": "USD per mile",
  "objectSimUsdPerMile": "USD per mile",
  "teacherDataMiles": "teacher-generated miles",
  "trainingEpochs": "epochs",
  "trainingFlopsPerSecond": "effective FLOP/s per GPU",
  "fleetMilesPerDay": "fleet miles simulated per day",
  "validationSegments": "segments per night",
  "segmentSeconds": "seconds per segment",
  "auditFraction": "fraction of miles audited on the teacher",
  "speedMph": "miles per hour",
};
const STUDENT = "the student's (its catalog entry)";
const TEACHER = "the teacher's (its catalog entry)";

export const WORLDMODEL_INPUTS = defineInputs("worldmodel", [
  // The models and the GPU
  { id: "teacher", flag: "teacher", url: "teacher", label: "Teacher", unit: "", kind: "catalog", catalog: "world-model", group: "model", doc: "teacher world model from the catalog (teacher = the crib sheet's 30B, 30 steps, BF16)", default: CRIB_TEACHER.id, defaultFrom: "the crib sheet's diffusion teacher", valueName: "<id>" },
  { id: "student", flag: "student", url: "student", label: "Student", unit: "", kind: "catalog", catalog: "world-model", group: "model", doc: "student world model from the catalog (student = the crib sheet's 3B, 4 steps, FP8)", default: CRIB_STUDENT.id, defaultFrom: "the crib sheet's distilled student", valueName: "<id>" },
  { ...R.hardware, doc: "the GPU whose HBM bounds fan-out: catalog chip id or alias, or a hardware JSON file", default: "nvidia-h100-sxm5-80gb", defaultFrom: "the crib sheet's H100" },
  // The sensor rig and the tick
  int("cameras", "cameras", "Cameras", "1", "workload", "cameras on the vehicle", CRIB_SENSOR_RIG.cameras, "the crib sheet's 3 cameras", 1, 1e3, { advanced: false, valueName: "<n>" }),
  int("widthPixels", "width", "Image width", "1", "workload", "image width in pixels", CRIB_SENSOR_RIG.widthPixels, "720p", 1, 1e5, { valueName: "<px>" }),
  int("heightPixels", "height", "Image height", "1", "workload", "image height in pixels", CRIB_SENSOR_RIG.heightPixels, "720p", 1, 1e5, { valueName: "<px>" }),
  int("vaeDownsample", "vae-downsample", "VAE downsampling", "1", "model", "VAE downsampling per side; must divide the image's width and height", CRIB_SENSOR_RIG.vaeDownsample, "the crib sheet's VAE f8", 1, 1e3, { valueName: "<f>" }),
  int("patchSize", "patch", "Patch side", "1", "model", "patch side in latent pixels; must divide both latent sides", CRIB_SENSOR_RIG.patchSize, "the crib sheet's 2×2 patches", 1, 1e3, { valueName: "<p>" }),
  int("extraTokensPerStep", "extra-tokens", "Extra sensor tokens", "token", "workload", "extra sensor tokens per tick, e.g. lidar", CRIB_SENSOR_RIG.extraTokensPerStep, "the crib sheet's 2K lidar tokens", 0, 1e8, { valueName: "<n>" }),
  num("tickRateHz", "tick-hz", "Tick rate", "1/s", "workload", "simulation ticks per second", CRIB_SENSOR_RIG.tickRateHz, "the crib sheet's 10 Hz", 0.01, 1e4, { url: "tick", urlAliases: ["x.tickHz"], advanced: false, valueName: "<Hz>" }),
  num("tokensPerStep", "tokens-per-step", "Tokens per tick", "token", "workload", "tokens per tick given directly instead of derived from the rig (the crib sheet's rounded figure is 12000)", null, "derived from the sensor rig", 1, 1e9, { url: "ticktokens", urlAliases: ["x.tokens"], advanced: false, valueName: "<T>" }),
  // Teacher and student
  num("teacherParams", "teacher-params", "Teacher parameters", "param", "model", "teacher parameters", null, TEACHER, 1e3, 1e14, { valueName: "<N>" }),
  int("teacherSteps", "teacher-steps", "Teacher steps", "1", "model", "teacher denoising steps per tick", null, TEACHER, 1, 1e4, { valueName: "<S>" }),
  num("teacherFlopsPerSecond", "teacher-flops", "Teacher FLOP/s", "FLOP/s", "efficiency", "teacher's effective FLOP/s per GPU", null, `${TEACHER}: an assumption`, F[0], F[1], { valueName: "<FLOP/s>" }),
  num("studentParams", "student-params", "Student parameters", "param", "model", "student parameters", null, STUDENT, 1e3, 1e14, { valueName: "<N>" }),
  int("studentSteps", "student-steps", "Student steps", "1", "model", "student denoising steps per tick", null, STUDENT, 1, 1e4, { valueName: "<S>" }),
  num("studentFlopsPerSecond", "student-flops", "Student FLOP/s", "FLOP/s", "efficiency", "student's effective FLOP/s per GPU", null, `${STUDENT}: an assumption`, F[0], F[1], { valueName: "<FLOP/s>" }),
  { id: "studentWeightPrecision", flag: "student-weights", url: "sweights", label: "Student weights", unit: "", kind: "enum", group: "precision", doc: "student weight precision", default: null, defaultFrom: STUDENT, choices: PRECISIONS, advanced: true, valueName: "<precision>" },
  // The student's KV and fan-out
  int("layers", "layers", "Student layers", "layer", "model", "student layers", null, STUDENT, 1, 1e4, { valueName: "<n>" }),
  int("kvHeads", "kv-heads", "Student KV heads", "1", "model", "student KV heads per layer", null, STUDENT, 1, 1e4, { valueName: "<n>" }),
  int("headDim", "head-dim", "Student head dimension", "1", "model", "student head dimension", null, STUDENT, 1, 1e5, { valueName: "<d>" }),
  int("modelDim", "model-dim", "Student width", "1", "model", "student model width", null, STUDENT, 1, 1e6, { valueName: "<d>" }),
  { ...R.kvPrecision, doc: "student KV-cache precision", default: null, defaultFrom: STUDENT, advanced: true },
  int("windowFrames", "window-frames", "Window frames", "1", "workload", "frames in the attention window; its KV must fit in one GPU", null, STUDENT, 1, 1e5, { url: "window", urlAliases: ["x.window"], advanced: false, valueName: "<W>" }),
  num("reserveBytes", "reserve-bytes", "HBM reserve", "B", "system", "HBM reserved besides weights and KV, bytes", null, STUDENT, 0, BOUNDS.bytes[1], { valueName: "<B>" }),
  R.hbmBytes,
  // Tensor parallelism against the tick
  { ...PARALLEL_INPUT_DEFS.tensorParallel, doc: "tensor-parallel GPUs splitting each student pass", default: CRIB_DEFAULTS.tensorParallel.value, defaultFrom: "the crib sheet's TP4", urlAliases: ["x.tp"], advanced: false },
  num("linkBytesPerSecond", "link-bandwidth", "Link bandwidth", "B/s", "system", "effective link bandwidth per GPU, one direction", CRIB_DEFAULTS.linkBytesPerSecond, "the crib sheet's ~400 GB/s effective NVLink", BOUNDS.bytesPerSecond[0], BOUNDS.bytesPerSecond[1], { valueName: "<B/s>" }),
  num("allReduceLatencySeconds", "all-reduce-latency", "All-reduce latency", "s", "system", "fixed latency per all-reduce", CRIB_DEFAULTS.allReduceLatencySeconds, "the crib sheet counts bandwidth only", 0, 10, { valueName: "<s>" }),
  { id: "activationPrecision", flag: "activations", url: "acts", label: "Activations", unit: "", kind: "enum", group: "precision", doc: "activation precision of the all-reduces", default: CRIB_DEFAULTS.activationPrecision, defaultFrom: "BF16 activations", choices: PRECISIONS, advanced: true, valueName: "<precision>" },
  // Driving and money
  num("speedMph", "speed-mph", "Speed", "mph", "workload", "driving speed in miles per hour", metersPerSecondToMilesPerHour(CRIB_DEFAULTS.speedMetersPerSecond.value), "the crib sheet's 30 mph", 0.25, 2000, { url: "mph", urlAliases: ["x.mph"], advanced: false, valueName: "<mph>" }),
  num("usdPerGpuHour", "usd-per-gpu-hour", "GPU price", "USD/h", "economics", "GPU rental per hour", CRIB_DEFAULTS.usdPerGpuHour, "the crib sheet's $2 per GPU-hour", 1e-3, BOUNDS.usdPerHour[1], { valueName: "<$>" }),
  num("decodeTokensPerSecond", "decode-tokens-per-second", "LLM decode rate", "token/s", "workload", "LLM decode rate to compare a stream with", null, "the 70B FP8 unbatched ceiling on an H100", 1e-3, 1e9, { valueName: "<n>" }),
  // The tiers and the question
  num("replayUsdPerMile", "replay-usd-per-mile", "Log replay cost", "USD", "economics", "log replay cost per mile", CRIB_REPLAY_USD_PER_MILE, "the crib sheet's $0.0001 per mile", 0, 1e9, { valueName: "<$>" }),
  num("objectSimUsdPerMile", "object-sim-usd-per-mile", "Object sim cost", "USD", "economics", "object-level sim cost per mile", CRIB_OBJECT_SIM_USD_PER_MILE, "the crib sheet's $0.001 per mile", 0, 1e9, { valueName: "<$>" }),
  { id: "question", flag: "question", url: "question", urlAliases: ["x.question"], label: "Question", unit: "", kind: "enum", group: "workload", doc: "what the question needs (the cheapest tier that answers it is reported)", default: "closed-loop-sensor", defaultFrom: "", choices: FIDELITY_LEVELS, valueName: "<level>" },
  // Distillation payback
  num("teacherDataMiles", "teacher-miles", "Teacher miles", "1", "economics", "miles of teacher-generated training data", CRIB_DEFAULTS.teacherDataMiles, "the crib sheet's 50K teacher miles", 0, 1e12, { valueName: "<m>" }),
  num("trainingEpochs", "epochs", "Epochs", "1", "workload", "passes over the generated data while training the student", CRIB_DEFAULTS.trainingEpochs, "two epochs (the crib sheet's 2.6e22 FLOPs)", 0.01, 1e4, { valueName: "<e>" }),
  num("trainingFlopsPerSecond", "training-flops", "Training FLOP/s", "FLOP/s", "efficiency", "effective FLOP/s per GPU while training the student", null, "the teacher's effective FLOP/s (BF16 training)", F[0], F[1], { valueName: "<FLOP/s>" }),
  num("fleetMilesPerDay", "fleet-miles-per-day", "Fleet miles per day", "1", "workload", "miles the fleet simulates per day", CRIB_DEFAULTS.fleetMilesPerDay, "the crib sheet's 100K miles per day", 1e-3, 1e12, { valueName: "<m>" }),
  // Nightly validation
  int("validationSegments", "segments", "Validation segments", "1", "workload", "validation segments per night", CRIB_DEFAULTS.validationSegments, "the crib sheet's 10K segments", 0, 1e12, { valueName: "<n>" }),
  num("segmentSeconds", "segment-seconds", "Segment length", "s", "workload", "simulated seconds per segment", CRIB_DEFAULTS.segmentSeconds, "the crib sheet's 20 s", 0, 1e7, { valueName: "<s>" }),
  num("auditFraction", "audit-fraction", "Teacher audit", "1", "workload", "fraction of nightly miles re-run on the teacher", CRIB_DEFAULTS.auditFraction, "the crib sheet's 5% audit", 0, 1, { valueName: "<φ>" }),
]);

/** Catalog entries an interface resolved (the CLI reads files; the page picks from the catalog). */
export interface WorldModelResolved {
  teacher?: WorldModelSpec;
  student?: WorldModelSpec;
  hardware?: HardwareSpec;
}

/**
 * The world-model options from the inputs an interface read, by id (numbers as Quantities or plain,
 * enums as typed): the speed goes from mph (as people state it) to m/s (the engine's unit), keeping
 * where it came from. `names` says how messages name each input (flags, or the page's labels).
 */
export function worldModelOptions(given: Readonly<Record<string, unknown>>, resolved: WorldModelResolved, names: Readonly<Record<string, string>>): WorldModelOptions {
  const o: WorldModelOptions = { names: { ...names, speedMetersPerSecond: names["speedMph"] ?? "speedMph" } as NonNullable<WorldModelOptions["names"]> };
  if (resolved.teacher) o.teacher = resolved.teacher;
  if (resolved.student) o.student = resolved.student;
  if (resolved.hardware) o.hardware = resolved.hardware;
  const rec = o as Record<string, unknown>;
  for (const d of WORLDMODEL_INPUTS.inputs) {
    const v = given[d.id];
    if (v === undefined || d.kind === "catalog" || d.kind === "file") continue;
    if (d.id === "speedMph") {
      const q: Quantity = typeof v === "number" ? userGiven(v, d.id) : (v as Quantity);
      const name = q.origin.kind === "user" ? q.origin.name : (names["speedMph"] ?? d.id);
      o.speedMetersPerSecond = userGiven(milesPerHourToMetersPerSecond(q.value), `${name} ${q.value} mph`);
    } else if (d.kind === "enum") rec[d.id] = v as Precision | FidelityLevel;
    else rec[d.id] = v as Given;
  }
  return o;
}

/**
 * The measurement schema (data/measurements/README.md) as a checker: every file one source of an allowed kind, with
 * where and when; every row with a catalog chip, a model that resolves, a group, metric, unit, stat and exactness from
 * the schema, positive finite values and the inputs a prediction needs. packages/core/test/measurements.test.ts runs it
 * on data/measurements and on bench/gpu/measure.py's format fixture; run it on a file the script wrote before
 * `roofline validate --measurements <folder>`:
 *
 *   npx tsx scripts/check-measurements.ts my-gpu/gpu-bench.json   (or a folder; exit 1 and one line per problem)
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { findHardware, findModel, modelFromJson } from "../packages/core/src/index.ts";

export interface SchemaRow {
  id: string;
  group: string;
  hardware: string;
  chips: number;
  parallelism?: Record<string, number | boolean>;
  model: string;
  precision?: Record<string, string>;
  engine?: { name?: string; version?: string; memoryFraction?: number; kvFreeMemoryFraction?: number; core?: unknown; dualBatchOverlap?: unknown; offloadedExpertShare?: unknown; offloadSource?: string; untunedLinears?: string; tunedLinearShapes?: number[][]; attentionDpWaitSteps?: number };
  workload?: Record<string, unknown>;
  metric: { name: string; value: number; unit: string; stat?: string };
  exactness: string;
  note?: string;
  boundOnly?: unknown;
}
export interface SchemaSource {
  id: string;
  title: string;
  kind: string;
  url?: string;
  repo?: string;
  path?: string;
  commit?: string;
  published?: string;
  accessed: string;
  notes?: string;
  /** Set on a format fixture (placeholder values, not a measurement): validate reads its rows and scores none. */
  fixture?: string;
}
export interface SchemaFile {
  /** The file's name (its source id + ".json"). */
  file: string;
  /** The folder its configs/<name>.json models resolve in. */
  dir: string;
  source: SchemaSource;
  rows: SchemaRow[];
}

/** The public sources issue 11 allows, and "gpu-bench": bench/gpu/measure.py run on a GPU at hand (the issue's "Measure on a real GPU"). */
export const KINDS = [
  "mlperf-inference", "vllm-benchmarks", "sglang-docs", "inferencex", "nim-benchmarks", "lambdalabs-vllm-benchmark",
  "amd-rocm-performance", "mlperf-training", "megatron-bridge-training", "microbenchmark-paper", "gpu-bench",
];
/** Rows validate predicts (inference groups, training) and "microbenchmark": measurements of per-chip constants, which nothing predicts. */
export const GROUPS = ["decode-small-batch", "decode-large-batch", "prefill", "e2e", "moe-multinode", "training", "microbenchmark"];
export const UNIT_OF: Record<string, string> = {
  tpot_seconds: "s", ttft_seconds: "s", step_seconds: "s",
  output_tokens_per_second: "token/s", total_tokens_per_second: "token/s", tokens_per_second_per_chip: "token/s",
  requests_per_second: "request/s", mfu: "fraction",
  matmul_efficiency: "fraction", hbm_bandwidth_fraction: "fraction", launch_seconds: "s",
};
/** The metrics of a microbenchmark row (per-chip constants), and only of one. */
export const MICROBENCHMARK_METRICS = ["matmul_efficiency", "hbm_bandwidth_fraction", "launch_seconds"];
export const STATS = ["mean", "median", "p99", "total"];
export const EXACTNESS = ["exact", "read-from-table", "read-from-chart", "derived"];
/** The script whose output is a "gpu-bench" source (this repository's; its commit when run from a checkout). */
export const GPU_BENCH_SCRIPT = "bench/gpu/measure.py";
export const DATE = /^\d{4}-\d{2}-\d{2}$/;
export const HEX40 = /^[0-9a-f]{40}$/;

/** A row's model: a catalog id, or configs/<name>.json beside the rows that parses as a Hugging Face config. */
export function resolvesModel(id: string, dir: string): boolean {
  const m = findModel(id);
  if (m && m.id === id) return true;
  if (!/^configs\/[a-z0-9.-]+\.json$/.test(id)) return false;
  const path = join(dir, id);
  if (!existsSync(path)) return false;
  try {
    modelFromJson(JSON.parse(readFileSync(path, "utf8")), id);
    return true;
  } catch {
    return false;
  }
}

/** Every way the files break the schema, one line each naming the file or row, the field and what was expected. */
export function measurementProblems(files: readonly SchemaFile[]): string[] {
  const problems: string[] = [];
  const bad = (where: string, what: string) => problems.push(`${where}: ${what}`);
  const seen = new Set<string>();
  for (const f of files) {
    const s = f.source;
    if (s.id + ".json" !== f.file) bad(f.file, `source.id "${s.id}" must be the file name without .json`);
    if (!/^[a-z0-9]+(?:[.-][a-z0-9]+)*$/.test(s.id ?? "")) bad(f.file, `source.id "${s.id}" must be kebab-case`);
    if ((s.title ?? "").length <= 5) bad(f.file, "source.title must say what the source is");
    if (!KINDS.includes(s.kind)) bad(f.file, `source.kind "${s.kind}" is not one of ${KINDS.join(", ")}`);
    const repoPinned = !!s.repo && !!s.path && !!s.commit && HEX40.test(s.commit);
    const url = !!s.url && /^https:\/\//.test(s.url);
    const script = s.kind === "gpu-bench" && s.path === GPU_BENCH_SCRIPT;
    if (!(repoPinned || url || script)) bad(f.file, `source needs an https url, or repo + path + 40-hex commit${s.kind === "gpu-bench" ? `, or path "${GPU_BENCH_SCRIPT}"` : ""}`);
    if (s.commit !== undefined && !HEX40.test(s.commit)) bad(f.file, `source.commit "${s.commit}" must be 40 hex digits`);
    if (!DATE.test(s.accessed ?? "")) bad(f.file, `source.accessed "${s.accessed}" must be YYYY-MM-DD`);
    if (s.published !== undefined && !DATE.test(s.published)) bad(f.file, `source.published "${s.published}" must be YYYY-MM-DD`);
    if ((s.notes ?? "").length <= 40) bad(f.file, "source.notes must say how the rows were read or measured (over 40 characters)");
    if (!Array.isArray(f.rows) || f.rows.length === 0) bad(f.file, "rows: at least one");
    if (s.kind === "mlperf-inference") {
      const m = /v(\d+)\.(\d+)/.exec(s.id);
      const [maj, min] = m ? [Number(m[1]), Number(m[2])] : [0, 0];
      if (!((maj === 3 && min === 1) || (maj === 4 && min === 0) || maj > 5 || (maj === 5 && min >= 1))) bad(f.file, `MLPerf Inference v${maj}.${min} is held out (allowed: v3.1, v4.0, v5.1 and later)`);
    }
    for (const r of f.rows ?? []) {
      const at = `${f.file} ${r.id}`;
      if (!r.id?.startsWith(s.id + "/")) bad(at, `row id must start with "${s.id}/"`);
      if (seen.has(r.id)) bad(at, "duplicate row id");
      seen.add(r.id);
      if (s.kind === "megatron-bridge-training" && /\b25\.02\b/.test(`${r.engine?.version ?? ""} ${r.note ?? ""}`)) bad(at, "Megatron/NeMo release 25.02 is held out");
      if (findHardware(r.hardware)?.id !== r.hardware) bad(at, `hardware "${r.hardware}" must be a catalog id (exact, not an alias)`);
      if (!(Number.isInteger(r.chips) && r.chips > 0)) bad(at, `chips ${r.chips} must be a positive whole number`);
      const micro = r.group === "microbenchmark";
      if (micro ? r.model !== "none" : !resolvesModel(r.model, f.dir)) bad(at, micro ? `model "${r.model}": a microbenchmark row has model "none"` : `model "${r.model}" must be a catalog id or configs/<name>.json that parses`);
      if (!GROUPS.includes(r.group)) bad(at, `group "${r.group}" is not one of ${GROUPS.join(", ")}`);
      const metric = r.metric ?? { name: "", value: NaN, unit: "" };
      if (!(metric.name in UNIT_OF)) bad(at, `metric.name "${metric.name}" is not one of ${Object.keys(UNIT_OF).join(", ")}`);
      else if (metric.unit !== UNIT_OF[metric.name]) bad(at, `metric.unit "${metric.unit}": ${metric.name} is in ${UNIT_OF[metric.name]}`);
      if (metric.stat !== undefined && !STATS.includes(metric.stat)) bad(at, `metric.stat "${metric.stat}" is not one of ${STATS.join(", ")}`);
      if (!EXACTNESS.includes(r.exactness)) bad(at, `exactness "${r.exactness}" is not one of ${EXACTNESS.join(", ")}`);
      if (r.group === "training" && !["tokens_per_second_per_chip", "step_seconds", "mfu"].includes(metric.name)) bad(at, `a training row's metric is tokens_per_second_per_chip, step_seconds or mfu, not ${metric.name}`);
      if (r.group === "prefill" && !["ttft_seconds", "total_tokens_per_second", "tokens_per_second_per_chip"].includes(metric.name)) bad(at, `a prefill row's metric is ttft_seconds, total_tokens_per_second or tokens_per_second_per_chip, not ${metric.name}`);
      if (micro !== MICROBENCHMARK_METRICS.includes(metric.name)) bad(at, `metric ${metric.name} ${micro ? "is not a microbenchmark metric" : "belongs to a microbenchmark row"} (${MICROBENCHMARK_METRICS.join(", ")})`);
      if (!(Number.isFinite(metric.value) && metric.value > 0)) bad(at, `metric.value ${metric.value} must be positive and finite`);
      if (metric.name === "mfu" && metric.value > 1) bad(at, `mfu ${metric.value} must be at most 1`);
      for (const [k, v] of Object.entries(r.workload ?? {})) if (typeof v === "number" && !(Number.isFinite(v) && v > 0)) bad(at, `workload.${k} = ${v} must be positive and finite`);
      for (const [k, v] of Object.entries(r.parallelism ?? {})) if (typeof v === "number" && !(Number.isInteger(v) && v > 0)) bad(at, `parallelism.${k} = ${v} must be a positive whole number`);
      const p = r.parallelism ?? {};
      if (typeof p.dp === "number") {
        const n = p.dp * ((p.tp as number) ?? 1) * ((p.pp as number) ?? 1) * ((p.cp as number) ?? 1);
        if (n !== r.chips) bad(at, `DP x TP x PP x CP = ${n}, but chips = ${r.chips}`);
      }
      const w = r.workload ?? {};
      if (r.group === "training") {
        if (typeof w.sequenceLength !== "number" || typeof w.globalBatchTokens !== "number") bad(at, "a training row needs workload.sequenceLength and workload.globalBatchTokens");
      } else if (micro) {
        if (!Object.values(w).some((v) => typeof v === "number")) bad(at, "a microbenchmark row needs its workload (shape, bytes or kernels)");
      } else if (!["inputTokens", "outputTokens", "batch", "concurrency", "requestRate", "contextTokens"].some((k) => typeof w[k] === "number")) {
        bad(at, "an inference row needs its lengths or load (inputTokens, outputTokens, batch, concurrency, requestRate or contextTokens)");
      }
      if ((r.note ?? "").length <= 20) bad(at, "note must say what a reader needs (over 20 characters)");
      if (!r.engine?.name) bad(at, "engine.name is missing");
      for (const k of ["memoryFraction", "kvFreeMemoryFraction"] as const) {
        const f = r.engine?.[k];
        if (f !== undefined && !(typeof f === "number" && f > 0 && f <= 1)) bad(at, `engine.${k} must be a fraction in (0, 1] (the launch's memory share), got ${JSON.stringify(f)}`);
      }
      if (r.engine?.core !== undefined && !(r.engine.name?.toLowerCase() === "vllm" && (r.engine.core === "v0" || r.engine.core === "v1")))
        bad(at, `engine.core is vLLM's engine generation, "v0" or "v1", got ${JSON.stringify(r.engine.core)}${r.engine.name?.toLowerCase() === "vllm" ? "" : ` on engine ${r.engine.name}`}`);
      if (r.engine?.dualBatchOverlap !== undefined && typeof r.engine.dualBatchOverlap !== "boolean") bad(at, `engine.dualBatchOverlap must be true or false, got ${JSON.stringify(r.engine.dualBatchOverlap)}`);
      const off = r.engine?.offloadedExpertShare;
      if (off !== undefined && !(typeof off === "number" && off > 0 && off < 1 && (r.engine?.offloadSource ?? "").length > 20)) bad(at, `engine.offloadedExpertShare must be a fraction in (0, 1) with engine.offloadSource, got ${JSON.stringify(off)}`);
      const disp = r.precision?.["dispatch"];
      if (disp !== undefined && !["bf16", "fp8", "nvfp4"].includes(disp)) bad(at, `precision.dispatch must be bf16, fp8 or nvfp4, got ${JSON.stringify(disp)}`);
      if (disp !== undefined && (r.precision?.["dispatchSource"] ?? "").length <= 20) bad(at, "precision.dispatch needs precision.dispatchSource (where the run states it)");
      const wait = r.engine?.attentionDpWaitSteps;
      if (wait !== undefined && !(Number.isInteger(wait) && wait >= 1 && wait <= 1e6)) bad(at, `engine.attentionDpWaitSteps must be whole steps ≥ 1 (TRT-LLM attention_dp_config timeout_iters), got ${JSON.stringify(wait)}`);
      if (wait !== undefined && !(Number(r.parallelism?.["dp"] ?? 1) > 1)) bad(at, "engine.attentionDpWaitSteps needs attention data parallelism (parallelism.dp > 1)");
      const u = r.engine?.untunedLinears;
      if (u !== undefined && !(typeof u === "string" && u.length > 40)) bad(at, "engine.untunedLinears must say in a sentence which library ran its default tile and where that is stated (over 40 characters)");
      const shapes = r.engine?.tunedLinearShapes;
      if (shapes !== undefined && (u === undefined || !Array.isArray(shapes) || !shapes.every((x) => Array.isArray(x) && x.length === 2 && x.every((v) => Number.isInteger(v) && v > 0)))) bad(at, "engine.tunedLinearShapes must be [N, K] pairs of whole features, beside engine.untunedLinears");
      if (r.boundOnly !== undefined) {
        if (typeof r.boundOnly !== "string" || r.boundOnly.length <= 40) bad(at, "boundOnly must say why in a sentence (over 40 characters)");
        if (r.group === "training") bad(at, "boundOnly is for inference rows");
      }
    }
  }
  return problems;
}

/** The measurement files of a folder (every .json in it), or one file. */
export function readSchemaFiles(path: string): SchemaFile[] {
  const paths = statSync(path).isDirectory() ? readdirSync(path).filter((f) => f.endsWith(".json")).sort().map((f) => join(path, f)) : [path];
  return paths.map((p) => ({ file: basename(p), dir: dirname(p), ...(JSON.parse(readFileSync(p, "utf8")) as { source: SchemaSource; rows: SchemaRow[] }) }));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  if (args.length === 0) {
    console.error("usage: npx tsx scripts/check-measurements.ts <measurement file or folder>…");
    process.exit(2);
  }
  const problems: string[] = [];
  let rows = 0;
  for (const a of args) {
    if (!existsSync(a)) {
      console.error(`${a}: no such file or folder (expected a measurement JSON file, or a folder of them)`);
      process.exit(2);
    }
    let files: SchemaFile[];
    try {
      files = readSchemaFiles(a);
    } catch (e) {
      console.error(`${a}: not a measurement file (JSON with source and rows): ${(e as Error).message}`);
      process.exit(2);
    }
    rows += files.reduce((n, f) => n + (f.rows?.length ?? 0), 0);
    problems.push(...measurementProblems(files));
  }
  for (const p of problems) console.error(p);
  console.log(problems.length === 0 ? `${rows} rows fit the measurement schema` : `${problems.length} problems in ${rows} rows`);
  process.exit(problems.length === 0 ? 0 : 1);
}

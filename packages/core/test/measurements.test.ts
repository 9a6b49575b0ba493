/**
 * The public measurement set (data/measurements/<source>.json, schema in data/measurements/README.md):
 * every row is checked against the schema, the catalog and the calibration rule (only the allowed sources).
 * Read with fs here, in test code only; the engine itself never reads these files.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { findHardware, findModel, modelFromJson, prepareInferenceRows, prepareTrainingRows, type MeasurementFile, type ModelSpec } from "../src/index.ts";
import { DATE, EXACTNESS, GROUPS, HEX40, KINDS, measurementProblems, readSchemaFiles, STATS, UNIT_OF, type SchemaRow, type SchemaSource } from "../../../scripts/check-measurements.ts";

const DIR = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "data", "measurements");

type Row = SchemaRow;
type Source = SchemaSource;
interface File {
  file: string;
  source: Source;
  rows: Row[];
}

const files: File[] = readdirSync(DIR)
  .filter((f) => f.endsWith(".json"))
  .sort()
  .map((f) => ({ file: f, ...(JSON.parse(readFileSync(join(DIR, f), "utf8")) as { source: Source; rows: Row[] }) }));
const rows = files.flatMap((f) => f.rows.map((r) => ({ ...r, source: f.source })));

/** Models: a catalog id, or configs/<name>.json beside the rows that parses as a Hugging Face config. */
const configCache = new Map<string, ModelSpec>();
function resolveModel(id: string): ModelSpec | undefined {
  const m = findModel(id);
  if (m && m.id === id) return m;
  if (!/^configs\/[a-z0-9.-]+\.json$/.test(id)) return undefined;
  if (configCache.has(id)) return configCache.get(id);
  const path = join(DIR, id);
  if (!existsSync(path)) return undefined;
  const spec = modelFromJson(JSON.parse(readFileSync(path, "utf8")), id);
  configCache.set(id, spec);
  return spec;
}

describe("data/measurements: sources", () => {
  it("every file is one source whose id is its file name, of an allowed kind, with where and when", () => {
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      const s = f.source;
      expect(s.id + ".json", f.file).toBe(f.file);
      expect(s.id, f.file).toMatch(/^[a-z0-9]+(?:[.-][a-z0-9]+)*$/);
      expect(s.title.length, `${f.file}: title`).toBeGreaterThan(5);
      expect(KINDS, `${f.file}: kind ${s.kind}`).toContain(s.kind);
      const repoPinned = !!s.repo && !!s.path && !!s.commit && HEX40.test(s.commit);
      const url = !!s.url && /^https:\/\//.test(s.url);
      expect(repoPinned || url, `${f.file}: needs url, or repo + path + 40-hex commit`).toBe(true);
      if (s.commit !== undefined) expect(s.commit, `${f.file}: commit`).toMatch(HEX40);
      expect(s.accessed, `${f.file}: accessed`).toMatch(DATE);
      if (s.published !== undefined) expect(s.published, `${f.file}: published`).toMatch(DATE);
      expect((s.notes ?? "").length, `${f.file}: notes say how rows were read`).toBeGreaterThan(40);
      expect(f.rows.length, `${f.file}: rows`).toBeGreaterThan(0);
    }
  });

  it("only the allowed sources: MLPerf Inference v3.1, v4.0, v5.1 and later; no Megatron/NeMo release 25.02", () => {
    for (const f of files) {
      if (f.source.kind === "mlperf-inference") {
        const m = /v(\d+)\.(\d+)/.exec(f.source.id);
        expect(m, f.file).not.toBeNull();
        const [maj, min] = [Number(m![1]), Number(m![2])];
        const allowed = (maj === 3 && min === 1) || (maj === 4 && min === 0) || maj > 5 || (maj === 5 && min >= 1);
        expect(allowed, `${f.file}: MLPerf Inference v${maj}.${min} is held out`).toBe(true);
      }
      if (f.source.kind === "megatron-bridge-training") {
        for (const r of f.rows) expect(`${r.engine?.version ?? ""} ${r.note ?? ""}`, r.id).not.toMatch(/\b25\.02\b/);
      }
    }
  });
});

describe("data/measurements: rows", () => {
  it("ids are unique and prefixed by their source", () => {
    const seen = new Set<string>();
    for (const r of rows) {
      expect(r.id.startsWith(r.source.id + "/"), r.id).toBe(true);
      expect(seen.has(r.id), `duplicate ${r.id}`).toBe(false);
      seen.add(r.id);
    }
  });

  it("hardware is a catalog id (exact, not an alias) and chips a positive whole number", () => {
    for (const r of rows) {
      const hw = findHardware(r.hardware);
      expect(hw?.id, `${r.id}: hardware ${r.hardware}`).toBe(r.hardware);
      expect(Number.isInteger(r.chips) && r.chips > 0, `${r.id}: chips ${r.chips}`).toBe(true);
    }
  });

  it("model is a catalog id or a config file under configs/ that parses", () => {
    for (const r of rows) expect(resolveModel(r.model)?.id, `${r.id}: model ${r.model}`).toBeDefined();
  });

  it("group, metric name, unit, stat and exactness are from the schema; the unit matches the metric", () => {
    for (const r of rows) {
      expect(GROUPS, r.id).toContain(r.group);
      expect(Object.keys(UNIT_OF), `${r.id}: metric ${r.metric.name}`).toContain(r.metric.name);
      expect(r.metric.unit, `${r.id}: unit of ${r.metric.name}`).toBe(UNIT_OF[r.metric.name]);
      if (r.metric.stat !== undefined) expect(STATS, r.id).toContain(r.metric.stat);
      expect(EXACTNESS, r.id).toContain(r.exactness);
      if (r.group === "training") expect(["tokens_per_second_per_chip", "step_seconds", "mfu"], r.id).toContain(r.metric.name);
      if (r.group === "prefill") expect(["ttft_seconds", "total_tokens_per_second", "tokens_per_second_per_chip"], r.id).toContain(r.metric.name);
    }
  });

  it("values are positive and finite (an MFU is at most 1); workload and parallelism numbers too", () => {
    for (const r of rows) {
      expect(Number.isFinite(r.metric.value) && r.metric.value > 0, `${r.id}: value ${r.metric.value}`).toBe(true);
      if (r.metric.name === "mfu") expect(r.metric.value, r.id).toBeLessThanOrEqual(1);
      for (const [k, v] of Object.entries(r.workload ?? {})) {
        if (typeof v === "number") expect(Number.isFinite(v) && v > 0, `${r.id}: workload.${k} = ${v}`).toBe(true);
      }
      for (const [k, v] of Object.entries(r.parallelism ?? {})) {
        if (typeof v === "number") expect(Number.isInteger(v) && v > 0, `${r.id}: parallelism.${k} = ${v}`).toBe(true);
      }
    }
  });

  it("a stated layout accounts for the chips: DP x TP x PP x CP = chips where DP is given", () => {
    for (const r of rows) {
      const p = r.parallelism ?? {};
      if (typeof p.dp !== "number") continue;
      const n = (p.dp as number) * ((p.tp as number) ?? 1) * ((p.pp as number) ?? 1) * ((p.cp as number) ?? 1);
      expect(n, r.id).toBe(r.chips);
    }
  });

  it("every row says what a prediction needs: inference rows their lengths or load, training rows their sequence and batch", () => {
    for (const r of rows) {
      const w = r.workload ?? {};
      if (r.group === "training") {
        expect(typeof w.sequenceLength, `${r.id}: sequenceLength`).toBe("number");
        expect(typeof w.globalBatchTokens, `${r.id}: globalBatchTokens`).toBe("number");
      } else {
        const has = ["inputTokens", "outputTokens", "batch", "concurrency", "requestRate", "contextTokens"].some((k) => typeof w[k] === "number");
        expect(has, `${r.id}: workload`).toBe(true);
      }
      expect((r.note ?? "").length, `${r.id}: note`).toBeGreaterThan(20);
      expect(r.engine?.name, `${r.id}: engine`).toBeTruthy();
    }
  });

  it("a row marked bound-only says why in a sentence, and is an inference row", () => {
    for (const r of rows) {
      if (r.boundOnly === undefined) continue;
      expect(typeof r.boundOnly, `${r.id}: boundOnly`).toBe("string");
      expect((r.boundOnly as string).length, `${r.id}: boundOnly reason`).toBeGreaterThan(40);
      expect(r.group, r.id).not.toBe("training");
    }
  });
});

describe("data/measurements: KV-cache precision", () => {
  it("InferenceX rows state an FP8 cache exactly where their note names the launch script that sets it and the commit it was read at", () => {
    const ix = rows.filter((r) => r.source.id === "inferencex");
    for (const r of ix) {
      const stated = /KV cache FP8: the launch script sets (--kv-cache-dtype fp8\S*|--kv_cache_dtype fp8\S*|kv_cache_config dtype: fp8\S*) \(benchmarks\/\S+\.sh at [0-9a-f]{12}/.test(r.note ?? "");
      expect(r.precision?.["kv"] === "fp8", r.id).toBe(stated);
    }
    // SGLang on H200 passes no KV dtype (the engine's default, the checkpoint's BF16): those rows stay without one
    const h200Sglang = ix.filter((r) => r.hardware === "nvidia-h200-sxm-141gb" && r.engine?.["name"] === "sglang");
    expect(h200Sglang.length).toBeGreaterThan(0);
    for (const r of h200Sglang) expect(r.precision?.["kv"], r.id).toBeUndefined();
    // every AMD and TRT-LLM point of 2026 runs an FP8 cache
    for (const r of ix.filter((r) => (r.hardware.startsWith("amd-") || r.engine?.["name"] === "trt-llm") && /measured 2026/.test(r.note ?? ""))) expect(r.precision?.["kv"], r.id).toBe("fp8");
  });
});

describe("data/measurements: InferenceX layouts from the launch scripts", () => {
  const ix = rows.filter((r) => r.source.id === "inferencex");
  const H200_TRT_NOV = ix.filter((r) => /^inferencex\/dsr1-h200-trt-fp8-tp8-ep1-/.test(r.id) && /measured 2025-11-02/.test(r.note ?? ""));

  // extract/launch_script.py on a script shaped like InferenceX's (the early TRT-LLM ones decide the layout themselves)
  const EXTRACT = join(DIR, "extract");
  const havePython = spawnSync("python3", ["--version"]).status === 0;
  const SCRIPT = [
    "#!/usr/bin/env bash",
    'EP_SIZE="$TP"',
    "DP_ATTENTION=false",
    'if [[ "$ISL" == "1024" && "$OSL" == "1024" ]]; then',
    "    if [[ $CONC -gt 64 ]]; then",
    "        DP_ATTENTION=true",
    "    fi",
    'elif [[ "$ISL" == "8192" && "$OSL" == "1024" ]]; then',
    "    if [[ $CONC -gt 32 ]]; then DP_ATTENTION=true; fi",
    "fi",
    'if [[ -n "$SLURM_JOB_ID" ]]; then',
    "    GRAPH=64",
    "fi",
    "cat > cfg.yml << EOF",
    "cuda_graph_config:",
    "    max_batch_size: 128",
    "enable_attention_dp: $DP_ATTENTION",
    "kv_cache_config:",
    "    free_gpu_memory_fraction: 0.75",
    "EOF",
    "MAX_NUM_TOKENS=$(( ($CONC+$ISL+64+63)/64*64 ))",
    "MAX_NUM_TOKENS=$(( MAX_NUM_TOKENS > 8192 ? MAX_NUM_TOKENS : 8192 ))",
    "trtllm-serve $MODEL --max_num_tokens=$MAX_NUM_TOKENS \\",
    "    --tp_size=$TP --ep_size=$EP_SIZE --extra_llm_api_options=cfg.yml",
  ].join("\n");
  const evaluate = (env: Record<string, string>): Record<string, [unknown, unknown]> => {
    const code = "import json, sys; from launch_script import run, settings; t = sys.stdin.read(); e = json.loads(sys.argv[1]); _, s, m = run(t, e); print(json.dumps(settings(s, m, int(e.get('TP', '8')))))";
    const out = spawnSync("python3", ["-c", code, JSON.stringify(env)], { cwd: EXTRACT, input: SCRIPT, encoding: "utf8" });
    expect(out.status, out.stderr).toBe(0);
    return JSON.parse(out.stdout) as Record<string, [unknown, unknown]>;
  };

  it.skipIf(!havePython)("the launch-script reader follows the ifs a point's ISL/OSL/CONC decide, expands the YAML and arithmetic, and leaves nothing guessed", () => {
    const low = evaluate({ TP: "8", ISL: "1024", OSL: "1024", CONC: "64" });
    expect(low["ep"]).toEqual([8, null]);
    expect(low["attention_dp"]).toEqual([1, null]);
    expect(low["mem_free"]).toEqual([0.75, null]);
    expect(low["graph_batch"]).toEqual([128, null]);
    expect(low["pass_tokens"]).toEqual([8192, null]);
    const high = evaluate({ TP: "8", ISL: "1024", OSL: "1024", CONC: "128" });
    expect(high["attention_dp"]).toEqual([8, null]);
    // the one-line if on 8k/1k: not followed, so what it assigns is unknown, never a guess
    const oneLine = evaluate({ TP: "8", ISL: "8192", OSL: "1024", CONC: "64" });
    expect(oneLine["attention_dp"]?.[0]).toBeNull();
    expect(String(oneLine["attention_dp"]?.[1])).toMatch(/DP_ATTENTION|not determine|cannot decide/);
    expect(oneLine["ep"]).toEqual([8, null]);
    expect(oneLine["pass_tokens"]).toEqual([8320, null]);
    // without TP the EP size (EP_SIZE="$TP") stays unknown
    const noTp = evaluate({ ISL: "1024", OSL: "1024", CONC: "4" });
    expect(noTp["ep"]?.[0]).toBeNull();
    expect(String(noTp["ep"]?.[1])).toMatch(/\$EP_SIZE/);
  });

  it("the H200 TRT-LLM points of 2025-11-02 ran EP 8 (the script sets EP_SIZE=$TP), not the API's EP 1, and say which script at which commit", () => {
    expect(H200_TRT_NOV.length).toBe(18);
    for (const r of H200_TRT_NOV) {
      // attention data-parallel points (the script's DP_ATTENTION at high concurrency): 8 ranks of one chip
      expect(r.parallelism, r.id).toMatchObject(/attention data-parallel over 8 ranks/.test(r.note ?? "") ? { tp: 1, dp: 8, ep: 8 } : { tp: 8, ep: 8 });
      expect(r.note, r.id).toMatch(/Layout from the launch script: EP 8, .*\(the API publishes EP 1\).*benchmarks\/dsr1_fp8_h200_trt_slurm\.sh at e06929c701a0/);
      // their KV budget: free_gpu_memory_fraction 0.75 in the same YAML
      expect(r.engine?.["kvFreeMemoryFraction"], r.id).toBe(0.75);
    }
  });

  it("every row whose layout differs from the one its id publishes says so in its note; the rest state the API's layout or the script's that agrees", () => {
    for (const r of ix) {
      const m = /-tp(\d+)-ep(\d+)(-dpa)?-/.exec(r.id);
      expect(m, r.id).not.toBeNull();
      const [tp, ep] = [Number(m?.[1]), Number(m?.[2])];
      const par = r.parallelism ?? {};
      if (par["ep"] !== ep) expect(r.note, r.id).toMatch(new RegExp(`Layout from the launch script: EP ${String(par["ep"])}, .*\\(the API publishes EP ${ep}`));
      // a script-derived layout always names a script and commit; an unsettled one says why it stays as published
      expect(/Layout from the launch script: .*\.sh at [0-9a-f]{12}/.test(r.note ?? "") || /as published: the launch scripts do not settle it/.test(r.note ?? ""), r.id).toBe(true);
      expect(r.chips, r.id).toBe(tp);
    }
  });

  it("attention data parallelism from the launch script is the row's layout: TP/n chips per rank, n ranks, and TensorRT-LLM's balance wait where the script turns it on", () => {
    const dpa = ix.filter((r) => /attention data-parallel over \d+ ranks/.test(r.note ?? ""));
    expect(dpa.length).toBe(12);
    for (const r of dpa) {
      const n = Number(/attention data-parallel over (\d+) ranks/.exec(r.note ?? "")?.[1]);
      const tp = Number(/-tp(\d+)-/.exec(r.id)?.[1]);
      expect(r.parallelism, r.id).toMatchObject({ tp: tp / n, dp: n });
      expect(r.engine?.["attentionDpWaitSteps"], r.id).toBe(60);
      expect(r.note, r.id).toMatch(/prompts held back until every attention-DP rank has one, at most 60 steps \(attention_dp_config enable_balance, timeout_iters\)/);
    }
    // no other row carries attention DP
    expect(ix.filter((r) => Number(r.parallelism?.["dp"] ?? 1) > 1).length).toBe(dpa.length);
  });

  it("a memory fraction on a row is the one its note names from the launch script", () => {
    for (const r of ix) {
      const total = r.engine?.["memoryFraction"];
      const free = r.engine?.["kvFreeMemoryFraction"];
      if (total !== undefined) expect(r.note, r.id).toContain(`${String(total)} of HBM for weights and KV cache`);
      if (free !== undefined) expect(r.note, r.id).toContain(`KV cache ${String(free)} of the memory the weights leave free (free_gpu_memory_fraction)`);
    }
    expect(ix.filter((r) => r.engine?.["memoryFraction"] !== undefined || r.engine?.["kvFreeMemoryFraction"] !== undefined).length).toBeGreaterThan(200);
  });
});

describe("data/measurements: LambdaLabs vLLM 0.5.4 MoE runs (fused-MoE Triton compiles in a fresh container)", () => {
  const ll = rows.filter((r) => r.source.id === "lambdalabs-vllm-benchmark");
  const moe = (r: Row): boolean => r.model.startsWith("mixtral-");
  it("the MoE models' throughput rows are bound-only; their ITL rows and every dense model's rows are scored", () => {
    expect(ll.filter((r) => moe(r) && r.metric.name === "output_tokens_per_second").length).toBe(10);
    for (const r of ll) {
      const bound = moe(r) && r.metric.name === "output_tokens_per_second";
      expect(typeof r.boundOnly === "string", r.id).toBe(bound);
    }
  });

  it("each reason gives its run's own evidence where the run's record is stored: token gaps at least 10x its usual step", () => {
    let own = 0;
    for (const r of ll.filter((x) => typeof x.boundOnly === "string")) {
      const reason = r.boundOnly as string;
      expect(reason, r.id).toMatch(/Triton JIT kernel compiled on first use/);
      const stored = /Lengths: results_v0\/prompt_320\//.test(r.note ?? "");
      const m = /p99 ITL ([\d.]+) ms, gaps of ([\d.]+) and ([\d.]+) s between tokens against a ([\d.]+) s step/.exec(reason);
      expect(m !== null, `${r.id}: own evidence iff its result file is stored`).toBe(stored);
      if (!m) continue;
      own++;
      const [p99Ms, g1, g2, step] = m.slice(1).map(Number) as [number, number, number, number];
      expect(Math.min(g1, g2), r.id).toBeGreaterThanOrEqual(10 * step);
      // the run's 99th-percentile gap between tokens is itself a stall, not a step
      expect(p99Ms / 1000, r.id).toBeGreaterThanOrEqual(10 * step);
    }
    expect(own).toBe(5);
  });

  it("validate checks those rows as bounds and scores none of them", () => {
    const { prepared } = prepareInferenceRows([{ source: ll[0]!.source, rows: ll } as unknown as MeasurementFile], (id) => resolveModel(id) ?? null);
    const bound = prepared.filter((p) => typeof p.row.boundOnly === "string");
    expect(bound.length).toBe(10);
    for (const p of bound) {
      expect(p.scored, p.row.id).toBe(false);
      expect(p.how, p.row.id).toMatch(/bound check only/);
    }
  });
});

describe("data/measurements: coverage", () => {
  const bySource = new Map<string, number>();
  for (const r of rows) bySource.set(r.source.id, (bySource.get(r.source.id) ?? 0) + 1);

  it("enough rows from enough independent sources for leave-one-source-out", () => {
    expect(rows.length).toBeGreaterThanOrEqual(MIN_ROWS);
    expect(bySource.size).toBeGreaterThanOrEqual(MIN_SOURCES);
  });

  it("every group is covered", () => {
    for (const g of GROUPS_REQUIRED) expect(rows.some((r) => r.group === g), g).toBe(true);
  });

  it("at least four chip types, AMD among them", () => {
    const chips = new Set(rows.map((r) => r.hardware));
    expect(chips.size).toBeGreaterThanOrEqual(4);
    expect([...chips].some((c) => c.startsWith("amd-"))).toBe(true);
  });
});

// The floor: 80 rows from 6 independent sources covering every group (the set holds more).
const MIN_ROWS = 80;
const MIN_SOURCES = 6;
const GROUPS_REQUIRED = ["decode-small-batch", "decode-large-batch", "prefill", "e2e", "moe-multinode", "training"];

describe("bench/gpu/measure.py's output: a measurement file validate reads", () => {
  const FIXTURE = join(dirname(fileURLToPath(import.meta.url)), "fixtures", "gpu-bench-format-fixture.json");
  const ROOT = join(DIR, "..", "..");
  const fixture = readSchemaFiles(FIXTURE);
  const doc = JSON.parse(readFileSync(FIXTURE, "utf8")) as MeasurementFile;
  const python = spawnSync("python3", ["--version"]).status === 0;

  it.skipIf(!python)("the committed format fixture is what the script's own row functions write (python3 bench/gpu/rows.py --format-fixture)", () => {
    const out = spawnSync("python3", [join(ROOT, "bench", "gpu", "rows.py"), "--format-fixture"], { encoding: "utf8" });
    expect(out.status, out.stderr).toBe(0);
    expect(JSON.parse(out.stdout)).toEqual(doc);
  });

  it("the fixture is marked as one (placeholder values, not a measurement) and holds each kind of row the script writes", () => {
    expect(doc.source.fixture).toMatch(/NOT A MEASUREMENT/);
    expect(doc.source.kind).toBe("gpu-bench");
    const metrics = new Set(doc.rows.map((r) => `${r.group} ${r.metric.name}`));
    for (const m of ["microbenchmark matmul_efficiency", "microbenchmark hbm_bandwidth_fraction", "microbenchmark launch_seconds", "decode-small-batch tpot_seconds", "decode-large-batch tpot_seconds", "prefill ttft_seconds"]) expect(metrics, m).toContain(m);
  });

  it("fits the schema, as every file of data/measurements does (scripts/check-measurements.ts)", () => {
    expect(measurementProblems(fixture)).toEqual([]);
    expect(measurementProblems(readSchemaFiles(DIR))).toEqual([]);
  });

  it("the checker names what breaks: the script's old output (no path, group microbenchmark with a model, a launch time on a decode row)", () => {
    const broken = (edit: (f: (typeof fixture)[number]) => void) => {
      const f = structuredClone(fixture[0]!);
      edit(f);
      return measurementProblems([f]);
    };
    expect(broken((f) => { delete f.source.path; f.source.url = "bench/gpu/measure.py (this repository)"; delete f.source.commit; })).toEqual([expect.stringMatching(/source needs an https url, or repo \+ path \+ 40-hex commit, or path "bench\/gpu\/measure.py"/)]);
    expect(broken((f) => { f.source.kind = "own-gpu"; })[0]).toMatch(/source.kind "own-gpu" is not one of/);
    expect(broken((f) => { f.rows[0]!.model = "llama-3.1-8b"; })).toEqual([expect.stringMatching(/matmul-bf16-m64-k8192-n8192: model "llama-3.1-8b": a microbenchmark row has model "none"/)]);
    const decode = fixture[0]!.rows.findIndex((r) => r.group === "decode-small-batch");
    expect(broken((f) => { f.rows[decode]!.metric = { name: "launch_seconds", value: 1e-5, unit: "s", stat: "median" }; })).toEqual([expect.stringMatching(/metric launch_seconds belongs to a microbenchmark row/)]);
    expect(broken((f) => { f.rows[decode]!.metric.value = Number.NaN; })).toEqual([expect.stringMatching(/metric.value NaN must be positive and finite/)]);
  });

  it("validate reads the fixture and scores none of its rows; the same rows unmarked are predicted (decode and prefill) or skipped as per-chip microbenchmarks", () => {
    const read = prepareInferenceRows([doc], (id) => findModel(id) ?? null);
    expect(read.prepared).toEqual([]);
    expect(read.skipped.map((s) => s.id)).toEqual(doc.rows.map((r) => r.id));
    for (const s of read.skipped) expect(s.reason).toMatch(/^format fixture, not a measurement/);
    expect(prepareTrainingRows([doc], (id) => findModel(id) ?? null).prepared).toEqual([]);
    const { fixture: _marker, ...source } = doc.source;
    void _marker;
    const real = prepareInferenceRows([{ source, rows: doc.rows }], (id) => findModel(id) ?? null);
    const modelRows = doc.rows.filter((r) => r.group !== "microbenchmark");
    expect(modelRows.length).toBe(5);
    expect(real.prepared.map((p) => p.row.id).sort()).toEqual(modelRows.map((r) => r.id).sort());
    for (const s of real.skipped) expect(s.reason).toBe("group microbenchmark is not an inference group");
    expect(real.skipped.length).toBe(doc.rows.length - modelRows.length);
  });
});

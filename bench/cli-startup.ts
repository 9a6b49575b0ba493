/**
 * Benchmark: how fast the CLI answers, and how many fully explained points the engine builds per
 * second. Prints JSON.
 *
 *   npx tsx bench/cli-startup.ts
 *
 * Targets (issue 9): `roofline step …` under 250 ms; ≥ 5,000 explained points per second.
 *  - wall times are medians of 7 runs of `node packages/cli/bin/roofline.js …` (the compiled CLI,
 *    as `npx roofline` runs it, without npx's own start-up), beside `node -e 0`;
 *  - "explained points" = analyzeStep (every number of one step with its derivation) through the core
 *    bundled as a user's bundler would (esbuild), for Llama-3.1-70B and DeepSeek-V3; "rendered" also
 *    serialises the step time's whole derivation tree to JSON (all text built).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";

const root = fileURLToPath(new URL("..", import.meta.url));
const bin = join(root, "packages/cli/bin/roofline.js");

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

function wall(args: string[], runs = 7): number {
  const times: number[] = [];
  spawnSync(process.execPath, args, { cwd: root }); // warm the file cache (and build the CLI if stale)
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(process.execPath, args, { cwd: root, encoding: "utf8" });
    if (r.status !== 0) throw new Error(`${args.join(" ")} exited ${r.status}: ${r.stderr}`);
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return Math.round(median(times));
}

const step = [bin, "step", "--model", "llama-3.1-70b", "--hardware", "h100", "--chips", "8", "--batch", "32"];
const startup = {
  nodeBaselineMs: wall(["-e", "0"]),
  helpMs: wall([bin, "--help"]),
  stepMs: wall(step),
  stepJsonMs: wall([...step, "--json"]),
  targetMs: 250,
};

const dir = mkdtempSync(join(tmpdir(), "roofline-bench-"));
const outfile = join(dir, "core.mjs");
await build({ entryPoints: [join(root, "packages/core/src/index.ts")], outfile, bundle: true, platform: "neutral", format: "esm", logLevel: "warning" });
const core = (await import(pathToFileURL(outfile).href)) as typeof import("../packages/core/src/index.ts");
rmSync(dir, { recursive: true, force: true });

function pointsPerSecond(modelId: string, hardwareId: string, chips: number, render: boolean): number {
  const model = core.getModel(modelId);
  const hardware = core.getHardware(hardwareId);
  const one = (i: number) => {
    const r = core.analyzeStep({ model, hardware, chips, batch: 1 + (i % 256), contextTokens: 1024 * (1 + (i % 16)) });
    if (render) JSON.stringify(r.derivations["stepSeconds"]);
    return r.stepSeconds;
  };
  for (let i = 0; i < 2000; i++) one(i); // warm-up
  let n = 0;
  let sink = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < 1500) sink += one(n++);
  if (!Number.isFinite(sink)) throw new Error("non-finite step time");
  return Math.round(n / ((performance.now() - t0) / 1000));
}

const explained = {
  "llama-3.1-70b on 8 H100": { points: pointsPerSecond("llama-3.1-70b", "h100", 8, false), rendered: pointsPerSecond("llama-3.1-70b", "h100", 8, true) },
  "deepseek-v3 on 64 GB200": { points: pointsPerSecond("deepseek-v3", "gb200", 64, false), rendered: pointsPerSecond("deepseek-v3", "gb200", 64, true) },
  targetPointsPerSecond: 5000,
};

console.log(JSON.stringify({ benchmark: "cli-startup", node: process.version, cpus: (await import("node:os")).cpus().length, startup, explainedPointsPerSecond: explained }, null, 2));

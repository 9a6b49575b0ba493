/**
 * Benchmark: how long the validation takes (issue 11). Prints JSON.
 *
 *   npx tsx bench/validation.ts            # core + CLI + the web page
 *   npx tsx bench/validation.ts --no-web   # core + CLI only
 *
 *  - core: `validateInference` in this process, the first call (kernels compiled, JIT cold) and the median of
 *    `RUNS` more: without leave-one-source-out, with it from the recorded fold fits (what `roofline validate`
 *    and the Validation page run), and with every fold refitted (what `--measurements` runs). CPU seconds of the
 *    process beside the wall seconds (the machine is shared: wall time also counts waiting for a core);
 *  - cli: `roofline validate --json` as a user runs it (a fresh process: TypeScript loading included), wall seconds;
 *  - web: the built app in Chromium, from navigation to the Validation page's charts drawn
 *    ([data-chart="validation-by-source"] has its SVG), the first load and `RUNS` reloads (the browser keeps the
 *    scripts; the page computes the validation again).
 * The load average is reported before and after.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { freePort } from "./free-port.ts";
import { measurementFiles, measurementModel, validateInference } from "../packages/core/src/index.ts";

const RUNS = 3;
const round = (x: number, d = 3) => Number(x.toFixed(d));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const load = () => loadavg().map((x) => round(x, 2));

function timed(f: () => unknown): { wall: number; cpu: number } {
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  f();
  const d = process.cpuUsage(c0);
  return { wall: Number(process.hrtime.bigint() - t0) / 1e9, cpu: (d.user + d.system) / 1e6 };
}

function core() {
  const cases = {
    withoutLoso: () => validateInference(measurementFiles(), measurementModel, { loso: false }),
    losoFromRecordedFolds: () => validateInference(measurementFiles(), measurementModel, { loso: true, committedFolds: true }),
    losoRefitted: () => validateInference(measurementFiles(), measurementModel, { loso: true }),
  };
  const out: Record<string, { firstWallSeconds: number; firstCpuSeconds: number; warmWallSeconds: number; warmCpuSeconds: number }> = {};
  for (const [name, f] of Object.entries(cases)) {
    const first = timed(f);
    const warm = Array.from({ length: name === "losoRefitted" ? 1 : RUNS }, () => timed(f));
    out[name] = { firstWallSeconds: round(first.wall), firstCpuSeconds: round(first.cpu), warmWallSeconds: round(median(warm.map((w) => w.wall))), warmCpuSeconds: round(median(warm.map((w) => w.cpu))) };
  }
  return out;
}

function cli() {
  const main = fileURLToPath(new URL("../packages/cli/src/main.ts", import.meta.url));
  const walls: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(process.execPath, ["--import", "tsx", main, "validate", "--json"], { encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
    walls.push(Number(process.hrtime.bigint() - t0) / 1e9);
    if (r.status !== 0) throw new Error(`roofline validate exited ${r.status}: ${r.stderr.slice(0, 500)}`);
  }
  return { command: "roofline validate --json", runs: RUNS, medianWallSeconds: round(median(walls)), wallSeconds: walls.map((w) => round(w)) };
}


async function web() {
  const { chromium } = await import("playwright-core");
  const { build, preview } = await import("vite");
  const root = fileURLToPath(new URL("../packages/web/", import.meta.url));
  const outDir = mkdtempSync(join(tmpdir(), "roofline-bench-validation-"));
  const profile = mkdtempSync(join(tmpdir(), "roofline-bench-chromium-"));
  await build({ root, configFile: join(root, "vite.config.ts"), logLevel: "error", build: { outDir, emptyOutDir: true } });
  const port = await freePort();
  const server = await preview({ root, configFile: join(root, "vite.config.ts"), logLevel: "error", build: { outDir }, preview: { host: "127.0.0.1", port, strictPort: true, open: false } });
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env["CHROMIUM_PATH"] ?? "/usr/bin/chromium",
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    viewport: { width: 1280, height: 800 },
  });
  const loads: number[] = [];
  try {
    const page = await context.newPage();
    for (let i = 0; i <= RUNS; i++) {
      await page.goto(`http://127.0.0.1:${port}/?page=validation`);
      await page.waitForSelector('[data-chart="validation-by-source"] .chart-box > svg', { timeout: 120_000 });
      loads.push(await page.evaluate(() => performance.now()));
    }
  } finally {
    await context.close();
    await server.close();
    rmSync(outDir, { recursive: true, force: true });
    rmSync(profile, { recursive: true, force: true });
  }
  return { page: "?page=validation", until: "validation-by-source chart drawn", firstLoadMs: Math.round(loads[0] as number), reloadMedianMs: Math.round(median(loads.slice(1))), reloadsMs: loads.slice(1).map(Math.round) };
}

async function main() {
  const before = load();
  const report: Record<string, unknown> = { benchmark: "validation", node: process.version, core: core(), cli: cli() };
  if (!process.argv.includes("--no-web")) report["web"] = await web();
  report["loadAverage"] = { before, after: load() };
  console.log(JSON.stringify(report, null, 2));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

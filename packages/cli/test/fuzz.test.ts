/**
 * Hostile input, fuzzed: seeded random invocations of every command (see fuzz/harness.ts). Each case
 * must end in a finite answer or one coded message with exit 2, in under 5 s of CPU. The seed is printed;
 * replay a failure with FUZZ_SEED=<seed> npm run fuzz. CI runs 2,000 cases (FUZZ_CASES to change).
 */
import { afterAll, describe, expect, it } from "vitest";
import { commandShapes, fuzz, judge, makeFiles, rng, shellLine, timedRun, traceCase, type CaseResult } from "./fuzz/harness.ts";

// A new seed each UTC day (so CI keeps exploring, and a day's runs agree); FUZZ_SEED replays one.
const SEED = Number(process.env["FUZZ_SEED"] ?? Math.floor(Date.now() / 86_400_000));
const CASES = Number(process.env["FUZZ_CASES"] ?? 2000);
const CHUNKS = 4;
const TRACE_CASES = Number(process.env["FUZZ_TRACE_CASES"] ?? 80);

const files = makeFiles(SEED);
afterAll(() => files.cleanup());

/** One example of each distinct problem (the first 60 characters, digits aside), most frequent first. */
function report(failures: CaseResult[]): string {
  const groups = new Map<string, { n: number; example: CaseResult }>();
  for (const f of failures) {
    const key = (f.problem ?? "").replace(/\d+/g, "#").slice(0, 60);
    const g = groups.get(key);
    if (g) g.n++;
    else groups.set(key, { n: 1, example: f });
  }
  return [...groups.values()]
    .sort((a, b) => b.n - a.n)
    .slice(0, 12)
    .map(({ n, example: f }) => `${n}× ${(f.problem ?? "").slice(0, 300)}\n    replay: ${shellLine(f.argv).slice(0, 400)}`)
    .join("\n");
}

describe(`fuzzing every command (seed ${SEED}, ${CASES} cases)`, () => {
  console.log(`fuzz seed ${SEED} (replay: FUZZ_SEED=${SEED} npm run fuzz)`);
  for (let c = 0; c < CHUNKS; c++) {
    it(`cases ${(c * CASES) / CHUNKS}–${((c + 1) * CASES) / CHUNKS - 1}: a finite answer or one coded message, exit 0 or 2, in under 5 s`, { timeout: 240_000 }, async () => {
      const { failures, byCode } = await fuzz(SEED + c, CASES / CHUNKS, files);
      expect(failures, `seed ${SEED + c}:\n${report(failures)}`).toEqual([]);
      // Both kinds of ending occur: the generator reaches answers and refusals.
      expect(byCode[0] ?? 0).toBeGreaterThan(0);
      expect(byCode[2] ?? 0).toBeGreaterThan(0);
    });
  }
});

describe(`fuzzing serve --trace (seed ${SEED}, ${TRACE_CASES} traces)`, () => {
  it("every hostile trace (unsorted, fields missing, huge counts, negative/NaN/1e308, 40 classes, 100k lines, over the size limit) ends in a finite answer or one coded message", { timeout: 240_000 }, async () => {
    const shapes = commandShapes();
    const r = rng(SEED ^ 0x7ace);
    const failures: CaseResult[] = [];
    const byCode: Record<number, number> = {};
    for (let i = 0; i < TRACE_CASES; i++) {
      const c = traceCase(r, shapes, files);
      const { run, cpuMs } = await timedRun(c.argv);
      byCode[run.code] = (byCode[run.code] ?? 0) + 1;
      const problem = judge(c.argv, run, cpuMs);
      if (problem) failures.push({ argv: c.argv, code: run.code, ms: cpuMs, problem });
    }
    expect(failures, `seed ${SEED}:\n${report(failures)}`).toEqual([]);
    // Both endings occur: some traces simulate, most are refused.
    expect(byCode[0] ?? 0).toBeGreaterThan(0);
    expect(byCode[2] ?? 0).toBeGreaterThan(0);
  });
});

describe("every numeric flag of every command at the extremes", () => {
  // Flags that name files, ids, formats or outputs; everything else takes a number.
  const NOT_NUMERIC = new Set(["model", "hardware", "prices", "trace", "classes", "anki", "state", "measurements", "teacher", "student", "compare-hardware", "explain", "progress", "format", "depth", "config"]);
  it("1e-300 and 1e300 in each flag alone end in a finite answer or one coded message (1e-300 found 17 flags printing 1e-290 or 1e+307)", { timeout: 240_000 }, async () => {
    const failures: CaseResult[] = [];
    let runs = 0;
    for (const s of commandShapes()) {
      for (const o of s.options) {
        if (!o.takesValue || NOT_NUMERIC.has(o.name)) continue;
        for (const v of ["1e-300", "1e300"]) {
          const argv = [...s.path, o.flag, v, "--brief"];
          if (s.path[0] === "serve" && !["rate", "concurrency", "target-rate"].includes(o.name)) argv.push("--rate", "2", "--requests", "100");
          const { run, cpuMs } = await timedRun(argv);
          runs++;
          const problem = judge(argv, run, cpuMs);
          if (problem) failures.push({ argv, code: run.code, ms: cpuMs, problem });
        }
      }
    }
    expect(runs).toBeGreaterThan(300);
    expect(failures, report(failures)).toEqual([]);
  });
});

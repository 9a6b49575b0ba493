#!/usr/bin/env node
// Every check, in order: type-check, unit + property + golden tests, then the browser tests.
// Prints one closing line "N passed, N failed" and exits non-zero on any failure.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, existsSync } from "node:fs";

const env = { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" };
let passed = 0;
let failed = 0;

function step(name, cmd, args) {
  console.log(`\n=== ${name}: ${cmd} ${args.join(" ")}`);
  const r = spawnSync(cmd, args, { stdio: "inherit", env });
  return r.status === 0;
}

// 1. Type-check (counts as one check).
if (step("typecheck", "npx", ["tsc", "-p", "tsconfig.json"])) passed++;
else {
  failed++;
  console.log("typecheck failed");
}

// 2. Tests (unit, property, golden, CLI, browser) through vitest's JSON reporter.
mkdirSync("artifacts", { recursive: true });
const report = "artifacts/vitest-report.json";
const ok = step("tests", "npx", ["vitest", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${report}`]);
if (existsSync(report)) {
  const r = JSON.parse(readFileSync(report, "utf8"));
  passed += r.numPassedTests ?? 0;
  failed += r.numFailedTests ?? 0;
  // A test file that failed to load has no failed tests but still fails the run.
  if (!ok && !r.numFailedTests) failed += Math.max(1, r.numFailedTestSuites ?? 0);
} else if (!ok) failed++;

console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);

/**
 * `npm run bench`: runs every benchmark program in bench/ (each prints JSON), one after another so
 * they do not compete for the cores, and prints one JSON object keyed by program.
 *
 *   npm run bench                 # all
 *   npm run bench -- step-sweep   # those whose file name contains a word given
 */
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";

const here = fileURLToPath(new URL(".", import.meta.url));
const filters = process.argv.slice(2);
const programs = readdirSync(here)
  .filter((f) => f.endsWith(".ts") && f !== "run-all.ts")
  .filter((f) => filters.length === 0 || filters.some((w) => f.includes(w)))
  .sort();
if (programs.length === 0) {
  console.error(`npm run bench: no benchmark matches ${filters.join(", ")}; have: ${readdirSync(here).filter((f) => f.endsWith(".ts") && f !== "run-all.ts").join(", ")}`);
  process.exit(2);
}

const results: Record<string, unknown> = {};
let failed = 0;
for (const p of programs) {
  process.stderr.write(`[bench] ${p}\n`);
  const r = spawnSync(process.execPath, ["--import", "tsx", `${here}${p}`], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  try {
    results[p.replace(/\.ts$/, "")] = r.status === 0 ? JSON.parse(r.stdout) : { error: `exited ${r.status}` };
  } catch {
    results[p.replace(/\.ts$/, "")] = { error: "did not print JSON", output: r.stdout.slice(-2000) };
  }
  if (r.status !== 0) failed++;
}
console.log(JSON.stringify(results, null, 2));
process.exit(failed ? 1 : 0);

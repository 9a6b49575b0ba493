/**
 * One fuzz worker (scripts/fuzz.ts starts several): runs cases [start, start+count) of a seed's stream
 * and prints one JSON line before and after each, so the parent can tell a hang from a slow case.
 */
import { commandShapes, judge, makeCase, makeFiles, rng, timedRun } from "./harness.ts";

const [seedText, startText, countText] = process.argv.slice(2);
const seed = Number(seedText);
const start = Number(startText);
const count = Number(countText);
const files = makeFiles(seed);
const shapes = commandShapes();
const r = rng(seed);
const realWrite = process.stdout.write.bind(process.stdout);
const say = (o: unknown) => realWrite(`${JSON.stringify(o)}\n`);

// The stream is deterministic: skip to `start` by drawing the cases before it.
for (let i = 0; i < start; i++) makeCase(r, shapes, files);
for (let i = start; i < start + count; i++) {
  const c = makeCase(r, shapes, files);
  say({ begin: i, argv: c.argv });
  let problem: string | null;
  let code = -1;
  let cpuMs = 0;
  try {
    const timed = await timedRun(c.argv);
    code = timed.run.code;
    cpuMs = timed.cpuMs;
    problem = judge(c.argv, timed.run, cpuMs);
  } catch (e) {
    problem = `threw: ${(e as Error).message}`;
  }
  say({ end: i, code, cpuMs: Math.round(cpuMs), problem });
}
files.cleanup();
say({ done: true });

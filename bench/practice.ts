/**
 * Benchmark: practice problems. Prints JSON.
 *
 *   npx tsx bench/practice.ts
 *
 *  - per family: problems generated per second (each with its engine derivation), median of 3 runs of
 *    20 seeds after a warm-up; the slowest families set how long the web page takes to show a problem;
 *  - "grade": answers graded per second (parse the typed answer with its unit, compare);
 *  - "anki": milliseconds to build the deck the CLI's --anki writes with 5 problems per family.
 */
import { practice } from "../packages/core/src/index.ts";

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

function rate(run: () => void, n: number): number {
  const times: number[] = [];
  for (let r = 0; r < 3; r++) {
    const t = performance.now();
    for (let i = 0; i < n; i++) run();
    times.push(performance.now() - t);
  }
  return n / (median(times) / 1000);
}

const families: Record<string, { problemsPerSecond: number; msPerProblem: number }> = {};
for (const f of practice.familyIds()) {
  practice.generateProblem(f, 0); // warm-up (catalog, caches)
  let seed = 1;
  const ps = rate(() => practice.generateProblem(f, seed++), 20);
  families[f] = { problemsPerSecond: Math.round(ps), msPerProblem: Math.round((1000 / ps) * 100) / 100 };
}

const p = practice.generateProblem("drain-time", 7);
const grade = rate(() => practice.gradeAnswer(p, "23 ms"), 20_000);

const t = performance.now();
const deck = practice.familyIds().flatMap((f) => [0, 1, 2, 3, 4].map((k) => practice.generateProblem(f, 100 + k)));
const text = practice.toAnkiDeck(deck);
const ankiMs = performance.now() - t;

const slowest = Object.entries(families).sort((a, b) => b[1].msPerProblem - a[1].msPerProblem)[0];
console.log(JSON.stringify({ families, slowest: slowest ? { family: slowest[0], msPerProblem: slowest[1].msPerProblem } : null, gradesPerSecond: Math.round(grade), anki: { notes: deck.length, bytes: text.length, ms: Math.round(ankiMs) } }, null, 2));

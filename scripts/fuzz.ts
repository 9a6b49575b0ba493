/**
 * npm run fuzz — the long fuzz run: 100,000 cases by default (FUZZ_CASES), seed from FUZZ_SEED or the
 * clock (printed first), in worker processes watched for hangs: a case silent for 60 s of wall-clock
 * time is killed, recorded as a hang and the run goes on from the next case (a case over 5 s of CPU is
 * a failure too, judged in the worker: CPU, because this machine is shared and wall time stretches). Prints a summary and every failure with a
 * replay line; exits 1 on any failure.
 *
 *   npm run fuzz                       # 100,000 cases, a fresh seed
 *   FUZZ_SEED=20784 FUZZ_CASES=2000 npm run fuzz
 */
import { spawn } from "node:child_process";
import { availableParallelism } from "node:os";
import { createInterface } from "node:readline";
import { shellLine } from "../packages/cli/test/fuzz/harness.ts";

const seed = Number(process.env["FUZZ_SEED"] ?? Date.now() % 1_000_000_007);
const total = Number(process.env["FUZZ_CASES"] ?? 100_000);
const workers = Math.max(1, Math.min(Number(process.env["FUZZ_WORKERS"] ?? availableParallelism()), 8));
const HANG_MS = 60_000;
const BATCH = 2000;

console.log(`fuzz: seed ${seed}, ${total} cases, ${workers} worker(s)`);

interface Failure {
  index: number;
  argv: string[];
  problem: string;
}
const failures: Failure[] = [];
const byCode: Record<string, number> = {};
let doneCases = 0;
let next = 0;
const started = Date.now();

/** Runs cases [from, to) in one child; on a hang kills it and resumes after the hung case. */
function runRange(from: number, to: number): Promise<void> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "packages/cli/test/fuzz/worker.ts", String(seed), String(from), String(to - from)], { stdio: ["ignore", "pipe", "inherit"] });
    let current: { index: number; argv: string[] } | null = null;
    let last = from;
    let timer: NodeJS.Timeout | null = null;
    const arm = () => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        if (current) {
          failures.push({ index: current.index, argv: current.argv, problem: `hung for ${HANG_MS} ms` });
          console.log(`FAIL #${current.index}: hung for ${HANG_MS} ms\n    replay: ${shellLine(current.argv).slice(0, 500)}`);
          byCode["hang"] = (byCode["hang"] ?? 0) + 1;
          doneCases++;
          last = current.index + 1;
        }
        child.kill("SIGKILL");
      }, HANG_MS + 20_000 * (current ? 0 : 1)); // start-up (files, module load) gets extra time
    };
    arm();
    createInterface({ input: child.stdout! }).on("line", (line) => {
      let msg: { begin?: number; argv?: string[]; end?: number; code?: number; problem?: string | null; done?: boolean };
      try {
        msg = JSON.parse(line);
      } catch {
        return;
      }
      if (msg.begin !== undefined) {
        current = { index: msg.begin, argv: msg.argv ?? [] };
        arm();
      } else if (msg.end !== undefined) {
        doneCases++;
        byCode[String(msg.code)] = (byCode[String(msg.code)] ?? 0) + 1;
        if (msg.problem && current) {
          failures.push({ index: msg.end, argv: current.argv, problem: msg.problem });
          // Said at once, so a long run's failures can be worked on before it ends.
          console.log(`FAIL #${msg.end}: ${msg.problem.slice(0, 300)}\n    replay: ${shellLine(current.argv).slice(0, 500)}`);
        }
        last = msg.end + 1;
        current = null;
        arm();
      }
    });
    child.on("exit", () => {
      if (timer) clearTimeout(timer);
      if (last < to) {
        if (current === null && last === from) {
          failures.push({ index: from, argv: [], problem: "worker died before its first case" });
          last = to;
        } else if (current !== null && last <= current.index) {
          failures.push({ index: current.index, argv: current.argv, problem: "worker crashed during this case" });
          last = current.index + 1;
        }
        if (last < to) return void runRange(last, to).then(resolve);
      }
      resolve();
    });
  });
}

async function lane(): Promise<void> {
  while (next < total) {
    const from = next;
    const to = Math.min(total, from + BATCH);
    next = to;
    await runRange(from, to);
    const s = (Date.now() - started) / 1000;
    console.log(`fuzz: ${doneCases}/${total} cases, ${failures.length} failure(s), ${s.toFixed(0)} s`);
  }
}

await Promise.all(Array.from({ length: workers }, () => lane()));
console.log(`fuzz: seed ${seed}: ${doneCases} cases; endings ${JSON.stringify(byCode)}; ${failures.length} failure(s)`);
for (const f of failures.slice(0, 50)) console.log(`FAIL #${f.index}: ${f.problem}\n    replay: ${shellLine(f.argv).slice(0, 500)}`);
process.exit(failures.length ? 1 : 0);

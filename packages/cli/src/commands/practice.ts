/**
 * `roofline practice`: problems the engine writes from its formulas and catalog, graded against its
 * own numbers, the derivation shown after answering. Interactive in a terminal (readline), scriptable
 * otherwise (--json, --answer, --seed), with spaced repetition in a state file and an Anki export.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline/promises";
import { isRooflineError, practice, renderDerivationText, RooflineError, type Derivation } from "@roofline/core";
import { Command } from "commander";
import { addInputFlags, readInputs } from "../inputs.ts";
import { depthOf, out, toJson } from "../output.ts";

type Problem = practice.Problem;
type Grade = practice.Grade;
const { PRACTICE_INPUTS } = practice;

interface Flags {
  family?: string;
  seed?: string;
  count?: string;
  id?: string;
  answer?: string;
  json?: boolean;
  reveal?: boolean;
  list?: boolean;
  anki?: string;
  deck?: string;
  state?: string | boolean;
  depth?: string;
}

export function defaultStatePath(): string {
  return process.env["ROOFLINE_PRACTICE_STATE"] ?? join(homedir(), ".roofline", "practice.json");
}

function statePath(flags: Flags): string | null {
  if (flags.state === false) return null;
  return typeof flags.state === "string" ? flags.state : defaultStatePath();
}

function loadState(path: string | null): practice.ReviewState {
  if (!path || !existsSync(path)) return practice.emptyReviewState();
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, "utf8"));
  } catch {
    throw new RooflineError({ code: "invalid-json", field: "--state", value: path, expected: "a JSON file written by roofline practice", hint: "delete it or pass another --state path" });
  }
  return practice.parseReviewState(json, `--state ${path}`);
}

function saveState(path: string | null, state: practice.ReviewState): void {
  if (!path) return;
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, `${JSON.stringify(state, null, 2)}\n`);
  } catch (e) {
    throw new RooflineError({ code: "file-not-found", field: "--state", value: path, expected: "a writable file path", hint: `${(e as Error).message}; pass --state PATH or --no-state` });
  }
}

/** The problem without its answer (for a prompt or --json before answering). */
function publicProblem(p: Problem, reveal: boolean) {
  const base = { id: p.id, family: p.family, seed: p.seed, kind: p.kind, concept: p.concept, prompt: p.prompt, givens: p.givens, unit: p.unit, choices: p.choices ?? null, tolerance: p.tolerance, inputs: p.inputs, source: p.source };
  return reveal ? { ...base, answer: p.answer, answerDisplay: p.answerDisplay, recallText: p.recallText ?? null, notes: p.notes, derivation: p.derivation } : base;
}

function problemText(p: Problem, index?: string): string {
  const lines = [`${index ? `${index} ` : ""}[${p.id}] ${p.concept}`, "", p.prompt];
  if (p.givens.length) {
    lines.push("", "Given:");
    for (const g of p.givens) lines.push(`  ${g.symbol} = ${g.display}  — ${g.label}`);
  }
  if (p.choices) lines.push("", ...p.choices.map((c, i) => `  ${String.fromCharCode(97 + i)}) ${c}`));
  const how = p.kind === "numeric" ? `a number in ${p.unit} (units accepted: 24 ms, 1.7 KB, $0.37, 2.4k…; ±${Math.round(p.tolerance * 1000) / 10}% is correct)` : p.kind === "choice" ? "a letter" : "the formula (then compare)";
  lines.push("", `Answer with ${how}.`);
  return lines.join("\n");
}

function revealText(p: Problem, depth: number, grade?: Grade): string {
  const lines: string[] = [];
  if (grade) lines.push(grade.message);
  lines.push(`Engine: ${p.answerDisplay}`, "", renderDerivationText(p.derivation as Derivation, { depth }));
  for (const n of p.notes) lines.push(`note: ${n}`);
  lines.push(`source: ${p.source.title}${p.source.locator ? ` [${p.source.locator}]` : ""}`);
  return lines.join("\n");
}

function chooseSeed(flags: Flags, given: Record<string, unknown>): number {
  const q = given["practiceSeed"] as { value: number } | undefined;
  return q ? q.value : Date.now() % 1_000_000;
}

function problemsFor(flags: Flags, given: Record<string, unknown>, state: practice.ReviewState, seed: number): Problem[] {
  if (flags.id) return [practice.problemFromId(flags.id)];
  const family = given["practiceFamily"] as string | undefined;
  const count = (given["practiceCount"] as { value: number } | undefined)?.value ?? (PRACTICE_INPUTS.get("practiceCount").default as number);
  const families = family ? [family] : practice.dueOrder(state, practice.familyIds(), Date.now()).map((r) => r.family);
  if (family && !flags.count) return [practice.generateProblem(family, seed)];
  return practice.generateSet(seed, count, families);
}

async function interactive(problems: Problem[], state: practice.ReviewState, path: string | null, depth: number): Promise<void> {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  let right = 0;
  let st = state;
  try {
    for (const [i, p] of problems.entries()) {
      out(`\n${problemText(p, `(${i + 1}/${problems.length})`)}`);
      let grade: Grade | null = null;
      for (;;) {
        const text = (await rl.question("answer> ")).trim();
        if (text === "" || text === "?") break;
        try {
          grade = practice.gradeAnswer(p, text);
          break;
        } catch (e) {
          if (!isRooflineError(e)) throw e;
          out(`  ${e.message}`);
        }
      }
      if (grade?.verdict === "self-check" || (p.kind === "recall" && !grade)) {
        out(revealText(p, depth));
        const yes = (await rl.question("Did you have it? [y/N] ")).trim().toLowerCase().startsWith("y");
        grade = { problemId: p.id, verdict: yes ? "correct" : "wrong", correct: yes, given: null, expected: 0, ratio: null, message: yes ? "Marked right." : "Marked for review." };
      } else {
        out(`\n${revealText(p, depth, grade ?? undefined)}`);
      }
      if (grade?.correct) right++;
      st = practice.recordReview(st, p.family, grade?.correct ?? false, Date.now(), p.seed);
      saveState(path, st);
    }
  } finally {
    rl.close();
  }
  out(`\n${right} of ${problems.length} right.${path ? ` Progress saved to ${path}.` : ""}`);
}

export function practiceCommand(): Command {
  const cmd = new Command("practice")
    .summary("practise the lecture: problems the engine writes from its formulas and catalog, graded against its own numbers")
    .description(
      "Each problem draws a chip, model, precision, context or price from the catalog and asks for a number the engine computes (optimal batch, drain time, KV bytes per token, $/Mtok, crossover context, bubble, 6ND, price inversion…), a choice (which limit binds? which cache tier?), a blank of the flashcards (seed 003) or a seed figure's slip. After answering you see the derivation. In a terminal it is interactive and keeps spaced-repetition state; with --json, --answer or --seed it is scriptable and deterministic.",
    );
  addInputFlags(cmd, PRACTICE_INPUTS);
  return cmd
    .option("--id <family:seed>", "one problem by its id (as printed), e.g. drain-time:7")
    .option("--answer <text>", "grade this answer to the problem (--id, or --family with --seed) and show the derivation")
    .option("--json", "print JSON (problems without answers unless --reveal; with --answer, the grade)")
    .option("--reveal", "print the answers and derivations with the problems (non-interactive)")
    .option("--list", "list the problem families and their review state")
    .option("--anki <file>", "write an Anki-importable deck (tab-separated, #separator/#html headers): --count problems per family (default 5) and every flashcard")
    .option("--deck <name>", "the Anki deck's name (default: roofline practice)")
    .option("--state <file>", `spaced-repetition state file (default: $ROOFLINE_PRACTICE_STATE or ${join("~", ".roofline", "practice.json")})`)
    .option("--no-state", "do not read or write the state file")
    .option("--depth <n>", "levels of derived inputs to expand in the derivation (default: 1)")
    .action(async (flags: Flags) => {
      const given = readInputs(flags as Record<string, unknown>, PRACTICE_INPUTS);
      const depth = flags.depth === undefined ? 1 : depthOf(flags);
      if (!Number.isInteger(depth) || depth < 0 || depth > 20) throw new RooflineError({ code: "invalid-number", field: "--depth", value: String(flags.depth), expected: "a whole number of levels from 0 to 20" });
      const path = statePath(flags);
      const state = loadState(path);

      if (flags.list) {
        const now = Date.now();
        const rows = practice.FAMILIES.map((f) => {
          const r = state.families[f.id];
          return [f.id, f.concept, r ? `box ${r.box}, ${r.correct}/${r.reviews} right, ${r.dueMs <= now ? "due" : `due ${new Date(r.dueMs).toISOString().slice(0, 10)}`}` : "new"];
        });
        if (flags.json) return out(toJson(practice.FAMILIES.map((f) => ({ id: f.id, concept: f.concept, source: f.source, review: state.families[f.id] ?? null }))));
        const w = Math.max(...rows.map((r) => (r[0] ?? "").length));
        const v = Math.max(...rows.map((r) => (r[2] ?? "").length));
        return out(rows.map(([id, concept, review]) => `${(id ?? "").padEnd(w)}  ${(review ?? "").padEnd(v)}  ${concept}`).join("\n"));
      }

      if (flags.anki) {
        const seed = chooseSeed(flags, given);
        const family = given["practiceFamily"] as string | undefined;
        const perFamily = (given["practiceCount"] as { value: number } | undefined)?.value ?? 5;
        const families = family ? [family] : practice.familyIds().filter((f) => f !== "flashcard");
        const problems = families.flatMap((f, i) => Array.from({ length: perFamily }, (_, k) => practice.generateProblem(f, (seed + 7919 * i + k) % 4294967296)));
        const cards = family && family !== "flashcard" ? [] : practice.FLASHCARDS.map((c, i) => ({ ...c.problem(i), id: `flashcard:${c.id}` }));
        const text = practice.toAnkiDeck([...problems, ...cards], flags.deck ? { deck: flags.deck } : {});
        try {
          writeFileSync(flags.anki, text);
        } catch (e) {
          throw new RooflineError({ code: "file-not-found", field: "--anki", value: flags.anki, expected: "a writable file path", hint: (e as Error).message });
        }
        return out(`wrote ${problems.length + cards.length} notes to ${flags.anki} (seed ${seed}); import it in Anki with File → Import.`);
      }

      if (flags.answer !== undefined) {
        if (!flags.id && (given["practiceFamily"] === undefined || given["practiceSeed"] === undefined))
          throw new RooflineError({ code: "missing-value", field: "--answer", expected: "the problem it answers: --id family:seed, or --family and --seed", hint: "e.g. roofline practice --family drain-time --seed 7 --answer '24 ms'" });
        const p = flags.id ? practice.problemFromId(flags.id) : practice.generateProblem(given["practiceFamily"] as string, (given["practiceSeed"] as { value: number }).value);
        const grade = practice.gradeAnswer(p, flags.answer);
        if (path) saveState(path, practice.recordReview(state, p.family, grade.correct, Date.now(), p.seed));
        if (flags.json) return out(toJson({ problem: publicProblem(p, true), grade }));
        return out([problemText(p), "", revealText(p, depth, grade)].join("\n"));
      }

      const seed = chooseSeed(flags, given);
      const problems = problemsFor(flags, given, state, seed);
      const tty = Boolean(process.stdin.isTTY && process.stdout.isTTY);
      if (tty && !flags.json && !flags.reveal) return interactive(problems, state, path, depth);
      if (flags.json) return out(toJson({ seed: flags.id ? null : seed, problems: problems.map((p) => publicProblem(p, Boolean(flags.reveal))) }));
      const parts = problems.map((p, i) => [problemText(p, `(${i + 1}/${problems.length})`), ...(flags.reveal ? ["", revealText(p, depth)] : [])].join("\n"));
      parts.push(`${flags.id ? "" : `Seed ${seed}. `}Answer with: roofline practice --id ${problems.length === 1 ? (problems[0]?.id ?? "<id>") : "<id>"} --answer "<your answer>"`);
      out(parts.join("\n\n"));
    });
}

/** `roofline practice` and `roofline lecture`, run as a user would (in-process). */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { analyzeMemoryWall, analyzePipelineImbalance, analyzeScaleUp, practice } from "@roofline/core";
import { nonFinitePaths, runCli } from "./run-cli.ts";

const dir = mkdtempSync(join(tmpdir(), "roofline-practice-"));

describe("roofline practice", () => {
  it("prints a problem without its answer, deterministic from --seed", async () => {
    const a = await runCli("practice", "--family", "drain-time", "--seed", "7", "--no-state");
    const b = await runCli("practice", "--family", "drain-time", "--seed", "7", "--no-state");
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    const p = practice.generateProblem("drain-time", 7);
    expect(a.stdout).toContain("[drain-time:7]");
    expect(a.stdout).toContain(p.prompt);
    expect(a.stdout).not.toContain(`Engine: ${p.answerDisplay}`);
  });

  it("--json lists problems without answers; --reveal adds the engine's answers", async () => {
    const r = await runCli("practice", "--seed", "3", "--count", "21", "--json", "--no-state");
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as { seed: number; problems: Record<string, unknown>[] };
    expect(json.seed).toBe(3);
    expect(json.problems.length).toBe(21);
    expect(new Set(json.problems.map((p) => p["family"])).size).toBe(practice.familyIds().length);
    for (const p of json.problems) expect(p["answer"]).toBeUndefined();
    const rev = JSON.parse((await runCli("practice", "--seed", "3", "--count", "21", "--json", "--reveal", "--no-state")).stdout) as { problems: { id: string; answer: number }[] };
    for (const p of rev.problems) expect(p.answer).toBe(practice.problemFromId(p.id).answer);
    expect(nonFinitePaths(rev)).toEqual([]);
  });

  it("--answer grades against the engine's number and shows the derivation; the state file records it", async () => {
    const p = practice.generateProblem("six-nd", 11);
    const state = join(dir, "state.json");
    const right = await runCli("practice", "--id", p.id, "--answer", String(p.answer * 1.03), "--state", state);
    expect(right.code).toBe(0);
    expect(right.stdout).toMatch(/Correct/);
    expect(right.stdout).toContain(p.derivation.formula.text);
    const wrong = JSON.parse((await runCli("practice", "--family", "six-nd", "--seed", "11", "--answer", String(p.answer * 30), "--json", "--state", state)).stdout) as { grade: practice.Grade };
    expect(wrong.grade.verdict).toBe("wrong");
    const saved = practice.parseReviewState(JSON.parse(readFileSync(state, "utf8")), "state");
    expect(saved.families["six-nd"]).toMatchObject({ reviews: 2, correct: 1, box: 0 });
    const list = await runCli("practice", "--list", "--state", state);
    expect(list.stdout).toMatch(/six-nd\s+box 0, 1\/2 right, due/);
  });

  it("refuses an unreadable answer, an unknown family and a corrupt state file with exit 2", async () => {
    const bad = await runCli("practice", "--id", "drain-time:1", "--answer", "fast", "--no-state");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/answer/);
    const fam = await runCli("practice", "--family", "drain-tme", "--no-state");
    expect(fam.code).toBe(2);
    expect(fam.stderr).toMatch(/drain-time/);
    const corrupt = join(dir, "corrupt.json");
    writeFileSync(corrupt, "{not json");
    const c = await runCli("practice", "--list", "--state", corrupt);
    expect(c.code).toBe(2);
    expect(c.stderr).toMatch(/--state/);
    const none = await runCli("practice", "--answer", "3", "--no-state");
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/--id/);
  });

  it("--anki writes a deck Anki imports: its headers, then one note per line with three tab-separated fields", async () => {
    const file = join(dir, "deck.txt");
    const r = await runCli("practice", "--anki", file, "--count", "2", "--seed", "5", "--no-state");
    expect(r.code).toBe(0);
    const lines = readFileSync(file, "utf8").trimEnd().split("\n");
    expect(lines.slice(0, 5)).toEqual(["#separator:tab", "#html:true", "#notetype:Basic", "#deck:roofline practice", "#tags column:3"]);
    const notes = lines.slice(5);
    expect(notes.length).toBe((practice.familyIds().length - 1) * 2 + practice.FLASHCARDS.length);
    for (const n of notes) expect(n.split("\t").length).toBe(3);
    expect(r.stdout).toContain(`wrote ${notes.length} notes`);
  });
});

describe("roofline lecture", () => {
  it("scale-up prints the ladder the engine computes", async () => {
    const r = await runCli("lecture", "scale-up", "--json");
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as { rows: { hardware: { id: string }; maxParamsAtLatency: number | null }[] };
    const engine = analyzeScaleUp();
    expect(json.rows.map((x) => x.maxParamsAtLatency)).toEqual(engine.rows.map((x) => x.maxParamsAtLatency));
    const text = (await runCli("lecture", "scale-up", "--latency", "0.01", "--brief")).stdout;
    expect(text).toMatch(/largest model at 10 ms/);
    expect(text).toMatch(/rubin-ultra.*unknown/);
  });

  it("memory-wall and pipeline print their tables and refuse bad input", async () => {
    const w = JSON.parse((await runCli("lecture", "memory-wall", "--json")).stdout) as { rackHbmBytes: number; weightBytes: number };
    expect(w.rackHbmBytes).toBe(analyzeMemoryWall().rackHbmBytes);
    const p = JSON.parse((await runCli("lecture", "pipeline", "--model", "gemma-3-27b", "--json")).stdout) as { imbalance: number };
    expect(p.imbalance).toBe(analyzePipelineImbalance({ model: (await import("@roofline/core")).getModel("gemma-3-27b") }).imbalance);
    const bad = await runCli("lecture", "pipeline", "--pp", "0");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--pp/);
    const napkin = await runCli("lecture", "pipeline", "--model", "examples/crib-70b-fp8.json");
    expect(napkin.code).toBe(2);
  });
});

/**
 * The validation table against the public measurement set, as a golden file: a change to the model, the
 * fit or the rows that moves any prediction shows up in review (a worse fit is visible as larger errors).
 * Also: the committed copy of data/measurements and the committed fit are up to date.
 * Regenerate with `UPDATE_GOLDEN=1 npx vitest run packages/core/test/efficiency-golden.test.ts`
 * (after `npx tsx scripts/import-measurements.ts` and `npx tsx scripts/fit-efficiency.ts`).
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { formatSignificant, measurementFiles, measurementModel, trainingGroup, validateInference } from "../src/index.ts";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const golden = new URL("./golden/validation.md", import.meta.url);
const r3 = (x: number) => (Number.isFinite(x) ? formatSignificant(x, 3) : "–");
const pct = (x: number) => (Number.isFinite(x) ? `${x >= 0 ? "+" : ""}${(x * 100).toFixed(1)}%` : "–");

describe("validation against the public measurements", () => {
  const v = validateInference(measurementFiles(), measurementModel, { loso: true });
  const t = trainingGroup(measurementFiles(), measurementModel, { loso: true });

  it("the ideal is a bound on every predicted row", () => {
    expect(v.predictions.filter((p) => !p.bound).map((p) => p.id)).toEqual([]);
  });

  it("matches the golden table (every row, ideal and expected, in-sample and leave-one-source-out)", () => {
    const loso = new Map((v.loso?.predictions ?? []).map((p) => [p.id, p]));
    const s = (name: string, x: { rows: number; medianAbsError: number; p90AbsError: number; boundShare: number }, l?: { medianAbsError: number; p90AbsError: number }) =>
      `| ${name} | ${x.rows} | ${pct(x.medianAbsError)} | ${pct(x.p90AbsError)} | ${l ? pct(l.medianAbsError) : "–"} | ${l ? pct(l.p90AbsError) : "–"} | ${pct(x.boundShare)} |`;
    const text = [
      `fit: ${Object.entries(v.fit).map(([k, x]) => `${k}=${x}`).join(", ")}`,
      "",
      "| rows | n | median abs err | p90 abs err | LOSO median | LOSO p90 | ideal is a bound |",
      "|---|---|---|---|---|---|---|",
      s("all", v.overall, v.loso?.overall),
      ...Object.entries(v.byGroup).map(([g, x]) => s(g, x, v.loso?.byGroup[g])),
      t ? `| training (MFU, the training step's fit) | ${t.rows} | ${pct(t.medianAbsError)} | ${pct(t.p90AbsError)} | ${t.loso ? pct(t.loso.medianAbsError) : "–"} | ${t.loso ? pct(t.loso.p90AbsError) : "–"} | – |` : "| training | 0 | – | – | – | – | – |",
      "",
      "| row | metric | measured | ideal | expected | error | LOSO error | bound |",
      "|---|---|---|---|---|---|---|---|",
      ...v.predictions.map((p) => `| ${p.id} | ${p.metric} | ${r3(p.measured)} | ${r3(p.ideal)} | ${r3(p.expected)} | ${pct(p.error)} | ${pct(loso.get(p.id)?.error ?? NaN)} | ${p.bound ? "yes" : "NO"} |`),
      "",
      `skipped: ${v.skipped.length}`,
      ...v.skipped.map((x) => `- ${x.id}: ${x.reason}`),
      "",
    ].join("\n");
    if (process.env["UPDATE_GOLDEN"]) writeFileSync(golden, text);
    expect(existsSync(golden), "golden/validation.md is missing; run with UPDATE_GOLDEN=1").toBe(true);
    expect(text).toBe(readFileSync(golden, "utf8"));
  });

  it("the recorded leave-one-source-out fold fits give the refitted folds' predictions (what `roofline validate` shows without refitting)", () => {
    const recorded = validateInference(measurementFiles(), measurementModel, { loso: true, committedFolds: true });
    expect(recorded.loso?.folds.map((f) => f.fit)).toEqual(v.loso?.folds.map((f) => f.fit));
    expect(recorded.loso?.predictions.map((p) => p.expected)).toEqual(v.loso?.predictions.map((p) => p.expected));
  });

  it("the committed copy of data/measurements and the committed fit are up to date", () => {
    for (const script of ["scripts/import-measurements.ts", "scripts/fit-efficiency.ts"]) {
      expect(() => execFileSync(process.execPath, ["--import", "tsx", script, "--check"], { cwd: root, stdio: "pipe", maxBuffer: 64 * 1024 * 1024 }), script).not.toThrow();
    }
  }, 120_000);
});

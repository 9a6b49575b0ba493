/** The input tables: one id means one input everywhere, and every numeric input has physical bounds. */
import { describe, expect, it } from "vitest";
import { INPUT_GROUPS, INPUT_TABLES, inputDefById, parseInput, resolveNumber, RooflineError, STEP_INPUTS } from "../src/index.ts";

describe("input tables", () => {
  it("name an id the same way in every table (flag, short flag, URL key, label, unit, kind, group)", () => {
    for (const t of INPUT_TABLES) {
      for (const d of t.inputs) {
        const first = inputDefById(d.id);
        expect(first, d.id).toBeDefined();
        for (const k of ["flag", "short", "url", "label", "unit", "kind", "group", "catalog"] as const) expect(`${t.analysis}.${d.id}.${k}=${String(d[k])}`).toBe(`${t.analysis}.${d.id}.${k}=${String(first?.[k])}`);
      }
    }
  });

  it("give each flag, short flag and URL key to one input only", () => {
    for (const key of ["flag", "short", "url"] as const) {
      const owner = new Map<string, string>();
      for (const t of INPUT_TABLES)
        for (const d of t.inputs) {
          const v = d[key];
          if (v === undefined) continue;
          expect(owner.get(v) ?? d.id, `${key} ${v}`).toBe(d.id);
          owner.set(v, d.id);
        }
    }
  });

  it("bound every number by finite physical limits, with a default inside them", () => {
    for (const t of INPUT_TABLES)
      for (const d of t.inputs) {
        expect(INPUT_GROUPS).toContain(d.group);
        expect(d.doc.length, d.id).toBeGreaterThan(5);
        if (d.kind === "number" || d.kind === "integer") {
          expect(Number.isFinite(d.min), `${t.analysis}.${d.id} min`).toBe(true);
          expect(Number.isFinite(d.max), `${t.analysis}.${d.id} max`).toBe(true);
          expect(d.min as number).toBeLessThan(d.max as number);
          if (typeof d.default === "number") {
            expect(d.default).toBeGreaterThanOrEqual(d.min as number);
            expect(d.default).toBeLessThanOrEqual(d.max as number);
          } else expect(d.default, d.id).toBeNull();
        }
        if (d.kind === "enum") {
          expect(d.choices?.length, d.id).toBeGreaterThan(1);
          if (d.default !== null) expect(d.choices).toContain(d.default);
        }
      }
  });

  it("refuse a value beyond the bounds with an error that carries the input's id", () => {
    const e = (() => {
      try {
        resolveNumber(STEP_INPUTS, "computeEfficiency", 1e-300);
      } catch (x) {
        return x as RooflineError;
      }
      return null;
    })();
    expect(e).toBeInstanceOf(RooflineError);
    expect(e?.details.input).toBe("computeEfficiency");
    expect(e?.message).toMatch(/computeEfficiency: got "1e-300"/);
    expect(() => parseInput(STEP_INPUTS.get("batch"), "2.5")).toThrow(/whole number/);
    expect(parseInput(STEP_INPUTS.get("contextTokens"), "32k")).toBe(32_000);
    expect(parseInput(STEP_INPUTS.get("attention"), "SQRT")).toBe("sqrt");
  });

  it("default to the table's value, with the table's reason as its origin", () => {
    expect(resolveNumber(STEP_INPUTS, "chips", undefined)).toEqual({ value: 64, origin: { kind: "default", reason: "the lecture's 64 GPUs of an NVL72 rack" } });
  });
});

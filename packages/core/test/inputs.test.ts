/** The input tables: one id means one input everywhere, and every numeric input has physical bounds. */
import { describe, expect, it } from "vitest";
import {
  INPUT_GROUPS,
  INPUT_TABLES,
  inputDefById,
  KV_TIERS_INPUTS,
  LAYOUT_PAGE_ALL_INPUTS,
  PRICES_INPUTS,
  parseInput,
  resolveNumber,
  RooflineError,
  SERVE_INPUTS,
  SPECDEC_INPUTS,
  STEP_INPUTS,
  TRAIN_STEP_INPUTS,
  TRAIN_STEP_PAGE_INPUTS,
  TRAINING_INPUTS,
  WORLDMODEL_INPUTS,
  type InputTable,
} from "../src/index.ts";

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

  it("read a page's former x. key only as the input that page's table names (x.tp, x.tokens mean one thing per page)", () => {
    const aliasOf = (t: InputTable, key: string) => t.inputs.filter((d) => d.urlAliases?.includes(key)).map((d) => d.id);
    // x.tp: the tensor-parallel degree on both pages — one input (train-step's --tp, URL tp), each page its own default.
    expect(aliasOf(WORLDMODEL_INPUTS, "x.tp")).toEqual(["tensorParallel"]);
    expect(aliasOf(TRAIN_STEP_PAGE_INPUTS, "x.tp")).toEqual(["tensorParallel"]);
    expect(WORLDMODEL_INPUTS.get("tensorParallel").defaultFrom).toMatch(/TP4/);
    // x.tokens: tokens per tick of a world model vs a training run's tokens — two inputs, two URL keys.
    expect(aliasOf(WORLDMODEL_INPUTS, "x.tokens")).toEqual(["tokensPerStep"]);
    expect(aliasOf(TRAIN_STEP_PAGE_INPUTS, "x.tokens")).toEqual(["trainingTokens"]);
    expect(WORLDMODEL_INPUTS.get("tokensPerStep").url).not.toBe(TRAIN_STEP_INPUTS.get("trainingTokens").url);
    // No page's alias is another input's URL key (an alias read on one page must not shadow a key every page reads).
    const urls = new Set(INPUT_TABLES.flatMap((t) => t.inputs.map((d) => d.url)));
    for (const t of [WORLDMODEL_INPUTS, TRAIN_STEP_PAGE_INPUTS, LAYOUT_PAGE_ALL_INPUTS, KV_TIERS_INPUTS, PRICES_INPUTS, SPECDEC_INPUTS, SERVE_INPUTS]) for (const d of t.inputs) for (const a of d.urlAliases ?? []) expect(urls.has(a), `${t.analysis}.${d.id} alias ${a}`).toBe(false);
  });

  it("share an id only where the input means the same (activeParams, trainingTokens), and name the cached model's own apart", () => {
    // The lecture's frontier model (~100B active) is the priced model of `prices` and the model whose life `train` splits.
    for (const t of [PRICES_INPUTS, TRAINING_INPUTS]) expect(t.get("activeParams")).toMatchObject({ unit: "param", default: 100e9 });
    // kv-tiers' is the cached model's own, given instead of a catalog model: another input (its old flag still works).
    expect(KV_TIERS_INPUTS.has("activeParams")).toBe(false);
    expect(KV_TIERS_INPUTS.get("modelActiveParams")).toMatchObject({ default: null, flagAliases: ["--active-params"] });
    // The training run's tokens D: the step's run and the model's pre-training are one input.
    expect(TRAINING_INPUTS.get("trainingTokens")).toMatchObject({ unit: "token", flag: TRAIN_STEP_INPUTS.get("trainingTokens").flag, url: TRAIN_STEP_INPUTS.get("trainingTokens").url });
  });

  it("let a number input declare the words it also takes (serve's concurrency: max)", () => {
    const d = SERVE_INPUTS.get("concurrency");
    expect(parseInput(d, "MAX")).toBe("max");
    expect(parseInput(d, "64")).toBe(64);
    expect(() => parseInput(d, "lots")).toThrow(/got "lots"\. Expected a whole number of concurrent users, ≥ 1 and ≤ 1e7, or max/);
    expect(() => parseInput(SPECDEC_INPUTS.get("concurrency"), "max")).toThrow(/got "max"/);
  });
});

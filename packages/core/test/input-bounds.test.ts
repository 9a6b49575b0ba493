/**
 * Ranges that keep every output finite: for every input table, each numeric input is sampled at and
 * near its bounds (min, max, min·(1+ε), max·(1−ε), the smallest positive value a zero minimum admits)
 * and at random in its range, with every other input at its default, and the analysis the table
 * belongs to runs through the library. Every number of the result (walked to the leaves, derivations
 * included) must be finite, or the analysis must refuse with a coded RooflineError. Enums are run at
 * each of their choices the same way.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  analyzeBatch,
  analyzeContext,
  analyzeFleet,
  analyzeKvTiers,
  analyzeLayout,
  analyzeMemoryWall,
  analyzeModes,
  analyzeOperators,
  analyzePipelineImbalance,
  analyzePrefill,
  analyzeScaleUp,
  analyzeServing,
  serveOptions,
  analyzeSpecDec,
  analyzeStep,
  analyzeTrainStep,
  analyzeTraining,
  analyzeWorldModel,
  commandDefaults,
  layoutOptionsFromInputs,
  searchLayouts,
  searchOptionsFromInputs,
  getWorldModel,
  memoryTiers,
  worldModelOptions,
  getHardware,
  getModel,
  HARDWARE,
  MODELS,
  practice,
  INPUT_TABLES,
  invertPrices,
  getPriceSheet,
  isRooflineError,
  PRICES_CURVE_ONLY,
  trainingOptionsFromInputs,
  type InputDef,
  type InputTable,
  type LayoutGiven,
  type RooflineOptions,
  type TrainEfficiency,
  type Quantity,
} from "../src/index.ts";

type Given = Record<string, number | string>;

/** The table's inputs: given values over the defaults, catalog ids resolved, the command's own defaults applied. */
function rooflineOptions(table: InputTable, given: Given): RooflineOptions {
  const pick = (id: string) => String(given[id] ?? table.get(id).default);
  const model = getModel(table.has("model") ? pick("model") : "deepseek-v3");
  const hardware = getHardware(table.has("hardware") ? pick("hardware") : "nvidia-gb200-nvl72");
  const own = commandDefaults(table, { napkinKv: model.attention.napkinKvBytesPerToken !== null });
  const rest = Object.fromEntries(Object.entries(given).filter(([k]) => k !== "model" && k !== "hardware"));
  return { ...own, ...rest, model, hardware } as unknown as RooflineOptions;
}

const q = (v: number): Quantity => ({ value: v, origin: { kind: "user", name: "test" } });

/** How each table's analysis runs through the library (what its command and page call). */
const RUN: Record<string, (table: InputTable, given: Given) => unknown> = {
  operators: (t, g) => analyzeOperators(rooflineOptions(t, g)),
  step: (t, g) => analyzeStep(rooflineOptions(t, g)),
  model: (t, g) => analyzeStep(rooflineOptions(t, g)),
  batch: (t, g) => analyzeBatch(rooflineOptions(t, g)),
  "serving-train": (t, g) => analyzeBatch(rooflineOptions(t, g)),
  context: (t, g) => analyzeContext(rooflineOptions(t, g)),
  prefill: (t, g) => analyzePrefill(rooflineOptions(t, g)),
  modes: (t, g) => analyzeModes(rooflineOptions(t, g)),
  prices: (t, g) => {
    const { priceSheet, ...rest } = g;
    const o = rooflineOptions(t, rest);
    const own = Object.fromEntries(Object.entries(rest).filter(([id]) => !PRICES_CURVE_ONLY.includes(id) && id !== "hardware"));
    const inv = invertPrices({ ...own, sheet: getPriceSheet(String(priceSheet ?? t.get("priceSheet").default), "test"), hardware: o.hardware, ...(o.computePrecision ? { computePrecision: o.computePrecision } : {}) } as never);
    return { inv, ctx: analyzeContext(o) };
  },
  "kv-tiers": (t, g) => {
    const { model, hardware, ...rest } = rooflineOptions(t, g);
    // With both the KV per token and the active parameters given, the analysis runs without a model too.
    const modelFree = g["kvBytesPerToken"] !== undefined && g["modelActiveParams"] !== undefined;
    return analyzeKvTiers({ ...(rest as object), hardware, ...(modelFree ? {} : { model }) });
  },
  train: (t, g) => {
    const { priceSheet: _p, ...rest } = g;
    const o = rooflineOptions(t, rest);
    const training = analyzeTraining({ hardware: o.hardware, ...trainingOptionsFromInputs(g) });
    const fleet = analyzeFleet({ ...o, sheet: getPriceSheet(String(g["priceSheet"] ?? t.get("priceSheet").default), "test"), ...(g["inferenceTokensPerSecond"] !== undefined ? { demandTokensPerSecond: g["inferenceTokensPerSecond"] as number } : {}), ...(g["chipsPerNode"] !== undefined ? { chipsPerNode: g["chipsPerNode"] as number } : {}) });
    return { training, fleet };
  },
  layout: (t, g) => {
    const { chips: _c, batch: _b, names: _n, ...o } = rooflineOptions(t, g);
    return analyzeLayout(layoutOptionsFromInputs(o, g, {}));
  },
  // The search at a small budget unless the chips or racks are what is sampled (each candidate is a layout run above).
  search: (t, g) => {
    const { chips: _c, batch: _b, names: _n, ...o } = rooflineOptions(t, g);
    const base = layoutOptionsFromInputs(o, g, {});
    const budget = g["maxChips"] === undefined && g["domains"] === undefined ? { maxChips: 72 } : {};
    const { explain: _e, ...r } = searchLayouts({ ...searchOptionsFromInputs(base, base.hardware, { ...budget, ...g }, {}), batches: [1, 64, 4096] });
    return r;
  },
  "train-step": (t, g) => {
    const pick = (id: string) => String(g[id] ?? t.get(id).default);
    const num = (id: string) => (typeof g[id] === "number" ? q(g[id] as number) : undefined);
    const layout: LayoutGiven = {};
    for (const k of ["dataParallel", "tensorParallel", "pipelineParallel", "contextParallel", "expertParallel", "microBatch", "microBatches", "sequenceLength", "virtualStages", "zeroStage"] as const) {
      const v = num(k);
      if (v) layout[k] = v;
    }
    if (g["schedule"] !== undefined) layout.schedule = g["schedule"] as never;
    if (g["recompute"] !== undefined) layout.recompute = g["recompute"] as never;
    const efficiency: Partial<TrainEfficiency> = {};
    const eff = (id: string, keys: (keyof TrainEfficiency)[]) => {
      const v = num(id);
      if (v) for (const k of keys) efficiency[k] = v;
    };
    eff("matmulEfficiency", ["matmul16", "matmul8"]);
    eff("tensorExposed", ["tensorExposed"]);
    eff("dataParallelOverlap", ["dataParallelOverlap"]);
    eff("networkEfficiency", ["network"]);
    const extra: Record<string, Quantity | string> = {};
    for (const [k, id] of [["tokens", "trainingTokens"], ["usdPerChipHour", "usdPerChipHour"], ["peakFlopsPerSecond", "peakFlopsPerSecond"], ["hbmBytesPerSecond", "hbmBytesPerSecond"], ["hbmBytes", "hbmBytes"], ["gradientBytesPerParam", "gradientBytesPerParam"]] as const) {
      const v = num(id);
      if (v) extra[k] = v;
    }
    if (g["trainPrecision"] !== undefined) extra["precision"] = g["trainPrecision"] as string;
    return analyzeTrainStep({ model: getModel(pick("model")), hardware: getHardware(pick("hardware")), layout, efficiency, ...extra } as never);
  },
  specdec: (t, g) => {
    const { model, hardware, compareHardware, ...rest } = g;
    // No model given: the table's default, the crib sheet's 70B (no catalog id names it).
    return analyzeSpecDec({ ...rest, ...(model !== undefined ? { model: getModel(String(model)) } : {}), hardware: getHardware(String(hardware ?? t.get("hardware").default)), compareHardware: getHardware(String(compareHardware ?? t.get("compareHardware").default)) } as never);
  },
  "scale-up": (_t, g) => analyzeScaleUp({ ...(g["latencySeconds"] !== undefined ? { latencySeconds: g["latencySeconds"] as number } : {}), ...(g["weightPrecision"] ? { weightPrecision: g["weightPrecision"] as never } : {}) }),
  "memory-wall": (t, g) => {
    const pick = (id: string) => String(g[id] ?? t.get(id).default);
    const { model: _m, hardware: _h, ...rest } = g;
    return analyzeMemoryWall({ ...rest, model: getModel(pick("model")), hardware: getHardware(pick("hardware")) } as never);
  },
  "pipeline-imbalance": (t, g) => {
    const pick = (id: string) => String(g[id] ?? t.get(id).default);
    const { model: _m, hardware: _h, pipelineParallel, ...rest } = g;
    return analyzePipelineImbalance({ ...rest, ...(pipelineParallel !== undefined ? { pipelineStages: pipelineParallel } : {}), model: getModel(pick("model")), hardware: getHardware(pick("hardware")) } as never);
  },
  // `roofline serve`: the simulation at 400 requests (the requests input's own range is checked by its
  // parse; 20M would make this test minutes long); the capacity search's inputs run in capacity.test.ts.
  worldmodel: (t, g) => {
    const { hardware, teacher, student, ...rest } = g;
    return analyzeWorldModel(worldModelOptions(rest, { hardware: getHardware(String(hardware ?? t.get("hardware").default)), teacher: getWorldModel(String(teacher ?? t.get("teacher").default)), student: getWorldModel(String(student ?? t.get("student").default)) }, {}));
  },
  "catalog-tiers": (t, g) => memoryTiers(getHardware(String(g["hardware"] ?? t.get("hardware").default))),
  serve: (t, g) => {
    const { targetRate: _t, systems: _s, maxReplicaChips: _m, requests: _r, ...rest } = g;
    const given = { arrivalRate: 1, ...rest };
    return analyzeServing({ ...serveOptions(rooflineOptions(t, given), given), requests: 400 });
  },
};

/** Paths of numbers that are not finite, walking plain own properties (shared subtrees once). */
function nonFinite(value: unknown): string[] {
  const bad: string[] = [];
  const seen = new WeakSet<object>();
  const walk = (v: unknown, path: string) => {
    if (bad.length > 5) return;
    if (typeof v === "number") {
      if (!Number.isFinite(v)) bad.push(`${path} = ${v}`);
      return;
    }
    if (v === null || typeof v !== "object") return;
    if (seen.has(v)) return;
    seen.add(v);
    if (ArrayBuffer.isView(v)) {
      const a = v as unknown as ArrayLike<number>;
      for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i])) bad.push(`${path}[${i}] = ${a[i]}`);
      return;
    }
    if (v instanceof Map) {
      for (const [k, x] of v) walk(x, `${path}.${String(k)}`);
      return;
    }
    // A layout's placement lists every chip by index (whole numbers it counts, computing nothing): a million-chip
    // layout would take seconds to walk. Its rack count is checked with the rest.
    for (const k of Object.keys(v)) if (k !== "placement") walk((v as Record<string, unknown>)[k], `${path}.${k}`);
  };
  walk(value, "");
  return bad;
}

/** The values at and near an input's bounds. */
function edges(d: InputDef): number[] {
  const min = d.min as number;
  const max = d.max as number;
  const eps = 1e-6;
  const out = [min, max, max * (1 - eps)];
  if (d.kind === "integer") out.push(min + 1, max - 1);
  else if (min > 0) out.push(min * (1 + eps));
  else out.push(d.minNonZero ?? Number.MIN_VALUE, (d.minNonZero ?? Number.MIN_VALUE) * (1 + eps));
  return [...new Set(out.map((v) => (d.kind === "integer" ? Math.round(v) : v)).filter((v) => v >= min && v <= max))];
}

/** A random value in range, log-uniform where the range spans decades. */
function arbInRange(d: InputDef): fc.Arbitrary<number> {
  const min = d.min as number;
  const max = d.max as number;
  const lo = Math.max(min, d.minNonZero ?? 0, min > 0 ? min : Math.min(1e-6, max));
  const arb = max / lo > 1e3 ? fc.double({ min: Math.log(lo), max: Math.log(max), noNaN: true }).map((x) => Math.min(max, Math.max(lo, Math.exp(x)))) : fc.double({ min: lo, max, noNaN: true });
  return d.kind === "integer" ? arb.map((x) => Math.min(max, Math.max(min, Math.round(x)))) : arb;
}

/** What check returns for a run the analysis refused with a coded RooflineError (fine: a clear message, no number). */
const REFUSED = "refused";

/** null: every number finite; REFUSED: a coded RooflineError; else what went wrong. */
function check(table: InputTable, given: Given): string | null {
  const run = RUN[table.analysis] as (t: InputTable, g: Given) => unknown;
  let result: unknown;
  try {
    result = run(table, given);
  } catch (e) {
    if (isRooflineError(e) && e.details.code) return REFUSED;
    return `${table.analysis} ${JSON.stringify(given)}: threw ${(e as Error).message}`;
  }
  const bad = nonFinite(result);
  return bad.length ? `${table.analysis} ${JSON.stringify(given)}: ${bad.join("; ")}` : null;
}

const numeric = (t: InputTable) => t.inputs.filter((d) => d.kind === "number" || d.kind === "integer");

describe("every accepted input keeps every output finite", () => {
  it("each table's analysis is run by this test", () => {
    for (const t of INPUT_TABLES) expect(Object.keys(RUN), t.analysis).toContain(t.analysis);
  });

  for (const table of INPUT_TABLES) {
    it(`${table.analysis}: each number at and near its bounds, each choice of each enum`, () => {
      const failures: string[] = [];
      for (const d of numeric(table)) for (const v of edges(d)) failures.push(check(table, { [d.id]: v }) ?? "");
      for (const d of table.inputs.filter((x) => x.kind === "enum")) for (const c of d.choices ?? []) failures.push(check(table, { [d.id]: c }) ?? "");
      expect(failures.filter((f) => f && f !== REFUSED)).toEqual([]);
    });

    if (numeric(table).length > 0)
      it(`${table.analysis}: random values in range, several inputs at once`, () => {
        const arbs = Object.fromEntries(numeric(table).map((d) => [d.id, fc.option(fc.oneof(arbInRange(d), fc.constantFrom(...edges(d))), { nil: undefined, freq: 2 })]));
        fc.assert(
          fc.property(fc.record(arbs), (rec) => {
            const given = Object.fromEntries(Object.entries(rec).filter(([, v]) => v !== undefined)) as Given;
            expect([null, REFUSED]).toContain(check(table, given));
          }),
          { numRuns: 15, seed: 20261127 },
        );
      });
  }
});

/** A small deterministic generator (mulberry32): the catalog sweep is the same on every run. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const hasCatalog = (t: InputTable, catalog: "model" | "hardware") => t.has(catalog) && t.get(catalog).kind === "catalog";

/**
 * Beyond the defaults: every catalog model (each on a chip of the catalog, in turn) and every catalog
 * chip (each under a model of the catalog), with one other input of the table at one of its bounds,
 * drawn from a fixed seed. Model × chip pairs the analysis cannot run (a model that does not fit, a
 * chip without a price) must be refused with a coded RooflineError, never a NaN.
 */
describe("every catalog model and chip keeps every output finite, with other inputs at their bounds", () => {
  const models = MODELS.map((m) => m.id);
  const chips = HARDWARE.map((h) => h.id);
  for (const table of INPUT_TABLES.filter((t) => hasCatalog(t, "model") || hasCatalog(t, "hardware"))) {
    it(`${table.analysis}: ${hasCatalog(table, "model") ? `${models.length} models` : ""}${hasCatalog(table, "model") && hasCatalog(table, "hardware") ? " and " : ""}${hasCatalog(table, "hardware") ? `${chips.length} chips` : ""}`, () => {
      const next = rng(20261127 + table.analysis.length * 7919);
      const pick = <X>(xs: readonly X[]): X => xs[Math.floor(next() * xs.length)] as X;
      const nums = numeric(table);
      const runs: Given[] = [];
      const withBound = (g: Given): Given => {
        // Two runs in three put one other input at a bound (min, max or next to one).
        if (nums.length === 0 || next() < 1 / 3) return g;
        const d = pick(nums);
        return { ...g, [d.id]: pick(edges(d)) };
      };
      if (hasCatalog(table, "model")) models.forEach((m, i) => runs.push(withBound({ model: m, ...(hasCatalog(table, "hardware") ? { hardware: chips[(i * 7 + 3) % chips.length] as string } : {}) })));
      if (hasCatalog(table, "hardware")) chips.forEach((h, i) => runs.push(withBound({ hardware: h, ...(hasCatalog(table, "model") ? { model: models[(i * 5 + 1) % models.length] as string } : {}) })));
      const outcomes = runs.map((g) => check(table, g));
      expect(outcomes.filter((o) => o !== null && o !== REFUSED)).toEqual([]);
      // The sweep is not all refusals: most pairs run through to numbers that are checked.
      expect(outcomes.filter((o) => o === null).length, "runs that produced numbers").toBeGreaterThan(runs.length / 3);
    });
  }
});

/**
 * The practice table: every family's problem at the seed's bounds and between them, and a session at
 * the count's bounds: every number of a problem (its givens, answer, derivation) is finite.
 */
describe("every practice problem is finite at the practice table's bounds", () => {
  const { PRACTICE_INPUTS, familyIds, generateProblem, generateSet } = practice;
  const seedDef = PRACTICE_INPUTS.get("practiceSeed");
  const countDef = PRACTICE_INPUTS.get("practiceCount");
  const seeds = [...edges(seedDef), 1, 7, 123_456, 999_999];
  for (const family of familyIds()) {
    it(`${family}: seeds ${seeds.join(", ")}`, () => {
      const bad: string[] = [];
      for (const seed of seeds) {
        try {
          const found = nonFinite(generateProblem(family, seed));
          if (found.length) bad.push(`seed ${seed}: ${found.join("; ")}`);
        } catch (e) {
          if (!(isRooflineError(e) && e.details.code)) bad.push(`seed ${seed}: threw ${(e as Error).message}`);
        }
      }
      expect(bad).toEqual([]);
    });
  }
  it(`a session of ${edges(countDef).join(", ")} problems, each at a seed at its bounds`, () => {
    const counts = edges(countDef);
    const at = edges(seedDef);
    counts.forEach((count, i) => expect(nonFinite(generateSet(at[i % at.length] as number, count))).toEqual([]));
  });
});

/**
 * Practice: every generated problem's answer is the engine's number for the problem's inputs (checked
 * here by calling the engine again from the recorded inputs), generation is deterministic, grading
 * accepts within tolerance and rejects outside, spaced repetition and the Anki export behave.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  analyzeContext,
  analyzeKvTiers,
  analyzeLayout,
  analyzeStep,
  analyzeTraining,
  analyzeWorldModel,
  checkSeedClaims,
  cribSheetLlm,
  economicsFormulas as EF,
  clusterFormulas as CF,
  explainHardwareRatios,
  explainScaleUp,
  explainScaleUpToScaleOut,
  findPriceSheet,
  formulas as F,
  getHardware,
  getModel,
  invertPrices,
  isRooflineError,
  practice,
  type Precision,
} from "../src/index.ts";

const { generateProblem, familyIds, gradeAnswer, parseAnswer, FLASHCARDS } = practice;
type Problem = practice.Problem;

const s = (p: Problem, k: string) => String(p.inputs[k]);
const n = (p: Problem, k: string) => Number(p.inputs[k]);
const model = (id: string) => (id === "crib-70b" ? cribSheetLlm() : getModel(id));

/** The engine's number for a problem's inputs, computed independently of the family's code. */
const ENGINE: Record<string, (p: Problem) => number> = {
  "optimal-batch": (p) => analyzeStep({ model: model(s(p, "model")), hardware: getHardware(s(p, "hardware")), chips: 8, batch: 1, contextTokens: 0 }).derivations["closedFormOptimalBatch"]!.value,
  "drain-time": (p) => explainHardwareRatios(getHardware(s(p, "hardware"))).hbmDrainSeconds!.value,
  "kv-bytes-per-token": (p) => analyzeStep({ model: model(s(p, "model")), hardware: getHardware("h100"), chips: 8, contextTokens: 0, kvPrecision: s(p, "kvPrecision") as Precision }).derivations["kvBytesPerToken"]!.value,
  "prefill-time": (p) => analyzeStep({ model: model(s(p, "model")), hardware: getHardware(s(p, "hardware")), chips: n(p, "chips"), phase: "prefill", promptTokens: n(p, "promptTokens"), contextTokens: 0, weightPrecision: "fp8" }).computeSeconds,
  "usd-per-mtok": (p) => {
    const crib = s(p, "model") === "crib-70b";
    return analyzeStep({ model: model(s(p, "model")), hardware: getHardware(s(p, "hardware")), chips: n(p, "chips"), batch: n(p, "batch"), contextTokens: n(p, "contextTokens"), ...(crib ? {} : { weightPrecision: "fp8" as const, kvPrecision: "fp8" as const }) }).usdPerMillionTokens!;
  },
  "decode-speed": (p) => {
    const crib = s(p, "model") === "crib-70b";
    return analyzeStep({ model: model(s(p, "model")), hardware: getHardware(s(p, "hardware")), chips: n(p, "chips"), batch: 1, contextTokens: 0, ...(crib ? {} : { weightPrecision: "fp8" as const }) }).tokensPerSecondPerSequence;
  },
  "crossover-context": (p) =>
    analyzeContext({ model: model(s(p, "model")), hardware: getHardware(s(p, "hardware")), chips: n(p, "chips"), batch: n(p, "batch"), kvPrecision: s(p, "kvPrecision") as Precision, weightPrecision: "fp8", contexts: [1024] }).closedFormCrossoverTokens!,
  "expert-coverage": (p) => {
    const m = getModel(s(p, "model"));
    return F.expectedExpertsTouched.fn(m.moe!.routedExperts, m.moe!.expertsPerToken, n(p, "tokens"));
  },
  "memory-per-chip": (p) => {
    const m = getModel(s(p, "model"));
    const h = getHardware(s(p, "hardware"));
    const ep = n(p, "expertParallel");
    return analyzeLayout({ model: m, hardware: h, expertParallel: ep, tensorParallel: m.moe ? 1 : Math.min(8, h.scaleUpDomainChips.value ?? 8), pipelineStages: n(p, "stages"), microBatch: n(p, "microBatch"), contextTokens: n(p, "contextTokens"), kvPrecision: "fp8", unevenStages: true }).derivations["memoryBytesPerChipLecture"]!.value;
  },
  "bubble-fraction": (p) => CF.trainingBubbleFraction.fn(n(p, "stages"), n(p, "microBatches"), 1),
  "six-nd": (p) => EF.pretrainFlop.fn(getModel(s(p, "model")).activeParams, n(p, "tokens")),
  "three-way-split": (p) =>
    analyzeTraining({ activeParams: n(p, "activeParams"), inferenceTokensPerSecond: n(p, "tokensPerSecond"), deploymentSeconds: n(p, "days") * 86_400, rlInefficiency: n(p, "inefficiency"), inferenceInefficiency: n(p, "inefficiency") }).derivations[s(p, "ask")]!.value,
  "price-inversion": (p) => invertPrices({ sheet: findPriceSheet(s(p, "sheet"))!, activeParams: n(p, "activeParams"), hardware: getHardware(s(p, "hardware")) }).impliedKvBytesPerToken!,
  "kv-at-balance": (p) => {
    const h = getHardware(s(p, "hardware"));
    return F.kvBytesPerTokenAtBalance.fn(n(p, "activeParams"), h.hbmBytesPerSecond.value!, h.denseFlopsPerSecond.fp8.value!, n(p, "contextTokens"));
  },
  "cache-tier": (p) => ["hbm", "dram", "flash", "disk"].indexOf(analyzeKvTiers({ hardware: getHardware(s(p, "hardware")), model: getModel("deepseek-v3"), cacheDurations: [n(p, "durationSeconds")] }).durations[0]!.drainMatchedTier),
  "world-model": (p) => analyzeWorldModel({ cameras: n(p, "cameras"), tickRateHz: n(p, "tickRateHz"), windowFrames: n(p, "windowFrames") }).derivations[s(p, "ask")]!.value,
  "which-limit": (p) => {
    const r = analyzeStep({ model: getModel(s(p, "model")), hardware: getHardware(s(p, "hardware")), chips: n(p, "chips"), batch: n(p, "batch"), contextTokens: n(p, "contextTokens"), weightPrecision: "fp8", kvPrecision: "fp8" });
    const t = [r.computeSeconds, r.weightReadSeconds, r.kvReadSeconds];
    return t.indexOf(Math.max(...t));
  },
  "scale-up": (p) => explainScaleUp({ hardware: getHardware(s(p, "hardware")), latencySeconds: n(p, "latencySeconds"), weightPrecision: s(p, "precision") as Precision }).maxParamsAtLatency!,
  "scale-out-ratio": (p) => explainScaleUpToScaleOut(getHardware(s(p, "hardware")))!.value,
  "find-the-slip": (p) => checkSeedClaims().find((c) => c.id === s(p, "claim"))!.derivedValue!,
  flashcard: (p) => {
    const card = FLASHCARDS.find((c) => c.id === s(p, "card"))!;
    return card.problem(0).answer;
  },
};

describe("practice families", () => {
  it("every family has an independent engine check", () => {
    expect(Object.keys(ENGINE).sort()).toEqual(familyIds().sort());
  });

  it("every generated problem's answer equals the engine's number for its inputs (property over seeds)", () => {
    for (const family of familyIds()) {
      fc.assert(
        fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), (seed) => {
          const p = generateProblem(family, seed);
          expect(p.id).toBe(`${family}:${seed}`);
          expect(Number.isFinite(p.answer)).toBe(true);
          const engine = (ENGINE[family] as (p: Problem) => number)(p);
          if (p.kind === "choice") {
            expect(p.answer, p.id).toBe(engine);
            expect(p.choices?.[p.answer]).toBe(p.answerDisplay);
          } else {
            expect(p.answer, p.id).toBe(engine);
            if (p.kind === "numeric") expect(p.derivation.value).toBe(p.answer);
          }
          // The answer is the derivation's, shown with its unit; the derivation names its sources.
          expect(p.derivation.sources.length + p.derivation.children.length).toBeGreaterThan(0);
        }),
        { numRuns: family === "find-the-slip" ? 8 : 25 },
      );
    }
  });

  it("is deterministic: the same family and seed give the same problem", () => {
    for (const family of familyIds()) {
      const a = generateProblem(family, 12345);
      const b = generateProblem(family, 12345);
      expect(JSON.stringify({ ...a, derivation: a.derivation.value })).toBe(JSON.stringify({ ...b, derivation: b.derivation.value }));
    }
  });

  it("draws different problems from different seeds", () => {
    for (const family of ["optimal-batch", "drain-time", "usd-per-mtok", "three-way-split"]) {
      const prompts = new Set(Array.from({ length: 20 }, (_, i) => generateProblem(family, i).prompt));
      expect(prompts.size, family).toBeGreaterThan(3);
    }
  });

  it("every flashcard of the 003 deck has its blank and an engine answer", () => {
    expect(FLASHCARDS.length).toBeGreaterThanOrEqual(14);
    for (const card of FLASHCARDS) {
      expect(card.text).toContain(practice.BLANK);
      const p = card.problem(1);
      if (p.kind === "recall") expect(p.recallText).toMatch(/=/);
      else expect(p.answer).toBe(p.derivation.value);
    }
  });

  it("find-the-slip grades the slipped quote itself as wrong", () => {
    for (let seed = 0; seed < 30; seed++) {
      const p = generateProblem("find-the-slip", seed);
      const claim = checkSeedClaims().find((c) => c.id === p.inputs["claim"])!;
      expect(gradeAnswer(p, String(claim.quotedValue)).correct, p.id).toBe(false);
      expect(gradeAnswer(p, String(p.answer)).correct).toBe(true);
    }
  });

  it("refuses an unknown family and a bad seed with a RooflineError", () => {
    expect(() => generateProblem("optimal-bach", 1)).toThrowError(/optimal-batch/);
    for (const bad of [-1, 1.5, 2 ** 33]) {
      try {
        generateProblem("drain-time", bad);
        expect.fail("accepted");
      } catch (e) {
        expect(isRooflineError(e)).toBe(true);
      }
    }
  });
});

describe("grading", () => {
  const p = generateProblem("drain-time", 3);

  it("accepts an answer within the tolerance and rejects one outside (property)", () => {
    fc.assert(
      fc.property(fc.double({ min: -0.99, max: 0.99, noNaN: true }), (f) => {
        const given = p.answer * (1 + f * p.tolerance);
        expect(gradeAnswer(p, String(given)).verdict).toBe("correct");
      }),
    );
    fc.assert(
      fc.property(fc.double({ min: 1.01, max: 50, noNaN: true }), fc.boolean(), (k, up) => {
        // above: beyond 1 + tol; below: beyond 1 − tol (k ≥ 1.01 pushes both past the edge)
        const given = up ? p.answer * (1 + k * p.tolerance) : (p.answer * (1 - p.tolerance)) / k;
        const g = gradeAnswer(p, String(given));
        expect(g.correct).toBe(false);
        const ratio = given / p.answer;
        expect(g.verdict).toBe(ratio <= Math.sqrt(10) && ratio >= 1 / Math.sqrt(10) ? "order-of-magnitude" : "wrong");
      }),
    );
  });

  it("reads answers with units", () => {
    expect(parseAnswer("24 ms", "s")).toBeCloseTo(0.024, 12);
    expect(parseAnswer("1.3s", "s")).toBeCloseTo(1.3, 12);
    expect(parseAnswer("10 min", "s")).toBe(600);
    expect(parseAnswer("1.7 KB", "B/token")).toBeCloseTo(1700, 9);
    expect(parseAnswer("160 KiB/token", "B/token")).toBe(163_840);
    expect(parseAnswer("5 GB", "B/sequence")).toBe(5e9);
    expect(parseAnswer("$0.37", "USD/Mtoken")).toBeCloseTo(0.37, 12);
    expect(parseAnswer("2.4k", "sequence")).toBe(2400);
    expect(parseAnswer("2.6×10^14", "token")).toBeCloseTo(2.6e14, 0);
    expect(parseAnswer("200T", "token")).toBe(200e12);
    expect(parseAnswer("70B params", "param")).toBe(70e9);
    expect(parseAnswer("0.57 PFLOP", "FLOP")).toBeCloseTo(0.57e15, 0);
    expect(parseAnswer("18×", "1")).toBe(18);
    expect(parseAnswer("50%", "1")).toBe(0.5);
    for (const [text, unit] of [["", "s"], ["fast", "s"], ["3 GB", "s"], ["$4", "token"], ["1e999", "s"]] as const) {
      try {
        parseAnswer(text, unit);
        expect.fail(`read "${text}"`);
      } catch (e) {
        expect(isRooflineError(e), text).toBe(true);
        expect((e as Error).message).toMatch(/answer/);
      }
    }
  });

  it("grades choices by letter, number or text", () => {
    const c = generateProblem("cache-tier", 4);
    const right = c.choices![c.answer]!;
    expect(gradeAnswer(c, String.fromCharCode(97 + c.answer)).correct).toBe(true);
    expect(gradeAnswer(c, String(c.answer + 1)).correct).toBe(true);
    expect(gradeAnswer(c, right).correct).toBe(true);
    expect(gradeAnswer(c, String.fromCharCode(97 + ((c.answer + 1) % 4))).correct).toBe(false);
    expect(() => gradeAnswer(c, "z")).toThrowError(/answer/);
  });

  it("checks a recalled formula against the engine's text", () => {
    const card = FLASHCARDS.find((x) => x.id === "step-time")!;
    const p = card.problem(0);
    expect(gradeAnswer(p, p.recallText!).correct).toBe(true);
    expect(gradeAnswer(p, "T = t_compute + t_mem").verdict).toBe("self-check");
  });
});

describe("spaced repetition", () => {
  const day = 86_400_000;
  it("moves a family up a box on success, back to box 0 on a miss, and orders due families first", () => {
    let st = practice.emptyReviewState();
    st = practice.recordReview(st, "drain-time", true, 0, 7);
    expect(st.families["drain-time"]).toMatchObject({ box: 1, dueMs: day, reviews: 1, correct: 1, lastSeed: 7 });
    st = practice.recordReview(st, "drain-time", true, day);
    expect(st.families["drain-time"]!.box).toBe(2);
    st = practice.recordReview(st, "six-nd", false, day);
    expect(st.families["six-nd"]).toMatchObject({ box: 0, dueMs: day });
    const order = practice.dueOrder(st, ["drain-time", "six-nd", "bubble-fraction"], day + 1);
    expect(order.map((o) => o.family)).toEqual(["six-nd", "bubble-fraction", "drain-time"]);
    expect(order[2]!.due).toBe(false);
    // The state survives a JSON round trip and bad files are refused.
    expect(practice.parseReviewState(JSON.parse(JSON.stringify(st)), "state")).toEqual(st);
    expect(() => practice.parseReviewState({ version: 9, families: {} }, "state.json")).toThrowError(/state.json/);
    expect(() => practice.parseReviewState({ version: 1, families: { x: { box: -1 } } }, "state.json")).toThrowError(/malformed/);
  });
});

describe("Anki export", () => {
  it("is tab-separated text with Anki's file headers, one note per line, three fields each", () => {
    const problems = familyIds().map((f, i) => generateProblem(f, i));
    const text = practice.toAnkiDeck(problems, { deck: "roofline" });
    const lines = text.trimEnd().split("\n");
    const headers = lines.filter((l) => l.startsWith("#"));
    expect(headers).toEqual(["#separator:tab", "#html:true", "#notetype:Basic", "#deck:roofline", "#tags column:3"]);
    const notes = lines.filter((l) => !l.startsWith("#"));
    expect(notes.length).toBe(problems.length);
    for (const [i, line] of notes.entries()) {
      const fields = line.split("\t");
      expect(fields.length).toBe(3);
      expect(fields[0]).toContain(practice.ankiField(problems[i]!.prompt).slice(0, 20));
      expect(fields[1]).toMatch(/^Answer: /);
      expect(fields[2]).toMatch(/^roofline [a-z-]+ [a-z-]+_\d+$/);
      // HTML mode: no raw markup from the text, newlines as <br>
      expect(fields[0]).not.toMatch(/<(?!br>)/);
    }
  });

  it("escapes tabs, newlines, markup and a leading quote", () => {
    expect(practice.ankiField('a\tb\nc <d> & "e"')).toBe("a b<br>c &lt;d&gt; &amp; \"e\"");
    expect(practice.ankiField('"quoted" text')).toBe('"""quoted"" text"');
  });
});

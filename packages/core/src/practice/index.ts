/**
 * Practice: problems the engine writes from its own formulas and catalog, and grades. Deterministic
 * from a seed: the same (family, seed) is the same problem in the CLI, the web app and the tests.
 */
import { nearestIds, RooflineError, quoteValue } from "../errors.ts";
import { FAMILIES, type Family } from "./families.ts";
import { createRng, type Problem } from "./problem.ts";

export * from "./problem.ts";
export * from "./review.ts";
export * from "./anki.ts";
export { FAMILIES, familyIds, leafGivens, type Family } from "./families.ts";
export { FLASHCARDS, BLANK, type Flashcard } from "./cards.ts";

export function getFamily(id: string, field = "--family"): Family {
  const f = FAMILIES.find((x) => x.id === id);
  if (f) return f;
  const ids = FAMILIES.map((x) => x.id);
  throw new RooflineError({ code: "unknown-id", field, value: quoteValue(id), expected: `a problem family: ${ids.join(", ")}`, hint: `did you mean ${nearestIds(id, ids).join(", ")}?` });
}

/** One problem of a family, from a seed (a whole number ≥ 0). */
export function generateProblem(family: string, seed: number): Problem {
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new RooflineError({ code: "invalid-number", field: "--seed", value: quoteValue(seed), expected: "a whole number from 0 to 4294967295" });
  return getFamily(family).generate(seed);
}

/** Parses a problem id "family:seed". */
export function problemFromId(id: string): Problem {
  const m = /^([a-z0-9-]+):(\d+)$/.exec(id.trim());
  if (!m) throw new RooflineError({ code: "invalid-choice", field: "--id", value: quoteValue(id), expected: 'a problem id "family:seed", e.g. "drain-time:7"' });
  return generateProblem(m[1] as string, Number(m[2]));
}

/**
 * A set of `count` problems from a seed: families in the given order (or all), cycling, each with
 * its own seed drawn from the set's seed.
 */
export function generateSet(seed: number, count: number, families: readonly string[] = FAMILIES.map((f) => f.id)): Problem[] {
  if (!Number.isInteger(count) || count < 1 || count > 1000) throw new RooflineError({ code: "out-of-range", field: "--count", value: quoteValue(count), expected: "a whole number of problems from 1 to 1000" });
  for (const f of families) getFamily(f);
  const r = createRng(seed, "roofline-practice-set");
  const out: Problem[] = [];
  for (let i = 0; i < count; i++) {
    const family = families[i % families.length] as string;
    out.push(generateProblem(family, r.int(0, 999_999)));
  }
  return out;
}
export { PRACTICE_INPUTS } from "./inputs.ts";

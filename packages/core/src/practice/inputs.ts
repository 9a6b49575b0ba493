/**
 * The practice command's and page's inputs. Not in the analyses' registry: they choose problems, not
 * physical quantities (the flags --seed and --count are the practice session's own).
 */
import { defineInputs } from "../inputs/define.ts";
import { familyIds } from "./families.ts";

export const PRACTICE_INPUTS = defineInputs("practice", [
  { id: "practiceFamily", flag: "family", short: "f", url: "family", label: "Problem family", unit: "", kind: "enum", group: "workload", doc: "the concept to practise (default: the families due for review)", default: null, defaultFrom: "the families due for review, then all", choices: familyIds(), valueName: "<family>" },
  { id: "practiceSeed", flag: "seed", url: "seed", label: "Seed", unit: "1", kind: "integer", group: "workload", doc: "seed of the problem set: the same seed gives the same problems", what: "a seed", default: null, defaultFrom: "a fresh seed each session", min: 0, max: 4294967295, valueName: "<n>" },
  { id: "practiceCount", flag: "count", url: "count", label: "Problems", unit: "1", kind: "integer", group: "workload", doc: "problems in the session", what: "problems", default: 5, defaultFrom: "five problems", min: 1, max: 1000, valueName: "<n>" },
]);

/**
 * Each analysis with an input table: its command, its page, and the inputs a page shows otherwise
 * (with why). The CLI parity test (inputs-parity.test.ts) and the browser one
 * (packages/web/e2e/inputs-parity.test.ts) read this list, so both sides are checked against one table.
 */
import {
  BATCH_INPUTS,
  CONTEXT_INPUTS,
  KV_TIERS_INPUTS,
  LAYOUT_INPUTS,
  MODEL_PAGE_INPUTS,
  MEMORY_WALL_INPUTS,
  MODES_INPUTS,
  OPERATORS_INPUTS,
  PIPELINE_IMBALANCE_INPUTS,
  PREFILL_INPUTS,
  PRICES_CURVE_ONLY,
  PRICES_INPUTS,
  SCALE_UP_INPUTS,
  SERVING_TRAIN_INPUTS,
  SPECDEC_INPUTS,
  STEP_INPUTS,
  TRAIN_STEP_INPUTS,
  TRAIN_STEP_PAGE_INPUTS,
  TRAINING_INPUTS,
  TRAINING_PAGE_INPUTS,
  CATALOG_TIERS_INPUTS,
  SEARCH_INPUTS,
  SERVE_INPUTS,
  SERVE_PAGE_INPUTS,
  WORLDMODEL_INPUTS,
  type InputTable,
} from "@roofline/core";

export interface ParityCase {
  table: InputTable;
  /** The command path ("lecture scale-up"); absent: no command of its own. */
  command?: string;
  /** The page id; absent: no page of its own. */
  page?: string;
  /** Inputs of the table the command has no flag for, and why. */
  commandSkips?: Readonly<Record<string, string>>;
  /** Inputs of the table the page does not show as a control, and why. */
  pageShowsOtherwise?: Readonly<Record<string, string>>;
  /** Flags the `--json` echo test gives (a command that needs one, as serve needs a rate); they echo as given. */
  jsonArgs?: readonly string[];
  /** The command's --json is a list (a catalog listing): it stays one, without an `inputs` echo. */
  jsonIsList?: boolean;
}

export const PARITY_CASES: readonly ParityCase[] = [
  { table: STEP_INPUTS, command: "step" },
  { table: BATCH_INPUTS, command: "batch", page: "batch" },
  { table: CONTEXT_INPUTS, command: "context", page: "context" },
  { table: PREFILL_INPUTS, command: "prefill", page: "prefill" },
  { table: MODES_INPUTS, command: "modes", page: "modes" },
  { table: OPERATORS_INPUTS, command: "operators", page: "operators", pageShowsOtherwise: { phase: "both passes are computed; a radio picks the one shown", usdPerChipHour: "the page shows no cost" } },
  { table: TRAIN_STEP_INPUTS, command: "train-step" },
  {
    table: TRAIN_STEP_PAGE_INPUTS,
    page: "train-step",
  },
  { table: SERVING_TRAIN_INPUTS, page: "train" },
  { table: MODEL_PAGE_INPUTS, page: "model" },
  { table: PRICES_INPUTS, command: "prices", page: "prices", commandSkips: Object.fromEntries(PRICES_CURVE_ONLY.map((id) => [id, "an input of the page's cost curve, which the command does not draw"])) },
  { table: KV_TIERS_INPUTS, command: "kv-tiers", page: "kv-tiers" },
  {
    table: TRAINING_INPUTS,
    command: "train",
    page: "training",
    pageShowsOtherwise: Object.fromEntries(TRAINING_INPUTS.inputs.filter((d) => !TRAINING_PAGE_INPUTS.has(d.id)).map((d) => [d.id, "an input of the serving fleet, which the page does not show"])),
  },
  {
    table: LAYOUT_INPUTS,
    command: "layout",
    page: "layout",
    pageShowsOtherwise: {
      domains: "one control for the system's racks, in the page's search panel; the layout reads it too (left empty: as many racks as the layout needs, as `layout` takes)",
    },
  },
  { table: SEARCH_INPUTS, command: "search" },
  { table: SPECDEC_INPUTS, command: "specdec", page: "specdec" },
  { table: SCALE_UP_INPUTS, command: "lecture scale-up" },
  { table: MEMORY_WALL_INPUTS, command: "lecture memory-wall" },
  { table: PIPELINE_IMBALANCE_INPUTS, command: "lecture pipeline" },
  { table: WORLDMODEL_INPUTS, command: "worldmodel", page: "worldmodel" },
  { table: CATALOG_TIERS_INPUTS, command: "catalog tiers", jsonIsList: true },
  {
    table: SERVE_INPUTS,
    command: "serve",
    page: "serving",
    jsonArgs: ["--rate", "1", "--requests", "200"],
    pageShowsOtherwise: Object.fromEntries(SERVE_INPUTS.inputs.filter((d) => !SERVE_PAGE_INPUTS.has(d.id)).map((d) => [d.id, d.kind === "file" ? "a file the CLI reads" : "an input of the page's \"How many chips?\" panel"])),
  },
];

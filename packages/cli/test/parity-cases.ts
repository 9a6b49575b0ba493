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
  STEP_LAYOUT_INPUTS,
  SPECDEC_INPUTS,
  TRAIN_STEP_INPUTS,
  TRAIN_STEP_PAGE_INPUTS,
  TRAINING_INPUTS,
  TRAINING_PAGE_INPUTS,
  CATALOG_TIERS_INPUTS,
  HARDWARE_PAGE_INPUTS,
  LAYOUT_PAGE_INPUTS,
  OPERATORS_PAGE_INPUTS,
  SEARCH_INPUTS,
  SEARCH_PANEL_INPUTS,
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
  { table: STEP_LAYOUT_INPUTS, command: "step" },
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

/**
 * Every page (or page panel) and the command whose numbers it shows: the table the page's controls come
 * from and the command's. A page opens on its command's defaults: an input both have takes the same
 * default in both, unless listed in `defaultsDiffer` with why; an input of the command the page lacks
 * is listed in `pageOmits` with why. inputs-parity.test.ts checks every pair.
 */
export interface PagePair {
  page: string;
  pageTable: InputTable;
  command: string;
  commandTable: InputTable;
  defaultsDiffer?: Readonly<Record<string, string>>;
  pageOmits?: Readonly<Record<string, string>>;
}

const SERVE_PANEL = "an input of the page's \"How many chips?\" panel (serve --target-rate's search), not of the page's sidebar";

export const PAGE_PAIRS: readonly PagePair[] = [
  { page: "batch", pageTable: BATCH_INPUTS, command: "batch", commandTable: BATCH_INPUTS },
  { page: "context", pageTable: CONTEXT_INPUTS, command: "context", commandTable: CONTEXT_INPUTS },
  { page: "prefill", pageTable: PREFILL_INPUTS, command: "prefill", commandTable: PREFILL_INPUTS },
  { page: "train", pageTable: SERVING_TRAIN_INPUTS, command: "batch", commandTable: BATCH_INPUTS, pageOmits: { batch: "the page draws the serving train at every batch (the command's batch is one point of it)" } },
  {
    page: "hardware",
    pageTable: HARDWARE_PAGE_INPUTS,
    command: "step",
    commandTable: STEP_LAYOUT_INPUTS,
    defaultsDiffer: { batch: "the page ranks every chip's energy at a decode batch of 64, where chips differ by their compute; `step` decodes one sequence (give -b 64 for the page's numbers)" },
    pageOmits: {
      hardware: "the page shows every catalog chip",
      phase: "the page's energy chart is a decode step",
      promptTokens: "the page's energy chart is a decode step",
      usdPerChipHour: "the page shows energy, not cost",
      peakFlopsPerSecond: "each chip's own figure (the page shows every chip)",
      hbmBytesPerSecond: "each chip's own figure (the page shows every chip)",
      hbmBytes: "each chip's own figure (the page shows every chip)",
      attentionDataParallel: "one chip of each kind: no layout",
    },
  },
  { page: "model", pageTable: MODEL_PAGE_INPUTS, command: "step", commandTable: STEP_LAYOUT_INPUTS, pageOmits: Object.fromEntries(STEP_LAYOUT_INPUTS.inputs.filter((d) => !MODEL_PAGE_INPUTS.has(d.id)).map((d) => [d.id, "the inspector shows the model's footprint, not a step's time or cost"])) },
  { page: "modes", pageTable: MODES_INPUTS, command: "modes", commandTable: MODES_INPUTS },
  { page: "operators", pageTable: OPERATORS_PAGE_INPUTS, command: "operators", commandTable: OPERATORS_INPUTS, pageOmits: { phase: "both passes are computed; a radio picks the one shown", usdPerChipHour: "the page shows no cost" } },
  { page: "prices", pageTable: PRICES_INPUTS, command: "prices", commandTable: PRICES_INPUTS },
  { page: "kv-tiers", pageTable: KV_TIERS_INPUTS, command: "kv-tiers", commandTable: KV_TIERS_INPUTS },
  {
    page: "training",
    pageTable: TRAINING_PAGE_INPUTS,
    command: "train",
    commandTable: TRAINING_INPUTS,
    defaultsDiffer: { computePrecision: "the same run: BF16 in both. The command's default also covers its serving fleet (which follows the weight precision); the page has no fleet, so its default names the run's BF16" },
    pageOmits: Object.fromEntries(TRAINING_INPUTS.inputs.filter((d) => !TRAINING_PAGE_INPUTS.has(d.id)).map((d) => [d.id, "an input of the serving fleet, which the page does not show"])),
  },
  { page: "worldmodel", pageTable: WORLDMODEL_INPUTS, command: "worldmodel", commandTable: WORLDMODEL_INPUTS },
  { page: "specdec", pageTable: SPECDEC_INPUTS, command: "specdec", commandTable: SPECDEC_INPUTS },
  {
    page: "layout",
    pageTable: LAYOUT_PAGE_INPUTS,
    command: "layout",
    commandTable: LAYOUT_INPUTS,
    pageOmits: { domains: "one control for the system's racks, in the page's search panel; the layout reads it too (left empty: as many racks as the layout needs, as `layout` takes)" },
  },
  {
    page: "layout (search panel)",
    pageTable: SEARCH_PANEL_INPUTS,
    command: "search",
    commandTable: SEARCH_INPUTS,
    pageOmits: Object.fromEntries(SEARCH_INPUTS.inputs.filter((d) => !SEARCH_PANEL_INPUTS.has(d.id)).map((d) => [d.id, LAYOUT_PAGE_INPUTS.has(d.id) ? "the sidebar's control (the layout's input, the same id and default)" : "a search-only CLI input (the page searches every micro-batch and precision and charts the whole frontier)"])),
  },
  {
    page: "train-step",
    pageTable: TRAIN_STEP_PAGE_INPUTS,
    command: "train-step",
    commandTable: TRAIN_STEP_INPUTS,
    pageOmits: {
      chips: "the page's search panel has its own chip count (the command's --chips is its search's cluster, or sets the data-parallel degree; the page's degrees are set directly)",
      globalBatchTokens: "the page sets the micro-batches directly (the command's --global-batch-tokens only sets them)",
      top: "the page's search lists the ten fastest layouts",
      efficiency: "the page's search panel's control (TRAIN_SEARCH_PANEL_INPUTS: the same id, default and URL key)",
    },
  },
  { page: "serving", pageTable: SERVE_PAGE_INPUTS, command: "serve", commandTable: SERVE_INPUTS, pageOmits: Object.fromEntries(SERVE_INPUTS.inputs.filter((d) => !SERVE_PAGE_INPUTS.has(d.id)).map((d) => [d.id, d.kind === "file" ? "a file the CLI reads" : SERVE_PANEL])) },
  { page: "lecture (scale-up)", pageTable: SCALE_UP_INPUTS, command: "lecture scale-up", commandTable: SCALE_UP_INPUTS },
  { page: "lecture (memory wall)", pageTable: MEMORY_WALL_INPUTS, command: "lecture memory-wall", commandTable: MEMORY_WALL_INPUTS },
  { page: "lecture (pipeline)", pageTable: PIPELINE_IMBALANCE_INPUTS, command: "lecture pipeline", commandTable: PIPELINE_IMBALANCE_INPUTS },
];

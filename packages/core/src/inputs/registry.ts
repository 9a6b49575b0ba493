/**
 * Every analysis' input table, so that an input id names one input everywhere: an error carrying an
 * id can be rendered by any interface (flag or label), and a test checks that an id means the same
 * flag, label, URL key, unit and kind in every table. A new analysis adds its table here.
 */
import type { InputDef, InputTable } from "./define.ts";
import { CATALOG_TIERS_INPUTS, KV_TIERS_INPUTS, MODEL_PAGE_INPUTS, MODES_INPUTS, OPERATORS_INPUTS, PRICES_INPUTS, TRAINING_INPUTS } from "./pages.ts";
import { BATCH_INPUTS, CONTEXT_INPUTS, PREFILL_INPUTS, SERVING_TRAIN_INPUTS, STEP_INPUTS } from "./roofline.ts";
import { TRAIN_STEP_INPUTS } from "../training/inputs.ts";
import { MEMORY_WALL_INPUTS, PIPELINE_IMBALANCE_INPUTS, SCALE_UP_INPUTS } from "../lecture/inputs.ts";
import { SPECDEC_INPUTS } from "../specdec/inputs.ts";
import { SERVE_INPUTS } from "../serving/inputs.ts";
import { WORLDMODEL_INPUTS } from "../worldmodel/inputs.ts";
import { LAYOUT_INPUTS, SEARCH_INPUTS } from "../cluster/inputs.ts";

export const INPUT_TABLES: InputTable[] = [
  STEP_INPUTS, BATCH_INPUTS, CONTEXT_INPUTS, PREFILL_INPUTS, SERVING_TRAIN_INPUTS, MODES_INPUTS, KV_TIERS_INPUTS, PRICES_INPUTS, TRAINING_INPUTS, LAYOUT_INPUTS, MODEL_PAGE_INPUTS, OPERATORS_INPUTS,
  TRAIN_STEP_INPUTS, SCALE_UP_INPUTS, MEMORY_WALL_INPUTS, PIPELINE_IMBALANCE_INPUTS, SPECDEC_INPUTS,
  SERVE_INPUTS, CATALOG_TIERS_INPUTS, WORLDMODEL_INPUTS, SEARCH_INPUTS,
];

/** The table of an analysis (command and page id). */
export function inputTable(analysis: string): InputTable | undefined {
  return INPUT_TABLES.find((t) => t.analysis === analysis);
}

/** The first declaration of an input id in any table (they agree on name, unit and kind). */
export function inputDefById(id: string): InputDef | undefined {
  for (const t of INPUT_TABLES) if (t.has(id)) return t.get(id);
  return undefined;
}

/**
 * The page registry. Adding a page (a new capability: cluster layout, economics, world models…) is one
 * file and one line:
 *
 * 1. Write `pages/<name>.tsx` exporting a component `(props: PageProps) => …` (PageProps from
 *    components/Layout.tsx: the URL state and `set(patch)`). Build options with `rooflineOptions(state)`
 *    (options.ts), run a core analysis inside `attempt(…)` (user errors become messages), and show
 *    - numbers with `<Num>`/`<Stat>` (components/Num.tsx): each takes a core Derivation and opens it;
 *    - charts with `<Chart id title spec={(width, height) => ChartSpec}>` (components/Chart.tsx, drawn by
 *      components/svgchart.tsx): SVG/PNG export built in;
 *    - tables with `<DataTable>` (components/DataTable.tsx): sortable, CSV export built in;
 *    - controls with `<AnalysisLayout controls={[…]}>` (components/Layout.tsx).
 *    Never compute a formula in the page: numbers come from core analyses, charts from their points.
 * 2. Add `{ id, title, load: () => import("./<name>.tsx").then((m) => m.<Name>Page) }` below (a lazily
 *    loaded chunk; `component: <Name>Page` also works). The id is the URL's `page=` value.
 * 3. Nothing else: the e2e suite loads every registered page, checks the console and takes a screenshot;
 *    add page-specific checks in e2e/ if the page has behaviour of its own.
 */
import { KV_TIERS_INPUTS, LAYOUT_PAGE_ALL_INPUTS, PRICES_INPUTS, SERVE_PAGE_INPUTS, SPECDEC_INPUTS, TRAINING_PAGE_INPUTS, TRAIN_STEP_PAGE_INPUTS, WORLDMODEL_INPUTS, type InputTable } from "@roofline/core";
import type { FunctionComponent } from "preact";
import type { PageProps } from "../components/Layout.tsx";

export interface PageDef {
  /** The URL's `page=` value: lowercase, stable. */
  id: string;
  /** The tab label. */
  title: string;
  /** The input table whose model and hardware defaults the page starts from (default: the lecture's). */
  inputs?: InputTable;
  /** The page, loaded with the app… */
  component?: FunctionComponent<PageProps>;
  /** …or loaded when first shown (its own script chunk): keeps the first page's scripts small. */
  load?: () => Promise<FunctionComponent<PageProps>>;
}

export const PAGES: readonly PageDef[] = [
  { id: "batch", title: "Batch", load: () => import("./batch.tsx").then((m) => m.BatchPage) },
  { id: "context", title: "Context", load: () => import("./context.tsx").then((m) => m.ContextPage) },
  { id: "prefill", title: "Prefill vs decode", load: () => import("./prefill.tsx").then((m) => m.PrefillPage) },
  { id: "train", title: "The train", load: () => import("./train.tsx").then((m) => m.TrainPage) },
  { id: "hardware", title: "Hardware", load: () => import("./hardware.tsx").then((m) => m.HardwarePage) },
  { id: "model", title: "Model inspector", load: () => import("./model.tsx").then((m) => m.ModelPage) },
  { id: "seeds", title: "Seeds", load: () => import("./seeds.tsx").then((m) => m.SeedsPage) },
  { id: "prices", title: "API prices", inputs: PRICES_INPUTS, load: () => import("./prices.tsx").then((m) => m.PricesPage) },
  { id: "kv-tiers", title: "KV tiers", inputs: KV_TIERS_INPUTS, load: () => import("./kv-tiers.tsx").then((m) => m.KvTiersPage) },
  { id: "modes", title: "Fast & slow modes", load: () => import("./modes.tsx").then((m) => m.ModesPage) },
  { id: "training", title: "Training split", inputs: TRAINING_PAGE_INPUTS, load: () => import("./training.tsx").then((m) => m.TrainingPage) },
  { id: "worldmodel", title: "World models", inputs: WORLDMODEL_INPUTS, load: () => import("./worldmodel.tsx").then((m) => m.WorldModelPage) },
  { id: "specdec", title: "Speculative decoding", inputs: SPECDEC_INPUTS, load: () => import("./specdec.tsx").then((m) => m.SpecDecPage) },
  { id: "layout", title: "Cluster layout", inputs: LAYOUT_PAGE_ALL_INPUTS, load: () => import("./layout.tsx").then((m) => m.LayoutPage) },
  { id: "train-step", title: "Training step", inputs: TRAIN_STEP_PAGE_INPUTS, load: () => import("./train-step.tsx").then((m) => m.TrainStepPage) },
  { id: "operators", title: "Operators", load: () => import("./operators.tsx").then((m) => m.OperatorsPage) },
  { id: "serving", title: "Serving", inputs: SERVE_PAGE_INPUTS, load: () => import("./serving.tsx").then((m) => m.ServingPage) },
  { id: "lecture", title: "Lecture arguments", load: () => import("./lecture.tsx").then((m) => m.LecturePage) },
  { id: "practice", title: "Practice", load: () => import("./practice.tsx").then((m) => m.PracticePage) },
  { id: "validation", title: "Validation", load: () => import("./validation.tsx").then((m) => m.ValidationPage) },
];

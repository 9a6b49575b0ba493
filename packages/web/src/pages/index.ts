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
 * 2. Add `{ id, title, component }` below. The id is the URL's `page=` value.
 * 3. Nothing else: the e2e suite loads every registered page, checks the console and takes a screenshot;
 *    add page-specific checks in e2e/ if the page has behaviour of its own.
 */
import type { FunctionComponent } from "preact";
import type { PageProps } from "../components/Layout.tsx";
import { BatchPage } from "./batch.tsx";
import { ContextPage } from "./context.tsx";
import { HardwarePage } from "./hardware.tsx";
import { ModelPage } from "./model.tsx";
import { PrefillPage } from "./prefill.tsx";
import { SeedsPage } from "./seeds.tsx";
import { TrainPage } from "./train.tsx";
import { KvTiersPage } from "./kv-tiers.tsx";
import { ModesPage } from "./modes.tsx";
import { PricesPage } from "./prices.tsx";
import { TrainingPage } from "./training.tsx";
import { WorldModelPage } from "./worldmodel.tsx";
import { SpecDecPage } from "./specdec.tsx";
import { LayoutPage } from "./layout.tsx";
import { TrainStepPage } from "./train-step.tsx";

export interface PageDef {
  /** The URL's `page=` value: lowercase, stable. */
  id: string;
  /** The tab label. */
  title: string;
  component: FunctionComponent<PageProps>;
}

export const PAGES: readonly PageDef[] = [
  { id: "batch", title: "Batch", component: BatchPage },
  { id: "context", title: "Context", component: ContextPage },
  { id: "prefill", title: "Prefill vs decode", component: PrefillPage },
  { id: "train", title: "The train", component: TrainPage },
  { id: "hardware", title: "Hardware", component: HardwarePage },
  { id: "model", title: "Model inspector", component: ModelPage },
  { id: "seeds", title: "Seeds", component: SeedsPage },
  { id: "prices", title: "API prices", component: PricesPage },
  { id: "kv-tiers", title: "KV tiers", component: KvTiersPage },
  { id: "modes", title: "Fast & slow modes", component: ModesPage },
  { id: "training", title: "Training split", component: TrainingPage },
  { id: "worldmodel", title: "World models", component: WorldModelPage },
  { id: "specdec", title: "Speculative decoding", component: SpecDecPage },
  { id: "layout", title: "Cluster layout", component: LayoutPage },
  { id: "train-step", title: "Training step", component: TrainStepPage },
];

/**
 * The page registry. Adding a page (a new capability: cluster layout, economics, world models…) is one
 * file and one line:
 *
 * 1. Write `pages/<name>.tsx` exporting a component `(props: PageProps) => …` (PageProps from
 *    components/Layout.tsx: the URL state and `set(patch)`). Build options with `rooflineOptions(state)`
 *    (options.ts), run a core analysis inside `attempt(…)` (user errors become messages), and show
 *    - numbers with `<Num>`/`<Stat>` (components/Num.tsx): each takes a core Derivation and opens it;
 *    - charts with `<Chart render={(width) => Plot.plot(…)}>` (components/Chart.tsx): SVG/PNG export built in;
 *    - tables with `<DataTable>` (components/DataTable.tsx): sortable, CSV export built in;
 *    - controls with `<AnalysisLayout controls={[…]}>` (components/Layout.tsx).
 *    Never compute a formula in the page: numbers come from core analyses, charts from their points.
 * 2. Add `{ id, title, component }` below. The id is the URL's `page=` value.
 * 3. Add the page to `PAGE_IDS` in e2e/pages.test.ts's list if it needs specific checks; the generic
 *    e2e test already loads every registered page, checks the console and takes a screenshot.
 */
import type { FunctionComponent } from "preact";
import type { PageProps } from "../components/Layout.tsx";
import { BatchPage } from "./batch.tsx";

export interface PageDef {
  /** The URL's `page=` value: lowercase, stable. */
  id: string;
  /** The tab label. */
  title: string;
  component: FunctionComponent<PageProps>;
}

export const PAGES: readonly PageDef[] = [
  { id: "batch", title: "Batch", component: BatchPage },
];

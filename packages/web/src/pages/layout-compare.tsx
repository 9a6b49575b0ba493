/**
 * Comparisons on the Cluster layout page: the same layout (E, T, P, A, micro-batch) with another model,
 * chip or precision, each through core's analyzeLayout (as `roofline layout --json`). The page's own
 * charts are this layout's rack diagram and pipeline schedule, which do not overlay; so the scenarios
 * meet on one chart of their time per output token — ideal (a bound) as the bar, expected as a point —
 * and a table of speed, cost, chips and memory per chip.
 */
import { formatQuantity, type LayoutResult } from "@roofline/core";
import { CompareTable } from "../components/CompareTable.tsx";
import { Chart } from "../components/Chart.tsx";
import { Num } from "../components/Num.tsx";
import { COLORS, tickFormat } from "../components/chart-style.ts";
import type { ChartSpec } from "../components/svgchart.tsx";
import type { Comparison } from "../compare.ts";
import { compareLegend } from "../components/compare-chart.ts";

type Compares = readonly (Comparison & { value: LayoutResult })[];

export function layoutTimesChart(here: LayoutResult, compares: Compares, width: number, height: number): ChartSpec {
  const all = [{ row: "this scenario", r: here, color: COLORS.weights }, ...compares.map((c) => ({ row: `vs ${c.label}`, r: c.value, color: c.color }))];
  const hi = Math.max(...all.flatMap((s) => [s.r.time.tokenSeconds, s.r.expected.tokenSeconds]));
  return {
    title: "Time per output token by scenario: ideal (bar) and expected (point)",
    width,
    height,
    x: { type: "linear", label: "time per output token →", format: tickFormat("s"), zero: true, domain: [0, hi * 1.12] },
    y: { rows: all.map((s) => s.row), label: "scenario" },
    spans: all.map((s) => ({ row: s.row, x1: 0, x2: s.r.time.tokenSeconds, color: s.color, opacity: 0.8, label: formatQuantity(s.r.time.tokenSeconds, "s") })),
    dots: all.map((s) => ({ x: s.r.expected.tokenSeconds, y: 0, row: s.row, color: COLORS.accent, r: 5, ...(width > 520 ? { label: `expected ${formatQuantity(s.r.expected.tokenSeconds, "s")}` } : {}) })),
  };
}

export function LayoutCompare({ here, compares }: { here: LayoutResult; compares: Compares }) {
  if (compares.length === 0) return null;
  const row = (label: string, r: LayoutResult, i: number | null) => {
    const id = (k: string) => `layout.compare.${i ?? "page"}.${k}`;
    const d = r.derivations;
    return (
      <tr key={label} data-compare-row={i ?? "page"}>
        <th scope="row">{label}</th>
        <td class="num-col">
          <Num id={id("tokenSeconds")} value={r.time.tokenSeconds} unit="s" d={d["tokenSeconds"] ?? null} />
        </td>
        <td class="num-col">
          <Num id={id("expectedTokenSeconds")} value={r.expected.tokenSeconds} unit="s" d={d["expectedTokenSeconds"] ?? null} />
        </td>
        <td class="num-col">
          <Num id={id("expectedUsdPerMillionTokens")} value={r.expectedUsdPerMillionTokens} unit="USD/Mtoken" d={d["expectedUsdPerMillionTokens"] ?? null} />
        </td>
        <td class="num-col">
          <Num id={id("chips")} value={r.chips.perReplica} unit="chip" d={d["chipsPerReplica"] ?? null} />
        </td>
        <td class="num-col">
          <Num id={id("memory")} value={r.memory.totalBytesPerChip} unit="B" d={d["memoryBytesPerChip"] ?? null} />
          {r.memory.fits ? "" : " (does not fit)"}
        </td>
      </tr>
    );
  };
  return (
    <section aria-label="The layout, compared" data-layout-compare>
      <div class="charts">
        <Chart id="layout.compare" title="Time per output token, compared" height={100 + 40 * (compares.length + 1)} spec={(w, h) => layoutTimesChart(here, compares, w, h)} legend={[{ label: "this scenario (ideal)", color: COLORS.weights }, ...compareLegend(compares).map((l) => ({ ...l, label: `${l.label} (ideal)` })), { label: "expected (efficiency model)", color: COLORS.accent }]} />
      </div>
      <CompareTable caption="The same layout in each scenario (ideal: a bound; expected: the efficiency model)" columns={["time/token (ideal)", "time/token (expected)", "$/Mtok (expected)", "chips per replica", "memory per chip"]}>
        {row("this scenario", here, null)}
        {compares.map((c, i) => row(`vs ${c.label}`, c.value, i))}
      </CompareTable>
    </section>
  );
}

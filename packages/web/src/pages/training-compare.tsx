/**
 * Comparisons on the Training split page. The split itself is in FLOP (6·N·D, RL, 2·N·D): it does not
 * depend on the chip, so a comparison (another chip) changes the pre-training run — chip-hours, cost
 * and wall-clock time at the page's MFU and chips — drawn here as one bar per scenario, each number
 * the same analysis as `roofline train --json`'s `training.run`.
 */
import { formatQuantity, type TrainingResult } from "@roofline/core";
import { CompareTable } from "../components/CompareTable.tsx";
import { Chart } from "../components/Chart.tsx";
import { Num } from "../components/Num.tsx";
import { COLORS, tickFormat } from "../components/chart-style.ts";
import type { ChartSpec } from "../components/svgchart.tsx";
import type { Comparison } from "../compare.ts";
import { compareLegend } from "../components/compare-chart.ts";

type Compares = readonly (Comparison & { value: TrainingResult })[];

export function runsChart(here: TrainingResult, compares: Compares, width: number, height: number): ChartSpec {
  const all = [{ row: "this scenario", r: here, color: COLORS.weights }, ...compares.map((c) => ({ row: `vs ${c.label}`, r: c.value, color: c.color }))].filter((s) => s.r.run?.seconds != null);
  const seconds = all.map((s) => s.r.run?.seconds as number);
  return {
    title: "Pre-training wall-clock time by scenario",
    width,
    height,
    x: { type: "linear", label: "wall-clock time →", format: tickFormat("s"), zero: true, domain: [0, Math.max(...seconds) * 1.1] },
    y: { rows: all.map((s) => s.row), label: "scenario" },
    spans: all.map((s) => ({ row: s.row, x1: 0, x2: s.r.run?.seconds as number, color: s.color, opacity: 0.85, label: formatQuantity(s.r.run?.seconds as number, "s") })),
  };
}

export function TrainingCompare({ here, compares }: { here: TrainingResult; compares: Compares }) {
  if (compares.length === 0) return null;
  const drawn = here.run?.seconds != null;
  const row = (label: string, r: TrainingResult, i: number | null) => {
    const id = (k: string) => `training.compare.${i ?? "page"}.${k}`;
    const d = r.derivations;
    return (
      <tr key={label} data-compare-row={i ?? "page"}>
        <th scope="row">{label}</th>
        <td class="num-col">
          <Num id={id("chipHours")} value={r.run?.chipHours ?? null} unit="1" d={d["pretrainChipHours"] ?? null} />
        </td>
        <td class="num-col">
          <Num id={id("usd")} value={r.run?.usd ?? null} unit="USD" d={d["pretrainUsd"] ?? null} />
        </td>
        <td class="num-col">
          <Num id={id("seconds")} value={r.run?.seconds ?? null} unit="s" d={d["pretrainSeconds"] ?? null} />
        </td>
      </tr>
    );
  };
  return (
    <section aria-label="The pre-training run, compared" data-training-compare>
      <p class="small muted" data-compare-note="split">
        The split above is in FLOP and does not depend on the chip: every scenario has the same one. A comparison changes the pre-training run below (the same MFU and chips, its own peak FLOP/s and price).
      </p>
      {drawn ? (
        <div class="charts">
          <Chart id="training-runs" title="Pre-training wall-clock time" height={90 + 34 * (compares.length + 1)} spec={(w, h) => runsChart(here, compares, w, h)} legend={[{ label: "this scenario", color: COLORS.weights }, ...compareLegend(compares)]} />
        </div>
      ) : null}
      <CompareTable caption='The pre-training run of each scenario ("unknown" where the chip has no price)' columns={["chip-hours", "cost", "wall-clock"]}>
        {row("this scenario", here, null)}
        {compares.map((c, i) => row(`vs ${c.label}`, c.value, i))}
      </CompareTable>
    </section>
  );
}

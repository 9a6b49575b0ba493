/** Every catalog chip side by side: FLOP per byte (≈300), HBM drain time (≈20 ms), scale-up domains. */
import {
  analyzeStepEnergy,
  HARDWARE_PAGE_INPUTS,
  type EfficiencyMode,
  type EnergyResult,
  explainHardwareRatios,
  explainScaleUpAggregate,
  flopPerByteOf,
  formatQuantity,
  HARDWARE,
  hbmDrainSecondsOf,
  type ComputePrecision,
  type Fact,
  type HardwareSpec,
  type UnitId,
} from "@roofline/core";
import { useMemo } from "preact/hooks";
import { Chart } from "../components/Chart.tsx";
import { COLORS, tickFormat } from "../components/chart-style.ts";
import { DataTable, type Column } from "../components/DataTable.tsx";
import type { Explainable } from "../components/explain.ts";
import { ErrorBox, type PageProps } from "../components/Layout.tsx";
import { Num } from "../components/Num.tsx";
import type { ChartSpec, DotMark } from "../components/svgchart.tsx";
import { Controls, engineDefaults } from "../components/Controls.tsx";
import { CompareBar, CompareFailures } from "../components/CompareBar.tsx";
import { compareLegend, overlaid, overlay } from "../components/compare-chart.ts";
import { scenarioText } from "../components/scenario.ts";
import { compareEach, computed, type CompareDim, type Comparison } from "../compare.ts";
import { attempt, rooflineOptions } from "../options.ts";
import type { AppState } from "../state.ts";

/** What a comparison can change on this page: every chip is shown already, so not the hardware. */
const ENERGY_DIMS: readonly CompareDim[] = ["model", "chips", "weights", "kv", "eff", "ep"];

/** One chip's energy for the page's model and workload; null where its TDP (or anything the step needs) is unknown. */
interface ChipEnergy {
  h: HardwareSpec;
  energy: EnergyResult | null;
  /** The same at the expected step time (the efficiency model: not a bound), beside the ideal in the table. */
  expected: EnergyResult | null;
  fits: boolean;
  why: string | null;
}

/** The model's energy on every catalog chip (core's energy formulas: TDP, an upper bound on power). */
export function energyByChip(state: AppState, mode: EfficiencyMode): ChipEnergy[] {
  const o = rooflineOptions(state, HARDWARE_PAGE_INPUTS);
  return HARDWARE.map((h) => {
    const a = attempt(() => analyzeStepEnergy({ ...o, hardware: h }, mode, HARDWARE_PAGE_INPUTS));
    if (!a.ok) return { h, energy: null, expected: null, fits: false, why: a.message };
    return { h, energy: a.value.energy, expected: a.value.expectedEnergy, fits: a.value.step.memory.fits, why: a.value.energy ? null : "TDP unknown" };
  });
}

export function energyChart(rows: readonly ChipEnergy[], width: number, height: number, compares: readonly (Comparison & { value: ChipEnergy[] })[] = []): ChartSpec {
  const spec = (list: readonly ChipEnergy[], color: string, labelled: boolean): ChartSpec => ({
    title: "Tokens/s per MW by chip",
    width,
    height,
    x: { type: "log", label: "tokens/s per MW of chip TDP (a lower bound) →", format: tickFormat("token/s/MW") },
    y: { rows: ROWS.map((r) => label(r.h)), label: "" },
    dots: list.flatMap((r) =>
      r.energy ? [{ x: r.energy.tokensPerSecondPerMegawatt, y: 0, row: label(r.h), color: r.fits ? color : COLORS.marker, r: 4.5, ...(labelled && !r.fits && width > 560 ? { label: "does not fit" } : {}) }] : [],
    ),
  });
  return overlay(spec(rows, COLORS.step, true), overlaid(compares, (v, c) => spec(v, c.color, false)));
}

interface Row {
  h: HardwareSpec;
  fpb: Record<ComputePrecision, number | null>;
  drain: number | null;
  aggregate: number | null;
}

const ROWS: readonly Row[] = HARDWARE.map((h) => ({ h, fpb: flopPerByteOf(h), drain: hbmDrainSecondsOf(h), aggregate: explainScaleUpAggregate(h)?.value ?? null }));
const SHOWN_PRECISIONS: readonly ComputePrecision[] = ["bf16", "fp8", "fp4"];
const PRECISION_COLORS: Record<string, string> = { bf16: COLORS.weights, fp8: COLORS.compute, fp4: COLORS.kv };

function given(title: string, description: string, f: Fact, unit: UnitId): Explainable | null {
  if (f.value === null) return null;
  return { kind: "given", title, description, value: f.value, unit, display: formatQuantity(f.value, unit), origin: f.origin };
}

const label = (h: HardwareSpec) => h.name.replace(/\s*\(.*$/, "");

export function flopPerByteChart(width: number, height: number): ChartSpec {
  const dots: DotMark[] = [];
  for (const r of ROWS) for (const p of SHOWN_PRECISIONS) {
    const v = r.fpb[p];
    if (v !== null) dots.push({ x: v, y: 0, row: label(r.h), color: PRECISION_COLORS[p] as string });
  }
  return {
    title: "FLOP per byte of HBM bandwidth",
    width,
    height,
    x: { type: "log", label: "dense FLOP/s ÷ HBM B/s →", format: tickFormat("1") },
    y: { rows: ROWS.map((r) => label(r.h)), label: "" },
    dots,
    rulesX: [{ at: 300, color: COLORS.accent, dash: "4 3", label: "lecture ≈ 300" }],
  };
}

export function drainChart(width: number, height: number): ChartSpec {
  return {
    title: "HBM drain time (capacity ÷ bandwidth)",
    width,
    height,
    x: { type: "linear", label: "milliseconds to read all of HBM →", format: tickFormat("s"), zero: true },
    y: { rows: ROWS.map((r) => label(r.h)), label: "" },
    spans: ROWS.filter((r) => r.drain !== null).map((r) => ({ x1: 0, x2: r.drain as number, row: label(r.h), color: COLORS.memory, opacity: 0.75 })),
    rulesX: [{ at: 0.02, color: COLORS.accent, dash: "4 3", label: "lecture ≈ 20 ms" }],
  };
}

export function scaleUpChart(width: number, height: number): ChartSpec {
  return {
    title: "Scale-up domain: aggregate bandwidth",
    width,
    height,
    x: { type: "log", label: "domain aggregate bandwidth, one direction →", format: tickFormat("B/s") },
    y: { rows: ROWS.map((r) => label(r.h)), label: "" },
    dots: ROWS.filter((r) => r.aggregate !== null).map((r) => ({ x: r.aggregate as number, y: 0, row: label(r.h), color: COLORS.kv, label: `${r.h.scaleUpDomainChips.value} chips` })),
  };
}

function columns(): Column<Row>[] {
  const fact = (key: string, title: string, pick: (h: HardwareSpec) => Fact, unit: UnitId, description: string): Column<Row> => ({
    key,
    label: title,
    numeric: true,
    value: (r) => pick(r.h).value,
    cell: (r) => <Num id={`hw.${r.h.id}.${key}`} value={pick(r.h).value} unit={unit} d={given(`${title}: ${r.h.name}`, description, pick(r.h), unit)} />,
  });
  const cols: Column<Row>[] = [
    { key: "name", label: "system", value: (r) => r.h.name, cell: (r) => <span title={r.h.id}>{r.h.name}</span> },
    { key: "vendor", label: "vendor", value: (r) => r.h.vendor },
    { key: "year", label: "year", value: (r) => r.h.releaseYear, numeric: true },
    fact("bf16", "BF16 FLOP/s", (h) => h.denseFlopsPerSecond.bf16, "FLOP/s", "Dense BF16 peak per chip (FLOP = 2 per multiply-accumulate)."),
    fact("fp8", "FP8 FLOP/s", (h) => h.denseFlopsPerSecond.fp8, "FLOP/s", "Dense FP8 peak per chip."),
    fact("fp4", "FP4 FLOP/s", (h) => h.denseFlopsPerSecond.fp4, "FLOP/s", "Dense FP4 peak per chip."),
    fact("hbm", "HBM", (h) => h.hbmBytes, "B", "HBM capacity per chip."),
    fact("hbmBw", "HBM B/s", (h) => h.hbmBytesPerSecond, "B/s", "HBM bandwidth per chip."),
  ];
  for (const p of SHOWN_PRECISIONS) {
    cols.push({
      key: `fpb-${p}`,
      label: `FLOP/B ${p.toUpperCase()}`,
      numeric: true,
      value: (r) => r.fpb[p],
      cell: (r) => <Num id={`hw.${r.h.id}.flopPerByte.${p}`} value={r.fpb[p]} unit="1" d={() => explainHardwareRatios(r.h, p).flopPerByte} />,
    });
  }
  cols.push(
    { key: "drain", label: "drain", numeric: true, value: (r) => r.drain, cell: (r) => <Num id={`hw.${r.h.id}.drain`} value={r.drain} unit="s" d={() => explainHardwareRatios(r.h).hbmDrainSeconds} /> },
    fact("domain", "scale-up chips", (h) => h.scaleUpDomainChips, "chip", "Chips in one scale-up domain (NVLink, ICI…)."),
    fact("upBw", "scale-up B/s per chip", (h) => h.scaleUpBytesPerSecondPerChip, "B/s", "Scale-up bandwidth per chip, one direction."),
    { key: "aggregate", label: "domain aggregate B/s", numeric: true, value: (r) => r.aggregate, cell: (r) => <Num id={`hw.${r.h.id}.aggregate`} value={r.aggregate} unit="B/s" d={() => explainScaleUpAggregate(r.h)} /> },
    fact("tdp", "TDP", (h) => h.tdpWatts, "W", "Thermal design power per chip: the most it is rated to draw (energy per token uses it as an upper bound)."),
    fact("usd", "$/chip-h", (h) => h.usdPerChipHour, "USD/h", "Rental price per chip-hour: the newest dated public quote."),
    { key: "confidence", label: "confidence", value: (r) => r.h.confidence },
    {
      key: "sources",
      label: "sources",
      value: (r) => r.h.sources.map((s) => s.url ?? s.title).join(" "),
      cell: (r) => (
        <span class="sources">
          {r.h.sources.slice(0, 3).map((s, k) =>
            s.url && /^https?:\/\//.test(s.url) ? (
              <a key={k} href={s.url} target="_blank" rel="noopener noreferrer" title={s.title}>
                [{k + 1}]
              </a>
            ) : (
              <span key={k} title={s.title}>
                [{k + 1}]
              </span>
            ),
          )}
          {r.h.sources.length > 3 ? ` +${r.h.sources.length - 3}` : ""}
        </span>
      ),
    },
  );
  return cols;
}

const COLUMNS = columns();

function energyColumns(rows: readonly ChipEnergy[]): Column<Row>[] {
  const by = new Map(rows.map((r) => [r.h.id, r] as const));
  return [
    {
      key: "jpt",
      label: "J/token",
      numeric: true,
      value: (r) => by.get(r.h.id)?.energy?.joulesPerToken ?? null,
      cell: (r) => <Num id={`hw.${r.h.id}.joulesPerToken`} value={by.get(r.h.id)?.energy?.joulesPerToken ?? null} unit="J/token" d={by.get(r.h.id)?.energy?.derivations.joulesPerToken ?? null} />,
    },
    {
      key: "perMw",
      label: "tok/s per MW",
      numeric: true,
      value: (r) => by.get(r.h.id)?.energy?.tokensPerSecondPerMegawatt ?? null,
      cell: (r) => <Num id={`hw.${r.h.id}.tokensPerSecondPerMegawatt`} value={by.get(r.h.id)?.energy?.tokensPerSecondPerMegawatt ?? null} unit="token/s/MW" d={by.get(r.h.id)?.energy?.derivations.tokensPerSecondPerMegawatt ?? null} />,
    },
    {
      key: "jptExpected",
      label: "J/token (exp.)",
      numeric: true,
      value: (r) => by.get(r.h.id)?.expected?.joulesPerToken ?? null,
      cell: (r) => <Num id={`hw.${r.h.id}.expectedJoulesPerToken`} value={by.get(r.h.id)?.expected?.joulesPerToken ?? null} unit="J/token" d={by.get(r.h.id)?.expected?.derivations.joulesPerToken ?? null} />,
    },
    {
      key: "perMwExpected",
      label: "tok/s per MW (exp.)",
      numeric: true,
      value: (r) => by.get(r.h.id)?.expected?.tokensPerSecondPerMegawatt ?? null,
      cell: (r) => <Num id={`hw.${r.h.id}.expectedTokensPerSecondPerMegawatt`} value={by.get(r.h.id)?.expected?.tokensPerSecondPerMegawatt ?? null} unit="token/s/MW" d={by.get(r.h.id)?.expected?.derivations.tokensPerSecondPerMegawatt ?? null} />,
    },
  ];
}

export function HardwarePage({ state, set }: PageProps) {
  const bandHeight = Math.max(240, ROWS.length * 17 + 70);
  const energy = useMemo(() => attempt(() => energyByChip(state, "ideal")), [state.model, state.config, state.inputs]);
  const compareList = useMemo(() => compareEach(state, energyByChip, ENERGY_DIMS), [state.model, state.config, state.inputs, state.compare]);
  const compares = computed(compareList);
  const chips = Number(state.inputs["chips"] ?? HARDWARE_PAGE_INPUTS.get("chips").default);
  const scenario = `${formatQuantity(chips, "chip")} of every catalog system running ${scenarioText(state, HARDWARE_PAGE_INPUTS, engineDefaults(state))}; power = chips × TDP, an upper bound`;
  const columns = useMemo(() => [...COLUMNS, ...(energy.ok ? energyColumns(energy.value) : [])], [energy]);
  return (
    <div class="content">
      <div class="intro">
        <p>
          Every chip and system in the catalog ({ROWS.length}), from the project's sourced data. The lecture's two constants: FLOP per byte of memory bandwidth is about 300 at BF16 and has stayed there across
          generations, and reading all of HBM once takes about 20 ms. Unknown values are shown as unknown, never guessed. Every number opens its source or derivation.
        </p>
      </div>
      <div class="charts">
        <Chart
          id="hardware-flop-per-byte"
          title="FLOP per byte (by precision)"
          height={bandHeight}
          scenario="every catalog chip, per chip, dense peaks"
          spec={flopPerByteChart}
          legend={[...SHOWN_PRECISIONS.map((p) => ({ label: p.toUpperCase(), color: PRECISION_COLORS[p] as string })), { label: "lecture ≈ 300", color: COLORS.accent, dash: true }]}
        />
        <Chart id="hardware-drain" title="HBM drain time" height={bandHeight} scenario="every catalog chip: its memory capacity ÷ its bandwidth" spec={drainChart} legend={[{ label: "capacity ÷ bandwidth", color: COLORS.memory }, { label: "lecture ≈ 20 ms", color: COLORS.accent, dash: true }]} />
        <Chart id="hardware-scale-up" title="Scale-up domain size and aggregate bandwidth" height={bandHeight} scenario="every catalog system: chips in one scale-up domain × bandwidth per chip" spec={scaleUpChart} legend={[{ label: "domain aggregate bandwidth (label: chips in the domain)", color: COLORS.kv }]} />
      </div>
      <section class="hardware-energy" aria-labelledby="hw-energy-title">
        <h2 class="sub" id="hw-energy-title">
          Energy: tokens per second per megawatt, one model on every chip
        </h2>
        <p class="small">
          Decode throughput of the model below on each chip, divided by the chips' power at TDP — the most they are rated to draw, so the power is an upper bound and tokens/s per MW a lower bound (accelerators only: no
          host, network or cooling). Grey: the model does not fit in that many chips' memory. A chip with no known TDP has no point. Each value opens its derivation and sources in the table below.
        </p>
        <details class="hardware-energy-inputs">
          <summary>Model and workload</summary>
          <Controls state={state} set={set} table={HARDWARE_PAGE_INPUTS} />
        </details>
        <CompareBar state={state} set={set} dims={ENERGY_DIMS} />
        {energy.ok ? (
          <div class="charts">
            <Chart id="hardware-energy" title="Tokens/s per MW by chip" height={bandHeight} scenario={scenario} spec={(w, h) => energyChart(energy.value, w, h, compares)} legend={[{ label: "tokens/s per MW", color: COLORS.step }, { label: "does not fit", color: COLORS.marker }, ...compareLegend(compares)]} />
          </div>
        ) : (
          <ErrorBox message={energy.message} details={energy.details} />
        )}
        <CompareFailures list={compareList} />
      </section>
      <DataTable
        id="hardware-table"
        title="Hardware catalog"
        columns={columns}
        rows={ROWS}
        rowKey={(r) => r.h.id}
        sort={{ key: state.sort, desc: state.desc }}
        onSort={(s) => set({ sort: s.key, desc: s.desc })}
        caption="FLOP = 2 per multiply-accumulate; bandwidths are one direction; click a column to sort (kept in the URL)."
      />
    </div>
  );
}

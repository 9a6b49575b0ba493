/**
 * Cluster layout: where the model lives. The rack diagram (which experts and layers sit on which
 * chips, traffic inside vs across racks), memory per chip beside the lecture's (N + B·L·kv)/(E·P),
 * step time with communication and pipeline hops, the pipeline schedule, and a cancellable search
 * whose Pareto frontier (speed per user vs $ per million tokens) is charted. Beside each ideal number
 * (a bound) stands the expected one (the efficiency model); the search ranks by either. Every number
 * comes from core (analyzeLayout, createLayoutSearch) and opens its derivation.
 */
import {
  analyzeLayout,
  createLayoutSearch,
  formatQuantity,
  formatSignificant,
  layoutOptionsFromInputs,
  layoutSchedule,
  searchOptionsFromInputs,
  type LayoutOptions,
  type LayoutResult,
  type LayoutSearch,
  type Schedule,
  type SearchPoint,
  type SearchResult,
  LAYOUT_PAGE_ALL_INPUTS,
  LAYOUT_PAGE_INPUTS,
  SEARCH_PANEL_INPUTS,
} from "@roofline/core";
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { Chart } from "../components/Chart.tsx";
import { DataTable } from "../components/DataTable.tsx";
import { AnalysisLayout, ErrorBox, Warnings, type PageProps } from "../components/Layout.tsx";
import { compareEach, computed, tableDims } from "../compare.ts";
import { CompareFailures } from "../components/CompareBar.tsx";
import { LayoutCompare } from "./layout-compare.tsx";
import { Stat } from "../components/Num.tsx";
import { COLORS, tickFormat } from "../components/chart-style.ts";
import type { ChartSpec } from "../components/svgchart.tsx";
import { attempt, inputOptions, labelNames, rooflineOptions } from "../options.ts";
import { InputControl, type Effective } from "../components/Controls.tsx";
import type { AppState } from "../state.ts";

/** The values the engine chose for the degrees and system the user left unset (what their controls show). */
function layoutDefaults(r: LayoutResult): Effective {
  const d = r.degrees;
  return { expertParallel: d.expertParallel, tensorParallel: d.tensorParallel, pipelineParallel: d.pipelineStages, dataParallel: d.dataParallel, attentionDataParallel: d.attentionDataParallel, microBatch: d.microBatch, microBatches: d.microBatches, scaleUpDomainChips: r.system.scaleUpDomainChips };
}

/** The sidebar's layout over its model and system (the table's inputs the user set, the engine's defaults for the rest). */
function layoutOptions(state: AppState): LayoutOptions {
  const { chips: _c, batch: _b, names: _n, ...rest } = rooflineOptions(state, LAYOUT_PAGE_INPUTS);
  const o = layoutOptionsFromInputs(rest as Omit<LayoutOptions, "names">, inputOptions(state, LAYOUT_PAGE_INPUTS), labelNames(LAYOUT_PAGE_ALL_INPUTS));
  return o;
}

// ---- charts ---------------------------------------------------------------------------------------

const PRECISION_COLORS: Record<string, string> = { bf16: COLORS.weights, fp8: COLORS.compute, fp4: COLORS.kv };

export function paretoChart(r: SearchResult, current: LayoutResult | null, width: number, height: number): ChartSpec {
  const line = [...r.speedCostFrontier].sort((a, b) => a.usdPerMillionTokens - b.usdPerMillionTokens);
  const dots = r.frontier.map((p) => ({ x: p.usdPerMillionTokens, y: p.tokensPerSecondPerUser, color: PRECISION_COLORS[p.precision] ?? COLORS.step, r: 3 }));
  const cost = current ? (r.efficiency === "expected" ? current.expectedUsdPerMillionTokens : current.usdPerMillionTokens) : null;
  const speed = current ? (r.efficiency === "expected" ? current.expectedTokensPerSecondPerUser : current.tokensPerSecondPerUser) : 0;
  if (current && cost !== null) dots.push({ x: cost, y: speed, color: COLORS.step, r: 6 });
  return {
    title: `Pareto frontier: speed per user vs cost (${r.efficiency} step times)`,
    width,
    height,
    x: { type: "log", label: "$ per million tokens →", format: tickFormat("USD") },
    y: { type: "log", label: "↑ tokens/s per user", format: tickFormat("1") },
    lines: [{ points: line.map((p) => ({ x: p.usdPerMillionTokens, y: p.tokensPerSecondPerUser })), color: COLORS.marker, width: 1.5, label: "speed vs cost frontier" }],
    dots,
  };
}

export function scheduleChart(s: Schedule, width: number, height: number): ChartSpec {
  const rows = Array.from({ length: s.stages }, (_, i) => `stage ${i}`);
  return {
    title: s.kind === "inference" ? "Pipeline schedule: which stage works on which micro-batch" : `${s.kind === "gpipe" ? "GPipe" : "1F1B"} training schedule: forward and backward (B) passes per micro-batch; idle ${formatSignificant(s.idleFraction * 100, 3)}%`,
    width,
    height,
    x: { type: "linear", label: "time →", format: tickFormat("s"), zero: true },
    y: { rows, label: "stage" },
    spans: s.blocks.map((b) => ({ row: `stage ${b.stage}`, x1: b.start, x2: b.end, color: COLORS.series[b.microbatch % COLORS.series.length] as string, opacity: b.kind === "backward" ? 0.5 : b.iteration === 0 ? 0.9 : 0.6, label: `${b.kind === "backward" ? "B" : ""}${b.microbatch}` })),
  };
}

/** The racks as grids of chips, coloured by pipeline stage; hover a chip for its experts and layers. */
function RackDiagram({ r }: { r: LayoutResult }) {
  const D = r.system.scaleUpDomainChips;
  const cols = Math.min(12, D);
  const rowsPer = Math.ceil(D / cols);
  const cell = 14;
  const gap = 2;
  const rackW = cols * (cell + gap) + 8;
  const rackH = rowsPer * (cell + gap) + 26;
  const shown = r.placement.slice(0, 8);
  const perRow = 4;
  const width = Math.min(shown.length, perRow) * (rackW + 24);
  const height = Math.ceil(shown.length / perRow) * (rackH + 12);
  return (
    <figure class="rack-diagram" data-chart="layout.racks" style={{ margin: "1rem 0" }}>
      <figcaption>
        Racks (scale-up domains): each square is a chip, coloured by its pipeline stage; grey chips are idle.{" "}
        {r.placement.length > shown.length ? `First ${shown.length} of ${r.placement.length} racks shown.` : ""}
      </figcaption>
      <svg width="100%" viewBox={`0 0 ${width} ${height}`} style={{ maxWidth: `${width}px`, height: "auto" }} role="img" aria-label="Rack diagram">
        {shown.map((dom, i) => {
          const x0 = (i % perRow) * (rackW + 24);
          const y0 = Math.floor(i / perRow) * (rackH + 12);
          const first = dom.chips.find((c) => c !== null) ?? null;
          return (
            <g key={dom.domain} transform={`translate(${x0},${y0})`}>
              <rect x={0} y={0} width={rackW} height={rackH} fill="none" stroke={COLORS.marker} rx={4} />
              <text x={4} y={14} font-size="11">
                rack {dom.domain}
                {first ? `: stage ${first.stage}, layers ${first.layers[0]}–${first.layers[1]}` : ": idle"}
              </text>
              {dom.chips.map((c, k) => {
                const x = 4 + (k % cols) * (cell + gap);
                const y = 20 + Math.floor(k / cols) * (cell + gap);
                const fill = c === null ? "#e5e7eb" : (COLORS.series[(c.stage + 1) % COLORS.series.length] as string);
                const tip =
                  c === null
                    ? `chip ${k}: idle`
                    : `chip ${k}: replica ${c.replica}, stage ${c.stage} (layers ${c.layers[0]}–${c.layers[1]})${c.experts ? `, experts ${c.experts[0]}–${c.experts[1]} of each MoE layer` : ""}, tensor rank ${c.tensorRank}, attention group ${c.attentionGroup}`;
                return (
                  <rect key={k} x={x} y={y} width={cell} height={cell} fill={fill} rx={2}>
                    <title>{tip}</title>
                  </rect>
                );
              })}
              {i + 1 < shown.length && (i + 1) % perRow !== 0 && r.traffic.hopsCrossDomains ? (
                <text x={rackW + 4} y={rackH / 2} font-size="14" fill={COLORS.accent}>
                  →
                </text>
              ) : null}
            </g>
          );
        })}
      </svg>
      <p class="small">
        Expert all-to-all per chip per MoE layer: {formatQuantity(r.traffic.allToAllInsideBytesPerChipPerLayer, "B")} inside the rack (scale-up),{" "}
        {formatQuantity(r.traffic.allToAllOutsideBytesPerChipPerLayer, "B")} across racks (scale-out, {formatSignificant(r.traffic.scaleOutFraction * 100, 3)}% of destinations). Pipeline hop:{" "}
        {formatQuantity(r.traffic.hopBytesPerChip, "B")} per chip{r.traffic.hopsCrossDomains ? " across racks" : " inside the rack"}.
      </p>
    </figure>
  );
}

// ---- the page -------------------------------------------------------------------------------------

interface SearchState {
  running: boolean;
  done: number;
  total: number;
  result: SearchResult | null;
  error: string | null;
}

/** What a comparison can change here: model, chip, precisions, and the layout's degrees (expert, tensor, pipeline, replicas). */
const LAYOUT_DIMS = tableDims(LAYOUT_PAGE_INPUTS, ["ep", "tp", "pp", "dp"]);

export function LayoutPage({ state, set }: PageProps) {
  const layout = useMemo(() => attempt(() => analyzeLayout(layoutOptions(state))), [state]);
  // Comparisons: the same layout with another model, chip or precision (layout-compare.tsx).
  const compareList = useMemo(() => compareEach(state, (s) => analyzeLayout(layoutOptions(s)), LAYOUT_DIMS), [state]);
  const [search, setSearch] = useState<SearchState>({ running: false, done: 0, total: 0, result: null, error: null });
  const running = useRef<{ s: LayoutSearch; timer: number } | null>(null);

  const stop = () => {
    const cur = running.current;
    if (!cur) return;
    window.clearTimeout(cur.timer);
    cur.s.cancel();
    running.current = null;
    setSearch((old) => ({ ...old, running: false, result: cur.s.result() }));
  };
  useEffect(() => () => stop(), []);

  const start = () => {
    stop();
    const made = attempt(() => {
      // The search's system is the sidebar's, without its one layout's degrees; its own inputs are the panel's.
      const { expertParallel: _e, tensorParallel: _t, pipelineStages: _p, dataParallel: _r, attentionDataParallel: _a, microBatch: _mb, microBatches: _m, ...o } = layoutOptions(state);
      return createLayoutSearch(searchOptionsFromInputs(o, o.hardware, inputOptions(state, SEARCH_PANEL_INPUTS), labelNames(SEARCH_PANEL_INPUTS)));
    });
    if (!made.ok) {
      setSearch({ running: false, done: 0, total: 0, result: null, error: made.message });
      return;
    }
    const s = made.value;
    const tick = () => {
      // A slice queued before Cancel (or a newer search) must not touch the page: only the running search ticks.
      if (running.current?.s !== s) return;
      const finished = s.step(12);
      const { done, total } = s.progress();
      if (finished) {
        running.current = null;
        setSearch({ running: false, done, total, result: s.result(), error: null });
      } else {
        setSearch((old) => ({ ...old, running: true, done, total, error: null }));
        if (running.current) running.current.timer = window.setTimeout(tick, 0);
      }
    };
    running.current = { s, timer: window.setTimeout(tick, 0) };
    setSearch({ running: true, done: 0, total: s.progress().total, result: null, error: null });
  };

  const use = (p: SearchPoint) => {
    const d = p.degrees;
    set({ inputs: { ...state.inputs, expertParallel: d.expertParallel, tensorParallel: d.tensorParallel, pipelineParallel: d.pipelineStages, attentionDataParallel: d.attentionDataParallel, microBatch: p.microBatch, weightPrecision: p.precision } });
  };

  return (
    <AnalysisLayout
      state={state}
      set={set}
      table={LAYOUT_PAGE_INPUTS}
      effective={layout.ok ? layoutDefaults(layout.value) : {}}
      compare={LAYOUT_DIMS}
      intro={
        <>
          <p>
            Where the model lives: experts spread over a rack's chips (all-to-all traffic wants the fast scale-up network), layers chained across racks by pipelining (weights per chip shrink, KV per chip does
            not, and every decode step pays the hops), and why bigger scale-up domains mean lower latency: their aggregate memory bandwidth. Empty fields take the engine's defaults (DeepSeek on 64 of a
            rack's 72 GPUs).
          </p>
        </>
      }
    >
      <CompareFailures list={compareList} />
      {layout.ok ? <LayoutBody r={layout.value} schedule={scheduleOf(state, layout.value)} /> : <ErrorBox message={layout.message} />}
      {layout.ok ? <LayoutCompare here={layout.value} compares={computed(compareList)} /> : null}
      <h2 class="sub">Search layouts</h2>
      <div class="inline-inputs">
        {SEARCH_PANEL_INPUTS.inputs.map((d) => (
          <InputControl key={d.id} def={d} state={state} set={set} effective={{}} idPrefix="layout" />
        ))}
        <p class="small">
          {search.running ? (
            <button type="button" data-action="cancel-search" onClick={stop}>
              Cancel
            </button>
          ) : (
            <button type="button" data-action="search" onClick={start}>
              Search
            </button>
          )}{" "}
          {search.running ? (
            <progress max={search.total} value={search.done} aria-label="Search progress">
              {search.done}/{search.total}
            </progress>
          ) : null}
        </p>
      </div>
      {search.error ? <ErrorBox message={search.error} /> : null}
      {search.result ? <SearchBody r={search.result} current={layout.ok ? layout.value : null} onUse={use} /> : null}
    </AnalysisLayout>
  );
}

/** The page's pipeline diagram: the schedule input's (inference, or a training schedule of the micro-batches given), as `layout --schedule` draws it. */
function scheduleOf(state: AppState, r: LayoutResult): Schedule {
  const made = attempt(() => layoutSchedule(r, state.inputs["schedule"] as string | undefined, state.inputs["trainingMicroBatches"] as number | undefined));
  return made.ok ? made.value : r.schedule;
}

function LayoutBody({ r, schedule }: { r: LayoutResult; schedule: Schedule }) {
  const d = r.derivations;
  const dd = (name: string) => d[name] ?? null;
  return (
    <>
      <Warnings warnings={r.warnings} />
      <div class="stats">
        <Stat id="layout.tokenSeconds" label={`${r.phase === "decode" ? "Time per output token" : "Time per prefill pass"} (ideal, a bound)`} value={r.time.tokenSeconds} unit="s" d={dd("tokenSeconds")} hint={`${r.degrees.pipelineStages} stage(s) + ${r.time.hopsPerToken} hop(s)`} />
        <Stat id="layout.expectedTokenSeconds" label={`${r.phase === "decode" ? "Time per output token" : "Time per prefill pass"} (expected)`} value={r.expected.tokenSeconds} unit="s" d={dd("expectedTokenSeconds")} hint={`${formatSignificant(r.expectedOverIdeal, 3)}× the ideal cycle`} />
        <Stat id="layout.speed" label="Speed per user (ideal)" value={r.tokensPerSecondPerUser} unit="token/s" d={dd("tokensPerSecondPerSequence")} />
        <Stat id="layout.expectedSpeed" label="Speed per user (expected)" value={r.expectedTokensPerSecondPerUser} unit="token/s" d={dd("expectedTokensPerSecondPerSequence")} />
        <Stat id="layout.cost" label="Cost (ideal)" value={r.usdPerMillionTokens} unit="USD/Mtoken" d={dd("usdPerMillionTokens")} />
        <Stat id="layout.expectedCost" label="Cost (expected)" value={r.expectedUsdPerMillionTokens} unit="USD/Mtoken" d={dd("expectedUsdPerMillionTokens")} />
        <Stat id="layout.throughput" label="Throughput per replica (ideal)" value={r.tokensPerSecondPerReplica} unit="token/s" d={dd("tokensPerSecond")} />
        <Stat id="layout.expectedThroughput" label="Throughput per replica (expected)" value={r.expected.tokensPerSecondPerReplica} unit="token/s" d={dd("expectedTokensPerSecond")} />
        <Stat id="layout.chips" label="Chips per replica" value={r.chips.perReplica} unit="chip" d={dd("chipsPerReplica")} hint={`${r.chips.idleInSystem} idle in ${r.system.domains} rack(s)`} />
        <Stat id="layout.expertsPerChip" label="Experts per chip" value={d["expertsPerChip"]?.value ?? null} unit="expert" d={dd("expertsPerChip")} />
        <Stat id="layout.memory" label="Memory per chip" value={r.memory.totalBytesPerChip} unit="B" d={dd("memoryBytesPerChip")} hint={`of ${formatQuantity(r.memory.capacityBytesPerChip, "B")}${r.memory.fits ? "" : ": does not fit"}`} />
        <Stat id="layout.weights" label="Weights per chip" value={r.memory.weightBytesPerChip} unit="B" d={dd("weightBytesPerChip")} />
        <Stat id="layout.kv" label="KV cache per chip" value={r.memory.kvBytesPerChip} unit="B" d={dd("kvBytesPerChip")} />
        <Stat id="layout.lectureWeights" label="Lecture: N/(E·P)" value={r.lectureMemory.weightBytesPerChip} unit="B" d={dd("weightBytesPerChipLecture")} hint="shrinks with P" />
        <Stat id="layout.lectureKv" label="Lecture: P·b·L·kv/(E·P)" value={r.lectureMemory.kvBytesPerChip} unit="B" d={dd("kvBytesPerChipLecture")} hint="the P's cancel" />
        <Stat id="layout.stage" label="Stage time" value={r.time.stageSeconds} unit="s" d={dd("stageSeconds")} hint={r.communication.ideal.overlap === "full" ? `max(${r.time.bound}-bound roofline, communication)` : `${r.time.bound}-bound roofline + communication`} />
        <Stat id="layout.a2a" label="Expert all-to-all per stage" value={r.time.stageAllToAllSeconds} unit="s" d={dd("stageAllToAllSeconds")} />
        <Stat id="layout.hop" label="Pipeline hop" value={r.time.hopSeconds} unit="s" d={dd("pipelineHopSeconds")} />
        <Stat
          id="layout.boundary"
          label="Rack boundary: scale-up ÷ scale-out"
          value={r.pipelineBoundary?.ratio ?? null}
          unit="1"
          d={dd("pipelineBoundaryRatio")}
          hint={r.pipelineBoundary ? (r.pipelineBoundary.ok ? "≥ 1: not the bottleneck" : "< 1: the boundary is the bottleneck") : undefined}
        />
        <Stat id="layout.aggregate" label="Weight-read bandwidth of a rack" value={r.aggregateHbmBytesPerSecond} unit="B/s" d={dd("aggregateHbmBytesPerSecond")} />
        <Stat id="layout.floor" label="Latency floor of a rack" value={r.domainLatencyFloorSeconds} unit="s" d={dd("domainLatencyFloorSeconds")} hint="all weights read once" />
      </div>
      <ExpectedNote r={r} />
      <RackDiagram r={r} />
      <Chart id="layout.schedule" title="Pipeline schedule" height={Math.max(140, 60 + 28 * schedule.stages)} spec={(w, h) => scheduleChart(schedule, w, h)} />
    </>
  );
}

/** What the expected stage is made of, and what each path assumes of the communication. */
function ExpectedNote({ r }: { r: LayoutResult }) {
  const b = r.expected.breakdown;
  const ci = r.communication.ideal;
  const ce = r.communication.expected;
  return (
    <div class="small" data-expected-note>
      <p>
        <strong>Ideal and expected.</strong> The ideal is a bound: full efficiency, the mean chip, experts' tokens sent at {formatSignificant(ci.dispatchBytes, 3)} B (dispatch) + {formatSignificant(ci.combineBytes, 3)} B
        (combine) per value, once per rack{r.derivations["domainsReachedPerToken"] ? `, to at most ${formatSignificant(ci.nodeLimit, 4)} racks` : ""}, at the full link rate, {ci.overlap === "full" ? "communication fully hidden behind compute" : "communication added to compute"}. The expected stage takes the
        efficiency model's terms: dense matmuls {formatQuantity(b.denseSeconds, "s")} + routed experts on the busiest chip {formatQuantity(b.expertSeconds, "s")} + attention{" "}
        {formatQuantity(b.attentionSeconds, "s")}, communication {formatQuantity(b.commSeconds, "s")} ({formatSignificant(ce.dispatchBytes, 3)} B dispatch, {formatSignificant(ce.combineBytes, 3)} B combine,{" "}
        {r.derivations["domainsReachedPerToken"] ? `at most ${formatSignificant(ce.nodeLimit, 4)} racks per token, ` : ""}{formatSignificant(ce.linkEfficiency * 100, 3)}% of the link rate, {formatQuantity(ce.collectiveLatencySeconds, "s")} per collective;{" "}
        {ce.overlapChunks > 1 ? `overlapped in ${ce.overlapChunks} micro-batches, the last chunk exposed` : "not overlapped"}) → {formatQuantity(b.busySeconds, "s")}, plus {formatQuantity(b.fixedSeconds, "s")} of
        kernel launches: {formatQuantity(r.expected.stageSeconds, "s")} per stage. How accurate: {r.expected.accuracy}.
      </p>
    </div>
  );
}

function SearchBody({ r, current, onUse }: { r: SearchResult; current: LayoutResult | null; onUse: (p: SearchPoint) => void }) {
  return (
    <>
      <Warnings warnings={r.warnings} />
      <p class="small" data-search-stats>
        {formatSignificant(r.stats.layouts, 6)} layouts × {r.stats.precisions} precisions × {r.stats.batches} micro-batches; {formatSignificant(r.stats.evaluated, 9)} evaluated in{" "}
        {formatQuantity(r.stats.seconds, "s")}
        {r.stats.stopped ? " (cancelled: the frontier of what was searched)" : ""}; {r.frontier.length} points on the frontier of speed, cost and chips, ranked by{" "}
        <span data-search-efficiency>{r.efficiency}</span> step times{r.efficiency === "expected" ? " (the efficiency model)" : " (the ideal bound)"}.
      </p>
      <Chart
        id="layout.pareto"
        title="Pareto frontier"
        spec={(w, h) => paretoChart(r, current, w, h)}
        legend={[
          { label: "BF16 weights", color: PRECISION_COLORS["bf16"] as string },
          { label: "FP8 weights", color: PRECISION_COLORS["fp8"] as string },
          { label: "FP4 weights", color: PRECISION_COLORS["fp4"] as string },
          { label: "this layout", color: COLORS.step },
        ]}
      />
      <DataTable
        id="layout.frontier"
        title="Frontier"
        rows={r.frontier}
        rowKey={(p) => `${p.chips}-${p.precision}-${p.degrees.expertParallel}-${p.degrees.tensorParallel}-${p.degrees.pipelineStages}-${p.degrees.attentionDataParallel}-${p.microBatch}`}
        columns={[
          { key: "chips", label: "chips", value: (p) => p.chips, numeric: true },
          { key: "precision", label: "weights", value: (p) => p.precision },
          { key: "layout", label: "layout", value: (p) => `E${p.degrees.expertParallel} T${p.degrees.tensorParallel} P${p.degrees.pipelineStages} A${p.degrees.attentionDataParallel}` },
          { key: "microBatch", label: "micro-batch", value: (p) => p.microBatch, numeric: true },
          { key: "tokenSeconds", label: "time/token", value: (p) => p.tokenSeconds, cell: (p) => formatQuantity(p.tokenSeconds, "s"), numeric: true },
          { key: "speed", label: "tok/s/user", value: (p) => p.tokensPerSecondPerUser, cell: (p) => formatSignificant(p.tokensPerSecondPerUser, 4), numeric: true },
          { key: "cost", label: "$/Mtok", value: (p) => p.usdPerMillionTokens, cell: (p) => formatQuantity(p.usdPerMillionTokens, "USD/Mtoken"), numeric: true },
          { key: "memory", label: "mem/chip", value: (p) => p.memoryBytesPerChip, cell: (p) => formatQuantity(p.memoryBytesPerChip, "B"), numeric: true },
          {
            key: "use",
            label: "",
            value: () => null,
            cell: (p) => (
              <button type="button" onClick={() => onUse(p)}>
                show
              </button>
            ),
          },
        ]}
      />
    </>
  );
}

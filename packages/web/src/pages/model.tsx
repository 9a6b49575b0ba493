/** Model inspector: a catalog model or a pasted config.json, its parameters by part, KV and FLOPs per token. */
import { formatQuantity, formatSignificant, modelOrigin, prepareRoofline, stepFromSetup, type ModelSpec, type Quantity, type StepResult, type UnitId, MODEL_PAGE_INPUTS } from "@roofline/core";
import { useMemo } from "preact/hooks";
import { Chart } from "../components/Chart.tsx";
import { COLORS, tickFormat } from "../components/chart-style.ts";
import { DataTable } from "../components/DataTable.tsx";
import type { Explainable, GivenValue } from "../components/explain.ts";
import { AnalysisLayout, ErrorBox, Warnings, type PageProps } from "../components/Layout.tsx";
import { Num, Stat } from "../components/Num.tsx";
import type { ChartSpec } from "../components/svgchart.tsx";
import { attempt, resolveModel, rooflineOptions } from "../options.ts";
import { compareEach, computed, type CompareDim, type Comparison } from "../compare.ts";
import { compareLegend, overlaid, overlay } from "../components/compare-chart.ts";
import { CompareFailures } from "../components/CompareBar.tsx";

/** Another model's parameters by part, as points on the parts the two models share. */
const MODEL_DIMS: readonly CompareDim[] = ["model"];
type CompareModel = Comparison & { value: ModelSpec };

function counted(m: ModelSpec, title: string, field: string, value: number, unit: UnitId, note?: string): GivenValue {
  return { kind: "given", title, description: `${title} of ${m.name}.`, value, unit, display: formatQuantity(value, unit, 4), origin: modelOrigin(m, field, note) };
}

export function partsChart(m: ModelSpec, width: number, height: number): ChartSpec {
  const parts = (m.parameters?.parts ?? []).filter((p) => p.total > 0);
  // The parts span decades (norms ≈ 10⁶, routed experts ≈ 10¹¹): a logarithmic axis shows the small ones.
  const smallest = Math.min(...parts.map((p) => p.active > 0 ? Math.min(p.active, p.total) : p.total));
  const largest = Math.max(...parts.map((p) => p.total));
  const lo = 10 ** (Math.floor(Math.log10(smallest)) - 1);
  const hi = 10 ** Math.ceil(Math.log10(largest));
  return {
    title: "Parameters by part",
    width,
    height,
    x: { type: "log", label: "parameters (log scale) →", format: tickFormat("param"), domain: [lo, hi] },
    y: { rows: parts.map((p) => p.label), label: "" },
    spans: parts.flatMap((p) => [
      { x1: lo, x2: p.total, row: p.label, color: COLORS.weights, opacity: 0.3 },
      ...(p.active > 0 ? [{ x1: lo, x2: p.active, row: p.label, color: COLORS.weights, opacity: 0.9 }] : []),
    ]),
    margin: { left: 170 },
  };
}

export function ModelPage({ state, set }: PageProps) {
  const result = useMemo(
    () =>
      attempt(() => {
        const model = resolveModel(state);
        const step = attempt(() => {
          const setup = prepareRoofline(rooflineOptions(state, MODEL_PAGE_INPUTS));
          return { ...stepFromSetup(setup), params: setup.params };
        });
        return { model, step };
      }),
    [state.model, state.config, state.hardware, state.inputs],
  );
  const compareList = useMemo(() => compareEach(state, (s) => resolveModel(s), MODEL_DIMS), [state.model, state.config, state.compare]);
  return (
    <AnalysisLayout
      state={state}
      set={set}
      table={MODEL_PAGE_INPUTS}
      compare={MODEL_DIMS}
      configOpen
      intro={
        <p>
          Pick a catalog model or paste a Hugging Face <code>config.json</code> (under the model picker). Parameters are counted from the architecture, part by part, through the same parser the CLI uses; KV bytes and
          FLOPs per token follow from the precisions and the context.
        </p>
      }
    >
      <CompareFailures list={compareList} />
      {result.ok ? <ModelBody model={result.value.model} step={result.value.step} compares={computed(compareList)} /> : <ErrorBox message={result.message} details={result.details} />}
    </AnalysisLayout>
  );
}

type StepWithParams = StepResult & { params: Record<string, Quantity> };

function ModelBody({ model: m, step, compares }: { model: ModelSpec; step: { ok: true; value: StepWithParams } | { ok: false; message: string }; compares: readonly CompareModel[] }) {
  const a = m.architecture;
  const parts = m.parameters?.parts ?? [];
  const sd = step.ok ? step.value.derivations : {};
  const napkin = m.provenance.kind === "napkin";
  // A napkin model gives KV bytes per token directly: a given value, not a derived one.
  const napkinKv = step.ok ? step.value.params["kvBytesPerToken"] : undefined;
  const kvPerToken: Explainable | null = sd["kvBytesPerToken"] ?? (napkinKv ? { kind: "given", title: "KV bytes per token", description: `KV bytes per token of ${m.name}, as given.`, value: napkinKv.value, unit: "B/token", display: formatQuantity(napkinKv.value, "B/token", 4), origin: napkinKv.origin } : null);
  const reportedNote = m.reported ? `counted; the authors report ${formatQuantity(m.reported.totalParams, "param")} total, ${formatQuantity(m.reported.activeParams, "param")} active` : undefined;
  return (
    <>
      <h2 class="sub">
        {m.name} <span class="muted small">({m.provenance.readFrom})</span>
      </h2>
      <div class="stats">
        <Stat id="model.totalParams" label="Total parameters" value={m.totalParams} unit="param" digits={4} d={counted(m, "Total parameters", "total parameters", m.totalParams, "param", reportedNote)} />
        <Stat id="model.activeParams" label="Active parameters per token" value={m.activeParams} unit="param" digits={4} d={counted(m, "Active parameters", "active parameters", m.activeParams, "param", reportedNote)} />
        {m.reported ? <Stat id="model.reportedTotal" label="Reported by the authors: total / active" value={m.reported.totalParams} unit="param" text={`${formatQuantity(m.reported.totalParams, "param", 4)} / ${formatQuantity(m.reported.activeParams, "param", 4)}`} d={counted(m, "Reported total parameters", "reported total parameters", m.reported.totalParams, "param")} /> : null}
        {step.ok ? (
          <>
            <Stat id="model.kvBytesPerToken" label={napkin ? "KV bytes per token (as given)" : `KV bytes per token (${step.value.precisions.kv})`} value={sd["kvBytesPerToken"]?.value ?? napkinKv?.value ?? null} unit="B/token" digits={4} d={kvPerToken} />
            <Stat id="model.kvBytesHeldPerSequence" label={`KV bytes per sequence at ${formatSignificant(step.value.contextTokens + step.value.passTokens, 6)} tokens`} value={sd["kvBytesHeldPerSequence"]?.value ?? null} unit="B" d={sd["kvBytesHeldPerSequence"] ?? null} />
            <Stat id="model.flopPerToken" label="FLOPs per token (weights + attention)" value={step.value.flopPerToken} unit="FLOP/token" digits={4} d={sd["flopPerToken"] ?? null} />
            <Stat id="model.weightFlopPerToken" label="FLOPs per token in the weights" value={sd["weightFlopPerToken"]?.value ?? null} unit="FLOP/token" digits={4} d={sd["weightFlopPerToken"] ?? null} />
            {sd["attentionFlopPerToken"] ? <Stat id="model.attentionFlopPerToken" label="FLOPs per token in attention" value={sd["attentionFlopPerToken"].value} unit="FLOP/token" digits={4} d={sd["attentionFlopPerToken"]} /> : null}
            <Stat id="model.weightBytesResident" label={napkin ? "Weight bytes (bytes per parameter as given)" : `Weight bytes (${step.value.precisions.weights})`} value={step.value.memory.weightBytes} unit="B" d={sd["weightBytesResident"] ?? null} />
            <Stat id="model.maxBatch" label={`Largest batch that fits on ${step.value.chips} × ${step.value.hardware.name}`} value={step.value.memory.maxBatch} unit="sequence" digits={6} d={sd["maxBatch"] ?? null} />
          </>
        ) : null}
      </div>
      {step.ok ? <Warnings warnings={step.value.warnings} /> : <ErrorBox message={step.message} />}
      {parts.length > 0 ? (
        <div class="charts">
          <Chart id="model-parts" title="Parameters by part (light: stored, dark: active per token)" height={Math.max(200, parts.length * 26 + 70)} spec={(w, h) => overlay(partsChart(m, w, h), overlaid(compares, (v) => ((v.parameters?.parts ?? []).some((p) => p.total > 0) ? partsChart(v, w, h) : null)))} legend={[{ label: "stored (all experts)", color: "#1d4ed84d" }, { label: "active per token", color: COLORS.weights }, ...compareLegend(compares).map((l) => ({ ...l, label: `${l.label} (stored and active, on the parts both have)` }))]} />
        </div>
      ) : (
        <p class="muted">A napkin model gives totals only: no breakdown by part.</p>
      )}
      {parts.length > 0 ? (
        <DataTable
          id="model-parts-table"
          title="Parameters by part"
          rows={parts}
          rowKey={(p) => p.id}
          columns={[
            { key: "part", label: "part", value: (p) => p.label },
            { key: "total", label: "stored", numeric: true, value: (p) => p.total, cell: (p) => <Num id={`model.part.${p.id}.total`} value={p.total} unit="param" digits={4} d={counted(m, `${p.label}: parameters stored`, `parameters.${p.id}.total`, p.total, "param", "counted from the architecture")} /> },
            { key: "active", label: "active per token", numeric: true, value: (p) => p.active, cell: (p) => <Num id={`model.part.${p.id}.active`} value={p.active} unit="param" digits={4} d={counted(m, `${p.label}: parameters active per token`, `parameters.${p.id}.active`, p.active, "param", "counted from the architecture")} /> },
          ]}
        />
      ) : null}
      {a ? (
        <DataTable
          id="model-architecture"
          title="Architecture (as read)"
          sortable={false}
          rows={[
            ["layers", a.numLayers],
            ["hidden size", a.hiddenSize],
            ["attention heads", a.numHeads],
            ["KV heads", a.numKvHeads],
            ["vocabulary", a.vocabSize],
            ["routed experts", a.moe ? m.moe?.routedExperts ?? null : null],
            ["experts per token", m.moe?.expertsPerToken ?? null],
            ["attention window", m.attention.windowTokens],
            ["sparse attention top-k", m.attention.sparseTopK],
            ["max context", a.maxContextTokens],
          ].filter((r): r is [string, number] => r[1] !== null)}
          rowKey={(r) => r[0]}
          columns={[
            { key: "field", label: "field", value: (r) => r[0] },
            { key: "value", label: "value", numeric: true, value: (r) => r[1], cell: (r) => <Num id={`model.arch.${r[0].replace(/\W+/g, "-")}`} value={r[1]} unit="1" text={formatSignificant(r[1], 8)} d={counted(m, r[0], r[0], r[1], "1")} /> },
          ]}
          caption={[a.mla ? "Multi-head latent attention (MLA). " : "", ...a.readNotes].join(" ")}
        />
      ) : null}
    </>
  );
}

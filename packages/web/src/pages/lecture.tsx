/**
 * The lecture's arguments that need more than one formula: scale-up domains (8 → 72 → 500+ chips),
 * the memory wall, and pipeline stages unbalanced by interleaved sliding-window and global layers.
 * Every number opens its derivation; the same numbers as `roofline lecture …`.
 */
import {
  analyzeMemoryWall,
  analyzePipelineImbalance,
  analyzeScaleUp,
  getHardware,
  getModel,
  HARDWARE,
  isRooflineError,
  MEMORY_WALL_INPUTS,
  MODELS,
  parseInput,
  PIPELINE_IMBALANCE_INPUTS,
  SCALE_UP_INPUTS,
  userGiven,
  type InputDef,
  type InputTable,
  type Precision,
  type ScaleUpResult,
} from "@roofline/core";
import type { ComponentChildren } from "preact";
import { useMemo } from "preact/hooks";
import { DataTable } from "../components/DataTable.tsx";
import { Warnings, type PageProps } from "../components/Layout.tsx";
import { Num, Stat } from "../components/Num.tsx";
import type { AppState, InputValue } from "../state.ts";
import { attempt, webMessage } from "../options.ts";
import { InputControl, type Effective } from "../components/Controls.tsx";
import { WallCompare } from "./lecture-compare.tsx";

/** A labelled choice among a few values. */
function Pick(p: { id: string; label: string; value: string; options: readonly string[]; onChange: (v: string) => void; text?: (v: string) => ComponentChildren }) {
  return (
    <label>
      {p.label}{" "}
      <select id={p.id} style={{ maxWidth: "22em" }} value={p.value} onChange={(e) => p.onChange((e.target as HTMLSelectElement).value)}>
        {p.options.map((o) => (
          <option key={o} value={o}>
            {p.text ? p.text(o) : o}
          </option>
        ))}
      </select>
    </label>
  );
}

/**
 * Each argument's inputs are its command's table (`roofline lecture scale-up | memory-wall | pipeline`).
 * The three run on different models and chips, so their values are the page's own, kept in the URL as
 * x.<section prefix><table URL key>: x.lat, x.weights (scale-up); x.wmodel, x.whw, x.wctx… (memory wall);
 * x.pmodel, x.phw, x.ppp… (pipeline; its first key x.pp is still read).
 */
interface Section {
  table: InputTable;
  prefix: string;
  /** Former keys of an input, read when its key is absent. */
  aliases?: Readonly<Record<string, string>>;
}
const SCALE: Section = { table: SCALE_UP_INPUTS, prefix: "" };
const WALL: Section = { table: MEMORY_WALL_INPUTS, prefix: "w" };
const PIPE: Section = { table: PIPELINE_IMBALANCE_INPUTS, prefix: "p", aliases: { pipelineParallel: "pp" } };

const keyOf = (sec: Section, d: InputDef) => `${sec.prefix}${d.url}`;

/** The values the user set in a section, by id (numbers as Quantities named by their label), and the ones that did not parse. */
function sectionValues(state: AppState, sec: Section): { given: Record<string, unknown>; shown: Record<string, InputValue>; problems: string[] } {
  const given: Record<string, unknown> = {};
  const shown: Record<string, InputValue> = {};
  const problems: string[] = [];
  for (const d of sec.table.inputs) {
    const alias = sec.aliases?.[d.id];
    const text = state.local[keyOf(sec, d)] ?? (alias ? state.local[alias] : undefined);
    if (text === undefined) continue;
    try {
      const v = parseInput(d, text, d.label);
      shown[d.id] = v;
      given[d.id] = typeof v === "number" ? userGiven(v, d.label) : v;
    } catch (e) {
      problems.push(isRooflineError(e) ? webMessage(e.details) : String(e));
    }
  }
  return { given, shown, problems };
}

/** A section's controls, one per input of its table (ids lecture-<prefix>-<flag>). */
function SectionInputs({ state, set, sec, shown, effective = {} }: { state: AppState; set: (p: Partial<AppState>) => void; sec: Section; shown: Record<string, InputValue>; effective?: Effective }) {
  const write = (id: string, v: InputValue | null) => {
    const d = sec.table.get(id);
    const local = { ...state.local };
    const alias = sec.aliases?.[id];
    if (alias) delete local[alias];
    if (v === null || v === d.default) delete local[keyOf(sec, d)];
    else local[keyOf(sec, d)] = String(v);
    set({ local });
  };
  // The section's values stand in for the app's inputs: the generated controls read and write them.
  const scoped: AppState = { ...state, inputs: shown };
  const scopedSet = (p: Partial<AppState>) => {
    const next = p.inputs ?? {};
    for (const d of sec.table.inputs) if (d.kind !== "catalog" && (next[d.id] ?? null) !== (shown[d.id] ?? null)) write(d.id, next[d.id] ?? null);
  };
  const idPrefix = `lecture-${sec.prefix || "s"}`;
  return (
    <div class="inline-inputs">
      {sec.table.inputs.map((d) => {
        if (d.kind === "catalog") {
          const list = d.catalog === "model" ? MODELS.map((m) => ({ id: m.id, name: m.name })) : HARDWARE.map((h) => ({ id: h.id, name: h.name }));
          const value = String(shown[d.id] ?? d.default ?? "");
          return <Pick key={d.id} id={`${idPrefix}-${d.flag}`} label={d.label} value={value} options={list.map((x) => x.id)} onChange={(v) => write(d.id, v)} text={(v) => <>{list.find((x) => x.id === v)?.name ?? v}</>} />;
        }
        return <InputControl key={d.id} def={d} state={scoped} set={scopedSet} effective={effective} idPrefix={idPrefix} />;
      })}
    </div>
  );
}

type Row = ScaleUpResult["rows"][number];

export function LecturePage({ state, set }: PageProps) {
  const scaleIn = sectionValues(state, SCALE);
  const wallIn = sectionValues(state, WALL);
  const pipeIn = sectionValues(state, PIPE);
  const pick = (g: Record<string, unknown>, t: InputTable, id: string) => String(g[id] ?? t.get(id).default);
  const scale = useMemo(() => attempt(() => analyzeScaleUp({ ...scaleIn.given, weightPrecision: pick(scaleIn.given, SCALE_UP_INPUTS, "weightPrecision") as Precision } as Parameters<typeof analyzeScaleUp>[0])), [state.local]);
  const wall = useMemo(() => {
    const { model, hardware, ...rest } = wallIn.given;
    return attempt(() => analyzeMemoryWall({ ...rest, model: getModel(pick(wallIn.given, MEMORY_WALL_INPUTS, "model"), "model"), hardware: getHardware(pick(wallIn.given, MEMORY_WALL_INPUTS, "hardware"), "hw") } as Parameters<typeof analyzeMemoryWall>[0]));
  }, [state.local]);
  const pipe = useMemo(() => {
    const { model, hardware, pipelineParallel, ...rest } = pipeIn.given;
    return attempt(() => analyzePipelineImbalance({ ...rest, ...(pipelineParallel !== undefined ? { pipelineStages: pipelineParallel } : {}), model: getModel(pick(pipeIn.given, PIPELINE_IMBALANCE_INPUTS, "model"), "model"), hardware: getHardware(pick(pipeIn.given, PIPELINE_IMBALANCE_INPUTS, "hardware"), "hw") } as Parameters<typeof analyzePipelineImbalance>[0]));
  }, [state.local]);
  const problems = [...scaleIn.problems, ...wallIn.problems, ...pipeIn.problems];
  // An unset weight precision is the section's model's released one (what its control shows).
  const modelPrecision = (g: Record<string, unknown>, t: InputTable) => MODELS.find((m) => m.id === pick(g, t, "model"))?.defaultWeightPrecision ?? null;

  return (
    <div class="content lecture">
      {problems.length ? (
        <div class="error-box" role="alert" data-url-problems>
          {problems.join(" ")}
        </div>
      ) : null}
      <div class="intro">
        <p>
          Three of the lecture's arguments, derived: why bigger scale-up domains made trillion-parameter models servable, why a rack has far more HBM than the weights need, and why interleaved sliding-window and global layers
          unbalance pipeline stages. Click any number for its derivation. The same tables: <code>roofline lecture scale-up | memory-wall | pipeline</code>.
        </p>
      </div>

      <section aria-labelledby="scale-up-h">
        <h2 class="sub" id="scale-up-h">Scale-up domains: 8 → 72 → 500+ chips</h2>
        <p class="small">
          At the optimal batch every expert is touched, so a decode step reads all the weights; the chips of one scale-up domain read in parallel. The largest model served at a per-token latency t is the domain's aggregate HBM
          bandwidth × t ÷ bytes per weight.{" "}
        </p>
        <SectionInputs state={state} set={set} sec={SCALE} shown={scaleIn.shown} />
        {scale.ok ? (
          <DataTable<Row>
            id="lecture-scale-up"
            title="Scale-up domains"
            rows={scale.value.rows}
            rowKey={(r) => r.hardware.id}
            columns={[
              { key: "hw", label: "domain", value: (r) => r.hardware.id, cell: (r) => <code>{r.hardware.id}</code> },
              { key: "chips", label: "chips", numeric: true, value: (r) => r.domainChips },
              { key: "bw", label: "aggregate HBM bandwidth", numeric: true, value: (r) => r.aggregateBytesPerSecond, cell: (r) => <Num id={`lecture.${r.hardware.id}.bw`} value={r.aggregateBytesPerSecond} unit="B/s" d={r.derivations.aggregateBytesPerSecond ?? null} /> },
              { key: "hbm", label: "HBM", numeric: true, value: (r) => r.aggregateHbmBytes, cell: (r) => <Num id={`lecture.${r.hardware.id}.hbm`} value={r.aggregateHbmBytes} unit="B" d={r.derivations.aggregateHbmBytes ?? null} /> },
              { key: "lat", label: "largest model at this latency", numeric: true, value: (r) => r.maxParamsAtLatency, cell: (r) => <Num id={`lecture.${r.hardware.id}.maxParams`} value={r.maxParamsAtLatency} unit="param" d={r.derivations.maxParamsAtLatency ?? null} /> },
              { key: "cap", label: "largest that fits", numeric: true, value: (r) => r.maxParamsInCapacity, cell: (r) => <Num id={`lecture.${r.hardware.id}.fits`} value={r.maxParamsInCapacity} unit="param" d={r.derivations.maxParamsInCapacity ?? null} /> },
              { key: "limit", label: "binds", value: (r) => r.limit },
            ]}
          />
        ) : (
          <p class="error">{scale.message}</p>
        )}
        {scale.ok ? (
          <p class="small">
            Scale-up ÷ scale-out bandwidth per chip (the lecture: ~8×):{" "}
            {scale.value.scaleOut.map((s, i) => (
              <span key={s.hardwareId}>
                {i ? ", " : ""}
                {s.hardwareId} <Num id={`lecture.${s.hardwareId}.scaleOut`} value={s.ratio} unit="1" d={s.derivation} />×
              </span>
            ))}
            . An unknown bandwidth (Rubin Ultra NVL576) stays unknown.
          </p>
        ) : null}
        {scale.ok ? (
          <p class="small" data-expected-note="scale-up">
            {scale.value.expectedNote}
          </p>
        ) : null}
      </section>

      <section aria-labelledby="wall-h">
        <h2 class="sub" id="wall-h">The memory wall</h2>
        <SectionInputs state={state} set={set} sec={WALL} shown={wallIn.shown} effective={wall.ok ? { chips: wall.value.chips, weightPrecision: modelPrecision(wallIn.given, MEMORY_WALL_INPUTS) } : {}} />
        {wall.ok ? (
          <>
            <p class="small">
              {wall.value.model.name} on {wall.value.chips} × {wall.value.hardware.name}: the weights take a small part of the HBM; the rest holds KV caches — batch and context (
              {wall.value.contextTokens.toLocaleString("en-US")} tokens per sequence). Pipelining P racks divides the weights per chip by P but not the KV of the sequences in flight: a chip with less HBM can serve the model down to
              the KV floor.{" "}
              {wall.value.microBatchIs === "fits" ? "No batch balances compute and memory at this context: each rack holds the most sequences that fit." : `Each rack keeps one optimal batch in flight.`}
            </p>
            <Warnings warnings={wall.value.warnings} />
            <div class="stats">
              <Stat id="lecture.wall.rack" label="HBM in the rack" value={wall.value.rackHbmBytes} unit="B" d={wall.value.derivations["rackHbmBytes"] ?? null} />
              <Stat id="lecture.wall.weights" label="Weights" value={wall.value.weightBytes} unit="B" d={wall.value.derivations["weightBytes"] ?? null} />
              <Stat id="lecture.wall.left" label="Left for KV" value={wall.value.bytesLeft} unit="B" d={wall.value.derivations["bytesLeft"] ?? null} />
              <Stat id="lecture.wall.fit" label="Sequences that fit" value={wall.value.sequencesThatFit} unit="sequence" d={wall.value.derivations["sequencesThatFit"] ?? null} />
              <Stat id="lecture.wall.optimal" label="Optimal batch" value={wall.value.optimalBatch} unit="sequence" d={wall.value.derivations["optimalBatch"] ?? null} />
            </div>
            <DataTable
              id="lecture-memory-wall"
              title="HBM per chip with P racks pipelined"
              rows={wall.value.stages}
              rowKey={(s) => String(s.pipelineStages)}
              columns={[
                { key: "p", label: "racks pipelined (P)", numeric: true, value: (s) => s.pipelineStages },
                { key: "flight", label: "sequences in flight", numeric: true, value: (s) => s.sequencesInFlight },
                { key: "w", label: "weights/chip", numeric: true, value: (s) => s.weightBytesPerChip, cell: (s) => <Num id={`lecture.wall.P${s.pipelineStages}.weights`} value={s.weightBytesPerChip} unit="B" d={s.weightDerivation} /> },
                { key: "kv", label: "KV/chip", numeric: true, value: (s) => s.kvBytesPerChip, cell: (s) => <Num id={`lecture.wall.P${s.pipelineStages}.kv`} value={s.kvBytesPerChip} unit="B" d={s.kvDerivation} /> },
                { key: "m", label: "HBM needed/chip", numeric: true, value: (s) => s.memoryBytesPerChip, cell: (s) => <Num id={`lecture.wall.P${s.pipelineStages}`} value={s.memoryBytesPerChip} unit="B" d={s.derivation} /> },
              ]}
            />
          </>
        ) : (
          <p class="error">{wall.message}</p>
        )}
        {wall.ok ? (
          <p class="small" data-expected-note="memory-wall">
            {wall.value.expectedNote}
          </p>
        ) : null}
        <WallCompare state={state} set={set} here={wall.ok ? wall.value : null} model={pick(wallIn.given, MEMORY_WALL_INPUTS, "model")} hardware={pick(wallIn.given, MEMORY_WALL_INPUTS, "hardware")} contextTokens={wall.ok ? wall.value.contextTokens : Number(MEMORY_WALL_INPUTS.get("contextTokens").default)} />
      </section>

      <section aria-labelledby="pipe-h">
        <h2 class="sub" id="pipe-h">Pipeline stages with sliding-window and global layers</h2>
        <p class="small">
          Contiguous stages get unequal numbers of global layers when sliding-window and global layers interleave; at long context a stage's KV reads follow its global layers, and the pipeline runs at the slowest stage's pace.
        </p>
        <SectionInputs state={state} set={set} sec={PIPE} shown={pipeIn.shown} effective={{ weightPrecision: modelPrecision(pipeIn.given, PIPELINE_IMBALANCE_INPUTS) }} />
        {pipe.ok ? (
          <>
            <div class="stats">
              <Stat id="lecture.pipe.imbalance" label="Slowest ÷ mean stage" value={pipe.value.imbalance} unit="1" d={pipe.value.derivations["imbalance"] ?? null} />
            </div>
            <DataTable
              id="lecture-pipeline"
              title="Stages"
              rows={pipe.value.stages}
              rowKey={(s) => String(s.stage)}
              columns={[
                { key: "s", label: "stage", numeric: true, value: (s) => s.stage },
                { key: "layers", label: "layers", value: (s) => `${s.firstLayer}–${s.lastLayer}` },
                { key: "g", label: "global", numeric: true, value: (s) => s.globalLayers },
                { key: "w", label: "sliding", numeric: true, value: (s) => s.windowLayers },
                { key: "kv", label: "KV read", numeric: true, value: (s) => s.kvBytes, cell: (s) => <Num id={`lecture.pipe.${s.stage}.kv`} value={s.kvBytes} unit="B" d={s.kvDerivation} /> },
                { key: "t", label: "step", numeric: true, value: (s) => s.seconds, cell: (s) => <Num id={`lecture.pipe.${s.stage}`} value={s.seconds} unit="s" d={s.derivation} /> },
              ]}
            />
            <p class="small" data-expected-note="pipeline">
              {pipe.value.expectedNote}
            </p>
          </>
        ) : (
          <p class="error" role="alert">
            {pipe.message}
          </p>
        )}
      </section>
    </div>
  );
}

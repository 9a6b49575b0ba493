/**
 * The lecture's arguments that need more than one formula: scale-up domains (8 → 72 → 500+ chips),
 * the memory wall, and pipeline stages unbalanced by interleaved sliding-window and global layers.
 * Every number opens its derivation; the same numbers as `roofline lecture …`.
 */
import { analyzeMemoryWall, analyzePipelineImbalance, analyzeScaleUp, getHardware, getModel, MEMORY_WALL_INPUTS, PIPELINE_IMBALANCE_INPUTS, SCALE_UP_INPUTS, type Precision, type ScaleUpResult } from "@roofline/core";
import type { ComponentChildren } from "preact";
import { useMemo } from "preact/hooks";
import { DataTable } from "../components/DataTable.tsx";
import { Warnings, type PageProps } from "../components/Layout.tsx";
import { Num, Stat } from "../components/Num.tsx";
import { localParam } from "../state.ts";
import { attempt } from "../options.ts";
import { WallCompare } from "./lecture-compare.tsx";

const LATENCIES = ["0.005", "0.01", "0.02", "0.05", "0.1"];
const PRECISIONS: Precision[] = ["fp4", "fp8", "bf16"];
const LAYERED_MODELS = ["gpt-oss-120b", "gpt-oss-20b", "gemma-3-27b", "llama-4-scout", "llama-3.1-70b"];
const WALL_MODELS = ["kimi-k2", "deepseek-v3", "qwen3-235b-a22b", "llama-3.1-405b", "glm-4.5"];
const WALL_HARDWARE = ["nvidia-gb200-nvl72", "nvidia-gb300-nvl72", "nvidia-vera-rubin-nvl72", "nvidia-b200-hgx", "nvidia-h100-sxm5-80gb"];
const WALL_CONTEXTS = ["1024", "2048", "8192", "32768", "131072"];

/** A labelled choice among a few values. */
function Pick(p: { id: string; label: string; value: string; options: readonly string[]; onChange: (v: string) => void; text?: (v: string) => ComponentChildren }) {
  return (
    <label>
      {p.label}{" "}
      <select id={p.id} value={p.value} onChange={(e) => p.onChange((e.target as HTMLSelectElement).value)}>
        {p.options.map((o) => (
          <option key={o} value={o}>
            {p.text ? p.text(o) : o}
          </option>
        ))}
      </select>
    </label>
  );
}

type Row = ScaleUpResult["rows"][number];

export function LecturePage({ state, set }: PageProps) {
  const [lat, setLat] = localParam(state, set, "lat", String(SCALE_UP_INPUTS.get("latencySeconds").default));
  const [prec, setPrec] = localParam(state, set, "weights", "fp8");
  const [pmodel, setPmodel] = localParam(state, set, "pmodel", String(PIPELINE_IMBALANCE_INPUTS.get("model").default));
  const [pp, setPp] = localParam(state, set, "pp", String(PIPELINE_IMBALANCE_INPUTS.get("pipelineParallel").default));
  const latency = LATENCIES.includes(lat) ? Number(lat) : 0.02;
  const precision = (PRECISIONS as string[]).includes(prec) ? (prec as Precision) : "fp8";
  const scale = useMemo(() => attempt(() => analyzeScaleUp({ latencySeconds: latency, weightPrecision: precision })), [latency, precision]);
  const [wmodel, setWmodel] = localParam(state, set, "wmodel", String(MEMORY_WALL_INPUTS.get("model").default));
  const [whw, setWhw] = localParam(state, set, "whw", String(MEMORY_WALL_INPUTS.get("hardware").default));
  const [wctx, setWctx] = localParam(state, set, "wctx", String(MEMORY_WALL_INPUTS.get("contextTokens").default));
  const wall = useMemo(
    () =>
      attempt(() =>
        analyzeMemoryWall({
          model: getModel(WALL_MODELS.includes(wmodel) ? wmodel : "kimi-k2"),
          hardware: getHardware(WALL_HARDWARE.includes(whw) ? whw : "nvidia-gb200-nvl72"),
          contextTokens: WALL_CONTEXTS.includes(wctx) ? Number(wctx) : 2048,
        }),
      ),
    [wmodel, whw, wctx],
  );
  const pipe = useMemo(() => attempt(() => analyzePipelineImbalance({ model: getModel(LAYERED_MODELS.includes(pmodel) ? pmodel : "gpt-oss-120b"), pipelineStages: /^\d{1,3}$/.test(pp) ? Number(pp) : 4 })), [pmodel, pp]);

  return (
    <div class="content lecture">
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
          <Pick id="lecture-latency" label="Latency" value={String(latency)} options={LATENCIES} onChange={setLat} text={(l) => <>{Number(l) * 1000} ms</>} />{" "}
          <Pick id="lecture-weights" label="Weights" value={precision} options={PRECISIONS} onChange={setPrec} text={(p) => <>{p.toUpperCase()}</>} />
        </p>
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
      </section>

      <section aria-labelledby="wall-h">
        <h2 class="sub" id="wall-h">The memory wall</h2>
        <p class="small">
          <Pick id="lecture-wmodel" label="Model" value={wmodel} options={WALL_MODELS} onChange={setWmodel} />{" "}
          <Pick id="lecture-whw" label="Rack" value={whw} options={WALL_HARDWARE} onChange={setWhw} />{" "}
          <Pick id="lecture-wctx" label="Context" value={wctx} options={WALL_CONTEXTS} onChange={setWctx} text={(c) => <>{Number(c).toLocaleString("en-US")} tokens</>} />{" "}
          (FP8 KV cache)
        </p>
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
        <WallCompare state={state} set={set} here={wall.ok ? wall.value : null} model={WALL_MODELS.includes(wmodel) ? wmodel : "kimi-k2"} hardware={WALL_HARDWARE.includes(whw) ? whw : "nvidia-gb200-nvl72"} contextTokens={WALL_CONTEXTS.includes(wctx) ? Number(wctx) : 2048} />
      </section>

      <section aria-labelledby="pipe-h">
        <h2 class="sub" id="pipe-h">Pipeline stages with sliding-window and global layers</h2>
        <p class="small">
          Contiguous stages get unequal numbers of global layers when sliding-window and global layers interleave; at long context a stage's KV reads follow its global layers, and the pipeline runs at the slowest stage's pace.{" "}
          <Pick id="lecture-pmodel" label="Model" value={pmodel} options={LAYERED_MODELS} onChange={setPmodel} />{" "}
          <label>
            Stages P <input id="lecture-pp" type="number" min={1} max={256} value={pp} onChange={(e) => setPp((e.target as HTMLInputElement).value)} />
          </label>
        </p>
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

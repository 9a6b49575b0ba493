/**
 * The controls every analysis page shares: model, hardware, chips, precisions, batch, context,
 * $/hour, efficiencies, attention. A page lists which it needs. Typed values are checked with the
 * CLI's rules (core parseNumber); a bad value shows its message beside the control and changes nothing.
 */
import {
  BYTES_PER_VALUE,
  COMPUTE_PRECISIONS,
  computePrecisionFor,
  formatSignificant,
  HARDWARE,
  isRooflineError,
  MODELS,
  parseNumber,
  PRECISIONS,
  type AttentionMode,
  type ComputePrecision,
  type ExpertRouting,
  type NumberRule,
  type Precision,
} from "@roofline/core";
import { useState } from "preact/hooks";
import { attempt, customModel } from "../options.ts";
import { ATTENTION_MODES, CUSTOM_MODEL, DEFAULT_CHIPS, NUMBER_RULES, ROUTINGS, type AppState, type NumberKey } from "../state.ts";

export type ControlId = "model" | "hardware" | "chips" | "batch" | "context" | "prompt" | "train" | "precisions" | "usd" | "efficiency" | "attention" | "routing";

/** The values a control shows when the user has set none: what the engine will use. */
export interface ControlDefaults {
  batch: number;
  context: number;
  prompt: number;
  train: number | null;
  /** The page's KV-cache precision when the user set none (default: the engine's BF16). */
  kv?: Precision;
  /** What the train batch is when left empty (the page knows which optimum it used). */
  trainHint?: string;
}

interface Slider {
  min: number;
  max: number;
  log: boolean;
  step?: number;
}

const SLIDER_STEPS = 1000;

function toSlider(x: number, s: Slider): number {
  const v = Math.min(Math.max(x, s.min), s.max);
  return s.log ? Math.round((SLIDER_STEPS * Math.log(v / s.min)) / Math.log(s.max / s.min)) : v;
}

function fromSlider(pos: number, s: Slider, integer: boolean): number {
  const x = s.log ? s.min * (s.max / s.min) ** (pos / SLIDER_STEPS) : pos;
  return integer ? Math.round(x) : Math.round(x * 1000) / 1000;
}

interface NumberFieldProps {
  id: string;
  label: string;
  unit?: string | undefined;
  value: number | null;
  fallback: number | null;
  rule: NumberRule;
  slider?: Slider | undefined;
  onChange: (v: number | null) => void;
  hint?: string | undefined;
}

/** A number: a text box (accepts 1e9, 2_000, 32k, 1M) and, optionally, a slider; empty = the default. */
export function NumberField({ id, label, unit, value, fallback, rule, slider, onChange, hint }: NumberFieldProps) {
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState("");
  const shown = value ?? fallback;
  const text = draft ?? (value === null ? "" : String(value));
  const commit = (t: string, final: boolean) => {
    setDraft(final ? null : t);
    if (t.trim() === "") {
      setError("");
      onChange(null);
      return;
    }
    try {
      const v = parseNumber(t, label, rule);
      setError("");
      onChange(v);
    } catch (e) {
      setError(isRooflineError(e) ? e.message : String(e));
      if (final) setDraft(t);
    }
  };
  const errId = `${id}-error`;
  return (
    <div class="field">
      <label for={id}>
        {label}
        {unit ? <span class="muted"> ({unit})</span> : null}
      </label>
      <div class="field-row">
        {slider ? (
          <input
            type="range"
            class="slider"
            id={`${id}-slider`}
            aria-label={`${label} slider`}
            min={slider.log ? 0 : slider.min}
            max={slider.log ? SLIDER_STEPS : slider.max}
            step={slider.log ? 1 : (slider.step ?? 0.01)}
            value={toSlider(shown ?? slider.min, slider)}
            onInput={(e) => {
              setDraft(null);
              setError("");
              onChange(fromSlider(Number((e.currentTarget as HTMLInputElement).value), slider, rule.integer === true));
            }}
          />
        ) : null}
        <input
          type="text"
          inputMode="decimal"
          id={id}
          class={error ? "text invalid" : "text"}
          value={text}
          placeholder={fallback === null ? "unknown" : formatSignificant(fallback, 6)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errId : undefined}
          onInput={(e) => commit((e.currentTarget as HTMLInputElement).value, false)}
          onChange={(e) => commit((e.currentTarget as HTMLInputElement).value, true)}
        />
      </div>
      {error ? (
        <div class="field-error" id={errId} role="alert">
          {error}
        </div>
      ) : hint ? (
        <div class="field-hint muted">{hint}</div>
      ) : null}
    </div>
  );
}

function Select<T extends string>({ id, label, value, options, onChange }: { id: string; label: string; value: T; options: readonly { value: T; label: string; group?: string }[]; onChange: (v: T) => void }) {
  const groups = [...new Set(options.map((o) => o.group ?? ""))];
  const opt = (o: { value: T; label: string }) => (
    <option key={o.value} value={o.value}>
      {o.label}
    </option>
  );
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange((e.currentTarget as HTMLSelectElement).value as T)}>
        {groups.length > 1
          ? groups.map((g) => (
              <optgroup key={g} label={g}>
                {options.filter((o) => (o.group ?? "") === g).map(opt)}
              </optgroup>
            ))
          : options.map(opt)}
      </select>
    </div>
  );
}

/** Paste (or open) a Hugging Face config.json or a napkin model JSON; it travels in the URL. */
export function ConfigInput({ state, set, open }: { state: AppState; set: (p: Partial<AppState>) => void; open: boolean }) {
  const [text, setText] = useState(state.model === CUSTOM_MODEL ? state.config : "");
  const [error, setError] = useState("");
  const apply = (t: string) => {
    const r = attempt(() => {
      const compact = JSON.stringify(JSON.parse(t));
      customModel(compact);
      return compact;
    });
    if (r.ok) {
      setError("");
      set({ model: CUSTOM_MODEL, config: r.value });
    } else setError(r.message);
  };
  const applyText = () => {
    if (text.trim() === "") return setError("Paste a config.json first.");
    try {
      JSON.parse(text);
    } catch (e) {
      return setError(`config: not valid JSON. ${(e as Error).message}`);
    }
    apply(text);
  };
  return (
    <details class="config-input" open={open}>
      <summary>Your own model: paste a config.json</summary>
      <label for="config-text" class="small">
        A Hugging Face <code>config.json</code>, or napkin JSON{" "}
        <code>{`{"name","totalParams","activeParams","weightBytesPerParam","kvBytesPerToken"}`}</code>
      </label>
      <textarea id="config-text" rows={6} spellcheck={false} value={text} onInput={(e) => setText((e.currentTarget as HTMLTextAreaElement).value)} />
      <div class="field-row">
        <button type="button" onClick={applyText}>
          Use this model
        </button>
        <label class="file-button">
          Open file…
          <input
            type="file"
            accept=".json,application/json"
            onChange={(e) => {
              const f = (e.currentTarget as HTMLInputElement).files?.[0];
              if (f) f.text().then((t) => (setText(t), apply(t)));
            }}
          />
        </label>
      </div>
      {error ? (
        <div class="field-error" role="alert">
          {error}
        </div>
      ) : null}
    </details>
  );
}

export function Controls({ state, set, controls, defaults, configOpen = false }: { state: AppState; set: (p: Partial<AppState>) => void; controls: readonly ControlId[]; defaults: ControlDefaults; configOpen?: boolean }) {
  const has = (c: ControlId) => controls.includes(c);
  const model = attempt(() => (state.model === CUSTOM_MODEL ? customModel(state.config) : MODELS.find((m) => m.id === state.model) ?? null));
  const hw = HARDWARE.find((h) => h.id === state.hardware) ?? null;
  const weightsDefault: Precision = model.ok && model.value ? model.value.defaultWeightPrecision : "bf16";
  const num = (key: NumberKey, label: string, fallback: number | null, slider?: Slider, unit?: string, hint?: string) => (
    <NumberField id={`c-${key}`} label={label} unit={unit} value={state[key]} fallback={fallback} rule={NUMBER_RULES[key]} slider={slider} onChange={(v) => set({ [key]: v })} hint={hint} />
  );
  return (
    <form class="controls" aria-label="Inputs" onSubmit={(e) => e.preventDefault()}>
      {has("model") ? (
        <>
          <Select
            id="c-model"
            label="Model"
            value={state.model}
            options={[
              ...MODELS.map((m) => ({ value: m.id, label: m.name })),
              ...(state.model === CUSTOM_MODEL ? [{ value: CUSTOM_MODEL, label: model.ok && model.value ? `${model.value.name} (pasted)` : "pasted config" }] : []),
            ]}
            onChange={(v) => set({ model: v })}
          />
          <ConfigInput state={state} set={set} open={configOpen || state.model === CUSTOM_MODEL} />
        </>
      ) : null}
      {has("hardware") ? (
        <Select
          id="c-hardware"
          label="Hardware"
          value={state.hardware}
          options={HARDWARE.map((h) => ({ value: h.id, label: h.name, group: h.vendor }))}
          onChange={(v) => set({ hardware: v })}
        />
      ) : null}
      {has("chips") ? num("chips", "Chips", DEFAULT_CHIPS, { min: 1, max: 1024, log: true }, "in one scale-up domain", hw?.scaleUpDomainChips.value ? `scale-up domain: ${hw.scaleUpDomainChips.value} chips` : undefined) : null}
      {has("batch") ? num("batch", "Batch", defaults.batch, { min: 1, max: 1_000_000, log: true }, "sequences") : null}
      {has("context") ? num("context", "Context", defaults.context, { min: 1, max: 10_000_000, log: true }, "tokens; 32k, 1M") : null}
      {has("prompt") ? num("prompt", "Prompt (pass length)", defaults.prompt, { min: 1, max: 1_000_000, log: true }, "tokens") : null}
      {has("train") ? num("train", "Train batch", defaults.train, { min: 1, max: 1_000_000, log: true }, "sequences", defaults.trainHint ?? "default: the optimal batch, rounded up") : null}
      {has("precisions") ? (
        <div class="field-group">
          <Select
            id="c-weights"
            label="Weights"
            value={(state.weights ?? "") as Precision | ""}
            options={[{ value: "" as const, label: `default (${weightsDefault})` }, ...PRECISIONS.map((p) => ({ value: p, label: `${p} · ${BYTES_PER_VALUE[p]} B` }))]}
            onChange={(v) => set({ weights: v === "" ? null : v })}
          />
          <Select
            id="c-kv"
            label="KV cache"
            value={(state.kv ?? "") as Precision | ""}
            options={[{ value: "" as const, label: `default (${defaults.kv ?? "bf16"})` }, ...PRECISIONS.map((p) => ({ value: p, label: `${p} · ${BYTES_PER_VALUE[p]} B` }))]}
            onChange={(v) => set({ kv: v === "" ? null : v })}
          />
          <Select
            id="c-compute"
            label="Compute"
            value={(state.compute ?? "") as ComputePrecision | ""}
            options={[{ value: "" as const, label: `default (${computePrecisionFor(state.weights ?? weightsDefault)})` }, ...COMPUTE_PRECISIONS.map((p) => ({ value: p, label: p }))]}
            onChange={(v) => set({ compute: v === "" ? null : v })}
          />
        </div>
      ) : null}
      {has("usd") ? num("usd", "Price", hw?.usdPerChipHour.value ?? null, undefined, "$ per chip-hour", hw && hw.usdPerChipHour.value === null ? "no catalog price: costs need one" : undefined) : null}
      {has("efficiency") ? (
        <div class="field-stack">
          {num("ce", "Compute efficiency", 1, { min: 0.01, max: 1, log: false, step: 0.01 }, "of peak FLOP/s")}
          {num("be", "Bandwidth efficiency", 1, { min: 0.01, max: 1, log: false, step: 0.01 }, "of peak HBM B/s")}
        </div>
      ) : null}
      {has("attention") ? (
        <Select<AttentionMode>
          id="c-attention"
          label="Attention"
          value={state.attention}
          options={ATTENTION_MODES.map((m) => ({ value: m, label: m === "native" ? "native (the model's own)" : m === "dense" ? "dense (every layer, full context)" : "√ sparse (the lecture's)" }))}
          onChange={(v) => set({ attention: v })}
        />
      ) : null}
      {has("routing") ? (
        <Select<ExpertRouting>
          id="c-routing"
          label="Expert routing"
          value={state.routing}
          options={ROUTINGS.map((m) => ({ value: m, label: m === "uniform" ? "uniform (experts a batch touches)" : "all (every expert, every step)" }))}
          onChange={(v) => set({ routing: v })}
        />
      ) : null}
    </form>
  );
}

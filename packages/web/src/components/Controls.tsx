/**
 * The inputs of an analysis page, generated from its core input table (packages/core/src/inputs/):
 * one control per input, grouped (model, system, workload, precision, efficiency, economics, layout),
 * advanced inputs folded. An input the user has not set shows the value the engine will use, marked
 * "default"; typed values are checked with the table's rules and a bad one is named beside its control.
 */
import {
  BYTES_PER_VALUE,
  PRICE_CATALOG,
  computePrecisionFor,
  describeRange,
  formatQuantity,
  formatSignificant,
  HARDWARE,
  INPUT_GROUPS,
  isRooflineError,
  MODELS,
  parseInput,
  type ComputePrecision,
  type InputDef,
  type InputGroup,
  type InputTable,
  type Precision,
  type UnitId,
} from "@roofline/core";
import { useState } from "preact/hooks";
import { attempt, customModel, webMessage } from "../options.ts";
import { CUSTOM_MODEL, type AppState, type InputValue } from "../state.ts";

/** Values the engine will use for inputs the user has not set, where the table's default is not a fixed number (a solved optimum, a catalog value). */
export type Effective = Readonly<Record<string, InputValue | null>>;

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
  def: InputDef;
  /** A number, or a word the input's table declares (serve's concurrency: max). */
  value: number | string | null;
  /** The value used when none is set (null = unknown). */
  fallback: number | null;
  onChange: (v: number | string | null) => void;
  hint?: string | undefined;
  /** Put the text box's focus here on mount (a field offered to fix an error). */
  autoFocus?: boolean;
  idPrefix?: string;
}

/** Text for a number in a field: plain digits up to 1e6, else a short exponent form that parses back. */
function fieldText(v: number): string {
  return Math.abs(v) < 1e6 && Number.isInteger(v) ? String(v) : formatSignificant(v, 6);
}

/** Units as a reader says them beside a label ("1" is a fraction). */
function unitText(d: InputDef): string {
  // Unit 1: a fraction (of peak, of requests…) says so; a count (stages, cameras) or a multiple (×) names no unit.
  if (d.unit === "1") return d.kind === "number" && /fraction|share/.test(`${d.what ?? ""} ${d.doc}`) ? "fraction" : "";
  if (d.unit === "USD/h") return "$ per chip-hour";
  if (d.unit === "USD/GB-month") return "$ per GB-month";
  if (d.unit === "B/token") return "bytes per token";
  if (d.unit === "param") return "parameters";
  if (d.unit === "mph" || d.unit === "µs" || d.unit === "ms") return d.unit;
  return d.unit ? `${d.unit}s`.replace(/ss$/, "s").replace(/\/s$/, "/s") : "";
}

/**
 * A number: a text box (accepts 1e9, 2_000, 32k, 1M) and, optionally, a slider. Unset, it shows the
 * value the engine uses, marked "default"; emptying it or "reset" returns to that.
 */
export function NumberField({ def, value, fallback, onChange, hint, autoFocus, idPrefix = "c" }: NumberFieldProps) {
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState("");
  const id = `${idPrefix}-${def.flag}`;
  const shown = value ?? fallback;
  const isDefault = value === null && draft === null;
  const text = draft ?? (shown === null ? "" : typeof shown === "string" ? shown : fieldText(shown));
  const slider = def.slider;
  const commit = (t: string, final: boolean) => {
    setDraft(final ? null : t);
    if (t.trim() === "") {
      setError("");
      onChange(null);
      return;
    }
    try {
      const v = parseInput(def, t, def.label) as number | string;
      setError("");
      onChange(v);
    } catch (e) {
      setError(isRooflineError(e) ? webMessage(e.details) : String(e));
      if (final) setDraft(t);
    }
  };
  const errId = `${id}-error`;
  const unit = unitText(def);
  return (
    <div class="field" data-input={def.id}>
      <label for={id} title={`${def.doc}; ${describeRange(def)}`}>
        {def.label}
        {unit ? <span class="muted"> ({unit})</span> : null}
        {isDefault && shown !== null ? <span class="default-tag" title={def.defaultFrom || "the engine's default"}>default</span> : null}
        {value !== null ? (
          <button type="button" class="reset" aria-label={`Reset ${def.label} to its default`} onClick={() => (setDraft(null), setError(""), onChange(null))}>
            reset
          </button>
        ) : null}
      </label>
      <div class="field-row">
        {slider ? (
          <input
            type="range"
            class="slider"
            id={`${id}-slider`}
            aria-label={`${def.label} slider`}
            min={slider.log ? 0 : slider.min}
            max={slider.log ? SLIDER_STEPS : slider.max}
            step={slider.log ? 1 : (slider.step ?? 0.01)}
            value={toSlider(typeof shown === "number" ? shown : slider.min, slider)}
            onInput={(e) => {
              setDraft(null);
              setError("");
              onChange(fromSlider(Number((e.currentTarget as HTMLInputElement).value), slider, def.kind === "integer"));
            }}
          />
        ) : null}
        <input
          type="text"
          inputMode={def.keywords ? "text" : "decimal"}
          id={id}
          class={`${error ? "text invalid" : "text"}${isDefault ? " is-default" : ""}`}
          value={text}
          placeholder={shown === null ? "unknown" : undefined}
          autoFocus={autoFocus}
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

/**
 * A short text the analysis parses (a length distribution): unset, it shows the default marked
 * "default"; the analysis names a value it cannot read (its error box offers this field).
 */
export function TextField({ def, value, fallback, onChange, hint, idPrefix = "c" }: { def: InputDef; value: string | null; fallback: string | null; onChange: (v: string | null) => void; hint?: string | undefined; idPrefix?: string }) {
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState("");
  const id = `${idPrefix}-${def.flag}`;
  const isDefault = value === null && draft === null;
  const commit = (t: string) => {
    if (t.trim() === "") {
      setDraft(null);
      setError("");
      return onChange(null);
    }
    try {
      onChange(parseInput(def, t, def.label) as string);
      setDraft(null);
      setError("");
    } catch (e) {
      setError(isRooflineError(e) ? webMessage(e.details) : String(e));
    }
  };
  const errId = `${id}-error`;
  return (
    <div class="field" data-input={def.id}>
      <label for={id} title={def.doc}>
        {def.label}
        {def.unit ? <span class="muted"> ({def.unit}s)</span> : null}
        {isDefault && fallback !== null ? <span class="default-tag" title={def.defaultFrom || "the engine's default"}>default</span> : null}
        {value !== null ? (
          <button type="button" class="reset" aria-label={`Reset ${def.label} to its default`} onClick={() => (setDraft(null), setError(""), onChange(null))}>
            reset
          </button>
        ) : null}
      </label>
      <input
        type="text"
        id={id}
        class={`${error ? "text invalid" : "text"}${isDefault ? " is-default" : ""}`}
        value={draft ?? value ?? fallback ?? ""}
        placeholder={fallback === null ? def.defaultFrom : undefined}
        spellcheck={false}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errId : undefined}
        // Applied when the field is left or Enter is pressed: a half-typed distribution is not an error.
        onInput={(e) => setDraft((e.currentTarget as HTMLInputElement).value)}
        onChange={(e) => commit((e.currentTarget as HTMLInputElement).value)}
      />
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

function Select<T extends string>({ id, input, label, title, value, options, onChange }: { id: string; input?: string; label: string; title?: string; value: T; options: readonly { value: T; label: string; group?: string }[]; onChange: (v: T) => void }) {
  const groups = [...new Set(options.map((o) => o.group ?? ""))];
  const opt = (o: { value: T; label: string }) => (
    <option key={o.value} value={o.value}>
      {o.label}
    </option>
  );
  return (
    <div class="field" data-input={input}>
      <label for={id} title={title}>
        {label}
      </label>
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

/**
 * A switch (a boolean input): a checkbox, checked by the value set or else the table's default. Setting
 * it back to the default removes it from the state (and the URL).
 */
function CheckField({ def, value, fallback, onChange, idPrefix }: { def: InputDef; value: boolean | null; fallback: boolean; onChange: (v: boolean | null) => void; idPrefix: string }) {
  const checked = value ?? fallback;
  return (
    <div class="field field-check" data-input={def.id}>
      <label title={`${def.doc}. Off: ${def.offDoc ?? "the opposite"}. Default: ${def.default === null ? def.defaultFrom : `${def.default ? "on" : "off"}${def.defaultFrom ? ` (${def.defaultFrom})` : ""}`}.`}>
        <input id={`${idPrefix}-${def.flag}`} type="checkbox" checked={checked} onChange={(e) => {
          const on = (e.currentTarget as HTMLInputElement).checked;
          onChange(on === fallback ? null : on);
        }} />{" "}
        {def.label}
      </label>
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

const GROUP_TITLES: Record<InputGroup, string> = {
  model: "Model",
  system: "System",
  workload: "Workload",
  precision: "Precision",
  efficiency: "Efficiency",
  economics: "Economics",
  layout: "Layout",
};

/** Values the engine derives for inputs left unset, from the model and the chip (what a control shows as its default). */
export function engineDefaults(state: AppState): Effective {
  const model = attempt(() => (state.model === CUSTOM_MODEL ? customModel(state.config) : MODELS.find((m) => m.id === state.model) ?? null));
  const hw = HARDWARE.find((h) => h.id === state.hardware) ?? null;
  const weights = (state.inputs["weightPrecision"] as Precision | undefined) ?? (model.ok && model.value ? model.value.defaultWeightPrecision : "bf16");
  const compute = (state.inputs["computePrecision"] as ComputePrecision | undefined) ?? computePrecisionFor(weights);
  return {
    weightPrecision: weights,
    computePrecision: compute,
    usdPerChipHour: hw?.usdPerChipHour.value ?? null,
    peakFlopsPerSecond: hw?.denseFlopsPerSecond[compute].value ?? null,
    hbmBytesPerSecond: hw?.hbmBytesPerSecond.value ?? null,
    hbmBytes: hw?.hbmBytes.value ?? null,
  };
}

/** Sets one input (null = back to its default). */
export function setInput(state: AppState, set: (p: Partial<AppState>) => void, id: string, v: InputValue | null) {
  const next = { ...state.inputs };
  if (v === null) delete next[id];
  else next[id] = v;
  set({ inputs: next });
}

/** One input's control: a select for an enum, a number field otherwise. */
export function InputControl({ def, state, set, effective, hint: given, autoFocus, idPrefix = "c" }: { def: InputDef; state: AppState; set: (p: Partial<AppState>) => void; effective: Effective; hint?: string | undefined; autoFocus?: boolean; idPrefix?: string }) {
  const value = state.inputs[def.id];
  const fallback = def.id in effective ? (effective[def.id] ?? null) : def.default;
  const onChange = (v: InputValue | null) => setInput(state, set, def.id, v);
  if (def.kind === "enum") {
    const choices = def.choices ?? [];
    const precision = def.id === "weightPrecision" || def.id === "kvPrecision";
    const labelOf = (c: string) => def.choiceLabels?.[c] ?? (precision ? `${c} · ${BYTES_PER_VALUE[c as Precision]} B` : c);
    return (
      <Select
        id={`${idPrefix}-${def.flag}`}
        input={def.id}
        label={def.label}
        title={def.doc}
        value={(value as string | undefined) ?? ""}
        options={[{ value: "", label: `${fallback === null ? "default" : labelOf(String(fallback))} (default)` }, ...choices.map((c) => ({ value: c, label: labelOf(c) }))]}
        onChange={(v) => onChange(v === "" ? null : v)}
      />
    );
  }
  // A switch whose default follows other inputs (sequence parallelism: on with tensor parallelism) shows what the engine chose.
  if (def.kind === "boolean") return <CheckField def={def} value={typeof value === "boolean" ? value : null} fallback={fallback === true} onChange={onChange} idPrefix={idPrefix} />;
  if (def.kind === "text") return <TextField def={def} value={typeof value === "string" ? value : null} fallback={typeof fallback === "string" ? fallback : null} onChange={onChange} hint={given} idPrefix={idPrefix} />;
  const hw = HARDWARE.find((h) => h.id === state.hardware) ?? null;
  const hint =
    given !== undefined
      ? given
      : def.id === "chips" && hw?.scaleUpDomainChips.value
      ? `scale-up domain: ${hw.scaleUpDomainChips.value} chips`
      : def.id === "usdPerChipHour" && hw && hw.usdPerChipHour.value === null
        ? "no catalog price: costs need one"
        : def.group === "system" && fallback === null && def.default === null && def.id in effective
          ? `unknown for ${hw?.name ?? "this chip"}: give one`
          : typeof fallback === "number" && def.unit && def.unit !== "1" && def.kind === "number" && Math.abs(fallback) >= 1e6
            ? `= ${formatQuantity(typeof value === "number" ? value : fallback, def.unit as UnitId)}`
            : undefined;
  return (
    <NumberField
      def={def}
      value={typeof value === "number" || (typeof value === "string" && def.keywords?.[value] !== undefined) ? value : null}
      fallback={typeof fallback === "number" ? fallback : null}
      onChange={onChange}
      hint={hint}
      idPrefix={idPrefix}
      {...(autoFocus ? { autoFocus } : {})}
    />
  );
}

/**
 * The controls of an analysis page: one per input of `table`, grouped; advanced inputs folded
 * (open when one of them is set). `effective` gives the values the engine uses for inputs whose
 * default is not a fixed number (the exact optimal batch, the catalog's price).
 */
export function Controls({ state, set, table, effective = {}, hints = {}, configOpen = false }: { state: AppState; set: (p: Partial<AppState>) => void; table: InputTable; effective?: Effective; hints?: Readonly<Record<string, string>>; configOpen?: boolean }) {
  // What the engine derives for an unset input, unless the table fixes its default (KV tiers' BF16 compute).
  const derivedDefaults = Object.entries(engineDefaults(state)).filter(([id]) => !table.has(id) || table.get(id).default === null);
  const eff = { ...Object.fromEntries(derivedDefaults), ...effective };
  const model = attempt(() => (state.model === CUSTOM_MODEL ? customModel(state.config) : MODELS.find((m) => m.id === state.model) ?? null));
  const control = (d: InputDef) => {
    if (d.id === "model")
      return (
        <div key={d.id}>
          <Select
            id="c-model"
            input="model"
            label="Model"
            value={state.model}
            options={[
              // A table whose default model no catalog id names (the crib sheet's 70B): "" runs it.
              ...(d.default === null ? [{ value: "", label: `${d.defaultFrom} (default)` }] : []),
              ...MODELS.map((m) => ({ value: m.id, label: m.name })),
              ...(state.model === CUSTOM_MODEL ? [{ value: CUSTOM_MODEL, label: model.ok && model.value ? `${model.value.name} (pasted)` : "pasted config" }] : []),
            ]}
            onChange={(v) => set({ model: v })}
          />
          <ConfigInput state={state} set={set} open={configOpen || state.model === CUSTOM_MODEL} />
        </div>
      );
    if (d.id === "hardware")
      return <Select key={d.id} id="c-hardware" input="hardware" label="Hardware" value={state.hardware} options={HARDWARE.map((h) => ({ value: h.id, label: h.name, group: h.vendor }))} onChange={(v) => set({ hardware: v })} />;
    if (d.kind === "catalog" && d.catalog === "hardware") {
      // A second chip (speculative decoding's comparison): its id is an input of the table like any other.
      const v = state.inputs[d.id];
      return <Select key={d.id} id={`c-${d.flag}`} input={d.id} label={d.label} title={d.doc} value={typeof v === "string" ? v : String(d.default ?? "")} options={HARDWARE.map((h) => ({ value: h.id, label: h.name, group: h.vendor }))} onChange={(x) => setInput(state, set, d.id, x === d.default ? null : x)} />;
    }
    if (d.kind === "catalog" && d.catalog === "price-sheet") {
      const v = state.inputs[d.id];
      return <Select key={d.id} id={`c-${d.flag}`} input={d.id} label={d.label} title={d.doc} value={typeof v === "string" ? v : String(d.default ?? "")} options={PRICE_CATALOG.map((p) => ({ value: p.id, label: `${p.provider} ${p.model} (${p.date ?? "undated"})` }))} onChange={(x) => setInput(state, set, d.id, x === d.default ? null : x)} />;
    }
    if (d.kind === "catalog" || d.kind === "file") return null;
    return <InputControl key={d.id} def={d} state={state} set={set} effective={eff} hint={hints[d.id]} />;
  };
  // Inputs the app has no control for (a world-model catalog id, a file) take no place (nor an empty group).
  const shown = table.inputs.filter((d) => !((d.kind === "catalog" && d.id !== "model" && d.id !== "hardware" && d.catalog !== "hardware" && d.catalog !== "price-sheet") || d.kind === "file"));
  const basic = shown.filter((d) => !d.advanced);
  const advanced = shown.filter((d) => d.advanced);
  const groups = INPUT_GROUPS.filter((g) => basic.some((d) => d.group === g));
  const advancedSet = advanced.some((d) => state.inputs[d.id] !== undefined);
  return (
    <form class="controls" aria-label="Inputs" onSubmit={(e) => e.preventDefault()}>
      {groups.map((g) => (
        <fieldset key={g} class="input-group" data-group={g}>
          <legend>{GROUP_TITLES[g]}</legend>
          {basic.filter((d) => d.group === g).map(control)}
        </fieldset>
      ))}
      {advanced.length ? (
        <details class="advanced" open={advancedSet}>
          <summary>More inputs ({advanced.length})</summary>
          {advanced.map(control)}
        </details>
      ) : null}
    </form>
  );
}

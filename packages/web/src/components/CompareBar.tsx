/**
 * Adds, edits and removes comparison scenarios (compare.ts): each changes a few inputs of the page's
 * scenario — the ones the page can draw (`dims`) — and is drawn on the same charts, named in the
 * legend. Kept in the URL (`cmp`).
 */
import { HARDWARE, MODELS, PRECISIONS, type EfficiencyMode, type Precision } from "@roofline/core";
import { ALL_DIMS, COMPARE_COLORS, MAX_COMPARE, compareLabel, parseCompare, serializeCompare, type CompareDim, type ComparePatch, type Compared } from "../compare.ts";
import type { AppState } from "../state.ts";

export function CompareBar({ state, set, dims = ALL_DIMS }: { state: AppState; set: (p: Partial<AppState>) => void; dims?: readonly CompareDim[] }) {
  const { scenarios, problems } = parseCompare(state.compare);
  const has = (d: CompareDim) => dims.includes(d);
  const save = (next: ComparePatch[]) => set({ compare: serializeCompare(next) });
  const edit = (i: number, patch: ComparePatch) => save(scenarios.map((s, k) => (k === i ? patch : s)));
  const add = () => {
    // A first guess people ask for: the next chip in the catalog.
    const others = HARDWARE.filter((h) => h.id !== state.hardware && h.hbmBytesPerSecond.value !== null && !scenarios.some((s) => s.hardware === h.id));
    const next = others.find((h) => h.vendor !== HARDWARE.find((x) => x.id === state.hardware)?.vendor) ?? others[0];
    const hasExpected = scenarios.some((s) => s.eff === "expected");
    const otherModel = MODELS.find((m) => m.id !== state.model && !scenarios.some((s) => s.model === m.id));
    const guess: ComparePatch = has("hardware") && next ? { hardware: next.id } : has("eff") && !hasExpected ? { eff: "expected" } : has("model") && otherModel ? { model: otherModel.id } : has("tp") ? { tp: 1 } : { kv: "fp8" };
    save([...scenarios, guess]);
  };
  return (
    <section class="compare" aria-label="Comparisons">
      {scenarios.map((s, i) => (
        <div class="compare-row" key={i} data-compare={i}>
          <span class="swatch" style={{ background: COMPARE_COLORS[i] }} aria-hidden="true" />
          <span class="compare-name">vs {compareLabel(s, state, dims)}</span>
          {has("model") ? <label>
            <span class="visually-hidden">Comparison {i + 1} model</span>
            <select value={s.model ?? ""} onChange={(e) => edit(i, withValue(s, "model", (e.currentTarget as HTMLSelectElement).value))} data-compare-field="model">
              <option value="">same model</option>
              {MODELS.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.name}
                </option>
              ))}
            </select>
          </label> : null}
          {has("hardware") ? <label>
            <span class="visually-hidden">Comparison {i + 1} hardware</span>
            <select value={s.hardware ?? ""} onChange={(e) => edit(i, withValue(s, "hardware", (e.currentTarget as HTMLSelectElement).value))} data-compare-field="hardware">
              <option value="">same hardware</option>
              {HARDWARE.map((h) => (
                <option key={h.id} value={h.id}>
                  {h.name}
                </option>
              ))}
            </select>
          </label> : null}
          {has("chips") ? <label>
            <span class="visually-hidden">Comparison {i + 1} chips</span>
            <input
              type="number"
              min={1}
              inputMode="numeric"
              placeholder="same chips"
              value={s.chips ?? ""}
              onChange={(e) => {
                const v = Number((e.currentTarget as HTMLInputElement).value);
                edit(i, Number.isInteger(v) && v >= 1 ? { ...s, chips: v } : withValue(s, "chips", ""));
              }}
              data-compare-field="chips"
            />
          </label> : null}
          {has("kv") ? <label>
            <span class="visually-hidden">Comparison {i + 1} KV precision</span>
            <select value={s.kv ?? ""} onChange={(e) => edit(i, withValue(s, "kv", (e.currentTarget as HTMLSelectElement).value))} data-compare-field="kv">
              <option value="">same KV</option>
              {PRECISIONS.map((p) => (
                <option key={p} value={p}>
                  KV {p}
                </option>
              ))}
            </select>
          </label> : null}
          {has("weights") ? <label>
            <span class="visually-hidden">Comparison {i + 1} weight precision</span>
            <select value={s.weights ?? ""} onChange={(e) => edit(i, withValue(s, "weights", (e.currentTarget as HTMLSelectElement).value))} data-compare-field="weights">
              <option value="">same weights</option>
              {PRECISIONS.map((p) => (
                <option key={p} value={p}>
                  weights {p}
                </option>
              ))}
            </select>
          </label> : null}
          {has("ep") ? (
            <label>
              <span class="visually-hidden">Comparison {i + 1} expert parallelism (layout)</span>
              <input
                type="number"
                min={1}
                inputMode="numeric"
                placeholder="same EP"
                title="Layout: chips the routed experts are spread over (MoE; the expected numbers charge the busiest chip)"
                value={s.ep ?? ""}
                onChange={(e) => {
                  const v = Number((e.currentTarget as HTMLInputElement).value);
                  edit(i, Number.isInteger(v) && v >= 1 ? { ...s, ep: v } : withValue(s, "ep", ""));
                }}
                data-compare-field="ep"
              />
            </label>
          ) : null}
          {(["dp", "tp", "pp"] as const).filter(has).map((k) => (
            <label key={k}>
              <span class="visually-hidden">Comparison {i + 1} {LAYOUT_NAMES[k]} (layout)</span>
              <input
                type="number"
                min={1}
                inputMode="numeric"
                placeholder={`same ${k.toUpperCase()}`}
                title={`Layout: ${LAYOUT_NAMES[k]}`}
                value={s[k] ?? ""}
                onChange={(e) => {
                  const v = Number((e.currentTarget as HTMLInputElement).value);
                  edit(i, Number.isInteger(v) && v >= 1 ? { ...s, [k]: v } : withValue(s, k, ""));
                }}
                data-compare-field={k}
              />
            </label>
          ))}
          {has("eff") ? (
            <label>
              <span class="visually-hidden">Comparison {i + 1} efficiency</span>
              <select value={s.eff ?? ""} onChange={(e) => edit(i, withValue(s, "eff", (e.currentTarget as HTMLSelectElement).value))} data-compare-field="eff">
                <option value="">same efficiency</option>
                <option value="ideal">ideal roofline (bound)</option>
                <option value="expected">expected (fitted)</option>
              </select>
            </label>
          ) : null}
          {has("eff") && s.ep !== undefined && s.eff !== "expected" ? (
            <span class="small muted" data-compare-note="ep">
              expert parallelism changes only the expected numbers of MoE models: set efficiency to expected to see it
            </span>
          ) : null}
          <button type="button" onClick={() => save(scenarios.filter((_, k) => k !== i))} aria-label={`Remove comparison ${i + 1}`}>
            Remove
          </button>
        </div>
      ))}
      {scenarios.length < MAX_COMPARE ? (
        <button type="button" class="button" onClick={add} data-compare-add>
          {scenarios.length === 0 ? "Compare with another scenario" : "Add a third scenario"}
        </button>
      ) : null}
      {problems.length ? (
        <ul class="field-error">
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

const LAYOUT_NAMES = { dp: "data-parallel degree", tp: "tensor-parallel degree", pp: "pipeline stages" } as const;

function withValue(s: ComparePatch, key: "model" | "hardware" | "kv" | "weights" | "chips" | "eff" | "ep" | "dp" | "tp" | "pp", value: string): ComparePatch {
  const next: ComparePatch = { ...s };
  if (value === "") delete next[key];
  else if (key === "kv" || key === "weights") next[key] = value as Precision;
  else if (key === "eff") next[key] = value as EfficiencyMode;
  else if (key === "model" || key === "hardware") next[key] = value;
  return next;
}

/** Comparisons the page could not compute, each with the reason (a chart never drops one silently). */
export function CompareFailures({ list }: { list: readonly Compared<unknown>[] }) {
  const failed = list.flatMap((c) => (c.ok ? [] : [c]));
  const partial = list.filter((c) => c.ok && c.ignored.length > 0);
  if (failed.length === 0 && partial.length === 0) return null;
  return (
    <ul class="warnings" role="status" aria-label="Comparisons not drawn" data-compare-failed={failed.length}>
      {failed.map((c) => (
        <li key={c.label}>
          Not drawn: vs {c.label}. {c.message}
        </li>
      ))}
      {partial.map((c) => (
        <li key={`partial-${c.label}`} data-compare-ignored>
          vs {c.label}: drawn without its {c.ignored.join(", ")} change — this page cannot vary it.
        </li>
      ))}
    </ul>
  );
}

/** Under a chart: comparisons it leaves out, and why (a cost chart cannot draw a chip with no price). */
export function NotDrawn({ list, why }: { list: readonly { label: string }[]; why: string }) {
  if (list.length === 0) return null;
  return (
    <p class="small muted" data-compare-skipped={list.length}>
      Not on this chart: {list.map((c) => `vs ${c.label}`).join(", ")} — {why}.
    </p>
  );
}

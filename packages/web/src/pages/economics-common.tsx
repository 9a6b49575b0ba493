/** Pieces shared by the economics pages: a page-local picker and plain lists of assumptions and checks. */
import type { JSX } from "preact";

/** Axis ticks for plain counts (tokens, tokens/s): 1000, 10k, 1M — the charts' own compact count. */
export { compactCount as countTick } from "../components/chart-style.ts";

export function Picker({ id, label, value, options, onChange }: { id: string; label: string; value: string; options: readonly { id: string; label: string }[]; onChange: (v: string) => void }) {
  return (
    <p class="small">
      <label for={id}>{label} </label>
      <select id={id} value={value} onChange={(e) => onChange((e.currentTarget as HTMLSelectElement).value)}>
        {options.map((o) => (
          <option key={o.id} value={o.id}>
            {o.label}
          </option>
        ))}
      </select>
    </p>
  );
}

/** A number typed by the user (empty = unknown). Values are checked by the engine, which names the field. */
export function NumberInput({ id, label, value, onChange }: { id: string; label: string; value: string; onChange: (v: string) => void }) {
  return (
    <p class="small">
      <label for={id}>{label} </label>
      <input id={id} type="text" inputMode="decimal" size={8} value={value} onInput={(e) => onChange((e.currentTarget as HTMLInputElement).value)} />
    </p>
  );
}

export function Notes({ title, items }: { title: string; items: readonly string[] }): JSX.Element | null {
  if (!items.length) return null;
  return (
    <>
      <h2 class="sub">{title}</h2>
      <ul class="small">
        {items.map((t) => (
          <li key={t}>{t}</li>
        ))}
      </ul>
    </>
  );
}

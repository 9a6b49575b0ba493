/** Pieces shared by the economics pages: a page-local picker and plain lists of assumptions and checks. */
import { formatSignificant } from "@roofline/core";
import type { JSX } from "preact";

/** Axis ticks for plain counts (tokens, tokens/s): 1000, 10K, 1M. */
export function countTick(v: number): string {
  if (v >= 1e9) return `${formatSignificant(v / 1e9, 3)}G`;
  if (v >= 1e6) return `${formatSignificant(v / 1e6, 3)}M`;
  if (v >= 1e4) return `${formatSignificant(v / 1e3, 3)}K`;
  return formatSignificant(v, 3);
}

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
      <h3 class="sub">{title}</h3>
      <ul class="small">
        {items.map((t) => (
          <li key={t}>{t}</li>
        ))}
      </ul>
    </>
  );
}

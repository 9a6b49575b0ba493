import { formatQuantity, formatSignificant, type UnitId } from "@roofline/core";
import type { ComponentChildren } from "preact";
import { useContext } from "preact/hooks";
import { ExplainContext, type Explainable } from "./explain.ts";

export interface NumProps {
  /** Stable id (page.name): the URL's `explain` parameter and the tests' handle. */
  id: string;
  value: number | null;
  unit: UnitId;
  /** Its derivation (or, for a given value, its origin). */
  d: Explainable | null;
  /** Overrides the display (default: core's formatQuantity, as the CLI prints it). */
  text?: string | undefined;
  digits?: number | undefined;
}

/**
 * A value as the CLI prints it: sequences whole (a batch of 295.3 is a batch of 295), fractions of
 * peak (`percent`) as percentages.
 */
export function display(value: number | null, unit: UnitId, digits?: number, percent = false): string {
  if (value === null) return "unknown";
  if (percent) return `${formatSignificant(value * 100, digits ?? 3)}%`;
  if (unit === "sequence") return formatQuantity(Math.round(value), unit, Math.max(7, digits ?? 3));
  return formatQuantity(value, unit, digits ?? 3);
}

/** A number that opens its derivation on click or Enter. Unknown values say so. */
export function Num({ id, value, unit, d, text, digits }: NumProps) {
  const api = useContext(ExplainContext);
  const shown = text ?? display(value, unit, digits);
  if (value === null || !d) {
    return (
      <span class="num num-plain" data-num={id} data-value={value === null ? "" : String(value)}>
        {shown}
      </span>
    );
  }
  api.register(id, d);
  const open = api.openId === id;
  return (
    <button
      type="button"
      class={open ? "num num-open" : "num"}
      data-num={id}
      data-value={String(value)}
      aria-haspopup="dialog"
      aria-expanded={open}
      title="Show how this number is derived"
      onClick={() => api.open(open ? "" : id)}
    >
      {shown}
    </button>
  );
}

/** A labelled figure: a label above, a number that explains itself below. */
export function Stat(props: NumProps & { label: string; hint?: ComponentChildren | undefined }) {
  const { label, hint, ...num } = props;
  return (
    <div class="stat">
      <div class="stat-label">{label}</div>
      <div class="stat-value">
        <Num {...num} />
      </div>
      {hint ? <div class="stat-hint">{hint}</div> : null}
    </div>
  );
}

/**
 * The expected number under an ideal one (a Stat's hint): the efficiency model's value, which opens its
 * own derivation, so every step time, throughput and cost shows the bound and the expected side by side.
 */
export function ExpectedHint({ id, value, unit, d, text }: NumProps) {
  return (
    <span class="expected-hint" data-expected={id}>
      expected: <Num id={id} value={value} unit={unit} d={d} text={text} />
    </span>
  );
}

/** The ideal (a bound) under an expected number: where a page leads with the expected one (the Training step). */
export function IdealHint({ id, value, unit, d, text }: NumProps) {
  return (
    <span class="expected-hint" data-ideal={id}>
      ideal (a bound): <Num id={id} value={value} unit={unit} d={d} text={text} />
    </span>
  );
}

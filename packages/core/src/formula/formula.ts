/**
 * `defineFormula`: the one definition of a formula. It yields
 *  - `fn(...)`: the compiled fast path, positional arguments in `inputs` order, no allocation;
 *  - `evaluate({...})`: the same from a record;
 *  - `explain({...})`: the derivation (symbolic formula, inputs with units and origins, substituted
 *    arithmetic, value, sources), computed by interpreting the same expression tree.
 * A differential test checks that `fn` and `explain` agree for every formula over many fixtures.
 */
import { formatQuantity } from "../format.ts";
import { describeOrigin, type Origin, type SourceRef } from "../sources.ts";
import type { UnitId } from "../units.ts";
import { derivationData, type Derivation, type DerivationInput } from "./derivation.ts";
import { compile, input, inputsOf, interpret, type Expr } from "./expr.ts";
import { substitutedLatex, substitutedText, symbolicLatex, symbolicText } from "./render-expr.ts";

export interface InputSpec {
  /** Plain-text symbol, e.g. "N_active". */
  symbol: string;
  /** LaTeX symbol, e.g. "N_{\\text{active}}"; defaults to the plain symbol. */
  latex?: string;
  unit: UnitId;
  description: string;
}

export interface FormulaSpec<K extends string> {
  /** Stable id, "area.name", e.g. "roofline.computeSeconds". */
  id: string;
  title: string;
  /** What the result is, in a sentence. */
  description: string;
  symbol: string;
  latex?: string;
  unit: UnitId;
  inputs: { readonly [P in K]: InputSpec };
  expr: (inputs: { readonly [P in K]: Expr }) => Expr;
  sources: readonly SourceRef[];
  /** Modelling assumptions every derivation repeats. */
  assumptions?: readonly string[];
}

/** A bound input: a number with its origin (and, when derived, the derivation that produced it). */
export interface Quantity {
  value: number;
  origin: Origin;
  derivation?: Derivation;
}

export interface Formula<K extends string> {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly symbol: string;
  readonly latexSymbol: string;
  readonly unit: UnitId;
  readonly inputs: { readonly [P in K]: InputSpec };
  readonly inputNames: readonly K[];
  readonly expression: Expr;
  readonly sources: readonly SourceRef[];
  readonly assumptions: readonly string[];
  readonly text: string;
  readonly latex: string;
  /** The fast path: positional arguments in `inputNames` order. */
  readonly fn: (...args: number[]) => number;
  evaluate(values: { readonly [P in K]: number }): number;
  explain(values: { readonly [P in K]: Quantity }, options?: ExplainOptions): Derivation;
}

export interface ExplainOptions {
  /** Name of the number in its analysis, when it differs from the formula's. */
  name?: string;
  title?: string;
  /** The symbol of this use (t_weights for a memory-read time of weights), when it differs. */
  symbol?: string;
  latexSymbol?: string;
  notes?: readonly string[];
}

const NO_NOTES: readonly string[] = Object.freeze([]);

const registry = new Map<string, Formula<string>>();

/** Every formula defined so far, by id (for `explain`, docs and the differential test). */
export function allFormulas(): ReadonlyMap<string, Formula<string>> {
  return registry;
}

export function defineFormula<K extends string>(spec: FormulaSpec<K>): Formula<K> {
  const inputNames = Object.keys(spec.inputs) as K[];
  const leaves = Object.fromEntries(inputNames.map((n) => [n, input(n)])) as { [P in K]: Expr };
  const expression = spec.expr(leaves);
  const used = inputsOf(expression);
  for (const n of used) {
    if (!inputNames.includes(n as K)) throw new Error(`${spec.id}: expression reads undeclared input "${n}"`);
  }
  for (const n of inputNames) {
    if (!used.includes(n)) throw new Error(`${spec.id}: input "${n}" is declared but never used`);
  }
  const symbols: Record<string, string> = {};
  const latexSymbols: Record<string, string> = {};
  for (const n of inputNames) {
    const s = spec.inputs[n];
    symbols[n] = s.symbol;
    latexSymbols[n] = s.latex ?? s.symbol;
  }
  const latexSymbol = spec.latex ?? spec.symbol;
  const rhsText = symbolicText(expression, symbols);
  const rhsLatex = symbolicLatex(expression, latexSymbols);
  const text = `${spec.symbol} = ${rhsText}`;
  const latex = `${latexSymbol} = ${rhsLatex}`;
  const fn = compile(expression, inputNames);
  const assumptions = spec.assumptions ?? [];
  // The formula as a derivation shows it, shared by every derivation that keeps the formula's own symbols.
  const ownFormula = { text, latex };

  const formula: Formula<K> = {
    id: spec.id,
    title: spec.title,
    description: spec.description,
    symbol: spec.symbol,
    latexSymbol,
    unit: spec.unit,
    inputs: spec.inputs,
    inputNames,
    expression,
    sources: spec.sources,
    assumptions: spec.assumptions ?? [],
    text,
    latex,
    fn,
    evaluate(values) {
      let result = 0;
      switch (inputNames.length) {
        case 1:
          result = fn(values[inputNames[0] as K]);
          break;
        case 2:
          result = fn(values[inputNames[0] as K], values[inputNames[1] as K]);
          break;
        default:
          result = fn(...inputNames.map((n) => values[n]));
      }
      return result;
    },
    explain(values, options) {
      const plain: Record<string, number> = {};
      const inputs: DerivationInput[] = [];
      const children: Derivation[] = [];
      for (const n of inputNames) {
        const q = values[n];
        if (q === undefined) throw new Error(`${spec.id}: input "${n}" has no value`);
        plain[n] = q.value;
        const s = spec.inputs[n];
        inputs.push(new ExplainedInput(n, s, q));
        if (q.derivation && !children.includes(q.derivation)) children.push(q.derivation);
      }
      const value = interpret(expression, plain);
      const name = options?.name ?? spec.id.slice(spec.id.lastIndexOf(".") + 1);
      const sym = options?.symbol ?? spec.symbol;
      const lsym = options?.latexSymbol ?? (options?.symbol ? options.symbol : latexSymbol);
      return new ExplainedDerivation(
        spec.id,
        name,
        options?.title ?? spec.title,
        spec.description,
        sym,
        lsym,
        spec.unit,
        sym === spec.symbol && lsym === latexSymbol ? ownFormula : { text: `${sym} = ${rhsText}`, latex: `${lsym} = ${rhsLatex}` },
        inputs,
        value,
        // Shared, never mutated (withNotes makes a new array): copying them per derivation was most of
        // the garbage an explained sweep made.
        spec.sources as SourceRef[],
        assumptions as string[],
        (options?.notes ?? NO_NOTES) as string[],
        children,
        expression,
        plain,
      );
    },
  };
  if (registry.has(spec.id)) throw new Error(`formula id ${spec.id} defined twice`);
  registry.set(spec.id, formula);
  return formula;
}

/**
 * One input of a derivation. Its formatted value and origin are built when first read (a class, so
 * that the lazy getters cost no closure per input); toJSON gives the plain data with them included.
 */
class ExplainedInput implements DerivationInput {
  readonly name: string;
  readonly symbol: string;
  readonly latexSymbol: string;
  readonly description: string;
  readonly unit: UnitId;
  readonly value: number;
  readonly origin: Origin;
  #display: string | undefined;
  #originText: string | undefined;
  constructor(name: string, spec: InputSpec, q: Quantity) {
    this.name = name;
    this.symbol = spec.symbol;
    this.latexSymbol = spec.latex ?? spec.symbol;
    this.description = spec.description;
    this.unit = spec.unit;
    this.value = q.value;
    this.origin = q.origin;
  }
  get display(): string {
    return (this.#display ??= formatQuantity(this.value, this.unit, 4));
  }
  get originText(): string {
    return (this.#originText ??= describeOrigin(this.origin));
  }
  toJSON(): DerivationInput {
    const { name, symbol, latexSymbol, description, unit, value, display, origin, originText } = this;
    return { name, symbol, latexSymbol, description, unit, value, display, origin, originText };
  }
}

/**
 * A formula's derivation. Its text (the substituted arithmetic, the formatted value) is built when
 * first read, not when the number is computed: a sweep that explains thousands of points renders
 * only those shown. A class, so that making one costs no closures (an object literal with getters
 * is created on V8's slow path, ~30× a plain one: it was most of an explained point's time). JSON
 * (toJSON) and copies (copyDerivation, for a renamed or annotated derivation) include the text, in
 * the order of the Derivation interface.
 */
class ExplainedDerivation implements Derivation {
  #substituted: { text: string; latex: string } | undefined;
  #display: string | undefined;
  readonly #expression: Expr;
  readonly #plain: Readonly<Record<string, number>>;
  constructor(
    readonly formulaId: string,
    public name: string,
    public title: string,
    readonly description: string,
    readonly symbol: string,
    readonly latexSymbol: string,
    readonly unit: UnitId,
    readonly formula: { text: string; latex: string },
    readonly inputs: DerivationInput[],
    readonly value: number,
    readonly sources: SourceRef[],
    readonly assumptions: string[],
    public notes: string[],
    readonly children: Derivation[],
    expression: Expr,
    plain: Readonly<Record<string, number>>,
  ) {
    this.#expression = expression;
    this.#plain = plain;
  }
  get substituted(): { text: string; latex: string } {
    return (this.#substituted ??= { text: `${this.symbol} = ${substitutedText(this.#expression, this.#plain)}`, latex: `${this.latexSymbol} = ${substitutedLatex(this.#expression, this.#plain)}` });
  }
  set substituted(v: { text: string; latex: string }) {
    this.#substituted = v;
  }
  get display(): string {
    return (this.#display ??= formatQuantity(this.value, this.unit, 4));
  }
  set display(v: string) {
    this.#display = v;
  }
  toJSON(): Derivation {
    return derivationData(this);
  }
}

// ---- Quantities -------------------------------------------------------------------------------

export function userGiven(value: number, name: string): Quantity {
  return { value, origin: { kind: "user", name } };
}
export function byDefault(value: number, reason: string): Quantity {
  return { value, origin: { kind: "default", reason } };
}
export function constant(value: number, reason: string, source?: SourceRef): Quantity {
  return { value, origin: source ? { kind: "constant", reason, source } : { kind: "constant", reason } };
}
export function derived(d: Derivation): Quantity {
  return { value: d.value, origin: { kind: "derived", formulaId: d.formulaId, name: d.name }, derivation: d };
}
export function withOrigin(value: number, origin: Origin): Quantity {
  return { value, origin };
}

/**
 * A formula graph: formulas wired together (this input comes from that formula's result, that one
 * from a parameter). An analysis is written once as a graph; from it come
 *  - `explain(params)`: every number with its derivation, derived inputs nested as children;
 *  - `compile(paramOrder, outputs)`: one straight-line JavaScript kernel for sweeps and search,
 *    no allocation per point, computing exactly the same expressions.
 */
import { constant, derived, type Formula, type Quantity } from "./formula.ts";
import type { Derivation } from "./derivation.ts";
import { compileSource, interpret, toJavaScript } from "./expr.ts";

export type Binding = { readonly param: string } | { readonly node: string } | { readonly value: number; readonly reason: string };

export interface GraphNode {
  /** The name of this number in the analysis ("computeSeconds"). */
  readonly name: string;
  readonly formula: Formula<string>;
  /** Where each formula input comes from. */
  readonly bind: Readonly<Record<string, Binding>>;
  readonly title?: string;
  readonly notes?: readonly string[];
}

/** Builds a node with the formula's input names checked at compile time. */
export function node<K extends string>(
  name: string,
  formula: Formula<K>,
  bind: { readonly [P in K]: Binding | string },
  extra: { title?: string; notes?: readonly string[] } = {},
): GraphNode {
  const b: Record<string, Binding> = {};
  for (const k of formula.inputNames) {
    const v = bind[k];
    b[k] = typeof v === "string" ? { param: v } : v;
  }
  return { name, formula: formula as unknown as Formula<string>, bind: b, ...extra };
}

/** Binding helpers: `from("computeSeconds")` reads another node; a plain string names a parameter. */
export function from(nodeName: string): Binding {
  return { node: nodeName };
}
export function fixed(value: number, reason: string): Binding {
  return { value, reason };
}

export type Kernel = (...args: number[]) => number;

export class FormulaGraph {
  readonly nodes: readonly GraphNode[];
  readonly params: readonly string[];
  private readonly byName: Map<string, GraphNode>;

  constructor(nodes: readonly GraphNode[]) {
    this.nodes = nodes;
    this.byName = new Map();
    const params: string[] = [];
    for (const n of nodes) {
      if (this.byName.has(n.name)) throw new Error(`graph: node "${n.name}" defined twice`);
      for (const [input, b] of Object.entries(n.bind)) {
        if ("node" in b && !this.byName.has(b.node)) throw new Error(`graph: node "${n.name}" input "${input}" reads "${b.node}", which is not defined before it`);
        if ("param" in b && !params.includes(b.param)) params.push(b.param);
      }
      this.byName.set(n.name, n);
    }
    this.params = params;
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  /** The nodes an output depends on, in evaluation order. */
  private closure(outputs: readonly string[]): GraphNode[] {
    const need = new Set<string>();
    const visit = (name: string) => {
      if (need.has(name)) return;
      const n = this.byName.get(name);
      if (!n) throw new Error(`graph: no node "${name}"`);
      need.add(name);
      for (const b of Object.values(n.bind)) if ("node" in b) visit(b.node);
    };
    outputs.forEach(visit);
    return this.nodes.filter((n) => need.has(n.name));
  }

  /** The parameters the given outputs depend on. */
  paramsOf(outputs: readonly string[]): string[] {
    const out: string[] = [];
    for (const n of this.closure(outputs)) for (const b of Object.values(n.bind)) if ("param" in b && !out.includes(b.param)) out.push(b.param);
    return out;
  }

  /** Every node (or just `outputs` and what they need) with its derivation. */
  explain(params: Readonly<Record<string, Quantity>>, outputs?: readonly string[]): Record<string, Derivation> {
    const nodes = outputs ? this.closure(outputs) : this.nodes;
    const result: Record<string, Derivation> = {};
    for (const n of nodes) {
      const q: Record<string, Quantity> = {};
      for (const [input, b] of Object.entries(n.bind)) {
        if ("param" in b) {
          const p = params[b.param];
          if (!p) throw new Error(`graph: parameter "${b.param}" (for ${n.name}.${input}) has no value`);
          q[input] = p;
        } else if ("node" in b) {
          q[input] = derived(result[b.node] as Derivation);
        } else {
          q[input] = constant(b.value, b.reason);
        }
      }
      result[n.name] = n.formula.explain(q, { name: n.name, ...(n.title ? { title: n.title } : {}), ...(n.notes ? { notes: n.notes } : {}) });
    }
    return result;
  }

  /** Values only, by interpretation (the explained path's arithmetic, without building derivations). */
  evaluate(params: Readonly<Record<string, number>>, outputs?: readonly string[]): Record<string, number> {
    const nodes = outputs ? this.closure(outputs) : this.nodes;
    const v: Record<string, number> = {};
    for (const n of nodes) {
      const vals: Record<string, number> = {};
      for (const [input, b] of Object.entries(n.bind)) {
        vals[input] = "param" in b ? (params[b.param] as number) : "node" in b ? (v[b.node] as number) : b.value;
      }
      v[n.name] = interpret(n.formula.expression, vals);
    }
    return v;
  }

  /**
   * Compiles the outputs into one function of the parameters in `paramOrder`. With one output it
   * returns that value; with several it also writes them, in order, into the trailing `out` array.
   */
  compile(paramOrder: readonly string[], outputs: readonly string[]): Kernel {
    const nodes = this.closure(outputs);
    const missing = this.paramsOf(outputs).filter((p) => !paramOrder.includes(p));
    if (missing.length) throw new Error(`graph.compile: parameters not in paramOrder: ${missing.join(", ")}`);
    const paramIndex = new Map(paramOrder.map((p, i) => [p, i] as const));
    const nodeIndex = new Map(nodes.map((n, i) => [n.name, i] as const));
    const lines: string[] = ['"use strict";'];
    for (const [i, n] of nodes.entries()) {
      const leaf = (input: string): string => {
        const b = n.bind[input];
        if (!b) throw new Error(`graph: ${n.name}.${input} unbound`);
        if ("param" in b) return `a${paramIndex.get(b.param)}`;
        if ("node" in b) return `n${nodeIndex.get(b.node)}`;
        return String(b.value);
      };
      lines.push(`const n${i} = ${toJavaScript(n.formula.expression, leaf)};`);
    }
    if (outputs.length > 1) outputs.forEach((o, k) => lines.push(`out[${k}] = n${nodeIndex.get(o)};`));
    lines.push(`return n${nodeIndex.get(outputs[0] as string)};`);
    const argNames = [...paramOrder.map((_, i) => `a${i}`), "out"];
    const compiled = compileSource<Kernel>(argNames, lines.join("\n"));
    if (compiled) return compiled;
    // No `new Function` (strict CSP): interpret the same graph.
    return (...args: number[]) => {
      const params: Record<string, number> = {};
      paramOrder.forEach((p, i) => (params[p] = args[i] as number));
      const v = this.evaluate(params, outputs);
      const out = args[paramOrder.length] as unknown as number[] | undefined;
      if (out && outputs.length > 1) outputs.forEach((o, k) => (out[k] = v[o] as number));
      return v[outputs[0] as string] as number;
    };
  }
}

/**
 * A formula graph: formulas wired together (this input comes from that formula's result, that one
 * from a parameter). An analysis is written once as a graph; from it come
 *  - `explain(params)`: every number with its derivation, derived inputs nested as children;
 *  - `compile(paramOrder, outputs)`: one straight-line JavaScript kernel for sweeps and search,
 *    no allocation per point, computing exactly the same expressions.
 * The specialised kernels (`specialize`, `specializeStaged`, and `sweepGrid` in ./grid.ts) compute each part once: at the
 * outermost loop level where its inputs are known, once per distinct code (equal code, equal value), and —
 * for costly parts that are a function of one value of their level (a batch, a chip count, a tile count) —
 * once per distinct value, remembered in a memo table of the kernel. A grid (`sweepGrid`) also computes a
 * costly part that does not read every loop outside its level once per point of the loops it reads, into a
 * table before the loops (`tabulate`, ./grid.ts). The operations are the formulas' own, except that sums, products,
 * maxima and minima may be regrouped (operands known at outer levels, or missing an outer loop, combined
 * first) and a division by an outer-level value may become a multiplication by its reciprocal;
 * test/kernel-equality.test.ts holds the kernels to the derivations within 1e-12.
 */
import { constant, derived, type ExplainOptions, type Formula, type Quantity } from "./formula.ts";
import type { Derivation } from "./derivation.ts";
import { compileSource, interpret, toJavaScript, type Expr } from "./expr.ts";

export type Binding = { readonly param: string } | { readonly node: string } | { readonly value: number; readonly reason: string };

export interface GraphNode {
  /** The name of this number in the analysis ("computeSeconds"). */
  readonly name: string;
  readonly formula: Formula<string>;
  /** Where each formula input comes from. */
  readonly bind: Readonly<Record<string, Binding>>;
  readonly title?: string;
  /** This use's symbol, when it differs from the formula's (t_weights, t_KV for memory-read times). */
  readonly symbol?: string;
  readonly latexSymbol?: string;
  readonly notes?: readonly string[];
}

/** Builds a node with the formula's input names checked at compile time. */
export function node<K extends string>(
  name: string,
  formula: Formula<K>,
  bind: { readonly [P in K]: Binding | string },
  extra: { title?: string; symbol?: string; latexSymbol?: string; notes?: readonly string[] } = {},
): GraphNode {
  const b: Record<string, Binding> = {};
  for (const k of formula.inputNames) {
    const v = bind[k];
    b[k] = typeof v === "string" ? { param: v } : v;
  }
  return { name, formula, bind: b, ...extra };
}

/** Binding helpers: `from("computeSeconds")` reads another node; a plain string names a parameter. */
export function from(nodeName: string): Binding {
  return { node: nodeName };
}
export function fixed(value: number, reason: string): Binding {
  return { value, reason };
}

/**
 * A compiled kernel: the varying parameters, positionally; with several outputs, a trailing array that
 * receives them in order (the first is also returned).
 */
export type Kernel = (...args: (number | Float64Array | number[])[]) => number;

/** A statement of generated code: `const name = js;`, with the one value of its level it is a function of (`key`). */
export interface Stmt {
  readonly name: string;
  readonly js: string;
  readonly key: string;
  readonly reads: readonly string[];
  readonly cost: number;
  /** The loop levels it depends on, as bits (1 << level): its level is the highest. */
  readonly axes: number;
}
/** Variables of the generated code: parameters a0…/b0…, node values n…, temporaries t…/c… (hoisted constants h… are not values of a level). */
const READS = /\b[abnct]\d+\b/g;
const OUTER = "\u0001outer";
/** Rough cost of a statement in additions: a divide or square root ~4, exp/log/pow ~20, a rounding ~1. */
function costOf(js: string): number {
  let c = 0;
  for (const ch of js) if (ch === "/") c += 4;
  for (const m of js.matchAll(/Math\.(sqrt|exp|log|pow|ceil|floor)\(/g)) c += m[1] === "sqrt" ? 4 : m[1] === "ceil" || m[1] === "floor" ? 1 : 20;
  return c;
}
function children(x: Expr): readonly Expr[] {
  return "args" in x ? x.args : "b" in x ? [x.a, x.b] : "a" in x ? [x.a] : [];
}

/** Entries of a memo table (a power of two: the index is the key's low bits). */
const MEMO_SIZE = 1024;
/**
 * Entries of a memo table keyed by a value that combines several parameters (a prefill pass's tokens,
 * sequences × mean new tokens): its values spread wider than a parameter's or a tile count's (a simulated
 * run of 3,000 spread prompts makes ~2,100 distinct totals, which thrash a table of 1,024).
 */
const MEMO_SIZE_COMBINED = 4096;
/** A group of statements is memoised when it costs at least this much more than reading its results back (half each). */
export const MEMO_MIN_COST = 6;

/**
 * The statements of each level as code, with memo tables: the statements of a level that are a
 * function of one value K of that level (a parameter, or a whole number such as a tile count) and of
 * constants are computed once per distinct K and looked up afterwards (a table of MEMO_SIZE entries,
 * MEMO_SIZE_COMBINED where K combines several parameters: `memoSize`; indexed by K's low bits, declared
 * in `preamble`, filled as the kernel runs). The lookup checks the stored key, so a result is always
 * the one the statements give for exactly that K: the same operations on the same operands, bit for bit.
 * Zero (±0) is never kept as a key, so −0 and 0 never mix.
 */
export function renderLevels(
  statements: readonly Stmt[][],
  paramsAt: readonly (readonly string[])[],
  memoSize: (name: string) => number,
  finalReads: readonly string[],
  prefix = "",
  loads: readonly { readonly lines: readonly string[]; readonly names: readonly string[] }[] = [],
): { levels: string[][]; preamble: string[] } {
  const groupOf = new Map<string, string>(); // statement → its group's key
  const groups = new Map<string, Stmt[]>();
  // A parameter as key pays only if it can come back while something else has changed: another parameter
  // varies at its level or inside it. (A kernel of the batch alone — a curve, a bisection — sees each batch once.)
  const levelOfParam = new Map<string, number>();
  paramsAt.forEach((ps, l) => ps.forEach((p) => levelOfParam.set(p, l)));
  const recurs = (key: string): boolean => {
    const l = levelOfParam.get(key);
    return l === undefined || (paramsAt[l]?.length ?? 0) > 1 || paramsAt.slice(l + 1).some((ps) => ps.length > 0);
  };
  for (const level of statements)
    for (const st of level) {
      if (st.key === st.name || memoSize(st.key) === 0 || !recurs(st.key)) continue;
      groupOf.set(st.name, st.key);
      const g = groups.get(st.key);
      if (g) g.push(st);
      else groups.set(st.key, [st]);
    }
  const usedOutside = new Set<string>(finalReads);
  for (const level of statements)
    for (const st of level) {
      const g = groupOf.get(st.name);
      for (const r of st.reads) if (groupOf.has(r) && groupOf.get(r) !== g) usedOutside.add(r);
    }
  const preamble: string[] = [];
  const blocks = new Map<string, string[]>();
  for (const [key, members] of groups) {
    // A cheap result read straight from the key (n = a·h) is recomputed outside rather than stored.
    const direct = members.filter((m) => usedOutside.has(m.name) && m.cost === 0 && m.reads.every((r) => r === key));
    const outs = members.filter((m) => usedOutside.has(m.name) && !direct.includes(m));
    const cost = members.reduce((a, m) => a + m.cost, 0);
    if (outs.length === 0 || cost < MEMO_MIN_COST + outs.length / 2) {
      groups.delete(key);
      for (const m of members) groupOf.delete(m.name);
      continue;
    }
    // One table per group, a row per entry: the key, then the group's results (one cache line or two).
    // The lookup stays in the kernel; computing and storing a missing entry is a function of its own (F),
    // so that the kernel stays small enough for the engine to inline into its caller's loop.
    const g = `${prefix}${blocks.size}`;
    const stride = outs.length + 1;
    const size = memoSize(key);
    preamble.push(
      `const M${g} = new Float64Array(${size * stride});`,
      `for (let i = 0; i < ${size * stride}; i += ${stride}) M${g}[i] = NaN;`,
      `function F${g}(${key}, r) {`,
      ...members.map((m) => `const ${m.name} = ${m.js};`),
      // The row serves this call; it is kept for later ones unless the key is ±0 (so −0 and 0 never mix).
      `M${g}[r] = ${key} === 0 ? NaN : ${key};`,
      ...outs.map((m, j) => `M${g}[r + ${j + 1}] = ${m.name};`),
      "}",
    );
    blocks.set(key, [
      ...direct.map((m) => `const ${m.name} = ${m.js};`),
      `const r${g} = ((${key} | 0) & ${size - 1}) * ${stride};`,
      `if (M${g}[r${g}] !== ${key}) F${g}(${key}, r${g});`,
      ...outs.map((m, j) => `const ${m.name} = M${g}[r${g} + ${j + 1}];`),
    ]);
  }
  const levels = statements.map((level, l) => {
    const lines: string[] = [];
    for (const p of paramsAt[l] ?? []) lines.push(...(blocks.get(p) ?? []));
    // Values read from a table filled before the loops (see tabulate), and the lookups keyed by them.
    const load = loads[l];
    if (load) {
      lines.push(...load.lines);
      for (const name of load.names) lines.push(...(blocks.get(name) ?? []));
    }
    for (const st of level) {
      if (groupOf.has(st.name)) continue;
      lines.push(`const ${st.name} = ${st.js};`);
      lines.push(...(blocks.get(st.name) ?? []));
    }
    return lines;
  });
  return { levels, preamble };
}

/** Compiled kernel factories by source text (oldest dropped first past the bound). */
const factoryCache = new Map<string, (H: Float64Array) => unknown>();
const FACTORY_CACHE_SIZE = 256;

/**
 * Specialised kernels by what determines them: the graph's structure (node names, formula objects,
 * bindings), the varying parameters and their levels, every fixed value (exactly) and the outputs. A
 * search or a page that asks again for the kernel of the same setup gets the same kernel (its memo
 * tables already filled: they hold values of exactly these constants) instead of planning it anew.
 */
const kernelCache = new Map<string, unknown>(); // each holds its memo tables: ~0.1 MB
/** A kernel made before for this key (formula/grid.ts). */
export function cachedKernel(key: string): unknown {
  return kernelCache.get(key);
}
const KERNEL_CACHE_SIZE = 32;
export function remember<T>(key: string, kernel: T): T {
  if (kernelCache.size >= KERNEL_CACHE_SIZE) kernelCache.delete(kernelCache.keys().next().value as string);
  kernelCache.set(key, kernel);
  return kernel;
}
/** Formula objects numbered by identity (two formulas may share an id in tests; never an object). */
const formulaSerial = new WeakMap<object, number>();
let nextFormulaSerial = 0;
const numberKey = (v: number | undefined): string => (v === undefined ? "u" : Object.is(v, -0) ? "-0" : String(v));

/**
 * A node's explain options: the node itself (it has the fields explain reads: name, title, symbol,
 * latexSymbol, notes), unless one is an empty string, which explain must not see (an empty title
 * falls back to the formula's). No object per node per explained point.
 */
function explainOptions(n: GraphNode): ExplainOptions {
  if (n.title !== "" && n.symbol !== "" && n.latexSymbol !== "") return n;
  return {
    name: n.name,
    ...(n.title ? { title: n.title } : {}),
    ...(n.symbol ? { symbol: n.symbol } : {}),
    ...(n.latexSymbol ? { latexSymbol: n.latexSymbol } : {}),
    ...(n.notes ? { notes: n.notes } : {}),
  };
}

/**
 * One input of a node, read once when the graph is built: from a parameter (its name), from another
 * node (its index in the graph), or a fixed value (its Quantity, made once per graph).
 */
type Wire = { readonly input: string; readonly param: string } | { readonly input: string; readonly from: number } | { readonly input: string; readonly fixed: Quantity };

export class FormulaGraph {
  readonly nodes: readonly GraphNode[];
  readonly params: readonly string[];
  private readonly byName: Map<string, GraphNode>;
  /** Each node's inputs, in the node's order (index i: nodes[i]). */
  private readonly wires: readonly (readonly Wire[])[];
  private readonly indexOf: Map<string, number>;

  private structure: string | undefined;

  /** What a kernel of this graph depends on, besides the fixed values: nodes, formulas, bindings (computed once). */
  private signature(): string {
    if (this.structure === undefined) {
      const parts: string[] = [];
      for (const n of this.nodes) {
        let serial = formulaSerial.get(n.formula);
        if (serial === undefined) formulaSerial.set(n.formula, (serial = nextFormulaSerial++));
        parts.push(n.name, String(serial));
        for (const [input, b] of Object.entries(n.bind)) parts.push(input, "param" in b ? `p${b.param}` : "node" in b ? `n${b.node}` : `v${numberKey(b.value)}`);
      }
      this.structure = parts.join("\u0000");
    }
    return this.structure;
  }

  /** @internal (formula/grid.ts) */
  kernelKey(kind: string, varying: readonly string[], fixedValues: Readonly<Record<string, number>>, outputs: readonly string[]): string {
    const fixed = this.params.map((p) => (varying.includes(p) ? "*" : numberKey(fixedValues[p]))).join(",");
    return `${kind}\u0001${varying.join(",")}\u0001${outputs.join(",")}\u0001${fixed}\u0001${this.signature()}`;
  }

  constructor(nodes: readonly GraphNode[]) {
    this.nodes = nodes;
    this.byName = new Map();
    this.indexOf = new Map();
    const params = new Set<string>();
    const wires: Wire[][] = [];
    for (let i = 0; i < nodes.length; i++) {
      const n = nodes[i] as GraphNode;
      if (this.byName.has(n.name)) throw new Error(`graph: node "${n.name}" defined twice`);
      const w: Wire[] = [];
      for (const input in n.bind) {
        const b = n.bind[input] as Binding;
        if ("node" in b) {
          const at = this.indexOf.get(b.node);
          if (at === undefined) throw new Error(`graph: node "${n.name}" input "${input}" reads "${b.node}", which is not defined before it`);
          w.push({ input, from: at });
        } else if ("param" in b) {
          params.add(b.param);
          w.push({ input, param: b.param });
        } else w.push({ input, fixed: constant(b.value, b.reason) });
      }
      wires.push(w);
      this.byName.set(n.name, n);
      this.indexOf.set(n.name, i);
    }
    this.params = [...params];
    this.wires = wires;
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
    // Each node's result as an input of the nodes that read it: one Quantity per node, shared by its readers.
    const asInput: (Quantity | undefined)[] = new Array(this.nodes.length);
    for (const n of nodes) {
      const i = this.indexOf.get(n.name) as number;
      const q: Record<string, Quantity> = {};
      for (const w of this.wires[i] as readonly Wire[]) {
        if ("param" in w) {
          const p = params[w.param];
          if (!p) throw new Error(`graph: parameter "${w.param}" (for ${n.name}.${w.input}) has no value`);
          q[w.input] = p;
        } else if ("from" in w) q[w.input] = asInput[w.from] as Quantity;
        else q[w.input] = w.fixed;
      }
      const d = n.formula.explain(q, explainOptions(n));
      result[n.name] = d;
      asInput[i] = derived(d);
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
   * Plans code for the outputs when the parameters in `levels` vary (each at a loop level: 0 outermost)
   * and the others are fixed. Every node and every subexpression is computed at the outermost level at
   * which all its inputs are known: fixed-only work once (hoisted constants `h`), batch-only work once
   * per batch, and so on. Returns the statements of each level and how to read each output.
   */
  /** @internal (formula/grid.ts) */
  plan(vary: readonly { param: string; level: number; code: string }[], fixedValues: Readonly<Record<string, number>>, outputs: readonly string[], partial = false) {
    const levels = new Map(vary.map((v) => [v.param, v] as const));
    const nodes = this.closure(outputs);
    for (const p of this.paramsOf(outputs)) {
      if (!levels.has(p) && fixedValues[p] === undefined) throw new Error(`graph: parameter "${p}" is neither varying nor fixed`);
    }
    const depth = Math.max(0, ...vary.map((v) => v.level)) + 1;
    const statements: Stmt[][] = Array.from({ length: depth }, () => []);
    const hoisted: number[] = [];
    // What each variable of the generated code is: its level, its key (the one value of its own level
    // it is a function of, with constants: itself when it reads several, or reads an outer level) and
    // whether it is a whole number by construction (⌈x⌉, ⌊x⌋ and sums/products of such).
    const info = new Map<string, { level: number; key: string; whole: boolean; axes: number }>();
    for (const v of vary) info.set(v.code, { level: v.level, key: v.code, whole: false, axes: 2 ** v.level });
    const keyAt = (name: string, level: number): string | null => {
      const i = info.get(name);
      if (!i) return null; // a hoisted constant
      return i.level < level ? OUTER : i.key;
    };
    const wholeOf = (e: Expr, code: (name: string) => string): boolean => {
      switch (e.op) {
        case "num":
          return Number.isInteger(e.value);
        case "in": {
          const c = code(e.name);
          const h = /^h(\d+)$/.exec(c);
          return h ? Number.isInteger(hoisted[Number(h[1])]) : (info.get(c)?.whole ?? false);
        }
        case "ceil":
        case "floor":
          return true;
        case "add":
        case "mul":
        case "max":
        case "min":
          return e.args.every((a) => wholeOf(a, code));
        case "sub":
          return wholeOf(e.a, code) && wholeOf(e.b, code);
        case "neg":
          return wholeOf(e.a, code);
        default:
          return false;
      }
    };
    // Equal code at a level computes an equal value (every name is assigned once): emit it once, so
    // that the parts several nodes (or several lifted subtrees) share are computed once.
    const byCode = new Map<string, string>();
    const emit = (level: number, name: string, js: string, whole: boolean): string => {
      const seen = byCode.get(`${level}:${js}`);
      if (seen !== undefined) return seen;
      byCode.set(`${level}:${js}`, name);
      const reads = js.match(READS) ?? [];
      let axes = 0;
      for (const r of reads) axes |= info.get(r)?.axes ?? 0;
      let key: string | null = null;
      for (const r of reads) {
        const k = keyAt(r, level);
        if (k === null || k === key) continue;
        key = key === null ? k : name;
        if (key === name) break;
      }
      if (key === null || key === OUTER) key = name;
      info.set(name, { level, key, whole, axes });
      statements[level]?.push({ name, js, key, reads, cost: costOf(js), axes });
      return name;
    };
    // For each node: its level (-1 = constant) and how to read it.
    const nodeLevel = new Map<string, number>();
    const nodeCode = new Map<string, string>();
    const nodeValue = new Map<string, number>();
    let temp = 0;
    // One hoisted slot per distinct value: equal constants read the same name, so equal subexpressions
    // print the same and the common-subexpression pass below finds them.
    const hoistedByValue = new Map<number, string>();
    const constant = (v: number) => {
      const seen = hoistedByValue.get(v);
      if (seen !== undefined && !Object.is(v, -0)) return seen;
      hoisted.push(v);
      const name = `h${hoisted.length - 1}`;
      if (!Object.is(v, -0)) hoistedByValue.set(v, name);
      return name;
    };
    for (const n of nodes) {
      const leaf = (input: string): { level: number; code?: string; value?: number } => {
        const b = n.bind[input] as Binding;
        if ("param" in b) {
          const l = levels.get(b.param);
          return l === undefined ? { level: -1, value: fixedValues[b.param] as number } : { level: l.level, code: l.code };
        }
        if ("node" in b) {
          const l = nodeLevel.get(b.node) as number;
          return l < 0 ? { level: -1, value: nodeValue.get(b.node) as number } : { level: l, code: nodeCode.get(b.node) as string };
        }
        return { level: -1, value: b.value };
      };
      const levelOf = (e: Expr): number => {
        switch (e.op) {
          case "num":
            return -1;
          case "in":
            return leaf(e.name).level;
          case "add":
          case "mul":
          case "max":
          case "min":
            return Math.max(-1, ...e.args.map(levelOf));
          case "sub":
          case "div":
          case "pow":
            return Math.max(levelOf(e.a), levelOf(e.b));
          default:
            return levelOf(e.a);
        }
      };
      // The loops an expression reads, as bits (1 << level).
      const maskOf = (e: Expr): number => {
        switch (e.op) {
          case "num":
            return 0;
          case "in": {
            const l = leaf(e.name);
            return l.level < 0 ? 0 : (info.get(l.code as string)?.axes ?? 0);
          }
          case "add":
          case "mul":
          case "max":
          case "min":
            return e.args.reduce((m, a) => m | maskOf(a), 0);
          case "sub":
          case "div":
          case "pow":
            return maskOf(e.a) | maskOf(e.b);
          default:
            return maskOf(e.a);
        }
      };
      const constants: Record<string, number> = {};
      for (const input of Object.keys(n.bind)) {
        const l = leaf(input);
        if (l.level < 0) constants[input] = l.value as number;
      }
      const level = levelOf(n.formula.expression);
      nodeLevel.set(n.name, level);
      if (level < 0) {
        nodeValue.set(n.name, interpret(n.formula.expression, constants));
        continue;
      }
      // Terms that are exactly zero for these fixed values (a model with no sliding windows, no
      // sparse-attention indexer) are dropped: inputs are finite, so 0 · x = 0 and y + 0 = y; so are
      // factors of exactly one (x · 1 = x, bit for bit).
      const prune = (e: Expr): Expr => {
        switch (e.op) {
          case "mul": {
            const args = e.args.map(prune);
            if (args.some((a) => levelOf(a) < 0 && interpret(a, constants) === 0)) return { op: "num", value: 0 };
            // A fixed factor of exactly 1 changes no bit: x · 1 = x.
            const kept = args.filter((a) => !(levelOf(a) < 0 && interpret(a, constants) === 1));
            if (kept.length === 0) return { op: "num", value: 1 };
            return kept.length === 1 ? (kept[0] as Expr) : { op: "mul", args: kept };
          }
          case "add": {
            const args = e.args.map(prune).filter((a) => !(a.op === "num" && a.value === 0));
            if (args.length === 0) return { op: "num", value: 0 };
            return args.length === 1 ? (args[0] as Expr) : { op: "add", args };
          }
          case "max":
          case "min":
            return { op: e.op, args: e.args.map(prune) };
          case "sub":
          case "div":
          case "pow":
            return { op: e.op, a: prune(e.a), b: prune(e.b) };
          case "num":
          case "in":
            return e;
          default:
            return { op: e.op, a: prune(e.a) };
        }
      };
      // Lift subtrees that depend on outer levels (or on nothing) out of this node's level.
      const lifted = new Map<string, string>();
      const lift = (e: Expr): Expr => {
        const l = levelOf(e);
        if (e.op !== "num" && e.op !== "in" && l < level) {
          const name = `\u0000t${temp++}`;
          if (l < 0) lifted.set(name, constant(interpret(e, constants)));
          else {
            const v = `t${temp}`;
            lifted.set(name, emit(l, v, toJavaScript(e, (x) => code(x)), wholeOf(e, code)));
          }
          return { op: "in", name };
        }
        switch (e.op) {
          case "num":
          case "in":
            return e;
          case "add":
          case "mul":
          case "max":
          case "min": {
            // Group the operands known at outer levels (commutative, associative) so that they are
            // combined once there: N·F·η with only N varying becomes N·(F·η).
            const outer = e.args.filter((a) => levelOf(a) < level);
            const units: Expr[][] = outer.length > 1 ? [...e.args.filter((a) => levelOf(a) >= level).map((a) => [a]), outer] : e.args.map((a) => [a]);
            const unit = (u: Expr[]): Expr => (u.length > 1 ? lift({ op: e.op, args: u }) : lift(u[0] as Expr));
            // In a grid, likewise the operands that do not read one of the loops outside this level
            // (the batch's terms, with the batch innermost, read no context): combined on their own, they
            // are one part a table can hold (see tabulate), and the loop adds the rest to it.
            if (partial) {
              const maskOfUnit = (u: Expr[]) => u.reduce((m, a) => m | maskOf(a), 0);
              let group: Expr[][] = [];
              for (let b = 0; b < level; b++) {
                const without = units.filter((u) => (maskOfUnit(u) & (2 ** b)) === 0);
                if (without.length > group.length) group = without;
              }
              if (group.length > 1 && group.length < units.length && group.some((u) => u.some((a) => levelOf(a) === level))) {
                const g = lift({ op: e.op, args: group.flat() });
                const name = `\u0000t${temp++}`;
                lifted.set(name, emit(level, `t${temp}`, toJavaScript(g, code), wholeOf(g, code)));
                return { op: e.op, args: [...units.filter((u) => !group.includes(u)).map(unit), { op: "in", name }] };
              }
            }
            // Likewise the operands that are each a function of the same one value K of this level (two
            // results of one memo group, both keyed by a prefill pass's tokens): combined on their own, they
            // are one more result of that group, so a lookup reads back one number instead of several.
            const keyOfUnit = (u: Expr[]): string | null => {
              const a = u[0] as Expr;
              if (u.length !== 1 || a.op !== "in") return null;
              const c = code(a.name);
              const k = keyAt(c, level);
              return k === null || k === OUTER || k === c ? null : k;
            };
            const byKey = new Map<string, Expr[][]>();
            for (const u of units) {
              const k = keyOfUnit(u);
              if (k !== null) byKey.set(k, [...(byKey.get(k) ?? []), u]);
            }
            for (const group of byKey.values()) {
              if (group.length < 2 || group.length === units.length) continue;
              const g = lift({ op: e.op, args: group.flat() });
              const name = `\u0000t${temp++}`;
              lifted.set(name, emit(level, `t${temp}`, toJavaScript(g, code), wholeOf(g, code)));
              return { op: e.op, args: [...units.filter((u) => !group.includes(u)).map(unit), { op: "in", name }] };
            }
            return { op: e.op, args: units.map(unit) };
          }
          case "div":
            // Dividing by a value of an outer level: multiply by its reciprocal, computed there
            // (a multiply is several times cheaper than a divide; the result differs by at most an ulp).
            // Dividing by a fixed value of exactly 1 is no operation: x / 1 = x, bit for bit.
            if (levelOf(e.b) < 0 && interpret(e.b, constants) === 1) return lift(e.a);
            if (levelOf(e.b) < level) return { op: "mul", args: [lift(e.a), lift({ op: "div", a: { op: "num", value: 1 }, b: e.b })] };
            return { op: e.op, a: lift(e.a), b: lift(e.b) };
          case "sub":
          case "pow":
            return { op: e.op, a: lift(e.a), b: lift(e.b) };
          default:
            return { op: e.op, a: lift(e.a) };
        }
      };
      const code = (name: string): string => {
        const hit = lifted.get(name);
        if (hit) return hit;
        const l = leaf(name);
        return l.level < 0 ? constant(l.value as number) : (l.code as string);
      };
      const shared = commonSubexpressions(lift(prune(n.formula.expression)), code, (js, e) => {
        const c = `c${temp++}`;
        return emit(level, c, js, wholeOf(e, code));
      }, lifted);
      // Split out the costly parts that are a function of one value of this level (the tile
      // quantisation of the batch's rows, the wave quantisation of a tile count) so that they can be
      // looked up by that value rather than recomputed (see memoised below).
      // One pass from the leaves: a subtree's keys (the values of this level it reads); a costly subtree
      // with one key inside an expression with several is computed on its own.
      const extract = (e: Expr): Expr => {
        const c = `c${temp}`;
        const name = `\u0000s${temp++}`;
        lifted.set(name, emit(level, c, toJavaScript(e, code), wholeOf(e, code)));
        return { op: "in", name };
      };
      const split = (e: Expr): { e: Expr; key: string | null; cost: number } => {
        if (e.op === "num") return { e, key: null, cost: 0 };
        if (e.op === "in") return { e, key: keyAt(code(e.name), level), cost: 0 };
        const parts = children(e).map(split);
        let key: string | null = null;
        for (const p of parts) if (p.key !== null && p.key !== key) key = key === null ? p.key : OUTER;
        const own = e.op === "div" || e.op === "sqrt" ? 4 : e.op === "exp" || e.op === "ln" || e.op === "pow" ? 20 : e.op === "ceil" || e.op === "floor" ? 1 : 0;
        const cost = parts.reduce((a, p) => a + p.cost, own);
        if (key !== OUTER) return { e, key, cost };
        const args = parts.map((p) => (p.key !== null && p.key !== OUTER && p.cost > 0 && p.e.op !== "in" ? extract(p.e) : p.e));
        const [a0 = e, a1 = e] = args;
        const rebuilt: Expr = "args" in e ? { op: e.op, args } : "b" in e ? { op: e.op, a: a0, b: a1 } : { op: e.op, a: a0 } as Expr;
        return { e: rebuilt, key: OUTER, cost };
      };
      const expr = split(shared).e;
      const v = `n${nodeCode.size}`;
      nodeCode.set(n.name, emit(level, v, toJavaScript(expr, code), wholeOf(expr, code)));
    }
    const read = (o: string): { level: number; code: string } => {
      const l = nodeLevel.get(o) as number;
      return l < 0 ? { level: -1, code: constant(nodeValue.get(o) as number) } : { level: l, code: nodeCode.get(o) as string };
    };
    const paramsAt: string[][] = Array.from({ length: depth }, () => []);
    for (const v of vary) paramsAt[v.level]?.push(v.code);
    // What a memo table may be keyed by: a parameter, a whole number (a tile count), or a value that
    // combines several of them and that costly parts depend on alone (a prefill pass's tokens, sequences ×
    // mean new tokens: the simulator's passes repeat their totals; a layout's chips per stage, expert ×
    // tensor parallel, shared by many layouts).
    // Returns the entries of its table (0: not a key).
    const memoSize = (name: string): number =>
      levelsByCode.has(name) || (info.get(name)?.whole ?? false) ? MEMO_SIZE : info.get(name)?.key === name ? MEMO_SIZE_COMBINED : 0;
    const levelsByCode = new Set(vary.map((v) => v.code));
    return { read, depth, hoisted, statements, paramsAt, memoSize, render: (finalReads: readonly string[]) => renderLevels(statements, paramsAt, memoSize, finalReads) };
  }

  /** @internal (formula/grid.ts) */
  build<F>(hoisted: number[], preamble: readonly string[], signature: string, body: string): F | null {
    const consts = hoisted.map((_, i) => `const h${i} = H[${i}];`).join("\n");
    const source = `"use strict";\n${consts}\n${preamble.join("\n")}\nreturn function ${signature} {\n${body}\n};`;
    // The constants travel in H, so a kernel of the same structure (the same model at another
    // precision, the same search run again) has the same source: reuse its factory, and with it the
    // engine's optimised code, rather than compiling and warming up a copy.
    let factory = factoryCache.get(source) as ((H: Float64Array) => F) | undefined;
    if (factory === undefined) {
      const compiled = compileSource<(H: Float64Array) => F>(["H"], source);
      if (!compiled) return null;
      factory = compiled;
      if (factoryCache.size >= FACTORY_CACHE_SIZE) factoryCache.delete(factoryCache.keys().next().value as string);
      factoryCache.set(source, factory);
    }
    return factory(Float64Array.from(hoisted));
  }

  /**
   * A kernel of the `varying` parameters only, the others fixed at `fixedValues`: what depends on fixed
   * values alone is computed once, here, so the per-point code keeps only what changes.
   */
  specialize(varying: readonly string[], fixedValues: Readonly<Record<string, number>>, outputs: readonly string[]): Kernel {
    const key = this.kernelKey("point", varying, fixedValues, outputs);
    const hit = kernelCache.get(key);
    if (hit) return hit as Kernel;
    const plan = this.plan(varying.map((param, i) => ({ param, level: 0, code: `a${i}` })), fixedValues, outputs);
    const reads = outputs.map((o) => plan.read(o).code);
    const code = plan.render(reads);
    const lines = [...(code.levels[0] ?? [])];
    if (outputs.length > 1) reads.forEach((r, k) => lines.push(`out[${k}] = ${r};`));
    lines.push(`return ${reads[0]};`);
    const kernel = this.build<Kernel>(plan.hoisted, code.preamble, `kernel(${[...varying.map((_, i) => `a${i}`), "out"].join(", ")})`, lines.join("\n"));
    if (kernel) return remember(key, kernel);
    // No `new Function` (strict CSP): interpret the same graph.
    return (...args) => {
      const params: Record<string, number> = { ...fixedValues };
      varying.forEach((p, i) => (params[p] = args[i] as number));
      const v = this.evaluate(params, outputs);
      const out = args[varying.length] as Float64Array | number[] | undefined;
      if (out && outputs.length > 1) outputs.forEach((o, k) => (out[k] = v[o] as number));
      return v[outputs[0] as string] as number;
    };
  }

  /**
   * A two-stage kernel for searches: `outer(...outerArgs)` does the work that depends on the outer
   * parameters (and fixed values) once and returns a kernel of the `inner` parameters only, the way
   * `specialize` returns one (trailing `out` array for several outputs). A search calls `outer` once
   * per candidate (a layout) and the returned kernel once per inner point (a micro-batch).
   */
  specializeStaged(outer: readonly string[], inner: readonly string[], fixedValues: Readonly<Record<string, number>>, outputs: readonly string[]): (...outerArgs: number[]) => Kernel {
    const key = this.kernelKey(`staged${outer.length}`, [...outer, ...inner], fixedValues, outputs);
    const hit = kernelCache.get(key);
    if (hit) return hit as (...outerArgs: number[]) => Kernel;
    const vary = [...outer.map((param, i) => ({ param, level: 0, code: `a${i}` })), ...inner.map((param, i) => ({ param, level: 1, code: `b${i}` }))];
    const plan = this.plan(vary, fixedValues, outputs);
    const reads = outputs.map((o) => plan.read(o).code);
    const code = plan.render(reads);
    const innerLines = [...(code.levels[1] ?? [])];
    if (outputs.length > 1) reads.forEach((r, k) => innerLines.push(`out[${k}] = ${r};`));
    innerLines.push(`return ${reads[0]};`);
    const body = [...(code.levels[0] ?? []), `return function kernel(${[...inner.map((_, i) => `b${i}`), "out"].join(", ")}) {`, ...innerLines, "};"].join("\n");
    const staged = this.build<(...outerArgs: number[]) => Kernel>(plan.hoisted, code.preamble, `outer(${outer.map((_, i) => `a${i}`).join(", ")})`, body);
    if (staged) return remember(key, staged);
    // No `new Function` (strict CSP): a one-stage kernel of all the parameters, outer ones bound.
    const all = this.specialize([...outer, ...inner], fixedValues, outputs);
    return (...outerArgs) => (...innerArgs) => all(...outerArgs, ...innerArgs);
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
    return (...args) => {
      const params: Record<string, number> = {};
      paramOrder.forEach((p, i) => (params[p] = args[i] as number));
      const v = this.evaluate(params, outputs);
      const out = args[paramOrder.length] as Float64Array | number[] | undefined;
      if (out && outputs.length > 1) outputs.forEach((o, k) => (out[k] = v[o] as number));
      return v[outputs[0] as string] as number;
    };
  }
}

/**
 * Common-subexpression elimination within one node's expression: a subtree (other than a leaf) that
 * occurs twice or more — the matrix-multiply efficiency reads ⌈M/t_M⌉ four times — is computed once
 * into a constant (`emit` writes the statement and returns its name) and read by name. Subtrees print
 * identically exactly when they compute the same value, so the printed form is the key.
 */
function commonSubexpressions(e: Expr, code: (name: string) => string, emit: (js: string, e: Expr) => string, names: Map<string, string>): Expr {
  const count = new Map<string, number>();
  const walk = (x: Expr): void => {
    if (x.op === "num" || x.op === "in") return;
    const key = toJavaScript(x, code);
    count.set(key, (count.get(key) ?? 0) + 1);
    children(x).forEach(walk);
  };
  walk(e);
  if (![...count.values()].some((c) => c > 1)) return e;
  const done = new Map<string, Expr>();
  const rewrite = (x: Expr): Expr => {
    if (x.op === "num" || x.op === "in") return x;
    const key = toJavaScript(x, code);
    const hit = done.get(key);
    if (hit) return hit;
    let y: Expr;
    switch (x.op) {
      case "add":
      case "mul":
      case "max":
      case "min":
        y = { op: x.op, args: x.args.map(rewrite) };
        break;
      case "sub":
      case "div":
      case "pow":
        y = { op: x.op, a: rewrite(x.a), b: rewrite(x.b) };
        break;
      default:
        y = { op: x.op, a: rewrite(x.a) };
    }
    if ((count.get(key) ?? 0) < 2) return y;
    const name = `\u0000c${done.size}_${names.size}`;
    names.set(name, emit(toJavaScript(y, code), y));
    const ref: Expr = { op: "in", name };
    done.set(key, ref);
    return ref;
  };
  return rewrite(e);
}

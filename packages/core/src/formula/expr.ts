/**
 * A tiny expression language. A formula is written once as an expression tree; from that one
 * definition come the compiled fast path (straight-line JavaScript, no allocation per call) and the
 * explained path (symbolic text and LaTeX, substituted arithmetic, interpreted value).
 */

export type Expr =
  | { readonly op: "num"; readonly value: number; readonly note?: string }
  | { readonly op: "in"; readonly name: string }
  | { readonly op: "add" | "mul" | "max" | "min"; readonly args: readonly Expr[] }
  | { readonly op: "sub" | "div" | "pow"; readonly a: Expr; readonly b: Expr }
  | { readonly op: "sqrt" | "floor" | "ceil" | "neg" | "exp" | "ln"; readonly a: Expr };

export type ExprLike = Expr | number;

function lift(x: ExprLike): Expr {
  return typeof x === "number" ? { op: "num", value: x } : x;
}

/** A literal constant; `note` says what it is ("FLOP per multiply-accumulate"). */
export function num(value: number, note?: string): Expr {
  return note === undefined ? { op: "num", value } : { op: "num", value, note };
}
export function input(name: string): Expr {
  return { op: "in", name };
}
export function add(...args: ExprLike[]): Expr {
  return { op: "add", args: args.map(lift) };
}
export function mul(...args: ExprLike[]): Expr {
  return { op: "mul", args: args.map(lift) };
}
export function max(...args: ExprLike[]): Expr {
  return { op: "max", args: args.map(lift) };
}
export function min(...args: ExprLike[]): Expr {
  return { op: "min", args: args.map(lift) };
}
export function sub(a: ExprLike, b: ExprLike): Expr {
  return { op: "sub", a: lift(a), b: lift(b) };
}
export function div(a: ExprLike, b: ExprLike): Expr {
  return { op: "div", a: lift(a), b: lift(b) };
}
export function pow(a: ExprLike, b: ExprLike): Expr {
  return { op: "pow", a: lift(a), b: lift(b) };
}
export function sqrt(a: ExprLike): Expr {
  return { op: "sqrt", a: lift(a) };
}
export function floor(a: ExprLike): Expr {
  return { op: "floor", a: lift(a) };
}
export function ceil(a: ExprLike): Expr {
  return { op: "ceil", a: lift(a) };
}
export function neg(a: ExprLike): Expr {
  return { op: "neg", a: lift(a) };
}
export function exp(a: ExprLike): Expr {
  return { op: "exp", a: lift(a) };
}
export function ln(a: ExprLike): Expr {
  return { op: "ln", a: lift(a) };
}

/** The names of the inputs an expression reads, in first-use order. */
export function inputsOf(e: Expr, out: string[] = []): string[] {
  switch (e.op) {
    case "num":
      return out;
    case "in":
      if (!out.includes(e.name)) out.push(e.name);
      return out;
    case "add":
    case "mul":
    case "max":
    case "min":
      for (const a of e.args) inputsOf(a, out);
      return out;
    case "sub":
    case "div":
    case "pow":
      inputsOf(e.a, out);
      inputsOf(e.b, out);
      return out;
    default:
      return inputsOf(e.a, out);
  }
}

/** The explained path's arithmetic: walks the tree. Slow, obvious, and the reference for the fast path. */
export function interpret(e: Expr, values: Readonly<Record<string, number>>): number {
  switch (e.op) {
    case "num":
      return e.value;
    case "in": {
      const v = values[e.name];
      if (v === undefined) throw new Error(`formula input "${e.name}" has no value`);
      return v;
    }
    // Plain loops, the same operations in the same order as a reduce from 0 (or 1) would do: no
    // closure or array per call (an explained point interprets every formula once).
    case "add": {
      let s = 0;
      for (const a of e.args) s += interpret(a, values);
      return s;
    }
    case "mul": {
      let p = 1;
      for (const a of e.args) p *= interpret(a, values);
      return p;
    }
    case "max":
      return e.args.length === 2 ? Math.max(interpret(e.args[0] as Expr, values), interpret(e.args[1] as Expr, values)) : Math.max(...e.args.map((a) => interpret(a, values)));
    case "min":
      return e.args.length === 2 ? Math.min(interpret(e.args[0] as Expr, values), interpret(e.args[1] as Expr, values)) : Math.min(...e.args.map((a) => interpret(a, values)));
    case "sub":
      return interpret(e.a, values) - interpret(e.b, values);
    case "div":
      return interpret(e.a, values) / interpret(e.b, values);
    case "pow":
      return interpret(e.a, values) ** interpret(e.b, values);
    case "sqrt":
      return Math.sqrt(interpret(e.a, values));
    case "floor":
      return Math.floor(interpret(e.a, values));
    case "ceil":
      return Math.ceil(interpret(e.a, values));
    case "neg":
      return -interpret(e.a, values);
    case "exp":
      return Math.exp(interpret(e.a, values));
    case "ln":
      return Math.log(interpret(e.a, values));
  }
}

function jsNumber(v: number): string {
  if (Number.isNaN(v)) return "NaN";
  if (v === Infinity) return "Infinity";
  if (v === -Infinity) return "(-Infinity)";
  const s = String(v);
  return v < 0 ? `(${s})` : s;
}

/** JavaScript source for the fast path; `leaf` names the JavaScript variable that holds each input. */
export function toJavaScript(e: Expr, leaf: (name: string) => string): string {
  const rec = (x: Expr): string => toJavaScript(x, leaf);
  switch (e.op) {
    case "num":
      return jsNumber(e.value);
    case "in":
      return leaf(e.name);
    case "add":
      return `(${e.args.map(rec).join(" + ")})`;
    case "mul":
      return `(${e.args.map(rec).join(" * ")})`;
    case "max":
    case "min": {
      // Two operands: a conditional is cheaper than Math.max/min (inputs are validated finite, so
      // the NaN and −0 cases where they differ do not arise).
      const parts = e.args.map(rec);
      if (parts.length === 2 && parts.every((p) => /^[\w.$]+$/.test(p))) {
        const [x, y] = parts;
        return `(${x} ${e.op === "max" ? ">=" : "<="} ${y} ? ${x} : ${y})`;
      }
      return `Math.${e.op}(${parts.join(", ")})`;
    }
    case "sub":
      return `(${rec(e.a)} - ${rec(e.b)})`;
    case "div":
      return `(${rec(e.a)} / ${rec(e.b)})`;
    case "pow":
      return `Math.pow(${rec(e.a)}, ${rec(e.b)})`;
    case "sqrt":
      return `Math.sqrt(${rec(e.a)})`;
    case "floor":
      return `Math.floor(${rec(e.a)})`;
    case "ceil":
      return `Math.ceil(${rec(e.a)})`;
    case "neg":
      return `(-${rec(e.a)})`;
    case "exp":
      return `Math.exp(${rec(e.a)})`;
    case "ln":
      return `Math.log(${rec(e.a)})`;
  }
}

type Compiled = (...args: number[]) => number;

/** A closure tree: the fallback where `new Function` is not allowed (a strict Content-Security-Policy). */
function compileClosures(e: Expr, index: ReadonlyMap<string, number>): (args: ArrayLike<number>) => number {
  const rec = (x: Expr) => compileClosures(x, index);
  switch (e.op) {
    case "num": {
      const v = e.value;
      return () => v;
    }
    case "in": {
      const i = index.get(e.name);
      if (i === undefined) throw new Error(`formula input "${e.name}" is not declared`);
      return (a) => a[i] as number;
    }
    case "add": {
      const fs = e.args.map(rec);
      return (a) => {
        let s = 0;
        for (const f of fs) s += f(a);
        return s;
      };
    }
    case "mul": {
      const fs = e.args.map(rec);
      return (a) => {
        let p = 1;
        for (const f of fs) p *= f(a);
        return p;
      };
    }
    case "max": {
      const fs = e.args.map(rec);
      return (a) => {
        let m = -Infinity;
        for (const f of fs) m = Math.max(m, f(a));
        return m;
      };
    }
    case "min": {
      const fs = e.args.map(rec);
      return (a) => {
        let m = Infinity;
        for (const f of fs) m = Math.min(m, f(a));
        return m;
      };
    }
    case "sub": {
      const [fa, fb] = [rec(e.a), rec(e.b)];
      return (a) => fa(a) - fb(a);
    }
    case "div": {
      const [fa, fb] = [rec(e.a), rec(e.b)];
      return (a) => fa(a) / fb(a);
    }
    case "pow": {
      const [fa, fb] = [rec(e.a), rec(e.b)];
      return (a) => fa(a) ** fb(a);
    }
    case "sqrt": {
      const f = rec(e.a);
      return (a) => Math.sqrt(f(a));
    }
    case "floor": {
      const f = rec(e.a);
      return (a) => Math.floor(f(a));
    }
    case "ceil": {
      const f = rec(e.a);
      return (a) => Math.ceil(f(a));
    }
    case "neg": {
      const f = rec(e.a);
      return (a) => -f(a);
    }
    case "exp": {
      const f = rec(e.a);
      return (a) => Math.exp(f(a));
    }
    case "ln": {
      const f = rec(e.a);
      return (a) => Math.log(f(a));
    }
  }
}

/**
 * Compiles an expression to a positional function. The generated source contains only numeric
 * literals from the formula's own definition and generated parameter names, never user input.
 */
export function compile(e: Expr, inputNames: readonly string[]): Compiled {
  const index = new Map(inputNames.map((n, i) => [n, i] as const));
  const params = inputNames.map((_, i) => `a${i}`);
  const leaf = (name: string) => {
    const i = index.get(name);
    if (i === undefined) throw new Error(`formula input "${name}" is not declared`);
    return `a${i}`;
  };
  const body = `"use strict"; return ${toJavaScript(e, leaf)};`;
  return compileSource(params, body) ?? ((f) => (...args: number[]) => f(args))(compileClosures(e, index));
}

/** `new Function`, or null where a Content-Security-Policy forbids it. */
export function compileSource<F>(params: readonly string[], body: string): F | null {
  try {
    // The source holds generated identifiers and numeric literals from formula definitions only.
    return new Function(...params, body) as F;
  } catch {
    return null;
  }
}

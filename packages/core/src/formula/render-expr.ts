/**
 * Renders an expression tree as plain text or LaTeX, either symbolically (with each input's symbol)
 * or substituted (with each input's value).
 */
import { formatNumberForArithmetic, formatNumberForLatex } from "../format.ts";
import type { Expr } from "./expr.ts";

const enum Prec {
  Add = 1,
  Mul = 2,
  Unary = 3,
  Pow = 4,
  Atom = 5,
}

function precedence(e: Expr): Prec {
  switch (e.op) {
    case "add":
    case "sub":
      return Prec.Add;
    case "mul":
    case "div":
      return Prec.Mul;
    case "neg":
      return Prec.Unary;
    case "pow":
      return Prec.Pow;
    case "num":
      return e.value < 0 ? Prec.Unary : Prec.Atom;
    default:
      return Prec.Atom;
  }
}

export interface TextLeaves {
  /** How an input appears: its symbol, or its value. */
  leaf(name: string): string;
  number(value: number): string;
  mulSign: string;
  divSign: string;
}

export function renderText(e: Expr, leaves: TextLeaves): string {
  const wrap = (x: Expr, min: Prec): string => {
    const s = renderText(x, leaves);
    return precedence(x) < min ? `(${s})` : s;
  };
  switch (e.op) {
    case "num":
      return leaves.number(e.value);
    case "in":
      return leaves.leaf(e.name);
    case "add":
      return e.args.map((a) => wrap(a, Prec.Add)).join(" + ");
    case "sub":
      return `${wrap(e.a, Prec.Add)} − ${wrap(e.b, Prec.Mul)}`;
    case "mul":
      return e.args.map((a) => wrap(a, Prec.Mul)).join(leaves.mulSign);
    case "div":
      return `${wrap(e.a, Prec.Mul)}${leaves.divSign}${wrap(e.b, Prec.Unary)}`;
    case "pow":
      return `${wrap(e.a, Prec.Atom)}^${wrap(e.b, Prec.Atom)}`;
    case "neg":
      return `−${wrap(e.a, Prec.Unary)}`;
    case "max":
    case "min":
      return `${e.op}(${e.args.map((a) => renderText(a, leaves)).join(", ")})`;
    case "sqrt":
      return `√(${renderText(e.a, leaves)})`;
    case "floor":
      return `⌊${renderText(e.a, leaves)}⌋`;
    case "ceil":
      return `⌈${renderText(e.a, leaves)}⌉`;
    case "exp":
      return `exp(${renderText(e.a, leaves)})`;
    case "ln":
      return `ln(${renderText(e.a, leaves)})`;
  }
}

export interface LatexLeaves {
  leaf(name: string): string;
  number(value: number): string;
}

export function renderLatex(e: Expr, leaves: LatexLeaves): string {
  const wrap = (x: Expr, min: Prec): string => {
    const s = renderLatex(x, leaves);
    return precedence(x) < min ? `\\left(${s}\\right)` : s;
  };
  switch (e.op) {
    case "num":
      return leaves.number(e.value);
    case "in":
      return leaves.leaf(e.name);
    case "add":
      return e.args.map((a) => wrap(a, Prec.Add)).join(" + ");
    case "sub":
      return `${wrap(e.a, Prec.Add)} - ${wrap(e.b, Prec.Mul)}`;
    case "mul":
      return e.args.map((a) => wrap(a, Prec.Mul)).join(" \\cdot ");
    case "div":
      return `\\frac{${renderLatex(e.a, leaves)}}{${renderLatex(e.b, leaves)}}`;
    case "pow":
      return `${wrap(e.a, Prec.Atom)}^{${renderLatex(e.b, leaves)}}`;
    case "neg":
      return `-${wrap(e.a, Prec.Unary)}`;
    case "max":
    case "min":
      return `\\${e.op}\\left(${e.args.map((a) => renderLatex(a, leaves)).join(", ")}\\right)`;
    case "sqrt":
      return `\\sqrt{${renderLatex(e.a, leaves)}}`;
    case "floor":
      return `\\left\\lfloor ${renderLatex(e.a, leaves)} \\right\\rfloor`;
    case "ceil":
      return `\\left\\lceil ${renderLatex(e.a, leaves)} \\right\\rceil`;
    case "exp":
      return `e^{${renderLatex(e.a, leaves)}}`;
    case "ln":
      return `\\ln\\left(${renderLatex(e.a, leaves)}\\right)`;
  }
}

export function symbolicText(e: Expr, symbols: Readonly<Record<string, string>>): string {
  return renderText(e, {
    leaf: (n) => symbols[n] ?? n,
    number: (v) => formatNumberForArithmetic(v, 6),
    mulSign: " · ",
    divSign: " / ",
  });
}

export function substitutedText(e: Expr, values: Readonly<Record<string, number>>): string {
  return renderText(e, {
    leaf: (n) => formatNumberForArithmetic(values[n] ?? NaN),
    number: (v) => formatNumberForArithmetic(v, 6),
    mulSign: " × ",
    divSign: " ÷ ",
  });
}

export function symbolicLatex(e: Expr, symbols: Readonly<Record<string, string>>): string {
  return renderLatex(e, { leaf: (n) => symbols[n] ?? `\\mathrm{${n}}`, number: (v) => formatNumberForLatex(v, 6) });
}

export function substitutedLatex(e: Expr, values: Readonly<Record<string, number>>): string {
  return renderLatex(e, {
    leaf: (n) => formatNumberForLatex(values[n] ?? NaN),
    number: (v) => formatNumberForLatex(v, 6),
  });
}

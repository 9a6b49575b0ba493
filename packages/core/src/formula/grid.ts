/**
 * Grid sweeps of a formula graph: nested loops over several parameters, each part computed at the outermost
 * loop where its inputs are known, and the parts that miss an outer loop computed once per point of the loops
 * they read into tables before the loops (partial evaluation). A module of its own, beside ./graph.ts (whose
 * planner it uses), so that pages which only call per-point kernels (the first page) do not load it.
 */
import { cachedKernel, MEMO_MIN_COST, remember, renderLevels, type FormulaGraph, type Stmt } from "./graph.ts";

/** A grid's tables (all passes together) hold at most this many numbers; a bigger grid runs without them. */
const TABLE_MAX = 1 << 20;
/** Tables up to this size stay with the kernel between sweeps; bigger ones are made per sweep. */
const TABLE_KEEP = 1 << 16;

/**
 * Partial evaluation over the axes of a grid. A statement of loop level L that does not depend on
 * every loop outside L (the batch's tile quantisation, with the batch innermost, depends on the batch
 * alone, not on the context or the chips around it) would be recomputed for every value of the loops it
 * does not read. Statements are grouped by the set of axes they read; a group that costs enough is
 * computed once per point of its own axes, in a pass of its own before the main loops, into a table
 * (`T<i>`, a row per point of those axes, its results side by side), and the main loops read the row
 * (`q<i>`, from the loop indices). Each value is computed by the same statement from the same operands as
 * in the plain loops, only at another time. Returns null when no group pays; the generated sweep falls back
 * to the plain loops (`plain`) when the tables would be too big or not smaller than the grid.
 */
function tabulate(
  statements: readonly Stmt[][],
  paramsAt: readonly (readonly string[])[],
  memoSize: (name: string) => number,
  finalRead: string,
): { preamble: string[]; body: string } | null {
  const depth = statements.length;
  const all = statements.flat();
  const byName = new Map(all.map((st) => [st.name, st] as const));
  const levelOf = (axes: number) => 31 - Math.clz32(axes);
  const full = (level: number) => 2 ** (level + 1) - 1;
  // Groups by the axes they read, those that miss a loop outside their own level; kept if costly enough.
  const costByAxes = new Map<number, number>();
  for (const st of all) if (st.axes !== full(levelOf(st.axes))) costByAxes.set(st.axes, (costByAxes.get(st.axes) ?? 0) + st.cost);
  const tabulated = new Set([...costByAxes].filter(([, cost]) => cost >= MEMO_MIN_COST).map(([axes]) => axes));
  if (tabulated.size === 0) return null;
  // What the main loops still compute, and what they read from a table. A tabulated statement that is one
  // cheap operation on the loop values themselves (b·h) is recomputed rather than read back.
  const main = new Set<string>();
  const stored = new Map<number, Set<string>>();
  const visit = (name: string): void => {
    const st = byName.get(name);
    if (!st || main.has(name)) return;
    if (tabulated.has(st.axes) && !(st.cost === 0 && st.reads.every((r) => !byName.has(r)))) {
      const set = stored.get(st.axes) ?? new Set<string>();
      stored.set(st.axes, set.add(name));
      return;
    }
    main.add(name);
    st.reads.forEach(visit);
  };
  visit(finalRead);
  if (stored.size === 0) return null;
  const axesOf = (mask: number) => Array.from({ length: depth }, (_, l) => l).filter((l) => mask & (2 ** l));
  const preamble: string[] = [];
  const passes: string[] = [];
  const sizes: { rows: string; width: number; table: string }[] = [];
  const loads: { lines: string[]; names: string[] }[] = Array.from({ length: depth }, () => ({ lines: [], names: [] }));
  [...stored].forEach(([mask, names], i) => {
    const outs = all.filter((st) => names.has(st.name)); // in evaluation order
    const inPass = new Set<string>();
    const need = (name: string): void => {
      const st = byName.get(name);
      if (!st || inPass.has(name)) return;
      inPass.add(name);
      st.reads.forEach(need);
    };
    outs.forEach((st) => need(st.name));
    const ls = axesOf(mask);
    const code = renderLevels(
      statements.map((level) => level.filter((st) => inPass.has(st.name))),
      paramsAt.map((ps, l) => (mask & (2 ** l) ? ps : [])),
      memoSize,
      outs.map((st) => st.name),
      `p${i}_`,
    );
    preamble.push(...code.preamble, `let T${i} = new Float64Array(0);`);
    const width = outs.length;
    let pass = `{\nlet p = 0;\n`;
    for (const l of ls) pass += `for (let i${l} = 0; i${l} < V${l}.length; i${l}++) {\nconst a${l} = V${l}[i${l}];\n${(code.levels[l] ?? []).join("\n")}\n`;
    pass += outs.map((st, j) => `U${i}[p + ${j}] = ${st.name};`).join("\n") + `\np += ${width};\n` + "}\n".repeat(ls.length) + "}";
    passes.push(pass);
    sizes.push({ rows: ls.map((l) => `V${l}.length`).join(" * "), width, table: `T${i}` });
    // The row: its part from the outer axes of the table once at the next-to-last of them, the last axis's index inside.
    const last = ls[ls.length - 1] as number;
    const at = loads[last] as { lines: string[]; names: string[] };
    if (ls.length === 1) at.lines.push(`const q${i} = i${last} * ${width};`);
    else {
      const prefix = ls.slice(0, -1).reduce((acc, l, j) => (j === 0 ? `i${l}` : `(${acc}) * V${l}.length + i${l}`), "");
      (loads[ls[ls.length - 2] as number] as { lines: string[] }).lines.push(`const Q${i} = (${prefix}) * V${last}.length;`);
      at.lines.push(`const q${i} = (Q${i} + i${last}) * ${width};`);
    }
    at.lines.push(...outs.map((st, j) => `const ${st.name} = U${i}[q${i} + ${j}];`));
    at.names.push(...outs.map((st) => st.name));
  });
  const code = renderLevels(
    statements.map((level) => level.filter((st) => main.has(st.name))),
    paramsAt,
    memoSize,
    [finalRead],
    "m",
    loads,
  );
  preamble.push(...code.preamble);
  let body = Array.from({ length: depth }, (_, l) => `const V${l} = values[${l}];`).join("\n") + "\n";
  body += `const points = ${Array.from({ length: depth }, (_, l) => `V${l}.length`).join(" * ")};\n`;
  sizes.forEach((t, i) => (body += `const R${i} = ${t.rows};\n`));
  const rows = sizes.map((_, i) => `R${i}`).join(" + ");
  const numbers = sizes.map((t, i) => `R${i} * ${t.width}`).join(" + ");
  body += `if (2 * (${rows}) > points || ${numbers} > ${TABLE_MAX}) return plain(values, out);\n`;
  sizes.forEach((t, i) => {
    const n = `R${i} * ${t.width}`;
    body += `const U${i} = ${n} > ${TABLE_KEEP} ? new Float64Array(${n}) : ${t.table}.length >= ${n} ? ${t.table} : (${t.table} = new Float64Array(${n}));\n`;
  });
  body += passes.join("\n") + "\nlet k = 0;\n";
  for (let l = 0; l < depth; l++) body += `for (let i${l} = 0; i${l} < V${l}.length; i${l}++) {\nconst a${l} = V${l}[i${l}];\n${(code.levels[l] ?? []).join("\n")}\n`;
  body += `out[k++] = ${finalRead};\n${"}\n".repeat(depth)}return k;`;
  return { preamble, body };
}

/**
 * A sweep over a grid: `axes` vary in nested loops (the first outermost), the other parameters are
 * fixed. `sweep(values, out)` writes `output` for every grid point into `out` (row-major, last axis
 * fastest) and returns the number of points. Work is done at the outermost loop where its inputs are
 * known, so a point costs only what changes with the innermost axis.
 */
export function sweepGrid(graph: FormulaGraph, axes: readonly string[], fixedValues: Readonly<Record<string, number>>, output: string): (values: readonly Float64Array[], out: Float64Array) => number {
  const key = graph.kernelKey("grid", axes, fixedValues, [output]);
  const hit = cachedKernel(key);
  if (hit) return hit as (values: readonly Float64Array[], out: Float64Array) => number;
  const plan = graph.plan(axes.map((param, i) => ({ param, level: i, code: `a${i}` })), fixedValues, [output], true);
  const r = plan.read(output);
  const code = plan.render([r.code]);
  let body = "let k = 0;\n";
  let close = "";
  axes.forEach((_, i) => {
    body += `const V${i} = values[${i}];\nfor (let i${i} = 0; i${i} < V${i}.length; i${i}++) {\nconst a${i} = V${i}[i${i}];\n${(code.levels[i] ?? []).join("\n")}\n`;
    close += "}\n";
  });
  body += `out[k++] = ${r.code};\n${close}return k;`;
  // With tables for the parts that miss an outer loop, the plain loops stay as the fallback.
  const tables = r.level < 0 ? null : tabulate(plan.statements, plan.paramsAt, plan.memoSize, r.code);
  const preamble = tables ? [...code.preamble, ...tables.preamble, `function plain(values, out) {\n${body}\n}`] : code.preamble;
  const sweep = graph.build<(values: readonly Float64Array[], out: Float64Array) => number>(plan.hoisted, preamble, "sweep(values, out)", tables ? tables.body : body);
  if (sweep) return remember(key, sweep);
  // No `new Function`: walk the grid with the interpreter.
  return (values, out) => {
    let k = 0;
    const params: Record<string, number> = { ...fixedValues };
    const rec = (level: number) => {
      const vs = values[level] as Float64Array;
      for (const v of vs) {
        params[axes[level] as string] = v;
        if (level === axes.length - 1) out[k++] = graph.evaluate(params, [output])[output] as number;
        else rec(level + 1);
      }
    };
    rec(0);
    return k;
  };
}

/**
 * One definition per input, seen from the CLI: each command's input flags are its table's (flag,
 * short flag, help), no command declares an input's flag by hand beyond the known unported ones,
 * `--json` echoes every input of the table with its value, unit and origin, and with defaults alone
 * the CLI prints what the library computes.
 */
import type { Command } from "commander";
import { describe, expect, it } from "vitest";
import {
  analyzeBatch,
  analyzeContext,
  analyzeModes,
  analyzeOperators,
  analyzePrefill,
  analyzeStep,
  commandDefaults,
  getHardware,
  getModel,
  INPUT_TABLES,
  type InputDef,
  type InputEcho,
  type InputTable,
  type RooflineOptions,
} from "@roofline/core";
import { helpOf, inputTableOf } from "../src/inputs.ts";
import { buildProgram } from "../src/main.ts";
import { PAGE_PAIRS, PARITY_CASES } from "./parity-cases.ts";
import { PAGES } from "../../web/src/pages/index.ts";
import { runCli } from "./run-cli.ts";

function commandAt(path: string): Command {
  let c: Command = buildProgram();
  for (const name of path.split(" ")) {
    const next = c.commands.find((x) => x.name() === name);
    if (!next) throw new Error(`no command ${path}`);
    c = next;
  }
  return c;
}

function allCommands(c: Command, path = ""): { path: string; cmd: Command }[] {
  return c.commands.flatMap((s) => {
    const p = path ? `${path} ${s.name()}` : s.name();
    return [{ path: p, cmd: s }, ...allCommands(s, p)];
  });
}

/**
 * Flags a command writes by hand although an input table declares a flag of that name, each with its
 * reason (a session flag, not an analysis input). A new hand-written input flag fails.
 */
const HAND_WRITTEN_BY_COMMAND: Readonly<Record<string, string>> = {
  // The practice set's seed (which problems are drawn): a session flag, deliberately not an input table's; serve's --seed seeds its workload.
  practice: "--seed",
};
const HAND_WRITTEN: readonly string[] = Object.entries(HAND_WRITTEN_BY_COMMAND).flatMap(([c, flags]) => flags.split(" ").map((f) => `${c} ${f}`));

describe("the CLI's input flags come from the input tables", () => {
  for (const c of PARITY_CASES.filter((x) => x.command)) {
    it(`${c.command}: one flag per input of the ${c.table.analysis} table, with the table's help`, () => {
      const cmd = commandAt(c.command as string);
      const table = inputTableOf(cmd) as InputTable;
      const inputs = c.table.inputs.filter((d) => !(d.id in (c.commandSkips ?? {})));
      expect(table.analysis).toBe(c.table.analysis);
      expect(table.inputs.map((d) => d.id)).toEqual(inputs.map((d) => d.id));
      for (const d of inputs) {
        const o = cmd.options.find((x) => x.long === `--${d.flag}`);
        expect(o, `${c.command} --${d.flag}`).toBeDefined();
        expect(o?.short).toBe(d.short ? `-${d.short}` : undefined);
        expect(o?.description).toBe(helpOf(d));
      }
    });
  }

  it("no command declares an analysis input's flag by hand (beyond the known unported ones)", () => {
    const byFlag = new Map<string, InputDef>();
    for (const t of INPUT_TABLES) for (const d of t.inputs) byFlag.set(d.flag, d);
    const hand: string[] = [];
    for (const { path, cmd } of allCommands(buildProgram())) {
      const table = inputTableOf(cmd);
      // A table's own older flags for one of its inputs (kv-tiers' --active-params for modelActiveParams) are declared by the table too.
      const aliases = new Set((table?.inputs ?? []).flatMap((d) => (d.flagAliases ?? []).flatMap((a) => a.split(/,\s*/))));
      for (const o of cmd.options) {
        const flag = (o.long ?? "").replace(/^--/, "");
        const d = byFlag.get(flag);
        if (!d) continue;
        if (table?.has(d.id) && table.get(d.id).flag === flag) continue;
        if (o.long && aliases.has(o.long)) continue;
        hand.push(`${path} --${flag}`);
      }
    }
    expect(hand.sort()).toEqual([...HAND_WRITTEN].sort());
  });
});

describe("--json echoes the inputs", () => {
  for (const c of PARITY_CASES.filter((x) => x.command && !x.jsonIsList)) {
    it(`${c.command}: every input of the table, defaults with their reason`, async () => {
      const args = c.jsonArgs ?? [];
      const r = await runCli(...(c.command as string).split(" "), ...args, "--json");
      expect(r.code, r.stderr).toBe(0);
      const echo = JSON.parse(r.stdout).inputs as InputEcho[];
      expect(echo.map((e) => e.id)).toEqual(c.table.inputs.filter((d) => !(d.id in (c.commandSkips ?? {}))).map((d) => d.id));
      for (const e of echo) {
        const d = c.table.get(e.id);
        expect(e.unit).toBe(d.unit);
        if (args.includes(`--${d.flag}`)) expect(e, e.id).toMatchObject({ value: Number(args[args.indexOf(`--${d.flag}`) + 1]), origin: "given" });
        else if (d.default !== null) expect(e, e.id).toMatchObject({ value: d.default, origin: "default" });
        else expect(["default", "catalog", "derived"], e.id).toContain(e.origin);
      }
    });
  }

  it("names given values as given (in SI), and catalog values as the catalog's", async () => {
    const r = await runCli("step", "-m", "llama-3.1-70b", "-H", "h100", "--chips", "8", "--context", "32k", "--weights", "bf16", "--json");
    const echo = Object.fromEntries((JSON.parse(r.stdout).inputs as InputEcho[]).map((e) => [e.id, e]));
    expect(echo["hardware"]).toEqual({ id: "hardware", unit: "", value: "nvidia-h100-sxm5-80gb", origin: "given" });
    expect(echo["contextTokens"]).toEqual({ id: "contextTokens", unit: "token", value: 32_000, origin: "given" });
    expect(echo["weightPrecision"]).toMatchObject({ value: "bf16", origin: "given" });
    expect(echo["batch"]).toMatchObject({ value: 1, origin: "default", from: "a single sequence" });
    const h100 = getHardware("h100");
    expect(echo["peakFlopsPerSecond"]).toMatchObject({ value: h100.denseFlopsPerSecond.bf16.value, origin: "catalog", catalog: "nvidia-h100-sxm5-80gb" });
    expect(echo["hbmBytesPerSecond"]).toMatchObject({ value: h100.hbmBytesPerSecond.value, origin: "catalog", catalog: "nvidia-h100-sxm5-80gb", field: "hbm_bandwidth_TBps" });
    expect(echo["usdPerChipHour"]).toMatchObject({ value: h100.usdPerChipHour.value, origin: "catalog", catalog: "nvidia-h100-sxm5-80gb" });
  });

  it("names a value the catalog gave as the catalog's, with its entry, where the result does not name it (a layout's HBM, a model's precision)", async () => {
    const gb200 = getHardware("nvidia-gb200-nvl72");
    const layout = await runCli("layout", "--json");
    const l = Object.fromEntries((JSON.parse(layout.stdout).inputs as InputEcho[]).map((e) => [e.id, e]));
    expect(l["hbmBytes"]).toEqual({ id: "hbmBytes", unit: "B", value: gb200.hbmBytes.value, origin: "catalog", catalog: "nvidia-gb200-nvl72", field: "hbm_capacity_GB" });
    expect(l["scaleUpBytesPerSecond"]).toMatchObject({ value: gb200.scaleUpBytesPerSecondPerChip.value, origin: "catalog", catalog: "nvidia-gb200-nvl72" });
    const serve = await runCli("serve", "--rate", "1", "--requests", "100", "--json");
    const s = Object.fromEntries((JSON.parse(serve.stdout).inputs as InputEcho[]).map((e) => [e.id, e]));
    expect(s["weightPrecision"]).toEqual({ id: "weightPrecision", unit: "", value: getModel("llama-3.1-70b").defaultWeightPrecision, origin: "catalog", catalog: "llama-3.1-70b", field: "defaultWeightPrecision" });
    // A chip from a file: its values are the file's, named.
    const file = await runCli("step", "--hardware", "examples/my-h100.json", "--json");
    const f = Object.fromEntries((JSON.parse(file.stdout).inputs as InputEcho[]).map((e) => [e.id, e]));
    expect(f["hbmBytes"]).toMatchObject({ origin: "file", file: expect.stringContaining("my-h100.json") });
    // Nothing the catalog gave is called a default.
    for (const e of [...Object.values(l), ...Object.values(s), ...Object.values(f)]) if (e.origin === "default") expect(e.from ?? "", e.id).not.toMatch(/^the catalog$/);
  });

  it("leaves a JSON without an input table as it was", async () => {
    const r = await runCli("catalog", "hardware", "--json");
    expect(Array.isArray(JSON.parse(r.stdout))).toBe(true);
  });
});

/** What the library computes with a table's defaults alone (the catalog entries it names, its own defaults). */
function libraryOptions(table: InputTable): RooflineOptions {
  return { model: getModel(table.get("model").default as string), hardware: getHardware(table.get("hardware").default as string), ...commandDefaults(table) } as RooflineOptions;
}

describe("with defaults alone, the CLI prints the library's numbers", () => {
  const cases: [string, (t: InputTable) => Record<string, number | null>, InputTable][] = [
    ["step", (t) => { const r = analyzeStep(libraryOptions(t)); return { stepSeconds: r.stepSeconds, expectedStepSeconds: r.expectedStepSeconds, usdPerMillionTokens: r.usdPerMillionTokens }; }, PARITY_CASES[0]!.table],
    ["batch", (t) => { const r = analyzeBatch(libraryOptions(t)); return { optimalBatch: r.optimalBatch, latencyFloorSeconds: r.latencyFloorSeconds, maxBatch: r.maxBatch }; }, PARITY_CASES[1]!.table],
    ["context", (t) => { const r = analyzeContext(libraryOptions(t)); return { kvBytesPerTokenAtBalance: r.kvBytesPerTokenAtBalance, crossoverContextTokens: r.crossoverContextTokens }; }, PARITY_CASES[2]!.table],
    ["prefill", (t) => { const r = analyzePrefill(libraryOptions(t)); return { decodeToPrefillRatio: r.decodeToPrefillRatio }; }, PARITY_CASES[3]!.table],
    ["modes", (t) => { const r = analyzeModes(libraryOptions(t)); return { standardBatch: r.standard.batch }; }, PARITY_CASES[4]!.table],
    ["operators", (t) => { const r = analyzeOperators(libraryOptions(t)); return { totalSeconds: r.totals.seconds, stepSeconds: r.step.stepSeconds }; }, PARITY_CASES[5]!.table],
  ];
  for (const [command, lib, table] of cases) {
    it(command, async () => {
      const r = await runCli(command, "--json");
      expect(r.code, r.stderr).toBe(0);
      const j = JSON.parse(r.stdout);
      const expected = lib(table);
      const got: Record<string, number | null> = {};
      for (const k of Object.keys(expected)) got[k] = k === "totalSeconds" ? j.totals.seconds : command === "operators" && k === "stepSeconds" ? j.step.stepSeconds : k === "standardBatch" ? j.standard.batch : j[k];
      expect(got).toEqual(expected);
    });
  }
});

describe("--json is small by default, whole with --derivations full", () => {
  // A formula's derivation renders its text when first read (a class); a copy made by spreading it would
  // drop `substituted` and `display`. Every derivation every command prints must carry both.
  for (const c of PARITY_CASES.filter((x) => x.command && !x.jsonIsList)) {
    it(`${c.command}: every derivation in --json --derivations full has its substituted arithmetic and display`, async () => {
      const full = commandAt(c.command as string).options.some((o) => o.long === "--derivations") ? ["--derivations", "full"] : [];
      const r = await runCli(...(c.command as string).split(" "), ...(c.jsonArgs ?? []), "--json", ...full);
      expect(r.code, r.stderr).toBe(0);
      const missing: string[] = [];
      let seen = 0;
      const walk = (o: unknown, path: string): void => {
        if (o === null || typeof o !== "object") return;
        const d = o as { formulaId?: unknown; substituted?: { text?: unknown }; display?: unknown; kind?: unknown };
        // Without --derivations full (layout, search), a derivation's children are summaries by name (value and display only).
        const summary = full.length === 0 && /\.children\.\d+$/.test(path);
        if (typeof d.formulaId === "string" && d.kind !== "derived" && !summary) {
          seen++;
          if (typeof d.substituted?.text !== "string" || typeof d.display !== "string") missing.push(path);
        }
        for (const [k, v] of Object.entries(o)) walk(v, `${path}.${k}`);
      };
      walk(JSON.parse(r.stdout), "$");
      expect(missing).toEqual([]);
      if (c.command !== "catalog tiers") expect(seen).toBeGreaterThan(0);
    });
  }

  it("names a derivation's derived inputs with their values; --derivations full keeps the trees", async () => {
    const small = await runCli("step", "--json");
    const full = await runCli("step", "--json", "--derivations", "full");
    expect(small.code).toBe(0);
    expect(full.code).toBe(0);
    expect(small.stdout.length * 5).toBeLessThan(full.stdout.length);
    const s = JSON.parse(small.stdout).derivations.stepSeconds;
    const f = JSON.parse(full.stdout).derivations.stepSeconds;
    expect(s.value).toBe(f.value);
    expect(s.substituted).toEqual(f.substituted);
    expect(s.children.map((c: { name: string; value: number }) => [c.name, c.value])).toEqual(f.children.map((c: { name: string; value: number }) => [c.name, c.value]));
    expect(s.children[0].children).toBeUndefined();
    expect(f.children[0].children.length).toBeGreaterThan(0);
    // Each summarised child is a named number of the result, with its own entry (and `explain`).
    const all = JSON.parse(small.stdout).derivations as Record<string, { value: number }>;
    for (const c of s.children as { name: string; value: number }[]) expect(all[c.name]?.value, c.name).toBe(c.value);
    const bad = await runCli("step", "--json", "--derivations", "tree");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--derivations: got "tree". Expected summary or full/);
  });
});

/** Pages with no command of their own: what they show instead. */
const PAGES_WITHOUT_COMMAND: Readonly<Record<string, string>> = {
  seeds: "the source documents' numbers, each derived (roofline seeds takes no input table)",
  practice: "problems drawn from the formulas (its seed is a session input, not an analysis input)",
  validation: "the public measurements, predicted (roofline validate reads files, not an input table)",
};

describe("every page opens on its command's defaults", () => {
  it("every page of the app is paired with its command (or says why it has none)", () => {
    const paired = new Set(PAGE_PAIRS.map((p) => p.page.split(" ")[0]));
    for (const page of PAGES) expect(paired.has(page.id) || page.id in PAGES_WITHOUT_COMMAND, page.id).toBe(true);
  });

  for (const p of PAGE_PAIRS) {
    it(`${p.page} ↔ ${p.command}: the same default for every input both have; the command's other inputs omitted with a reason`, async () => {
      const differ = p.defaultsDiffer ?? {};
      const omits = p.pageOmits ?? {};
      for (const d of p.commandTable.inputs) {
        if (!p.pageTable.has(d.id)) {
          expect(omits[d.id], `${p.page} lacks ${p.command}'s ${d.id}: say why in pageOmits`).toBeTruthy();
          continue;
        }
        expect(omits[d.id], `${p.page} has ${d.id}: not omitted`).toBeUndefined();
        const page = p.pageTable.get(d.id).default;
        if (d.id in differ) expect(page, `${p.page}.${d.id} is declared to differ`).not.toEqual(d.default);
        else expect(page, `${p.page}.${d.id}: page default vs ${p.command}'s`).toEqual(d.default);
      }
      // Each declared difference and omission is real (no stale exceptions).
      for (const id of [...Object.keys(differ), ...Object.keys(omits)]) expect(p.commandTable.has(id), `${p.page}: ${id} is not an input of ${p.command}`).toBe(true);
      // The command's table is the one its flags come from.
      expect(inputTableOf(commandAt(p.command))?.analysis).toBe(p.commandTable.analysis);
    });
  }
});

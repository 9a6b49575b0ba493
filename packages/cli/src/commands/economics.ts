/**
 * `prices`, `kv-tiers`, `modes` and `train`: the economics of the lecture — what API prices reveal,
 * where a KV cache should live, fast and slow modes, and the compute split of a model's life.
 */
import {
  analyzeFleet,
  analyzeKvTiers,
  analyzeModes,
  analyzeTraining,
  formatNumberForArithmetic,
  formatQuantity,
  formatSignificant,
  findPriceSheet,
  getPriceSheet,
  invertPrices,
  PRICE_CATALOG,
  priceSheetFromJson,
  type Derivation,
  type Given,
  type PriceSheet,
  type Warning,
  MODES_INPUTS,
  KV_TIERS_INPUTS,
  PRICES_CURVE_ONLY,
  PRICES_INPUTS,
  TRAINING_INPUTS,
  trainingOptionsFromInputs,
} from "@roofline/core";
import { Command } from "commander";
import { addFormatFlags } from "./common.ts";
import { addInputFlags, flagNames, readInputs } from "../inputs.ts";
import { addRooflineFlags, resolveHardware, resolveIdOrFile, resolveModel, rooflineOptions, type RawFlags } from "../options.ts";
import { depthOf, formatOf, out, printWarnings, renderDerivations, renderTable, toJson, type Format, type FormatFlags, type Table } from "../output.ts";

type Flags = Record<string, string | boolean | undefined> & FormatFlags;


export function resolvePriceSheet(value: string | undefined, fallback: string): PriceSheet {
  const sheet = resolveIdOrFile(value ?? fallback, "--prices", { find: findPriceSheet, get: getPriceSheet }, priceSheetFromJson, "price-sheet");
  if (sheet.warnings) printWarnings(sheet.warnings);
  return sheet;
}

/** Token and FLOP counts large enough to need powers of ten: 2.59×10¹⁴ tokens. */
const tokensText = (v: number) => (v >= 1e7 ? `${formatNumberForArithmetic(v, 3)} tokens` : formatQuantity(v, "token"));
const flopText = (v: number) => `${formatNumberForArithmetic(v, 3)} FLOP`;

const money = (v: number | null | undefined) => (v === null || v === undefined ? "unknown" : formatQuantity(v, "USD/Mtoken"));

/** Title, a key/value summary, tables, bullet lists and the derivations, in the chosen format. */
function emit(format: Format, flags: FormatFlags, parts: { title: string[]; summary: [string, string][]; tables: { label: string; table: Table }[]; lists: { label: string; items: string[] }[]; derivations: Derivation[] }) {
  const blocks: string[] = [...parts.title, "", renderTable({ columns: ["", "value"], rows: parts.summary }, format)];
  for (const t of parts.tables) blocks.push("", format === "md" ? `### ${t.label}` : `${t.label}:`, renderTable(t.table, format));
  for (const l of parts.lists) {
    if (!l.items.length) continue;
    blocks.push("", format === "md" ? `### ${l.label}` : `${l.label}:`, ...l.items.map((i) => `- ${i}`));
  }
  if (!flags.brief) blocks.push("", format === "md" ? "## Derivations" : "Derivations", "", renderDerivations(parts.derivations, format === "md" ? "md" : "text", depthOf(flags)));
  out(blocks.join("\n"));
}

function finish(warnings: readonly Warning[]) {
  printWarnings(warnings);
}

// ---- prices ------------------------------------------------------------------------------------

function sheetsTable(sheets: readonly PriceSheet[], raw: boolean): Table {
  return {
    columns: raw
      ? ["id", "provider", "model", "date", "inputUsdPerMillionTokens", "outputUsdPerMillionTokens", "cacheReadUsdPerMillionTokens", "cacheWrites", "longContextThresholdTokens", "longContextInputUsdPerMillionTokens", "longContextOutputUsdPerMillionTokens", "contextWindowTokens"]
      : ["id", "model", "date", "input", "output", "cache read", "cache writes", "long context", "window"],
    rows: sheets.map((s) => {
      const writes = s.cacheWrites.map((w) => `${formatQuantity(w.durationSeconds, "s")}: ${raw ? w.usdPerMillionTokens.value : money(w.usdPerMillionTokens.value)}`).join("; ");
      const lc = s.longContext;
      return raw
        ? [s.id, s.provider, s.model, s.date ?? "", s.input.value, s.output.value, s.cacheRead?.value ?? "", writes, lc?.thresholdTokens.value ?? "", lc?.input.value ?? "", lc?.output?.value ?? "", s.contextWindowTokens?.value ?? ""]
        : [
            s.id,
            s.model,
            s.date ?? "—",
            money(s.input.value),
            money(s.output.value),
            money(s.cacheRead?.value),
            writes || "—",
            lc ? `> ${formatQuantity(lc.thresholdTokens.value, "token")}: ${money(lc.input.value)} in, ${money(lc.output?.value)} out` : "—",
            s.contextWindowTokens ? formatQuantity(s.contextWindowTokens.value, "token") : "unknown",
          ];
    }),
  };
}

export function pricesCommand(): Command {
  const cmd = new Command("prices")
    .summary("what API prices reveal: KV bytes per token, memory-bound decode, cache tiers")
    .description(
      "Inverts an API price sheet under stated assumptions (the lecture, 1:33–2:03): the long-context threshold gives the KV bytes per token at which KV-fetch time meets compute time, with the range implied by uncertain active parameters and compute precision; output ÷ input price says how memory-bound decode is; each cache duration points to the memory tier whose drain time matches it; and the attention layouts (per-layer GQA, one global KV shared across layers, MLA) that would give the inferred size. `--list` shows the catalog's dated price sheets with their sources.",
    )
    .option("--list", "list the catalog's price sheets with dates and sources");
  // The inversion's inputs; the page's cost curve has more (PRICES_CURVE_ONLY), which this command does not read.
  addInputFlags(cmd, PRICES_INPUTS, { skip: PRICES_CURVE_ONLY });
  addFormatFlags(cmd);
  cmd.action((flags: Flags) => {
    const format = formatOf(flags);
    if (flags["list"]) {
      if (format === "json") return out(toJson(PRICE_CATALOG));
      if (format === "csv") return out(renderTable(sheetsTable(PRICE_CATALOG, true), "csv"));
      const sources = PRICE_CATALOG.flatMap((s) => s.sources.map((src) => `${s.id}: ${src.title} (${src.date ?? "undated"}) <${src.url ?? ""}>`));
      const notes = PRICE_CATALOG.flatMap((s) => s.notes.map((n) => `${s.id}: ${n}`));
      return out(["API price sheets (USD per million tokens), as read from stored copies of public pages", "", renderTable(sheetsTable(PRICE_CATALOG, false), format), "", format === "md" ? "### Sources" : "Sources:", ...sources.map((x) => `- ${x}`), "", format === "md" ? "### Notes" : "Notes:", ...notes.map((x) => `- ${x}`)].join("\n"));
    }
    const given = readInputs(flags, PRICES_INPUTS);
    const { priceSheet, hardware, ...numbers } = given;
    const sheet = resolvePriceSheet(priceSheet as string | undefined, PRICES_INPUTS.get("priceSheet").default as string);
    const opts = { ...numbers, sheet, hardware: resolveHardware((hardware as string | undefined) ?? (PRICES_INPUTS.get("hardware").default as string)), names: flagNames(PRICES_INPUTS) } as Parameters<typeof invertPrices>[0];
    const r = invertPrices(opts);
    finish(r.warnings);
    if (format === "json") return out(toJson({ ...r, priceSheet: sheet }));
    const layouts: Table = {
      columns: format === "csv" ? ["kind", "description", "kvLayers", "kvHeads", "headDim", "latentDim", "bytesPerValue", "kvBytesPerToken", "ratioToEstimate", "withinRange"] : ["layout", "KV/token", "÷ estimate", "in range"],
      rows: r.layouts.map((l) =>
        format === "csv"
          ? [l.kind, l.description, l.kvLayers, l.kvHeads ?? "", l.headDim ?? "", l.latentDim ?? "", l.bytesPerValue, l.kvBytesPerToken, l.ratioToEstimate, l.withinRange ? "yes" : "no"]
          : [l.description, formatQuantity(l.kvBytesPerToken, "B/token"), `${formatSignificant(l.ratioToEstimate, 3)}×`, l.withinRange ? "yes" : "no"],
      ),
    };
    if (format === "csv") return out(renderTable(layouts, "csv"));
    const range = r.kvBytesPerTokenRange;
    const summary: [string, string][] = [
      ["long-context threshold", r.thresholdTokens === null ? "none in this sheet" : formatQuantity(r.thresholdTokens, "token")],
      ["long-context premium (input / output)", r.longContextPremium ? `${formatSignificant(r.longContextPremium.input, 3)}× / ${r.longContextPremium.output === null ? "unknown" : `${formatSignificant(r.longContextPremium.output, 3)}×`}` : "—"],
      ["KV bytes per token (estimate)", r.impliedKvBytesPerToken === null ? "— (no threshold to invert)" : formatQuantity(r.impliedKvBytesPerToken, "B/token")],
      ["KV bytes per token (range)", range ? `${formatQuantity(range.low, "B/token")} – ${formatQuantity(range.high, "B/token")}` : "—"],
      ["output ÷ input price", `${formatSignificant(r.outputToInputRatio, 3)}×`],
      ["decode utilisation implied (prefill = 1)", `${formatSignificant(r.impliedDecodeUtilization * 100, 3)}% → decode ${r.decodeBound}-bound`],
      ["input ÷ cache-hit price", r.cacheHitDiscount === null ? "unknown" : `${formatSignificant(r.cacheHitDiscount, 3)}×`],
      ...r.cacheTiers.map((c): [string, string] => [`${formatQuantity(c.durationSeconds, "s")} cache (write ${money(c.writeUsdPerMillionTokens)})`, `${c.tierName}: drain ${formatQuantity(c.drainSeconds, "s")} (duration ÷ drain ${formatSignificant(c.durationToDrain, 3)})`]),
    ];
    emit(format, flags, {
      title: [`${sheet.provider} ${sheet.model}${sheet.date ? ` — prices of ${sheet.date}` : ""}: what the price sheet reveals`],
      summary,
      tables: [{ label: "price sheet", table: sheetsTable([sheet], false) }, ...(r.layouts.length ? [{ label: "attention layouts near the estimate", table: layouts }] : [])],
      lists: [
        { label: "assumptions", items: r.assumptions },
        { label: "plausibility", items: r.plausibility },
        { label: "sources", items: sheet.sources.map((s) => `${s.title} (${s.date ?? "undated"})${s.url ? ` <${s.url}>` : ""}`) },
        { label: "notes", items: sheet.notes },
      ],
      derivations: Object.values(r.derivations),
    });
  });
  return cmd;
}

// ---- kv-tiers ---------------------------------------------------------------------------------------

export function kvTiersCommand(): Command {
  const cmd = new Command("kv-tiers")
    .summary("where a KV cache should live: $ to hold, $ and time to bring back, vs recomputing")
    .description(
      "For each memory tier (HBM, host DRAM, flash, disk; capacities and bandwidths from the catalog), the dollars per second to hold one token's KV, the time and dollars to bring it back, and the dollars to recompute it (a prefill); the cheapest tier as a function of hold time with the exact crossover times; and real cache durations (5 minutes, 1 hour) against the tiers' drain times and the ~10× cache-hit discount. Tier prices the catalog does not know are left out until given.",
    );
  addInputFlags(cmd, KV_TIERS_INPUTS);
  addFormatFlags(cmd);
  cmd.action((flags: Flags) => {
    const format = formatOf(flags);
    const given = readInputs(flags, KV_TIERS_INPUTS);
    const pick = (id: string) => (given[id] as string | undefined) ?? (KV_TIERS_INPUTS.get(id).default as string);
    // Both the KV per token and the active parameters given, and no model: the analysis needs none.
    const useModel = !(given["kvBytesPerToken"] !== undefined && given["modelActiveParams"] !== undefined && given["model"] === undefined);
    const { model: _m, hardware: _h, ...numbers } = given;
    const opts = {
      ...numbers,
      hardware: resolveHardware(pick("hardware")),
      ...(useModel ? { model: resolveModel(pick("model")) } : {}),
      names: flagNames(KV_TIERS_INPUTS),
    } as Parameters<typeof analyzeKvTiers>[0];
    const r = analyzeKvTiers(opts);
    finish(r.warnings);
    if (format === "json") return out(toJson(r));
    const usdCell = (v: number | null) => (v === null ? "unknown" : format === "csv" ? String(v) : formatQuantity(v, "USD"));
    const holdTable: Table = {
      columns: format === "csv" ? ["holdSeconds", "hbmUsd", "dramUsd", "flashUsd", "diskUsd", "recomputeUsd", "cheapest"] : ["hold time", "HBM", "DRAM", "flash", "disk", "recompute", "cheapest"],
      rows: r.points.map((p) => [format === "csv" ? p.holdSeconds : formatQuantity(p.holdSeconds, "s"), usdCell(p.usd.hbm), usdCell(p.usd.dram), usdCell(p.usd.flash), usdCell(p.usd.disk), usdCell(p.usd.recompute), p.cheapest]),
    };
    if (format === "csv") return out(renderTable(holdTable, "csv"));
    const tierTable: Table = {
      columns: ["tier", "drain time", "$ to hold / s", "time to bring back", "$ to bring back", "price"],
      rows: r.tiers.map((t) => [
        t.name,
        t.drainSeconds === null ? "—" : formatQuantity(t.drainSeconds, "s"),
        t.holdUsdPerSecond === null ? "unknown" : formatQuantity(t.holdUsdPerSecond, "USD/s"),
        t.retrieveSeconds === null ? "—" : formatQuantity(t.retrieveSeconds, "s"),
        t.retrieveUsd === null ? "unknown" : formatQuantity(t.retrieveUsd, "USD"),
        t.priceNote,
      ]),
    };
    emit(format, flags, {
      title: [`Where one token's KV (${formatQuantity(r.kvBytesPerToken, "B/token")}) should live, on ${r.hardware.name}: recomputing it costs ${formatQuantity(r.recomputeUsdPerToken, "USD")} (ideal: a compute-bound prefill)${r.expectedRecomputeUsdPerToken === null ? "" : `, ${formatQuantity(r.expectedRecomputeUsdPerToken, "USD")} expected`}`],
      summary: [
        ...r.crossovers.map((c): [string, string] => [`${c.from} → ${c.to} at hold time`, formatQuantity(c.holdSeconds, "s")]),
        ...r.durations.map((d): [string, string] => [
          `${formatQuantity(d.durationSeconds, "s")} cache`,
          `cheapest: ${d.cheapest} (${formatQuantity(d.cheapestUsd, "USD")}/token); recompute ÷ stored = ${d.impliedDiscount === null ? "none (storing costs $0)" : `${formatSignificant(d.impliedDiscount, 3)}×`} vs the ~${formatSignificant(r.cacheHitDiscount, 3)}× cache-hit discount; drain time matches ${d.drainMatchedTier}`,
        ]),
        ["recompute cost per token (expected)", r.expectedRecomputeUsdPerToken === null ? `none (${r.expectedNote})` : `${formatQuantity(r.expectedRecomputeUsdPerToken, "USD")} (${r.expectedNote})`],
        ...r.durations.flatMap((d): [string, string][] =>
          d.expected
            ? [[`${formatQuantity(d.durationSeconds, "s")} cache (expected recompute)`, `cheapest: ${d.expected.cheapest} (${formatQuantity(d.expected.cheapestUsd, "USD")}/token); recompute ÷ stored = ${d.expected.impliedDiscount === null ? "none (storing costs $0)" : `${formatSignificant(d.expected.impliedDiscount, 3)}×`}`]]
            : [],
        ),
      ],
      tables: [
        { label: "tiers (per token)", table: tierTable },
        { label: "cost to hold one token's KV for a time, then use it", table: holdTable },
      ],
      lists: [],
      derivations: Object.values(r.derivations),
    });
  });
  return cmd;
}

// ---- modes ------------------------------------------------------------------------------------------

export function modesCommand(): Command {
  const cmd = new Command("modes")
    .summary("fast and slow modes: the price–speed frontier from batch size")
    .description(
      "The price–speed frontier a provider moves along by choosing the batch: what a price multiple buys (the lecture: 6× the price for 2.5× the speed), the latency floor at batch 1, and why a slow mode — the largest batch that fits — saves little once compute and KV reads, which no batch amortises, set the cost.",
    )
    ;
  addRooflineFlags(cmd, { table: MODES_INPUTS });
  addFormatFlags(cmd);
  cmd.action((flags: RawFlags & Flags) => {
    const format = formatOf(flags);
    const r = analyzeModes(rooflineOptions(flags, MODES_INPUTS));
    finish(r.warnings);
    if (format === "json") return out(toJson(r));
    const frontier: Table = {
      columns:
        format === "csv"
          ? ["batch", "stepSeconds", "tokensPerSecondPerSequence", "usdPerMillionTokens", "bound", "fits", "expectedStepSeconds", "expectedTokensPerSecondPerSequence", "expectedUsdPerMillionTokens"]
          : ["batch", "step", "tok/s per user", "$/Mtok", "bound", "fits", "step (exp.)", "tok/s per user (exp.)", "$/Mtok (exp.)"],
      rows: r.frontier.map((p) =>
        format === "csv"
          ? [p.batch, p.stepSeconds, p.tokensPerSecondPerSequence, p.usdPerMillionTokens, p.bound, p.fits ? "yes" : "no", p.expectedStepSeconds, p.expectedTokensPerSecondPerSequence, p.expectedUsdPerMillionTokens]
          : [
              formatSignificant(p.batch, 6),
              formatQuantity(p.stepSeconds, "s"),
              formatSignificant(p.tokensPerSecondPerSequence, 3),
              formatQuantity(p.usdPerMillionTokens, "USD/Mtoken"),
              p.bound,
              p.fits ? "yes" : "no",
              formatQuantity(p.expectedStepSeconds, "s"),
              formatSignificant(p.expectedTokensPerSecondPerSequence, 3),
              formatQuantity(p.expectedUsdPerMillionTokens, "USD/Mtoken"),
            ],
      ),
    };
    if (format === "csv") return out(renderTable(frontier, "csv"));
    const line = (label: string, m: { batch: number; usdPerMillionTokens: number; tokensPerSecondPerSequence: number; priceRatio: number; speedRatio: number }): [string, string] => [
      label,
      `batch ${formatSignificant(m.batch, 4)}: ${formatQuantity(m.usdPerMillionTokens, "USD/Mtoken")}, ${formatSignificant(m.tokensPerSecondPerSequence, 3)} tok/s per user (${formatSignificant(m.priceRatio, 3)}× price, ${formatSignificant(m.speedRatio, 3)}× speed)`,
    ];
    emit(format, flags, {
      title: [`${r.model.name} on ${r.chips} × ${r.hardware.name}, context ${formatSignificant(r.contextTokens, 6)}: fast and slow modes`],
      summary: [
        line("standard mode", r.standard),
        r.fast ? line(`fast mode (${formatSignificant(r.priceMultiple, 3)}× the price)`, r.fast) : [`fast mode (${formatSignificant(r.priceMultiple, 3)}× the price)`, "beyond the latency floor: even batch 1 is cheaper"],
        line("latency floor (batch 1)", r.latencyFloor),
        [...line("slow mode (largest batch that fits)", r.slow).slice(0, 1), `${line("", r.slow)[1]}; saves ${formatSignificant(Math.abs(r.slow.savings) < 1e-9 ? 0 : r.slow.savings * 100, 3)}%`] as [string, string],
        ["the lecture", "6× the price buys 2.5× the speed; a slow mode \"wouldn't help much\""],
        ["frontier (exp.) columns", "expected step times, not a bound (roofline validate)"],
        ...r.providerFastModes.map((f): [string, string] => [
          `published: ${f.model}`,
          `${formatSignificant(f.priceMultiplier, 3)}× the price for up to ${f.speedMultiplierUpTo === null ? "an unstated" : `${formatSignificant(f.speedMultiplierUpTo, 3)}×`} the speed${f.source?.url ? ` <${f.source.url}>` : ""}`,
        ]),
      ],
      tables: [{ label: "price–speed frontier", table: frontier }],
      lists: [],
      derivations: Object.values(r.derivations),
    });
  });
  return cmd;
}

// ---- train ------------------------------------------------------------------------------------------

export function trainCommand(): Command {
  const cmd = new Command("train")
    .summary("the compute split of a model's life: pre-training, RL, inference; over-training; the run and the fleet")
    .description(
      "Pre-training 6·N·D, RL (2–6)·N·D × inefficiency, inference 2·N·D × decode inefficiency; lifetime inference tokens from traffic × deployment time; the allocation that makes the three costs equal (the lecture's heuristic); over-training against Chinchilla's 20 tokens per parameter; chip-hours, dollars and days for the pre-training run from MFU and $/hour; and the serving fleet: replicas, chips, nodes, $/day, tokens/day, revenue at list prices and margin.",
    );
  addRooflineFlags(cmd, { table: TRAINING_INPUTS });
  addFormatFlags(cmd);
  cmd.action((flags: RawFlags & Flags) => {
    const format = formatOf(flags);
    const options = rooflineOptions(flags, TRAINING_INPUTS);
    const given = readInputs(flags, TRAINING_INPUTS);
    const trainingOpts = { hardware: options.hardware, ...trainingOptionsFromInputs(given, flagNames(TRAINING_INPUTS)) };
    const traffic = given["inferenceTokensPerSecond"] as Given | undefined;
    const perNode = given["chipsPerNode"] as Given | undefined;
    const r = analyzeTraining(trainingOpts);
    const sheet = resolvePriceSheet(given["priceSheet"] as string | undefined, TRAINING_INPUTS.get("priceSheet").default as string);
    // The fleet needs a price; without one (TPU v4 has no public quote) the run's chip-hours still print.
    const priced = options.usdPerChipHour !== undefined || options.hardware.usdPerChipHour.value !== null;
    const fleet = priced ? analyzeFleet({ ...options, sheet, ...(traffic ? { demandTokensPerSecond: traffic } : {}), ...(perNode ? { chipsPerNode: perNode } : {}), names: { ...options.names, batch: "--batch" } }) : null;
    finish([...r.warnings, ...(fleet ? fleet.warnings : [{ code: "no-price", message: `No rental price for ${options.hardware.id}: the serving fleet's cost, revenue and margin are not shown (give --usd-per-hour).` }])]);
    if (format === "json") return out(toJson({ training: r, fleet }));
    const split: Table = {
      columns: format === "csv" ? ["phase", "tokens", "flop", "share"] : ["phase", "tokens", "FLOP (pre-training-equivalent)", "share"],
      rows: (
        [
          ["pre-training", r.pretrainTokens, r.flop.pretrain, r.split.pretrain],
          ["RL", r.rlTokens, r.flop.rl, r.split.rl],
          ["inference", r.inferenceTokens, r.flop.inference, r.split.inference],
        ] as const
      ).map(([name, tokens, flop, share]) => (format === "csv" ? [name, tokens, flop, share] : [name, tokensText(tokens), flopText(flop), `${formatSignificant(share * 100, 3)}%`])),
    };
    if (format === "csv") return out(renderTable(split, "csv"));
    const run = r.run;
    emit(format, flags, {
      title: [`The compute split of a ${formatQuantity(r.activeParams, "param")}-active model's life, and its serving fleet (${sheet.provider} ${sheet.model} list prices)`],
      summary: [
        ["lifetime inference tokens", tokensText(r.inferenceTokens)],
        [flags["tokens"] ? "pre-training tokens (given)" : "pre-training tokens (equal cost)", tokensText(r.pretrainTokens)],
        ["RL tokens (equal cost)", tokensText(r.rlTokens)],
        ["D_pretrain ÷ D_RL", formatSignificant(r.pretrainTokens / r.rlTokens, 3)],
        ["Chinchilla-optimal tokens", tokensText(r.chinchillaTokens)],
        ["over-trained by", `${formatSignificant(r.overtrainingFactor, 3)}× (the lecture: ~100×)`],
        ["pre-training run", run ? `${formatSignificant(run.chipHours, 3)} chip-hours on ${options.hardware.name}; ${run.usd === null ? "cost unknown" : formatQuantity(run.usd, "USD")}${run.seconds === null ? "" : `; ${formatQuantity(run.seconds, "s")} on ${formatSignificant(run.chips as number, 6)} chips`}` : "—"],
        ...((fleet
          ? [
              ["fleet: replicas × chips", `${formatSignificant(fleet.replicas, 6)} × ${formatSignificant(fleet.chips / fleet.replicas, 6)} = ${formatSignificant(fleet.chips, 6)} chips in ${formatSignificant(fleet.nodes, 6)} nodes (a replica serves ${formatQuantity(fleet.replicaTokensPerSecond, "token/s")})`],
              ["fleet: cost per day", formatQuantity(fleet.usdPerDay, "USD")],
              ["fleet: tokens per day", tokensText(fleet.tokensPerDay)],
              ["fleet: revenue per day at list", formatQuantity(fleet.revenuePerDay, "USD")],
              ["fleet: margin", `${formatSignificant(fleet.margin * 100, 3)}%`],
              ["fleet (expected train): replicas × chips", `${formatSignificant(fleet.expected.replicas, 6)} × ${formatSignificant(fleet.chips / fleet.replicas, 6)} = ${formatSignificant(fleet.expected.chips, 6)} chips in ${formatSignificant(fleet.expected.nodes, 6)} nodes (a replica serves ${formatQuantity(fleet.expected.replicaTokensPerSecond, "token/s")})`],
              ["fleet (expected train): cost per day, margin", `${formatQuantity(fleet.expected.usdPerDay, "USD")}; ${formatSignificant(fleet.expected.margin * 100, 3)}%`],
              ["ideal and expected", "the fleet above is sized at the ideal train (a bound: the fewest chips); (expected train) at the efficiency model's step"],
            ]
          : [["fleet", "not shown: no price per chip-hour (give --usd-per-hour)"]]) as [string, string][]),
      ],
      tables: [{ label: "compute split", table: split }],
      lists: [{ label: "expected numbers", items: [r.expectedNote] }],
      derivations: [...Object.values(r.derivations), ...(fleet ? Object.values(fleet.derivations) : [])],
    });
  });
  return cmd;
}

export function economicsCommands(): Command[] {
  return [pricesCommand(), kvTiersCommand(), modesCommand(), trainCommand()];
}

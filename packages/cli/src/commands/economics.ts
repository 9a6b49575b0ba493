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
  parseComputePrecision,
  parsePrecision,
  PRICE_CATALOG,
  priceSheetFromJson,
  SECONDS_PER_DAY,
  type Derivation,
  type Given,
  type NumberRule,
  type PriceSheet,
  type Warning,
  MODES_INPUTS,
} from "@roofline/core";
import { Command } from "commander";
import { addFormatFlags } from "./common.ts";
import { addRooflineFlags, numberFlag, resolveHardware, resolveIdOrFile, resolveModel, rooflineOptions, type RawFlags } from "../options.ts";
import { depthOf, formatOf, out, printWarnings, renderDerivations, renderTable, toJson, type Format, type FormatFlags, type Table } from "../output.ts";

type Flags = Record<string, string | boolean | undefined> & FormatFlags;

function num(flags: Flags, key: string, flag: string, rule: NumberRule): Given | undefined {
  const text = flags[key];
  return typeof text === "string" ? numberFlag(text, flag, rule) : undefined;
}


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
    .option("--prices <id|file>", "catalog price sheet (gemini, opus, sonnet, gpt-5.4, deepseek, or a full id) or a price-sheet JSON file (default: google-gemini-3.1-pro-preview)")
    .option("--list", "list the catalog's price sheets with dates and sources")
    .option("--active-params <N>", "active parameters of the priced model (default: 100B, the lecture's guess); accepts 100e9, 100G")
    .option("--active-params-low <N>", "low end of the active-parameter range (default: half the central value)")
    .option("--active-params-high <N>", "high end of the active-parameter range (default: twice the central value)")
    .option("-H, --hardware <id|file>", "serving hardware: catalog chip id or alias, or a hardware JSON file (default: h100, the lecture's ≈300 class)")
    .option("--compute <precision>", "compute precision of the central estimate: bf16, fp8, … (default: fp8; the range also covers bf16 and fp8)")
    .option("--flops <FLOP/s>", "override the chip's dense FLOP/s (the range then covers active parameters only)")
    .option("--hbm-bandwidth <B/s>", "override HBM bandwidth per chip, bytes/s")
    .option("-b, --batch <B>", "a finite batch: weight reads then take memory time too (needs --total-params and --bytes-per-weight); default: the lecture's large batch")
    .option("--total-params <N>", "total parameters (with --batch)")
    .option("--bytes-per-weight <b>", "bytes per weight (with --batch), e.g. 1 for FP8")
    .option("--prefill-utilization <η>", "FLOP utilisation of prefill used to read output ÷ input, (0, 1] (default: 1)");
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
    const sheet = resolvePriceSheet(flags["prices"] as string | undefined, "google-gemini-3.1-pro-preview");
    const p = (key: string, flag: string, rule: NumberRule) => num(flags, key, flag, rule);
    const params = { what: "active parameters", above: 0, max: 1e15 };
    const opts = {
      sheet,
      ...(flags["hardware"] ? { hardware: resolveHardware(flags["hardware"] as string) } : {}),
      ...(flags["compute"] ? { computePrecision: parseComputePrecision(flags["compute"] as string, "--compute") } : {}),
      names: {
        activeParams: "--active-params",
        activeParamsLow: "--active-params-low",
        activeParamsHigh: "--active-params-high",
        peakFlopsPerSecond: "--flops",
        hbmBytesPerSecond: "--hbm-bandwidth",
        batch: "--batch",
        totalParams: "--total-params",
        bytesPerWeight: "--bytes-per-weight",
        prefillUtilization: "--prefill-utilization",
      },
    };
    const extra: Record<string, Given> = {};
    const set = (k: string, v: Given | undefined) => v !== undefined && (extra[k] = v);
    set("activeParams", p("activeParams", "--active-params", params));
    set("activeParamsLow", p("activeParamsLow", "--active-params-low", params));
    set("activeParamsHigh", p("activeParamsHigh", "--active-params-high", params));
    set("peakFlopsPerSecond", p("flops", "--flops", { what: "FLOP/s per chip", above: 0, max: 1e21 }));
    set("hbmBytesPerSecond", p("hbmBandwidth", "--hbm-bandwidth", { what: "bytes/s per chip", above: 0, max: 1e17 }));
    set("batch", p("batch", "--batch", { what: "sequences in the batch", integer: true, min: 1, max: 1e7 }));
    set("totalParams", p("totalParams", "--total-params", { what: "total parameters", above: 0, max: 1e15 }));
    set("bytesPerWeight", p("bytesPerWeight", "--bytes-per-weight", { what: "bytes per weight", above: 0, max: 8 }));
    set("prefillUtilization", p("prefillUtilization", "--prefill-utilization", { what: "fraction of peak FLOP/s", above: 0, max: 1 }));
    const r = invertPrices({ ...opts, ...extra });
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
    )
    .option("-m, --model <id|file>", "model whose KV and active parameters to use (default: deepseek-v3)")
    .option("-H, --hardware <id|file>", "the GPU whose HBM and rent set the HBM tier and the recompute cost (default: h100)")
    .option("--kv-bytes-per-token <bytes>", "KV bytes per token, overriding the model's (e.g. 1700 for the lecture's inferred size)")
    .option("--active-params <N>", "active parameters for the recompute cost, when no model is given")
    .option("--kv <precision>", "KV-cache precision of the model (default: bf16)")
    .option("--compute <precision>", "compute precision of the recomputing prefill (default: bf16)")
    .option("--prefill-efficiency <η>", "FLOP utilisation of the recomputing prefill, (0, 1] (default: 1)")
    .option("--usd-per-hour <$>", "GPU rent per hour (default: the catalog's newest dated quote)")
    .option("--dram-usd-per-gb-month <$>", "host DRAM price, USD per GB-month (default: unknown — the tier is left out)")
    .option("--flash-usd-per-gb-month <$>", "flash price, USD per GB-month (default: AWS EBS gp3 $0.08, from the catalog)")
    .option("--disk-usd-per-gb-month <$>", "disk price, USD per GB-month (default: AWS EBS st1 $0.045, from the catalog)")
    .option("--cache-hit-discount <×>", "the provider's input ÷ cache-hit price to compare with (default: 10, the lecture)");
  addFormatFlags(cmd);
  cmd.action((flags: Flags) => {
    const format = formatOf(flags);
    const usd = { what: "USD per GB-month", min: 0, max: 1e6 };
    const given = (key: string, flag: string, rule: NumberRule) => num(flags, key, flag, rule);
    const kv = given("kvBytesPerToken", "--kv-bytes-per-token", { what: "bytes of KV per token", above: 0, max: 1e9 });
    const active = given("activeParams", "--active-params", { what: "active parameters", above: 0, max: 1e15 });
    const useModel = !(kv !== undefined && active !== undefined && flags["model"] === undefined);
    const opts: Parameters<typeof analyzeKvTiers>[0] = {
      hardware: resolveHardware((flags["hardware"] as string | undefined) ?? "h100"),
      ...(useModel ? { model: resolveModel((flags["model"] as string | undefined) ?? "deepseek-v3") } : {}),
      names: {
        kvBytesPerToken: "--kv-bytes-per-token",
        activeParams: "--active-params",
        prefillEfficiency: "--prefill-efficiency",
        cacheHitDiscount: "--cache-hit-discount",
        usdPerChipHour: "--usd-per-hour",
        dramUsdPerGbMonth: "--dram-usd-per-gb-month",
        flashUsdPerGbMonth: "--flash-usd-per-gb-month",
        diskUsdPerGbMonth: "--disk-usd-per-gb-month",
      },
    };
    const assign = (k: string, v: Given | undefined) => v !== undefined && ((opts as unknown as Record<string, Given>)[k] = v);
    assign("kvBytesPerToken", kv);
    assign("activeParams", active);
    assign("prefillEfficiency", given("prefillEfficiency", "--prefill-efficiency", { what: "fraction of peak FLOP/s", above: 0, max: 1 }));
    assign("usdPerChipHour", given("usdPerHour", "--usd-per-hour", { what: "USD per chip-hour", min: 0, max: 1e6 }));
    assign("dramUsdPerGbMonth", given("dramUsdPerGbMonth", "--dram-usd-per-gb-month", usd));
    assign("flashUsdPerGbMonth", given("flashUsdPerGbMonth", "--flash-usd-per-gb-month", usd));
    assign("diskUsdPerGbMonth", given("diskUsdPerGbMonth", "--disk-usd-per-gb-month", usd));
    assign("cacheHitDiscount", given("cacheHitDiscount", "--cache-hit-discount", { what: "input price ÷ cache-hit price", above: 0, max: 1e6 }));
    if (flags["kv"]) opts.kvPrecision = parsePrecision(flags["kv"] as string, "--kv");
    if (flags["compute"]) opts.computePrecision = parseComputePrecision(flags["compute"] as string, "--compute");
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
      title: [`Where one token's KV (${formatQuantity(r.kvBytesPerToken, "B/token")}) should live, on ${r.hardware.name}: recomputing it costs ${formatQuantity(r.recomputeUsdPerToken, "USD")}`],
      summary: [
        ...r.crossovers.map((c): [string, string] => [`${c.from} → ${c.to} at hold time`, formatQuantity(c.holdSeconds, "s")]),
        ...r.durations.map((d): [string, string] => [
          `${formatQuantity(d.durationSeconds, "s")} cache`,
          `cheapest: ${d.cheapest} (${formatQuantity(d.cheapestUsd, "USD")}/token); recompute ÷ stored = ${d.impliedDiscount === null ? "none (storing costs $0)" : `${formatSignificant(d.impliedDiscount, 3)}×`} vs the ~${formatSignificant(r.cacheHitDiscount, 3)}× cache-hit discount; drain time matches ${d.drainMatchedTier}`,
        ]),
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
      columns: format === "csv" ? ["batch", "stepSeconds", "tokensPerSecondPerSequence", "usdPerMillionTokens", "bound", "fits"] : ["batch", "step", "tok/s per user", "$/Mtok", "bound", "fits"],
      rows: r.frontier.map((p) =>
        format === "csv"
          ? [p.batch, p.stepSeconds, p.tokensPerSecondPerSequence, p.usdPerMillionTokens, p.bound, p.fits ? "yes" : "no"]
          : [formatSignificant(p.batch, 6), formatQuantity(p.stepSeconds, "s"), formatSignificant(p.tokensPerSecondPerSequence, 3), formatQuantity(p.usdPerMillionTokens, "USD/Mtoken"), p.bound, p.fits ? "yes" : "no"],
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
        [...line("slow mode (largest batch that fits)", r.slow).slice(0, 1), `${line("", r.slow)[1]}; saves ${formatSignificant(r.slow.savings * 100, 3)}%`] as [string, string],
        ["the lecture", "6× the price buys 2.5× the speed; a slow mode \"wouldn't help much\""],
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
    )
    .option("--active-params <N>", "active parameters (default: 100B, the lecture)")
    .option("--traffic <tokens/s>", "tokens per second served by this model (default: 50M, the lecture)")
    .option("--deployment-days <days>", "days the model is deployed (default: 60, the lecture's two months)")
    .option("--rl-flop-per-param <k>", "FLOP per parameter per RL token, 2 (forward only) to 6 (train on every rollout) (default: 3)")
    .option("--rl-inefficiency <×>", "pre-training MFU ÷ RL MFU (default: 3)")
    .option("--inference-inefficiency <×>", "pre-training MFU ÷ decode MFU (default: 3)")
    .option("--tokens <D>", "pre-training tokens, when known (default: the tokens that cost as much as the lifetime inference); accepts 15T")
    .option("--tokens-per-param <τ>", "Chinchilla tokens per parameter (default: 20)")
    .option("--mfu <η>", "MFU of the pre-training run, (0, 1] (default: 0.4, assumed)")
    .option("--training-chips <n>", "chips in the training cluster, for the run's wall-clock time")
    .option("--prices <id|file>", "price sheet whose output price the fleet earns (default: deepseek-v3.2)")
    .option("--chips-per-node <g>", "chips per node of the fleet (default: the scale-up domain, at most 72)");
  addRooflineFlags(cmd, { phase: false });
  addFormatFlags(cmd);
  cmd.action((flags: RawFlags & Flags) => {
    const format = formatOf(flags);
    const g = (key: string, flag: string, rule: NumberRule) => num(flags, key, flag, rule);
    const options = rooflineOptions(flags);
    const days = g("deploymentDays", "--deployment-days", { what: "days", above: 0, max: 1e5 });
    const trainingOpts: Parameters<typeof analyzeTraining>[0] = {
      hardware: options.hardware,
      ...(options.computePrecision ? { computePrecision: options.computePrecision } : {}),
      names: {
        activeParams: "--active-params",
        inferenceTokensPerSecond: "--traffic",
        deploymentSeconds: "--deployment-days",
        rlFlopPerParamPerToken: "--rl-flop-per-param",
        rlInefficiency: "--rl-inefficiency",
        inferenceInefficiency: "--inference-inefficiency",
        tokensPerParam: "--tokens-per-param",
        pretrainTokens: "--tokens",
        mfu: "--mfu",
        usdPerChipHour: "--usd-per-hour",
        trainingChips: "--training-chips",
      },
    };
    const assign = (k: string, v: Given | undefined) => v !== undefined && ((trainingOpts as unknown as Record<string, Given>)[k] = v);
    assign("activeParams", g("activeParams", "--active-params", { what: "active parameters", above: 0, max: 1e15 }));
    const traffic = g("traffic", "--traffic", { what: "tokens per second", above: 0, max: 1e15 });
    assign("inferenceTokensPerSecond", traffic);
    if (days) assign("deploymentSeconds", { value: (days as { value: number }).value * SECONDS_PER_DAY, origin: { kind: "user", name: "--deployment-days (× 86,400 s)" } });
    assign("rlFlopPerParamPerToken", g("rlFlopPerParam", "--rl-flop-per-param", { what: "FLOP per parameter per token", min: 2, max: 6 }));
    assign("rlInefficiency", g("rlInefficiency", "--rl-inefficiency", { what: "inefficiency multiplier", min: 1, max: 1000 }));
    assign("inferenceInefficiency", g("inferenceInefficiency", "--inference-inefficiency", { what: "inefficiency multiplier", min: 1, max: 1000 }));
    assign("tokensPerParam", g("tokensPerParam", "--tokens-per-param", { what: "tokens per parameter", above: 0, max: 1e6 }));
    assign("pretrainTokens", g("tokens", "--tokens", { what: "pre-training tokens", above: 0, max: 1e18 }));
    assign("mfu", g("mfu", "--mfu", { what: "model FLOP utilisation", above: 0, max: 1 }));
    if (options.usdPerChipHour !== undefined) assign("usdPerChipHour", options.usdPerChipHour);
    assign("trainingChips", g("trainingChips", "--training-chips", { what: "chips", integer: true, min: 1, max: 1e8 }));
    const r = analyzeTraining(trainingOpts);
    const sheet = resolvePriceSheet(flags["prices"] as string | undefined, "deepseek-v3.2");
    const perNode = g("chipsPerNode", "--chips-per-node", { what: "chips per node", integer: true, min: 1, max: 1e6 });
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
            ]
          : [["fleet", "not shown: no price per chip-hour (give --usd-per-hour)"]]) as [string, string][]),
      ],
      tables: [{ label: "compute split", table: split }],
      lists: [],
      derivations: [...Object.values(r.derivations), ...(fleet ? Object.values(fleet.derivations) : [])],
    });
  });
  return cmd;
}

export function economicsCommands(): Command[] {
  return [pricesCommand(), kvTiersCommand(), modesCommand(), trainCommand()];
}

import {
  CATALOG_TIERS_INPUTS,
  findHardware,
  findModel,
  flopPerByteOf,
  hbmDrainSecondsOf,
  formatQuantity,
  formatSignificant,
  HARDWARE,
  MODELS,
  nearestIds,
  quoteValue,
  hardwareIds,
  modelIds,
  RooflineError,
  BYTES_PER_VALUE,
  memoryTiers,
  describeOrigin,
  type HardwareSpec,
  type ModelSpec,
} from "@roofline/core";
import { Command } from "commander";
import { addInputFlags, readInputs } from "../inputs.ts";
import { resolveHardware } from "../options.ts";
import { formatOf, out, renderTable, toJson, type FormatFlags, type Table } from "../output.ts";

const q = (v: number | null, unit: Parameters<typeof formatQuantity>[1]) => (v === null ? "unknown" : formatQuantity(v, unit));

export function hardwareTable(list: readonly HardwareSpec[], raw: boolean): Table {
  return {
    columns: ["id", "BF16 FLOP/s", "FP8 FLOP/s", "FP4 FLOP/s", "HBM", "HBM BW", "FLOP/B (BF16)", "FLOP/B (FP8)", "drain", "scale-up", "scale-up BW/chip", "$/chip-h", "confidence"],
    rows: list.map((h) => {
      const f = h.denseFlopsPerSecond;
      const fpb = flopPerByteOf(h);
      const drain = hbmDrainSecondsOf(h);
      if (raw) return [h.id, f.bf16.value ?? "", f.fp8.value ?? "", f.fp4.value ?? "", h.hbmBytes.value ?? "", h.hbmBytesPerSecond.value ?? "", fpb.bf16 ?? "", fpb.fp8 ?? "", drain ?? "", h.scaleUpDomainChips.value ?? "", h.scaleUpBytesPerSecondPerChip.value ?? "", h.usdPerChipHour.value ?? "", h.confidence ?? ""];
      return [
        h.id,
        q(f.bf16.value, "FLOP/s"),
        q(f.fp8.value, "FLOP/s"),
        q(f.fp4.value, "FLOP/s"),
        q(h.hbmBytes.value, "B"),
        q(h.hbmBytesPerSecond.value, "B/s"),
        fpb.bf16 === null ? "unknown" : formatSignificant(fpb.bf16, 3),
        fpb.fp8 === null ? "unknown" : formatSignificant(fpb.fp8, 3),
        q(drain, "s"),
        h.scaleUpDomainChips.value === null ? "unknown" : String(h.scaleUpDomainChips.value),
        q(h.scaleUpBytesPerSecondPerChip.value, "B/s"),
        h.usdPerChipHour.value === null ? "unknown" : formatQuantity(h.usdPerChipHour.value, "USD"),
        h.confidence ?? "",
      ];
    }),
  };
}

export function modelTable(list: readonly ModelSpec[], raw: boolean): Table {
  return {
    columns: ["id", "total params", "active params", "reported total/active", "layers", "attention", "KV B/token (BF16)", "max context"],
    rows: list.map((m) => {
      const kv = m.attention.napkinKvBytesPerToken ?? m.attention.fullKvValuesPerToken * BYTES_PER_VALUE.bf16;
      const kind = m.architecture?.mla ? "MLA" : m.architecture ? (m.architecture.numKvHeads === 1 ? "MQA" : m.architecture.numKvHeads === m.architecture.numHeads ? "MHA" : "GQA") : "napkin";
      const extra = [m.attention.windowedLayers ? `+${m.attention.windowedLayers} ${m.attention.windowKind}(${m.attention.windowTokens})` : "", m.attention.sparseTopK ? `+DSA top-${m.attention.sparseTopK}` : ""].join("");
      if (raw) return [m.id, m.totalParams, m.activeParams, m.reported ? `${m.reported.totalParams}/${m.reported.activeParams}` : "", m.layers ?? "", kind + extra, kv, m.maxContextTokens ?? ""];
      return [
        m.id,
        formatQuantity(m.totalParams, "param"),
        formatQuantity(m.activeParams, "param"),
        m.reported ? `${formatSignificant(m.reported.totalParams / 1e9, 4)}B / ${formatSignificant(m.reported.activeParams / 1e9, 3)}B` : "—",
        String(m.layers ?? "—"),
        kind + extra,
        formatSignificant(kv, 6),
        m.maxContextTokens === null ? "—" : formatSignificant(m.maxContextTokens, 6),
      ];
    }),
  };
}

function showHardware(h: HardwareSpec): unknown {
  return h;
}

function showModel(m: ModelSpec): string {
  const lines = [`${m.name} (${m.id}) — ${m.provenance.readFrom}`];
  lines.push(`total ${formatQuantity(m.totalParams, "param")}, active ${formatQuantity(m.activeParams, "param")}${m.reported ? `; authors report ${formatSignificant(m.reported.totalParams / 1e9, 4)}B total, ${formatSignificant(m.reported.activeParams / 1e9, 3)}B active` : ""}`);
  if (m.parameters) {
    lines.push("", renderTable({ columns: ["part", "total", "active"], rows: m.parameters.parts.map((p) => [p.label, formatQuantity(p.total, "param"), formatQuantity(p.active, "param")]) }, "text"));
    if (m.parameters.mtp) lines.push(`multi-token prediction module (not in the total): ${formatQuantity(m.parameters.mtp, "param")}`);
  }
  const a = m.attention;
  lines.push("", `KV per token: ${a.napkinKvBytesPerToken ?? `${a.fullKvValuesPerToken} values over ${a.fullLayers} full-context layers = ${formatQuantity(a.fullKvValuesPerToken * 2, "B/token")} at BF16, ${formatQuantity(a.fullKvValuesPerToken, "B/token")} at FP8`}`);
  if (a.windowedLayers) lines.push(`windowed layers: ${a.windowedLayers} × ${a.windowKind} window ${a.windowTokens} tokens (${a.windowedKvValuesPerToken} values per token)`);
  if (a.sparseTopK) lines.push(`sparse attention: top-${a.sparseTopK}; indexer keys ${a.indexerBytesPerToken} B/token`);
  lines.push(`weight FLOP per token: ${formatQuantity(2 * m.matmulParamsPerToken, "FLOP/token")}; attention FLOP per attended token: ${formatQuantity(a.fullFlopPerAttendedToken, "FLOP/token")}`);
  for (const n of m.notes) if (n) lines.push(`note: ${n}`);
  for (const s of m.provenance.sources) lines.push(`source: ${s.title}${s.url ? ` <${s.url}>` : ""}`);
  return lines.join("\n");
}

export function catalogCommand(): Command {
  const cmd = new Command("catalog").summary("list and show the catalog's hardware, models and memory tiers, with sources");
  const addFmt = (c: Command) => c.option("--json", "JSON").option("--md", "Markdown").option("--csv", "CSV");
  addFmt(
    cmd
      .command("hardware")
      .description("every chip and system: dense FLOP/s per precision, HBM, FLOP per byte, drain time, scale-up domain, price")
      .action((f: FormatFlags) => {
        const format = formatOf(f);
        if (format === "json") return out(toJson(HARDWARE));
        out(renderTable(hardwareTable(HARDWARE, format === "csv"), format));
      }),
  );
  addFmt(
    cmd
      .command("models")
      .description("every model: total and active parameters (counted, and as reported), attention, KV bytes per token")
      .action((f: FormatFlags) => {
        const format = formatOf(f);
        if (format === "json") return out(toJson(MODELS.map(({ architecture, ...m }) => ({ ...m, architecture: architecture ? { ...architecture, layerWindows: undefined } : null }))));
        out(renderTable(modelTable(MODELS, format === "csv"), format));
      }),
  );
  addFmt(
    addInputFlags(cmd.command("tiers"), CATALOG_TIERS_INPUTS)
      .description("the memory hierarchy a KV cache can live in (HBM, host DRAM, flash, disk): capacity, bandwidth and drain time per device, with sources")
      .action((f: FormatFlags & { hardware?: string }) => {
        const given = readInputs(f as Record<string, unknown>, CATALOG_TIERS_INPUTS);
        const tiers = memoryTiers(resolveHardware(String(given["hardware"] ?? CATALOG_TIERS_INPUTS.get("hardware").default)));
        const format = formatOf(f);
        if (format === "json") return out(toJson(tiers));
        const raw = format === "csv";
        out(
          renderTable(
            {
              columns: ["tier", "capacity", "bandwidth", "drain time", "price", "source"],
              rows: tiers.map((t) => [
                t.name,
                raw ? t.capacityBytes.value : formatQuantity(t.capacityBytes.value, "B"),
                raw ? t.bandwidthBytesPerSecond.value : formatQuantity(t.bandwidthBytesPerSecond.value, "B/s"),
                raw ? t.drainSeconds.value : t.drainSeconds.display,
                t.priceNote,
                describeOrigin(t.capacityBytes.origin),
              ]),
            },
            format,
          ),
        );
      }),
  );
  cmd
    .command("show")
    .argument("<id>", "a hardware or model id")
    .option("--json", "JSON")
    .description("one entry in full: every value with its source")
    .action((id: string, f: { json?: boolean }) => {
      const h = findHardware(id);
      if (h) return out(f.json ? toJson(showHardware(h)) : toJson(h));
      const m = findModel(id);
      if (m) return out(f.json ? toJson(m) : showModel(m));
      throw new RooflineError({ code: "unknown-id", field: "id", value: id, expected: "a catalog hardware or model id", hint: `Nearest: ${nearestIds(id, [...hardwareIds(), ...modelIds()]).join(", ")}.` });
    });
  // `roofline catalog` alone is a usage error with one message (exit 2), not a help page on stderr.
  cmd.argument("[subcommand]").action((sub: string | undefined) => {
    if (sub === undefined) throw new RooflineError({ code: "missing-field", field: "catalog", expected: "a subcommand: hardware, models, tiers or show <id>", hint: "Run `roofline catalog --help` for each one." });
    throw new RooflineError({ code: "unknown-id", field: "catalog", value: quoteValue(sub), expected: "a subcommand: hardware, models, tiers or show <id>", hint: `Nearest: ${nearestIds(sub, ["hardware", "models", "tiers", "show"], 1).join(", ")}.` });
  });
  return cmd;
}

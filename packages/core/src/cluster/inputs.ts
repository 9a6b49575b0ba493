/**
 * The inputs of a cluster layout (`roofline layout`, the Cluster layout page) and of the layout search
 * (`roofline search`, the page's search panel). The roofline inputs are the step's; the degrees are
 * the training step's (one id = one input: a tensor-parallel degree is the same input in a training
 * step, an inference layout and a world model's tick); the system overrides, collectives and the
 * search's own inputs are declared here. The commands' former flags (-E/--expert-parallel, -T, -P,
 * -R, -b, -w) are accepted as aliases; the page's former x. keys are URL aliases read on that page.
 */
import { RooflineError, quoteValue } from "../errors.ts";
import type { Quantity } from "../formula/formula.ts";
import { userGiven } from "../formula/formula.ts";
import { defineInputs, type InputDef } from "../inputs/define.ts";
import { BOUNDS, ROOFLINE_INPUT_DEFS as R } from "../inputs/roofline.ts";
import { parsePrecision, type Precision } from "../precision.ts";
import { PARALLEL_INPUT_DEFS as P, TRAIN_STEP_INPUTS } from "../training/inputs.ts";
import { LIMITS, parseNumber, type Given } from "../validate.ts";
import { EFFICIENCY_MODE_INPUT, type EfficiencyMode } from "../efficiency/mode-input.ts";
import type { HardwareSpec } from "../catalog/hardware.ts";
import type { LayoutOptions } from "./layout.ts";
import type { SearchOptions } from "./search.ts";

/** The weight precisions a layout search tries by default. */
export const DEFAULT_SEARCH_PRECISIONS: readonly Precision[] = ["bf16", "fp8", "fp4"];
/** The scale-up domains (racks) a layout search may use by default. */
export const DEFAULT_SEARCH_DOMAINS = 8;

const T = TRAIN_STEP_INPUTS;
const CHIPS = LIMITS.maxChips;

/** The model, chip, workload, precisions, efficiencies, price and chip overrides of a layout (a step on each chip). */
const ROOFLINE: readonly InputDef[] = [
  R.model,
  { ...R.hardware, doc: "catalog chip id or alias (gb200, h100, …), or a hardware JSON file with scaleUpDomainChips, scaleUpBytesPerSecondPerChip, scaleOutBytesPerSecondPerChip" },
  R.contextTokens,
  R.phase,
  R.promptTokens,
  { ...R.weightPrecision, flagAliases: ["-w"] },
  R.kvPrecision,
  R.computePrecision,
  R.computeEfficiency,
  R.bandwidthEfficiency,
  R.usdPerChipHour,
  R.peakFlopsPerSecond,
  R.hbmBytesPerSecond,
  R.hbmBytes,
  R.attention,
  R.expertRouting,
];

const sys = (id: string, flag: string, label: string, unit: InputDef["unit"], doc: string, what: string, dflt: number | null, defaultFrom: string, min: number, max: number, extra: Partial<InputDef> = {}): InputDef => ({
  id,
  flag,
  url: flag,
  label,
  unit,
  kind: "number",
  group: "system",
  doc,
  what,
  default: dflt,
  defaultFrom,
  min,
  max,
  advanced: true,
  valueName: "<value>",
  ...extra,
});

/** The scale-up and scale-out network and the collectives: the system a layout runs on. */
const SYSTEM: readonly InputDef[] = [
  sys("scaleUpDomainChips", "domain-chips", "Scale-up domain", "chip", "chips per scale-up domain (a rack)", "chips per scale-up domain", null, "the catalog's (72 for an NVL72 rack)", 1, CHIPS, { kind: "integer", valueName: "<D>" }),
  sys("scaleUpBytesPerSecond", "scale-up-bandwidth", "Scale-up bandwidth", "B/s", "scale-up (NVLink) bandwidth per chip, one direction", "bytes/s per chip", null, "the catalog's", BOUNDS.bytesPerSecond[0], BOUNDS.bytesPerSecond[1], { valueName: "<B/s>" }),
  sys("scaleOutBytesPerSecond", "scale-out-bandwidth", "Scale-out bandwidth", "B/s", "scale-out (NIC) bandwidth per chip, one direction", "bytes/s per chip", null, "the catalog's", BOUNDS.bytesPerSecond[0], BOUNDS.bytesPerSecond[1], { valueName: "<B/s>" }),
  sys("hopLatencyMs", "hop-latency-ms", "Hop latency", "ms", "fixed latency of a pipeline hop between scale-up domains; hops inside one domain cost 0", "milliseconds per hop", 2.5, "the lecture's \"a few milliseconds\"", 0, 10_000, { url: "hop", urlAliases: ["x.hopMs"], advanced: false, valueName: "<ms>" }),
  sys("collectiveLatencyUs", "collective-latency-us", "Collective latency", "µs", "fixed latency per all-to-all or all-reduce, for the ideal and the expected alike", "microseconds per collective", null, "0 in the ideal (a bound); the fitted latency in the expected", 0, 1e6, { valueName: "<µs>" }),
  sys("activationBytes", "activation-bytes", "Activation bytes", "B", "bytes per activation value sent between chips: all-reduces, pipeline hops", "bytes per activation value", 2, "BF16", 0.125, 8, { group: "precision", valueName: "<b>" }),
  sys("dispatchBytes", "dispatch-bytes", "Dispatch bytes", "B", "bytes per value of the expert dispatch (0.125 = 1 bit)", "bytes per dispatched value (0.125 = 1 bit)", null, "the ideal: the cheapest precision the chip computes in (FP4 0.5, FP8 1); the expected: FP8, as DeepSeek-V3 sends it", 0.125, 8, { group: "precision", valueName: "<b>" }),
  sys("combineBytes", "combine-bytes", "Combine bytes", "B", "bytes per value of the expert combine (0.125 = 1 bit)", "bytes per combined value (0.125 = 1 bit)", null, "the ideal: the cheapest precision the chip computes in; the expected: the activation bytes (BF16)", 0.125, 8, { group: "precision", valueName: "<b>" }),
  sys("nodeLimit", "node-limit", "Node limit", "1", "node-limited routing: most scale-up domains a token is sent to, once each", "scale-up domains per token", null, "the model's topk_group (DeepSeek-V3: 4), else k", 1, CHIPS, { kind: "integer", group: "model", valueName: "<M>" }),
];

/**
 * How a layout's stages and communication are arranged: switches (`--overlap`/`--no-overlap`,
 * `--uneven-stages`/`--no-uneven-stages`; a checkbox on the page), shared by the layout and the search.
 */
const UNEVEN_STAGES: InputDef = {
  id: "unevenStages",
  flag: "uneven-stages",
  url: "uneven",
  urlAliases: ["x.uneven"],
  label: "Uneven stages allowed",
  unit: "",
  kind: "boolean",
  group: "layout",
  doc: "allow pipeline stages that do not divide the layers (the heaviest stage holds ⌈layers/P⌉ and sets the pace)",
  offDoc: "only pipeline stages that divide the layers (a stage count that does not is refused)",
  default: true,
  defaultFrom: "any stage count up to the layers: DeepSeek-V3's 61 layers divide only by 1 and 61",
};
const OVERLAP: InputDef = {
  id: "overlapCommunication",
  flag: "overlap",
  url: "overlap",
  label: "Overlap communication",
  unit: "",
  kind: "boolean",
  group: "system",
  doc: "hide communication behind compute: ideal stage = max(roofline, comms); expected overlaps two micro-batches, the last chunk's comms exposed",
  offDoc: "do not overlap: stage = roofline + comms (the lecture's serial sum), ideal and expected",
  default: true,
  defaultFrom: "DeepSeek-V3's dual micro-batch overlap",
  advanced: true,
};
const SWITCHES: readonly InputDef[] = [UNEVEN_STAGES, OVERLAP];

/** Scale-up domains in the system (layout: the layout must fit; search: layouts use at most this many). */
const DOMAINS: InputDef = { id: "domains", flag: "racks", url: "racks", label: "Racks", unit: "1", kind: "integer", group: "system", doc: "scale-up domains (racks) in the system; the layout must fit", what: "scale-up domains", default: null, defaultFrom: "as many as the layout needs", min: 1, max: CHIPS, valueName: "<N>" };

/** `roofline layout` and the Cluster layout page: one layout and its system. */
export const LAYOUT_INPUTS = defineInputs("layout", [
  ...ROOFLINE,
  { ...R.expertParallel, doc: "chips the routed experts of a stage are spread over; must divide the experts", defaultFrom: "the largest divisor of the experts within one domain (64 for DeepSeek on NVL72); 1 for a dense model", flagAliases: ["-E, --expert-parallel"], urlAliases: ["x.E"], advanced: false },
  { ...P.tensorParallel, doc: "ways each expert (and a dense model's layers) is split; must divide the attention heads", max: CHIPS, flagAliases: ["-T, --tensor-parallel"], urlAliases: ["x.T"] },
  { ...P.pipelineParallel, doc: "pipeline stages; must divide the layers unless uneven stages are allowed", max: CHIPS, flagAliases: ["-P, --pipeline"], urlAliases: ["x.P"] },
  { ...P.dataParallel, doc: "replicas of the whole layout", defaultFrom: "one replica", max: CHIPS, flagAliases: ["-R, --data-parallel"] },
  { id: "attentionDataParallel", flag: "attention-dp", short: "A", url: "adp", urlAliases: ["x.A"], label: "Attention groups A", unit: "1", kind: "integer", group: "layout", doc: "attention data-parallel groups per stage; must divide E·T", what: "attention groups", default: null, defaultFrom: "E·T for MoE (one per chip); 1 for dense", min: 1, max: CHIPS, valueName: "<A>" },
  { ...P.microBatch, doc: "sequences per micro-batch", max: LIMITS.maxBatch, flagAliases: ["-b"], urlAliases: ["x.b"] },
  { ...P.microBatches, doc: "micro-batches in flight", defaultFrom: "the pipeline stages (no bubble)", max: LIMITS.maxBatch },
  UNEVEN_STAGES,
  DOMAINS,
  ...SYSTEM,
  OVERLAP,
  { ...T.get("schedule"), doc: "pipeline diagram: inference, or a training schedule (gpipe, 1f1b: forward then backward)", choices: ["inference", "gpipe", "1f1b"], default: "inference", defaultFrom: "", choiceLabels: { inference: "inference", gpipe: "GPipe", "1f1b": "1F1B" }, advanced: true, valueName: "<inference|gpipe|1f1b>" },
  { id: "trainingMicroBatches", flag: "training-micro-batches", url: "tmb", label: "Training micro-batches", unit: "1", kind: "integer", group: "layout", doc: "micro-batches per training step, for a gpipe or 1f1b schedule", what: "micro-batches", default: null, defaultFrom: "2·P", min: 1, max: 4096, advanced: true, valueName: "<m>" },
]);

/** `roofline search`: every layout × micro-batch × weight precision within a chip budget. */
export const SEARCH_INPUTS = defineInputs("search", [
  ...ROOFLINE.filter((d) => d.id !== "weightPrecision"),
  { id: "maxChips", flag: "max-chips", url: "maxchips", label: "Chips at most", unit: "chip", kind: "integer", group: "system", doc: "most chips a layout may use", what: "chips", default: null, defaultFrom: "8 scale-up domains (576 chips on NVL72), or the racks given", min: 1, max: CHIPS, valueName: "<N>" },
  { ...DOMAINS, doc: "most scale-up domains (racks) a layout may use: chips at most = racks × domain size", default: DEFAULT_SEARCH_DOMAINS, defaultFrom: "8 scale-up domains (576 chips on NVL72), unless chips at most are given", max: 4096, urlAliases: ["x.racks"], advanced: false },
  { id: "latencySloMs", flag: "slo-ms", url: "slo", urlAliases: ["x.sloMs"], label: "SLO per token", unit: "ms", kind: "number", group: "workload", doc: "longest acceptable time per output token", what: "milliseconds per token", default: null, defaultFrom: "no SLO", min: 1e-3, max: 3_600_000, valueName: "<ms>" },
  { id: "precisions", flag: "precisions", url: "precs", label: "Weight precisions", unit: "", kind: "text", group: "precision", doc: "weight precisions to try, comma-separated", default: DEFAULT_SEARCH_PRECISIONS.join(","), defaultFrom: "", advanced: true, valueName: "<list>" },
  { id: "batches", flag: "batches", url: "batches", label: "Micro-batches tried", unit: "", kind: "text", group: "workload", doc: "micro-batch sizes to try: a list (1,8,64) or a range of every integer (1..8192)", default: null, defaultFrom: "1, 2, 3, 4, 6, 8, … 8192", advanced: true, valueName: "<list|lo..hi>" },
  { ...EFFICIENCY_MODE_INPUT, urlAliases: ["x.eff"] },
  ...SYSTEM,
  ...SWITCHES,
  { ...T.get("top"), doc: "rows of the frontier to print", default: null, defaultFrom: "the whole frontier", max: CHIPS },
]);

/** The page's search panel: the search's own inputs (the rest are the layout's, in the sidebar). */
export const SEARCH_PANEL_INPUTS = SEARCH_INPUTS.derive("search-panel", { omit: SEARCH_INPUTS.inputs.map((d) => d.id).filter((id) => !["domains", "latencySloMs", "efficiency"].includes(id)) });

/**
 * The Cluster layout page's sidebar: every input of `roofline layout`, with its defaults, but the
 * racks: the system's racks are one control, in the search panel, which the layout reads too (left
 * empty, the layout takes as many racks as it needs, as `layout` does; the search, 8).
 */
export const LAYOUT_PAGE_INPUTS = LAYOUT_INPUTS.derive("layout-page", { omit: ["domains"] });

/** Every input the Cluster layout page reads, sidebar and search panel (its URL keys and their former x. aliases). */
export const LAYOUT_PAGE_ALL_INPUTS = LAYOUT_PAGE_INPUTS.derive("layout-page-all", { add: SEARCH_PANEL_INPUTS.inputs });

const LAYOUT_KEYS: Readonly<Record<string, keyof LayoutOptions>> = {
  expertParallel: "expertParallel",
  tensorParallel: "tensorParallel",
  pipelineParallel: "pipelineStages",
  dataParallel: "dataParallel",
  attentionDataParallel: "attentionDataParallel",
  microBatch: "microBatch",
  microBatches: "microBatches",
  domains: "domains",
  scaleUpDomainChips: "scaleUpDomainChips",
  scaleUpBytesPerSecond: "scaleUpBytesPerSecond",
  scaleOutBytesPerSecond: "scaleOutBytesPerSecond",
  activationBytes: "activationBytes",
  dispatchBytes: "dispatchBytes",
  combineBytes: "combineBytes",
  nodeLimit: "nodeLimit",
  unevenStages: "unevenStages",
  overlapCommunication: "overlapCommunication",
};

/** Inputs of the layout and search tables that are not LayoutOptions under their own id (converted, or the search's). */
const NOT_LAYOUT_OPTIONS = ["pipelineParallel", "hopLatencyMs", "collectiveLatencyUs", "schedule", "trainingMicroBatches", "maxChips", "latencySloMs", "precisions", "batches", "efficiency", "top"];

const quantity = (v: unknown, name: string): Quantity => (typeof v === "number" ? userGiven(v, name) : (v as Quantity));
const scaled = (v: unknown, name: string, factor: number, unit: string): Quantity => {
  const q = quantity(v, name);
  const from = q.origin.kind === "user" ? q.origin.name : name;
  return userGiven(q.value * factor, `${from} ${q.value} ${unit}`);
};

/**
 * The layout options from the inputs an interface read, by id (numbers as Quantities or plain, enums
 * as typed), over the roofline options it built (model, chip, precisions…): degrees to the layout's
 * names, milliseconds and microseconds to seconds. `names` names each input the interface's way.
 */
export function layoutOptionsFromInputs(base: Omit<LayoutOptions, "names">, given: Readonly<Record<string, unknown>>, names: Readonly<Record<string, string>>): LayoutOptions {
  const n = (id: string) => names[id] ?? id;
  const o: LayoutOptions = { ...base };
  const rec = o as unknown as Record<string, unknown>;
  // The base may carry the table's other inputs by id (an interface's roofline options of the whole table): not layout options.
  for (const id of NOT_LAYOUT_OPTIONS) delete rec[id];
  for (const [id, key] of Object.entries(LAYOUT_KEYS)) if (given[id] !== undefined) rec[key] = given[id] as Given;
  if (given["hopLatencyMs"] !== undefined) o.hopLatencySeconds = scaled(given["hopLatencyMs"], n("hopLatencyMs"), 1e-3, "ms");
  if (given["collectiveLatencyUs"] !== undefined) o.collectiveLatencySeconds = scaled(given["collectiveLatencyUs"], n("collectiveLatencyUs"), 1e-6, "µs");
  o.names = {
    ...(base as LayoutOptions).names,
    ...Object.fromEntries(Object.entries(LAYOUT_KEYS).map(([id, key]) => [key, n(id)])),
    hopLatencySeconds: n("hopLatencyMs"),
    collectiveLatencySeconds: n("collectiveLatencyUs"),
    contextTokens: n("contextTokens"),
    usdPerChipHour: n("usdPerChipHour"),
    weightPrecision: n("weightPrecision"),
  };
  return o;
}

/** A comma-separated list, each item read by `each`; `field` names the input in messages. */
export function parseList<X>(text: string, field: string, each: (s: string) => X): X[] {
  const items = text.split(",").map((s) => s.trim()).filter(Boolean);
  if (items.length === 0) throw new RooflineError({ code: "invalid-number", field, value: quoteValue(text), expected: "a comma-separated list" });
  return items.map(each);
}

/** Micro-batch sizes: a list (1,8,64) or every integer of a range (1..8192), at most 100,000. */
export function parseBatches(text: string, field: string): number[] {
  const rule = { what: "sequences per micro-batch", integer: true, min: 1, max: LIMITS.maxBatch };
  const range = /^\s*(\S+)\s*\.\.\s*(\S+)\s*$/.exec(text);
  if (range) {
    const lo = parseNumber(range[1] as string, field, rule);
    const hi = parseNumber(range[2] as string, field, rule);
    if (hi < lo || hi - lo > 100_000) throw new RooflineError({ code: "out-of-range", field, value: quoteValue(text), expected: "lo..hi with lo ≤ hi and at most 100,000 values" });
    return Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);
  }
  return [...new Set(parseList(text, field, (s) => parseNumber(s, field, rule)))].sort((a, b) => a - b);
}

/**
 * The search options from the inputs an interface read, over the layout options of its system: the
 * chip budget (chips, or racks × the domain size), the SLO in seconds, the precisions and
 * micro-batches tried, the step times that rank.
 */
export function searchOptionsFromInputs(base: LayoutOptions, hardware: HardwareSpec, given: Readonly<Record<string, unknown>>, names: Readonly<Record<string, string>>): SearchOptions {
  const n = (id: string) => names[id] ?? id;
  const o: SearchOptions = { ...base };
  if (given["maxChips"] !== undefined && given["domains"] !== undefined) throw new RooflineError({ code: "invalid-choice", field: n("domains"), input: "domains", expected: `either ${n("domains")} or ${n("maxChips")}, not both` });
  if (given["maxChips"] !== undefined) o.maxChips = quantity(given["maxChips"], n("maxChips"));
  if (given["domains"] !== undefined) {
    const racks = quantity(given["domains"], n("domains"));
    const d = o.scaleUpDomainChips;
    const D = d !== undefined ? (typeof d === "number" ? d : d.value) : (hardware.scaleUpDomainChips.value ?? 1);
    o.maxChips = userGiven(racks.value * D, `${racks.origin.kind === "user" ? racks.origin.name : n("domains")} ${racks.value} × ${D} chips`);
  }
  if (given["latencySloMs"] !== undefined) o.latencySloSeconds = scaled(given["latencySloMs"], n("latencySloMs"), 1e-3, "ms");
  if (typeof given["precisions"] === "string") o.precisions = parseList(given["precisions"], n("precisions"), (s): Precision => parsePrecision(s, n("precisions")));
  if (typeof given["batches"] === "string") o.batches = parseBatches(given["batches"], n("batches"));
  if (typeof given["efficiency"] === "string") o.efficiency = given["efficiency"] as EfficiencyMode;
  return o;
}

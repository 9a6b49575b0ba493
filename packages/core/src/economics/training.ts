/**
 * Training economics (the lecture, 1:18–1:32): pre-training 6·N·D, RL 2–6·N·D with an inefficiency,
 * inference 2·N·D with decode's inefficiency; the allocation that equalises the three; lifetime
 * inference tokens from traffic × deployment time; over-training against Chinchilla; chip-hours and
 * dollars for the pre-training run; and a serving fleet: replicas, chips, $/day, tokens/day, revenue
 * at list price and margin.
 */
import { computeFixes } from "../catalog/hardware.ts";
import { requireFact, type HardwareSpec } from "../catalog/hardware.ts";
import { RooflineError, type Warning } from "../errors.ts";
import { withNotes, type Derivation } from "../formula/derivation.ts";
import { byDefault, derived, type Quantity } from "../formula/formula.ts";
import { formatQuantity, formatSignificant } from "../format.ts";
import type { ComputePrecision } from "../precision.ts";
import { analyzeBatch, type BatchOptions } from "../roofline/batch.ts";
import { checkGiven, type Given } from "../validate.ts";
import { resolveNumber } from "../inputs/define.ts";
import { TRAINING_INPUTS } from "../inputs/pages.ts";
import { SECONDS_PER_DAY } from "../units.ts";
import {
  chinchillaTokens,
  chipHours,
  fleetChips,
  fleetMargin,
  fleetNodes,
  fleetReplicas,
  fleetRevenuePerDay,
  fleetTokensPerDay,
  fleetUsdPerDay,
  inferenceFlop,
  lifetimeInferenceTokens,
  overtrainingFactor,
  pretrainFlop,
  rlFlop,
  runSeconds,
  runUsd,
  tokensAtEqualCost,
} from "./formulas.ts";
import type { PriceSheet } from "./prices.ts";

export interface TrainingOptions {
  /** Active parameters; default 100B (the lecture). */
  activeParams?: Given;
  /** Traffic served by this one model, tokens/s; default 50M (the lecture's per-model estimate). */
  inferenceTokensPerSecond?: Given;
  /** Deployment time, seconds; default 60 days (the lecture's "two months"). */
  deploymentSeconds?: Given;
  /** FLOP per parameter per RL token, 2–6; default 3 (the flashcards' equalisation). */
  rlFlopPerParamPerToken?: Given;
  /** Inefficiency multipliers (pre-training MFU ÷ phase MFU); default 3 each (the flashcards). */
  rlInefficiency?: Given;
  inferenceInefficiency?: Given;
  /** Pre-training tokens, when known (otherwise the tokens that cost as much as the lifetime inference). */
  pretrainTokens?: Given;
  /** Chinchilla tokens per parameter; default 20. */
  tokensPerParam?: Given;
  /** The pre-training run: hardware, precision, MFU, price and cluster size. */
  hardware?: HardwareSpec;
  computePrecision?: ComputePrecision;
  mfu?: Given;
  usdPerChipHour?: Given;
  /** Chips of the pre-training cluster, for its calendar time; default 100,000; null: chip-hours only. */
  trainingChips?: Given | null;
  names?: Partial<Record<keyof Omit<TrainingOptions, "names" | "hardware" | "computePrecision">, string>>;
}

/** Why the compute split and the run have no expected numbers (the fleet has: analyzeFleet's `expected`). */
export const TRAINING_EXPECTED_NOTE =
  "No expected numbers for the split or the run, by design: the split is accounting over the lecture's inefficiency multipliers, and the run takes the MFU you give. The Training step page (train-step) predicts an MFU from a layout, expected beside ideal; the serving fleet is sized at both the ideal and the expected train.";

export interface TrainingResult {
  /** Why the split and the run have no expected numbers. */
  expectedNote: string;
  activeParams: number;
  inferenceTokens: number;
  pretrainTokens: number;
  rlTokens: number;
  chinchillaTokens: number;
  overtrainingFactor: number;
  flop: { pretrain: number; rl: number; inference: number; total: number };
  split: { pretrain: number; rl: number; inference: number };
  run: { chipHours: number; usd: number | null; seconds: number | null; chips: number | null } | null;
  derivations: Record<string, Derivation>;
  warnings: Warning[];
}

export function analyzeTraining(o: TrainingOptions = {}): TrainingResult {
  const nm = (k: keyof NonNullable<TrainingOptions["names"]>) => o.names?.[k] ?? k;
  const warnings: Warning[] = [];
  const d: Record<string, Derivation> = {};
  // Ranges and defaults: the train table (TRAINING_INPUTS), as the CLI's flags and the page's controls.
  const T = TRAINING_INPUTS;
  const n = resolveNumber(T, "activeParams", o.activeParams, nm("activeParams"));
  const traffic = resolveNumber(T, "inferenceTokensPerSecond", o.inferenceTokensPerSecond, nm("inferenceTokensPerSecond"));
  const days = T.get("deploymentDays");
  const deploy =
    o.deploymentSeconds !== undefined
      ? checkGiven(o.deploymentSeconds, nm("deploymentSeconds"), { what: "seconds of deployment", min: (days.min as number) * SECONDS_PER_DAY, max: (days.max as number) * SECONDS_PER_DAY })
      : byDefault((days.default as number) * SECONDS_PER_DAY, `${days.defaultFrom} (${String(days.default)} days)`);
  const kRl = resolveNumber(T, "rlFlopPerParamPerToken", o.rlFlopPerParamPerToken, nm("rlFlopPerParamPerToken"));
  const iRl = resolveNumber(T, "rlInefficiency", o.rlInefficiency, nm("rlInefficiency"));
  const iInf = resolveNumber(T, "inferenceInefficiency", o.inferenceInefficiency, nm("inferenceInefficiency"));
  const tpp = resolveNumber(T, "tokensPerParam", o.tokensPerParam, nm("tokensPerParam"));
  const six: Quantity = { value: 6, origin: { kind: "constant", reason: "pre-training: 2 FLOP forward + 4 backward per parameter per token" } };
  const two: Quantity = { value: 2, origin: { kind: "constant", reason: "inference: forward only, 2 FLOP per parameter per token" } };
  const one: Quantity = { value: 1, origin: { kind: "constant", reason: "pre-training is the reference utilisation" } };

  const dInf = lifetimeInferenceTokens.explain({ tokensPerSecond: traffic, deploymentSeconds: deploy }, { name: "inferenceTokens" });
  d["inferenceTokens"] = withNotes(dInf, "The flashcards round 50M × 60 days × 86,400 s to \"≈ 200T tokens\"; the product is 2.59×10¹⁴ (259T).");
  // Pre-training tokens that cost as much as the lifetime inference: D_pre = D_inf·2·ι_inf/6.
  const givenPre = o.pretrainTokens !== undefined ? resolveNumber(T, "trainingTokens", o.pretrainTokens, nm("pretrainTokens")) : null;
  let preQ: Quantity;
  if (givenPre) preQ = givenPre;
  else {
    const dPre = tokensAtEqualCost.explain(
      { referenceTokens: derived(dInf), referenceFlopPerParamPerToken: two, referenceInefficiency: iInf, flopPerParamPerToken: six, inefficiency: one },
      { name: "pretrainTokens", title: "Pre-training tokens at equal cost with inference" },
    );
    d["pretrainTokens"] = withNotes(dPre, "With inference inefficiency 3 this is D_pre = D_inf (the flashcards: D_pretrain ≈ D_inference).");
    preQ = derived(d["pretrainTokens"]);
  }
  const dRl = tokensAtEqualCost.explain(
    { referenceTokens: preQ, referenceFlopPerParamPerToken: six, referenceInefficiency: one, flopPerParamPerToken: kRl, inefficiency: iRl },
    { name: "rlTokens", title: "RL tokens at equal cost with pre-training" },
  );
  d["rlTokens"] = withNotes(dRl, "With k_RL = 3 and inefficiency 3, D_pre = 1.5·D_RL (the flashcards).");
  const cPre = pretrainFlop.explain({ activeParams: n, pretrainTokens: preQ });
  const cRl = rlFlop.explain({ flopPerParamPerToken: kRl, activeParams: n, rlTokens: derived(dRl), inefficiency: iRl });
  const cInf = inferenceFlop.explain({ activeParams: n, inferenceTokens: derived(dInf), inefficiency: iInf });
  d["pretrainFlop"] = cPre;
  d["rlFlop"] = cRl;
  d["inferenceFlop"] = cInf;
  const dCh = chinchillaTokens.explain({ tokensPerParam: tpp, activeParams: n });
  d["chinchillaTokens"] = dCh;
  const chi = overtrainingFactor.explain({ pretrainTokens: preQ, chinchillaTokens: derived(dCh) });
  d["overtrainingFactor"] = withNotes(
    chi,
    `The lecture: "200 trillion … over the chinchilla optimal of two trillion … effectively 100× over-trained"; the summary's 150T gives 75×. From the derivation: ${formatSignificant(chi.value, 3)}×.`,
  );
  const total = cPre.value + cRl.value + cInf.value;

  let run: TrainingResult["run"] = null;
  if (o.hardware) {
    const precision = o.computePrecision ?? "bf16";
    const peak = requireFact(o.hardware.denseFlopsPerSecond[precision], `dense ${precision.toUpperCase()} FLOP/s of ${o.hardware.id}`, computeFixes(o.hardware));
    const mfu = resolveNumber(T, "mfu", o.mfu, nm("mfu"));
    const h = chipHours.explain({ flop: derived(cPre), peakFlopsPerSecond: peak, mfu }, { name: "pretrainChipHours", title: "Chip-hours of the pre-training run" });
    d["pretrainChipHours"] = h;
    let usd: number | null = null;
    const price = o.usdPerChipHour !== undefined ? resolveNumber(T, "usdPerChipHour", o.usdPerChipHour, nm("usdPerChipHour")) : o.hardware.usdPerChipHour.value !== null ? { value: o.hardware.usdPerChipHour.value, origin: o.hardware.usdPerChipHour.origin } : null;
    if (price) {
      const u = runUsd.explain({ chipHours: derived(h), usdPerChipHour: price }, { name: "pretrainUsd", title: "Cost of the pre-training run" });
      d["pretrainUsd"] = u;
      usd = u.value;
    } else warnings.push({ code: "no-price", message: `No rental price for ${o.hardware.id}: the run's cost is unknown (give a rental price per chip-hour).` });
    let seconds: number | null = null;
    let chips: number | null = null;
    if (o.trainingChips !== null) {
      const c = resolveNumber(T, "trainingChips", o.trainingChips, nm("trainingChips"));
      const t = runSeconds.explain({ chipHours: derived(h), chips: c }, { name: "pretrainSeconds" });
      d["pretrainSeconds"] = t;
      seconds = t.value;
      chips = c.value;
    }
    run = { chipHours: h.value, usd, seconds, chips };
  }
  return {
    expectedNote: TRAINING_EXPECTED_NOTE,
    activeParams: n.value,
    inferenceTokens: dInf.value,
    pretrainTokens: preQ.value,
    rlTokens: dRl.value,
    chinchillaTokens: dCh.value,
    overtrainingFactor: chi.value,
    flop: { pretrain: cPre.value, rl: cRl.value, inference: cInf.value, total },
    split: { pretrain: cPre.value / total, rl: cRl.value / total, inference: cInf.value / total },
    run,
    derivations: d,
    warnings,
  };
}

// ---- The serving fleet --------------------------------------------------------------------------------

export interface FleetOptions extends BatchOptions {
  /** Traffic to serve, output tokens/s; default 50M. */
  demandTokensPerSecond?: Given;
  /** List prices to earn at (the output price is used). */
  sheet: PriceSheet;
  /** Chips per node (server or rack); default the scale-up domain, capped at 72, else 8. */
  chipsPerNode?: Given;
}

export interface FleetResult {
  replicaTokensPerSecond: number;
  replicas: number;
  chips: number;
  nodes: number;
  usdPerDay: number;
  tokensPerDay: number;
  revenuePerDay: number;
  margin: number;
  /**
   * The same fleet at the expected train (the efficiency model's step at the train's batch): more
   * replicas and chips for the same traffic; not a bound. Its derivations are `expected*`.
   */
  expected: { replicaTokensPerSecond: number; replicas: number; chips: number; nodes: number; usdPerDay: number; margin: number };
  derivations: Record<string, Derivation>;
  warnings: Warning[];
}

/** The decode fleet that serves a traffic at the serving train's throughput, priced at list. */
export function analyzeFleet(o: FleetOptions): FleetResult {
  const b = analyzeBatch(o);
  const d: Record<string, Derivation> = {};
  const demand = checkGiven(o.demandTokensPerSecond ?? byDefault(50e6, "the lecture: ~50 million tokens/s per model"), o.names?.["demandTokensPerSecond"] ?? "demandTokensPerSecond", { what: "tokens per second", above: 0, max: 1e15 });
  const replicaTps = b.derivations["trainTokensPerSecond"] as Derivation;
  const replicas = fleetReplicas.explain({ demandTokensPerSecond: demand, replicaTokensPerSecond: derived(replicaTps) });
  d["replicas"] = replicas;
  const costInputs = b.trainStep.derivations["usdPerMillionTokens"]?.inputs ?? [];
  const chipsIn = costInputs.find((i) => i.name === "chips");
  const usdPerHour = costInputs.find((i) => i.name === "usdPerChipHour");
  if (!chipsIn || !usdPerHour) {
    throw new RooflineError({ code: "missing-value", field: o.names?.usdPerChipHour ?? "usdPerChipHour", input: "usdPerChipHour", expected: `a rental price per chip-hour for ${o.hardware.id}`, hint: "The catalog has no dated quote for this chip.", fixes: [{ kind: "give", input: "usdPerChipHour", what: "USD per chip-hour" }] });
  }
  const chipsQ: Quantity = { value: chipsIn.value, origin: chipsIn.origin };
  const chips = fleetChips.explain({ replicas: derived(replicas), chipsPerReplica: chipsQ });
  d["chips"] = chips;
  const domain = o.hardware.scaleUpDomainChips.value;
  const perNode = checkGiven(
    o.chipsPerNode ?? byDefault(domain !== null ? Math.min(domain, 72) : 8, domain !== null ? "the scale-up domain (a server or an NVL72 rack), at most 72" : "an 8-GPU server"),
    o.names?.["chipsPerNode"] ?? "chipsPerNode",
    { what: "chips per node", integer: true, min: 1, max: 1e6 },
  );
  d["nodes"] = fleetNodes.explain({ chips: derived(chips), chipsPerNode: perNode });
  const price: Quantity = { value: usdPerHour.value, origin: usdPerHour.origin };
  const warnings: Warning[] = [...b.warnings];
  d["usdPerDay"] = fleetUsdPerDay.explain({ chips: derived(chips), usdPerChipHour: price });
  d["tokensPerDay"] = fleetTokensPerDay.explain({ tokensPerSecond: demand });
  d["revenuePerDay"] = withNotes(fleetRevenuePerDay.explain({ tokensPerDay: derived(d["tokensPerDay"] as Derivation), usdPerMillionTokens: o.sheet.output }), `At ${o.sheet.provider} ${o.sheet.model}'s list output price; input tokens (prefill) are neither served nor charged in this decode-only view.`);
  d["margin"] = fleetMargin.explain({ usdPerDay: derived(d["usdPerDay"] as Derivation), revenuePerDay: derived(d["revenuePerDay"] as Derivation) });
  // The expected fleet: the same traffic at the expected train's tokens/s per replica.
  const xReplicaTps = b.derivations["expectedTrainTokensPerSecond"] as Derivation;
  const xReplicas = fleetReplicas.explain({ demandTokensPerSecond: demand, replicaTokensPerSecond: derived(xReplicaTps) }, { name: "expectedReplicas", title: "Replicas to serve the traffic, expected" });
  const xChips = fleetChips.explain({ replicas: derived(xReplicas), chipsPerReplica: chipsQ }, { name: "expectedChips", title: "Chips in the fleet, expected" });
  const xNodes = fleetNodes.explain({ chips: derived(xChips), chipsPerNode: perNode }, { name: "expectedNodes", title: "Nodes in the fleet, expected" });
  const xUsd = fleetUsdPerDay.explain({ chips: derived(xChips), usdPerChipHour: price }, { name: "expectedUsdPerDay", title: "Fleet cost per day, expected" });
  const xMargin = fleetMargin.explain({ usdPerDay: derived(xUsd), revenuePerDay: derived(d["revenuePerDay"] as Derivation) }, { name: "expectedMargin", title: "Fleet margin, expected" });
  Object.assign(d, { expectedReplicas: xReplicas, expectedChips: xChips, expectedNodes: xNodes, expectedUsdPerDay: xUsd, expectedMargin: xMargin });
  if ((d["margin"] as Derivation).value < 0) warnings.push({ code: "negative-margin", message: `At ${formatQuantity(o.sheet.output.value, "USD/Mtoken")} the fleet loses money: it costs ${formatQuantity((d["usdPerDay"] as Derivation).value, "USD")}/day and earns ${formatQuantity((d["revenuePerDay"] as Derivation).value, "USD")}/day.` });
  return {
    replicaTokensPerSecond: replicaTps.value,
    replicas: replicas.value,
    chips: chips.value,
    nodes: (d["nodes"] as Derivation).value,
    usdPerDay: (d["usdPerDay"] as Derivation).value,
    tokensPerDay: (d["tokensPerDay"] as Derivation).value,
    revenuePerDay: (d["revenuePerDay"] as Derivation).value,
    margin: (d["margin"] as Derivation).value,
    expected: { replicaTokensPerSecond: xReplicaTps.value, replicas: xReplicas.value, chips: xChips.value, nodes: xNodes.value, usdPerDay: xUsd.value, margin: xMargin.value },
    derivations: d,
    warnings,
  };
}

/**
 * A model's life from its inputs by id (the train table: the CLI's flags, the page's controls): the
 * deployment in days becomes seconds, the given training tokens the pre-training tokens.
 */
export function trainingOptionsFromInputs(given: Readonly<Record<string, unknown>>, names: Readonly<Record<string, string>> = {}): Omit<TrainingOptions, "hardware"> {
  const o: Record<string, unknown> = {};
  for (const id of ["activeParams", "inferenceTokensPerSecond", "rlFlopPerParamPerToken", "rlInefficiency", "inferenceInefficiency", "tokensPerParam", "mfu", "usdPerChipHour", "trainingChips"]) if (given[id] !== undefined) o[id] = given[id];
  if (given["trainingTokens"] !== undefined) o["pretrainTokens"] = given["trainingTokens"];
  if (given["computePrecision"] !== undefined) o["computePrecision"] = given["computePrecision"];
  const days = given["deploymentDays"] as Given | undefined;
  if (days !== undefined) {
    const d = checkGiven(days, names["deploymentDays"] ?? "deploymentDays", { what: "days", min: TRAINING_INPUTS.get("deploymentDays").min as number, max: TRAINING_INPUTS.get("deploymentDays").max as number });
    const name = d.origin.kind === "user" ? d.origin.name : names["deploymentDays"] ?? "deploymentDays";
    o["deploymentSeconds"] = { value: d.value * SECONDS_PER_DAY, origin: { kind: "user", name: `${name} (× 86,400 s)` } };
  }
  const n: Record<string, string> = {};
  for (const [id, key] of [["activeParams", "activeParams"], ["inferenceTokensPerSecond", "inferenceTokensPerSecond"], ["deploymentDays", "deploymentSeconds"], ["rlFlopPerParamPerToken", "rlFlopPerParamPerToken"], ["rlInefficiency", "rlInefficiency"], ["inferenceInefficiency", "inferenceInefficiency"], ["tokensPerParam", "tokensPerParam"], ["trainingTokens", "pretrainTokens"], ["mfu", "mfu"], ["usdPerChipHour", "usdPerChipHour"], ["trainingChips", "trainingChips"]] as const) if (names[id]) n[key] = names[id] as string;
  return { ...o, names: n } as Omit<TrainingOptions, "hardware">;
}

/**
 * Attention data parallelism in the step: A ranks each run attention (and every linear outside the routed experts)
 * on their own sequences with their own copy of those weights, while the routed experts stay spread over all the
 * chips (expert parallelism). What the engines run: TensorRT-LLM `enable_attention_dp`, SGLang
 * `--enable-dp-attention`, vLLM data parallelism with expert parallelism.
 *
 * `prepareStep` is prepareRoofline plus this layout: the same graph, with the expected nodes rewired —
 * - the linears outside the routed experts split over a group's N/A chips (not all N), so each chip reads its
 *   group's whole copy, at the group's tokens per multiply;
 * - the busiest rank's sequences set the attention, KV-read, dense-compute and host time: in a decode step ⌈B/A⌉
 *   (the engine balances running sequences), in a prefill pass the fullest rank of P prompts dropped where requests
 *   finished (balls into bins);
 * - each MoE layer all-gathers every rank's tokens before the experts (at the dispatch precision) and
 *   reduce-scatters the results (BF16), latency + bytes ÷ bus bandwidth on the scale-up fabric; the tensor-parallel
 *   all-reduces stay inside each group (none when a group is one chip);
 * - memory: the weights outside the routed experts are held A times.
 * The ideal nodes are untouched (the ideal spreads every byte over every chip), so the ideal stays a bound.
 *
 * A module of its own, off the first page: the Batch page does not load it.
 */
import { RooflineError } from "../errors.ts";
import { FormulaGraph, from, type Binding, type GraphNode } from "../formula/graph.ts";
import { byDefault, constant, withOrigin, type Quantity } from "../formula/formula.ts";
import type { InputTable } from "../inputs/define.ts";
import { STEP_INPUTS } from "../inputs/roofline.ts";
import { LAYOUT_INPUTS } from "../cluster/inputs.ts";
import { BYTES_PER_VALUE } from "../precision.ts";
import { named, prepareRoofline, type RooflineOptions, type RooflineSetup } from "../roofline/step.ts";
import { checkGiven, LIMITS, type Given } from "../validate.ts";
import * as LF from "./layout-formulas.ts";

export interface StepOptions extends RooflineOptions {
  /**
   * Attention data-parallel ranks A (whole, dividing the chips): each rank holds the full weights outside the routed
   * experts (split over its N/A chips) and 1/A of the sequences; the experts stay spread over the chips. Default 1
   * (tensor parallelism over every chip).
   */
  attentionDataParallel?: Given;
  /** Bytes per value the experts' all-gather sends (expected numbers only). Default: NVFP4 checkpoints 0.5625 (FP4 + one FP8 scale per 16), else BF16's 2. */
  dispatchBytes?: Given;
}

/**
 * `roofline step`'s inputs: the step's, and the attention data-parallel ranks (the layout's input, defaulting here to
 * none). Off the first page: the Batch page has no attention-DP control.
 */
export const STEP_LAYOUT_INPUTS = STEP_INPUTS.derive("step", {
  add: [
    {
      ...LAYOUT_INPUTS.get("attentionDataParallel"),
      doc: "attention data-parallel ranks: each holds the weights outside the routed experts and its own sequences, the experts exchanged by all-gather + reduce-scatter; must divide the chips",
      default: 1,
      defaultFrom: "none: attention split over every chip",
    },
  ],
});

/** Default bytes per value of the dispatch all-gather: TensorRT-LLM quantises to NVFP4 before it; other checkpoints send BF16. */
function dispatchDefault(weightPrecision: string): Quantity {
  if (weightPrecision === "fp4") return constant(BYTES_PER_VALUE.fp4 + 1 / 16, "NVFP4 tokens (0.5 B) and one FP8 scale per 16 values: the post-quant all-gather", LF.TRTLLM_ATTENTION_DP_MOE);
  return constant(2, "BF16 tokens: block-scaled FP8 and other checkpoints gather the activations unquantised", LF.TRTLLM_ATTENTION_DP_MOE);
}

/** The step's graph and parameters for these options: prepareRoofline, with attention data parallelism where given. */
export function prepareStep(o: StepOptions, table?: InputTable): RooflineSetup {
  const setup = table ? prepareRoofline(o, table) : prepareRoofline(o);
  if (o.attentionDataParallel === undefined) return setup;
  const name = named(o, "attentionDataParallel");
  const chips = (setup.params["chips"] as Quantity).value;
  const A = checkGiven(o.attentionDataParallel, name, { what: "attention data-parallel ranks", min: 1, max: LIMITS.maxChips, integer: true });
  if (A.value === 1) return setup;
  if (!Number.isInteger(chips / A.value)) {
    const divisors: string[] = [];
    for (let d = 1; d <= chips && divisors.length < 12; d++) if (chips % d === 0) divisors.push(String(d));
    throw new RooflineError({ code: "out-of-range", field: name, input: "attentionDataParallel", value: String(A.value), expected: `whole ranks dividing the ${chips} chips`, fixes: [{ kind: "choose", input: "attentionDataParallel", values: divisors }] });
  }
  const moe = setup.model.moe !== null;
  const params: Record<string, Quantity> = { ...setup.params };
  params["expAttentionRanks"] = A;
  if (moe) {
    params["expDispatchBytes"] = o.dispatchBytes !== undefined ? checkGiven(o.dispatchBytes, named(o, "dispatchBytes"), { what: "bytes per dispatched value", min: 0.125, max: 4 }) : dispatchDefault(setup.weightPrecision);
    params["expCombineBytes"] = byDefault(2, "results reduce-scattered in BF16 (the model's output dtype)");
  }
  const nodes = rewire(setup.graph.nodes, moe, setup.phase === "prefill");
  const graph = new FormulaGraph(nodes);
  return {
    ...setup,
    graph,
    params,
    kernel(varying, outputs) {
      const fixedValues: Record<string, number> = {};
      for (const p of graph.params) if (!varying.includes(p)) fixedValues[p] = (params[p] as Quantity).value;
      return graph.specialize(varying, fixedValues, outputs);
    },
  };
}

const RANK_LOAD = "expRankLoad";

/** The step graph's nodes with the expected part rewired for attention data parallelism (see the module comment). */
function rewire(old: readonly GraphNode[], moe: boolean, prefill: boolean): GraphNode[] {
  const at = old.findIndex((n) => n.name === "expMatmulPeakFraction");
  const byName = new Map(old.map((n) => [n.name, n]));
  const get = (n: string): GraphNode => {
    const x = byName.get(n);
    if (!x) throw new Error(`attention DP: the step graph has no node ${n}`);
    return x;
  };
  const rebind = (n: GraphNode, bind: Record<string, Binding>): GraphNode => ({ ...n, bind: { ...n.bind, ...bind } });
  const groupChips = from("expAttentionTensorParallel");
  // Hoisted before the expected part: the groups, their tokens, the busiest rank's sequences and its load.
  const head: GraphNode[] = [
    { name: "expAttentionTensorParallel", formula: LF.attentionGroupWidth, bind: { chips: { param: "chips" }, attentionDataParallel: { param: "expAttentionRanks" } }, title: "Chips per attention group" },
    get("expAttentionDataParallel"),
    get("expGroupTokens"),
    // Decode: the engine deals running sequences out evenly (⌈B/A⌉). A prefill pass: its prompts sit where requests finished.
    prefill
      ? { name: "expHostSequences", formula: LF.busiestRankPrompts, bind: { prompts: { param: "batch" }, attentionDataParallel: from("expAttentionDataParallel") } }
      : { name: "expHostSequences", formula: LF.busiestRankSequences, bind: { sequences: { param: "batch" }, attentionDataParallel: from("expAttentionDataParallel") } },
    { name: RANK_LOAD, formula: LF.busiestRankLoad, bind: { busiestSequences: from("expHostSequences"), sequences: { param: "batch" }, attentionDataParallel: from("expAttentionDataParallel") } },
  ];
  const hoisted = new Set(head.map((n) => n.name));
  const onBusiest = (n: string, what: string): GraphNode => ({ name: `${n}Busiest`, formula: LF.busiestRankSeconds, bind: { evenSeconds: from(n), load: from(RANK_LOAD) }, title: `${what}, busiest attention rank (expected)` });
  const out: GraphNode[] = [...old.slice(0, at), ...head];
  for (const n of old.slice(at)) {
    if (hoisted.has(n.name)) continue;
    const name = n.name;
    if (name === "expDenseFeaturesPerChip") out.push(rebind(n, { chips: groupChips }));
    else if (name === "expDenseTileRows" || name === "expDenseMatmulEfficiency") out.push(rebind(n, { rows: from("expGroupTokens") }));
    else if (name === "expDenseReadSeconds" || name === "expDenseRestSeconds" || /^expLinear\d+$/.test(name)) {
      // The linears outside the routed experts: split over the group's chips, each group reading its own copy.
      const bind: Record<string, Binding> = {};
      for (const [k, b] of Object.entries(n.bind)) if ("param" in b && b.param === "chips") bind[k] = groupChips;
      out.push(rebind(n, bind));
    } else if (name === "expDenseComputeSeconds" || name === "expAttentionComputeSeconds" || name === "expKvReadSeconds") {
      out.push(n, onBusiest(name, n.title?.replace(/ \(expected\)$/, "") ?? name));
    } else if (name === "expDenseSeconds") out.push(rebind(n, { computeSeconds: from("expDenseComputeSecondsBusiest") }));
    else if (name === "expAttentionSeconds") out.push(rebind(n, { computeSeconds: from("expAttentionComputeSecondsBusiest"), memorySeconds: from("expKvReadSecondsBusiest") }));
    else if (name === "expCommSeconds" && moe) {
      out.push({ ...n, name: "expTensorParallelCommSeconds" });
      out.push({ name: "expExchangeBytesPerToken", formula: LF.dispatchCombineBytesPerToken, bind: { hiddenSize: { param: "expHiddenSize" }, dispatchBytes: { param: "expDispatchBytes" }, combineBytes: { param: "expCombineBytes" } }, title: "All-gather + reduce-scatter bytes per token (expected)" });
      out.push({
        name: "expExchangeSeconds",
        formula: LF.gatherScatterSeconds,
        bind: { latencySeconds: { param: "effCollectiveLatencySeconds" }, tokens: from("tokens"), bytesPerToken: from("expExchangeBytesPerToken"), ranks: from("expAttentionDataParallel"), linkBytesPerSecond: { param: "expScaleUpBytesPerSecond" }, linkEfficiency: { param: "effLinkEfficiency" } },
        title: "Expert all-gather + reduce-scatter per MoE layer (expected)",
      });
      out.push({ name: "expCommSeconds", formula: LF.commWithExchangeSeconds, bind: { allReduceSeconds: from("expTensorParallelCommSeconds"), moeLayers: { param: "expMoeLayers" }, exchangeSeconds: from("expExchangeSeconds") }, title: "Communication: all-reduces in the groups, expert all-gather + reduce-scatter (expected)" });
    } else if (name === "weightBytesResident") {
      out.push({ name, formula: LF.replicatedWeightBytes, bind: { totalParams: { param: "totalParams" }, replicatedParams: { param: moe ? "expAlwaysReadParams" : "totalParams" }, attentionDataParallel: from("expAttentionDataParallel"), bytesPerWeight: { param: "bytesPerWeight" } }, ...(n.title ? { title: n.title } : {}) });
    } else out.push(n);
  }
  return out;
}

/** Where an attention-DP input came from, for callers that build one from a published layout. */
export function attentionRanks(value: number, origin: string): Quantity {
  return withOrigin(value, { kind: "user", name: origin });
}

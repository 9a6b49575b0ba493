/**
 * Video world-model serving, as formulas: the crib sheet's first table. Video is tokenised into
 * latents (VAE downsampling, then patches), a diffusion model denoises every tick's tokens N times, a
 * causal student keeps a KV window of past frames, and simulation is priced per mile.
 *
 * Reused from the engine rather than re-written: 2 FLOP per weight per token
 * (`roofline.weightFlopPerToken`), compute time (`roofline.computeSeconds`), KV bytes per token
 * (`kv.valuesPerTokenGqa`, `kv.bytesPerToken`), weights in memory (`memory.weightBytes`), attention
 * FLOP per token (`attention.flopPerToken`) and the ring all-reduce (`comm.ringAllReduceSeconds`).
 *
 * SI inside: seconds, bytes, FLOP, USD, metres. A "mile" is the crib sheet's unit of simulated
 * driving: per-mile figures are over a distance of 1,609.344 m, and counts of miles are plain numbers.
 */
import { add, div, floor, mul, sub } from "../formula/expr.ts";
import { defineFormula } from "../formula/formula.ts";
import { cribSheet, type SourceRef } from "../sources.ts";
import { FLOP_PER_PARAM_PER_TRAINING_TOKEN, SECONDS_PER_DAY, SECONDS_PER_HOUR } from "../units.ts";

const KAPLAN_6ND: SourceRef = { title: "Kaplan et al., Scaling Laws for Neural Language Models (arXiv:2001.08361): training compute ≈ 6 FLOP per parameter per token", url: "https://arxiv.org/abs/2001.08361" };
const MEGATRON: SourceRef = {
  title: "Shoeybi et al., Megatron-LM (arXiv:1909.08053): tensor parallelism all-reduces the activations twice per transformer layer in the forward pass",
  url: "https://arxiv.org/abs/1909.08053",
};

// ---- Tokens --------------------------------------------------------------------------------------

export const latentPixels = defineFormula({
  id: "worldmodel.latentPixels",
  title: "Latent side",
  description: "Pixels along one side of the latent image: the VAE downsamples each side by its factor.",
  symbol: "n_lat",
  latex: "n_{\\text{lat}}",
  unit: "1",
  inputs: {
    pixels: { symbol: "n_px", latex: "n_{\\text{px}}", unit: "1", description: "image pixels along this side" },
    vaeDownsample: { symbol: "f", unit: "1", description: "VAE spatial downsampling factor per side" },
  },
  expr: ({ pixels, vaeDownsample }) => div(pixels, vaeDownsample),
  sources: [cribSheet("12K tokens / 100 ms step: 720p → VAE f8 → 160×90 latents")],
});

export const tokensPerCamera = defineFormula({
  id: "worldmodel.tokensPerCamera",
  title: "Tokens per camera",
  description: "Each p×p patch of the latent image becomes one token.",
  symbol: "T_cam",
  latex: "T_{\\text{cam}}",
  unit: "token",
  inputs: {
    latentWidth: { symbol: "w_lat", latex: "w_{\\text{lat}}", unit: "1", description: "latent width in latent pixels" },
    latentHeight: { symbol: "h_lat", latex: "h_{\\text{lat}}", unit: "1", description: "latent height in latent pixels" },
    patchSize: { symbol: "p", unit: "1", description: "patch side in latent pixels" },
  },
  expr: ({ latentWidth, latentHeight, patchSize }) => mul(div(latentWidth, patchSize), div(latentHeight, patchSize)),
  sources: [cribSheet("12K tokens / 100 ms step: 160×90 latents → 2×2 patch = 3.6K/cam")],
});

export const tokensPerStep = defineFormula({
  id: "worldmodel.tokensPerStep",
  title: "Tokens per step",
  description: "Tokens the model generates per simulation tick: every camera's frame plus the extra sensor tokens (lidar).",
  symbol: "T",
  unit: "token",
  inputs: {
    cameras: { symbol: "n_cam", latex: "n_{\\text{cam}}", unit: "1", description: "cameras" },
    tokensPerCamera: { symbol: "T_cam", latex: "T_{\\text{cam}}", unit: "token", description: "tokens per camera frame" },
    extraTokens: { symbol: "T_x", latex: "T_{x}", unit: "token", description: "extra sensor tokens per step (lidar)" },
  },
  expr: ({ cameras, tokensPerCamera, extraTokens }) => add(mul(cameras, tokensPerCamera), extraTokens),
  sources: [cribSheet("12K tokens / 100 ms step: 3.6K/cam × 3 cams + 2K lidar")],
});

export const streamTokensPerSecond = defineFormula({
  id: "worldmodel.streamTokensPerSecond",
  title: "Tokens per second per stream",
  description: "Tokens one simulated vehicle needs generated per second of simulated time at the tick rate.",
  symbol: "Θ_stream",
  latex: "\\Theta_{\\text{stream}}",
  unit: "token/s",
  inputs: {
    tokensPerStep: { symbol: "T", unit: "token", description: "tokens per step" },
    tickRate: { symbol: "f_tick", latex: "f_{\\text{tick}}", unit: "1/s", description: "simulation ticks per second" },
  },
  expr: ({ tokensPerStep, tickRate }) => mul(tokensPerStep, tickRate),
  sources: [cribSheet("120K tok/s per stream: 12K × 10 Hz")],
});

export const rateRatio = defineFormula({
  id: "worldmodel.rateRatio",
  title: "Stream rate ÷ LLM decode rate",
  description: "How many times faster than an unbatched LLM decodes one world-model stream must produce tokens.",
  symbol: "r_rate",
  latex: "r_{\\text{rate}}",
  unit: "1",
  inputs: {
    streamTokensPerSecond: { symbol: "Θ_stream", latex: "\\Theta_{\\text{stream}}", unit: "token/s", description: "tokens per second one stream needs" },
    decodeTokensPerSecond: { symbol: "θ_LLM", latex: "\\theta_{\\text{LLM}}", unit: "token/s", description: "tokens per second of unbatched LLM decode" },
  },
  expr: (x) => div(x.streamTokensPerSecond, x.decodeTokensPerSecond),
  sources: [cribSheet("120K tok/s per stream — kills token-by-token AR decode (LLMs do tens/s)")],
});

// ---- Work and cost ---------------------------------------------------------------------------------

export const flopOfTokens = defineFormula({
  id: "worldmodel.flopOfTokens",
  title: "FLOP",
  description: "Work to push these tokens through the model once.",
  symbol: "C",
  unit: "FLOP",
  inputs: {
    tokens: { symbol: "T", unit: "token", description: "tokens processed" },
    flopPerToken: { symbol: "F_tok", latex: "F_{\\text{tok}}", unit: "FLOP/token", description: "FLOP per token" },
  },
  expr: ({ tokens, flopPerToken }) => mul(tokens, flopPerToken),
  sources: [cribSheet("Teacher $36/mile: 2·30B·12K ≈ 0.72 PF/pass")],
});

export const denoisedTokensPerStep = defineFormula({
  id: "worldmodel.denoisedTokensPerStep",
  title: "Tokens processed per step",
  description: "A diffusion model runs a full forward pass over the step's tokens once per denoising step.",
  symbol: "T_den",
  latex: "T_{\\text{den}}",
  unit: "token",
  inputs: {
    denoisingSteps: { symbol: "S", unit: "1", description: "denoising steps (forward passes) per tick" },
    tokensPerStep: { symbol: "T", unit: "token", description: "tokens per tick" },
  },
  expr: ({ denoisingSteps, tokensPerStep }) => mul(denoisingSteps, tokensPerStep),
  sources: [cribSheet("Teacher $36/mile: 0.72 PF/pass × 30 steps = 22 PF/step")],
});

export const drivingSeconds = defineFormula({
  id: "worldmodel.drivingSeconds",
  title: "Driving time",
  description: "Simulated time to cover a distance at a driving speed.",
  symbol: "t_drive",
  latex: "t_{\\text{drive}}",
  unit: "s",
  inputs: {
    distanceMeters: { symbol: "d", unit: "m", description: "distance" },
    speedMetersPerSecond: { symbol: "v", unit: "m/s", description: "driving speed" },
  },
  expr: ({ distanceMeters, speedMetersPerSecond }) => div(distanceMeters, speedMetersPerSecond),
  sources: [cribSheet("1,200 steps/mile: 30 mph → 120 s/mile")],
});

export const ticksInSeconds = defineFormula({
  id: "worldmodel.ticks",
  title: "Simulation steps",
  description: "Ticks of the simulation clock in this much simulated time.",
  symbol: "n_tick",
  latex: "n_{\\text{tick}}",
  unit: "1",
  inputs: {
    seconds: { symbol: "t", unit: "s", description: "simulated time" },
    tickRate: { symbol: "f_tick", latex: "f_{\\text{tick}}", unit: "1/s", description: "ticks per second" },
  },
  expr: ({ seconds, tickRate }) => mul(seconds, tickRate),
  sources: [cribSheet("1,200 steps/mile: 120 s/mile × 10 Hz")],
});

export const gpuSecondsForTicks = defineFormula({
  id: "worldmodel.gpuSecondsForTicks",
  title: "GPU time",
  description: "GPU-seconds for this many ticks (sim-time is not wall-clock: bulk simulation spreads the ticks over many GPUs).",
  symbol: "G",
  unit: "s",
  inputs: {
    ticks: { symbol: "n_tick", latex: "n_{\\text{tick}}", unit: "1", description: "ticks" },
    gpuSecondsPerTick: { symbol: "g_tick", latex: "g_{\\text{tick}}", unit: "s", description: "GPU-seconds per tick" },
  },
  expr: ({ ticks, gpuSecondsPerTick }) => mul(ticks, gpuSecondsPerTick),
  sources: [cribSheet("Teacher $36/mile: ≈ 55 GPU-s/step × 1,200 steps/mile ≈ 18 GPU-hr")],
});

export const usdOfGpuSeconds = defineFormula({
  id: "worldmodel.usdOfGpuSeconds",
  title: "Cost",
  description: "Rental cost of GPU time.",
  symbol: "c",
  unit: "USD",
  inputs: {
    gpuSeconds: { symbol: "G", unit: "s", description: "GPU-seconds" },
    usdPerGpuHour: { symbol: "p", unit: "USD/h", description: "rental price per GPU-hour" },
  },
  expr: ({ gpuSeconds, usdPerGpuHour }) => div(mul(gpuSeconds, usdPerGpuHour), SECONDS_PER_HOUR),
  sources: [cribSheet("Teacher $36/mile: 18 GPU-hr × $2")],
});

export const costRatio = defineFormula({
  id: "worldmodel.costRatio",
  title: "Cost ratio",
  description: "How many times more one option costs than the other.",
  symbol: "r_cost",
  latex: "r_{\\text{cost}}",
  unit: "1",
  inputs: {
    expensiveUsd: { symbol: "c_a", latex: "c_{a}", unit: "USD", description: "cost of the dearer option" },
    cheapUsd: { symbol: "c_b", latex: "c_{b}", unit: "USD", description: "cost of the cheaper option" },
  },
  expr: ({ expensiveUsd, cheapUsd }) => div(expensiveUsd, cheapUsd),
  sources: [cribSheet("Student $0.24/mile (~150×)")],
});

// ---- KV cache and fan-out ---------------------------------------------------------------------------

export const kvBytesPerFrame = defineFormula({
  id: "worldmodel.kvBytesPerFrame",
  title: "KV bytes per frame",
  description: "KV cache one tick's tokens leave behind for later frames to attend to.",
  symbol: "KV_frame",
  latex: "KV_{\\text{frame}}",
  unit: "B",
  inputs: {
    kvBytesPerToken: { symbol: "kv", unit: "B/token", description: "KV bytes per token" },
    tokensPerStep: { symbol: "T", unit: "token", description: "tokens per frame (tick)" },
  },
  expr: ({ kvBytesPerToken, tokensPerStep }) => mul(kvBytesPerToken, tokensPerStep),
  sources: [cribSheet("57 KB/token KV (FP8) → frame 0.7 GB")],
});

export const kvBytesPerWindow = defineFormula({
  id: "worldmodel.kvBytesPerWindow",
  title: "KV bytes per window",
  description: "KV cache one branch holds: every frame in its attention window.",
  symbol: "KV_win",
  latex: "KV_{\\text{win}}",
  unit: "B",
  inputs: {
    kvBytesPerFrame: { symbol: "KV_frame", latex: "KV_{\\text{frame}}", unit: "B", description: "KV bytes per frame" },
    windowFrames: { symbol: "W", unit: "1", description: "frames in the attention window" },
  },
  expr: ({ kvBytesPerFrame, windowFrames }) => mul(kvBytesPerFrame, windowFrames),
  sources: [cribSheet("57 KB/token KV (FP8) → 12-frame window 8.2 GB")],
});

export const residentBytes = defineFormula({
  id: "worldmodel.residentBytes",
  title: "Memory besides the KV cache",
  description: "HBM taken before any branch's KV: the weights plus a reserve for activations and runtime.",
  symbol: "M_0",
  latex: "M_{0}",
  unit: "B",
  inputs: {
    weightBytes: { symbol: "M_w", latex: "M_{w}", unit: "B", description: "weights in memory" },
    reserveBytes: { symbol: "M_r", latex: "M_{r}", unit: "B", description: "reserve for activations, workspace and runtime" },
  },
  expr: ({ weightBytes, reserveBytes }) => add(weightBytes, reserveBytes),
  sources: [cribSheet("~9 branches/H100: (80 GB − 4 GB weights)")],
});

export const branchCapacity = defineFormula({
  id: "worldmodel.branchCapacity",
  title: "Branch capacity (fractional)",
  description: "How many KV windows the HBM left after weights and reserve can hold: branches (rollouts forked from a shared prefix) are bounded by memory, not compute.",
  symbol: "n_br*",
  latex: "n_{\\text{br}}^{*}",
  unit: "1",
  inputs: {
    hbmBytes: { symbol: "C", unit: "B", description: "HBM per GPU" },
    residentBytes: { symbol: "M_0", latex: "M_{0}", unit: "B", description: "memory besides the KV cache" },
    kvBytesPerWindow: { symbol: "KV_win", latex: "KV_{\\text{win}}", unit: "B", description: "KV bytes per branch" },
  },
  expr: ({ hbmBytes, residentBytes, kvBytesPerWindow }) => div(sub(hbmBytes, residentBytes), kvBytesPerWindow),
  sources: [cribSheet("~9 branches/H100: (80 GB − 4 GB weights) ÷ 8.2 GB window — fanout is HBM-bound, not compute-bound")],
});

export const wholeBranches = defineFormula({
  id: "worldmodel.branchesPerGpu",
  title: "Branches per GPU",
  description: "Whole branches whose KV windows fit in one GPU's HBM.",
  symbol: "n_br",
  latex: "n_{\\text{br}}",
  unit: "1",
  inputs: {
    branchCapacity: { symbol: "n_br*", latex: "n_{\\text{br}}^{*}", unit: "1", description: "fractional branch capacity" },
  },
  expr: ({ branchCapacity }) => floor(branchCapacity),
  sources: [cribSheet("~9 branches/H100")],
});

// ---- Attention cost ---------------------------------------------------------------------------------

export const attentionFlopPerAttended = defineFormula({
  id: "worldmodel.attentionFlopPerAttended",
  title: "Attention FLOP per attended token",
  description: "Per layer, a query does d_model multiply-accumulates for its score with each attended key (QKᵀ) and d_model for the weighted value (AV): 4·d_model FLOP.",
  symbol: "a",
  unit: "FLOP/token",
  inputs: {
    layers: { symbol: "n_layers", latex: "n_{\\text{layers}}", unit: "layer", description: "layers" },
    modelDim: { symbol: "d", unit: "1", description: "model width (query heads × head dimension)" },
  },
  expr: ({ layers, modelDim }) => mul(4, modelDim, layers),
  sources: [cribSheet("Attention 8× matmuls (full): 4 × 12K × 144K × 3072 × 28")],
});

export const windowTokens = defineFormula({
  id: "worldmodel.windowTokens",
  title: "Tokens in the window",
  description: "Tokens of context a query sees with full attention over the window: every token of every frame.",
  symbol: "T_win",
  latex: "T_{\\text{win}}",
  unit: "token",
  inputs: {
    tokensPerStep: { symbol: "T", unit: "token", description: "tokens per frame" },
    windowFrames: { symbol: "W", unit: "1", description: "frames in the window" },
  },
  expr: ({ tokensPerStep, windowFrames }) => mul(tokensPerStep, windowFrames),
  sources: [cribSheet("Attention 8× matmuls (full): 12K × 12 frames = 144K")],
});

export const factorizedAttended = defineFormula({
  id: "worldmodel.factorizedAttended",
  title: "Tokens attended (factorized)",
  description: "Factorized attention: spatial attention within one camera's frame, then temporal attention to the same position in each frame of the window.",
  symbol: "A_fact",
  latex: "A_{\\text{fact}}",
  unit: "token",
  inputs: {
    spatialTokens: { symbol: "T_cam", latex: "T_{\\text{cam}}", unit: "token", description: "tokens in one camera's frame (the spatial group)" },
    windowFrames: { symbol: "W", unit: "1", description: "frames in the window (the temporal group)" },
  },
  expr: ({ spatialTokens, windowFrames }) => add(spatialTokens, windowFrames),
  sources: [cribSheet("Attention 8× matmuls (full): factorized spatial+temporal → ~20% tax")],
  assumptions: ["spatial groups are one camera's frame; lidar tokens attend in groups of the same size"],
});

export const flopRatio = defineFormula({
  id: "worldmodel.flopRatio",
  title: "Attention ÷ matmul FLOP",
  description: "Attention work per pass as a multiple of the weight matmuls'.",
  symbol: "r_attn",
  latex: "r_{\\text{attn}}",
  unit: "1",
  inputs: {
    attentionFlop: { symbol: "C_attn", latex: "C_{\\text{attn}}", unit: "FLOP", description: "attention FLOP per pass" },
    matmulFlop: { symbol: "C_mm", latex: "C_{\\text{mm}}", unit: "FLOP", description: "weight-matmul FLOP per pass" },
  },
  expr: ({ attentionFlop, matmulFlop }) => div(attentionFlop, matmulFlop),
  sources: [cribSheet("Attention 8× matmuls (full): ≈ 5.9e14 vs 0.7e14")],
});

// ---- Tensor parallelism against the tick ----------------------------------------------------------

export const activationBytes = defineFormula({
  id: "worldmodel.activationBytes",
  title: "Activation bytes per all-reduce",
  description: "A tensor-parallel all-reduce sums the layer's output activations: tokens × model width × bytes per value.",
  symbol: "S",
  unit: "B",
  inputs: {
    tokens: { symbol: "T", unit: "token", description: "tokens in the pass" },
    modelDim: { symbol: "d", unit: "1", description: "model width" },
    bytesPerActivation: { symbol: "b_act", latex: "b_{\\text{act}}", unit: "B", description: "bytes per activation value" },
  },
  expr: ({ tokens, modelDim, bytesPerActivation }) => mul(tokens, modelDim, bytesPerActivation),
  sources: [cribSheet("16 KB vs 75 MB all-reduce: world-model pass moves 12K tokens"), MEGATRON],
});

export const allReducesPerPass = defineFormula({
  id: "worldmodel.allReducesPerPass",
  title: "All-reduces per pass",
  description: "Megatron-style tensor parallelism all-reduces twice per layer (after attention and after the MLP).",
  symbol: "n_AR",
  latex: "n_{AR}",
  unit: "1",
  inputs: {
    layers: { symbol: "n_layers", latex: "n_{\\text{layers}}", unit: "layer", description: "layers" },
  },
  expr: ({ layers }) => mul(2, layers),
  sources: [cribSheet("TP4 misses 100 ms: 56 all-reduces"), MEGATRON],
});

export const commSecondsPerPass = defineFormula({
  id: "worldmodel.commSecondsPerPass",
  title: "Communication time per pass",
  description: "The pass's all-reduces, one after another.",
  symbol: "t_comm",
  latex: "t_{\\text{comm}}",
  unit: "s",
  inputs: {
    allReduces: { symbol: "n_AR", latex: "n_{AR}", unit: "1", description: "all-reduces per pass" },
    allReduceSeconds: { symbol: "t_AR", latex: "t_{AR}", unit: "s", description: "time of one all-reduce" },
  },
  expr: ({ allReduces, allReduceSeconds }) => mul(allReduces, allReduceSeconds),
  sources: [cribSheet("TP4 misses 100 ms: 16 ms comms (56 all-reduces × 75 MB @ ~400 GB/s)")],
});

export const tickBudgetSeconds = defineFormula({
  id: "worldmodel.tickBudgetSeconds",
  title: "Tick budget",
  description: "Real-time closed loop: each tick must be generated within one tick period.",
  symbol: "t_budget",
  latex: "t_{\\text{budget}}",
  unit: "s",
  inputs: {
    tickRate: { symbol: "f_tick", latex: "f_{\\text{tick}}", unit: "1/s", description: "ticks per second" },
  },
  expr: ({ tickRate }) => div(1, tickRate),
  sources: [cribSheet("TP4 misses 100 ms; 12K tokens / 100 ms step")],
});

export const fractionOf = defineFormula({
  id: "worldmodel.fraction",
  title: "Fraction",
  description: "One time as a fraction of another.",
  symbol: "φ",
  latex: "\\varphi",
  unit: "1",
  inputs: {
    partSeconds: { symbol: "t_part", latex: "t_{\\text{part}}", unit: "s", description: "the part" },
    wholeSeconds: { symbol: "t_whole", latex: "t_{\\text{whole}}", unit: "s", description: "the whole" },
  },
  expr: ({ partSeconds, wholeSeconds }) => div(partSeconds, wholeSeconds),
  sources: [cribSheet("16 KB vs 75 MB all-reduce: world-model pass … bandwidth-bound, ~40% tax")],
});

// ---- Distillation payback ---------------------------------------------------------------------------

export const usdForMiles = defineFormula({
  id: "worldmodel.usdForMiles",
  title: "Cost of simulated miles",
  description: "Miles simulated on a tier at its cost per mile.",
  symbol: "c_miles",
  latex: "c_{\\text{miles}}",
  unit: "USD",
  inputs: {
    miles: { symbol: "m", unit: "1", description: "miles simulated" },
    usdPerMile: { symbol: "c_mile", latex: "c_{\\text{mile}}", unit: "USD", description: "cost per mile on this tier" },
  },
  expr: ({ miles, usdPerMile }) => mul(miles, usdPerMile),
  sources: [cribSheet("Distill: 50K teacher miles ≈ $1.8M; $3.6M vs $24K/day fleet; 1,700 mi × $0.24")],
});

export const trainingTokens = defineFormula({
  id: "worldmodel.trainingTokens",
  title: "Training tokens",
  description: "Tokens the student trains on: every tick of the teacher-generated miles, for each epoch.",
  symbol: "D",
  unit: "token",
  inputs: {
    miles: { symbol: "m", unit: "1", description: "teacher-generated miles" },
    ticksPerMile: { symbol: "n_tick", latex: "n_{\\text{tick}}", unit: "1", description: "ticks per mile" },
    tokensPerStep: { symbol: "T", unit: "token", description: "tokens per tick" },
    epochs: { symbol: "e", unit: "1", description: "passes over the generated data" },
  },
  expr: (x) => mul(x.miles, x.ticksPerMile, x.tokensPerStep, x.epochs),
  sources: [cribSheet("Distill data : training = 50 : 1 — 50K teacher miles … 3B training ≈ 2.6e22 FLOPs")],
  assumptions: ["the crib sheet's 2.6e22 FLOP for a 3B student on 50K miles of 12K-token ticks implies two epochs (6·3e9·50K·1,200·12K·2 = 2.6e22)"],
});

export const trainingFlopPerToken = defineFormula({
  id: "worldmodel.trainingFlopPerToken",
  title: "Training FLOP per token",
  description: "Forward (2) plus backward (4) FLOP per parameter per token.",
  symbol: "F_train",
  latex: "F_{\\text{train}}",
  unit: "FLOP/token",
  inputs: {
    params: { symbol: "N", unit: "param", description: "parameters trained" },
  },
  expr: ({ params }) => mul(FLOP_PER_PARAM_PER_TRAINING_TOKEN, params),
  sources: [KAPLAN_6ND, cribSheet("3B training ≈ 2.6e22 FLOPs")],
});

export const sumUsd = defineFormula({
  id: "worldmodel.sumUsd",
  title: "Total cost",
  description: "Two costs added.",
  symbol: "c_Σ",
  latex: "c_{\\Sigma}",
  unit: "USD",
  inputs: {
    firstUsd: { symbol: "c_1", latex: "c_{1}", unit: "USD", description: "first cost" },
    secondUsd: { symbol: "c_2", latex: "c_{2}", unit: "USD", description: "second cost" },
  },
  expr: ({ firstUsd, secondUsd }) => add(firstUsd, secondUsd),
  sources: [cribSheet("Distill: $1.8M data + $37K training; Validation ≈ $400/night (+ ≈ $3K teacher audit)")],
});

export const savingsUsd = defineFormula({
  id: "worldmodel.savingsUsd",
  title: "Savings",
  description: "What the cheaper option saves over the dearer one.",
  symbol: "Δc",
  latex: "\\Delta c",
  unit: "USD",
  inputs: {
    expensiveUsd: { symbol: "c_a", latex: "c_{a}", unit: "USD", description: "cost of the dearer option" },
    cheapUsd: { symbol: "c_b", latex: "c_{b}", unit: "USD", description: "cost of the cheaper option" },
  },
  expr: ({ expensiveUsd, cheapUsd }) => sub(expensiveUsd, cheapUsd),
  sources: [cribSheet("Distill: payback < 1 day ($3.6M vs $24K/day fleet)")],
});

export const paybackSeconds = defineFormula({
  id: "worldmodel.paybackSeconds",
  title: "Distillation payback time",
  description: "One-time distillation cost over what the fleet saves per day by simulating on the student instead of the teacher.",
  symbol: "t_payback",
  latex: "t_{\\text{payback}}",
  unit: "s",
  inputs: {
    oneTimeUsd: { symbol: "c_distill", latex: "c_{\\text{distill}}", unit: "USD", description: "teacher data generation plus student training" },
    savingsUsdPerDay: { symbol: "Δc_day", latex: "\\Delta c_{\\text{day}}", unit: "USD", description: "what the fleet saves per day on the student" },
  },
  expr: (x) => mul(div(x.oneTimeUsd, x.savingsUsdPerDay), SECONDS_PER_DAY),
  sources: [cribSheet("Distill: payback < 1 day ($3.6M vs $24K/day fleet)")],
});

// ---- Nightly validation -----------------------------------------------------------------------------

export const validationSeconds = defineFormula({
  id: "worldmodel.validationSeconds",
  title: "Simulated time per night",
  description: "Validation segments replayed in closed loop each night.",
  symbol: "t_val",
  latex: "t_{\\text{val}}",
  unit: "s",
  inputs: {
    segments: { symbol: "n_seg", latex: "n_{\\text{seg}}", unit: "1", description: "segments per night" },
    segmentSeconds: { symbol: "t_seg", latex: "t_{\\text{seg}}", unit: "s", description: "simulated seconds per segment" },
  },
  expr: ({ segments, segmentSeconds }) => mul(segments, segmentSeconds),
  sources: [cribSheet("Validation ≈ $400/night: 10K segments × 20 s")],
});

export const milesInSeconds = defineFormula({
  id: "worldmodel.milesInSeconds",
  title: "Miles simulated",
  description: "Distance covered in this much simulated time at the driving speed, in miles.",
  symbol: "m",
  unit: "1",
  inputs: {
    seconds: { symbol: "t", unit: "s", description: "simulated time" },
    speedMetersPerSecond: { symbol: "v", unit: "m/s", description: "driving speed" },
    metersPerMile: { symbol: "d_mile", latex: "d_{\\text{mile}}", unit: "m", description: "metres per mile" },
  },
  expr: ({ seconds, speedMetersPerSecond, metersPerMile }) => div(mul(seconds, speedMetersPerSecond), metersPerMile),
  sources: [cribSheet("Validation ≈ $400/night: 10K segments × 20 s ≈ 1,700 mi")],
});

export const auditMiles = defineFormula({
  id: "worldmodel.auditMiles",
  title: "Teacher-audited miles",
  description: "The share of the night's miles re-simulated on the teacher to catch silent evaluation drift.",
  symbol: "m_audit",
  latex: "m_{\\text{audit}}",
  unit: "1",
  inputs: {
    auditFraction: { symbol: "φ_audit", latex: "\\varphi_{\\text{audit}}", unit: "1", description: "fraction of miles audited on the teacher" },
    miles: { symbol: "m", unit: "1", description: "miles per night" },
  },
  expr: ({ auditFraction, miles }) => mul(auditFraction, miles),
  sources: [cribSheet("Validation ≈ $400/night (+5% teacher audit ≈ $3K)"), cribSheet("one-liner 5: the standing teacher audit never stops")],
});

/**
 * The crib sheet's LLM, defined once: a 70B dense model in FP8 with Llama-70B-style GQA (80 layers,
 * 8 KV heads of 128), so 70 GB of weights and 160 KB of FP8 KV per token. The seed claims, speculative
 * decoding and the world-model comparison all use this one; examples/crib-70b-fp8.json is the same
 * model as a napkin file (a test holds them equal).
 */
import { napkinModel, type ModelSpec } from "../model/model.ts";
import { kvBytesPerTokenFromValues, kvValuesPerTokenGqa } from "../roofline/formulas.ts";

export const CRIB_LLM_FILE = "crib sheet (seed 000): 70 GB of FP8 weights; 80 layers × 2 × 8 KV-heads × 128 × 1 B of KV";

export function cribSheetLlm(): ModelSpec {
  const kvBytesPerToken = kvBytesPerTokenFromValues.fn(kvValuesPerTokenGqa.fn(80, 8, 128, 128), 1);
  return napkinModel({ name: "70B dense FP8, crib sheet", totalParams: 70e9, activeParams: 70e9, weightBytesPerParam: 1, kvBytesPerToken, layers: 80 }, CRIB_LLM_FILE);
}

/**
 * Fits the expected forward pass's few physical constants (large-matmul efficiency, gap per kernel launch, latency per collective, host time per sequence, and the extra host time of engines that schedule synchronously) to the scored inference rows of data/measurements/
 * (through the committed copy: run scripts/import-measurements.ts first), reports the in-sample and
 * leave-one-source-out error, and writes packages/core/src/efficiency/fitted.ts (and each fold's fit, fitted-folds.ts).
 * Deterministic (coordinate descent with golden-section search from fixed starts): running it again on
 * the same rows reproduces the committed file. `--check` only compares and exits 1 when stale.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { FITTED_PARAMETERS, fitInferenceEfficiency, measurementFiles, measurementModel, prepareInferenceRows, validateInference } from "../packages/core/src/index.ts";

const files = measurementFiles();
const { prepared, skipped } = prepareInferenceRows(files, measurementModel);
const { fit, loss } = fitInferenceEfficiency(prepared);
const v = validateInference(files, measurementModel, { fit, loso: true });
// Only scored rows (every input known) are fitted; rows with an unpublished input length are bound checks.
const scored = prepared.filter((p) => p.scored);
const sources = new Set(scored.map((p) => p.source));
const date = process.env["FIT_DATE"] ?? new Date().toISOString().slice(0, 10);
const NOTES: Record<string, string> = {
  matmul: "fraction of dense peak a large matrix multiply reaches",
  launchSeconds: "gap per kernel (launch and dependency wait) in seconds",
  collectiveLatencySeconds: "fixed latency of one tensor-parallel all-reduce inside the scale-up domain, seconds",
  hostSecondsPerSequence: "host (CPU) time per sequence per step the GPU waits for, seconds",
  syncHostSecondsPerSequence: "more host time per sequence per step with a synchronous scheduler (vLLM < 0.6), seconds",
  syncHostSecondsPerStep: "more host time per step with a synchronous scheduler (vLLM < 0.6), seconds",
};
const f4 = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? "null" : x.toFixed(4));
const text = `/**
 * Written by scripts/fit-efficiency.ts — do not edit by hand. The few physical parameters of the
 * expected forward pass fitted to the public inference rows in data/measurements/.
 */
export const EFFICIENCY_FIT = {
  date: "${scored.length ? date : "unfitted"}",
  rows: ${scored.length},
  sources: ${sources.size},
  parameters: {
${FITTED_PARAMETERS.map((k) => `    ${k}: { value: ${fit[k]}, note: "${NOTES[k]}${scored.length ? ", fitted" : " (the starting value: no row scored yet)"}" },`).join("\n")}
  },
  loso: { medianAbsError: ${scored.length ? f4(v.loso?.overall.medianAbsError) : "null"} as number | null, p90AbsError: ${scored.length ? f4(v.loso?.overall.p90AbsError) : "null"} as number | null, rows: ${v.loso?.overall.rows ?? 0} },
} as const;
`;
// Each leave-one-source-out fold's fit, in a module of its own: only validation reads it (the app's first page does not load it).
const foldsText = `/**
 * Written by scripts/fit-efficiency.ts — do not edit by hand. Each leave-one-source-out fold's fit (the constants
 * fitted without that source), so \`roofline validate\` on the committed rows need not refit them; a test keeps
 * them current (--check).
 */
export const EFFICIENCY_FIT_FOLDS: Record<string, Record<string, number>> = {
${(v.loso?.folds ?? []).map((f) => `  ${JSON.stringify(f.source)}: { ${FITTED_PARAMETERS.map((k) => `${k}: ${f.fit[k]}`).join(", ")} },`).join("\n")}
};
`;
const target = fileURLToPath(new URL("../packages/core/src/efficiency/fitted.ts", import.meta.url));
const foldsTarget = fileURLToPath(new URL("../packages/core/src/efficiency/fitted-folds.ts", import.meta.url));
console.log(
  JSON.stringify(
    {
      rows: scored.length,
      boundOnly: prepared.length - scored.length,
      skipped: skipped.length,
      sources: [...sources].sort(),
      fit,
      inSample: { loss, ...v.overall },
      loso: v.loso ? { overall: v.loso.overall, byGroup: v.loso.byGroup, folds: v.loso.folds } : null,
    },
    null,
    2,
  ),
);
if (process.argv.includes("--check")) {
  const strip = (s: string) => s.replace(/date: "[^"]*"/, "");
  if (strip(readFileSync(target, "utf8")) !== strip(text) || readFileSync(foldsTarget, "utf8") !== foldsText) {
    console.error("fitted.ts / fitted-folds.ts are stale: run npx tsx scripts/fit-efficiency.ts");
    process.exit(1);
  }
} else {
  writeFileSync(target, text);
  writeFileSync(foldsTarget, foldsText);
}

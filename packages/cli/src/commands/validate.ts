/**
 * `roofline validate`: every public inference measurement (data/measurements) predicted, ideal and
 * expected, with the error, the bound check, median and p90 |error| overall and per group, and
 * leave-one-source-out cross-validation.
 */
import {
  EFFICIENCY_FIT,
  FITTED_PARAMETERS,
  formatQuantity,
  formatSignificant,
  measurementFiles,
  measurementModel,
  RooflineError,
  validateInference,
  type ErrorSummary,
  type InferenceValidation,
  type MeasurementFile,
  type RowPrediction,
  trainingGroup,
  type TrainingGroupSummary,
} from "@roofline/core";
import { Command } from "commander";
import { findMeasurementsDir, modelResolver, readMeasurementFiles } from "../measurements.ts";
import { formatOf, out, renderTable, toJson, type Format, type FormatFlags, type Table } from "../output.ts";

const pct = (x: number) => (Number.isFinite(x) ? `${formatSignificant(x * 100, 3)}%` : "–");
const signed = (x: number) => (Number.isFinite(x) ? `${x >= 0 ? "+" : ""}${formatSignificant(x * 100, 3)}%` : "–");

function metricValue(p: RowPrediction, v: number): string {
  if (p.metric === "tpot_seconds" || p.metric === "ttft_seconds") return formatQuantity(v, "s");
  if (p.metric === "requests_per_second") return `${formatSignificant(v, 4)} req/s`;
  return formatQuantity(v, "token/s");
}

export function summaryTable(v: InferenceValidation, training?: TrainingGroupSummary | null): Table {
  const line = (label: string, s: ErrorSummary, l: ErrorSummary | undefined): (string | number)[] => [
    label,
    s.rows,
    pct(s.medianAbsError),
    pct(s.p90AbsError),
    l ? pct(l.medianAbsError) : "–",
    l ? pct(l.p90AbsError) : "–",
    `${pct(s.boundShare)} of ${s.boundRows}`,
    Number.isFinite(s.medianIdealGap) ? `${formatSignificant(s.medianIdealGap, 3)}×` : "–",
  ];
  const rows = [line("all inference rows", v.overall, v.loso?.overall)];
  for (const [g, s] of Object.entries(v.byGroup)) rows.push(line(`  ${g}`, s, v.loso?.byGroup[g]));
  if (training)
    rows.push([
      `training (MFU${training.loso?.groupedBy === "model" ? ", leave-one-model-out" : ""})`,
      training.rows,
      pct(training.medianAbsError),
      pct(training.p90AbsError),
      training.loso ? pct(training.loso.medianAbsError) : "–",
      training.loso ? pct(training.loso.p90AbsError) : "–",
      "–",
      "–",
    ]);
  return { columns: ["rows", "n", "median |err|", "p90 |err|", "LOSO median", "LOSO p90", "ideal is a bound", "measured ÷ ideal"], rows };
}

export function rowsTable(v: InferenceValidation, format: Format): Table {
  const loso = new Map((v.loso?.predictions ?? []).map((p) => [p.id, p]));
  if (format === "csv")
    return {
      columns: ["id", "source", "group", "model", "hardware", "chips", "metric", "measured", "ideal", "expected", "error", "ideal_error", "bound", "scored", "loso_expected", "loso_error"],
      rows: v.predictions.map((p) => [p.id, p.source, p.group, p.model, p.hardware, p.chips, p.metric, p.measured, p.ideal, p.expected, p.error, p.idealError, p.bound ? "yes" : "NO", p.scored ? "yes" : "bound only", loso.get(p.id)?.expected ?? "", loso.get(p.id)?.error ?? ""]),
    };
  return {
    columns: ["row", "metric", "measured", "ideal (bound)", "expected", "error", "LOSO error", "bound"],
    rows: v.predictions.map((p) => [p.id, p.metric, metricValue(p, p.measured), metricValue(p, p.ideal), p.scored ? metricValue(p, p.expected) : "–", p.scored ? signed(p.error) : "bound only", p.scored ? signed(loso.get(p.id)?.error ?? NaN) : "–", p.bound ? "yes" : "NO"]),
  };
}

function breakdown(label: string, m: Record<string, ErrorSummary>): Table {
  return { columns: [label, "n", "median |err|", "p90 |err|", "ideal is a bound"], rows: Object.entries(m).map(([k, s]) => [k, s.rows, pct(s.medianAbsError), pct(s.p90AbsError), `${pct(s.boundShare)} of ${s.boundRows}`]) };
}

export function validateCommand(): Command {
  return new Command("validate")
    .summary("predict every public inference measurement, ideal and expected: errors, bound check, leave-one-source-out")
    .description(
      "Predicts every inference row of the public measurement set (data/measurements: decode TPOT, prefill TTFT, end-to-end throughput, MoE across nodes) from its own model, chips, parallelism, precision and workload — the ideal roofline (a bound) and the expected step — and prints each row's error, whether the ideal is a bound, median and p90 |error| overall and per group, source, chip and phase, and leave-one-source-out cross-validation (the few fitted constants refitted without a source, scored on it). Training rows are one more group, predicted by the training step and its own fit (error on MFU; per-row detail: roofline train-step validate).",
    )
    .option("--measurements <dir>", "read a measurement folder instead of the committed copy of data/measurements")
    .option("--no-loso", "skip the leave-one-source-out refits")
    .option("--json", "print one JSON object")
    .option("--md", "print Markdown")
    .option("--csv", "print the per-row table as CSV")
    .option("--brief", "the summary only, no per-row table")
    .action((flags: FormatFlags & { measurements?: string; loso?: boolean }) => {
      const format = formatOf(flags);
      let files: readonly MeasurementFile[];
      let resolve: (id: string) => ReturnType<typeof measurementModel>;
      let from: string;
      if (flags.measurements) {
        const dir = findMeasurementsDir(flags.measurements);
        files = readMeasurementFiles(dir);
        resolve = modelResolver(dir);
        from = dir;
      } else {
        files = measurementFiles();
        resolve = measurementModel;
        from = "the committed copy of data/measurements (packages/core/src/catalog/data/measurements.ts)";
      }
      const v = validateInference(files, resolve, { loso: flags.loso !== false, committedFolds: !flags.measurements });
      const training = trainingGroup(files, resolve, { loso: flags.loso !== false, committedFolds: !flags.measurements });
      if (!v.predictions.length) {
        throw new RooflineError({
          code: "missing-value",
          field: "--measurements",
          value: from,
          expected: "inference rows (groups decode-small-batch, decode-large-batch, prefill, e2e, moe-multinode) in the measurement schema",
          hint: v.skipped.length ? `${v.skipped.length} rows were skipped, e.g. ${v.skipped[0]?.id}: ${v.skipped[0]?.reason}` : "The measurement set is empty.",
        });
      }
      // A group whose rows are all bound checks has no error statistics: null in JSON (not NaN).
      if (format === "json") return out(toJson(JSON.parse(JSON.stringify({ fitted: EFFICIENCY_FIT, ...v, training }, (_k, x: unknown) => (typeof x === "number" && !Number.isFinite(x) ? null : x)))));
      if (format === "csv") return out(renderTable(rowsTable(v, "csv"), "csv"));
      const fitText = FITTED_PARAMETERS.map((k) => `${k} ${formatSignificant(v.fit[k], 3)}`).join(", ");
      const sources = new Set(v.predictions.map((p) => p.source)).size;
      const scoredSources = new Set(v.predictions.filter((p) => p.scored).map((p) => p.source)).size;
      const h = (s: string) => (format === "md" ? `## ${s}` : s);
      const text = [
        format === "md" ? "# The expected step against public measurements" : "The expected step against public measurements",
        "",
        `${v.overall.boundRows} inference rows from ${sources} sources (${from}): ${v.overall.rows} scored (every input known), ${v.overall.boundRows - v.overall.rows} checked as bounds only (an input length not published, predicted at its floor, or a cost the step has no term for, as the row says: the ideal is still a bound); ${v.skipped.length} skipped.`,
        `Fitted constants: ${fitText} (fit of ${EFFICIENCY_FIT.date}, ${EFFICIENCY_FIT.rows} scored rows of ${scoredSources} sources). error = predicted ÷ measured − 1; n = scored rows.`,
        "",
        renderTable(summaryTable(v, training), format),
      ];
      if (training)
        text.push(
          "",
          `Training: ${training.rows} rows predicted by the training step's own fit (MFU error; ${training.skipped} skipped); per row: roofline train-step validate.`,
        );
      if (!flags.brief) {
        text.push("", h("Rows"), "", renderTable(rowsTable(v, format), format));
        text.push("", h("By source"), "", renderTable(breakdown("source", v.bySource), format));
        text.push("", h("By chip"), "", renderTable(breakdown("chip", v.byChip), format));
        text.push("", h("By phase"), "", renderTable(breakdown("phase", v.byPhase), format));
        if (v.loso)
          text.push("", h("Leave-one-source-out folds"), "", renderTable({ columns: ["held-out source", "rows", "fitted on the others", "median |err| on it"], rows: v.loso.folds.map((f) => [f.source, f.rows, FITTED_PARAMETERS.map((k) => `${k} ${formatSignificant(f.fit[k], 3)}`).join(", "), pct(f.medianAbsError)]) }, format));
        if (v.skipped.length) text.push("", h("Skipped"), "", renderTable({ columns: ["row", "why"], rows: v.skipped.map((s) => [s.id, s.reason]) }, format));
      }
      out(text.join("\n"));
    });
}

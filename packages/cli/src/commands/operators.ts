import { analyzeOperators, OPERATORS_INPUTS, formatQuantity, formatSignificant, type Derivation, type OperatorsResult } from "@roofline/core";
import { Command } from "commander";
import { addFormatFlags, headline } from "./common.ts";
import { addRooflineFlags, rooflineOptions, type RawFlags } from "../options.ts";
import { depthOf, formatOf, out, printWarnings, renderDerivations, renderTable, toJson, type FormatFlags, type Table } from "../output.ts";

/** The operator table as the CLI prints it (and as the web page shows it: same formats). */
export function operatorsTable(r: OperatorsResult): Table {
  const rows = r.operators.map((o) => [
    o.label,
    formatQuantity(o.flop, "FLOP"),
    formatQuantity(o.weightBytes, "B"),
    formatQuantity(o.kvBytes, "B"),
    formatQuantity(o.activationBytes, "B"),
    `${formatSignificant(o.intensity, 3)} FLOP/B`,
    o.bound,
    formatQuantity(o.seconds, "s"),
    formatQuantity(o.expected.seconds, "s"),
  ]);
  const t = r.totals;
  rows.push(["total", formatQuantity(t.flop, "FLOP"), formatQuantity(t.weightBytes, "B"), formatQuantity(t.kvBytes, "B"), formatQuantity(t.activationBytes, "B"), "", "", `${formatQuantity(t.seconds, "s")} (Σ operators)`, `${formatQuantity(r.expected.operatorSeconds, "s")} (Σ operators)`]);
  return { columns: ["operator", "FLOP", "weights read", "KV read", "activations", "intensity", "bound", "time", "expected time"], rows };
}

export function operatorsCommand(): Command {
  const cmd = new Command("operators")
    .summary("one forward pass operator by operator: FLOP, bytes, arithmetic intensity, bound, time")
    .description(
      "The forward pass (a decode step or a prefill pass) split into its operators — QKV and output projections, attention scores and values, router, routed and shared experts, MLP, norms, LM head — each with FLOP, bytes read (weights, KV) and moved (activations), arithmetic intensity against the chip's ridge point, bound and time. FLOP, weight and KV bytes add up to `roofline step`'s.",
    );
  addRooflineFlags(cmd, { table: OPERATORS_INPUTS });
  addFormatFlags(cmd);
  cmd.action((flags: RawFlags & FormatFlags) => {
    const r = analyzeOperators(rooflineOptions(flags, OPERATORS_INPUTS));
    printWarnings(r.step.warnings);
    const format = formatOf(flags);
    if (format === "json") {
      const { step, ...rest } = r;
      return out(toJson({ ...rest, step: { stepSeconds: step.stepSeconds, expectedStepSeconds: step.expectedStepSeconds, computeSeconds: step.computeSeconds, memorySeconds: step.memorySeconds, flop: step.flopPerToken * step.batch * step.passTokens, weightBytesRead: step.weightBytesRead, kvBytesRead: step.kvBytesRead, bound: step.bound } }));
    }
    if (format === "csv") {
      return out(
        renderTable(
          { columns: ["operator", "flop", "weightBytes", "kvBytes", "activationBytes", "intensity", "bound", "seconds", "expectedSeconds"], rows: r.operators.map((o) => [o.id, o.flop, o.weightBytes, o.kvBytes, o.activationBytes, o.intensity, o.bound, o.seconds, o.expected.seconds]) },
          "csv",
        ),
      );
    }
    const s = r.step;
    const text = [
      headline(s),
      `ridge point ${formatSignificant(r.ridgeFlopPerByte, 3)} FLOP/B (${formatQuantity(r.peakFlopsPerSecond, "FLOP/s")} ÷ ${formatQuantity(r.bandwidthBytesPerSecond, "B/s")} per chip)`,
      "",
      renderTable(operatorsTable(r), format),
      "",
      `step (roofline of the whole pass): ${formatQuantity(s.stepSeconds, "s")} (${s.bound}-bound) = max(compute ${formatQuantity(s.computeSeconds, "s")}, memory ${formatQuantity(s.memorySeconds, "s")})`,
      `expected step (fitted, not a bound): ${formatQuantity(r.expected.stepSeconds, "s")} = ${r.expected.breakdown.map((b) => `${b.label} ${formatQuantity(b.seconds, "s")}`).join(" + ")}`,
      ...r.notes.map((n) => `note: ${n}`),
    ];
    if (!flags.brief) {
      const ds: Derivation[] = [r.derivations["ridgeFlopPerByte"] as Derivation];
      const top = [...r.operators].sort((a, b) => b.seconds - a.seconds)[0];
      if (top) ds.push(top.derivations.seconds);
      text.push("", format === "md" ? "## Derivations (ridge point, slowest operator)" : "Derivations (ridge point, slowest operator)", "", renderDerivations(ds, format === "md" ? "md" : "text", depthOf(flags)));
    }
    out(text.join("\n"));
  });
  return cmd;
}

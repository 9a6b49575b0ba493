import { formatSignificant, type StepResult } from "@roofline/core";
import type { Command } from "commander";

export function addFormatFlags(cmd: Command): Command {
  return cmd
    .option("--json", "print one JSON object (every number, its derivation and any warnings)")
    .option("--md", "print Markdown (tables and derivations with LaTeX)")
    .option("--csv", "print CSV")
    .option("--brief", "numbers only, no derivations")
    .option("--depth <n>", "levels of derived inputs to expand in each derivation (default: 0)")
    .option("--derivations <summary|full>", "with --json: each derivation names its derived inputs with their values (summary, default), or carries their whole trees (full); `roofline explain <name>` prints one tree");
}

export function headline(r: StepResult): string {
  const ctx = r.phase === "decode" ? `context ${formatSignificant(r.contextTokens, 6)}` : `prompt ${formatSignificant(r.passTokens, 6)} after ${formatSignificant(r.contextTokens, 6)} cached`;
  return [
    `${r.model.name} on ${r.chips} × ${r.hardware.name}: ${r.phase}, batch ${formatSignificant(r.batch, 6)}, ${ctx}`,
    `precisions: weights ${r.precisions.weights}, KV ${r.precisions.kv}, compute ${r.precisions.compute} · attention ${r.attention} · expert routing ${r.expertRouting}`,
  ].join("\n");
}

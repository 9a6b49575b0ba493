/**
 * Golden outputs of the world-model and speculative-decoding analyses: the crib sheet's quotes beside
 * their derivations, the tier ladder, the tick budget and fan-out, the EAGLE fit and the decode
 * ceilings across chips — committed so that a change to any number shows up in `git diff`.
 * Regenerate with `UPDATE_GOLDEN=1 npx vitest run packages/core/test/worldmodel-golden.test.ts`.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { analyzeSpecDec, analyzeWorldModel, cribSheetLlm, formatQuantity, formatSignificant, getHardware, unbatchedDecodeCeiling } from "../src/index.ts";

const golden = (name: string) => new URL(`./golden/${name}`, import.meta.url);
const r3 = (x: number) => formatSignificant(x, 3);

function check(name: string, text: string) {
  const file = golden(name);
  if (process.env["UPDATE_GOLDEN"]) writeFileSync(file, text);
  // A missing golden file is a failure, not a silent first write: regenerate with UPDATE_GOLDEN=1.
  expect(existsSync(file), `golden file ${file.pathname} is missing; run with UPDATE_GOLDEN=1 to write it`).toBe(true);
  expect(text).toBe(readFileSync(file, "utf8"));
}

describe("golden tables", () => {
  it("world model: the crib sheet's figures, the tier ladder, the tick and the fan-out", () => {
    const r = analyzeWorldModel();
    const unit = (n: string) => r.derivations[n]?.unit ?? "1";
    const lines = [
      "## The crib sheet's figures beside their derivations",
      "",
      "| quantity | crib sheet | derived from the rig | difference | at the quoted 12K tokens/step |",
      "|---|---|---|---|---|",
      ...r.quoted.map((q) => `| ${q.name} | ${q.quote} | ${formatQuantity(q.derivedValue, unit(q.name), 4)} | ${q.kind === "below" ? (q.derivedValue < q.quotedValue ? "below" : "NOT below") : `${(q.difference * 100).toFixed(1)}%`} | ${formatQuantity(q.atQuotedTokens, unit(q.name), 4)} |`),
      "",
      "## Tier ladder",
      "",
      "| tier | $ per mile | answers |",
      "|---|---|---|",
      ...r.tiers.map((t) => `| ${t.name} | ${r3(t.usdPerMile)} | ${t.answers} |`),
      "",
      "## Tick budget (100 ms)",
      "",
      "| TP | compute/pass ms | comms/pass ms | tick ms | meets |",
      "|---|---|---|---|---|",
      ...r.tensorParallelSweep.map((p) => `| ${p.tensorParallel} | ${r3(p.computeSeconds * 1e3)} | ${r3(p.commSeconds * 1e3)} | ${r3(p.tickSeconds * 1e3)} | ${p.meetsBudget ? "yes" : "no"} |`),
      "",
      "## Fan-out on an H100",
      "",
      "| window frames | KV per branch GB | branches |",
      "|---|---|---|",
      ...r.fanOut.filter((p) => [1, 2, 4, 8, 12, 16, 24, 48, 96].includes(p.windowFrames)).map((p) => `| ${p.windowFrames} | ${r3(p.kvBytesPerWindow / 1e9)} | ${p.branchesPerGpu} |`),
      "",
    ];
    check("worldmodel.md", lines.join("\n"));
  });

  it("speculative decoding: the EAGLE fit, the curve and the decode ceilings", () => {
    const r = analyzeSpecDec();
    const chips = ["nvidia-h100-sxm5-80gb", "nvidia-h200-sxm-141gb", "nvidia-b200-hgx", "nvidia-b300-hgx", "amd-mi355x"];
    const h100 = unbatchedDecodeCeiling({ model: cribSheetLlm(), hardware: getHardware("h100") }).value;
    const lines = [
      `## EAGLE fit (k = ${r.draftTokens}, c = ${r.draftCostRatio}, context ${r.contextTokens}): α = ${r3(r.fit?.acceptanceRate ?? 0)}, RMS ${r3(r.fit?.rmse ?? 0)}`,
      "",
      "| concurrency | measured | implied α | modelled |",
      "|---|---|---|---|",
      ...(r.fit?.points ?? []).map((p) => `| ${p.concurrency} | ${p.measured} | ${p.impliedAcceptanceRate === null ? "—" : r3(p.impliedAcceptanceRate)} | ${r3(p.fitted)} |`),
      "",
      `## Speedup vs concurrency (crossover ${r3(r.crossoverConcurrency ?? 0)})`,
      "",
      "| concurrency | decode ms | verify ms | verify bound | speedup | fits |",
      "|---|---|---|---|---|---|",
      ...r.curve.map((p) => `| ${p.concurrency} | ${r3(p.targetStepSeconds * 1e3)} | ${r3(p.verifyStepSeconds * 1e3)} | ${p.verifyBound} | ${r3(p.speedup)} | ${p.fits ? "yes" : "no"} |`),
      "",
      "## Unbatched decode ceiling of the crib sheet's 70B FP8",
      "",
      "| chip | tok/s | × H100 |",
      "|---|---|---|",
      ...chips.map((id) => {
        const v = unbatchedDecodeCeiling({ model: cribSheetLlm(), hardware: getHardware(id) }).value;
        return `| ${id} | ${r3(v)} | ${r3(v / h100)} |`;
      }),
      "",
    ];
    check("specdec.md", lines.join("\n"));
  });
});

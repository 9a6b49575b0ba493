/**
 * Golden outputs: rounded tables of the engine's numbers for the catalog's models × systems,
 * committed so that any change to a number shows up in `git diff` and is reviewed.
 * Regenerate with `UPDATE_GOLDEN=1 npx vitest run packages/core/test/golden.test.ts`.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { analyzeBatch, analyzeStep, BYTES_PER_VALUE, flopPerByteOf, formatSignificant, getHardware, hbmDrainSecondsOf, HARDWARE, MODELS, solveCrossoverContext, prepareRoofline } from "../src/index.ts";

const golden = (name: string) => new URL(`./golden/${name}`, import.meta.url);
const r3 = (x: number | null) => (x === null ? "—" : formatSignificant(x, 3));

function check(name: string, text: string) {
  const file = golden(name);
  if (process.env["UPDATE_GOLDEN"]) writeFileSync(file, text);
  // A missing golden file is a failure, not a silent first write: regenerate with UPDATE_GOLDEN=1.
  expect(existsSync(file), `golden file ${file.pathname} is missing; run with UPDATE_GOLDEN=1 to write it`).toBe(true);
  expect(text).toBe(readFileSync(file, "utf8"));
}

const SYSTEMS: [string, number][] = [
  ["nvidia-h100-sxm5-80gb", 8],
  ["nvidia-h200-sxm-141gb", 8],
  ["nvidia-b200-hgx", 8],
  ["nvidia-gb200-nvl72", 72],
  ["amd-mi355x", 8],
  ["google-tpu7x-ironwood", 64],
];

describe("golden tables", () => {
  it("models: parameters, KV and FLOPs per token", () => {
    const rows = MODELS.map((m) => {
      const a = m.attention;
      return `| ${m.id} | ${r3(m.totalParams / 1e9)} | ${r3(m.activeParams / 1e9)} | ${r3((m.reported?.totalParams ?? 0) / 1e9)} / ${r3((m.reported?.activeParams ?? 0) / 1e9)} | ${a.fullKvValuesPerToken * BYTES_PER_VALUE.bf16} | ${a.windowedLayers ? `${a.windowedLayers}×${a.windowTokens}` : "—"} | ${r3((2 * m.matmulParamsPerToken) / 1e9)} | ${r3(a.fullFlopPerAttendedToken / 1e3)} |`;
    });
    check(
      "models.md",
      [
        "| model | total B | active B | reported total / active B | KV B/token (BF16, full layers) | windowed layers | weight GFLOP/token | attention kFLOP per attended token |",
        "|---|---|---|---|---|---|---|---|",
        ...rows,
        "",
      ].join("\n"),
    );
  });

  it("hardware: FLOP per byte and drain time", () => {
    const rows = HARDWARE.map((h) => {
      const f = flopPerByteOf(h);
      return `| ${h.id} | ${r3(f.bf16)} | ${r3(f.fp8)} | ${r3(f.fp4)} | ${r3((hbmDrainSecondsOf(h) ?? NaN) * 1e3).replace("NaN", "—")} | ${h.scaleUpDomainChips.value ?? "—"} | ${h.usdPerChipHour.value ?? "—"} |`;
    });
    check("hardware.md", ["| chip | FLOP/B BF16 | FLOP/B FP8 | FLOP/B FP4 | drain ms | scale-up | $/chip-h |", "|---|---|---|---|---|---|---|", ...rows, ""].join("\n"));
  });

  it("decode at batch 64, 8K context: every model on every system", () => {
    const rows: string[] = [];
    for (const m of MODELS) {
      for (const [id, chips] of SYSTEMS) {
        const hardware = getHardware(id);
        const o = { model: m, hardware, chips, batch: 64, contextTokens: 8192, usdPerChipHour: 2 };
        const s = analyzeStep(o);
        const b = analyzeBatch({ ...o, batches: [1] });
        const crossover = solveCrossoverContext(prepareRoofline(o));
        rows.push(
          `| ${m.id} | ${id} ×${chips} | ${s.precisions.weights}/${s.precisions.compute} | ${r3(s.stepSeconds * 1e3)} | ${s.bound} | ${r3(s.tokensPerSecond)} | ${r3(s.usdPerMillionTokens)} | ${s.memory.fits ? "yes" : "no"} | ${r3(s.memory.maxBatch)} | ${r3(b.closedFormOptimalBatch)} | ${r3(b.optimalBatch)} | ${r3(b.latencyFloorSeconds * 1e3)} | ${r3(crossover)} |`,
        );
      }
    }
    check(
      "decode-b64-ctx8k.md",
      [
        "Decode, batch 64, context 8,192, $2/chip-hour, ideal efficiencies, released weight precision, BF16 KV.",
        "",
        "| model | system | weights/compute | step ms | bound | tokens/s | $/Mtok | fits | max batch | B* closed form | B exact | latency floor ms | crossover context |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
        ...rows,
        "",
      ].join("\n"),
    );
  });
});

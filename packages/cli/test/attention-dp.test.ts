/** `roofline step --attention-dp`: the attention data-parallel layout from the command line (efficiency/attention-dp.ts). */
import { describe, expect, it } from "vitest";
import { getHardware, getModel, prepareStep, stepFromSetup } from "@roofline/core";
import { runCli } from "./run-cli.ts";

const args = ["step", "-m", "deepseek-r1", "-H", "nvidia-b200-hgx", "-n", "8", "-b", "128", "-c", "1400", "--weights", "fp4", "--kv", "fp8"];

describe("roofline step --attention-dp", () => {
  it("prints the library's attention-DP step, says the layout, and echoes the input", async () => {
    const r = await runCli(...args, "--attention-dp", "8", "--json");
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as { expectedStepSeconds: number; stepSeconds: number; inputs: { id: string; value: unknown }[] };
    const lib = stepFromSetup(prepareStep({ model: getModel("deepseek-r1"), hardware: getHardware("nvidia-b200-hgx"), chips: 8, batch: 128, contextTokens: 1400, weightPrecision: "fp4", kvPrecision: "fp8", attentionDataParallel: 8 }));
    expect(j.expectedStepSeconds).toBeCloseTo(lib.expectedStepSeconds, 12);
    expect(j.stepSeconds).toBe(lib.stepSeconds);
    expect(j.inputs.find((x) => x.id === "attentionDataParallel")?.value).toBe(8);
    const text = await runCli(...args, "--attention-dp", "8", "--brief");
    expect(text.stdout).toMatch(/layout: attention data-parallel over 8 ranks of 1 chip/);
    expect(text.stdout).toMatch(/expert all-gather \+ reduce-scatter/);
  });
  it("without it the step is unchanged (one rank)", async () => {
    const a = JSON.parse((await runCli(...args, "--json")).stdout) as { expectedStepSeconds: number };
    const b = JSON.parse((await runCli(...args, "--attention-dp", "1", "--json")).stdout) as { expectedStepSeconds: number };
    expect(b.expectedStepSeconds).toBe(a.expectedStepSeconds);
  });
  it("ranks that do not divide the chips: exit 2, naming the flag and how to fix it", async () => {
    const r = await runCli(...args, "--attention-dp", "3");
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--attention-dp: got "3"\. Expected whole ranks dividing the 8 chips/);
    expect(r.stderr).toMatch(/To fix: choose --attention-dp 1 or 2 or 4 or 8\./);
  });
});

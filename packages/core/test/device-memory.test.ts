/**
 * HBM as the device reports it (efficiency/device-memory.ts): the serving engines size their KV cache against the
 * memory CUDA reports, not the marketed "GB". Where a device query is published (B200), `roofline validate` uses it
 * for the engine's memory budget; the catalog keeps the marketed capacity for the ideal's memory checks.
 */
import { describe, expect, it } from "vitest";
import { DEVICE_MEMORY, deviceMemoryBytes, getHardware, measurementFiles, measurementModel, prepareInferenceRow } from "../src/index.ts";

const GIB = 2 ** 30;
const MIB = 2 ** 20;

describe("device-reported memory", () => {
  it("B200: 178.35 GiB from the device query, between the marketed 180 GB and nvidia-smi's 183,359 MiB", () => {
    const b200 = getHardware("nvidia-b200-hgx");
    const d = deviceMemoryBytes(b200);
    expect(d?.value).toBe(178.35 * GIB);
    // the query's "GB" are GiB: read as 10^9 B it would sit 13 GB below nvidia-smi's total, as GiB 729 MiB below it
    expect(183_359 * MIB - 178.35 * GIB).toBeGreaterThan(0);
    expect(183_359 * MIB - 178.35 * GIB).toBeLessThan(1 * GIB);
    expect(183_359 * MIB - 178.35e9).toBeGreaterThan(12e9);
    // added beside the catalog's marketed capacity, not over it
    expect(b200.hbmBytes.value).toBe(180e9);
    expect(d?.value).toBeGreaterThan(b200.hbmBytes.value as number);
  });
  it("a chip without a published device query keeps the catalog's capacity", () => {
    expect(deviceMemoryBytes(getHardware("nvidia-h100-sxm5-80gb"))).toBeNull();
    for (const id of Object.keys(DEVICE_MEMORY)) expect(getHardware(id).id).toBe(id);
  });
  it("InferenceX's B200 SGLang FP8 TP4 8k/1k c32 run (--mem-fraction-static 0.95) holds all 32 clients in the device's memory (the marketed 180 GB held 11)", () => {
    const file = measurementFiles().find((f) => f.source.id === "inferencex");
    const row = file?.rows.find((r) => r.id === "inferencex/dsr1-b200-sglang-fp8-tp4-ep1-8192-1024-c32-tpot");
    if (!file || !row) throw new Error("row not found");
    const p = prepareInferenceRow(row, "inferencex", measurementModel);
    if (!("how" in p)) throw new Error(`skipped: ${JSON.stringify(p)}`);
    expect(p.how).toMatch(/replayed 32 at a time/);
    expect(p.how).toMatch(/memory: the device's 178\.35 GiB/);
    // Hand derivation of the budget: 0.95 × HBM for weights + KV, the weights 671.0B FP8 parameters over 4 chips.
    const weights = (measurementModel("deepseek-r1")?.totalParams ?? 0) / 4;
    expect(0.95 * 180e9 - weights).toBeLessThan(0.95 * 178.35 * GIB - weights - 10e9);
  });
});

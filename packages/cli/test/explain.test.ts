/** `roofline explain`: one name, one number; qualified names; the KV derivation down to its factors. */
import { describe, expect, it } from "vitest";
import { runCli } from "./run-cli.ts";

const crib = "examples/crib-70b-fp8.json";

describe("roofline explain", () => {
  it("explains a napkin file's own KV bytes per token, not the price sheet's balance point (regression)", async () => {
    const r = await runCli("explain", "kvBytesPerToken", "--model", crib, "--format", "json");
    expect(r.code).toBe(0);
    const d = JSON.parse(r.stdout);
    expect(d.value).toBe(163_840);
    expect(d.formulaId).toBe("kv.bytesPerTokenGiven");
    expect(d.inputs[0].originText).toContain("crib-70b-fp8.json: kvBytesPerToken");
    expect(r.stderr).toContain("worldmodel.kvBytesPerToken");
  });

  it("takes analysis.number for a number another analysis names alike", async () => {
    const r = await runCli("explain", "prices.impliedKvBytesPerToken", "--format", "json");
    expect(r.code).toBe(0);
    const d = JSON.parse(r.stdout);
    expect(d.formulaId).toBe("context.kvBytesPerTokenAtBalance");
    expect(d.value).toBeGreaterThan(1600);
    expect(d.value).toBeLessThan(1800);
  });

  it("matches names ignoring case, and suggests close names", async () => {
    const a = await runCli("explain", "STEPSECONDS", "--model", "llama-3.1-8b", "--hardware", "h100", "--chips", "1", "--format", "json");
    const b = await runCli("explain", "stepSeconds", "--model", "llama-3.1-8b", "--hardware", "h100", "--chips", "1", "--format", "json");
    expect(a.code).toBe(0);
    expect(JSON.parse(a.stdout).value).toBe(JSON.parse(b.stdout).value);
    const miss = await runCli("explain", "stepsecnds");
    expect(miss.code).toBe(2);
    expect(miss.stderr).toMatch(/Nearest: stepSeconds/);
  });

  it("refuses a bare name that means different numbers outside the roofline analyses, naming the choices", async () => {
    const r = await runCli("explain", "allReduceSeconds");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("layout.allReduceSeconds");
    expect(r.stderr).toContain("worldmodel.allReduceSeconds");
    const q = await runCli("explain", "layout.allReduceSeconds", "--depth", "0");
    expect(q.code).toBe(0);
  });

  it("derives a catalog model's KV bytes per token from layers × KV heads × head dims", async () => {
    const r = await runCli("explain", "kvBytesPerToken", "--model", "llama-3.1-70b", "--format", "json");
    const d = JSON.parse(r.stdout);
    expect(d.value).toBe(80 * 2 * 8 * 128 * 2);
    const values = d.children.find((c: { formulaId: string }) => c.formulaId === "kv.valuesPerTokenGqa");
    expect(Object.fromEntries(values.inputs.map((i: { name: string; value: number }) => [i.name, i.value]))).toEqual({ layers: 80, kvHeads: 8, headDimK: 128, headDimV: 128 });
    const mla = JSON.parse((await runCli("explain", "kvValuesPerToken", "--model", "deepseek-v3", "--format", "json")).stdout);
    expect(mla.formulaId).toBe("kv.valuesPerTokenMla");
    expect(mla.value).toBe(61 * (512 + 64));
  });

  it("checks --depth", async () => {
    for (const bad of ["-1", "1.5", "deep", "1e9"]) {
      const r = await runCli("explain", "stepSeconds", "--depth", bad);
      expect(r.code, bad).toBe(2);
      expect(r.stderr).toMatch(/--depth/);
    }
  });
});

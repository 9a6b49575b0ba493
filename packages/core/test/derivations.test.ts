/**
 * Derivations build their text (formatted values, origins, substituted arithmetic) when first read.
 * What a reader sees must not depend on that: JSON, copies (copyDerivation, withNotes, renamed) and
 * direct reads all give the same text, with the keys in the same order.
 */
import { describe, expect, it } from "vitest";
import { analyzeStep, copyDerivation, getHardware, getModel, renamed, withNotes, type Derivation } from "../src/index.ts";

function walk(d: Derivation, visit: (d: Derivation) => void): void {
  visit(d);
  for (const c of d.children) walk(c, visit);
}

describe("lazy derivation text", () => {
  const r = analyzeStep({ model: getModel("llama-3.1-70b"), hardware: getHardware("h100"), chips: 8, batch: 16, contextTokens: 8192 });
  const root = r.derivations["stepSeconds"] as Derivation;

  it("serialises to JSON with every formatted field present and equal to a direct read", () => {
    const json = JSON.parse(JSON.stringify(root)) as Derivation;
    const direct: Derivation[] = [];
    walk(root, (d) => direct.push(d));
    const parsed: Derivation[] = [];
    walk(json, (d) => parsed.push(d));
    expect(parsed.length).toBe(direct.length);
    expect(parsed.length).toBeGreaterThan(3);
    parsed.forEach((p, i) => {
      const d = direct[i] as Derivation;
      expect(p.display).toBe(d.display);
      expect(p.display).toMatch(/\d/);
      expect(p.substituted.text).toBe(d.substituted.text);
      expect(p.substituted.text).toContain("=");
      expect(p.inputs.length).toBe(d.inputs.length);
      p.inputs.forEach((inp, j) => {
        expect(inp.display).toBe(d.inputs[j]?.display);
        expect(inp.originText).toBe(d.inputs[j]?.originText);
        expect(inp.originText.length).toBeGreaterThan(0);
      });
    });
  });

  it("keeps the text, and the keys' order, through a copy (copyDerivation, renamed)", () => {
    const c = copyDerivation(root, { name: "other" });
    expect(c.substituted.text).toBe(root.substituted.text);
    expect(c.display).toBe(root.display);
    const json = JSON.parse(JSON.stringify(root)) as Record<string, unknown>;
    const copy = JSON.parse(JSON.stringify(renamed(root, "other", "Another title"))) as Record<string, unknown>;
    expect(Object.keys(copy)).toEqual(Object.keys(json));
    expect({ ...copy, name: json["name"], title: json["title"] }).toEqual(json);
  });

  it("keeps the text through withNotes", () => {
    const n = withNotes(root, "a note");
    expect(n.display).toBe(root.display);
    expect(n.substituted.text).toBe(root.substituted.text);
    expect(n.notes).toEqual([...root.notes, "a note"]);
    expect(root.notes).not.toContain("a note");
  });
});

describe("every number of a step result has a derivation", () => {
  /** Result field → the derivation that explains it (inputs echoed back, like chips and batch, excepted). */
  const FIELDS: Record<string, string> = {
    computeSeconds: "computeSeconds",
    weightReadSeconds: "weightReadSeconds",
    kvReadSeconds: "kvReadSeconds",
    memorySeconds: "memorySeconds",
    stepSeconds: "stepSeconds",
    tokensPerSecond: "tokensPerSecond",
    tokensPerSecondPerSequence: "tokensPerSecondPerSequence",
    usdPerMillionTokens: "usdPerMillionTokens",
    mfu: "mfu",
    mbu: "mbu",
    flopPerToken: "flopPerToken",
    weightBytesRead: "weightBytesRead",
    kvBytesRead: "kvBytesRead",
    expertsTouchedPerLayer: "expertsTouched",
    expectedStepSeconds: "expectedStepSeconds",
    expectedTokensPerSecond: "expectedTokensPerSecond",
    expectedTokensPerSecondPerSequence: "expectedTokensPerSecondPerSequence",
    expectedUsdPerMillionTokens: "expectedUsdPerMillionTokens",
    expectedOverIdeal: "expectedOverIdeal",
    "expectedBreakdown.denseSeconds": "expDenseSeconds",
    "expectedBreakdown.attentionSeconds": "expAttentionSeconds",
    "expectedBreakdown.fixedSeconds": "expFixedSeconds",
    "expectedBreakdown.commSeconds": "expCommSeconds",
    hbmDrainSeconds: "hbmDrainSeconds",
    "memory.weightBytes": "weightBytesResident",
    "memory.kvBytes": "kvBytesHeld",
    "memory.footprintBytes": "footprintBytes",
    "memory.capacityBytes": "capacityBytes",
    "memory.maxBatch": "maxBatch",
  };
  for (const model of ["deepseek-v3", "llama-3.1-70b", "gpt-oss-120b"]) {
    it(model, () => {
      const r = analyzeStep({ model: getModel(model), hardware: getHardware("b200"), chips: 8, batch: 32, contextTokens: 4096 });
      const read = (path: string): unknown => path.split(".").reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], r);
      for (const [field, name] of Object.entries(FIELDS)) {
        const value = read(field);
        if (value === null) continue; // a dense model touches no experts
        const d = r.derivations[name];
        expect(d, `${field} has no derivation ${name}`).toBeDefined();
        expect(field === "memory.maxBatch" ? Math.max(0, d?.value as number) : d?.value, field).toBe(value);
      }
      // and nothing numeric is left unlisted
      const numeric = Object.entries(r).filter(([, v]) => typeof v === "number").map(([k]) => k);
      const inputs = ["chips", "batch", "contextTokens", "passTokens"];
      expect(numeric.filter((k) => !inputs.includes(k) && !(k in FIELDS))).toEqual([]);
    });
  }
});

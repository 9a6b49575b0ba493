/**
 * vLLM's on-demand KV allocation with preemption by recompute, for one wave of identical requests: every request still
 * produces its whole output; a pool that holds them all at full length never preempts (the plain one-wave replay); a
 * smaller one preempts as they grow and prefills the preempted requests' tokens again. AMD's Llama-3.1-405B 128/4096
 * throughput rows (1,500 prompts, ~895 fit at full length) are replayed that way.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { measurementFiles, measurementModel, prepareInferenceRow, replayPreemptive, replayRequests } from "../src/index.ts";

describe("one wave with preemption by recompute", () => {
  it("every request produces its whole output, whatever the pool", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 64 }), fc.integer({ min: 1, max: 60 }), fc.integer({ min: 1, max: 40 }), fc.double({ min: 0.05, max: 2, noNaN: true }), (n, input, output, f) => {
        const cap = Math.max(input + output, Math.floor(f * n * (input + output)));
        const r = replayPreemptive(input, output, n, cap, n);
        expect(r.outputTokens).toBe(n * output);
        expect(r.inputTokens).toBe(n * input);
        // tokens held never exceed the pool: each decode step's batch × its context stays within it (one request always runs)
        expect(r.preempted).toBeGreaterThanOrEqual(0);
        expect(r.recomputedTokens).toBeGreaterThanOrEqual(r.preempted * input);
      }),
      { numRuns: 200 },
    );
  });

  it("a pool that holds every request at full length preempts nothing and matches the plain one-wave replay", () => {
    const n = 40;
    const [input, output] = [128, 300];
    const r = replayPreemptive(input, output, n, n * (input + output), n);
    const plain = replayRequests(Array(n).fill(input), Array(n).fill(output), n);
    expect(r.preempted).toBe(0);
    expect(r.recomputedTokens).toBe(0);
    expect(r.steps).toBe(plain.steps);
    expect(r.prefillSteps).toBe(plain.prefillSteps);
    expect(r.context).toBeCloseTo(plain.context, 9);
    expect(r.outputTokens).toBe(plain.outputTokens);
  });

  it("lockstep requests that outgrow the pool: those past what fits at full length are preempted once and recomputed", () => {
    const [n, input, output] = [100, 128, 1000];
    const fit = 60;
    const r = replayPreemptive(input, output, n, fit * (input + output), n);
    expect(r.preempted).toBe(n - fit);
    // each preempted request is prefilled again with its prompt and what it had generated
    expect(r.recomputedTokens).toBeGreaterThan((n - fit) * input);
    expect(r.recomputedTokens).toBeLessThan((n - fit) * (input + output));
    // more decode steps than one wave of `output` steps: the preempted requests finish afterwards
    expect(r.steps).toBeGreaterThan(output);
  });

  it("AMD's 405B 128/4096 rows are replayed with their preemptions; the 70B rows, which fit, are not", () => {
    const amd = measurementFiles().find((f) => f.source.id === "amd-rocm-performance");
    const rows = (amd?.rows ?? []).filter((r) => r.group === "e2e");
    expect(rows.length).toBeGreaterThan(10);
    for (const row of rows) {
      const p = prepareInferenceRow(row, "amd-rocm-performance", measurementModel);
      expect("reason" in p, row.id).toBe(false);
      if ("reason" in p) continue;
      const big = row.model === "llama-3.1-405b" && row.workload?.["outputTokens"] === 4096;
      expect(/preempts as they grow/.test(p.how), row.id).toBe(big);
      if (big) expect(p.run?.outputTokens).toBe(1500 * 4096);
    }
  });
});

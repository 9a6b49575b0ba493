/**
 * The serve input table: one definition for `roofline serve`'s flags and the Serving page's controls;
 * serveOptions turns values by input id into the analysis' options (lengths, SLOs in ms, arrivals,
 * classes as a mix), and refuses bad ones naming the input.
 */
import { describe, expect, it } from "vitest";
import { getHardware, getModel, INPUT_TABLES, joinClassMix, RooflineError, serveOptions, SERVE_INPUTS, splitClassMix, userGiven, type RooflineOptions } from "../src/index.ts";

const base: RooflineOptions = { model: getModel("llama-3.1-70b"), hardware: getHardware("h100"), chips: 8 };

function errorOf(f: () => unknown): RooflineError {
  try {
    f();
  } catch (e) {
    if (e instanceof RooflineError) return e;
    throw e;
  }
  throw new Error("expected a RooflineError");
}

describe("the serve input table", () => {
  it("is registered, with the step's shared inputs and serve's own, and the page's first URL keys as aliases", () => {
    expect(INPUT_TABLES).toContain(SERVE_INPUTS);
    for (const id of ["model", "hardware", "chips", "weightPrecision", "inputTokens", "outputTokens", "arrivalRate", "sloTtftMs", "sloTpotMs", "scheduler", "efficiency", "classMix", "targetRate"]) expect(SERVE_INPUTS.has(id), id).toBe(true);
    for (const id of ["batch", "contextTokens", "phase", "promptTokens"]) expect(SERVE_INPUTS.has(id), id).toBe(false);
    const aliases = SERVE_INPUTS.inputs.flatMap((d) => d.urlAliases ?? []);
    expect(aliases.sort()).toEqual(["x.in", "x.n", "x.out", "x.rate", "x.sched", "x.seed", "x.tpot", "x.ttft"]);
    expect(SERVE_INPUTS.get("chips").default).toBe(8);
    expect(SERVE_INPUTS.get("efficiency").default).toBe("expected");
  });
});

describe("serveOptions: values by input id → ServeOptions", () => {
  it("lengths, SLOs in ms, the rate, and expected step times by default", () => {
    const o = serveOptions(base, { inputTokens: "uniform:500:1500", outputTokens: "200", arrivalRate: userGiven(4, "--rate"), sloTtftMs: 2000, sloTpotMs: userGiven(50, "--slo-tpot-ms") });
    const c = o.workload.classes[0];
    expect(c?.input).toEqual({ kind: "uniform", min: 500, max: 1500 });
    expect(c?.sloTtftSeconds).toBe(2);
    expect(c?.sloTpotSeconds).toBe(0.05);
    expect(o.workload.arrivals).toEqual({ kind: "poisson", ratePerSecond: 4 });
    expect(o.stepTimes?.(base).label).toBe("expected");
    expect(serveOptions(base, { arrivalRate: 4, efficiency: "ideal" }).stepTimes?.(base).label).toBe("ideal");
    // Only the step's inputs reach the roofline options.
    expect(Object.keys(serveOptions({ ...base, inputTokens: "5" } as RooflineOptions, { arrivalRate: 4 }))).not.toContain("inputTokens");
  });

  it("a class mix: shares, lengths and SLOs per class; left-out fields take the inputs'", () => {
    const o = serveOptions(base, { arrivalRate: 4, sloTpotMs: 80, outputTokens: "300", classMix: "chat share=3 in=1000 ttft=2000 tpot=50; batch share=1 in=4k" });
    const [chat, batch] = o.workload.classes;
    expect(chat).toMatchObject({ name: "chat", share: 3, sloTtftSeconds: 2, sloTpotSeconds: 0.05, output: { kind: "fixed", tokens: 300 } });
    expect(batch).toMatchObject({ name: "batch", share: 1, sloTtftSeconds: null, sloTpotSeconds: 0.08, input: { kind: "fixed", tokens: 4000 } });
    const text = "chat share=3 in=uniform:500:1500 out=200; batch share=1 in=hist:128=0.3,2048=0.7";
    expect(joinClassMix(splitClassMix(text))).toBe(text);
  });

  it("bad values are one error naming the input", () => {
    const names = { arrivalRate: "--rate", concurrency: "--concurrency", classMix: "--class-mix", inputTokens: "--input-tokens", scheduler: "--scheduler" };
    const b = { ...base, names };
    expect(errorOf(() => serveOptions(b, {})).message).toMatch(/--rate/);
    expect(errorOf(() => serveOptions(b, { arrivalRate: 1, concurrency: "4" })).message).toMatch(/--rate\/--concurrency/);
    expect(errorOf(() => serveOptions(b, { arrivalRate: 1, inputTokens: "uniform:10" })).message).toMatch(/--input-tokens/);
    expect(errorOf(() => serveOptions(b, { arrivalRate: 1, scheduler: "fifo" })).message).toMatch(/--scheduler/);
    expect(errorOf(() => serveOptions(b, { arrivalRate: 1, classMix: "chat size=3" })).message).toMatch(/--class-mix \(chat\)/);
    expect(errorOf(() => serveOptions(b, { arrivalRate: 1, classMix: "a share=1; a share=2" })).message).toMatch(/distinct class names/);
    expect(errorOf(() => serveOptions(b, { arrivalRate: userGiven(-1, "--rate") })).message).toMatch(/--rate/);
  });
});


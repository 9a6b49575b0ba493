/**
 * Every failure the hostile-input report listed (issue 12), as a regression test: each ends in a
 * finite answer or one coded message with exit 2, quickly.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "./run-cli.ts";

const dir = mkdtempSync(join(tmpdir(), "roofline-hostile-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const CONFIGS = join(import.meta.dirname, "../../core/test/fixtures/configs");
const config = (name: string) => JSON.parse(readFileSync(join(CONFIGS, name), "utf8")) as Record<string, unknown>;
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

/** One error line, exit 2, no control characters, within 5 s of CPU (not wall-clock: the machine is shared). */
async function refused(argv: string[], pattern: RegExp, maxMs = 5000) {
  const c0 = process.cpuUsage();
  const r = await runCli(...argv);
  const c = process.cpuUsage(c0);
  const ms = (c.user + c.system) / 1000;
  expect(r.code, r.stdout.slice(0, 300) + r.stderr).toBe(2);
  const errors = r.stderr.split("\n").filter((l) => /^(roofline: )?error:/.test(l));
  expect(errors, r.stderr).toHaveLength(1);
  expect(errors[0]).toMatch(pattern);
  // eslint-disable-next-line no-control-regex
  expect(r.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
  expect(ms).toBeLessThan(maxMs);
  return r;
}

describe("hostile model files", () => {
  it("a DeepSeek-style config with num_experts_per_tok (300) above n_routed_experts is refused, not NaN", async () => {
    const p = file("ds-300.json", JSON.stringify({ ...config("deepseek-v2-lite.json"), num_experts_per_tok: 300 }));
    await refused(["step", "--model", p, "--brief"], /num_experts_per_tok: got "300"\. Expected at most the number of routed experts \(64\)/);
  });

  it("num_hidden_layers 1e8 and 1e9 are refused at once (they took 50 s and 8 GB, or aborted)", async () => {
    for (const n of [1e8, 1e9]) {
      const p = file(`layers-${n}.json`, JSON.stringify({ ...config("llama-2-7b.json"), num_hidden_layers: n }));
      await refused(["step", "--model", p, "--brief"], /num_hidden_layers: got "\d+"\. Expected a whole number ≥ 1 and ≤ 4,096 \(layers\)/, 1000);
    }
  });

  it("a 20,000-deep nested JSON file is refused, not a stack overflow", async () => {
    const p = file("deep.json", "[".repeat(20_000) + "]".repeat(20_000));
    await refused(["step", "--model", p], /nested at most 64 levels deep/);
    const q = file("deep-hw.json", '{"a":'.repeat(20_000) + "1" + "}".repeat(20_000));
    await refused(["step", "--hardware", q], /--hardware .*nested at most 64 levels deep/);
  });

  it("a FIFO as --model is refused without blocking; so is a directory", async () => {
    const fifo = join(dir, "fifo.json");
    execFileSync("mkfifo", [fifo]);
    await refused(["step", "--model", fifo], /--model: got ".*fifo\.json"\. Expected a regular JSON file \(not a directory, pipe or device\)/, 2000);
    await refused(["step", "--model", `${dir}/`], /Expected a regular JSON file/);
  });

  it("a file past 32 MB is refused before it is read", async () => {
    const p = file("huge.json", "{}");
    execFileSync("truncate", ["-s", "40M", p]);
    await refused(["step", "--model", p], /bytes\)"\. Expected a JSON file of at most 33,554,432 bytes/);
  });

  it("Nemotron-H's Infinity literal (time_step_limit) loads; Infinity in a used field is refused", async () => {
    const base = '"model_type":"llama","num_hidden_layers":32,"num_attention_heads":32,"intermediate_size":11008,"vocab_size":32000,"max_position_embeddings":4096';
    const ok = await runCli("step", "--model", file("inf.json", `{${base},"hidden_size":4096,"time_step_limit":[0.0, Infinity],"x":NaN}`), "--brief");
    expect(ok.code, ok.stderr).toBe(0);
    await refused(["step", "--model", file("inf-used.json", `{${base},"hidden_size":Infinity}`)], /hidden_size: got "Infinity"/);
  });
});

describe("hostile flags", () => {
  it("a 400-digit number is echoed as typed (shortened), never as null", async () => {
    const r = await refused(["step", "--batch", "9".repeat(400)], /--batch: got "9{60}… \(400 characters\)"/);
    expect(r.stderr).not.toMatch(/null|Infinity/);
  });

  it("--depth is checked, even with --brief", async () => {
    await refused(["step", "--depth", "1e9", "--brief"], /--depth: got "1e9"\. Expected a whole number of levels of derived inputs to expand, ≥ 0 and ≤ 20/);
    await refused(["batch", "--depth", "-1"], /--depth/);
  });

  it("numeric flags of worldmodel and specdec say what they expect (never 'a number of a number')", async () => {
    const wm = await refused(["worldmodel", "--layers", "5%"], /--layers: got "5%"\. Expected a whole number of layers, ≥ 1 and ≤ 10000/);
    expect(wm.stderr).not.toMatch(/a number of a number/);
    const sd = await refused(["specdec", "--draft-tokens", "abc"], /--draft-tokens: got "abc"\. Expected a whole number of drafted tokens per iteration, ≥ 1 and ≤ 64/);
    expect(sd.stderr).not.toMatch(/a number of a number/);
  });

  it("terminal escape codes in values, unknown options and ids are escaped", async () => {
    await refused(["step", "--weights", "\u001b[2J\u001b[H"], /--weights: got "\\x1b\[2J\\x1b\[H"/);
    await refused(["step", "--model", "\u001b]0;pwned\u0007"], /\\x1b\]0;pwned\\x07/);
    await refused(["step", "--\u001b[31mred"], /unknown option '--\\x1b\[31mred'/);
  });

  it("a 10,000-character id is shortened and answered quickly", async () => {
    await refused(["explain", "x".repeat(10_000)], /… \(10,000 characters\)|x{20}/, 1500);
  });

  it("catalog usage errors exit 2 with one message", async () => {
    await refused(["catalog"], /catalog: missing\. Expected a subcommand: hardware, models, tiers or show <id>/);
    await refused(["catalog", "show"], /missing required argument 'id'/);
    await refused(["catalog", "modles"], /catalog: unknown id got "modles"\. Expected a subcommand: hardware, models, tiers or show <id>\. Nearest: models\./);
    await refused(["catalog", "models", "--bogus"], /unknown option '--bogus'/);
  });
});

describe("sizes that were unbounded", () => {
  it("layout --racks 1000000 is refused with the largest system the engine places (it printed 54 MB)", async () => {
    await refused(["layout", "--racks", "1000000"], /--racks: got "1000000"\. Expected a whole number of scale-up domains of 72 chips \(at most 13888: 1e6 chips in all\)/);
  });

  it("a large but allowed system draws 32 racks and counts the rest", async () => {
    const r = await runCli("layout", "--racks", "2000", "--brief");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/… 1968 more racks \(0 of their 141696 chips used\) not drawn/);
    expect(r.stdout.length).toBeLessThan(200_000);
  });

  it("layout -P 61 --micro-batches 1500 is refused with the schedule's limit (it overflowed the stack); within it, it answers", async () => {
    await refused(["layout", "-P", "61", "--micro-batches", "1500"], /microBatches: got "1500 micro-batches × 61 stages"\. Expected at most 65,536 stage-slots per iteration \(stages × micro-batches\)\. Fewer micro-batches/);
    const r = await runCli("layout", "-P", "61", "--micro-batches", "1000", "--brief");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toMatch(/NaN|Infinity/);
  });
});

describe("suspicious but legal input warns once", () => {
  it("a price sheet whose long-context tier is cheaper", async () => {
    const p = file("cheaper.json", JSON.stringify({ model: "m", inputUsdPerMillionTokens: 2.5, outputUsdPerMillionTokens: 15, longContext: { thresholdTokens: 200_000, inputUsdPerMillionTokens: 1.25, outputUsdPerMillionTokens: 10 } }));
    const r = await runCli("prices", "--prices", p, "--brief");
    expect(r.code, r.stderr).toBe(0);
    const warnings = r.stderr.split("\n").filter((l) => l.includes("long-context tier"));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/cheaper than the base price \(input \$1\.25\/Mtok < \$2\.5\/Mtok; output \$10\/Mtok < \$15\/Mtok\)/);
  });

  it("a context past the model's maximum", async () => {
    const r = await runCli("step", "--model", "llama-3.1-8b", "--context", "1M", "--brief");
    expect(r.code, r.stderr).toBe(0);
    const warnings = r.stderr.split("\n").filter((l) => l.includes("maximum context"));
    expect(warnings).toEqual(["warning: --context 1000000 is past Llama 3.1 8B's maximum context of 131072 tokens: the numbers are what the hardware would do, not what the model supports."]);
  });

  it("a file named like a catalog id: the catalog id is used and the warning says so", async () => {
    const cwd = process.cwd();
    const here = mkdtempSync(join(tmpdir(), "roofline-cwd-"));
    try {
      writeFileSync(join(here, "h100"), JSON.stringify({ name: "fake", flopsPerSecond: 1e12, memoryBandwidthBytesPerSecond: 1e9, memoryCapacityBytes: 1e9 }));
      process.chdir(here);
      const r = await runCli("step", "--hardware", "h100", "--brief");
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toMatch(/warning: --hardware h100: both a catalog hardware id and a file of that name exist; using the catalog id \(write \.\/h100 for the file\)\./);
      expect(r.stdout).toMatch(/H100/);
      const f = await runCli("step", "--hardware", "./h100", "--brief");
      expect(f.code, f.stderr).toBe(0);
      expect(f.stdout).toMatch(/fake/);
    } finally {
      process.chdir(cwd);
      rmSync(here, { recursive: true, force: true });
    }
  });
});

describe("found by the fuzzer", () => {
  it("validate --measurements naming a file, not a folder, is one coded message (it was exit 70)", async () => {
    const r = await runCli("validate", "--measurements", "README.md", "--brief");
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--measurements/);
    expect(r.stderr).not.toMatch(/internal error/);
  });

  it("layout --data-parallel 1024 --json lists 32 racks and counts the rest (it printed 25 MB); a layout past a million chips is refused (it ran out of memory)", async () => {
    const r = await runCli("layout", "--data-parallel", "1024", "--json");
    expect(r.code).toBe(0);
    expect(r.stdout.length).toBeLessThan(16 * 1024 * 1024);
    const j = JSON.parse(r.stdout) as { placement: unknown[]; placementNotListed: { racks: number; chipsUsed: number }; chips: { total: number } };
    expect(j.placement).toHaveLength(32);
    expect(j.placementNotListed.racks + 32).toBeGreaterThanOrEqual(1024);
    expect(j.placementNotListed.chipsUsed).toBe(j.chips.total - 32 * 64);
    await refused(["layout", "--data-parallel", "1000000", "--brief"], /--data-parallel: got "1000000"\. Expected a layout of at most 1,000,000 chips: R × P × E × T = 1000000 × 1 × 64 × 1 = 64,000,000 chips/);
  });

  it("serve with 10 million output tokens per request is refused up front (it stepped 10 million decode iterations for 30–70 s)", async () => {
    await refused(["serve", "--model", "gpt-oss-120b", "--hardware", "b200", "--rate", "1", "--output-tokens", "10000000", "--input-tokens", "1", "--brief"], /--output-tokens: got "10,000,000 decode iterations"\. Expected at most 1,000,000 decode iterations to simulate/);
    const trace = file("long-outputs.jsonl", Array.from({ length: 5 }, (_, i) => `{"arrivalSeconds":${i},"inputTokens":1,"outputTokens":10000000}`).join("\n"));
    await refused(["serve", "--model", "gpt-oss-120b", "--hardware", "b200", "--trace", trace, "--brief"], /decode iterations/);
  });

  it("serve --trace reads regular files of at most 64 MiB: a FIFO is refused without blocking, a larger file before it is read", async () => {
    const fifo = join(dir, "trace.fifo");
    execFileSync("mkfifo", [fifo]);
    await refused(["serve", "--trace", fifo, "--brief"], /--trace: got ".*trace\.fifo"\. Expected a regular JSON Lines file \(not a directory, pipe or device\)/);
    const big = file("big.jsonl", "");
    execFileSync("truncate", ["-s", String(65 * 1024 * 1024), big]);
    await refused(["serve", "--trace", big, "--brief"], /--trace: got ".*big\.jsonl \(68,157,440 bytes\)"\. Expected a JSON Lines file of at most 67,108,864 bytes/);
  });

  it("kv-tiers at a $0 chip-hour is refused: the tiers are compared by cost (it printed 'recompute ÷ stored = NaN×')", async () => {
    await refused(["kv-tiers", "--model", "llama-3.1-405b", "--usd-per-hour", "0", "--brief"], /--usd-per-hour: got "0"\. Expected .*above 0/);
  });

  it("prefill at a $0 (or −0) chip-hour gives the decode ÷ prefill ratio from throughputs (it printed NaN×)", async () => {
    for (const usd of ["0", "-0"]) {
      const r = await runCli("prefill", "--usd-per-hour", usd, "--brief");
      expect(r.code).toBe(0);
      expect(r.stdout).not.toMatch(/NaN|Infinity/);
      expect(r.stdout).toMatch(/decode ÷ prefill cost per token\s+\d/);
    }
  });

  it("every command with --usd-per-hour answers at $0 without NaN or Infinity; modes refuses it (it printed 'NaN× price')", async () => {
    for (const argv of [["step"], ["batch"], ["context"], ["prefill"], ["train"], ["layout"], ["operators"], ["train-step"]]) {
      const r = await runCli(...argv, "--usd-per-hour", "0", "--brief");
      expect(r.code, argv.join(" ")).toBe(0);
      expect(r.stdout, argv.join(" ")).not.toMatch(/(^|[^A-Za-z_])(NaN|-?Infinity(?! Fabric))([^A-Za-z_]|$)/m);
    }
    await refused(["modes", "--usd-per-hour", "0", "--brief"], /--usd-per-hour: got "0"\. Expected .*above 0/);
  });

  it("search --explain all --json is refused past 3 explained layouts (it was an internal error: a string past V8's limit); 3 stay under 32 MB", async () => {
    await refused(["search", "--usd-per-hour", "100", "--explain", "all", "--json"], /--explain: got .*all.*\. Expected at most 3 layouts with --json/);
    const r = await runCli("search", "--collective-latency-us", "1M", "--usd-per-hour", "100", "--explain", "0,1,2", "--json");
    expect(r.code).toBe(0);
    expect(r.stdout.length).toBeLessThan(32 * 1024 * 1024);
    expect((JSON.parse(r.stdout) as { explained: unknown[] }).explained).toHaveLength(3);
  });

  it("a magnitude below 1e-30 is refused for every numeric flag, as a typo for 0 (specdec --acceptance 1e-300 printed 1e-300; train --mfu 1e-300 printed 1.73e+307 chip-hours; 17 flags did so); 0 stays allowed", async () => {
    await refused(["specdec", "--acceptance", "1e-300", "--brief"], /--acceptance: got "1e-300"\. Expected .*a magnitude below 1e-30 is no physical input/);
    // (--mfu has its own physical minimum now; either refusal names the flag and the value)
    await refused(["train", "--mfu", "1e-300", "--brief"], /--mfu: got "1e-300"\. Expected/);
    // serve's rate has a physical range (1e-6 to 1e9 requests/s) that refuses it first.
    await refused(["serve", "--rate", "1e-300", "--brief"], /--rate: got "1e-300"\..*(a magnitude below 1e-30|≥ 0.000001 and ≤ 1e9)/);
    // layout's scale-up bandwidth has a physical range now (its input table: 1e6 to 1e17 B/s) that refuses it first.
    await refused(["layout", "--scale-up-bandwidth", "1e-300", "--brief"], /--scale-up-bandwidth: got "1e-300"\..*(a magnitude below 1e-30|≥ 1000000 and ≤ 1e17)/);
    const r = await runCli("specdec", "--acceptance", "0", "--brief");
    expect(r.code).toBe(0);
  });
});

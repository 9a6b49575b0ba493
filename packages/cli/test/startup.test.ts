/**
 * How the two entry points start: the compiled CLI (bin/roofline.js runs dist/main.mjs, rebuilt when
 * stale) gives what the sources give, and `npm start` parses its port and moves off a taken one.
 */
import { spawnSync } from "node:child_process";
import { createServer, type Server } from "node:net";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./run-cli.ts";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const node = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, args, { cwd: root, encoding: "utf8", env: { ...process.env, ...env }, timeout: 60_000, maxBuffer: 64 * 1024 * 1024 });

describe("the compiled CLI", () => {
  it("prints the same JSON as the TypeScript sources", async () => {
    const args = ["step", "--model", "llama-3.1-70b", "--hardware", "h100", "--chips", "8", "--batch", "16", "--json"];
    const compiled = node(["packages/cli/bin/roofline.js", ...args]);
    expect(compiled.status).toBe(0);
    const inProcess = await runCli(...args);
    expect(JSON.parse(compiled.stdout)).toEqual(JSON.parse(inProcess.stdout));
  });

  it("exits 2 with one message on bad input", () => {
    const r = node(["packages/cli/bin/roofline.js", "step", "--batch", "0"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--batch/);
    expect(r.stderr).not.toMatch(/at .*\.(m?js|ts):\d+/);
  });
});

describe("npm start's port", () => {
  let server: Server;
  let taken = 0;
  beforeAll(async () => {
    server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const a = server.address();
    taken = typeof a === "object" && a ? a.port : 0;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const parse = (argv: string[], env: Record<string, string> = {}) =>
    node(["--input-type=module", "-e", `import { requestedPort } from "./scripts/ports.mjs"; console.log(JSON.stringify(requestedPort(${JSON.stringify(argv)}, process.env)));`], env);

  it("reads --port N, --port=N and PORT, flag first", () => {
    expect(JSON.parse(parse(["--port", "4300"]).stdout).port).toBe(4300);
    expect(JSON.parse(parse(["--port=4301"]).stdout).port).toBe(4301);
    expect(JSON.parse(parse([], { PORT: "4302" }).stdout).port).toBe(4302);
    expect(JSON.parse(parse(["--port", "4303"], { PORT: "4302" }).stdout).port).toBe(4303);
    expect(JSON.parse(parse([], { PORT: "" }).stdout).port).toBe(4173);
  });

  it("refuses a bad port with exit 2 and says what it wants", () => {
    for (const args of [["--port", "abc"], ["--port", "0"], ["--port", "70000"], ["--colour"]]) {
      const r = node(["scripts/serve.mjs", ...args]);
      expect(r.status, args.join(" ")).toBe(2);
      expect(r.stderr).toMatch(/^npm start: /);
      expect(r.stderr).not.toMatch(/TypeError|at .*:\d+:\d+/);
    }
  });

  it("moves to the next free port when the one asked for is taken", () => {
    const r = node(["--input-type=module", "-e", `import { firstFreePort } from "./scripts/ports.mjs"; console.log(await firstFreePort(${taken}));`]);
    expect(r.status).toBe(0);
    const port = Number(r.stdout.trim());
    expect(port).toBeGreaterThan(taken);
  });
});

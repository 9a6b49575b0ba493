#!/usr/bin/env node
// Set-up for a fresh clone, run before `npm start` and `npm test`: installs the npm dependencies if
// they are missing or stale, compiles the CLI, and (with --browser) Debian's Chromium for the browser tests.
// Plain Node, no dependencies: it runs before anything is installed.
import { execSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";

const run = (cmd) => {
  console.log(`[setup] ${cmd}`);
  execSync(cmd, { stdio: "inherit" });
};

const lock = "package-lock.json";
const marker = "node_modules/.package-lock.json";
const stale = !existsSync(marker) || (existsSync(lock) && statSync(lock).mtimeMs > statSync(marker).mtimeMs + 1000);
if (stale) run(existsSync(lock) ? "npm ci --no-audit --no-fund" : "npm install --no-audit --no-fund");

// The CLI runs as compiled JavaScript (packages/cli/build.mjs; rebuilt only when a source changed).
run("node packages/cli/build.mjs");

if (process.argv.includes("--browser")) {
  const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  if (!existsSync(chromium)) {
    const sudo = process.getuid && process.getuid() === 0 ? "" : "sudo ";
    try {
      run(`${sudo}apt-get update -qq`);
      run(`${sudo}env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium`);
    } catch {
      console.error("[setup] could not install Chromium with apt-get; the browser tests need /usr/bin/chromium (or CHROMIUM_PATH).");
      process.exit(1);
    }
  }
}

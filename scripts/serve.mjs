#!/usr/bin/env node
/**
 * `npm start`: builds the web app and serves it on 127.0.0.1. The port is the first of
 * `--port N` / `--port=N`, the PORT environment variable, or 4173; when it is taken, the next free
 * port is used and the address printed says which.
 *
 *   npm start                    PORT=4300 npm start                npm start -- --port 4300
 */
import { spawn, spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { firstFreePort, HOST, requestedPort, UsageError } from "./ports.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const web = join(root, "packages", "web");
const vite = join(root, "node_modules", "vite", "bin", "vite.js");

let port;
try {
  const req = requestedPort(process.argv.slice(2), process.env);
  if (req.help) {
    console.log("usage: npm start [-- --port N]   or   PORT=N npm start   (default 4173; a taken port moves to the next free one)");
    process.exit(0);
  }
  port = await firstFreePort(req.port);
  if (port !== req.port) console.log(`npm start: port ${req.port} is taken; using ${port}`);
} catch (e) {
  if (!(e instanceof UsageError)) throw e;
  console.error(`npm start: ${e.message}`);
  process.exit(2);
}

const built = spawnSync(process.execPath, [vite, "build"], { cwd: web, stdio: "inherit" });
if (built.status !== 0) process.exit(built.status ?? 1);
console.log(`\nroofline: http://${HOST}:${port}/\n`);
const server = spawn(process.execPath, [vite, "preview", "--host", HOST, "--port", String(port), "--strictPort"], { cwd: web, stdio: "inherit" });
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => server.kill(sig));
server.on("exit", (code) => process.exit(code ?? 0));

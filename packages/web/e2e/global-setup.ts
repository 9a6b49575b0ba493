/**
 * Builds the web app and serves it (vite preview) on a free 127.0.0.1 port for the e2e project; the
 * tests read the address with inject("baseUrl"). Torn down after the run.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build, preview } from "vite";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

const root = fileURLToPath(new URL("..", import.meta.url));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.unref();
    s.on("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const addr = s.address();
      s.close(() => (typeof addr === "object" && addr ? resolve(addr.port) : reject(new Error("no port"))));
    });
  });
}

export default async function setup(project: TestProject) {
  // A private output folder: another checkout's `npm start` or test run may rebuild dist/ meanwhile.
  const outDir = mkdtempSync(join(tmpdir(), "roofline-web-"));
  await build({ root, configFile: `${root}vite.config.ts`, logLevel: "warn", build: { outDir, emptyOutDir: true } });
  const port = await freePort();
  const server = await preview({ root, configFile: `${root}vite.config.ts`, logLevel: "warn", build: { outDir }, preview: { host: "127.0.0.1", port, strictPort: true, open: false } });
  project.provide("baseUrl", `http://127.0.0.1:${port}/`);
  return async () => {
    await server.close();
    rmSync(outDir, { recursive: true, force: true });
  };
}

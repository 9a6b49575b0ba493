/**
 * Compiles the CLI (TypeScript sources of @roofline/cli and @roofline/core) into one ES module,
 * packages/cli/dist/main.mjs, so that `roofline …` starts in plain Node instead of compiling
 * TypeScript at every start. Run by the set-up (scripts/setup.mjs) and by bin/roofline.js whenever a
 * source is newer than the build. commander stays an import (it is plain JavaScript in node_modules).
 *
 *   node packages/cli/build.mjs          # builds if stale; --force rebuilds
 */
import { readdirSync, renameSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
export const OUTFILE = join(here, "dist", "main.mjs");
const SOURCES = [join(here, "src"), join(here, "..", "core", "src")];

function newestMtime(dir) {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestMtime(p));
    else if (e.isFile()) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

/** True when dist/main.mjs is missing or older than any source file. */
export function isStale() {
  let built;
  try {
    built = statSync(OUTFILE).mtimeMs;
  } catch {
    return true;
  }
  return SOURCES.some((d) => newestMtime(d) > built);
}

/** Bundles the CLI; writes a temporary file and renames it, so concurrent runs never see half a file. */
export async function build() {
  const { build: esbuild } = await import("esbuild");
  const tmp = `${OUTFILE}.${process.pid}.tmp`;
  await esbuild({
    entryPoints: [join(here, "src", "main.ts")],
    outfile: tmp,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    external: ["commander"],
    logLevel: "warning",
    legalComments: "none",
  });
  renameSync(tmp, OUTFILE);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  if (process.argv.includes("--force") || isStale()) {
    await build();
    console.log(`[build] ${OUTFILE}`);
  }
}

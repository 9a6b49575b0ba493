#!/usr/bin/env node
// Runs the compiled CLI (dist/main.mjs, see ../build.mjs). A build older than any source is rebuilt
// first (about 0.2 s); if it cannot be built, the TypeScript sources run through tsx instead.
import { build, isStale, OUTFILE } from "../build.mjs";

let compiled = true;
if (isStale()) {
  try {
    await build();
  } catch (e) {
    compiled = false;
    if (process.env["ROOFLINE_DEBUG"]) process.stderr.write(`roofline: could not build the CLI (${e.message}); running the sources through tsx\n`);
  }
}
if (compiled) {
  await import(OUTFILE);
} else {
  const { register } = await import("tsx/esm/api");
  register();
  await import("../src/main.ts");
}

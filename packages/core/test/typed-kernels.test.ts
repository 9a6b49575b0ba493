/**
 * Typed graph nodes: a kernel takes its output buffer as it is (Kernel accepts a Float64Array), so no
 * source or test casts one through `unknown` to a number. Scans every TypeScript file of the packages.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = new URL("../../", import.meta.url).pathname;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (name === "node_modules" || name === "dist") return [];
    return statSync(p).isDirectory() ? files(p) : /\.tsx?$/.test(name) ? [p] : [];
  });
}

describe("typed graph nodes", () => {
  it("no file casts a value through unknown to a number", () => {
    const cast = ["as unknown", "as number"].join(" ");
    const hits = files(ROOT).filter((f) => readFileSync(f, "utf8").includes(cast)).map((f) => f.slice(ROOT.length));
    expect(hits).toEqual([]);
  });
});

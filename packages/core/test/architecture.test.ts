/**
 * The core is pure: no runtime dependencies, no Node or DOM APIs, and it imports nothing from the CLI
 * or the web app (arrows point inward).
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const coreDir = fileURLToPath(new URL("..", import.meta.url));
const srcDir = join(coreDir, "src");

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith(".ts") ? [p] : [];
  });
}

describe("the core is pure", () => {
  const files = sources(srcDir);
  it("declares no runtime dependencies", () => {
    const pkg = JSON.parse(readFileSync(join(coreDir, "package.json"), "utf8"));
    expect(pkg.dependencies ?? {}).toEqual({});
  });
  for (const file of files) {
    it(`${relative(coreDir, file)} imports only core modules`, () => {
      const text = readFileSync(file, "utf8");
      const imports = [...text.matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s+["']([^"']+)["']/g)].map((m) => m[1] as string);
      for (const spec of imports) {
        expect(spec.startsWith("."), `${spec} in ${relative(coreDir, file)}`).toBe(true);
        expect(spec).not.toMatch(/packages\/(cli|web)|@roofline\/(cli|web)/);
      }
      // Node and DOM APIs (prose such as "the window." in comments and strings is fine).
      expect(text).not.toMatch(/\brequire\(|\bprocess\.(env|argv|exit|stdout|stderr|cwd)\b|\bdocument\.(createElement|querySelector|body)\b|\bwindow\.(location|addEventListener)\b|from "node:/);
    });
  }
});

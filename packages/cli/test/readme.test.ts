/**
 * The README shows the CLI at work. Each `$ npx roofline …` line of its console blocks is run, and
 * every output line shown under it must appear in today's output, in order ("…" stands for anything:
 * a whole line of it for skipped lines, inside a line for a shortened part). A README that drifts from
 * what the tool prints fails here.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { runCli } from "./run-cli.ts";

const readme = readFileSync(new URL("../../../README.md", import.meta.url), "utf8");

interface Shown {
  command: string;
  argv: string[];
  lines: string[];
}

/** Splits a command line as a POSIX shell would for the simple quoting the README uses. */
function words(line: string): string[] {
  const out: string[] = [];
  const re = /"([^"]*)"|'([^']*)'|(\S+)/g;
  for (let m = re.exec(line); m; m = re.exec(line)) out.push(m[1] ?? m[2] ?? m[3] ?? "");
  return out;
}

function shownCommands(text: string): Shown[] {
  const shown: Shown[] = [];
  for (const block of text.matchAll(/```console\n([\s\S]*?)```/g)) {
    let current: Shown | null = null;
    for (const raw of (block[1] ?? "").split("\n")) {
      const line = raw.trimEnd();
      const cmd = /^\$ npx roofline(.*)$/.exec(line);
      if (cmd) {
        const args = (cmd[1] ?? "").replace(/\s+#.*$/, "").trim();
        current = { command: `roofline ${args}`, argv: words(args), lines: [] };
        shown.push(current);
      } else if (current && line !== "") current.lines.push(line);
    }
  }
  return shown;
}

function matcher(line: string): RegExp {
  const parts = line.trim().split("…").map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/\s+/g, "\\s+"));
  return new RegExp(`^${parts.join(".*")}$`);
}

const commands = shownCommands(readme);

describe("README console blocks", () => {
  it("has commands to check", () => {
    expect(commands.length).toBeGreaterThan(10);
  });

  for (const c of commands) {
    it(c.command, async () => {
      const r = await runCli(...c.argv);
      expect(r.code, r.stderr).toBe(0);
      const actual = r.stdout.split("\n").map((l) => l.trim());
      let at = 0;
      for (const line of c.lines) {
        if (line.trim() === "…") continue;
        const re = matcher(line);
        const found = actual.findIndex((l, i) => i >= at && re.test(l));
        expect(found, `README shows "${line.trim()}" under \`${c.command}\`, which today prints:\n${r.stdout}`).toBeGreaterThanOrEqual(0);
        at = found + 1;
      }
    });
  }
});

/** Runs the roofline CLI in-process (packages/cli/src/main.ts) and captures its output. */
import { main } from "../../cli/src/main.ts";

export async function cli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((c: string | Uint8Array) => ((stdout += typeof c === "string" ? c : Buffer.from(c).toString()), true)) as typeof process.stdout.write;
  process.stderr.write = ((c: string | Uint8Array) => ((stderr += typeof c === "string" ? c : Buffer.from(c).toString()), true)) as typeof process.stderr.write;
  try {
    const code = await main(argv);
    return { code, stdout, stderr };
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
  }
}

export async function cliJson<T = Record<string, unknown>>(...argv: string[]): Promise<T> {
  const r = await cli(...argv);
  if (r.code !== 0) throw new Error(`roofline ${argv.join(" ")} exited ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}

/**
 * The port `npm start` serves on: parsed from `--port N` / `--port=N` / PORT, and moved to the next
 * free port when taken. Plain Node, so that scripts/serve.mjs runs before anything is built.
 */
import { createServer } from "node:net";

export const HOST = "127.0.0.1";
export const DEFAULT_PORT = 4173;

/** A usage error with the message to print (exit 2). */
export class UsageError extends Error {}

/** `{ port, help }` from the arguments after `npm start --` and the environment. */
export function requestedPort(argv, env) {
  let text;
  let from;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--port" || a === "-p") {
      text = argv[i + 1];
      from = a;
      i++;
    } else if (a.startsWith("--port=")) {
      text = a.slice("--port=".length);
      from = "--port";
    } else if (a === "--help" || a === "-h") {
      return { port: DEFAULT_PORT, help: true };
    } else throw new UsageError(`unknown argument "${String(a).slice(0, 40)}": the only option is --port N (a whole number 1–65535)`);
  }
  if (text === undefined && env.PORT !== undefined && env.PORT !== "") {
    text = env.PORT;
    from = "PORT";
  }
  if (text === undefined) return { port: DEFAULT_PORT, help: false };
  const t = String(text).trim();
  const port = Number(t);
  if (!/^\d+$/.test(t) || port < 1 || port > 65535) {
    throw new UsageError(`${from} must be a whole number from 1 to 65535, got "${t.slice(0, 40)}"`);
  }
  return { port, help: false };
}

function isFree(port, host) {
  return new Promise((resolve) => {
    const s = createServer();
    s.once("error", () => resolve(false));
    s.listen(port, host, () => s.close(() => resolve(true)));
  });
}

/** The first free port from `start` (up to 100 above it). */
export async function firstFreePort(start, host = HOST) {
  const last = Math.min(65535, start + 100);
  for (let p = start; p <= last; p++) if (await isFree(p, host)) return p;
  throw new UsageError(`no free port from ${start} to ${last} on ${host}`);
}

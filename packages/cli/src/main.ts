/**
 * roofline — the blackboard math of AI infrastructure, on the command line.
 * A thin layer over @roofline/core: parse flags, call the engine, print.
 */
import { isRooflineError, quoteValue, RooflineError } from "@roofline/core";
import { Command, CommanderError } from "commander";
import { batchCommand, contextCommand, prefillCommand } from "./commands/analyses.ts";
import { catalogCommand } from "./commands/catalog.ts";
import { explainCommand } from "./commands/explain.ts";
import { seedsCommand } from "./commands/seeds.ts";
import { stepCommand } from "./commands/step.ts";
import { extraCommands } from "./commands/registry.ts";
import { cliMessage, jsonInputs } from "./inputs.ts";
import { setJsonOptions } from "./output.ts";

export const VERSION = "0.1.0";

/** Commander echoes unknown options and arguments as typed: escape what a terminal would act on, and shorten. */
function escapeControls(s: string): string {
  // eslint-disable-next-line no-control-regex
  const escaped = s.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`);
  return escaped.replace(/'([^'\n]{200})[^'\n]+'/g, "'$1…'");
}

export function buildProgram(): Command {
  const program = new Command("roofline")
    .description(
      "The blackboard math of AI infrastructure for real models on real hardware: compute time vs memory time, and everything that follows from them. Every number explains itself.",
    )
    .version(VERSION, "-V, --version")
    .showHelpAfterError("(run with --help for usage)")
    .configureOutput({ writeErr: (s) => process.stderr.write(escapeControls(s)), outputError: (s, write) => write(escapeControls(s)) });
  for (const c of [stepCommand(), batchCommand(), contextCommand(), prefillCommand(), explainCommand(), catalogCommand(), seedsCommand(), ...extraCommands()]) program.addCommand(c);
  // Every command and subcommand (catalog show…) reports usage errors by throwing, never process.exit(1).
  const override = (c: Command) => {
    c.exitOverride();
    // A command made only of subcommands (lecture, catalog…), given none: one usage error, not a help page.
    if (c !== program && c.commands.length > 0 && !(c as unknown as { _actionHandler: unknown })._actionHandler) {
      const subs = c.commands.map((s) => s.name());
      c.argument("[subcommand]").action((sub: string | undefined) => {
        throw new RooflineError({
          code: sub === undefined ? "missing-field" : "unknown-id",
          field: c.name(),
          ...(sub === undefined ? {} : { value: quoteValue(sub) }),
          expected: `a subcommand: ${subs.join(", ")}`,
          hint: `Run \`roofline ${c.name()} --help\` for each one.`,
        });
      });
    }
    c.configureOutput({ writeErr: (s) => process.stderr.write(escapeControls(s)), outputError: (s, write) => write(escapeControls(s)) });
    for (const sub of c.commands) override(sub);
  };
  override(program);
  // `--json` echoes the inputs of every command whose flags come from an input table, and prints
  // derivations with their derived inputs named (whole trees with --derivations full).
  program.hook("preAction", (_program, action) => setJsonOptions({ inputs: jsonInputs(action), fullDerivations: String(action.opts()["derivations"] ?? "").trim().toLowerCase() === "full" }));
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  setJsonOptions({ inputs: null, fullDerivations: false });
  try {
    await program.parseAsync(argv, { from: "user" });
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      // help and version exit with 0; usage errors have been printed by commander
      return e.exitCode === 0 || e.code === "commander.helpDisplayed" || e.code === "commander.version" ? 0 : 2;
    }
    if (isRooflineError(e)) {
      process.stderr.write(`roofline: error: ${cliMessage(e.details)}\n`);
      return 2;
    }
    process.stderr.write(`roofline: internal error: ${(e as Error).message}\nThis is a bug; rerun with ROOFLINE_DEBUG=1 for the stack trace.\n`);
    if (process.env["ROOFLINE_DEBUG"]) process.stderr.write(`${(e as Error).stack}\n`);
    return 70;
  }
}

const invokedDirectly = process.argv[1] && /roofline(\.js)?$|main\.ts$/.test(process.argv[1]);
if (invokedDirectly) {
  // A reader that stops early (`roofline validate | head`) closes the pipe: stop quietly, as Unix tools do.
  process.stdout.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code === "EPIPE") process.exit(0);
    throw e;
  });
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}

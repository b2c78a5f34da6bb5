import { Command, CommanderError } from "commander";
import { checklistCommands } from "./commands/checklist";
import { importCommands } from "./commands/import";
import { loginCommands } from "./commands/login";
import { metricsCommands } from "./commands/metrics";
import { modelCommands } from "./commands/models";
import { promotionCommands } from "./commands/promotions";
import { referenceCommands } from "./commands/reference";
import { versionCommands } from "./commands/versions";
import { CliError, EXIT_ERROR, EXIT_OK } from "./errors";

// `modelgate`: the Modelgate command line for CI/CD pipelines. See docs/ci.md.

export const CLI_VERSION = "0.1.0";

export function buildProgram(): Command {
  const program = new Command("modelgate")
    .description("Modelgate from the command line and CI/CD pipelines.")
    .addHelpText(
      "after",
      `
Configuration:
  MODELGATE_URL and MODELGATE_TOKEN, or \`modelgate login\`, which stores them in
  $XDG_CONFIG_HOME/modelgate/config.json (default ~/.config/modelgate/config.json).
  The environment variables win over the file.

Exit codes:
  0  success (gates pass, promotion requested or approved)
  1  gates fail; promotion refused, rejected, cancelled, expired or timed out;
     an import left a model or version out
  2  usage, configuration, connection, authentication or API errors

Every command takes --help and --json. See docs/ci.md for a pipeline.`,
    )
    .version(CLI_VERSION, "-V, --version", "print the CLI version")
    .enablePositionalOptions()
    .showHelpAfterError("(add --help for usage)")
    .showSuggestionAfterError()
    .exitOverride();
  loginCommands(program);
  modelCommands(program);
  versionCommands(program);
  checklistCommands(program);
  referenceCommands(program);
  metricsCommands(program);
  promotionCommands(program);
  importCommands(program);
  return program;
}

/** Prints an error as one clear line, then its details (the API's `path: message` list). */
export function reportError(e: unknown): number {
  if (e instanceof CommanderError) {
    // Commander already printed the message, the help or the version. Help shown because a
    // subcommand is missing (`modelgate models`) comes with exitCode 1: a usage error.
    if (
      e.code === "commander.helpDisplayed" ||
      e.code === "commander.version" ||
      (e.code === "commander.help" && e.exitCode === 0)
    )
      return EXIT_OK;
    return EXIT_ERROR;
  }
  if (e instanceof CliError) {
    process.stderr.write(`modelgate: ${e.message}\n`);
    for (const d of e.details) process.stderr.write(`  ${d}\n`);
    return e.exitCode;
  }
  process.stderr.write(
    `modelgate: unexpected error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`,
  );
  return EXIT_ERROR;
}

export async function main(argv: string[] = process.argv): Promise<number> {
  // `modelgate models list | head` closes the pipe early: that is the reader's choice, not an error.
  process.stdout.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code === "EPIPE") process.exit(EXIT_OK);
    throw e;
  });
  try {
    await buildProgram().parseAsync(argv);
    return typeof process.exitCode === "number" ? process.exitCode : EXIT_OK;
  } catch (e) {
    return reportError(e);
  }
}

import { CommanderError } from "commander";
import { buildProgram, type RunState } from "./program.js";

/** Set by the build from package.json. */
declare const __BATON_VERSION__: string;
const version = typeof __BATON_VERSION__ === "string" ? __BATON_VERSION__ : "0.0.0-dev";

/** Exit codes of commander's own outcomes: help and version are fine, anything else is bad usage (2). */
function commanderExit(error: CommanderError): number {
  return error.code === "commander.helpDisplayed" || error.code === "commander.version" ? 0 : 2;
}

/**
 * Runs `baton` with these arguments (without node and the script) and resolves to the exit code.
 * Errors print one line to stderr; under `--hook` they exit 0 unless `--strict`, so a hook never blocks the agent.
 */
export async function main(argv: string[], name = "baton"): Promise<number> {
  const state: RunState = { code: 0, opts: {} };
  const program = buildProgram(name, version, state);
  try {
    await program.parseAsync(argv, { from: "user" });
    return state.code;
  } catch (error) {
    if (error instanceof CommanderError) return commanderExit(error);
    const { exitCodeFor } = await import("./exit-codes.js");
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`${name}: ${message}\n`);
    if (state.opts.hook && !state.opts.strict) return 0;
    return exitCodeFor(error);
  }
}

import { exitCodeFor } from "./exit-codes.js";
import { type RunState, runProgram } from "./program.js";

/** Set by the build from package.json. */
declare const __BATON_VERSION__: string;
const version = typeof __BATON_VERSION__ === "string" ? __BATON_VERSION__ : "0.0.0-dev";

/**
 * Runs `baton` with these arguments (without node and the script) and resolves to the exit code.
 * Errors print one line to stderr; under `--hook` they exit 0 unless `--strict`, so a hook never blocks the agent.
 */
export async function main(argv: string[], name = "baton"): Promise<number> {
  const state: RunState = { code: 0, opts: {} };
  try {
    return await runProgram(argv, name, version, state);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`${name}: ${message}\n`);
    if (state.opts.hook && !state.opts.strict) return 0;
    return exitCodeFor(error);
  }
}

import { type HotCommand, hotCommand } from "./hot-commands.js";
import type { RunState } from "./program.js";

/** Set by the build from package.json. */
declare const __BATON_VERSION__: string;
const version = typeof __BATON_VERSION__ === "string" ? __BATON_VERSION__ : "0.0.0-dev";

/** Runs a hot command straight through its command module, as the program's action would. */
async function runHot(hot: HotCommand, state: RunState): Promise<number> {
  state.opts = hot.opts;
  const { withCoordinator } = await import("./context.js");
  if (hot.command === "heartbeat") {
    const { touch } = await import("./commands/heartbeat.js");
    return withCoordinator(hot.opts, touch);
  }
  if (hot.command === "reservations check") {
    const { check } = await import("./commands/reservations-check.js");
    return withCoordinator(hot.opts, (ctx) => check(ctx, [], hot.opts));
  }
  const { check } = await import("./commands/lock.js");
  return withCoordinator(hot.opts, (ctx) => check(ctx, hot.name));
}

/**
 * Runs `baton` with these arguments (without node and the script) and resolves to the exit code.
 * Errors print one line to stderr; under `--hook` they exit 0 unless `--strict`, so a hook never blocks the agent.
 * The commands hooks run on every prompt or edit skip building commander's program (cold start is paid each time).
 */
export async function main(argv: string[], name = "baton"): Promise<number> {
  const state: RunState = { code: 0, opts: {} };
  try {
    const hot = hotCommand(argv);
    if (hot) return await runHot(hot, state);
    const { runProgram } = await import("./program.js");
    return await runProgram(argv, name, version, state);
  } catch (error) {
    const { exitCodeFor } = await import("./exit-codes.js");
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`${name}: ${message}\n`);
    if (state.opts.hook && !state.opts.strict) return 0;
    return exitCodeFor(error);
  }
}

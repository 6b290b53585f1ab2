import type { Context } from "../context.js";
import { EXIT } from "../exit-codes.js";

/** Options of `baton hook notices`. */
export interface HookNoticesOptions {
  /** Answer as an `asyncRewake` hook: the lines on stderr and exit 2. */
  rewake?: boolean;
}

/** The exit code by which an `asyncRewake` hook wakes the model with its stderr. */
const ASYNC_REWAKE = 2;

/**
 * Hands this session's pending notices to Claude Code, one line each, so that the model reads them:
 * as `hookSpecificOutput.additionalContext` (a synchronous hook; Claude Code puts it in the next
 * request), or with `--rewake` on stderr with exit 2 (an `asyncRewake` hook). Nothing pending: exit
 * 0, nothing printed. Each notice is taken once, so it is never shown twice.
 */
export async function hookNotices(ctx: Context, o: HookNoticesOptions): Promise<number> {
  const { notices } = await ctx.coordinator.notices();
  if (notices.length === 0) return EXIT.ok;
  const lines = notices.map((n) => `baton: ${n.text}`).join("\n");
  if (o.rewake) {
    process.stderr.write(`${lines}\n`);
    return ASYNC_REWAKE;
  }
  const hookEventName = String(ctx.hook?.hook_event_name ?? "PostToolUse");
  process.stdout.write(
    `${JSON.stringify({ hookSpecificOutput: { hookEventName, additionalContext: lines } })}\n`,
  );
  return EXIT.ok;
}

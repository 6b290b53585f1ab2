import { rmSync } from "node:fs";
import { join } from "node:path";
import type { Context } from "../context.js";
import { EXIT } from "../exit-codes.js";
import { HOOK_FILES, hookDir } from "../hooks/hook-dir.js";
import { ensureWatcher } from "../watch/start-watcher.js";

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
  // the watcher's mark goes first: a notice raised from here on marks the folder again
  rmSync(join(hookDir(ctx.coordinator.sessionId), HOOK_FILES.notices), { force: true });
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

/**
 * `baton hook prompt`, at each prompt when the gate finds work or no watcher: a beat (registering
 * the session if need be), the watcher started again if it is gone, then the pending notices.
 */
export async function hookPrompt(ctx: Context): Promise<number> {
  await ctx.coordinator.sessions.heartbeat();
  ensureWatcher(ctx, await ctx.coordinator.sessions.get());
  return hookNotices(ctx, {});
}

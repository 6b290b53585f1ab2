import { InvalidInputError, runUnderLock } from "@agent-baton/core";
import type { Context } from "../context.js";
import { type HoldKind, holdKind, lockWaitNotice, secondsOf } from "./lock.js";

export interface RunOptions extends HoldKind {
  lock: string;
  ttl?: string;
  wait?: string;
  grace?: string;
  keepGoing?: boolean;
  onRequest?: "release" | "ignore";
  conflictExitCode?: string;
}

/** `-E N` as flock's: a whole number an exit status can carry. */
function parseConflictExitCode(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (/^\d{1,3}$/.test(text) && Number(text) <= 255) return Number(text);
  throw new InvalidInputError(
    `invalid --conflict-exit-code ${JSON.stringify(text)}: give a whole number from 0 to 255`,
    { field: "conflict_exit_code" },
  );
}

/**
 * `baton run --lock NAME [--ttl S] [--wait S] [--slots N] [--shared] [-E N] -- CMD ARGS…`: exits with CMD's code (128+N on
 * signal N); when CMD never ran because the lock stayed held, with N if given, else 1 (held) or 3 (timed out).
 */
export async function run(ctx: Context, command: string[], o: RunOptions): Promise<number> {
  const { coordinator, out } = ctx;
  const conflictExitCode = parseConflictExitCode(o.conflictExitCode);
  const [cmd, ...args] = command as [string, ...string[]];
  const result = await runUnderLock(coordinator, o.lock, cmd, args, {
    ttl: o.ttl,
    wait: o.wait,
    grace: o.grace,
    ...holdKind(o),
    onWait: lockWaitNotice(out, o.lock, { limitSeconds: secondsOf(o.wait) }),
    onLockLost: o.keepGoing ? "continue" : "terminate",
    onRequest: o.onRequest ?? "ignore",
    onStart: () => out.endProgress(),
  });
  out.endProgress();
  if (result.ran) return result.exitCode;
  const a = result.acquire;
  if (!a.acquired)
    out.note(
      `baton: ${a.lock_name} is held by ${a.held_by}${a.reason === "timeout" ? `; gave up after ${a.waited_seconds}s` : ""}`,
    );
  if (out.json) out.result(a, () => "");
  // A signal while waiting keeps its 128+N; only "the lock stayed held" becomes the conflict code.
  return !a.acquired && !result.signal && conflictExitCode !== undefined ? conflictExitCode : result.exitCode;
}

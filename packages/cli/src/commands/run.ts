import { runUnderLock } from "@agent-baton/core";
import type { Context } from "../context.js";
import { waitProgress } from "./lock.js";

/** `baton run --lock NAME [--ttl S] [--wait S] -- CMD ARGS…`: exits with CMD's code (128+N on signal N). */
export async function run(
  ctx: Context,
  command: string[],
  o: { lock: string; ttl?: string; wait?: string; keepGoing?: boolean },
): Promise<number> {
  const { coordinator, out } = ctx;
  const [cmd, ...args] = command as [string, ...string[]];
  const result = await runUnderLock(coordinator, o.lock, cmd, args, {
    ttl: o.ttl,
    wait: o.wait,
    onWait: waitProgress(out, o.lock),
    onLockLost: o.keepGoing ? "continue" : "terminate",
    onStart: () => out.endProgress(),
  });
  out.endProgress();
  if (!result.ran) {
    const a = result.acquire;
    if (!a.acquired)
      out.note(
        `baton: ${a.lock_name} is held by ${a.held_by}${a.reason === "timeout" ? `; gave up after ${a.waited_seconds}s` : ""}`,
      );
    if (out.json) out.result(a, () => "");
  }
  return result.exitCode;
}

import type { Context } from "../context.js";
import { EXIT } from "../exit-codes.js";
import { type HoldKind, holdKind, lockWaitNotice } from "./lock.js";

export interface RequestOptions extends HoldKind {
  reason?: string;
  wait?: number;
  ttl?: number;
}

/**
 * `baton lock request NAME [--reason TEXT] [--wait S]`: asks the holders to release the lock
 * (each gets a notice naming who asks and why); with --wait, then waits in line for it. Exit 0
 * asked (or, with --wait, acquired), 1 nobody holds it (without --wait) or held, 3 timed out.
 */
export async function request(ctx: Context, name: string, o: RequestOptions): Promise<number> {
  const { coordinator, out } = ctx;
  const wait = o.wait ?? 0;
  const result = await coordinator.requestRelease(name, {
    ...(o.reason === undefined ? {} : { reason: o.reason }),
    wait,
    ttl: o.ttl,
    ...holdKind(o),
    onWait: lockWaitNotice(out, name, { limitSeconds: wait }),
  });
  out.endProgress();
  const a = result.acquire;
  out.result(result, () => [
    result.requested
      ? `${out.green("asked")} ${result.held_by?.join(", ")} to release ${result.lock_name}`
      : `${out.dim("nobody holds")} ${result.lock_name}`,
    ...(a === undefined
      ? []
      : [
          a.acquired
            ? `${out.green("acquired")} ${a.lock_name} (token ${a.fencing_token})`
            : `${out.red(a.reason === "timeout" ? "timed out" : "held")}: ${a.lock_name} is held by ${a.held_by ?? "others in line"}`,
        ]),
  ]);
  if (a) return a.acquired ? EXIT.ok : a.reason === "timeout" ? EXIT.timeout : EXIT.refused;
  return result.requested ? EXIT.ok : EXIT.refused;
}

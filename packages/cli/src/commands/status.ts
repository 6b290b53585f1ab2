import type { Context } from "../context.js";
import { EXIT } from "../exit-codes.js";
import { sessionLines } from "./session-view.js";

/** Sessions, locks and claims at a glance. */
export async function status(ctx: Context): Promise<number> {
  const { coordinator, out } = ctx;
  const [sessions, locks, claims] = await Promise.all([
    coordinator.sessions.status(),
    coordinator.list("*"),
    coordinator.claims.list(null),
  ]);
  out.result({ sessions, locks, claims }, () => [
    out.bold(`sessions (${sessions.backend}, me: ${sessions.me})`),
    ...sessionLines(out, sessions).map((l) => `  ${l}`),
    out.bold("locks"),
    ...(locks.count
      ? locks.locks.map(
          (l) =>
            `  ${l.mine ? out.green(l.lock_name) : l.lock_name}  ${l.held_by}  ${l.ttl_remaining_seconds}s left`,
        )
      : [`  ${out.dim("none")}`]),
    out.bold("claims"),
    ...(claims.claims.length
      ? claims.claims.map((c) => `  ${c.label}  ${c.session_id} (${c.holder_tier})`)
      : [`  ${out.dim("none")}`]),
  ]);
  return EXIT.ok;
}

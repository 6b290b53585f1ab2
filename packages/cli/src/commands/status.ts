import { InvalidInputError, type PageOptions } from "@agent-baton/core";
import type { Context } from "../context.js";
import { EXIT } from "../exit-codes.js";
import { underRow } from "./lock-view.js";
import { morePages } from "./more-pages.js";
import { sessionLines } from "./session-view.js";

/** Where the next `status` page starts in each list: its next_cursor, or null once that list is done. */
interface StatusCursor {
  sessions: string | null;
  locks: string | null;
}

function readCursor(cursor: string): StatusCursor {
  let parsed: Partial<StatusCursor> | null;
  try {
    parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    parsed = null;
  }
  const ok = (v: unknown) => v === null || typeof v === "string";
  if (parsed && ok(parsed.sessions) && ok(parsed.locks)) return parsed as StatusCursor;
  throw new InvalidInputError(
    `invalid --cursor ${JSON.stringify(cursor.slice(0, 40))}: pass the next_cursor of the previous status reply`,
    { field: "cursor" },
  );
}

/**
 * Sessions, locks and claims at a glance: a page of sessions and a page of locks (default 100 each).
 * Its `next_cursor` carries on in both lists; a list that is done comes back as an empty page.
 */
export async function status(ctx: Context, o: PageOptions = {}): Promise<number> {
  const { coordinator, out } = ctx;
  const at = o.cursor ? readCursor(o.cursor) : { sessions: undefined, locks: undefined };
  // a finished list still reports its totals: ask for its first item and show none
  const page = (cursor: string | null | undefined) =>
    cursor === null ? { limit: 1 } : { limit: o.limit, cursor: cursor };
  const [sessionPage, lockPage, claims] = await Promise.all([
    coordinator.sessions.status(page(at.sessions)),
    coordinator.list("*", page(at.locks)),
    coordinator.claims.list(null),
  ]);
  const sessions =
    at.sessions === null ? { ...sessionPage, sessions: [], count: 0, next_cursor: null } : sessionPage;
  const locks = at.locks === null ? { ...lockPage, locks: [], count: 0, next_cursor: null } : lockPage;
  const more = sessions.next_cursor !== null || locks.next_cursor !== null;
  const next_cursor = more
    ? Buffer.from(JSON.stringify({ sessions: sessions.next_cursor, locks: locks.next_cursor })).toString(
        "base64url",
      )
    : null;
  out.result({ sessions, locks, claims, next_cursor }, () => [
    out.bold(`sessions (${sessions.backend}, me: ${sessions.me})`),
    ...sessionLines(out, sessions).map((l) => `  ${l}`),
    out.bold("locks"),
    ...(locks.count
      ? locks.locks.flatMap((l) => [
          `  ${l.mine ? out.green(l.lock_name) : l.lock_name}  ${l.held_by === undefined ? out.dim("(between holders)") : `${l.held_by}${l.holders.length > 1 ? ` +${l.holders.length - 1}` : ""}  ${l.ttl_remaining_seconds}s left`}${l.waiters.length ? `  ${l.waiters.length} waiting` : ""}`,
          ...underRow(out, l).map((u) => `      ${u}`),
        ])
      : [`  ${out.dim(locks.total ? "no more" : "none")}`]),
    out.bold("claims"),
    ...(claims.claims.length
      ? claims.claims.map((c) => `  ${c.label}  ${c.session_id} (${c.holder_tier})`)
      : [`  ${out.dim("none")}`]),
    ...morePages(
      out,
      { count: sessions.count + locks.count, total: sessions.total + locks.total, next_cursor },
      "baton status",
      o,
    ),
  ]);
  return EXIT.ok;
}

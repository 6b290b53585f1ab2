import type { StandaloneEvent } from "./driver.js";
import { findOverlaps } from "./overlaps.js";
import { localHost } from "./platform/process-info.js";
import type { Overlap } from "./schemas/overlap.js";
import type { SessionContext } from "./session-context.js";

/** The name an overlap's events carry: `repo:path`. */
export const overlapEventName = (repo: string, path: string) => `${repo}:${path}`;

/** Events at most this much older than the session's start still count: clocks of backend and host may differ. */
const CLOCK_SLACK_MS = 60_000;

type Side = Overlap["sessions"][number];

const where = (s: Side) => `in ${s.worktree ?? "an unknown worktree"}${s.branch ? ` on ${s.branch}` : ""}`;
const pairKey = (e: { name: string; session: string | null; by: string | null }) =>
  JSON.stringify([e.name, e.session, e.by]);

/**
 * Records `overlap.found` for each path this session's worktree changed that another live
 * session's worktree (of the same repository) changed too, once per (path, other session): one
 * event for each side, so both are told even when only one of them runs a watcher. Whether a pair
 * was told already is read from history (the session's own events since it started), so two
 * watchers or a restarted one do not tell it again; `known` keeps the pairs seen, so history is read
 * only when a new one appears. Returns the events it recorded.
 */
export async function reportOverlaps(c: SessionContext, known: Set<string>): Promise<StandaloneEvent[]> {
  const self = await c.driver.getSession(c.sessionId);
  if (!self?.worktree) return [];
  const { overlaps } = await findOverlaps(c);
  const host = localHost();
  const found: StandaloneEvent[] = [];
  for (const o of overlaps) {
    const mine = o.sessions.find((s) => s.me);
    if (!mine) continue;
    const name = overlapEventName(o.repo, o.path);
    for (const other of o.sessions) {
      if (other.me || other.worktree === mine.worktree) continue;
      const tell = (told: Side, by: Side): StandaloneEvent => ({
        type: "overlap.found",
        name,
        session: told.session_id,
        host,
        by: by.session_id,
        reason: where(by),
      });
      found.push(tell(mine, other), tell(other, mine));
    }
  }
  const fresh = found.filter((e) => !known.has(pairKey(e)));
  if (fresh.length === 0) return [];
  const { events } = await c.driver.readEvents({
    session: c.sessionId,
    sinceMs: Date.parse(self.started_at) - CLOCK_SLACK_MS,
  });
  for (const e of events) if (e.type === "overlap.found") known.add(pairKey(e));
  const record = fresh.filter((e) => !known.has(pairKey(e)));
  if (record.length > 0) await c.driver.recordEvents(record);
  for (const e of record) known.add(pairKey(e));
  return record;
}

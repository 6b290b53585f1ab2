import type { Thresholds } from "../schemas/config.js";
import type { HistoryEvent } from "../schemas/history.js";
import type { ClaimRecord, LockState, SessionRecord } from "../schemas/records.js";
import { TIERS, type Tier, tierForAge } from "../tiers.js";
import type { LiveLock, LiveSession, LiveSnapshot } from "./live-snapshot.js";
import { shortIds } from "./short-ids.js";
import { buildTimeline } from "./timeline.js";

/** A session record as a source reads it, with whether its process is known gone (a probe the view cannot make). */
export interface LiveSessionInput extends SessionRecord {
  gone: boolean;
}

/** What must be read again after events: every lock, or only the named ones. */
export interface Refetch {
  sessions: boolean;
  claims: boolean;
  allLocks: boolean;
  locks: Set<string>;
}

export const nothingToRefetch = (): Refetch => ({
  sessions: false,
  claims: false,
  allLocks: false,
  locks: new Set(),
});
export const everythingToRefetch = (): Refetch => ({
  sessions: true,
  claims: true,
  allLocks: true,
  locks: new Set(),
});

/** Adds `more` to `into` (in place) and returns it. */
export function mergeRefetch(into: Refetch, more: Refetch): Refetch {
  into.sessions ||= more.sessions;
  into.claims ||= more.claims;
  into.allLocks ||= more.allLocks;
  for (const name of more.locks) into.locks.add(name);
  return into;
}

/** What an event changed, so what the view must read again to show it. */
export function refetchFor(event: HistoryEvent): Refetch {
  const marks = nothingToRefetch();
  if (event.type.startsWith("lock.")) marks.locks.add(event.name);
  else if (event.type.startsWith("claim.")) marks.claims = true;
  else if (event.type === "session.started" || event.type === "session.paused") marks.sessions = true;
  // an ended session's holds, places in lines and claim went in the same step
  else Object.assign(marks, everythingToRefetch());
  return marks;
}

export interface LiveStateOptions {
  /** The timeline's span, and how old an event may be and still be kept. */
  windowMs: number;
  /** Most events kept (the newest). */
  maxEvents: number;
}

/** How to describe the state at one moment. */
export interface SnapshotContext {
  now: number;
  thresholds: Thresholds;
  backend: string;
  location: string;
  me: string | null;
  error: string | null;
  /** Newest events the snapshot carries. */
  eventsShown: number;
}

/**
 * What the live view last read (sessions, locks, claims) and the events since, without any I/O:
 * applying an event says what to read again, and `snapshot` describes it all at a given time.
 */
export class LiveState {
  private sessions: LiveSessionInput[] = [];
  private readonly locks = new Map<string, LockState>();
  private claims: ClaimRecord[] = [];
  private events: HistoryEvent[] = [];
  private readonly seen = new Set<string>();

  constructor(private readonly options: LiveStateOptions) {}

  setSessions(sessions: LiveSessionInput[]): void {
    this.sessions = sessions;
  }

  setLocks(locks: LockState[]): void {
    this.locks.clear();
    for (const lock of locks) this.locks.set(lock.lock_name, lock);
  }

  /** The named lock as read again; null when it no longer exists. */
  setLock(name: string, lock: LockState | null): void {
    if (lock) this.locks.set(name, lock);
    else this.locks.delete(name);
  }

  setClaims(claims: ClaimRecord[]): void {
    this.claims = claims;
  }

  /** Replaces the events (oldest first), e.g. after reading the window's history again. */
  setEvents(events: HistoryEvent[]): void {
    this.events = [];
    this.seen.clear();
    for (const event of events) this.keep(event);
  }

  /** Records a new event and says what to read again; null when it was seen already. */
  apply(event: HistoryEvent): Refetch | null {
    if (this.seen.has(event.id)) return null;
    this.keep(event);
    return refetchFor(event);
  }

  private keep(event: HistoryEvent): void {
    this.events.push(event);
    this.seen.add(event.id);
    if (this.events.length > this.options.maxEvents) {
      for (const gone of this.events.splice(0, this.events.length - this.options.maxEvents)) {
        this.seen.delete(gone.id);
      }
    }
  }

  /** The view at `ctx.now`: holds past their expiry and waiters past their lease are left out, as a read would. */
  snapshot(ctx: SnapshotContext): LiveSnapshot {
    const { now } = ctx;
    const windowStart = now - this.options.windowMs;
    const events = this.events.filter((e) => Date.parse(e.time) >= windowStart);
    const locks = [...this.locks.values()]
      .map((lock) => liveLock(lock, now))
      .filter((lock) => lock.holders.length > 0 || lock.waiters.length > 0)
      .sort((a, b) => (a.lock_name < b.lock_name ? -1 : a.lock_name > b.lock_name ? 1 : 0));

    const holds = new Map<string, number>();
    const waits = new Map<string, number>();
    for (const lock of locks) {
      for (const h of lock.holders) holds.set(h.held_by, (holds.get(h.held_by) ?? 0) + 1);
      for (const w of lock.waiters) waits.set(w.session_id, (waits.get(w.session_id) ?? 0) + 1);
    }
    const claimOf = new Map(this.claims.map((c) => [c.session_id, c]));
    const tierOf = new Map<string, Tier>();
    const sessions: LiveSession[] = this.sessions.map(({ gone, ...record }) => {
      const heartbeat_age_ms = Math.max(0, now - Date.parse(record.last_heartbeat));
      const tier = gone ? "dead" : tierForAge(heartbeat_age_ms, ctx.thresholds);
      tierOf.set(record.session_id, tier);
      return {
        ...record,
        tier,
        heartbeat_age_ms,
        me: record.session_id === ctx.me,
        holds: holds.get(record.session_id) ?? 0,
        waits: waits.get(record.session_id) ?? 0,
        claim: claimOf.get(record.session_id)?.label ?? null,
      };
    });
    sessions.sort(
      (a, b) =>
        TIERS.indexOf(a.tier) - TIERS.indexOf(b.tier) ||
        (a.started_at < b.started_at ? -1 : a.started_at > b.started_at ? 1 : 0),
    );
    const claims = [...this.claims]
      .sort((a, b) => (a.claimed_at < b.claimed_at ? -1 : 1))
      .map((c) => ({ ...c, holder_tier: tierOf.get(c.session_id) ?? null }));
    // the newest events, however old: a quiet afternoon still shows what happened last
    const newest = this.events.slice(-ctx.eventsShown).reverse();

    const ids = [
      ...sessions.map((s) => s.session_id),
      ...locks.flatMap((l) => [...l.holders.map((h) => h.held_by), ...l.waiters.map((w) => w.session_id)]),
      ...claims.map((c) => c.session_id),
      ...[...events, ...newest].flatMap((e) => (e.session === null ? [] : [e.session])),
    ];
    return {
      at: new Date(now).toISOString(),
      backend: ctx.backend,
      location: ctx.location,
      me: ctx.me,
      error: ctx.error,
      short_ids: Object.fromEntries(shortIds(ids)),
      sessions,
      locks,
      claims,
      events: newest,
      timeline: buildTimeline(events, locks, now, this.options.windowMs),
    };
  }
}

function liveLock(lock: LockState, now: number): LiveLock {
  const since = (iso: string) => Math.max(0, now - Date.parse(iso));
  const until = (iso: string) => Date.parse(iso) - now;
  return {
    lock_name: lock.lock_name,
    slots: lock.slots,
    holders: lock.holders
      .filter((h) => until(h.expires_at) > 0)
      .map((h) => ({ ...h, held_ms: since(h.acquired_at), ttl_left_ms: until(h.expires_at) })),
    waiters: lock.waiters
      .filter((w) => until(w.lease_expires_at) > 0)
      .map((w, i) => ({ ...w, position: i + 1, waited_ms: since(w.since) })),
    requests: lock.requests.filter((r) => until(r.expires_at) > 0),
  };
}

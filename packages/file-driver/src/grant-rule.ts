import type { AcquireRequest, DriverLockChange, LockMode, LockRecord } from "@agent-baton/core";
import { tokenAfter } from "./fencing-tokens.js";
import type { NameChange } from "./name-change.js";
import { exists, lastTokenOf, type NameRecord } from "./name-record.js";

// The rule of every change to one name, on its record in memory: the step (name-steps.ts) reads
// the record under the name's guard, runs one of these, and writes what they leave.

const iso = (ms: number) => new Date(ms).toISOString();
const lapsed = (at: string, now: number) => Date.parse(at) <= now;

/** What an attempt did; the step adds the state it leaves. */
export type Attempt =
  | { acquired: true; lock: LockRecord; extended: boolean }
  | { acquired: false; position: number | null; slotsInForce?: number };

/** Whether a new hold of `mode` fits beside the name's holds. */
export function fits(record: Pick<NameRecord, "holders" | "slots">, mode: LockMode): boolean {
  const shared = record.holders.filter((h) => h.mode === "shared").length;
  if (mode === "shared") return shared === record.holders.length;
  return shared === 0 && record.holders.length < record.slots;
}

/** Whether `session` may be served now: it heads the line, or the line is empty. */
export function eligible(record: Pick<NameRecord, "waiters">, session: string): boolean {
  return record.waiters.length === 0 || record.waiters[0]!.session_id === session;
}

/** Holds past their expiry and places past their lease leave; requests go with the last hold. */
export function prune(c: NameChange): void {
  const { record, now } = c;
  for (const hold of record.holders.filter((h) => lapsed(h.expires_at, now))) {
    removeHold(c, hold, "lock.expired", {}, Date.parse(hold.expires_at));
  }
  for (const waiter of record.waiters.filter((w) => lapsed(w.lease_expires_at, now))) {
    leave(c, waiter.session_id, "lease expired", Date.parse(waiter.lease_expires_at));
  }
  dropRequests(c);
}

function dropRequests(c: NameChange): void {
  const { record, now } = c;
  const kept = record.holders.length ? record.requests.filter((r) => !lapsed(r.expires_at, now)) : [];
  if (kept.length === record.requests.length) return;
  record.requests = kept;
  c.dirty = true;
}

function removeHold(
  c: NameChange,
  hold: LockRecord,
  type: "lock.expired" | "lock.released" | "lock.taken_over" | "lock.force_released",
  fields: { by?: string | null; reason?: string | null },
  time?: number,
): void {
  c.record.holders = c.record.holders.filter((h) => h !== hold);
  c.holdsRemoved.push(hold);
  c.event(type, { session: hold.held_by, host: hold.host, token: hold.fencing_token, ...fields }, { time });
  c.move();
}

/** Holds with one of these tokens leave: their holders were judged gone by the caller. */
export function evict(c: NameChange, tokens: number[], by: string, reason: string | null): void {
  for (const hold of c.record.holders.filter((h) => tokens.includes(h.fencing_token))) {
    removeHold(c, hold, "lock.taken_over", { by, reason });
  }
}

function extendHold(
  c: NameChange,
  hold: LockRecord,
  ttlMs: number,
  patch: Partial<Pick<LockRecord, "pid" | "pid_start" | "pgid">> = {},
): LockRecord {
  const after = { ...hold, ...patch, expires_at: iso(c.now + ttlMs) };
  c.record.holders = c.record.holders.map((h) => (h === hold ? after : h));
  c.holdsExtended.push({ before: hold, after });
  c.event("lock.extended", { session: hold.held_by, host: hold.host, token: hold.fencing_token });
  return after;
}

/** One attempt, first come first served without barging (the Driver contract's acquireLock). */
export function attempt(c: NameChange, request: AcquireRequest): Attempt {
  prune(c);
  const session = request.owner.held_by;
  if (request.evict?.length) evict(c, request.evict, session, request.reason ?? null);
  const { record, now } = c;
  const mine = record.holders.find((h) => h.held_by === session);
  if (mine) return { acquired: true, lock: extendHold(c, mine, request.ttlMs), extended: true };
  const place = record.waiters.findIndex((w) => w.session_id === session);
  const position = place >= 0 ? place + 1 : null;
  if (exists(record) && record.slots !== request.slots) {
    return { acquired: false, position, slotsInForce: record.slots };
  }
  if (!exists(record)) record.slots = request.slots;
  if (fits(record, request.mode) && eligible(record, session)) {
    const token = tokenAfter(lastTokenOf(record));
    record.last_token = token;
    let waited: number | null = null;
    if (place >= 0) {
      const [waiter] = record.waiters.splice(place, 1);
      waited = Math.max(0, now - Date.parse(waiter!.since));
      c.waitsRemoved.push(session);
    }
    const lock: LockRecord = {
      lock_name: record.lock_name,
      ...request.owner,
      mode: request.mode,
      acquired_at: iso(now),
      expires_at: iso(now + request.ttlMs),
      fencing_token: token,
    };
    record.holders.push(lock);
    c.holdsAdded.push(lock);
    c.event(
      "lock.acquired",
      { session, host: lock.host, token, waited_ms: waited },
      { notify: waited !== null && request.notifyOnGrant === true },
    );
    // Leaving the line moves the next waiter to its head, where it may fit too (shared, free slots).
    if (waited !== null) c.move();
    return { acquired: true, lock, extended: false };
  }
  if (request.leaseMs === undefined) return { acquired: false, position };
  const lease = iso(now + request.leaseMs);
  if (place >= 0) {
    // Renewing a place is no news to the others: the generation stays, nobody is woken.
    record.waiters[place] = { ...record.waiters[place]!, lease_expires_at: lease };
    c.dirty = true;
    return { acquired: false, position };
  }
  record.waiters.push({
    session_id: session,
    host: request.owner.host,
    mode: request.mode,
    since: iso(now),
    lease_expires_at: lease,
  });
  c.waitsAdded.push(session);
  // Joining at the end serves nobody sooner: the others are not woken for it.
  c.event("lock.queued", { session, host: request.owner.host, position: record.waiters.length });
  return { acquired: false, position: record.waiters.length };
}

/** The session's own hold goes (compare-and-delete). */
export function release(c: NameChange, session: string): DriverLockChange {
  prune(c);
  const mine = c.record.holders.find((h) => h.held_by === session);
  if (!mine) return refusal(c.record);
  removeHold(c, mine, "lock.released", {});
  dropRequests(c);
  return { outcome: "done", lock: mine };
}

function refusal(record: NameRecord): DriverLockChange {
  const other = record.holders[0];
  return other ? { outcome: "not_owner", lock: other } : { outcome: "not_found", lock: null };
}

/** The session's own hold expires `ttlMs` from now, with the process facts given. */
export function extend(
  c: NameChange,
  session: string,
  ttlMs: number,
  patch?: Partial<Pick<LockRecord, "pid" | "pid_start" | "pgid">>,
): DriverLockChange {
  prune(c);
  const mine = c.record.holders.find((h) => h.held_by === session);
  if (!mine) return refusal(c.record);
  return { outcome: "done", lock: extendHold(c, mine, ttlMs, patch) };
}

/** Every hold goes, or the one with `expectedToken`, whoever holds it. */
export function forceRelease(
  c: NameChange,
  options: { expectedToken?: number; by: string; reason?: string },
): LockRecord[] {
  prune(c);
  const broken = c.record.holders.filter(
    (h) => options.expectedToken === undefined || h.fencing_token === options.expectedToken,
  );
  for (const hold of broken) {
    removeHold(c, hold, "lock.force_released", { by: options.by, reason: options.reason ?? null });
  }
  dropRequests(c);
  return broken;
}

/** A request to the holders to give the name back; false when nobody holds it. */
export function requestRelease(
  c: NameChange,
  request: { by: string; reason: string | null; ttlMs: number },
): boolean {
  prune(c);
  const { record, now } = c;
  if (!record.holders.length) return false;
  record.requests = [
    ...record.requests.filter((r) => r.by !== request.by),
    { by: request.by, reason: request.reason, at: iso(now), expires_at: iso(now + request.ttlMs) },
  ];
  for (const hold of record.holders) {
    c.event("lock.release_requested", {
      session: hold.held_by,
      host: hold.host,
      token: hold.fencing_token,
      by: request.by,
      reason: request.reason,
    });
  }
  return true;
}

/** The session leaves the line, if it is in it. */
export function leave(c: NameChange, session: string, reason: string | null, time?: number): void {
  const waiter = c.record.waiters.find((w) => w.session_id === session);
  if (!waiter) return;
  c.record.waiters = c.record.waiters.filter((w) => w !== waiter);
  c.waitsRemoved.push(session);
  c.event("lock.gave_up", { session, host: waiter.host, reason }, { time });
  c.move();
}

/** An ending session's hold and place on this name go; whether it held the name (live). */
export function endOnName(c: NameChange, session: string, reason: string | null): boolean {
  prune(c);
  leave(c, session, reason);
  const mine = c.record.holders.find((h) => h.held_by === session);
  if (!mine) return false;
  removeHold(c, mine, "lock.released", { reason });
  dropRequests(c);
  return true;
}

import type {
  ClaimRecord,
  EventType,
  HistoryEvent,
  LockOwner,
  LockRecord,
  LockState,
  SessionRecord,
} from "@agent-baton/core";

/** A hold as the scripts store it (lua/includes/lock-state.lua): times in ms, the token as text. */
interface StoredHold extends LockOwner {
  mode: LockRecord["mode"];
  token: string;
  acquired: number;
  expires: number;
}

interface StoredPlace {
  session_id: string;
  host: string;
  mode: LockRecord["mode"];
  since: number;
  lease: number;
}

interface StoredRequest {
  by: string;
  reason: string | null;
  at: number;
  expires: number;
}

/** A lock name's stored value; cjson leaves empty lists out. */
interface StoredState {
  slots: number;
  holds?: StoredHold[];
  line?: StoredPlace[];
  requests?: StoredRequest[];
}

const iso = (ms: number | string) => new Date(Number(ms)).toISOString();

/** The owner as the acquire script takes it: everything of a LockRecord that describes the holder. */
export function encodeOwner(owner: LockOwner): string {
  const { held_by, host, pid, pid_start, pgid, worktree } = owner;
  return JSON.stringify({ held_by, host, pid, pid_start, pgid, worktree });
}

function toLockRecord(hold: StoredHold, lockName: string): LockRecord {
  return {
    lock_name: lockName,
    held_by: hold.held_by,
    host: hold.host,
    pid: hold.pid ?? null,
    pid_start: hold.pid_start ?? null,
    pgid: hold.pgid ?? null,
    worktree: hold.worktree ?? null,
    mode: hold.mode,
    acquired_at: iso(hold.acquired),
    expires_at: iso(hold.expires),
    fencing_token: Number(hold.token),
  };
}

/** One hold's JSON, as release, extend and force-release return it. */
export function decodeHold(raw: string, lockName: string): LockRecord {
  return toLockRecord(JSON.parse(raw) as StoredHold, lockName);
}

/**
 * A lock name's stored value as core's LockState. Scripts return values they have just pruned;
 * a reader passes Redis's clock as `nowMs` to leave out what lapsed since (the stored value keeps
 * it until the next step on the name records it). Null when nothing is left.
 */
export function decodeState(raw: string, lockName: string, nowMs?: number): LockState | null {
  const stored = JSON.parse(raw) as StoredState;
  const live = <T>(list: T[] | undefined, until: (item: T) => number) =>
    (list ?? []).filter((item) => nowMs === undefined || until(item) > nowMs);
  const holds = live(stored.holds, (h) => h.expires);
  const line = live(stored.line, (p) => p.lease);
  if (holds.length === 0 && line.length === 0) return null;
  return {
    lock_name: lockName,
    slots: stored.slots,
    holders: holds.map((hold) => toLockRecord(hold, lockName)),
    waiters: line.map((place) => ({
      session_id: place.session_id,
      host: place.host,
      mode: place.mode,
      since: iso(place.since),
      lease_expires_at: iso(place.lease),
    })),
    requests:
      holds.length === 0
        ? []
        : live(stored.requests, (r) => r.expires).map((request) => ({
            by: request.by,
            reason: request.reason ?? null,
            at: iso(request.at),
            expires_at: iso(request.expires),
          })),
  };
}

/** An event's fields as a stream entry or a notice carries them (lua/includes/history.lua). */
type EventFields = Partial<Record<string, string | number>>;

const text = (value: string | number | undefined) => (value === undefined ? null : String(value));
const number = (value: string | number | undefined) => (value === undefined ? null : Number(value));

/** A history event from its id and fields; its time is `at` when the change was found later, else the id's. */
export function decodeEvent(id: string, fields: EventFields): HistoryEvent {
  return {
    id,
    time: iso(fields.at ?? id.slice(0, id.indexOf("-"))),
    type: fields.type as EventType,
    name: String(fields.name),
    session: text(fields.session),
    host: text(fields.host),
    token: number(fields.token),
    by: text(fields.by),
    reason: text(fields.reason),
    waited_ms: number(fields.waited_ms),
    position: number(fields.position),
  };
}

/** A stream entry as ioredis returns it: the id, then field, value, field, value… */
export function decodeEntry([id, flat]: [string, string[]]): HistoryEvent {
  const fields: EventFields = {};
  for (let i = 0; i < flat.length; i += 2) fields[flat[i]!] = flat[i + 1];
  return decodeEvent(id, fields);
}

/** A notice as the scripts push it: the event's fields and its stream id, as JSON. */
export function decodeNotice(raw: string): HistoryEvent {
  const { id, ...fields } = JSON.parse(raw) as EventFields & { id: string };
  return decodeEvent(id, fields);
}

/** A session value: heartbeat and paused first as text, so update-session patches them without JSON. */
export function encodeSession(session: SessionRecord): string {
  const { last_heartbeat, paused, ...rest } = session;
  return `${last_heartbeat}\n${paused ? 1 : 0}\n${JSON.stringify(rest)}`;
}

export function decodeSession(raw: string): SessionRecord {
  const first = raw.indexOf("\n");
  const second = raw.indexOf("\n", first + 1);
  const rest = JSON.parse(raw.slice(second + 1)) as Omit<SessionRecord, "last_heartbeat" | "paused">;
  return { ...rest, last_heartbeat: raw.slice(0, first), paused: raw.slice(first + 1, second) === "1" };
}

export function decodeClaim(raw: string): ClaimRecord {
  return JSON.parse(raw) as ClaimRecord;
}

/** Lua returns "" or false for "none". */
export function orNull<T>(raw: string | null | undefined, decode: (raw: string) => T): T | null {
  return raw ? decode(raw) : null;
}

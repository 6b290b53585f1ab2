import type { ClaimRecord, LockRecord, SessionRecord } from "@agent-baton/core";

/** A lock as the Lua scripts store it: times in Redis milliseconds. */
interface StoredLock {
  lock_name: string;
  held_by: string;
  host: string;
  pid: number | null;
  pid_start: string | null;
  worktree: string | null;
  acquired_ms: number;
  expires_ms: number;
  fencing_token: number;
}

export function decodeLock(raw: string): LockRecord {
  const stored = JSON.parse(raw) as StoredLock;
  return {
    lock_name: stored.lock_name,
    held_by: stored.held_by,
    host: stored.host,
    pid: stored.pid ?? null,
    pid_start: stored.pid_start ?? null,
    worktree: stored.worktree ?? null,
    acquired_at: new Date(stored.acquired_ms).toISOString(),
    expires_at: new Date(stored.expires_ms).toISOString(),
    fencing_token: stored.fencing_token,
  };
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

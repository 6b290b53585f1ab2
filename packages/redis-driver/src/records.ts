import type { ClaimRecord, LockOwner, LockRecord, SessionRecord } from "@agent-baton/core";

/** What a lock value carries after its head: everything of the owner except the session. */
type OwnerDetails = Pick<LockRecord, "host" | "pid" | "pid_start" | "worktree">;

/** The owner's details as JSON, the last line of a lock value. */
export function ownerDetails(owner: LockOwner): string {
  const details: OwnerDetails = {
    host: owner.host,
    pid: owner.pid,
    pid_start: owner.pid_start,
    worktree: owner.worktree,
  };
  return JSON.stringify(details);
}

/** The first line of a lock value: the holder's session id as a JSON string, so any id fits on one line. */
export function holderField(sessionId: string): string {
  return JSON.stringify(sessionId);
}

/**
 * Decodes a lock value, "<holder>\n<fencing token>\n<acquired ms>\n<expires ms>\n<owner details>"
 * (see lua/acquire-3.lua). JSON never holds a raw line break, so the value splits into five lines.
 */
export function decodeLock(raw: string, lockName: string): LockRecord {
  const [holder, token, acquired, expires, details] = raw.split("\n") as [
    string,
    string,
    string,
    string,
    string,
  ];
  const owner = JSON.parse(details) as OwnerDetails;
  return {
    lock_name: lockName,
    held_by: JSON.parse(holder) as string,
    host: owner.host,
    pid: owner.pid ?? null,
    pid_start: owner.pid_start ?? null,
    worktree: owner.worktree ?? null,
    acquired_at: new Date(Number(acquired)).toISOString(),
    expires_at: new Date(Number(expires)).toISOString(),
    fencing_token: Number(token),
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

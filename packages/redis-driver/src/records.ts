import type { ClaimRecord, LockOwner, LockRecord, SessionRecord } from "@agent-baton/core";

/** What a lock value carries after its head: everything of the owner except the session. */
type OwnerDetails = Pick<LockRecord, "host" | "pid" | "pid_start" | "worktree">;

const detailsCache = new WeakMap<LockOwner, string>();

/** The owner's details as JSON, encoded once per owner object (callers reuse theirs). */
export function ownerDetails(owner: LockOwner): string {
  let json = detailsCache.get(owner);
  if (json === undefined) {
    json = JSON.stringify({
      host: owner.host,
      pid: owner.pid,
      pid_start: owner.pid_start,
      worktree: owner.worktree,
    });
    detailsCache.set(owner, json);
  }
  return json;
}

let lastSession = "";
let lastField = '""';

/** The first line of a lock value: the holder's session id as a JSON string (a session repeats its own). */
export function holderField(sessionId: string): string {
  if (sessionId !== lastSession) {
    lastField = JSON.stringify(sessionId);
    lastSession = sessionId;
  }
  return lastField;
}

/** Owner details parsed before: most values repeat one owner's details, so parse each string once. */
const parsedDetails = new Map<string, OwnerDetails>();

function parseDetails(json: string): OwnerDetails {
  let details = parsedDetails.get(json);
  if (details === undefined) {
    details = JSON.parse(json) as OwnerDetails;
    if (parsedDetails.size >= 256) parsedDetails.clear();
    parsedDetails.set(json, details);
  }
  return details;
}

/** The last value decoded: a release returns the value its acquire returned, so decode it once. */
let lastRaw = "";
let lastName = "";
let lastLock: LockRecord | undefined;

/** Decodes "<holder>\n<token>\n<acquired ms>\n<expires ms>\n<owner details>" (see lua/acquire-2.lua). */
export function decodeLock(raw: string, lockName: string): LockRecord {
  // A copy, so callers that change their record never change the next caller's.
  if (lastLock !== undefined && raw === lastRaw && lockName === lastName) return { ...lastLock };
  const lock = parseLock(raw, lockName);
  lastRaw = raw;
  lastName = lockName;
  lastLock = lock;
  return { ...lock };
}

function parseLock(raw: string, lockName: string): LockRecord {
  const a = raw.indexOf("\n");
  const b = raw.indexOf("\n", a + 1);
  const c = raw.indexOf("\n", b + 1);
  const d = raw.indexOf("\n", c + 1);
  const details = parseDetails(raw.slice(d + 1));
  const holder = raw.slice(0, a);
  return {
    lock_name: lockName,
    // Session ids rarely need JSON escapes; skip the parser when there are none.
    held_by: holder.includes("\\") ? (JSON.parse(holder) as string) : holder.slice(1, -1),
    host: details.host,
    pid: details.pid ?? null,
    pid_start: details.pid_start ?? null,
    worktree: details.worktree ?? null,
    acquired_at: isoOf(Number(raw.slice(b + 1, c))),
    expires_at: isoOf(Number(raw.slice(c + 1, d))),
    fencing_token: Number(raw.slice(a + 1, b)),
  };
}

const DAY_MS = 86_400_000;
/** The last day seen: a lock's times fall on few days, so only the time of day is formatted. */
let dayStart = Number.NaN;
let dayPrefix = "";
const pad2 = (n: number) => (n < 10 ? `0${n}` : `${n}`);
const pad3 = (n: number) => (n < 10 ? `00${n}` : n < 100 ? `0${n}` : `${n}`);

/** `new Date(ms).toISOString()`, several times faster for times within the last day seen. */
export function isoOf(ms: number): string {
  if (!Number.isInteger(ms)) return new Date(ms).toISOString();
  if (!(ms >= dayStart && ms < dayStart + DAY_MS)) {
    const iso = new Date(ms).toISOString();
    // Only years 1970–9999 have the plain "YYYY-MM-DDT" prefix and a non-negative day start.
    if (!(ms >= 0 && ms < 253_402_300_800_000)) return iso;
    dayStart = ms - (ms % DAY_MS);
    dayPrefix = iso.slice(0, 11);
  }
  const t = ms - dayStart;
  const h = Math.floor(t / 3_600_000);
  const m = Math.floor(t / 60_000) % 60;
  const s = Math.floor(t / 1000) % 60;
  return `${dayPrefix}${pad2(h)}:${pad2(m)}:${pad2(s)}.${pad3(t % 1000)}Z`;
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

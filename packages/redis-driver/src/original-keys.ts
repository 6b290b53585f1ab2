import { type LockRecord, type LockState, originalKeyHold } from "@agent-baton/core";
import type { Client } from "./connection.js";
import type { Diagnostic } from "./diagnose.js";
import { escapeGlob } from "./keys.js";
import { getMany, scanKeys } from "./scan.js";

/**
 * Where the original scripts' coordination server keeps its locks: this prefix and baton's stored
 * name (`claude:locks:resource:pytest`, `claude:locks:issue:42`). See lua/includes/original.lua.
 */
export const ORIGINAL_LOCK_KEYS = "claude:locks:";
/** The original's session records. */
export const ORIGINAL_SESSION_KEYS = "claude:sessions:";

/** The name's state with the original's hold first, unless a baton hold already names its session. */
export function withOriginalHold(
  state: LockState | null,
  hold: LockRecord | null,
  name: string,
): LockState | null {
  if (!hold) return state;
  if (!state) return { lock_name: name, slots: 1, holders: [hold], waiters: [], requests: [] };
  if (state.holders.some((h) => h.held_by === hold.held_by)) return state;
  return { ...state, holders: [hold, ...state.holders] };
}

/** The hold a script's answer about the original's key stands for: its value and expiry ms (-1: none). */
export function scriptOriginalHold(
  name: string,
  raw: string,
  expiresMs: number,
  now: number,
): LockRecord | null {
  return raw === "" && expiresMs === 0
    ? null
    : originalKeyHold(name, raw, expiresMs < 0 ? null : expiresMs, now);
}

/** The original's key for the name as read now: its value ("" when not a string) and ms to live (-1: none). */
export async function readOriginalKey(
  client: Client,
  namespace: string,
  name: string,
): Promise<{ raw: string; ttlMs: number } | null> {
  if (namespace === "") return null;
  const key = namespace + name;
  const [got, ttl] = (await client.pipeline().get(key).pttl(key).exec()) ?? [];
  const [error, raw] = got ?? [null, null];
  if (!error && raw === null) return null;
  return { raw: error ? "" : String(raw), ttlMs: Number(ttl?.[1] ?? -1) };
}

/** Original locks doctor names one by one; the rest are counted. */
const NAMED = 5;

/**
 * What the original scripts left in this database, with the step that finishes the move: each
 * lock key of theirs (baton treats its name as held while it exists) and their session records.
 */
export async function diagnoseOriginal(client: Client, namespace: string): Promise<Diagnostic[]> {
  if (namespace === "") return [];
  const keys = (await scanKeys(client, `${escapeGlob(namespace)}*`)).sort();
  const ttls = keys.reduce((p, key) => p.pttl(key), client.pipeline());
  const [values, lives] = await Promise.all([getMany(client, keys), ttls.exec()]);
  const now = Date.now();
  const held = keys.flatMap((key, i) => {
    const ttl = Number(lives?.[i]?.[1] ?? -1);
    const raw = values[i];
    const hold = raw
      ? originalKeyHold(key.slice(namespace.length), raw, ttl < 0 ? null : now + ttl, now)
      : null;
    return hold ? [{ key, hold }] : [];
  });
  const found: Diagnostic[] = held.slice(0, NAMED).map(({ key, hold }) => ({
    level: "warn",
    message: `original lock ${hold.lock_name} (key ${key}) held by ${hold.held_by}${hold.worktree ? ` in ${hold.worktree}` : ""} until ${hold.expires_at}: baton treats it as held; let it be released (the original's release_lock) or expire`,
  }));
  if (held.length > NAMED) {
    found.push({
      level: "warn",
      message: `${held.length - NAMED} more original locks under ${namespace}*, held the same way`,
    });
  }
  const sessions = await scanKeys(client, `${escapeGlob(ORIGINAL_SESSION_KEYS)}*`);
  if (sessions.length > 0) {
    found.push({
      level: "warn",
      message: `${sessions.length} session record${sessions.length === 1 ? "" : "s"} of the original scripts (${ORIGINAL_SESSION_KEYS}*): restart those Claude Code sessions on baton's hooks, then delete those keys`,
    });
  }
  return found;
}

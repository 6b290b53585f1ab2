import { InvalidInputError } from "@agent-baton/core";

/**
 * Where each record lives. Every key starts with `{PREFIX}:`: the braces are a Redis Cluster hash
 * tag, so all keys of one deployment share one slot and multi-key Lua scripts work on a cluster.
 */
export interface KeyLayout {
  /** `{PREFIX}:`, handed to scripts that derive keys of other records. */
  base: string;
  /** The pub/sub channel that tells waiters a name changed (see lua/includes/lock-state.lua). */
  releaseChannel: string;
  /** The pub/sub channel that tells a session at the head of a line to try again (lock-state.lua). */
  wakeChannel(sessionId: string): string;
  /** Hash of fencing counters, one field per lock name; never expires, so tokens only grow. */
  fences: string;
  /** The history stream. */
  events: string;
  /** A lock name's whole state: holds, line, requests, slots (JSON). */
  lock(name: string): string;
  /** Present while a waiter outside the name's line watches it (see lua/watch-1.lua). */
  watched(name: string): string;
  session(sessionId: string): string;
  /** Hash of the names a session holds or waits for: what endSession and reapSession read. */
  index(sessionId: string): string;
  /** List of the session's pending notices. */
  notices(sessionId: string): string;
  claim(issueId: string): string;
  claimOf(sessionId: string): string;
  /** Hash of one repository's reservations: field `[session, pattern]` as JSON, value the record. */
  reservations(repo: string): string;
  /** Hash of each repository's reservation version; never expires, so versions only grow. */
  reservationVersions: string;
  /** Set of the repositories that have reservations. */
  reservationRepos: string;
}

/** `owner/repo#number`: how a claim is addressed. */
export const issueId = (repo: string, issue: number): string => `${repo}#${issue}`;

export function keyLayout(prefix: string): KeyLayout {
  if (prefix === "" || /[{}\s]/.test(prefix)) {
    throw new InvalidInputError(
      `key prefix "${prefix}" must be non-empty without braces or spaces; e.g. baton or team-a`,
      { field: "keyPrefix" },
    );
  }
  const base = `{${prefix}}:`;
  return {
    base,
    releaseChannel: `${base}released`,
    wakeChannel: (sessionId) => `${base}wake:${sessionId}`,
    fences: `${base}fences`,
    events: `${base}events`,
    lock: (name) => `${base}lock:${name}`,
    watched: (name) => `${base}watched:${name}`,
    session: (sessionId) => `${base}session:${sessionId}`,
    index: (sessionId) => `${base}index:${sessionId}`,
    notices: (sessionId) => `${base}notices:${sessionId}`,
    claim: (id) => `${base}claim:${id}`,
    claimOf: (sessionId) => `${base}claim-of:${sessionId}`,
    reservations: (repo) => `${base}reservations:${repo}`,
    reservationVersions: `${base}reservation-versions`,
    reservationRepos: `${base}reservation-repos`,
  };
}

/** Escapes Redis glob characters so a literal string can start a SCAN MATCH pattern. */
export function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, "\\$&");
}

/** The literal head of a lock glob (up to its first wildcard), for narrowing SCAN. */
export function literalHead(glob: string): string {
  const stop = glob.search(/[*?[\\]/);
  return stop === -1 ? glob : glob.slice(0, stop);
}

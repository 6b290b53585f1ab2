import { EventEmitter } from "node:events";
import {
  type ClaimRecord,
  type Clock,
  type Driver,
  type DriverFactory,
  globToRegExp,
  type LockRecord,
  type ReservationRecord,
  type SessionRecord,
  systemClock,
} from "@agent-baton/core";

export interface MemoryDriverOptions {
  clock?: Clock;
  /** Drivers made with the same namespace share one store, like two clients of one backend. */
  namespace?: string;
}

interface Store {
  locks: Map<string, LockRecord>;
  fencing: Map<string, number>;
  sessions: Map<string, SessionRecord>;
  claims: Map<string, ClaimRecord>;
  /** Per repository: its reservations by (session, pattern), and its version. */
  reservations: Map<string, Map<string, ReservationRecord>>;
  reservationVersions: Map<string, number>;
  released: EventEmitter;
}

const stores = new Map<string, Store>();

function newStore(): Store {
  return {
    locks: new Map(),
    fencing: new Map(),
    sessions: new Map(),
    claims: new Map(),
    reservations: new Map(),
    reservationVersions: new Map(),
    released: new EventEmitter().setMaxListeners(0),
  };
}

const claimKey = (repo: string, issue: number) => `${repo}#${issue}`;
const reservationKey = (r: Pick<ReservationRecord, "session_id" | "pattern">) =>
  JSON.stringify([r.session_id, r.pattern]);

/**
 * The reference driver: the contract's semantics in the plainest form, all in one process.
 * A test aid for the conformance suite and the Coordinator's tests, not a product backend.
 */
export const createMemoryDriver: DriverFactory<MemoryDriverOptions | undefined> = (options) => {
  const clock = options?.clock ?? systemClock;
  const namespace = options?.namespace;
  let store = namespace === undefined ? undefined : stores.get(namespace);
  if (!store) {
    store = newStore();
    if (namespace !== undefined) stores.set(namespace, store);
  }
  const { locks, fencing, sessions, claims, reservations, reservationVersions, released } = store;

  const live = (name: string): LockRecord | null => {
    const lock = locks.get(name);
    if (!lock) return null;
    if (Date.parse(lock.expires_at) <= clock.now()) {
      locks.delete(name);
      return null;
    }
    return lock;
  };
  const expiry = (ttlMs: number) => new Date(clock.now() + ttlMs).toISOString();
  const drop = (name: string) => {
    locks.delete(name);
    released.emit(name);
  };
  const sessionClaim = (sessionId: string) =>
    [...claims.values()].find((c) => c.session_id === sessionId) ?? null;

  return {
    name: "memory",
    location: "memory",

    async acquireLock(name, owner, ttlMs, opts) {
      const current = live(name);
      if (current && current.held_by === owner.held_by) {
        const lock = { ...current, expires_at: expiry(ttlMs) };
        locks.set(name, lock);
        return { acquired: true, lock, extended: true };
      }
      if (current && current.fencing_token !== opts?.replaceToken)
        return { acquired: false, holder: current };
      // above every earlier token of this name, and above the clock in µs so that tokens keep rising after a store is lost
      const token = Math.max((fencing.get(name) ?? 0) + 1, clock.now() * 1000);
      fencing.set(name, token);
      const now = new Date(clock.now()).toISOString();
      const lock: LockRecord = {
        ...owner,
        lock_name: name,
        acquired_at: now,
        expires_at: expiry(ttlMs),
        fencing_token: token,
      };
      locks.set(name, lock);
      return { acquired: true, lock, extended: false };
    },

    async releaseLock(name, sessionId) {
      const current = live(name);
      if (!current) return { outcome: "not_found", lock: null };
      if (current.held_by !== sessionId) return { outcome: "not_owner", lock: current };
      drop(name);
      return { outcome: "done", lock: current };
    },

    async extendLock(name, sessionId, ttlMs) {
      const current = live(name);
      if (!current) return { outcome: "not_found", lock: null };
      if (current.held_by !== sessionId) return { outcome: "not_owner", lock: current };
      const lock = { ...current, expires_at: expiry(ttlMs) };
      locks.set(name, lock);
      return { outcome: "done", lock };
    },

    async forceReleaseLock(name, opts) {
      const current = live(name);
      if (!current) return null;
      if (opts?.expectedToken !== undefined && current.fencing_token !== opts.expectedToken) return null;
      drop(name);
      return current;
    },

    async getLock(name) {
      return live(name);
    },

    async listLocks(pattern) {
      const re = globToRegExp(pattern);
      return [...locks.keys()]
        .filter((name) => re.test(name))
        .map((name) => live(name))
        .filter((l): l is LockRecord => l !== null)
        .sort((a, b) => a.lock_name.localeCompare(b.lock_name));
    },

    waitForRelease(name, timeoutMs, signal) {
      return new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          released.off(name, done);
          signal?.removeEventListener("abort", done);
          resolve();
        };
        const timer = setTimeout(done, timeoutMs);
        released.on(name, done);
        signal?.addEventListener("abort", done, { once: true });
      });
    },

    async putSession(session) {
      sessions.set(session.session_id, structuredClone(session));
    },

    async getSession(sessionId) {
      return sessions.get(sessionId) ?? null;
    },

    async updateSession(sessionId, patch) {
      const current = sessions.get(sessionId);
      if (!current) return null;
      const next = { ...current, ...patch };
      sessions.set(sessionId, next);
      return next;
    },

    async listSessions() {
      return [...sessions.values()];
    },

    async endSession(sessionId) {
      const session = sessions.get(sessionId) ?? null;
      sessions.delete(sessionId);
      const held = [...locks.keys()].filter((name) => live(name)?.held_by === sessionId).sort();
      for (const name of held) drop(name);
      const claim = sessionClaim(sessionId);
      if (claim) claims.delete(claimKey(claim.repo, claim.number));
      return { session, locks: held, claim };
    },

    async claimIssue(claim, opts) {
      const key = claimKey(claim.repo, claim.number);
      const current = claims.get(key);
      if (current && current.session_id !== claim.session_id && current.session_id !== opts?.replaceSession) {
        return { claimed: false, holder: current };
      }
      const mine = sessionClaim(claim.session_id);
      const replaced = mine && claimKey(mine.repo, mine.number) !== key ? mine : null;
      if (replaced) claims.delete(claimKey(replaced.repo, replaced.number));
      const kept =
        current && current.session_id === claim.session_id
          ? { ...claim, claimed_at: current.claimed_at }
          : claim;
      claims.set(key, kept);
      const previous = current && current.session_id !== claim.session_id ? current : null;
      return { claimed: true, claim: kept, replaced, previous };
    },

    async releaseClaim(sessionId) {
      const claim = sessionClaim(sessionId);
      if (claim) claims.delete(claimKey(claim.repo, claim.number));
      return claim;
    },

    async getClaim(repo, issue) {
      return claims.get(claimKey(repo, issue)) ?? null;
    },

    async getSessionClaim(sessionId) {
      return sessionClaim(sessionId);
    },

    async listClaims(repo) {
      return [...claims.values()]
        .filter((c) => repo === undefined || c.repo === repo)
        .sort((a, b) => a.repo.localeCompare(b.repo) || a.number - b.number);
    },

    async listReservationRepositories() {
      return [...reservations.keys()].sort();
    },

    async getReservations(repo) {
      return {
        version: reservationVersions.get(repo) ?? 0,
        reservations: [...(reservations.get(repo)?.values() ?? [])].map((r) => structuredClone(r)),
      };
    },

    async changeReservations(repo, expectedVersion, change) {
      const version = reservationVersions.get(repo) ?? 0;
      if (version !== expectedVersion) return null;
      const held = reservations.get(repo) ?? new Map<string, ReservationRecord>();
      for (const r of change.remove) held.delete(reservationKey(r));
      for (const r of change.put) held.set(reservationKey(r), structuredClone(r));
      if (held.size > 0) reservations.set(repo, held);
      else reservations.delete(repo);
      // the version outlives the reservations, so a compare-and-set never mistakes a later set for an earlier one
      reservationVersions.set(repo, version + 1);
      return version + 1;
    },

    async ping() {},

    async close() {},
  } satisfies Driver;
};

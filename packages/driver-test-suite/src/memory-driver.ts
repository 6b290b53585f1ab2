import {
  type ClaimRecord,
  type Clock,
  DEFAULTS,
  type Driver,
  type DriverFactory,
  systemClock,
} from "@agent-baton/core";
import { memoryHistory } from "./memory/history.js";
import { memoryLocks } from "./memory/locks.js";
import { memoryReservations } from "./memory/reservations.js";
import { claimKey, storeFor } from "./memory/store.js";

export interface MemoryDriverOptions {
  clock?: Clock;
  /** Drivers made with the same namespace share one store, like two clients of one backend. */
  namespace?: string;
  /** Record history events and notices (default true). */
  history?: boolean;
  /** Events kept, the oldest dropped first (default the config's historyMaxEvents). */
  historyMaxEvents?: number;
}

/**
 * The reference driver: the contract's semantics in the plainest form, all in one process, each
 * method one synchronous step. A test aid for the conformance suite and the Coordinator's tests,
 * not a product backend.
 */
export const createMemoryDriver: DriverFactory<MemoryDriverOptions | undefined> = (options) => {
  const clock = options?.clock ?? systemClock;
  const now = () => clock.now();
  const store = storeFor(options?.namespace);
  const { sessions, claims, names, index } = store;
  const history = memoryHistory(store, now, {
    enabled: options?.history ?? true,
    maxEvents: options?.historyMaxEvents ?? DEFAULTS.historyMaxEvents,
  });
  const locks = memoryLocks(store, history, now);
  const sessionClaim = (sessionId: string) =>
    [...claims.values()].find((c) => c.session_id === sessionId) ?? null;
  const dropClaim = (claim: ClaimRecord, reason: string | null) => {
    claims.delete(claimKey(claim.repo, claim.number));
    history.record("claim.released", claimKey(claim.repo, claim.number), {
      session: claim.session_id,
      reason,
    });
  };

  return {
    name: "memory",
    location: "memory",
    ...locks.methods,
    ...memoryReservations(store, history),

    async putSession(session) {
      const existed = sessions.has(session.session_id);
      sessions.set(session.session_id, structuredClone(session));
      if (!existed) {
        history.record("session.started", session.session_id, {
          session: session.session_id,
          host: session.host,
        });
      }
    },

    async getSession(sessionId) {
      return structuredClone(sessions.get(sessionId) ?? null);
    },

    async updateSession(sessionId, patch) {
      const current = sessions.get(sessionId);
      if (!current) return null;
      const next = { ...current, ...patch };
      sessions.set(sessionId, next);
      if (patch.paused === true && !current.paused) {
        history.record("session.paused", sessionId, { session: sessionId, host: current.host });
      }
      return structuredClone(next);
    },

    async listSessions() {
      return structuredClone([...sessions.values()]);
    },

    async endSession(sessionId, options) {
      const at = now();
      const reason = options.reason ?? null;
      const released: string[] = [];
      for (const name of [...(index.get(sessionId) ?? [])].sort()) {
        const entry = names.get(name);
        const hold = entry?.holders.find((h) => h.held_by === sessionId);
        const waiter = entry?.waiters.find((w) => w.session_id === sessionId);
        if (entry && hold) {
          const expired = Date.parse(hold.expires_at) <= at;
          history.record(expired ? "lock.expired" : "lock.released", name, {
            session: sessionId,
            host: hold.host,
            token: hold.fencing_token,
            reason: expired ? null : reason,
            ...(expired ? { at: Date.parse(hold.expires_at) } : {}),
          });
          if (!expired) released.push(name);
          locks.drop(name, entry, hold);
        }
        if (entry && waiter) {
          entry.waiters = entry.waiters.filter((w) => w !== waiter);
          history.record("lock.gave_up", name, { session: sessionId, host: waiter.host, reason });
          locks.settle(name, entry);
          locks.wake(name);
        }
      }
      index.delete(sessionId);
      const claim = sessionClaim(sessionId);
      if (claim) dropClaim(claim, reason);
      const session = sessions.get(sessionId) ?? null;
      if (session) {
        sessions.delete(sessionId);
        history.record(options.event, sessionId, {
          session: sessionId,
          host: session.host,
          by: options.by ?? null,
          reason,
        });
      }
      store.notices.delete(sessionId);
      return { session, locks: released, claim };
    },

    async reapSession(sessionId) {
      for (const name of [...(index.get(sessionId) ?? [])]) locks.prune(name, now());
    },

    async claimIssue(claim, opts) {
      const key = claimKey(claim.repo, claim.number);
      const current = claims.get(key);
      const me = claim.session_id;
      if (current && current.session_id !== me && current.session_id !== opts?.replaceSession) {
        return { claimed: false, holder: structuredClone(current) };
      }
      const mine = sessionClaim(me);
      const replaced = mine && claimKey(mine.repo, mine.number) !== key ? mine : null;
      if (replaced) dropClaim(replaced, `replaced by ${key}`);
      const previous = current && current.session_id !== me ? current : null;
      if (previous) history.record("claim.overridden", key, { session: previous.session_id, by: me });
      const kept = current && !previous ? { ...claim, claimed_at: current.claimed_at } : claim;
      claims.set(key, structuredClone(kept));
      if (!current || previous) history.record("claim.taken", key, { session: me });
      return { claimed: true, claim: structuredClone(kept), replaced, previous };
    },

    async releaseClaim(sessionId) {
      const claim = sessionClaim(sessionId);
      if (claim) dropClaim(claim, null);
      return claim;
    },

    async getClaim(repo, issue) {
      return structuredClone(claims.get(claimKey(repo, issue)) ?? null);
    },

    async getSessionClaim(sessionId) {
      return structuredClone(sessionClaim(sessionId));
    },

    async listClaims(repo) {
      return structuredClone(
        [...claims.values()]
          .filter((c) => repo === undefined || c.repo === repo)
          .sort((a, b) => a.repo.localeCompare(b.repo) || a.number - b.number),
      );
    },

    async readEvents(query) {
      return history.read(query);
    },

    followEvents(query, onEvent, signal) {
      return history.follow(query, onEvent, signal);
    },

    async takeNotices(sessionId) {
      return history.take(sessionId);
    },

    async recordEvents(list) {
      for (const { type, name, ...fields } of list) history.record(type, name, fields);
    },

    async ping() {},

    async close() {},
  } satisfies Driver;
};

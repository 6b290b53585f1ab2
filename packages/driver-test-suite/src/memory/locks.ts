import {
  type DriverAcquireOutcome,
  type DriverLockSteps,
  globToRegExp,
  type LockRecord,
  type LockState,
} from "@agent-baton/core";
import type { MemoryHistory } from "./history.js";
import type { NameEntry, Store } from "./store.js";

const iso = (ms: number) => new Date(ms).toISOString();
const past = (time: string, now: number) => Date.parse(time) <= now;

/** The lock half of the reference driver: each method one synchronous step over the store. */
export function memoryLocks(store: Store, history: MemoryHistory, clock: () => number) {
  const { names, fencing, index, signals } = store;

  const indexed = (sessionId: string) => {
    const set = index.get(sessionId) ?? new Set<string>();
    index.set(sessionId, set);
    return set;
  };
  const unindex = (sessionId: string, name: string) => index.get(sessionId)?.delete(name);
  const wake = (name: string) => signals.emit(`lock:${name}`);

  /** Drops the name when nothing is left of it, and the requests with its last hold. */
  const settle = (name: string, entry: NameEntry) => {
    if (entry.holders.length === 0) entry.requests = [];
    if (entry.holders.length === 0 && entry.waiters.length === 0) names.delete(name);
  };

  /** Removes one hold, recording why (expired, taken over, force-released, released). */
  const drop = (name: string, entry: NameEntry, hold: LockRecord) => {
    entry.holders = entry.holders.filter((h) => h !== hold);
    unindex(hold.held_by, name);
    settle(name, entry);
    wake(name);
  };

  /** Step 1: holds past expiry, places past their lease and lapsed requests leave. */
  const prune = (name: string, now: number): NameEntry | undefined => {
    const entry = names.get(name);
    if (!entry) return undefined;
    for (const hold of entry.holders.filter((h) => past(h.expires_at, now))) {
      history.record("lock.expired", name, {
        session: hold.held_by,
        host: hold.host,
        token: hold.fencing_token,
        at: Date.parse(hold.expires_at),
      });
      drop(name, entry, hold);
    }
    for (const waiter of entry.waiters.filter((w) => past(w.lease_expires_at, now))) {
      entry.waiters = entry.waiters.filter((w) => w !== waiter);
      unindex(waiter.session_id, name);
      history.record("lock.gave_up", name, {
        session: waiter.session_id,
        host: waiter.host,
        reason: "lease expired",
        at: Date.parse(waiter.lease_expires_at),
      });
      wake(name);
    }
    entry.requests = entry.requests.filter((r) => !past(r.expires_at, now));
    settle(name, entry);
    return names.get(name);
  };

  /** What a reader sees: live holds, places and requests only, copied; null when none of the first two. */
  const view = (name: string, now: number): LockState | null => {
    const entry = names.get(name);
    if (!entry) return null;
    const holders = entry.holders.filter((h) => !past(h.expires_at, now));
    const waiters = entry.waiters.filter((w) => !past(w.lease_expires_at, now));
    if (holders.length === 0 && waiters.length === 0) return null;
    const requests = holders.length === 0 ? [] : entry.requests.filter((r) => !past(r.expires_at, now));
    return structuredClone({ lock_name: name, slots: entry.slots, holders, waiters, requests });
  };

  const methods: DriverLockSteps = {
    async acquireLock(name, request): Promise<DriverAcquireOutcome> {
      const now = clock();
      const me = request.owner.held_by;
      let entry = prune(name, now);
      for (const hold of entry?.holders.filter((h) => request.evict?.includes(h.fencing_token)) ?? []) {
        history.record("lock.taken_over", name, {
          session: hold.held_by,
          host: hold.host,
          token: hold.fencing_token,
          by: me,
          reason: request.reason ?? null,
        });
        drop(name, entry!, hold);
      }
      entry = names.get(name);
      const mine = entry?.holders.find((h) => h.held_by === me);
      if (entry && mine) {
        mine.expires_at = iso(now + request.ttlMs);
        history.record("lock.extended", name, { session: me, host: mine.host, token: mine.fencing_token });
        return { acquired: true, lock: structuredClone(mine), extended: true, state: view(name, now)! };
      }
      if (entry && entry.slots !== request.slots) {
        return { acquired: false, state: view(name, now)!, position: null, slotsInForce: entry.slots };
      }
      const holders = entry?.holders ?? [];
      const waiters = entry?.waiters ?? [];
      const fits =
        request.mode === "exclusive"
          ? holders.every((h) => h.mode === "exclusive") && holders.length < request.slots
          : holders.every((h) => h.mode === "shared");
      const place = waiters.findIndex((w) => w.session_id === me);
      if (fits && (waiters.length === 0 || place === 0)) {
        // above every earlier token of this name, and above the clock in µs so that tokens keep rising after a store is lost
        const token = Math.max((fencing.get(name) ?? 0) + 1, now * 1000);
        fencing.set(name, token);
        const lock: LockRecord = {
          ...request.owner,
          lock_name: name,
          mode: request.mode,
          acquired_at: iso(now),
          expires_at: iso(now + request.ttlMs),
          fencing_token: token,
        };
        const target = entry ?? { slots: request.slots, holders: [], waiters: [], requests: [] };
        names.set(name, target);
        target.holders.push(lock);
        const waited = place === 0 ? target.waiters.shift() : undefined;
        indexed(me).add(name);
        history.record("lock.acquired", name, {
          session: me,
          host: lock.host,
          token,
          waited_ms: waited ? now - Date.parse(waited.since) : null,
          notify: waited !== undefined && request.notifyOnGrant === true,
        });
        if (target.waiters.length > 0) wake(name);
        return { acquired: true, lock: structuredClone(lock), extended: false, state: view(name, now)! };
      }
      if (request.leaseMs === undefined) {
        return { acquired: false, state: view(name, now) ?? emptyState(name, request.slots), position: null };
      }
      const target = entry ?? { slots: request.slots, holders: [], waiters: [], requests: [] };
      names.set(name, target);
      const lease = iso(now + request.leaseMs);
      const waiter = target.waiters[place];
      if (waiter) waiter.lease_expires_at = lease;
      else {
        target.waiters.push({
          session_id: me,
          host: request.owner.host,
          mode: request.mode,
          since: iso(now),
          lease_expires_at: lease,
        });
        indexed(me).add(name);
        history.record("lock.queued", name, {
          session: me,
          host: request.owner.host,
          position: target.waiters.length,
        });
      }
      const position = target.waiters.findIndex((w) => w.session_id === me) + 1;
      return { acquired: false, state: view(name, now)!, position };
    },

    async leaveLine(name, sessionId, reason) {
      const entry = prune(name, clock());
      const waiter = entry?.waiters.find((w) => w.session_id === sessionId);
      if (!entry || !waiter) return;
      entry.waiters = entry.waiters.filter((w) => w !== waiter);
      unindex(sessionId, name);
      history.record("lock.gave_up", name, { session: sessionId, host: waiter.host, reason });
      settle(name, entry);
      wake(name);
    },

    async releaseLock(name, sessionId) {
      const entry = prune(name, clock());
      const hold = entry?.holders.find((h) => h.held_by === sessionId);
      if (!entry || entry.holders.length === 0) return { outcome: "not_found", lock: null };
      if (!hold) return { outcome: "not_owner", lock: structuredClone(entry.holders[0]!) };
      history.record("lock.released", name, {
        session: sessionId,
        host: hold.host,
        token: hold.fencing_token,
      });
      drop(name, entry, hold);
      return { outcome: "done", lock: structuredClone(hold) };
    },

    async extendLock(name, sessionId, ttlMs, patch) {
      const now = clock();
      const entry = prune(name, now);
      const hold = entry?.holders.find((h) => h.held_by === sessionId);
      if (!entry || entry.holders.length === 0) return { outcome: "not_found", lock: null };
      if (!hold) return { outcome: "not_owner", lock: structuredClone(entry.holders[0]!) };
      Object.assign(hold, patch, { expires_at: iso(now + ttlMs) });
      history.record("lock.extended", name, {
        session: sessionId,
        host: hold.host,
        token: hold.fencing_token,
      });
      return { outcome: "done", lock: structuredClone(hold) };
    },

    async forceReleaseLock(name, options) {
      const entry = prune(name, clock());
      const broken = (entry?.holders ?? []).filter(
        (h) => options.expectedToken === undefined || h.fencing_token === options.expectedToken,
      );
      for (const hold of broken) {
        history.record("lock.force_released", name, {
          session: hold.held_by,
          host: hold.host,
          token: hold.fencing_token,
          by: options.by,
          reason: options.reason ?? null,
        });
        drop(name, entry!, hold);
      }
      return structuredClone(broken);
    },

    async requestRelease(name, request) {
      const now = clock();
      const entry = prune(name, now);
      if (!entry || entry.holders.length === 0) return null;
      entry.requests = entry.requests.filter((r) => r.by !== request.by);
      entry.requests.push({
        by: request.by,
        reason: request.reason,
        at: iso(now),
        expires_at: iso(now + request.ttlMs),
      });
      for (const hold of entry.holders) {
        history.record("lock.release_requested", name, {
          session: hold.held_by,
          host: hold.host,
          token: hold.fencing_token,
          by: request.by,
          reason: request.reason,
        });
      }
      return view(name, now);
    },

    async getLock(name) {
      return view(name, clock());
    },

    async listLocks(pattern) {
      const re = globToRegExp(pattern);
      const now = clock();
      return [...names.keys()]
        .filter((name) => re.test(name))
        .sort()
        .flatMap((name) => view(name, now) ?? []);
    },

    waitForChange(name, timeoutMs, signal) {
      return new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          signals.off(`lock:${name}`, done);
          signal?.removeEventListener("abort", done);
          resolve();
        };
        const timer = setTimeout(done, timeoutMs);
        signals.on(`lock:${name}`, done);
        signal?.addEventListener("abort", done, { once: true });
      });
    },
  };

  return { methods, prune, drop, settle, unindex, wake };
}

const emptyState = (name: string, slots: number): LockState => ({
  lock_name: name,
  slots,
  holders: [],
  waiters: [],
  requests: [],
});

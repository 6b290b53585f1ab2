import type { Driver, ReservationRecord } from "@agent-baton/core";
import type { MemoryHistory } from "./history.js";
import type { Store } from "./store.js";

/** One store's reservations: per repository, its records by (session, pattern), and its version. */
interface ReservationStore {
  records: Map<string, Map<string, ReservationRecord>>;
  versions: Map<string, number>;
}

// keyed by the shared store, so drivers on one namespace share their reservations too
const byStore = new WeakMap<Store, ReservationStore>();

const recordKey = (r: Pick<ReservationRecord, "session_id" | "pattern">) =>
  JSON.stringify([r.session_id, r.pattern]);

/**
 * The reservation members of the memory driver: a compare-and-set on a version per repository,
 * recording the change's events in the same step.
 */
export function memoryReservations(
  store: Store,
  history: MemoryHistory,
): Pick<Driver, "listReservationRepositories" | "getReservations" | "changeReservations"> {
  let kept = byStore.get(store);
  if (!kept) {
    kept = { records: new Map(), versions: new Map() };
    byStore.set(store, kept);
  }
  const { records, versions } = kept;
  return {
    async listReservationRepositories() {
      return [...records.keys()].sort();
    },

    async getReservations(repo) {
      return {
        version: versions.get(repo) ?? 0,
        reservations: structuredClone([...(records.get(repo)?.values() ?? [])]),
      };
    },

    async changeReservations(repo, expectedVersion, change) {
      const version = versions.get(repo) ?? 0;
      if (version !== expectedVersion) return null;
      const held = records.get(repo) ?? new Map<string, ReservationRecord>();
      for (const r of change.remove) held.delete(recordKey(r));
      for (const r of change.put) held.set(recordKey(r), structuredClone(r));
      if (held.size > 0) records.set(repo, held);
      else records.delete(repo);
      // the version outlives the reservations, so a compare-and-set never mistakes a later set for an earlier one
      versions.set(repo, version + 1);
      for (const { type, name, ...fields } of change.events ?? []) history.record(type, name, fields);
      return version + 1;
    },
  };
}

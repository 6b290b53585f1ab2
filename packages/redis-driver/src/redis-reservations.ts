import type { Driver, ReservationRecord } from "@agent-baton/core";
import type { DriverContext } from "./context.js";

/** A reservation's field in its repository's hash: (session, pattern) as a JSON array, so any text fits. */
const fieldOf = (r: Pick<ReservationRecord, "session_id" | "pattern">) =>
  JSON.stringify([r.session_id, r.pattern]);

/**
 * The Driver's reservation members: a hash per repository, its version in a hash that never
 * expires, and a set of the repositories that have any; every change is one script
 * (lua/change-reservations-4.lua) that also records its events, every read one transaction.
 */
export function reservationSteps({
  client,
  keys,
  scripts,
  common,
  run,
}: DriverContext): Pick<Driver, "listReservationRepositories" | "getReservations" | "changeReservations"> {
  return {
    listReservationRepositories: () => run(async () => (await client.smembers(keys.reservationRepos)).sort()),

    getReservations: (repo) =>
      run(async () => {
        const replies = await client
          .multi()
          .hget(keys.reservationVersions, repo)
          .hvals(keys.reservations(repo))
          .exec();
        const [[versionError, version], [valuesError, values]] = replies as [
          [Error | null, string | null],
          [Error | null, string[]],
        ];
        if (versionError ?? valuesError) throw versionError ?? valuesError;
        return {
          version: Number(version ?? 0),
          reservations: values.map((raw) => JSON.parse(raw) as ReservationRecord),
        };
      }),

    changeReservations: (repo, expectedVersion, change) =>
      run(async () => {
        const version = await scripts.changeReservations(
          keys.reservations(repo),
          keys.reservationVersions,
          keys.reservationRepos,
          keys.events,
          ...common,
          repo,
          expectedVersion,
          JSON.stringify(change.events ?? []),
          change.remove.length,
          ...change.remove.map(fieldOf),
          ...change.put.flatMap((r) => [fieldOf(r), JSON.stringify(r)]),
        );
        return version === null ? null : Number(version);
      }),
  };
}

import type { DriverReservationChange, DriverReservations, ReservationEvent } from "./driver.js";
import { StorageError } from "./errors.js";
import { type HolderJudgement, judgeHolder } from "./holder-policy.js";
import type { ReservationRecord } from "./schemas/records.js";
import type { ReleasedReservation } from "./schemas/reservation.js";
import type { SessionContext } from "./session-context.js";

/** Tries of one compare-and-set before giving up: each lost try means another change just landed. */
const CAS_TRIES = 50;

/** A reservation's name in history: its repository key and glob (`github.com/acme/api:src/**`). */
export const reservationEventName = (repo: string, pattern: string) => `${repo}:${pattern}`;

/** The history event of a change to this reservation; `by` is the session that made it when another. */
export function reservationEvent(
  type: ReservationEvent["type"],
  r: ReservationRecord,
  fields: { by?: string | null; reason?: string | null } = {},
): ReservationEvent {
  return {
    type,
    name: reservationEventName(r.repo, r.pattern),
    session: r.session_id,
    host: r.host,
    by: fields.by ?? null,
    reason: fields.reason ?? null,
  };
}

/** Why a reservation of another session is removed: it expired, or its holder is gone (its tier). */
export const removalReason = (expired: boolean, tier: string | null) =>
  expired ? "expired" : `holder ${tier ?? "dead"}`;

/** Whether a reservation's time has passed. */
export const isExpired = (r: ReservationRecord, now: number) => Date.parse(r.expires_at) <= now;

/**
 * Judges holders by their session records, each looked up once per judge. A reservation's holder
 * registered before it reserved, so a holder without a record has ended: judged dead, as claims are.
 */
export function holderJudge(c: SessionContext): (sessionId: string) => Promise<HolderJudgement> {
  const seen = new Map<string, Promise<HolderJudgement>>();
  return (sessionId) => {
    let judged = seen.get(sessionId);
    if (!judged) {
      judged = c.driver
        .getSession(sessionId)
        .then((session) => judgeHolder(null, session, c.clock.now(), c.config, true));
      seen.set(sessionId, judged);
    }
    return judged;
  };
}

/**
 * Reads the repository's reservations, lets `decide` say what to change (or return a value and
 * change nothing), and writes the change if nothing moved meanwhile; else reads and decides again.
 */
export async function changeRepository<T>(
  c: SessionContext,
  repo: string,
  decide: (current: DriverReservations) => Promise<{ change: DriverReservationChange | null; result: T }>,
): Promise<T> {
  for (let i = 0; i < CAS_TRIES; i++) {
    const current = await c.driver.getReservations(repo);
    const { change, result } = await decide(current);
    if (!change || (change.put.length === 0 && change.remove.length === 0)) return result;
    if ((await c.driver.changeReservations(repo, current.version, change)) !== null) return result;
  }
  throw new StorageError(
    `the reservations of ${repo} kept changing under ${CAS_TRIES} tries; try again in a moment`,
  );
}

const released = (r: ReservationRecord, tier?: ReleasedReservation["tier"]): ReleasedReservation => ({
  repo: r.repo,
  pattern: r.pattern,
  session_id: r.session_id,
  ...(tier ? { tier } : {}),
});

/**
 * Removes every reservation a session holds, in every repository (`reservation.released` with
 * `by` and `reason` as the session's end gave them); what it removed.
 */
export async function releaseSessionReservations(
  c: SessionContext,
  sessionId: string,
  why: { by?: string; reason?: string } = {},
): Promise<ReleasedReservation[]> {
  const out: ReleasedReservation[] = [];
  for (const repo of await c.driver.listReservationRepositories()) {
    out.push(
      ...(await changeRepository(c, repo, async ({ reservations }) => {
        const mine = reservations.filter((r) => r.session_id === sessionId);
        const events = mine.map((r) => reservationEvent("reservation.released", r, why));
        return { change: { put: [], remove: mine, events }, result: mine.map((r) => released(r)) };
      })),
    );
  }
  return out;
}

/**
 * Removes expired reservations and those of dead or abandoned holders, in every repository
 * (`reservation.released`, `by` this session, `reason` why).
 */
export async function sweepReservations(c: SessionContext): Promise<ReleasedReservation[]> {
  const out: ReleasedReservation[] = [];
  const judge = holderJudge(c);
  for (const repo of await c.driver.listReservationRepositories()) {
    out.push(
      ...(await changeRepository(c, repo, async ({ reservations }) => {
        const gone: ReleasedReservation[] = [];
        const remove: ReservationRecord[] = [];
        const events: ReservationEvent[] = [];
        for (const r of reservations) {
          const judged = await judge(r.session_id);
          const expired = isExpired(r, c.clock.now());
          if (!expired && !(judged.takeable && !judged.warn)) continue;
          remove.push(r);
          gone.push(released(r, expired ? undefined : (judged.tier ?? "dead")));
          const reason = removalReason(expired, judged.tier);
          events.push(reservationEvent("reservation.released", r, { by: c.sessionId, reason }));
        }
        return { change: { put: [], remove, events }, result: gone };
      })),
    );
  }
  return out;
}

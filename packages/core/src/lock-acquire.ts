import type { AcquireRequest, DriverAcquireOutcome } from "./driver.js";
import { InvalidInputError } from "./errors.js";
import { formatAge } from "./format-age.js";
import { type HolderJudgement, judgeHolder } from "./holder-policy.js";
import { grantedResult, heldResult, lineView } from "./lock-results.js";
import type { AcquireResult, LockMode, LockRecord, LockState, WaitProgress } from "./schemas/lock.js";
import type { SessionContext } from "./session-context.js";
import type { Tier } from "./tiers.js";

/** How long a waiter's place in line is kept without a new attempt. */
export const LEASE_MS = 5_000;
/** Longest a waiter sleeps between attempts (each renews its lease): well inside the lease. */
export const RETRY_MS = 1_500;

export interface NameAcquireOptions {
  ttlMs: number;
  waitMs: number;
  mode: LockMode;
  slots: number;
  signal?: AbortSignal;
  onWait?: (progress: WaitProgress) => void;
  notifyOnGrant?: boolean;
}

type Judged = { hold: LockRecord; judgement: HolderJudgement };
type Attempt =
  | { granted: true; result: AcquireResult }
  | { granted: false; state: LockState; position: number | null; tiers: Map<string, Tier | null> };

/**
 * Takes `lockName` (stored form), waiting in line up to `waitMs`: an attempt with a lease, then a
 * wait for a change of at most RETRY_MS, again and again; the line is left on timeout or abort.
 */
export async function acquireName(
  c: SessionContext,
  lockName: string,
  o: NameAcquireOptions,
): Promise<AcquireResult> {
  const started = Date.now();
  const waiting = o.waitMs > 0;
  const request: AcquireRequest = {
    owner: c.owner,
    ttlMs: o.ttlMs,
    mode: o.mode,
    slots: o.slots,
    ...(waiting ? { leaseMs: LEASE_MS } : {}),
    ...(o.notifyOnGrant ? { notifyOnGrant: true } : {}),
  };
  let listening = new AbortController();
  try {
    for (;;) {
      // listening before the attempt: a release between the attempt and the wait still wakes it
      listening = new AbortController();
      const stop = o.signal ? AbortSignal.any([o.signal, listening.signal]) : listening.signal;
      const change = waiting ? c.driver.waitForChange(lockName, RETRY_MS, stop) : Promise.resolve();
      const attempt = await attemptOnce(c, lockName, request);
      const waitedMs = Date.now() - started;
      if (attempt.granted) {
        listening.abort();
        return waiting ? { ...attempt.result, waited_seconds: waitedMs / 1000 } : attempt.result;
      }
      const view = lineView(attempt.state, Date.now(), c.sessionId, attempt.tiers);
      const others = attempt.state.waiters.filter((w) => w.session_id !== c.sessionId).length;
      const remaining = o.waitMs - waitedMs;
      if (remaining <= 0 || o.signal?.aborted) {
        listening.abort();
        if (waiting) {
          await c.driver.leaveLine(
            lockName,
            c.sessionId,
            o.signal?.aborted ? "stopped waiting" : "timed out",
          );
        }
        return {
          ...heldResult(lockName, view.holders, others),
          ...(waiting ? { reason: "timeout" as const, waited_seconds: waitedMs / 1000 } : {}),
          ...(attempt.position === null ? {} : { position: attempt.position }),
        };
      }
      o.onWait?.({
        lock_name: lockName,
        mode: o.mode,
        position: attempt.position,
        waited_ms: waitedMs,
        slots: view.slots,
        holders: view.holders,
        waiting: attempt.state.waiters.length,
      });
      await settledWithin(change, napMs(remaining, attempt.state));
      listening.abort();
    }
  } catch (error) {
    listening.abort();
    // the lease would drop the place within seconds; leaving at once serves the next in line sooner
    if (waiting) await c.driver.leaveLine(lockName, c.sessionId, "failed").catch(() => undefined);
    throw error;
  }
}

/** Waits for `change` or `ms`, whichever comes first. */
async function settledWithin(change: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const elapsed = new Promise((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  await Promise.race([change, elapsed]);
  clearTimeout(timer);
}

/** Until the next attempt: a change wakes it sooner; a hold expiring needs no wake-up to be seen. */
function napMs(remaining: number, state: LockState): number {
  const expiries = state.holders.map((h) => Date.parse(h.expires_at) - Date.now() + 5);
  return Math.max(5, Math.min(remaining, RETRY_MS, ...expiries));
}

/** One attempt; when holders are in the way and judged gone, a second that evicts them. */
async function attemptOnce(c: SessionContext, lockName: string, request: AcquireRequest): Promise<Attempt> {
  const original = originalHeld(c, lockName);
  if (original) return original;
  const first = await c.driver.acquireLock(lockName, request);
  if (first.acquired) {
    return (
      (await keptBesideOriginal(c, lockName, first.lock)) ?? {
        granted: true,
        result: grantedResult(first.lock, first.extended),
      }
    );
  }
  refuseSlots(lockName, first);
  const judged = await judgeHolds(c, first.state.holders);
  const tiers = new Map(judged.map((j) => [j.hold.held_by, j.judgement.tier]));
  const gone = judged.filter((j) => j.judgement.takeable);
  if (gone.length === 0) return { granted: false, state: first.state, position: first.position, tiers };
  const second = await c.driver.acquireLock(lockName, {
    ...request,
    evict: gone.map((g) => g.hold.fencing_token),
    reason: gone.map(whyGone).join("; "),
  });
  if (!second.acquired) {
    refuseSlots(lockName, second);
    return { granted: false, state: second.state, position: second.position, tiers };
  }
  const lost = await keptBesideOriginal(c, lockName, second.lock);
  if (lost) return lost;
  const [taken] = gone;
  const tier = taken!.judgement.tier ?? "dead";
  const warned = gone.find((g) => g.judgement.warn);
  return {
    granted: true,
    result: {
      ...grantedResult(second.lock, second.extended),
      took_over: { held_by: taken!.hold.held_by, tier },
      ...(warned
        ? {
            warning: `took over ${lockName} from ${warned.judgement.tier} session ${warned.hold.held_by} (no heartbeat for ${formatAge(warned.judgement.ageMs ?? 0)})`,
          }
        : {}),
    },
  };
}

/** A refusal when a live lock file of the original scripts holds the name for another session. */
function originalHeld(c: SessionContext, lockName: string): Attempt | null {
  const state = c.original?.state(lockName);
  const hold = state?.holders[0];
  if (!state || !hold || hold.held_by === c.sessionId) return null;
  return { granted: false, state, position: null, tiers: new Map([[hold.held_by, null]]) };
}

/**
 * Mirrors a new hold as an original lock file; when an original acquire got there first, gives the
 * hold back and answers with the original's hold instead.
 */
async function keptBesideOriginal(
  c: SessionContext,
  lockName: string,
  hold: LockRecord,
): Promise<Attempt | null> {
  if (!c.original || c.original.mirror(hold)) return null;
  // before the release, as Coordinator.release does: after it, the copy could be the next holder's
  c.original.unmirror(lockName, c.sessionId);
  await c.driver.releaseLock(lockName, c.sessionId);
  return (
    originalHeld(c, lockName) ?? {
      granted: false,
      state: { lock_name: lockName, slots: 1, holders: [], waiters: [], requests: [] },
      position: null,
      tiers: new Map(),
    }
  );
}

/** Each hold judged by its holder's process, process group and session tier. */
export async function judgeHolds(c: SessionContext, holds: LockRecord[]): Promise<Judged[]> {
  const others = holds.filter((h) => h.held_by !== c.sessionId);
  const ids = [...new Set(others.map((h) => h.held_by))];
  const sessions = new Map(
    await Promise.all(ids.map(async (id) => [id, await c.driver.getSession(id)] as const)),
  );
  const now = c.clock.now();
  return others.map((hold) => ({
    hold,
    judgement: judgeHolder(hold, sessions.get(hold.held_by) ?? null, now, c.config, false),
  }));
}

function whyGone({ hold, judgement }: Judged): string {
  const tier = judgement.tier ?? "dead";
  const why = tier === "dead" ? "its process is gone" : `no heartbeat for ${formatAge(judgement.ageMs ?? 0)}`;
  return `${hold.held_by} is ${tier} (${why})`;
}

function refuseSlots(lockName: string, outcome: DriverAcquireOutcome & { acquired: false }): void {
  const k = outcome.slotsInForce;
  if (k === undefined) return;
  throw new InvalidInputError(
    `${lockName} has ${k} slot${k === 1 ? "" : "s"} in force; ask with --slots ${k} (slots ${k}) while it is held or awaited`,
    { field: "slots" },
  );
}

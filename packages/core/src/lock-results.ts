import type { AcquireResult, HoldInfo, LockInfo, WaiterInfo } from "./schemas/lock.js";
import type { LockRecord, LockState } from "./schemas/records.js";
import type { Tier } from "./tiers.js";

/** Seconds until `expiresAt`, to a tenth, never below 0. */
export function ttlRemaining(expiresAt: string, now: number): number {
  return Math.max(0, Math.round((Date.parse(expiresAt) - now) / 100) / 10);
}

/** A hold as callers see it; `tier` only when the holder was judged. */
export function holdInfo(hold: LockRecord, now: number, me: string, tier?: Tier | null): HoldInfo {
  return {
    ...hold,
    ttl_remaining_seconds: ttlRemaining(hold.expires_at, now),
    mine: hold.held_by === me,
    ...(tier === undefined ? {} : { tier }),
  };
}

/** The holds, line and requests of a name as callers see them; `tiers` by holder session when judged. */
export function lineView(
  state: LockState,
  now: number,
  me: string,
  tiers?: ReadonlyMap<string, Tier | null>,
): { slots: number; holders: HoldInfo[]; waiters: WaiterInfo[]; requests: LockState["requests"] } {
  return {
    slots: state.slots,
    holders: state.holders.map((h) =>
      holdInfo(h, now, me, tiers ? (tiers.get(h.held_by) ?? null) : undefined),
    ),
    waiters: state.waiters.map((w, i) => ({ ...w, position: i + 1, mine: w.session_id === me })),
    requests: state.requests,
  };
}

/** A name for list and info: the first hold's fields as the original showed them, then everything. */
export function lockInfo(state: LockState, now: number, me: string): LockInfo {
  const first = state.holders[0];
  return {
    ...first,
    lock_name: state.lock_name,
    ...(first ? { ttl_remaining_seconds: ttlRemaining(first.expires_at, now) } : {}),
    mine: state.holders.some((h) => h.held_by === me),
    ...lineView(state, now, me),
  };
}

/** The result of an acquire that holds `lock` now (`extended`: it was this session's already). */
export function grantedResult(lock: LockRecord, extended: boolean): AcquireResult & { acquired: true } {
  return {
    success: true,
    acquired: true,
    lock_name: lock.lock_name,
    fencing_token: lock.fencing_token,
    mode: lock.mode,
    extended,
    held_by: lock.held_by,
    worktree: lock.worktree,
    acquired_at: lock.acquired_at,
    expires_at: lock.expires_at,
  };
}

/** The result of an acquire refused while `holders` (judged) hold the name and `waiting` others wait. */
export function heldResult(lockName: string, holders: HoldInfo[], waiting: number): AcquireResult {
  const first = holders[0];
  return {
    success: false,
    acquired: false,
    lock_name: lockName,
    reason: "held",
    ...(first
      ? {
          held_by: first.held_by,
          worktree: first.worktree,
          acquired_at: first.acquired_at,
          expires_at: first.expires_at,
          ...(first.tier ? { holder_tier: first.tier } : {}),
        }
      : {}),
    holders,
    waiting,
  };
}

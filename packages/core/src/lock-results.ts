import type { AcquireResult } from "./schemas/lock.js";
import type { LockRecord } from "./schemas/records.js";

/** The result of an acquire that holds `lock` now (`extended`: it was this session's already). */
export function grantedResult(lock: LockRecord, extended: boolean): AcquireResult & { acquired: true } {
  return {
    success: true,
    acquired: true,
    lock_name: lock.lock_name,
    fencing_token: lock.fencing_token,
    extended,
    held_by: lock.held_by,
    worktree: lock.worktree,
    acquired_at: lock.acquired_at,
    expires_at: lock.expires_at,
  };
}

/** The result of an acquire refused because `holder` has the lock. */
export function heldResult(lockName: string, holder: LockRecord): AcquireResult {
  return {
    success: false,
    acquired: false,
    lock_name: lockName,
    reason: "held",
    held_by: holder.held_by,
    worktree: holder.worktree,
    acquired_at: holder.acquired_at,
    expires_at: holder.expires_at,
  };
}

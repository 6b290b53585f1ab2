import { formatAge, type LockRecord } from "@agent-baton/core";

const REPEAT_MS = 30_000;

/** An onWait that says who holds the lock at once, again when the holder changes, and every 30 s. */
export function waitNotice(lockName: string, log: (line: string) => void) {
  let lastHolder = "";
  let lastAt = 0;
  return (holder: LockRecord, waitedMs: number) => {
    const who = `${holder.held_by}#${holder.fencing_token}`;
    const now = Date.now();
    if (who === lastHolder && now - lastAt < REPEAT_MS) return;
    lastHolder = who;
    lastAt = now;
    const heldFor = formatAge(Math.max(0, now - Date.parse(holder.acquired_at)));
    const where = holder.worktree ? ` in ${holder.worktree}` : "";
    log(
      `pytest-locked: waiting for ${lockName}: held by ${holder.held_by}${where} for ${heldFor}, waited ${formatAge(waitedMs)}`,
    );
  };
}

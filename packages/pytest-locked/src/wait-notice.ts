import { formatAge, type WaitProgress } from "@agent-baton/core";

export interface WaitNoticeOptions {
  /** The program that waits, starting each line: `baton`, `session-lock`, `pytest-locked`. */
  prefix: string;
  /** Prints one line for a person (stderr). */
  log: (line: string) => void;
  /** On a terminal: redraws one line in place at every look, instead of logging lines. */
  redraw?: (line: string) => void;
  /** Seconds between "still waiting" lines (default 10). */
  everySeconds?: number;
  /** The wait's limit in seconds, shown beside the time waited ("waited 4s of 120s"). */
  limitSeconds?: number;
}

/** Seconds between "still waiting" lines unless a caller says otherwise. */
export const WAIT_NOTICE_EVERY_SECONDS = 10;

/** `2025-01-02T03:04:05Z`: an absolute time a transcript can be read against. */
const clockTime = (iso: string) => new Date(iso).toISOString().replace(/\.\d+Z$/, "Z");

/**
 * The onWait of every wait for a lock (baton's commands, the drop-ins, pytest-locked). Without a
 * terminal (an agent's shell, a CI log) it logs a line when the wait starts (who holds the lock,
 * since when), when the holder changes, and every `everySeconds`, so a transcript shows why a
 * process is blocked; with `redraw` it redraws one line in place at every look.
 */
export function waitNotice(lockName: string, options: WaitNoticeOptions) {
  const everyMs = (options.everySeconds ?? WAIT_NOTICE_EVERY_SECONDS) * 1000;
  const limit = options.limitSeconds === undefined ? "" : ` of ${options.limitSeconds}s`;
  let lastHolder: string | undefined;
  let lastTick = 0;
  return ({ holders, position, waited_ms: waitedMs }: WaitProgress): void => {
    const waited = `waited ${formatAge(waitedMs)}${limit}`;
    const holder = holders[0];
    const heldFor = holder ? formatAge(Math.max(0, Date.now() - Date.parse(holder.acquired_at))) : "";
    // nobody holds it: those ahead in line are being served
    const ahead = `${position === null ? "others" : position - 1} ahead in line`;
    if (options.redraw) {
      options.redraw(
        `${options.prefix}: waiting for ${lockName}: ${holder ? `held by ${holder.held_by} for ${heldFor}` : ahead}, ${waited}`,
      );
      return;
    }
    // The token tells a new holding apart even when the same session takes the lock again.
    const who = holder ? `${holder.held_by}#${holder.fencing_token}` : "";
    const tick = Math.floor(waitedMs / everyMs);
    const first = lastHolder === undefined;
    const changed = !first && who !== lastHolder;
    if (!first && !changed && tick <= lastTick) return;
    lastHolder = who;
    lastTick = tick;
    if (!holder) {
      options.log(`${options.prefix}: waiting for ${lockName}: ${ahead}; ${waited}`);
      return;
    }
    const where = holder.worktree ? ` in ${holder.worktree}` : "";
    const what = first
      ? `waiting for ${lockName}: held by`
      : changed
        ? `waiting for ${lockName}: now held by`
        : `still waiting for ${lockName}: held by`;
    options.log(
      `${options.prefix}: ${what} ${holder.held_by}${where} since ${clockTime(holder.acquired_at)} (${heldFor} ago); ${waited}`,
    );
  };
}

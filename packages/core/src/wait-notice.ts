import { formatAge } from "./format-age.js";
import type { WaitProgress } from "./schemas/lock.js";
import { lineStateText } from "./wait-text.js";

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
 * The onWait of every wait for a lock (baton's commands, the drop-ins, pytest-locked), reading
 * "2nd in line, held by S (active, 3m 12s), waited 41s". Without a terminal (an agent's shell, a
 * CI log) it logs a line when the wait starts, when the holder or the place in line changes, and
 * every `everySeconds`, with where and since when the lock is held, so a transcript shows why a
 * process is blocked; with `redraw` it redraws one line in place at every look.
 */
export function waitNotice(lockName: string, options: WaitNoticeOptions) {
  const everyMs = (options.everySeconds ?? WAIT_NOTICE_EVERY_SECONDS) * 1000;
  const limit = options.limitSeconds === undefined ? "" : ` of ${options.limitSeconds}s`;
  let last: string | undefined;
  let lastTick = 0;
  return ({ holders, position, waited_ms: waitedMs }: WaitProgress): void => {
    const waited = `waited ${formatAge(waitedMs)}${limit}`;
    const holder = holders[0];
    const state = lineStateText({ holders, position }, Date.now());
    if (options.redraw) {
      options.redraw(`${options.prefix}: waiting for ${lockName}: ${state}, ${waited}`);
      return;
    }
    // The token tells a new holding apart even when the same session takes the lock again.
    const key = `${position}|${holders.map((h) => `${h.held_by}#${h.fencing_token}`).join(",")}`;
    const tick = Math.floor(waitedMs / everyMs);
    const first = last === undefined;
    const changed = !first && key !== last;
    if (!first && !changed && tick <= lastTick) return;
    last = key;
    lastTick = tick;
    const where = holder?.worktree ? ` in ${holder.worktree}` : "";
    const since = holder ? ` since ${clockTime(holder.acquired_at)}` : "";
    const what = first || changed ? "waiting for" : "still waiting for";
    options.log(`${options.prefix}: ${what} ${lockName}: ${state}${where}${since}; ${waited}`);
  };
}

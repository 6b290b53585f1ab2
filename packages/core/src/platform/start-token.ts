/**
 * A process's start, as recorded in `pid_start` so that a reused pid is told apart from the process
 * that took a lock. Two forms, named by where they were read:
 * - `proc:<epoch s>:<ticks>`: from /proc, with the start in clock ticks since boot, which no change
 *   of the wall clock moves;
 * - `ps:<epoch s>`: from `ps -o lstart`, whole seconds of wall-clock time.
 */
const START_TOKEN = /^(?:proc:(\d+):(\d+)|ps:(\d+))$/;

/**
 * How far two epoch-second starts of one process may differ: `ps` prints whole seconds, and procps
 * derives the boot time its `lstart` adds to slightly differently from /proc/stat's `btime`.
 */
const EPOCH_TOLERANCE_S = 2;

export function procStartToken(epochSeconds: number, ticks: number): string {
  return `proc:${epochSeconds}:${ticks}`;
}

export function psStartToken(epochSeconds: number): string {
  return `ps:${epochSeconds}`;
}

function parse(token: string): { epoch: number; ticks: number | null } | null {
  const m = START_TOKEN.exec(token);
  if (!m) return null;
  return m[3] !== undefined
    ? { epoch: Number(m[3]), ticks: null }
    : { epoch: Number(m[1]), ticks: Number(m[2]) };
}

/**
 * Whether two start tokens name the same start. Ticks decide when both sides have them (exact, and
 * immune to clock steps); otherwise epoch seconds, within a tolerance, so a token written by one
 * probe is read right by the other. A token of a form this version does not know (an older baton's)
 * cannot be judged and counts as the same: the pid's liveness alone decides then.
 */
export function sameProcessStart(recorded: string, current: string): boolean {
  const a = parse(recorded);
  const b = parse(current);
  if (!a || !b) return true;
  if (a.ticks !== null && b.ticks !== null) return a.ticks === b.ticks;
  return Math.abs(a.epoch - b.epoch) <= EPOCH_TOLERANCE_S;
}

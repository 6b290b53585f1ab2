/**
 * The wall clock in microseconds. Acquisitions of one name follow one another (each reads the
 * clock after the previous holder let go) and each takes far more than a microsecond.
 */
function wallClockMicros(): number {
  return Math.floor((performance.timeOrigin + performance.now()) * 1000);
}

/**
 * The token to issue after `last`, the greatest this name is known to have had: above it, and never
 * below the clock in µs. By induction no token ever issued is above the clock at the time, so even
 * when `last` is lost (COORDINATION_DIR deleted, a corrupt or rolled-back counter after a power
 * loss) the next token is still greater than every earlier one.
 */
export function tokenAfter(last: number): number {
  return Math.max(last + 1, wallClockMicros());
}

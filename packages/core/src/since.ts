import { InvalidInputError } from "./errors.js";

const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/**
 * `--since`: a span back from `now` (`90s`, `15m`, `1h`, `2d`) or an ISO-8601 time, as ms since
 * the epoch. Anything else is INVALID_INPUT saying what to write.
 */
export function parseSince(text: string, now = Date.now(), field = "since"): number {
  const span = /^(\d+)(s|m|h|d)$/.exec(text.trim());
  if (span) return now - Number(span[1]) * UNIT_MS[span[2] as keyof typeof UNIT_MS];
  const at = /^\d{4}-\d\d-\d\d/.test(text) ? Date.parse(text) : Number.NaN;
  if (!Number.isNaN(at)) return at;
  throw new InvalidInputError(
    `invalid --${field} ${JSON.stringify(text.slice(0, 40))}: give a span back from now such as 30m, 1h or 2d, or an ISO time such as 2026-01-02T14:00:00Z`,
    { field },
  );
}

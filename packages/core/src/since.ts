import * as z from "zod/mini";
import { checkInput } from "./bounds.js";

const SINCE_RULE =
  "must be a duration such as 90s, 15m, 1h or 2d, or an ISO time such as 2026-11-30T14:00:00Z";
const UNIT_MS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** The moment `text` names, counted back from `now`; null when it names none. */
function sinceMs(text: string, now: number): number | null {
  const ago = /^(\d{1,9})([smhd])$/.exec(text);
  if (ago) return now - Number(ago[1]) * UNIT_MS[ago[2]!]!;
  if (!/^\d{4}-\d{2}-\d{2}/.test(text)) return null;
  const at = Date.parse(text);
  return Number.isNaN(at) ? null : at;
}

/** How far back to read history: `1h` (a duration back from now) or an ISO time. `--since`, `since`. */
export const SinceSchema = z.string(SINCE_RULE).check(
  z.refine((text) => sinceMs(text, 0) !== null, SINCE_RULE),
  z.describe("Only events since then: a duration back from now (90s, 15m, 1h, 2d) or an ISO time"),
);

/** The moment (ms since the epoch) a `since` value names, counted back from `now`; INVALID_INPUT naming `field` otherwise. */
export function parseSince(value: unknown, now: number, field = "since"): number {
  return sinceMs(checkInput(SinceSchema, value, field), now)!;
}

import { formatAge } from "./format-age.js";
import type { WaitProgress } from "./schemas/lock.js";

/** 1st, 2nd, 3rd, 4th, 11th, 21st… */
export function ordinal(n: number): string {
  const teen = n % 100 >= 11 && n % 100 <= 13;
  return `${n}${teen ? "th" : (["th", "st", "nd", "rd"][n % 10] ?? "th")}`;
}

/**
 * `2nd in line, held by s-1 (active, 3m 12s) and 1 more`: where a waiting caller stands. Between
 * holders (those ahead in line are being served) the place alone.
 */
export function lineStateText(p: Pick<WaitProgress, "holders" | "position">, now: number): string {
  const place = p.position === null ? "" : `${ordinal(p.position)} in line`;
  const [first, ...others] = p.holders;
  const held = first
    ? `held by ${first.held_by} (${[first.tier, formatAge(Math.max(0, now - Date.parse(first.acquired_at)))]
        .filter(Boolean)
        .join(", ")})${others.length > 0 ? ` and ${others.length} more` : ""}`
    : place
      ? ""
      : "between holders";
  return [place, held].filter(Boolean).join(", ");
}

/**
 * `2nd in line, held by s-1 (active, 3m 12s), waited 41s`: where a waiting caller stands, in one
 * line for a person or a model (the CLI's waiting line, the MCP server's progress notifications).
 */
export function waitProgressText(p: WaitProgress, now: number): string {
  return `${lineStateText(p, now)}, waited ${formatAge(p.waited_ms)}`;
}

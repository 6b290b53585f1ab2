import { formatAge, type HoldInfo, type ReleaseRequest, type WaiterInfo } from "@agent-baton/core";
import { localClock } from "../local-time.js";
import type { Output } from "../output.js";

/** What a lock shows of itself beyond its first holder: every hold, the line and the requests. */
export interface LineView {
  slots: number;
  holders: HoldInfo[];
  waiters: WaiterInfo[];
  requests: ReleaseRequest[];
}

/** `14:02:05 (3m 12s ago)`: when, as a person reads it beside a lock. */
function since(out: Output, iso: string, now: number): string {
  return `${localClock(iso)} ${out.dim(`(${formatAge(Math.max(0, now - Date.parse(iso)))} ago)`)}`;
}

const modeNote = (out: Output, mode: string) => (mode === "shared" ? ` ${out.dim("shared")}` : "");

/** One line per hold: who, since when, time left, token. */
export function holderLines(out: Output, holders: HoldInfo[], now = Date.now()): string[] {
  return holders.map(
    (h) =>
      `holder ${h.mine ? out.green(h.held_by) : h.held_by}${h.tier ? ` (${h.tier})` : ""}${modeNote(out, h.mode)} since ${since(out, h.acquired_at, now)}, ${h.ttl_remaining_seconds}s left, token ${h.fencing_token}`,
  );
}

/** One line per waiter, first in line first: place, who, since when. */
export function waiterLines(out: Output, waiters: WaiterInfo[], now = Date.now()): string[] {
  return waiters.map(
    (w) =>
      `${w.position}. ${w.mine ? out.green(w.session_id) : w.session_id}${modeNote(out, w.mode)} waiting since ${since(out, w.since, now)}`,
  );
}

/** One line per standing release request: who asks, why, since when. */
export function requestLines(out: Output, requests: ReleaseRequest[], now = Date.now()): string[] {
  return requests.map(
    (r) =>
      `${out.yellow("release asked")} by ${r.by}${r.reason ? `: ${r.reason}` : ""} at ${since(out, r.at, now)}`,
  );
}

/** Every hold, the line and the requests of a lock, each on its own line. */
export function lineDetail(out: Output, view: LineView, now = Date.now()): string[] {
  return [
    ...holderLines(out, view.holders, now),
    ...waiterLines(out, view.waiters, now),
    ...requestLines(out, view.requests, now),
  ];
}

/** The lines under a lock's row in a list: more holders than the first, the line, the requests. */
export function underRow(out: Output, view: LineView, now = Date.now()): string[] {
  return [
    ...(view.holders.length > 1 ? holderLines(out, view.holders, now) : []),
    ...waiterLines(out, view.waiters, now),
    ...requestLines(out, view.requests, now),
  ];
}

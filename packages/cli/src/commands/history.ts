import {
  type HistoryEvent,
  InvalidInputError,
  onTerminationSignals,
  parseSince,
  summarizeHolds,
} from "@agent-baton/core";
import type { Context } from "../context.js";
import { EXIT } from "../exit-codes.js";
import { localDateTime } from "../local-time.js";
import type { Output } from "../output.js";

export interface HistoryOptions {
  lock?: string;
  session?: string;
  since?: string;
  limit?: string;
  follow?: boolean;
  summary?: boolean;
}

/** Events a summary is made from: as many as one read gives. */
const SUMMARY_EVENTS = 10_000;

/** One event on one line: when, what, which name, whose, and the details it has. */
export function eventLine(out: Output, e: HistoryEvent): string {
  const details = [
    e.token === null ? "" : `token ${e.token}`,
    e.by === null ? "" : `by ${e.by}`,
    e.position === null ? "" : `position ${e.position}`,
    e.waited_ms === null ? "" : `waited ${Math.round(e.waited_ms / 100) / 10}s`,
    e.reason === null ? "" : `(${e.reason})`,
  ].filter(Boolean);
  return `${out.dim(localDateTime(e.time))}  ${e.type.padEnd(22)} ${e.name}  ${e.session ?? "-"}${e.host ? out.dim(`@${e.host}`) : ""}${details.length ? `  ${details.join("  ")}` : ""}`;
}

/**
 * `baton history`: recorded events, oldest first (the newest --limit, default 100), filtered by
 * lock, session and time; `--summary` sums up hold times per lock; `--follow` then prints each new
 * event as it is recorded (one JSON object a line with --json) until Ctrl+C, and exits 0.
 */
export async function history(ctx: Context, o: HistoryOptions): Promise<number> {
  const { coordinator, out } = ctx;
  if (o.follow && o.summary) {
    throw new InvalidInputError("--follow prints events as they come and --summary sums them up: pick one", {
      field: "follow",
    });
  }
  const filter = {
    ...(o.lock === undefined ? {} : { lock: o.lock }),
    ...(o.session === undefined ? {} : { session: o.session }),
    ...(o.since === undefined ? {} : { sinceMs: parseSince(o.since, Date.now()) }),
  };
  if (o.summary) {
    const page = await coordinator.history({ ...filter, limit: SUMMARY_EVENTS });
    const summary = summarizeHolds(page.events);
    out.result({ summary, events: page.events.length }, () =>
      summary.length === 0
        ? out.dim("no holds began and ended in the events read")
        : [
            out.bold(`${"lock".padEnd(30)} ${"holds".padStart(6)} ${"p50".padStart(9)} ${"max".padStart(9)}`),
            ...summary.map(
              (l) =>
                `${l.lock_name.padEnd(30)} ${String(l.count).padStart(6)} ${`${l.p50_seconds}s`.padStart(9)} ${`${l.max_seconds}s`.padStart(9)}`,
            ),
          ],
    );
    return EXIT.ok;
  }
  const page = await coordinator.history({ ...filter, ...(o.limit === undefined ? {} : { limit: o.limit }) });
  if (!o.follow) {
    out.result(page, () =>
      page.events.length === 0 ? out.dim("no events") : page.events.map((e) => eventLine(out, e)),
    );
    return EXIT.ok;
  }
  const print = (e: HistoryEvent) =>
    process.stdout.write(`${out.json ? JSON.stringify(e) : eventLine(out, e)}\n`);
  for (const e of page.events) print(e);
  const stop = new AbortController();
  // Ctrl+C ends a follow as the user asked: a clean exit, not an interrupted one
  const stopSignals = onTerminationSignals(() => stop.abort());
  try {
    await coordinator.followHistory({ ...filter, after: page.cursor }, print, stop.signal);
  } finally {
    stopSignals();
  }
  return EXIT.ok;
}

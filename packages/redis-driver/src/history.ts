import { type Driver, type EventQuery, type HistoryEvent, NOTICE_TYPES } from "@agent-baton/core";
import { type Client, Connection } from "./connection.js";
import type { DriverContext } from "./context.js";
import { decodeEntry, decodeNotice } from "./records.js";

type HistorySteps = Pick<Driver, "readEvents" | "followEvents" | "takeNotices" | "recordEvents">;
type Entry = [string, string[]];

/** Entries per XRANGE page: a filtered read pages through the stream until it has enough. */
const PAGE = 1_000;
/** How long one XREAD of a follower blocks before it asks again. */
const BLOCK_MS = 5_000;
/** As many as lua/includes/history.lua keeps per session. */
const NOTICES_KEPT = 1_000;
/** The id before every stream id, for a log that is empty. */
const START = "0-0";
const NOTICES: ReadonlySet<string> = new Set(NOTICE_TYPES);

function matches(event: HistoryEvent, query: EventQuery): boolean {
  if (query.name !== undefined && event.name !== query.name) return false;
  if (query.session !== undefined && event.session !== query.session && event.by !== query.session)
    return false;
  return query.sinceMs === undefined || Date.parse(event.time) >= query.sinceMs;
}

/** The stream id a read starts after (exclusive) or at, from the query's cursor or time. */
function lowerBound(query: EventQuery): string {
  if (query.after !== undefined) return `(${query.after}`;
  return query.sinceMs === undefined ? "-" : String(Math.max(0, Math.floor(query.sinceMs)));
}

async function newestId(client: Client, key: string): Promise<string> {
  const [newest] = (await client.xrevrange(key, "+", "-", "COUNT", 1)) as Entry[];
  return newest?.[0] ?? START;
}

/**
 * History on the stream `{P}:events` (XADDed by every script in the step it records) and notices on
 * one list per session. A read pages through XRANGE (or XREVRANGE for the newest `limit`) and
 * filters here; a follower blocks on XREAD on a connection of its own, opened only for it.
 */
export function historySteps(ctx: DriverContext): HistorySteps {
  const { client, keys, run, scripts, common } = ctx;

  /** Every matching event from `lower` on, oldest first, and the last id looked at. */
  async function forward(
    query: EventQuery,
    lower: string,
  ): Promise<{ events: HistoryEvent[]; last?: string }> {
    const events: HistoryEvent[] = [];
    let from = lower;
    let last: string | undefined;
    for (;;) {
      const page = (await client.xrange(keys.events, from, "+", "COUNT", PAGE)) as Entry[];
      for (const entry of page) {
        const event = decodeEntry(entry);
        if (matches(event, query)) events.push(event);
      }
      if (page.length > 0) last = page[page.length - 1]![0];
      if (page.length < PAGE) return { events, last };
      from = `(${last}`;
    }
  }

  /** The newest `limit` matching events from `lower` on, oldest first, and the newest id looked at. */
  async function backward(query: EventQuery, lower: string, limit: number) {
    const events: HistoryEvent[] = [];
    let to = "+";
    let last: string | undefined;
    while (events.length < limit) {
      const page = (await client.xrevrange(keys.events, to, lower, "COUNT", PAGE)) as Entry[];
      last ??= page[0]?.[0];
      for (const entry of page) {
        const event = decodeEntry(entry);
        if (matches(event, query) && events.length < limit) events.push(event);
      }
      if (page.length < PAGE) break;
      to = `(${page[page.length - 1]![0]}`;
    }
    return { events: events.reverse(), last };
  }

  return {
    readEvents: (query) =>
      run(async () => {
        const lower = lowerBound(query);
        const { events, last } =
          query.limit === undefined ? await forward(query, lower) : await backward(query, lower, query.limit);
        // Nothing in range: the cursor still stands after all there is, so a follower sees only what comes.
        const cursor = last ?? query.after ?? (await newestId(client, keys.events));
        return { events, cursor };
      }),

    async followEvents(query, onEvent, signal) {
      if (signal.aborted) return;
      // Its own connection: a blocked XREAD would hold up every other command on the shared one.
      const follower = new Connection({
        ...ctx.settings,
        commandTimeoutMs: ctx.settings.commandTimeoutMs + BLOCK_MS,
      });
      const stop = () => follower.close();
      signal.addEventListener("abort", stop, { once: true });
      try {
        await follower.ready();
        let cursor = query.after ?? (await newestId(follower.client, keys.events));
        while (!signal.aborted) {
          const reply = (await follower.client.xread(
            "COUNT",
            PAGE,
            "BLOCK",
            BLOCK_MS,
            "STREAMS",
            keys.events,
            cursor,
          )) as [string, Entry[]][] | null;
          for (const entry of reply?.[0]?.[1] ?? []) {
            cursor = entry[0];
            const event = decodeEntry(entry);
            if (matches(event, query)) onEvent(event);
          }
        }
      } catch (error) {
        if (!signal.aborted) throw ctx.batonError(error);
      } finally {
        signal.removeEventListener("abort", stop);
        follower.close();
      }
    },

    takeNotices: (sessionId) =>
      run(async () => {
        // LPOP with a count takes the whole list at once: each notice goes to one reader only.
        const raw = await client.lpop(keys.notices(sessionId), NOTICES_KEPT);
        return (raw ?? []).map(decodeNotice);
      }),

    recordEvents: (events) =>
      run(async () => {
        if (events.length === 0) return;
        const marked = events.map((e) => ({ ...e, notify: NOTICES.has(e.type) }));
        await scripts.recordEvents(keys.events, ...common, JSON.stringify(marked));
      }),
  };
}

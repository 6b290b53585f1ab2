import { type EventQuery, type EventType, type HistoryEvent, NOTICE_TYPES } from "@agent-baton/core";
import type { Store } from "./store.js";

export interface HistorySettings {
  enabled: boolean;
  maxEvents: number;
}

/** The fields of an event besides id, type, name and time; absent ones are null. */
export type EventFields = Partial<Omit<HistoryEvent, "id" | "type" | "name" | "time">> & {
  /** When it happened, in ms (default: now). */
  at?: number;
  /** Also a notice for `session` although the type is not a notice type (a grant after waiting). */
  notify?: boolean;
};

const noticeTypes: ReadonlySet<EventType> = new Set(NOTICE_TYPES);

const matches = (e: HistoryEvent, q: EventQuery) =>
  (q.name === undefined || e.name === q.name) &&
  (q.session === undefined || e.session === q.session || e.by === q.session) &&
  (q.sinceMs === undefined || Date.parse(e.time) >= q.sinceMs);

/** The event log and notices of one store: written in the same (synchronous) step as each change. */
export function memoryHistory(store: Store, now: () => number, settings: HistorySettings) {
  return {
    record(type: EventType, name: string, fields: EventFields = {}): void {
      if (!settings.enabled) return;
      const { at, notify, ...rest } = fields;
      const seq = ++store.seq;
      const event: HistoryEvent = {
        id: String(seq),
        time: new Date(at ?? now()).toISOString(),
        type,
        name,
        session: null,
        host: null,
        token: null,
        by: null,
        reason: null,
        waited_ms: null,
        position: null,
        ...rest,
      };
      store.events.push({ seq, event });
      if (store.events.length > settings.maxEvents)
        store.events.splice(0, store.events.length - settings.maxEvents);
      if (event.session !== null && (noticeTypes.has(type) || notify)) {
        const list = store.notices.get(event.session) ?? [];
        list.push(structuredClone(event));
        store.notices.set(event.session, list);
      }
      store.signals.emit("event");
    },

    read(query: EventQuery): { events: HistoryEvent[]; cursor: string } {
      const after = query.after === undefined ? 0 : Number(query.after);
      const found = store.events.filter((e) => e.seq > after && matches(e.event, query)).map((e) => e.event);
      const events = query.limit === undefined ? found : found.slice(-query.limit);
      return { events: structuredClone(events), cursor: String(store.seq) };
    },

    follow(query: EventQuery, onEvent: (event: HistoryEvent) => void, signal: AbortSignal): Promise<void> {
      let last = query.after === undefined ? store.seq : Number(query.after);
      const deliver = () => {
        for (const { seq, event } of store.events) {
          if (seq <= last) continue;
          last = seq;
          if (matches(event, query)) onEvent(structuredClone(event));
        }
      };
      return new Promise((resolve) => {
        if (signal.aborted) return resolve();
        store.signals.on("event", deliver);
        signal.addEventListener(
          "abort",
          () => {
            store.signals.off("event", deliver);
            resolve();
          },
          { once: true },
        );
        deliver();
      });
    },

    take(sessionId: string): HistoryEvent[] {
      const list = store.notices.get(sessionId) ?? [];
      store.notices.delete(sessionId);
      return list;
    },
  };
}

export type MemoryHistory = ReturnType<typeof memoryHistory>;

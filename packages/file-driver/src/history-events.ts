import { type EventType, type HistoryEvent, HistoryEventSchema, NOTICE_TYPES } from "@agent-baton/core";

const PROCESS = process.pid.toString(36);
let sequence = 0;

/**
 * A unique event id: the wall clock in µs (so ids read as times and mostly sort as written), this
 * process and a counter. Order is the log's own: readers keep the order lines were appended in.
 */
export function newEventId(): string {
  const micros = Math.floor((performance.timeOrigin + performance.now()) * 1000);
  return `${micros}-${PROCESS}-${(sequence++).toString(36)}`;
}

export type EventFields = Partial<Omit<HistoryEvent, "id" | "type" | "name" | "time">>;

/** A history event with every field the schema has; `time` in ms since the epoch. */
export function historyEvent(type: EventType, name: string, time: number, fields: EventFields): HistoryEvent {
  return {
    id: newEventId(),
    time: new Date(time).toISOString(),
    type,
    name,
    session: fields.session ?? null,
    host: fields.host ?? null,
    token: fields.token ?? null,
    by: fields.by ?? null,
    reason: fields.reason ?? null,
    waited_ms: fields.waited_ms ?? null,
    position: fields.position ?? null,
  };
}

const NOTICES: ReadonlySet<string> = new Set(NOTICE_TYPES);

/** Whether an event of this type is also a notice for its session (a grant after a wait is asked for apart). */
export const isNoticeType = (type: EventType) => NOTICES.has(type);

/** One line of the log: the id comes first, so a reader can find the start of a line glued to a torn one. */
export const logLine = (event: HistoryEvent) => `${JSON.stringify(event)}\n`;

/** One line of the log as an event; a line glued to a torn one is read from its own start. */
export function parseLine(line: string): HistoryEvent | null {
  for (const text of [line, line.slice(Math.max(0, line.lastIndexOf('{"id":')))]) {
    try {
      const parsed = HistoryEventSchema.safeParse(JSON.parse(text));
      if (parsed.success) return parsed.data;
    } catch {}
  }
  return null;
}

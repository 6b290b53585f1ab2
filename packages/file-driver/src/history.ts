import type { HistoryEvent, StandaloneEvent } from "@agent-baton/core";
import type { EventLog, LogPosition } from "./event-log.js";
import type { Guards } from "./guard.js";
import { historyEvent, isNoticeType, logLine, parseLine } from "./history-events.js";
import type { Journal } from "./name-record.js";
import type { Notices } from "./notices.js";

/**
 * Records what each step did: its notices, then its events in the log. A lock step keeps the
 * same lines in its record as a journal (name-record.ts), and the next step on the name settles
 * it: events a crash or a failed write kept out of the log are appended then, with their notices.
 * With history off nothing is recorded.
 */
export class History {
  constructor(
    readonly enabled: boolean,
    readonly log: EventLog,
    readonly notices: Notices,
    private readonly guards: Guards,
    private readonly warn: (message: string) => void,
  ) {}

  /** The journal a step's record carries, taken before its events are appended. */
  journal(events: HistoryEvent[], notify: string[]): Journal | undefined {
    if (!this.enabled || !events.length) return undefined;
    return { log: this.log.position(), lines: events.map(logLine).join(""), notify };
  }

  /**
   * Leaves the notices, then appends the events as `lines` (a journal's, when the step has one,
   * with the position it took: see EventLog.append); a failure is reported and left for the next
   * step on the name to settle (the change stands). True when all went in.
   */
  record(
    events: HistoryEvent[],
    notify: readonly string[],
    lines = events.map(logLine).join(""),
    at?: LogPosition,
  ): boolean {
    if (!this.enabled || !events.length) return true;
    try {
      for (const event of events) if (notify.includes(event.id)) this.notices.deliver(event);
      this.log.append(lines, at);
      return true;
    } catch (error) {
      this.warn(
        `baton file driver: ${(error as Error).message}; the next change of ${events[0]!.name} records it`,
      );
      return false;
    }
  }

  /**
   * Records events that change no record (recordEvents): their notices, then the events in one
   * append. With no change to settle them later, a failure is the caller's to see.
   */
  async recordNow(list: StandaloneEvent[], now: number): Promise<void> {
    if (!this.enabled || !list.length) return;
    const events = list.map(({ type, name, ...fields }) => historyEvent(type, name, now, fields));
    for (const event of events) if (isNoticeType(event.type)) this.notices.deliver(event);
    this.log.append(events.map(logLine).join(""));
    await this.maintain();
  }

  /**
   * Appends a journal's lines (and leaves its notices that are not waiting already) when the
   * log lacks them; true when it did.
   */
  settle(journal: Journal | undefined): boolean {
    if (!this.enabled || !journal?.lines || this.log.contains(journal.log, journal.lines)) return false;
    const events = journal.lines.split("\n").flatMap((line) => parseLine(line) ?? []);
    if (!events.length) return false;
    const notices = events.filter(
      (e) => journal.notify.includes(e.id) && e.session !== null && !this.notices.waiting(e.session, e.id),
    );
    this.record(
      events,
      notices.map((e) => e.id),
      journal.lines,
    );
    this.warn(
      `baton file driver: recorded ${events.length} event(s) of ${events[0]!.name} that an interrupted change had not logged`,
    );
    return true;
  }

  /** Rotates the log once this process's appends took it past its size. */
  async maintain(): Promise<void> {
    if (this.enabled && this.log.due) await this.guards.with("events", () => this.log.rotate());
  }
}

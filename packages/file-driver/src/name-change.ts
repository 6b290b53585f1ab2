import type { EventType, HistoryEvent, LockRecord } from "@agent-baton/core";
import { type EventFields, historyEvent, isNoticeType } from "./history-events.js";
import type { NameRecord } from "./name-record.js";

/**
 * What one step does to one name, collected while the grant rule decides (grant-rule.ts) and
 * applied by the step (name-steps.ts) under the name's guard: the record it leaves, the events and
 * notices it records, and the entries of the per-session index it adds and removes.
 */
export class NameChange {
  readonly events: HistoryEvent[] = [];
  /** Ids of events that are also notices for their session. */
  readonly notify: string[] = [];
  readonly holdsAdded: LockRecord[] = [];
  readonly holdsRemoved: LockRecord[] = [];
  /** Holds whose expiry moved: the index entry is renamed to the new one. */
  readonly holdsExtended: Array<{ before: LockRecord; after: LockRecord }> = [];
  readonly waitsAdded: string[] = [];
  readonly waitsRemoved: string[] = [];
  /** The record must be written. */
  dirty = false;
  /**
   * A hold or a place left, which may let a waiter in: the record gets a new generation, which
   * wakes the name's waiters (additions never serve anyone sooner).
   */
  moved = false;

  constructor(
    /** The working copy the rule changes; written back when dirty. */
    readonly record: NameRecord,
    /** The step's time (the driver's clock), in ms. */
    readonly now: number,
  ) {}

  get name(): string {
    return this.record.lock_name;
  }

  /** Records an event of this name (and its notice when its type is one, or when `notify`). */
  event(
    type: EventType,
    fields: EventFields,
    options: { time?: number; notify?: boolean } = {},
  ): HistoryEvent {
    const event = historyEvent(type, this.name, options.time ?? this.now, fields);
    this.events.push(event);
    if (event.session !== null && (options.notify ?? isNoticeType(type))) this.notify.push(event.id);
    this.dirty = true;
    return event;
  }

  /** A hold or a place left: waiters must look again. */
  move(): void {
    this.dirty = true;
    this.moved = true;
  }
}

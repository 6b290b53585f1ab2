import { setTimeout as sleep } from "node:timers/promises";
import { type Clock, systemClock } from "../clock.js";
import type { HistoryEvent } from "../schemas/history.js";
import type { LiveSnapshot } from "./live-snapshot.js";
import type { LiveSource } from "./live-source.js";
import {
  everythingToRefetch,
  LiveState,
  mergeRefetch,
  nothingToRefetch,
  type Refetch,
} from "./live-state.js";

/** A read of the whole view this often catches what no event reports: heartbeats, holds that lapsed unseen. */
export const LIVE_POLL_MS = 15_000;
/** The timeline's span. */
export const LIVE_WINDOW_MS = 60 * 60 * 1000;
/** Events kept in memory for the timeline (the newest). */
export const LIVE_MAX_EVENTS = 5_000;
/** Newest events a snapshot carries. */
export const LIVE_EVENTS_SHOWN = 50;
/** Above this many changed names one read of every lock is cheaper than one read per name. */
const SINGLE_READS_MAX = 16;

export interface LiveFeedOptions {
  clock?: Clock;
  pollMs?: number;
  windowMs?: number;
  maxEvents?: number;
  eventsShown?: number;
}

/** What changed: the view now, and the events that arrived since the last change. */
export interface LiveChange {
  snapshot: LiveSnapshot;
  events: HistoryEvent[];
}

/**
 * Keeps a live view current: reads everything once, then follows the history and reads again
 * only what each event touched (one lock, the claims, the sessions), with a slow full read as a
 * fallback. Listeners hear once per batch of events, after the reads it caused.
 */
export class LiveFeed {
  private readonly state: LiveState;
  private readonly clock: Clock;
  private readonly pollMs: number;
  private readonly windowMs: number;
  private readonly eventsShown: number;
  private readonly maxEvents: number;
  private error: string | null = null;
  private pending: Refetch | null = null;
  private fresh: HistoryEvent[] = [];
  private running: Promise<void> | null = null;
  private readonly listeners = new Set<(change: LiveChange) => void>();

  constructor(
    private readonly source: LiveSource,
    options: LiveFeedOptions = {},
  ) {
    this.clock = options.clock ?? systemClock;
    this.pollMs = options.pollMs ?? LIVE_POLL_MS;
    this.windowMs = options.windowMs ?? LIVE_WINDOW_MS;
    this.eventsShown = options.eventsShown ?? LIVE_EVENTS_SHOWN;
    this.maxEvents = options.maxEvents ?? LIVE_MAX_EVENTS;
    this.state = new LiveState({ windowMs: this.windowMs, maxEvents: this.maxEvents });
  }

  /** The view now, from what was last read (times move on; records change only with reads). */
  snapshot(): LiveSnapshot {
    return this.state.snapshot({
      now: this.clock.now(),
      thresholds: this.source.thresholds,
      backend: this.source.backend,
      location: this.source.location,
      me: this.source.me,
      error: this.error,
      eventsShown: this.eventsShown,
    });
  }

  /** Calls `listener` after each change until the returned function is called. */
  onChange(listener: (change: LiveChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Reads everything and the newest history; returns the cursor to follow from. Throws when the backend fails. */
  async load(): Promise<string> {
    // history first: a change after this read is an event after the cursor, so it is never missed
    const page = await this.source.events(this.maxEvents);
    const [sessions, locks, claims] = await Promise.all([
      this.source.sessions(),
      this.source.locks(),
      this.source.claims(),
    ]);
    this.state.setSessions(sessions);
    this.state.setLocks(locks);
    this.state.setClaims(claims);
    this.state.setEvents(page.events);
    this.error = null;
    return page.cursor;
  }

  /**
   * Follows the backend until `signal` aborts: loads, then reads again on every event and every
   * `pollMs`. A failing backend is reported in the snapshot's `error` and retried at the poll's pace.
   */
  async run(signal: AbortSignal): Promise<void> {
    const poll = setInterval(() => this.request(everythingToRefetch()), this.pollMs);
    try {
      while (!signal.aborted) {
        let cursor: string;
        try {
          cursor = await this.load();
        } catch (error) {
          this.fail(error);
          await pause(this.pollMs, signal);
          continue;
        }
        this.emit();
        try {
          await this.source.follow(cursor, (event) => this.onEvent(event), signal);
        } catch (error) {
          this.fail(error);
        }
        // following stopped without an abort (history off, a lost connection): start over at the poll's pace
        await pause(this.pollMs, signal);
      }
    } finally {
      clearInterval(poll);
      await this.running;
    }
  }

  private onEvent(event: HistoryEvent): void {
    const marks = this.state.apply(event);
    if (!marks) return;
    this.fresh.push(event);
    this.request(marks);
  }

  /** Reads again what `marks` name, once the events of this tick are in; one read at a time. */
  private request(marks: Refetch): void {
    this.pending = mergeRefetch(this.pending ?? nothingToRefetch(), marks);
    this.running ??= new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.drain())
      .finally(() => {
        this.running = null;
      });
  }

  private async drain(): Promise<void> {
    while (this.pending) {
      const marks = this.pending;
      this.pending = null;
      try {
        await this.reread(marks);
        this.error = null;
      } catch (error) {
        this.fail(error);
      }
      this.emit();
    }
  }

  private async reread(marks: Refetch): Promise<void> {
    const all = marks.allLocks || marks.locks.size > SINGLE_READS_MAX;
    const names = all ? [] : [...marks.locks];
    const [sessions, claims, locks, some] = await Promise.all([
      marks.sessions ? this.source.sessions() : null,
      marks.claims ? this.source.claims() : null,
      all ? this.source.locks() : null,
      Promise.all(names.map((n) => this.source.lock(n))),
    ]);
    if (sessions) this.state.setSessions(sessions);
    if (claims) this.state.setClaims(claims);
    if (locks) this.state.setLocks(locks);
    for (const [i, name] of names.entries()) this.state.setLock(name, some[i] ?? null);
  }

  private fail(error: unknown): void {
    this.error = (error as Error)?.message ?? String(error);
    this.emit();
  }

  private emit(): void {
    if (this.listeners.size === 0) {
      this.fresh = [];
      return;
    }
    const change = { snapshot: this.snapshot(), events: this.fresh };
    this.fresh = [];
    for (const listener of this.listeners) listener(change);
  }
}

/** Resolves after `ms`, or at once when `signal` aborts. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return sleep(ms, undefined, { signal }).catch(() => undefined);
}

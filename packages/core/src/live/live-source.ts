import type { Thresholds } from "../schemas/config.js";
import type { HistoryEvent, HistoryResult } from "../schemas/history.js";
import type { ClaimRecord, LockRecord, LockState } from "../schemas/records.js";
import type { LiveSessionInput } from "./live-state.js";

/**
 * Where the live view reads from: everything it shows, and the events that say when to read again.
 * `coordinatorSource` is the real one; tests script their own.
 */
export interface LiveSource {
  /** Backend name, for the header. */
  readonly backend: string;
  /** Where state lives, for the header. */
  readonly location: string;
  /** The viewer's own session id (marked "me"), or null (the dashboard has none). */
  readonly me: string | null;
  /** The tier thresholds the view judges heartbeat ages by. */
  readonly thresholds: Thresholds;
  /** Every session, with whether its process is known gone. */
  sessions(): Promise<LiveSessionInput[]>;
  /** Every existing lock. */
  locks(): Promise<LockState[]>;
  /** One lock, or null when it no longer exists. */
  lock(name: string): Promise<LockState | null>;
  /** Every claim. */
  claims(): Promise<ClaimRecord[]>;
  /** The newest `limit` events, oldest first, and the cursor to follow from. */
  events(limit: number): Promise<HistoryResult>;
  /** Calls `onEvent` for each event recorded after the cursor `after`, until `signal` aborts. */
  follow(after: string, onEvent: (event: HistoryEvent) => void, signal: AbortSignal): Promise<void>;
  /** Breaks one hold (the one with `token`) in the name of `by`; returns the holds broken. */
  forceRelease(name: string, token: number, by: string, reason: string): Promise<LockRecord[]>;
}

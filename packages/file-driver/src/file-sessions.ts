import { join } from "node:path";
import { type Clock, type EventType, type SessionRecord, SessionRecordSchema } from "@agent-baton/core";
import * as z from "zod/mini";
import { encodeName } from "./file-names.js";
import type { Guards } from "./guard.js";
import type { History } from "./history.js";
import { historyEvent } from "./history-events.js";
import type { Layout } from "./layout.js";
import type { RecordFiles } from "./record-files.js";

/**
 * A session file the original scripts wrote into the same `sessions/` directory (a team moving
 * over shares COORDINATION_DIR): not baton's, so neither listed nor moved aside as corrupt.
 */
const OriginalSessionSchema = z.object({ session_id: z.string() });

/** Session records, one file each; changes to one session happen under its guard. */
export class FileSessions {
  constructor(
    private readonly layout: Layout,
    private readonly files: RecordFiles,
    private readonly guards: Guards,
    private readonly history: History,
    private readonly clock: Clock,
  ) {}

  private path(sessionId: string): string {
    return join(this.layout.sessions, `${encodeName(sessionId)}.json`);
  }

  guarded<T>(sessionId: string, fn: () => T | Promise<T>): Promise<T> {
    return this.guards.with(`session-${encodeName(sessionId)}`, fn);
  }

  /** Reads under the guard: a corrupt record is moved aside and counts as absent. */
  readGuarded(sessionId: string): SessionRecord | null {
    const path = this.path(sessionId);
    const seen = this.files.peek(path, SessionRecordSchema);
    if (seen.state === "corrupt") this.files.quarantine(path);
    return seen.state === "ok" ? seen.value : null;
  }

  /** Records a session event (its name is the session id). */
  private record(
    type: EventType,
    session: SessionRecord,
    cause: { by?: string; reason?: string } = {},
  ): void {
    const event = historyEvent(type, session.session_id, this.clock.now(), {
      session: session.session_id,
      host: session.host,
      ...cause,
    });
    this.history.record([event], []);
  }

  put(session: SessionRecord): Promise<void> {
    return this.guarded(session.session_id, () => {
      const existed = this.readGuarded(session.session_id) !== null;
      this.files.write(this.path(session.session_id), session);
      if (!existed) this.record("session.started", session);
    });
  }

  async get(sessionId: string): Promise<SessionRecord | null> {
    const seen = this.files.peek(this.path(sessionId), SessionRecordSchema);
    if (seen.state !== "corrupt") return seen.state === "ok" ? seen.value : null;
    return this.guarded(sessionId, () => this.readGuarded(sessionId));
  }

  update(
    sessionId: string,
    patch: { last_heartbeat?: string; paused?: boolean },
  ): Promise<SessionRecord | null> {
    return this.guarded(sessionId, () => {
      const current = this.readGuarded(sessionId);
      if (!current) return null;
      const next = { ...current, ...patch };
      // Not fsynced: a heartbeat lost to a power cut only makes the session look older, and every
      // prompt pays for this write (register and end stay durable).
      this.files.write(this.path(sessionId), next, false);
      if (next.paused && !current.paused) this.record("session.paused", next);
      return next;
    });
  }

  /** Deletes the record under the guard the caller holds, recording `event`; what it was. */
  removeGuarded(
    sessionId: string,
    event: Extract<EventType, "session.ended" | "session.found_dead">,
    cause: { by?: string; reason?: string },
  ): SessionRecord | null {
    const current = this.readGuarded(sessionId);
    if (!current) return null;
    this.files.remove(this.path(sessionId));
    this.record(event, current, cause);
    return current;
  }

  async list(): Promise<SessionRecord[]> {
    const out: SessionRecord[] = [];
    for (const file of this.files.list(this.layout.sessions)) {
      const path = join(this.layout.sessions, file);
      const seen = this.files.peek(path, SessionRecordSchema);
      if (seen.state === "ok") out.push(seen.value);
      else if (seen.state === "corrupt" && this.files.peek(path, OriginalSessionSchema).state !== "ok") {
        await this.guards.with(`session-${file.slice(0, -".json".length)}`, () => {
          if (this.files.peek(path, SessionRecordSchema).state === "corrupt") this.files.quarantine(path);
        });
      }
    }
    return out;
  }
}

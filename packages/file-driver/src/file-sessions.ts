import { join } from "node:path";
import { type SessionRecord, SessionRecordSchema } from "@agent-baton/core";
import { encodeName } from "./file-names.js";
import type { Guards } from "./guard.js";
import type { Layout } from "./layout.js";
import type { RecordFiles } from "./record-files.js";

/** Session records, one file each; changes to one session happen under its guard. */
export class FileSessions {
  constructor(
    private readonly layout: Layout,
    private readonly files: RecordFiles,
    private readonly guards: Guards,
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

  put(session: SessionRecord): Promise<void> {
    return this.guarded(session.session_id, () => this.files.write(this.path(session.session_id), session));
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
      return next;
    });
  }

  /** Deletes the record under the guard the caller holds; what it was. */
  removeGuarded(sessionId: string): SessionRecord | null {
    const current = this.readGuarded(sessionId);
    if (current) this.files.remove(this.path(sessionId));
    return current;
  }

  async list(): Promise<SessionRecord[]> {
    const out: SessionRecord[] = [];
    for (const file of this.files.list(this.layout.sessions)) {
      const path = join(this.layout.sessions, file);
      const seen = this.files.peek(path, SessionRecordSchema);
      if (seen.state === "ok") out.push(seen.value);
      else if (seen.state === "corrupt") {
        await this.guards.with(`session-${file.slice(0, -".json".length)}`, () => {
          if (this.files.peek(path, SessionRecordSchema).state === "corrupt") this.files.quarantine(path);
        });
      }
    }
    return out;
  }
}

import { join } from "node:path";
import { type HistoryEvent, HistoryEventSchema } from "@agent-baton/core";
import { encodeName } from "./file-names.js";
import type { FsLayer } from "./fs-layer.js";
import type { RecordFiles } from "./record-files.js";
import { errnoOf, storageError } from "./storage-errors.js";

/**
 * Notices waiting for a session: `notices/<session>/<event id>.json`, one file per notice (the
 * event itself). A notice is placed with link(), so placing it twice leaves one; it is taken by
 * renaming it away, which exactly one taker can do. A notice placed while its directory is being
 * removed fails with ENOENT and is placed again in a new one, so none falls between.
 */
export class Notices {
  constructor(
    private readonly fs: FsLayer,
    private readonly files: RecordFiles,
    private readonly dir: string,
    private readonly tmp: string,
  ) {}

  private sessionDir(sessionId: string): string {
    return join(this.dir, encodeName(sessionId));
  }

  /** Leaves `event` for its session (no-op when it is already waiting there). */
  deliver(event: HistoryEvent): void {
    if (event.session === null) return;
    const dir = this.sessionDir(event.session);
    const path = join(dir, `${event.id}.json`);
    const tmp = this.files.writeTemp(event, path, false);
    try {
      for (let attempt = 0; ; attempt++) {
        try {
          this.fs.linkSync(tmp, path);
          return;
        } catch (error) {
          if (errnoOf(error) === "EEXIST") return;
          if (errnoOf(error) !== "ENOENT" || attempt === 2) throw storageError("leave notice", path, error);
        }
        try {
          this.fs.mkdirSync(dir, { mode: 0o700 });
        } catch (error) {
          if (errnoOf(error) !== "EEXIST") throw storageError("leave notice", path, error);
        }
      }
    } finally {
      this.files.remove(tmp);
    }
  }

  /** Whether the notice of event `id` is still waiting for the session. */
  waiting(sessionId: string, id: string): boolean {
    return !!this.fs.statSync(join(this.sessionDir(sessionId), `${id}.json`), { throwIfNoEntry: false });
  }

  /** Takes the session's notices, oldest first: one stat that finds nothing when there are none. */
  take(sessionId: string): HistoryEvent[] {
    const dir = this.sessionDir(sessionId);
    // far cheaper than the error a readdir of a missing directory throws, the usual case
    if (!this.fs.statSync(dir, { throwIfNoEntry: false })) return [];
    let names: string[];
    try {
      names = this.fs.readdirSync(dir) as string[];
    } catch (error) {
      if (errnoOf(error) === "ENOENT") return [];
      throw storageError("list", dir, error);
    }
    const taken: HistoryEvent[] = [];
    for (const name of names.filter((n) => n.endsWith(".json")).sort()) {
      const mine = join(this.tmp, `${process.pid}-notice-${name}`);
      try {
        this.fs.renameSync(join(dir, name), mine);
      } catch (error) {
        if (errnoOf(error) === "ENOENT") continue;
        throw storageError("take notice", join(dir, name), error);
      }
      const seen = this.files.peek(mine, HistoryEventSchema);
      this.files.remove(mine);
      if (seen.state === "ok") taken.push(seen.value);
    }
    this.removeDir(dir);
    return taken;
  }

  /** Drops every notice waiting for the session (it ended). */
  drop(sessionId: string): void {
    const dir = this.sessionDir(sessionId);
    try {
      for (const name of this.fs.readdirSync(dir) as string[]) this.files.remove(join(dir, name));
    } catch (error) {
      if (errnoOf(error) !== "ENOENT") throw storageError("list", dir, error);
    }
    this.removeDir(dir);
  }

  private removeDir(dir: string): void {
    try {
      this.fs.rmdirSync(dir);
    } catch {
      // Not empty (a notice arrived meanwhile) or gone already: either way nothing is lost.
    }
  }
}

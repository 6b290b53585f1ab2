import { join } from "node:path";
import { encodeName } from "./file-names.js";
import type { FsLayer } from "./fs-layer.js";
import { errnoOf, storageError } from "./storage-errors.js";

/**
 * Which locks each session may hold, so that ending a session reads its own locks and no others:
 * `held/<session>/<lock>.<token>`, one empty file per acquisition (session and lock as encoded
 * names). An entry is made before the lock record with that token can be seen, and removed only
 * once that record is gone, so a session's entries name every lock it holds, and at most a few it
 * no longer holds (left by a process that died between the two steps). Entries are created
 * exclusively: each belongs to the one attempt that made it, so removing one never drops another
 * attempt's record from the index.
 */
export class HeldIndex {
  constructor(
    private readonly fs: FsLayer,
    private readonly dir: string,
  ) {}

  private sessionDir(sessionId: string): string {
    return join(this.dir, encodeName(sessionId));
  }

  private entry(sessionId: string, key: string, token: number): string {
    return join(this.sessionDir(sessionId), `${key}.${token}`);
  }

  /** Makes the entry; false when it exists already (another attempt of this session drew the same token). */
  add(sessionId: string, key: string, token: number): boolean {
    const path = this.entry(sessionId, key, token);
    // Thrice at most: endSession may remove the session's empty directory between mkdir and open.
    for (let attempt = 0; ; attempt++) {
      try {
        this.fs.closeSync(this.fs.openSync(path, "wx", 0o600));
        return true;
      } catch (error) {
        if (errnoOf(error) === "EEXIST") return false;
        if (errnoOf(error) !== "ENOENT" || attempt === 2) throw storageError("index", path, error);
      }
      try {
        this.fs.mkdirSync(this.sessionDir(sessionId), { mode: 0o700 });
      } catch (error) {
        if (errnoOf(error) !== "EEXIST") throw storageError("index", path, error);
      }
    }
  }

  /** Makes an entry with the first token from `token` up that no other attempt of the session has; that token. */
  addFrom(sessionId: string, key: string, token: number): number {
    let free = token;
    while (!this.add(sessionId, key, free)) free += 1;
    return free;
  }

  /**
   * Runs `place`, which makes the record with this entry's token visible (false when it placed
   * nothing); the entry goes again unless it placed the record.
   */
  placing(sessionId: string, key: string, token: number, place: () => boolean): boolean {
    let placed = false;
    try {
      placed = place();
      return placed;
    } finally {
      if (!placed) this.remove(sessionId, key, token);
    }
  }

  /** Removes the entry; should that fail, endSession only looks at one lock more. */
  remove(sessionId: string, key: string, token: number): void {
    try {
      this.fs.unlinkSync(this.entry(sessionId, key, token));
    } catch {}
  }

  /** The locks (encoded names) the session's entries mention. */
  keys(sessionId: string): string[] {
    const dir = this.sessionDir(sessionId);
    let entries: string[];
    try {
      entries = this.fs.readdirSync(dir) as string[];
    } catch (error) {
      if (errnoOf(error) === "ENOENT") return [];
      throw storageError("list", dir, error);
    }
    const keys = entries.filter((entry) => entry.includes(".")).map((e) => e.slice(0, e.lastIndexOf(".")));
    return [...new Set(keys)];
  }

  /** Removes the session's directory if no entry is left in it. */
  drop(sessionId: string): void {
    try {
      this.fs.rmdirSync(this.sessionDir(sessionId));
    } catch {}
  }
}

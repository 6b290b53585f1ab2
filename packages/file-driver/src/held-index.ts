import { join } from "node:path";
import { encodeName } from "./file-names.js";
import type { FsLayer } from "./fs-layer.js";
import { errnoOf, storageError } from "./storage-errors.js";

/** One entry of a session's index: a hold (its token and last known expiry) or a place in a line. */
export type IndexEntry =
  | { file: string; key: string; kind: "hold"; token: number; expiresMs: number }
  | { file: string; key: string; kind: "wait" };

/**
 * What each session holds and waits for, so ending or reaping a session reads its own names and
 * no others: `held/<session>/<lock>.<token>.<expiry ms>` per hold and `held/<session>/<lock>.wait`
 * per place in a line (empty files; session and lock as encoded names). Entries change under the
 * lock's guard: made before the record shows the hold or place, removed after it no longer does,
 * so a session's entries name all it has and at most a few it no longer has (left by a process
 * that died between the two), which readers check against the record. An entry of an older
 * version (`<lock>.<token>`) reads as a hold of unknown expiry.
 */
export class HeldIndex {
  constructor(
    private readonly fs: FsLayer,
    private readonly dir: string,
  ) {}

  private sessionDir(sessionId: string): string {
    return join(this.dir, encodeName(sessionId));
  }

  static holdFile(key: string, token: number, expiresMs: number): string {
    return `${key}.${token}.${expiresMs}`;
  }

  static waitFile(key: string): string {
    return `${key}.wait`;
  }

  /** Makes the entry (again, if it exists). */
  add(sessionId: string, file: string): void {
    const path = join(this.sessionDir(sessionId), file);
    // Thrice at most: endSession may remove the session's empty directory between mkdir and open.
    for (let attempt = 0; ; attempt++) {
      try {
        this.fs.closeSync(this.fs.openSync(path, "w", 0o600));
        return;
      } catch (error) {
        if (errnoOf(error) !== "ENOENT" || attempt === 2) throw storageError("index", path, error);
      }
      try {
        this.fs.mkdirSync(this.sessionDir(sessionId), { mode: 0o700 });
      } catch (error) {
        if (errnoOf(error) !== "EEXIST") throw storageError("index", path, error);
      }
    }
  }

  /** Removes the entry; should that fail, the session's end or reap looks at one name more. */
  remove(sessionId: string, file: string): void {
    try {
      this.fs.unlinkSync(join(this.sessionDir(sessionId), file));
    } catch {}
  }

  /** Renames an entry (a hold's new expiry); makes it when the old one is gone. */
  move(sessionId: string, from: string, to: string): void {
    if (from === to) return;
    try {
      this.fs.renameSync(join(this.sessionDir(sessionId), from), join(this.sessionDir(sessionId), to));
    } catch {
      this.add(sessionId, to);
    }
  }

  /** The session's entries; one stat that finds nothing when it has none. */
  entries(sessionId: string): IndexEntry[] {
    const dir = this.sessionDir(sessionId);
    // far cheaper than the error a readdir of a missing directory throws, the usual case
    if (!this.fs.statSync(dir, { throwIfNoEntry: false })) return [];
    let files: string[];
    try {
      files = this.fs.readdirSync(dir) as string[];
    } catch (error) {
      if (errnoOf(error) === "ENOENT") return [];
      throw storageError("list", dir, error);
    }
    const out: IndexEntry[] = [];
    for (const file of files) {
      const [key, second, third] = file.split(".");
      if (!key || second === undefined) continue;
      if (second === "wait") out.push({ file, key, kind: "wait" });
      else out.push({ file, key, kind: "hold", token: Number(second), expiresMs: Number(third ?? 0) });
    }
    return out;
  }

  /** Removes the session's directory if no entry is left in it. */
  drop(sessionId: string): void {
    try {
      this.fs.rmdirSync(this.sessionDir(sessionId));
    } catch {}
  }
}

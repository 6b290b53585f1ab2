import { join } from "node:path";
import type { FsLayer } from "./fs-layer.js";
import { errnoOf, storageError } from "./storage-errors.js";

let tmpCounter = 0;

/** What a record is checked with: one of core's zod record schemas (the least of it the reader needs). */
export interface RecordSchema<T> {
  safeParse(value: unknown): { success: true; data: T } | { success: false };
}

/** What became of a record file that was read. */
export type ReadOutcome<T> = { state: "ok"; value: T } | { state: "absent" } | { state: "corrupt" };

/**
 * JSON records on disk: written to a temp file, fsynced, then renamed or linked into place, so a
 * reader sees the old record or the new one, never half of one. Files 0600.
 */
export class RecordFiles {
  private readonly warned = new Set<string>();

  constructor(
    private readonly fs: FsLayer,
    private readonly tmpDir: string,
    private readonly warn: (message: string) => void,
  ) {}

  /**
   * Writes `value` to a fresh temp file and returns its path; the caller moves it into place.
   * `durable: false` skips the fsync, for records that mean nothing after a reboot (held locks).
   */
  writeTemp(value: unknown, target: string, durable = true): string {
    const tmp = join(this.tmpDir, `${process.pid}-${++tmpCounter}-${Math.random().toString(36).slice(2)}`);
    let fd: number | undefined;
    try {
      fd = this.fs.openSync(tmp, "wx", 0o600);
      this.fs.writeSync(fd, `${JSON.stringify(value, null, 2)}\n`);
      if (durable) this.fs.fsyncSync(fd);
    } catch (error) {
      if (fd !== undefined) this.fs.closeSync(fd);
      this.removeQuietly(tmp);
      throw storageError("write", target, error);
    }
    this.fs.closeSync(fd);
    return tmp;
  }

  /** Replaces (or creates) `path` atomically. */
  write(path: string, value: unknown, durable = true): void {
    const tmp = this.writeTemp(value, path, durable);
    try {
      this.fs.renameSync(tmp, path);
    } catch (error) {
      this.removeQuietly(tmp);
      throw storageError("write", path, error);
    }
  }

  /**
   * Replaces `path` by unlinking it and renaming the new one in: on ext4 a rename over an existing
   * file waits for the new file's blocks (auto_da_alloc, ~0.5 ms measured here), a rename to a free
   * name does not. Between the two steps `path` is missing: only for records whose absence is safe.
   */
  replace(path: string, value: unknown, durable = true): void {
    const tmp = this.writeTemp(value, path, durable);
    try {
      this.remove(path);
    } catch (error) {
      this.removeQuietly(tmp);
      throw error;
    }
    try {
      this.fs.renameSync(tmp, path);
    } catch (error) {
      this.removeQuietly(tmp);
      throw storageError("write", path, error);
    }
  }

  /** Creates `path` only if it does not exist; false when it does. */
  create(path: string, value: unknown, durable = true): boolean {
    const tmp = this.writeTemp(value, path, durable);
    try {
      this.fs.linkSync(tmp, path);
      return true;
    } catch (error) {
      if (errnoOf(error) === "EEXIST") return false;
      throw storageError("create", path, error);
    } finally {
      this.removeQuietly(tmp);
    }
  }

  /** Gives an existing record a second name (both names share one file); false when `from` is gone. */
  linkExisting(from: string, to: string): boolean {
    try {
      this.fs.linkSync(from, to);
      return true;
    } catch (error) {
      if (errnoOf(error) === "ENOENT") return false;
      throw storageError("link", to, error);
    }
  }

  /** Deletes `path`; false when it was already gone. */
  remove(path: string): boolean {
    try {
      this.fs.unlinkSync(path);
      return true;
    } catch (error) {
      if (errnoOf(error) === "ENOENT") return false;
      throw storageError("delete", path, error);
    }
  }

  /** A cheap mark that changes whenever the file is replaced or removed (inode, mtime, size). */
  stamp(path: string): string {
    const seen = this.fs.statSync(path, { throwIfNoEntry: false });
    return seen ? `${seen.ino}:${seen.mtimeMs}:${seen.size}` : "absent";
  }

  /** Reads and validates a record without side effects. */
  peek<T>(path: string, schema: RecordSchema<T>): ReadOutcome<T> {
    let text: string;
    try {
      text = this.fs.readFileSync(path, "utf8") as string;
    } catch (error) {
      if (errnoOf(error) === "ENOENT" || errnoOf(error) === "ENOTDIR") return { state: "absent" };
      throw storageError("read", path, error);
    }
    try {
      const parsed = schema.safeParse(JSON.parse(text));
      return parsed.success ? { state: "ok", value: parsed.data } : { state: "corrupt" };
    } catch {
      return { state: "corrupt" };
    }
  }

  /**
   * Moves a corrupt record aside to `<file>.corrupt` (kept for a human to look at) and says so once.
   * Callers hold the record's guard, so a good record written meanwhile is never moved.
   */
  quarantine(path: string): void {
    try {
      this.fs.renameSync(path, `${path}.corrupt`);
    } catch (error) {
      if (errnoOf(error) !== "ENOENT") throw storageError("move aside", path, error);
    }
    if (this.warned.has(path)) return;
    this.warned.add(path);
    this.warn(
      `baton file driver: corrupt record ${path} moved aside to ${path}.corrupt and treated as absent`,
    );
  }

  /** Names of the `.json` records in a directory. */
  list(dir: string): string[] {
    try {
      return (this.fs.readdirSync(dir) as string[]).filter((f) => f.endsWith(".json"));
    } catch (error) {
      if (errnoOf(error) === "ENOENT") return [];
      throw storageError("list", dir, error);
    }
  }

  private removeQuietly(path: string): void {
    try {
      this.fs.unlinkSync(path);
    } catch {}
  }
}

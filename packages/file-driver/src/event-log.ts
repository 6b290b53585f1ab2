import { join } from "node:path";
import type { FsLayer } from "./fs-layer.js";
import { errnoOf, storageError } from "./storage-errors.js";

/** How far past a journal's offset its events can lie: only lines other steps appended in the same instant come between. */
const SEARCH_WINDOW = 64 * 1024;

/** Where a log ended at some moment: the file (by inode) and its size. */
export interface LogPosition {
  ino: number;
  offset: number;
}

/**
 * The append-only history, `events/events.jsonl`, one JSON event per line, rotated by size to
 * `events.1.jsonl` (the file before it is dropped then, so two files are kept). Every process
 * appends through its own O_APPEND descriptor, each step's lines in one write(), which Linux keeps
 * whole against other appenders; a descriptor whose file was rotated away is reopened.
 */
export class EventLog {
  private fd: number | null = null;
  /** The inode of the file `fd` is open on. */
  private ino = 0;
  private size = 0;

  constructor(
    private readonly fs: FsLayer,
    readonly dir: string,
    private readonly maxBytes: number,
  ) {}

  get currentPath(): string {
    return join(this.dir, "events.jsonl");
  }

  get previousPath(): string {
    return join(this.dir, "events.1.jsonl");
  }

  /** Our descriptor of the current file (reopened when another process rotated ours away) and where it ends. */
  private handle(): { fd: number } & LogPosition {
    if (this.fd !== null) {
      const seen = this.fs.fstatSync(this.fd);
      // Checked only once a file is due for rotation: before that nobody rotates it.
      if (seen.nlink > 0 && (seen.size < this.maxBytes || this.isCurrent(seen.ino))) {
        return { fd: this.fd, ino: seen.ino, offset: seen.size };
      }
      this.closeQuietly();
    }
    try {
      this.fd = this.fs.openSync(this.currentPath, "a+", 0o600);
      const seen = this.fs.fstatSync(this.fd);
      this.ino = seen.ino;
      return { fd: this.fd, ino: seen.ino, offset: seen.size };
    } catch (error) {
      this.closeQuietly();
      throw storageError("open", this.currentPath, error);
    }
  }

  private isCurrent(ino: number): boolean {
    return this.fs.statSync(this.currentPath, { throwIfNoEntry: false })?.ino === ino;
  }

  /** Where the log ends now: a journal records it before its events are appended. */
  position(): LogPosition {
    const { ino, offset } = this.handle();
    return { ino, offset };
  }

  /**
   * Appends lines in one write. `at` is the position the step took for its journal a moment ago:
   * the descriptor it checked then is written to without a second look (a rotation in between
   * puts the lines in the file the journal names, which settling searches).
   */
  append(lines: string, at?: LogPosition): void {
    if (!lines) return;
    const { fd, offset } =
      at && this.fd !== null && at.ino === this.ino ? { fd: this.fd, offset: at.offset } : this.handle();
    let written: number;
    try {
      written = this.fs.writeSync(fd, lines);
    } catch (error) {
      throw storageError("append to", this.currentPath, error);
    }
    if (written < Buffer.byteLength(lines)) {
      throw storageError(
        "append to",
        this.currentPath,
        Object.assign(new Error("short write"), { code: "ENOSPC" }),
      );
    }
    this.size = offset + written;
  }

  /** Whether this process's last append took the log past its size. */
  get due(): boolean {
    return this.size >= this.maxBytes;
  }

  /** Moves a full log aside (dropping the one before); call under the log's guard. */
  rotate(): void {
    this.size = 0;
    const seen = this.fs.statSync(this.currentPath, { throwIfNoEntry: false });
    if (!seen || seen.size < this.maxBytes) return;
    try {
      this.fs.renameSync(this.currentPath, this.previousPath);
    } catch (error) {
      if (errnoOf(error) !== "ENOENT") throw storageError("rotate", this.currentPath, error);
    }
  }

  /**
   * Whether `lines` (whole lines, as one append wrote them) were appended at or after `at` (a
   * journal's position); true when that file is no longer kept, since there is nothing left to put
   * them back into.
   */
  contains(at: LogPosition | null, lines: string): boolean {
    if (!at) return false;
    const current = this.handle();
    if (current.ino === at.ino)
      return this.holds(current.fd, this.currentPath, at.offset, current.offset, lines);
    const previous = this.fs.statSync(this.previousPath, { throwIfNoEntry: false });
    if (previous?.ino !== at.ino) return true;
    // Rotated between the journal and the append: the lines may have gone to the new file's start.
    return (
      this.holdsIn(this.previousPath, at.offset, previous.size, lines) ||
      this.holds(current.fd, this.currentPath, 0, current.offset, lines)
    );
  }

  private holdsIn(path: string, from: number, to: number, lines: string): boolean {
    let fd: number;
    try {
      fd = this.fs.openSync(path, "r");
    } catch (error) {
      if (errnoOf(error) === "ENOENT") return false;
      throw storageError("read", path, error);
    }
    try {
      return this.holds(fd, path, from, to, lines);
    } finally {
      this.fs.closeSync(fd);
    }
  }

  /** Whether `lines` lie within the search window between `from` and `to` of the file open on `fd`. */
  private holds(fd: number, path: string, from: number, to: number, lines: string): boolean {
    const buffer = Buffer.allocUnsafe(Math.max(0, Math.min(SEARCH_WINDOW, to - from)));
    let read: number;
    try {
      read = this.fs.readSync(fd, buffer, 0, buffer.length, from);
    } catch (error) {
      throw storageError("read", path, error);
    }
    return buffer.toString("utf8", 0, read).includes(lines);
  }

  private closeQuietly(): void {
    this.ino = 0;
    if (this.fd === null) return;
    try {
      this.fs.closeSync(this.fd);
    } catch {}
    this.fd = null;
  }

  close(): void {
    this.closeQuietly();
  }
}

import { join } from "node:path";
import type { HistoryEvent } from "@agent-baton/core";
import type { FsLayer } from "./fs-layer.js";
import { logLine } from "./history-events.js";
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

  /** Appends the events in one write. */
  append(events: HistoryEvent[]): void {
    if (!events.length) return;
    const text = events.map(logLine).join("");
    const { fd, offset } = this.handle();
    let written: number;
    try {
      written = this.fs.writeSync(fd, text);
    } catch (error) {
      throw storageError("append to", this.currentPath, error);
    }
    if (written < Buffer.byteLength(text)) {
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
   * Whether the event with `id` was appended at or after `at` (a journal's position); true when
   * that file is no longer kept, since there is nothing left to put it back into.
   */
  contains(at: LogPosition | null, id: string): boolean {
    if (!at) return false;
    const current = this.fs.statSync(this.currentPath, { throwIfNoEntry: false });
    if (current?.ino === at.ino) return this.holds(this.currentPath, at.offset, id);
    const previous = this.fs.statSync(this.previousPath, { throwIfNoEntry: false });
    if (previous?.ino !== at.ino) return true;
    // Rotated between the journal and the append: the line may have gone to the new file's start.
    return this.holds(this.previousPath, at.offset, id) || (!!current && this.holds(this.currentPath, 0, id));
  }

  /** Whether a whole line of event `id` lies within the search window from `offset`. */
  private holds(path: string, offset: number, id: string): boolean {
    const buffer = Buffer.alloc(SEARCH_WINDOW);
    let read = 0;
    let fd: number | undefined;
    try {
      fd = this.fs.openSync(path, "r");
      read = this.fs.readSync(fd, buffer, 0, SEARCH_WINDOW, offset);
    } catch (error) {
      if (errnoOf(error) !== "ENOENT") throw storageError("read", path, error);
    } finally {
      if (fd !== undefined) this.fs.closeSync(fd);
    }
    const text = buffer.toString("utf8", 0, read);
    const start = text.indexOf(`{"id":${JSON.stringify(id)}`);
    if (start < 0) return false;
    const end = text.indexOf("\n", start);
    if (end < 0) return false;
    try {
      JSON.parse(text.slice(start, end));
      return true;
    } catch {
      // A torn line (a write cut short): the event is not there.
      return false;
    }
  }

  private closeQuietly(): void {
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

import { type FSWatcher, watch } from "node:fs";
import type { EventPage, EventQuery, HistoryEvent } from "@agent-baton/core";
import type { LogPosition } from "./event-log.js";
import type { FsLayer } from "./fs-layer.js";
import { parseLine } from "./history-events.js";
import { errnoOf, storageError } from "./storage-errors.js";

/** How often a follower looks without a file system event (network disks, missed events). */
const FOLLOW_POLL_MS = 1_000;
const CHUNK = 1024 * 1024;
/** Lines are appended about in time order; a backward read stops this far before `sinceMs`. */
const TIME_SLACK_MS = 60_000;

interface Segment {
  path: string;
  from: number;
  to: number;
}

const cursorOf = (at: LogPosition) => `${at.ino}:${at.offset}`;

function parseCursor(text: string): LogPosition | null {
  const m = /^(\d+):(\d+)$/.exec(text);
  return m ? { ino: Number(m[1]), offset: Number(m[2]) } : null;
}

function matches(event: HistoryEvent, query: EventQuery): boolean {
  if (query.name !== undefined && event.name !== query.name) return false;
  if (query.session !== undefined && event.session !== query.session && event.by !== query.session)
    return false;
  return query.sinceMs === undefined || Date.parse(event.time) >= query.sinceMs;
}

/** Reads and follows the log (event-log.ts): both kept files, oldest line first. */
export class EventReader {
  constructor(
    private readonly fs: FsLayer,
    private readonly dir: string,
    private readonly currentPath: string,
    private readonly previousPath: string,
  ) {}

  private stat(path: string) {
    return this.fs.statSync(path, { throwIfNoEntry: false });
  }

  /** Calls `visit` with each complete line of the segment, in order; the offset after the last one. */
  private forward(segment: Segment, visit: (line: string) => void): number {
    let fd: number;
    try {
      fd = this.fs.openSync(segment.path, "r");
    } catch (error) {
      if (errnoOf(error) === "ENOENT") return segment.from;
      throw storageError("read", segment.path, error);
    }
    let next = segment.from;
    let consumed = segment.from;
    let rest = Buffer.alloc(0);
    try {
      const buffer = Buffer.alloc(CHUNK);
      while (next < segment.to) {
        const read = this.fs.readSync(fd, buffer, 0, Math.min(CHUNK, segment.to - next), next);
        if (read <= 0) break;
        next += read;
        const data = Buffer.concat([rest, buffer.subarray(0, read)]);
        const last = data.lastIndexOf(10);
        if (last < 0) {
          rest = data;
          continue;
        }
        for (const line of data.toString("utf8", 0, last).split("\n")) if (line) visit(line);
        consumed += last + 1;
        rest = Buffer.from(data.subarray(last + 1));
      }
    } finally {
      this.fs.closeSync(fd);
    }
    return consumed;
  }

  /** Calls `visit` with the segment's lines newest first until it returns false; false if stopped. */
  private backward(segment: Segment, visit: (line: string) => boolean): boolean {
    let fd: number;
    try {
      fd = this.fs.openSync(segment.path, "r");
    } catch (error) {
      if (errnoOf(error) === "ENOENT") return true;
      throw storageError("read", segment.path, error);
    }
    try {
      let end = segment.to;
      let head = Buffer.alloc(0);
      while (end > segment.from) {
        const start = Math.max(segment.from, end - CHUNK);
        const chunk = Buffer.alloc(end - start);
        this.fs.readSync(fd, chunk, 0, chunk.length, start);
        const joined = Buffer.concat([chunk, head]);
        const first = start === segment.from ? -1 : joined.indexOf(10);
        const lines = joined.toString("utf8", first + 1).split("\n");
        head = first < 0 ? Buffer.alloc(0) : joined.subarray(0, first + 1);
        for (let i = lines.length - 1; i >= 0; i--) if (lines[i] && !visit(lines[i]!)) return false;
        end = start;
      }
      return true;
    } finally {
      this.fs.closeSync(fd);
    }
  }

  /** Where reading after `after` starts, and where the log ends now. */
  private plan(after: string | undefined): { segments: Segment[]; end: LogPosition; afterId?: string } {
    const current = this.stat(this.currentPath);
    const previous = this.stat(this.previousPath);
    const end = { ino: current?.ino ?? 0, offset: current?.size ?? 0 };
    const all: Segment[] = [];
    if (previous) all.push({ path: this.previousPath, from: 0, to: previous.size });
    if (current) all.push({ path: this.currentPath, from: 0, to: current.size });
    if (after === undefined) return { segments: all, end };
    const at = parseCursor(after);
    // Not a cursor: an event id, read on from its line.
    if (!at) return { segments: all, end, afterId: after };
    if (current && at.ino === current.ino) {
      return { segments: [{ path: this.currentPath, from: at.offset, to: current.size }], end };
    }
    if (previous && at.ino === previous.ino) {
      const rest = { path: this.previousPath, from: at.offset, to: previous.size };
      return {
        segments: current ? [rest, { path: this.currentPath, from: 0, to: current.size }] : [rest],
        end,
      };
    }
    return { segments: all, end };
  }

  read(query: EventQuery): EventPage {
    const { segments, end, afterId } = this.plan(query.after);
    const limit = query.limit ?? Number.POSITIVE_INFINITY;
    let events: HistoryEvent[] = [];
    let cursorAt = end;
    if (query.after === undefined && Number.isFinite(limit)) {
      for (const segment of [...segments].reverse()) {
        const more = this.backward(segment, (line) => {
          const event = parseLine(line);
          if (event && matches(event, query)) events.push(event);
          const before =
            query.sinceMs !== undefined && event && Date.parse(event.time) < query.sinceMs - TIME_SLACK_MS;
          return events.length < limit && !before;
        });
        if (!more) break;
      }
      events.reverse();
    } else {
      let started = afterId === undefined;
      for (const segment of segments) {
        const consumed = this.forward(segment, (line) => {
          const event = parseLine(line);
          if (!event) return;
          if (!started) {
            started = event.id === afterId;
            return;
          }
          if (matches(event, query)) events.push(event);
        });
        if (segment.path === this.currentPath) cursorAt = { ino: end.ino, offset: consumed };
      }
      if (!started) events = [];
    }
    return { events: events.slice(-limit), cursor: cursorOf(cursorAt) };
  }

  /** Emits events written after `query.after` (or from now) as they come, until `signal` aborts. */
  async follow(
    query: EventQuery,
    onEvent: (event: HistoryEvent) => void,
    signal: AbortSignal,
  ): Promise<void> {
    if (signal.aborted) return;
    const first = this.plan(query.after ?? cursorOf(this.plan(undefined).end));
    const pending = [...first.segments];
    let following: { path: string; ino: number; offset: number } | null = null;
    const emit = (line: string) => {
      const event = parseLine(line);
      if (event && matches(event, query)) onEvent(event);
    };
    const step = () => {
      // What was there when following began: the rest of the file before, then the current one.
      while (pending.length) {
        const segment = pending.shift()!;
        const seen = this.stat(segment.path);
        const offset = this.forward({ ...segment, to: seen?.size ?? segment.to }, emit);
        if (segment.path === this.currentPath && seen)
          following = { path: segment.path, ino: seen.ino, offset };
      }
      const current = this.stat(this.currentPath);
      if (following && current?.ino !== following.ino) {
        // Rotated: finish the old file (now the previous one), then start the new one.
        const old = this.stat(this.previousPath);
        if (old?.ino === following.ino)
          this.forward({ path: this.previousPath, from: following.offset, to: old.size }, emit);
        following = null;
      }
      if (!current) return;
      following ??= { path: this.currentPath, ino: current.ino, offset: 0 };
      following.offset = this.forward(
        { path: this.currentPath, from: following.offset, to: current.size },
        emit,
      );
    };
    let watcher: FSWatcher | null = null;
    let wake: (() => void) | null = null;
    try {
      watcher = watch(this.dir, { persistent: false }, () => wake?.());
      watcher.on("error", () => {});
    } catch {
      // No watcher on this file system: the poll still follows.
    }
    try {
      while (!signal.aborted) {
        step();
        await new Promise<void>((resolve) => {
          const done = () => {
            clearTimeout(timer);
            signal.removeEventListener("abort", done);
            wake = null;
            resolve();
          };
          const timer = setTimeout(done, FOLLOW_POLL_MS);
          wake = done;
          signal.addEventListener("abort", done, { once: true });
        });
      }
    } finally {
      watcher?.close();
    }
  }
}

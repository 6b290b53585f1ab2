import { type FSWatcher, watch } from "node:fs";
import { basename } from "node:path";

/** Longest a waiter goes without looking, in case a file system event is missed (e.g. network disks). */
const POLL_MS = 250;

interface Waiter {
  file: string;
  check: () => void;
  done: () => void;
}

/**
 * Wakes waitForChange callers when a lock's record changes: one fs.watch on the locks directory
 * per driver, opened by the first waiter and kept until close() (so no change falls between two
 * watchers), plus a bounded poll.
 */
export class ChangeWatcher {
  private watcher: FSWatcher | null = null;
  private readonly waiters = new Set<Waiter>();
  private closed = false;

  constructor(private readonly dir: string) {}

  /** Resolves when `changed()` says so (looked at on every event for `path` and every POLL_MS), or on timeout/abort. */
  wait(path: string, changed: () => boolean, timeoutMs: number, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve) => {
      if (signal?.aborted || this.closed) {
        resolve();
        return;
      }
      const done = () => {
        clearTimeout(timer);
        clearInterval(poll);
        signal?.removeEventListener("abort", done);
        this.waiters.delete(waiter);
        resolve();
      };
      const waiter: Waiter = { file: basename(path), check: () => changed() && done(), done };
      const timer = setTimeout(done, timeoutMs);
      const poll = setInterval(waiter.check, POLL_MS);
      signal?.addEventListener("abort", done, { once: true });
      this.waiters.add(waiter);
      this.start();
      // Looked at only now that the watcher runs, so a release just before it cannot be missed.
      waiter.check();
    });
  }

  private start(): void {
    if (this.watcher) return;
    try {
      this.watcher = watch(this.dir, { persistent: false }, (_event, file) => {
        for (const waiter of [...this.waiters]) if (file === null || file === waiter.file) waiter.check();
      });
      this.watcher.on("error", () => this.stop());
    } catch {
      // No watcher (unsupported file system): the poll still wakes waiters.
    }
  }

  private stop(): void {
    this.watcher?.close();
    this.watcher = null;
  }

  /** Wakes every waiter, and any that comes later, and closes the watcher. */
  close(): void {
    this.closed = true;
    for (const waiter of [...this.waiters]) waiter.done();
    this.stop();
  }
}

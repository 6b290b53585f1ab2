import * as nodeFs from "node:fs";
import { join } from "node:path";
import { StorageError } from "@agent-baton/core";
import { errnoOf, storageError } from "./storage-errors.js";

/** A guard left by a crashed process is broken after this long (proper-lockfile refreshes live ones). */
const STALE_MS = 5_000;
/** Longest a caller waits for a guard: past STALE_MS, so a crashed holder's guard is always broken first. */
const GIVE_UP_MS = 20_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** proper-lockfile (with graceful-fs and signal-exit) loads on the first guard: unguarded reads stay cheap to start. */
let lockfileModule: Promise<typeof import("proper-lockfile")> | undefined;
const loadLockfile = () => {
  lockfileModule ??= import("proper-lockfile").then((m) => m.default ?? m);
  return lockfileModule;
};

/**
 * The fs that proper-lockfile runs on. Its own lock is a directory; here `mkdir` makes an empty
 * file with O_EXCL instead: just as atomic, and on ext4 about a fifth of the cost of creating and
 * removing a directory (~25 µs against ~115 µs), which every release pays. proper-lockfile's
 * algorithm is unchanged: staleness by mtime, mtime refresh while held, compromise detection. A
 * guard directory left by an older baton still excludes (mkdir and O_EXCL both meet EEXIST) and is
 * still broken when stale. Only the four methods proper-lockfile 4.1.2 calls with `realpath: false`
 * (the version is pinned exactly, and guard.test.ts checks the set): its sync API copies the fs
 * object on every lock, and copying all of node:fs costs more than the lock itself.
 */
export const guardFs = {
  mkdirSync(path: string): void {
    nodeFs.closeSync(nodeFs.openSync(path, "wx", 0o600));
  },
  rmdirSync(path: string): void {
    try {
      nodeFs.unlinkSync(path);
    } catch (error) {
      const code = errnoOf(error);
      if (code !== "EISDIR" && code !== "EPERM") throw error;
      nodeFs.rmdirSync(path);
    }
  },
  statSync: nodeFs.statSync,
  utimesSync: nodeFs.utimesSync,
};

export type GuardFs = typeof guardFs;

/**
 * Cross-process mutual exclusion for the short read-decide-write steps that race (takeover,
 * compare-and-delete, claims, session end), built on proper-lockfile's lock over `guardFs`.
 */
export class Guards {
  constructor(
    private readonly dir: string,
    private readonly warn: (message: string) => void,
    /** The fs proper-lockfile runs on; a test passes a recording copy of guardFs. */
    private readonly fs: GuardFs = guardFs,
  ) {}

  /** Runs `fn` while holding the guard named `key` (a file-name-safe string). */
  async with<T>(key: string, fn: () => T | Promise<T>): Promise<T> {
    const target = join(this.dir, key);
    const lockfile = await loadLockfile();
    const started = Date.now();
    let release: (() => void) | undefined;
    for (let attempt = 0; !release; attempt++) {
      try {
        release = lockfile.lockSync(target, {
          realpath: false,
          stale: STALE_MS,
          fs: this.fs,
          onCompromised: (error) => this.warn(`baton file driver: guard ${target} was compromised: ${error}`),
        });
      } catch (error) {
        if (errnoOf(error) !== "ELOCKED") throw storageError("lock", `${target}.lock`, error);
        if (Date.now() - started > GIVE_UP_MS) {
          throw new StorageError(
            `file driver: guard ${target}.lock stayed held for ${GIVE_UP_MS / 1000}s; remove it if no baton process is running`,
            { cause: error },
          );
        }
        await sleep(Math.min(50, 1 + attempt * 2) * (0.5 + Math.random()));
      }
    }
    try {
      return await fn();
    } finally {
      try {
        release();
      } catch (error) {
        this.warn(`baton file driver: could not release guard ${target}.lock: ${error}`);
      }
    }
  }
}

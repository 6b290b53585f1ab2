import { type Clock, type Driver, type DriverFactory, type LockRecord, systemClock } from "@agent-baton/core";
import { FileClaims } from "./file-claims.js";
import { FileLocks } from "./file-locks.js";
import { FileSessions } from "./file-sessions.js";
import { type FsLayer, realFs } from "./fs-layer.js";
import { Guards } from "./guard.js";
import { ensureLayout, layoutFor } from "./layout.js";
import { RecordFiles } from "./record-files.js";
import { ReleaseWatcher } from "./release-watcher.js";
import { unavailableError } from "./storage-errors.js";
import { sweepTempFiles } from "./tmp-sweep.js";

export interface FileDriverOptions {
  /** The coordination directory (COORDINATION_DIR); created 0700 on first use. */
  dir: string;
  /** Where expiry reads the time; Date.now by default. */
  clock?: Clock;
  /** The fs calls the driver makes; for tests that inject disk faults. */
  fs?: FsLayer;
  /** Where warnings about corrupt records go; stderr by default. */
  warn?: (message: string) => void;
}

/** baton's embedded backend: locks, sessions and claims as JSON files under one directory. */
export const createFileDriver: DriverFactory<FileDriverOptions> = (options) => {
  const fs = options.fs ?? realFs;
  const clock = options.clock ?? systemClock;
  const warn = options.warn ?? ((message: string) => process.stderr.write(`${message}\n`));
  const layout = layoutFor(options.dir);
  const files = new RecordFiles(fs, layout.tmp, warn);
  const guards = new Guards(layout.guards, warn);
  const locks = new FileLocks(layout, files, guards, clock);
  const sessions = new FileSessions(layout, files, guards);
  const claims = new FileClaims(layout, files, guards);
  const watcher = new ReleaseWatcher(layout.locks);
  let ready = false;
  const ensure = () => {
    if (ready) return;
    ensureLayout(fs, layout);
    sweepTempFiles(fs, layout.tmp);
    ready = true;
  };
  const samelock = (a: LockRecord | null, b: LockRecord | null) =>
    a?.fencing_token === b?.fencing_token && a?.held_by === b?.held_by;

  return {
    name: "file",
    location: layout.root,

    async acquireLock(name, owner, ttlMs, opts) {
      ensure();
      return locks.acquire(name, owner, ttlMs, opts);
    },
    async releaseLock(name, sessionId) {
      ensure();
      return locks.release(name, sessionId);
    },
    async extendLock(name, sessionId, ttlMs) {
      ensure();
      return locks.extend(name, sessionId, ttlMs);
    },
    async forceReleaseLock(name, opts) {
      ensure();
      return locks.forceRelease(name, opts);
    },
    async getLock(name) {
      ensure();
      return locks.get(name);
    },
    async listLocks(pattern) {
      ensure();
      return locks.list(pattern);
    },
    async waitForRelease(name, timeoutMs, signal) {
      ensure();
      const before = await locks.get(name);
      const changed = () => {
        const seen = files.peek(locks.lockPath(name), { safeParse: (v) => ({ success: true, data: v }) });
        return seen.state !== "ok" || !samelock(before, seen.value as LockRecord);
      };
      return watcher.wait(locks.lockPath(name), changed, timeoutMs, signal);
    },

    async putSession(session) {
      ensure();
      return sessions.put(session);
    },
    async getSession(sessionId) {
      ensure();
      return sessions.get(sessionId);
    },
    async updateSession(sessionId, patch) {
      ensure();
      return sessions.update(sessionId, patch);
    },
    async listSessions() {
      ensure();
      return sessions.list();
    },
    async endSession(sessionId) {
      ensure();
      return sessions.guarded(sessionId, async () => {
        const session = sessions.removeGuarded(sessionId);
        const released: string[] = [];
        for (const lock of await locks.all()) {
          if (lock.held_by !== sessionId) continue;
          if (await locks.releaseForSession(lock.lock_name, sessionId)) released.push(lock.lock_name);
        }
        const claim = await claims.guarded(() => claims.releaseGuarded(sessionId));
        return { session, locks: released.sort(), claim };
      });
    },

    async claimIssue(claim, opts) {
      ensure();
      return claims.claim(claim, opts);
    },
    async releaseClaim(sessionId) {
      ensure();
      return claims.release(sessionId);
    },
    async getClaim(repo, issue) {
      ensure();
      return claims.get(repo, issue);
    },
    async getSessionClaim(sessionId) {
      ensure();
      return claims.ofSession(sessionId);
    },
    async listClaims(repo) {
      ensure();
      return claims.list(repo);
    },

    async ping() {
      ensure();
      try {
        files.remove(files.writeTemp({ ping: true }, layout.tmp));
      } catch (error) {
        throw unavailableError(layout.root, (error as { cause?: unknown }).cause ?? error);
      }
    },
    async close() {
      watcher.close();
    },
  } satisfies Driver;
};

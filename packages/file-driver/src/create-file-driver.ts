import {
  type Clock,
  type Driver,
  type DriverFactory,
  type LockRecord,
  LockRecordSchema,
  systemClock,
} from "@agent-baton/core";
import { FileClaims } from "./file-claims.js";
import { FileLocks } from "./file-locks.js";
import { FileReservations } from "./file-reservations.js";
import { FileSessions } from "./file-sessions.js";
import { type FsLayer, realFs } from "./fs-layer.js";
import { Guards } from "./guard.js";
import { HeldIndex } from "./held-index.js";
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

/** baton's embedded backend: locks, sessions, claims and reservations as JSON files under one directory. */
export const createFileDriver: DriverFactory<FileDriverOptions> = (options) => {
  const fs = options.fs ?? realFs;
  const clock = options.clock ?? systemClock;
  const warn = options.warn ?? ((message: string) => process.stderr.write(`${message}\n`));
  const layout = layoutFor(options.dir);
  const files = new RecordFiles(fs, layout.tmp, warn);
  const guards = new Guards(layout.guards, warn);
  const locks = new FileLocks(layout, files, guards, clock, new HeldIndex(fs, layout.held));
  const sessions = new FileSessions(layout, files, guards);
  const claims = new FileClaims(layout, files, guards);
  const reservations = new FileReservations(layout, files, guards);
  const watcher = new ReleaseWatcher(layout.locks);
  let ready: Promise<void> | undefined;
  const ensure = () => {
    ready ??= (async () => {
      const created = ensureLayout(fs, layout);
      sweepTempFiles(fs, layout.tmp);
      // Locks and claims taken before there was an index (an older version's directory) are entered once.
      if (created.has("held") && !created.has("locks")) await locks.indexExisting();
      if (created.has("claimOf") && !created.has("claims")) await claims.indexExisting();
    })().catch((error) => {
      ready = undefined;
      throw error;
    });
    return ready;
  };
  const samelock = (a: LockRecord | null, b: LockRecord | null) =>
    a?.fencing_token === b?.fencing_token && a?.held_by === b?.held_by;

  return {
    name: "file",
    location: layout.root,

    async acquireLock(name, owner, ttlMs, opts) {
      await ensure();
      return locks.acquire(name, owner, ttlMs, opts);
    },
    async releaseLock(name, sessionId) {
      await ensure();
      return locks.release(name, sessionId);
    },
    async extendLock(name, sessionId, ttlMs) {
      await ensure();
      return locks.extend(name, sessionId, ttlMs);
    },
    async forceReleaseLock(name, opts) {
      await ensure();
      return locks.forceRelease(name, opts);
    },
    async getLock(name) {
      await ensure();
      return locks.get(name);
    },
    async listLocks(pattern) {
      await ensure();
      return locks.list(pattern);
    },
    async waitForRelease(name, timeoutMs, signal) {
      await ensure();
      const before = await locks.get(name);
      const changed = () => {
        const seen = files.peek(locks.lockPath(name), LockRecordSchema);
        return seen.state !== "ok" || !samelock(before, seen.value);
      };
      return watcher.wait(locks.lockPath(name), changed, timeoutMs, signal);
    },

    async putSession(session) {
      await ensure();
      return sessions.put(session);
    },
    async getSession(sessionId) {
      await ensure();
      return sessions.get(sessionId);
    },
    async updateSession(sessionId, patch) {
      await ensure();
      return sessions.update(sessionId, patch);
    },
    async listSessions() {
      await ensure();
      return sessions.list();
    },
    async endSession(sessionId) {
      await ensure();
      return sessions.guarded(sessionId, async () => {
        const session = sessions.removeGuarded(sessionId);
        const released = await locks.releaseSession(sessionId);
        const claim = await claims.guarded(() => claims.releaseGuarded(sessionId));
        return { session, locks: released, claim };
      });
    },

    async claimIssue(claim, opts) {
      await ensure();
      return claims.claim(claim, opts);
    },
    async releaseClaim(sessionId) {
      await ensure();
      return claims.release(sessionId);
    },
    async getClaim(repo, issue) {
      await ensure();
      return claims.get(repo, issue);
    },
    async getSessionClaim(sessionId) {
      await ensure();
      return claims.ofSession(sessionId);
    },
    async listClaims(repo) {
      await ensure();
      return claims.list(repo);
    },

    async listReservationRepositories() {
      await ensure();
      return reservations.repositories();
    },
    async getReservations(repo) {
      await ensure();
      return reservations.get(repo);
    },
    async changeReservations(repo, expectedVersion, change) {
      await ensure();
      return reservations.change(repo, expectedVersion, change);
    },

    async ping() {
      await ensure();
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

import {
  type Clock,
  DEFAULTS,
  type Driver,
  type DriverFactory,
  type HistoryOptions,
  systemClock,
} from "@agent-baton/core";
import { ChangeWatcher } from "./change-watcher.js";
import { EventLog } from "./event-log.js";
import { EventReader } from "./event-reader.js";
import { FileClaims } from "./file-claims.js";
import { FileLocks } from "./file-locks.js";
import { FileReservations } from "./file-reservations.js";
import { FileSessions } from "./file-sessions.js";
import { type FsLayer, realFs } from "./fs-layer.js";
import { Guards } from "./guard.js";
import { HeldIndex } from "./held-index.js";
import { History } from "./history.js";
import { ensureLayout, layoutFor } from "./layout.js";
import { NameSteps } from "./name-steps.js";
import { Notices } from "./notices.js";
import { RecordFiles } from "./record-files.js";
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
  /** History settings (`enabled`, `maxBytes`); on, with the config's default size, when absent. */
  history?: Partial<HistoryOptions>;
}

/** baton's embedded backend: locks, sessions, claims and their history as files under one directory. */
export const createFileDriver: DriverFactory<FileDriverOptions> = (options) => {
  const fs = options.fs ?? realFs;
  const clock = options.clock ?? systemClock;
  const warn = options.warn ?? ((message: string) => process.stderr.write(`${message}\n`));
  const layout = layoutFor(options.dir);
  const files = new RecordFiles(fs, layout.tmp, warn);
  const guards = new Guards(layout.guards, warn);
  const log = new EventLog(fs, layout.events, options.history?.maxBytes ?? DEFAULTS.historyMaxBytes);
  const notices = new Notices(fs, files, layout.notices, layout.tmp);
  const history = new History(options.history?.enabled ?? true, log, notices, guards, warn);
  const index = new HeldIndex(fs, layout.held);
  const steps = new NameSteps(layout, files, guards, clock, index, history);
  const watcher = new ChangeWatcher(layout.locks);
  const locks = new FileLocks(steps, files, layout.locks, index, watcher);
  const sessions = new FileSessions(layout, files, guards, history, clock);
  const claims = new FileClaims(layout, files, guards, history, clock);
  const reader = new EventReader(fs, layout.events, log.currentPath, log.previousPath);
  const reservations = new FileReservations(layout, files, guards, history, clock);
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
  const ready_ = <A extends unknown[], R>(fn: (...args: A) => Promise<R> | R) => {
    return async (...args: A): Promise<R> => {
      await ensure();
      return fn(...args);
    };
  };

  return {
    name: "file",
    location: layout.root,

    acquireLock: ready_((name, request) => locks.acquire(name, request)),
    leaveLine: ready_((name, sessionId, reason) => locks.leaveLine(name, sessionId, reason)),
    releaseLock: ready_((name, sessionId) => locks.release(name, sessionId)),
    extendLock: ready_((name, sessionId, ttlMs, patch) => locks.extend(name, sessionId, ttlMs, patch)),
    forceReleaseLock: ready_((name, opts) => locks.forceRelease(name, opts)),
    requestRelease: ready_((name, request) => locks.requestRelease(name, request)),
    getLock: ready_((name) => locks.get(name)),
    listLocks: ready_((pattern) => locks.list(pattern)),
    waitForChange: ready_((name, timeoutMs, signal) => locks.waitForChange(name, timeoutMs, signal)),

    putSession: ready_((session) => sessions.put(session)),
    getSession: ready_((sessionId) => sessions.get(sessionId)),
    updateSession: ready_((sessionId, patch) => sessions.update(sessionId, patch)),
    listSessions: ready_(() => sessions.list()),
    endSession: ready_((sessionId, { event, by, reason }) => {
      return sessions.guarded(sessionId, async () => {
        const released = await locks.endSession(sessionId, reason ?? null);
        const claim = await claims.guarded(() => claims.releaseGuarded(sessionId, reason));
        const session = sessions.removeGuarded(sessionId, event, { by, reason });
        notices.drop(sessionId);
        return { session, locks: released, claim };
      });
    }),
    reapSession: ready_((sessionId) => locks.reapSession(sessionId)),

    claimIssue: ready_((claim, opts) => claims.claim(claim, opts)),
    releaseClaim: ready_((sessionId) => claims.release(sessionId)),
    getClaim: ready_((repo, issue) => claims.get(repo, issue)),
    getSessionClaim: ready_((sessionId) => claims.ofSession(sessionId)),
    listClaims: ready_((repo) => claims.list(repo)),

    readEvents: ready_((query) => reader.read(query)),
    followEvents: ready_((query, onEvent, signal) => reader.follow(query, onEvent, signal)),
    takeNotices: ready_((sessionId) => notices.take(sessionId)),
    recordEvents: ready_((list) => history.recordNow(list, clock.now())),

    listReservationRepositories: ready_(() => reservations.repositories()),
    getReservations: ready_((repo) => reservations.get(repo)),
    changeReservations: ready_((repo, version, change) => reservations.change(repo, version, change)),

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
      log.close();
    },
  } satisfies Driver;
};

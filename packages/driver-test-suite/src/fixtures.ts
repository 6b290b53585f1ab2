import { spawnSync } from "node:child_process";
import {
  type AcquireRequest,
  type BatonConfig,
  type ClaimRecord,
  Coordinator,
  DEFAULTS,
  type Driver,
  type DriverAcquireOutcome,
  type EventQuery,
  type HistoryEvent,
  type LockOwner,
  type LockRecord,
  localHost,
  ManualClock,
  type SessionRecord,
} from "@agent-baton/core";

/** Makes a driver on the storage named by `namespace`: the same namespace gives the same storage. */
export type MakeDriver = (namespace: string) => Driver | Promise<Driver>;

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;

export function testConfig(backend: "file" | "redis" = "file"): BatonConfig {
  return { ...DEFAULTS, backend, coordinationDir: "/nonexistent" };
}

export function owner(sessionId: string, extra: Partial<LockOwner> = {}): LockOwner {
  return {
    held_by: sessionId,
    host: localHost(),
    pid: null,
    pid_start: null,
    pgid: null,
    worktree: `/work/${sessionId}`,
    ...extra,
  };
}

/** An acquire request for `sessionId`: exclusive, one slot, 60 s, a wait-0 attempt unless `extra` says otherwise. */
export function ask(
  sessionId: string,
  extra: Omit<Partial<AcquireRequest>, "owner"> & { owner?: Partial<LockOwner> } = {},
): AcquireRequest {
  const { owner: ownerExtra, ...rest } = extra;
  return { owner: owner(sessionId, ownerExtra), ttlMs: 60_000, mode: "exclusive", slots: 1, ...rest };
}

/** Acquires for `sessionId` and returns the new hold; throws when it was not granted. */
export async function take(
  driver: Driver,
  name: string,
  sessionId: string,
  extra: Parameters<typeof ask>[1] = {},
): Promise<LockRecord> {
  const r = await driver.acquireLock(name, ask(sessionId, extra));
  if (!r.acquired) throw new Error(`${sessionId} expected to acquire ${name}: ${JSON.stringify(r)}`);
  return r.lock;
}

/** Joins (or keeps a place in) the line of `name` for `sessionId`: an attempt with a lease of `leaseMs`. */
export function queue(
  driver: Driver,
  name: string,
  sessionId: string,
  extra: Parameters<typeof ask>[1] = {},
): Promise<DriverAcquireOutcome> {
  return driver.acquireLock(name, ask(sessionId, { leaseMs: 60_000, ...extra }));
}

/** The sessions holding `name` now, in the order granted. */
export async function holdersOf(driver: Driver, name: string): Promise<string[]> {
  return ((await driver.getLock(name))?.holders ?? []).map((h) => h.held_by);
}

/** The sessions in `name`'s line now, in order. */
export async function lineOf(driver: Driver, name: string): Promise<string[]> {
  return ((await driver.getLock(name))?.waiters ?? []).map((w) => w.session_id);
}

/** Every event the query matches (oldest first), as `type session` strings or whole events. */
export async function events(driver: Driver, query: EventQuery = {}): Promise<HistoryEvent[]> {
  return (await driver.readEvents({ limit: 10_000, ...query })).events;
}

/** `type session` of each event the query matches, oldest first: a compact picture of what happened. */
export async function eventLines(driver: Driver, query: EventQuery = {}): Promise<string[]> {
  return (await events(driver, query)).map((e) => `${e.type} ${e.session}`);
}

/** A session record with test defaults; `extra` overrides any field. */
export function sessionRecord(id: string, extra: Partial<SessionRecord> = {}): SessionRecord {
  const now = new Date().toISOString();
  return {
    session_id: id,
    host: "test-host",
    pid: null,
    pid_start: null,
    cwd: `/work/${id}`,
    worktree: `/work/${id}`,
    repo: "acme/api",
    branch: "main",
    started_at: now,
    last_heartbeat: now,
    paused: false,
    metadata: { tool: "test" },
    ...extra,
  };
}

export function claimFor(sessionId: string, issue: number, repo = "acme/api"): ClaimRecord {
  return {
    repo,
    number: issue,
    title: `Issue ${issue}`,
    label: `ACME #${issue}: Issue ${issue}`,
    session_id: sessionId,
    claimed_at: new Date().toISOString(),
  };
}

/** A pid that certainly belonged to a process that has exited. */
export function deadPid(): number {
  const child = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], {
    encoding: "utf8",
  });
  return Number(child.stdout);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Resolves "settled" when `promise` settles within `ms`, else "pending": for "was it woken?" checks. */
export async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<"settled" | "pending"> {
  let timer: NodeJS.Timeout | undefined;
  const pending = new Promise<"pending">((r) => {
    timer = setTimeout(() => r("pending"), ms);
  });
  try {
    return await Promise.race([promise.then(() => "settled" as const), pending]);
  } finally {
    clearTimeout(timer);
  }
}

/** A coordinator for `sessionId` on `driver`, with a manual clock shared by the test, working in `cwd`. */
export function coordinatorFor(
  driver: Driver,
  sessionId: string,
  clock: ManualClock,
  repo = "acme/api",
  cwd = process.cwd(),
): Coordinator {
  return new Coordinator({
    driver,
    config: testConfig(),
    sessionId,
    clock,
    cwd,
    repo,
    issueTitle: async () => null,
  });
}

export { ManualClock };

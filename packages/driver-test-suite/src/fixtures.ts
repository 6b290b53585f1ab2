import { spawnSync } from "node:child_process";
import {
  type BatonConfig,
  type ClaimRecord,
  Coordinator,
  DEFAULTS,
  type Driver,
  type LockOwner,
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
    worktree: `/work/${sessionId}`,
    ...extra,
  };
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

/** A coordinator for `sessionId` on `driver`, with a manual clock shared by the test. */
export function coordinatorFor(
  driver: Driver,
  sessionId: string,
  clock: ManualClock,
  repo = "acme/api",
): Coordinator {
  return new Coordinator({
    driver,
    config: testConfig(),
    sessionId,
    clock,
    cwd: process.cwd(),
    repo,
    issueTitle: async () => null,
  });
}

export { ManualClock };

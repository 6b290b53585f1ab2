import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type BatonConfig,
  type ClaimRecord,
  Coordinator,
  DEFAULTS,
  type Driver,
  type LockOwner,
  localHost,
  ManualClock,
  type ReservationRecord,
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

/** A reservation record with test defaults; `extra` overrides any field. */
export function reservationFor(
  sessionId: string,
  pattern: string,
  extra: Partial<ReservationRecord> = {},
): ReservationRecord {
  return {
    repo: "github.com/acme/api",
    pattern,
    session_id: sessionId,
    host: "test-host",
    worktree: `/work/${sessionId}`,
    shared: false,
    reason: null,
    reserved_at: new Date().toISOString(),
    expires_at: new Date(Date.now() + HOUR).toISOString(),
    ...extra,
  };
}

/** A git repository in a temp folder with one commit and a linked worktree; `remove()` deletes both. */
export function gitRepoWithWorktree(): { main: string; linked: string; remove(): void } {
  const base = realpathSync(mkdtempSync(join(tmpdir(), "baton-suite-repo-")));
  const main = join(base, "main");
  const linked = join(base, "linked");
  const git = (...args: string[]) => execFileSync("git", args, { cwd: base, stdio: "pipe" });
  git("init", "-q", "-b", "main", main);
  git(
    "-C",
    main,
    "-c",
    "user.name=t",
    "-c",
    "user.email=t@t",
    "commit",
    "-q",
    "--allow-empty",
    "-m",
    "first",
  );
  git("-C", main, "worktree", "add", "-q", linked, "-b", "feature");
  return { main, linked, remove: () => rmSync(base, { recursive: true, force: true }) };
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

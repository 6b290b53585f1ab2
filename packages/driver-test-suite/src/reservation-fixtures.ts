import { execFileSync } from "node:child_process";
import { mkdtempSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ReservationRecord } from "@agent-baton/core";
import { HOUR } from "./fixtures.js";

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

import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, expect } from "vitest";
import type { World } from "./helpers.js";

const bin = fileURLToPath(new URL("../dist/bin/baton.js", import.meta.url));

/** Polls (untimed, bounded) until `done` holds; returns whether it did. */
export async function until(done: () => boolean | Promise<boolean>, ms = 20_000): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 50)))
    if (await done()) return true;
  return done();
}

const stopped: Array<() => void> = [];
afterEach(() => {
  for (const stop of stopped.splice(0)) stop();
});

/**
 * A Claude Code session as its hooks see it: a long-lived process stands in for Claude Code (with
 * the session file Claude Code keeps for its pid), and `baton session start --hook` is run as the
 * installed SessionStart line runs it, detached from that process.
 */
export async function startSession(
  w: World,
  id: string,
  options: { sessionFile?: boolean; cwd?: string; env?: NodeJS.ProcessEnv } = {},
) {
  const { sessionFile = true, cwd = w.home } = options;
  const claude = spawn("sleep", ["600"], { stdio: "ignore" });
  stopped.push(() => claude.kill("SIGKILL"));
  mkdirSync(join(w.home, ".claude", "sessions"), { recursive: true });
  if (sessionFile) {
    writeFileSync(
      join(w.home, ".claude", "sessions", `${claude.pid}.json`),
      JSON.stringify({ pid: claude.pid, sessionId: id }),
    );
  }
  const input = JSON.stringify({
    session_id: id,
    cwd,
    hook_event_name: "SessionStart",
    source: "startup",
  });
  // as the installed line runs it: detached, the hook JSON on stdin, output nowhere (it goes on as the watcher)
  const start = spawn(
    process.execPath,
    [bin, "session", "start", "--hook", "--claude-pid", String(claude.pid)],
    {
      env: { ...w.env, BATON_SESSION_ID: "", ...options.env },
      cwd,
      detached: true,
      stdio: ["pipe", "ignore", "ignore"],
    },
  );
  start.stdin!.end(input);
  start.unref();
  const dir = join(w.home, ".cache", "baton", "hooks", id);
  expect(await until(() => existsSync(join(dir, "watcher")))).toBe(true);
  const watcher = Number(readFileSync(join(dir, "watcher"), "utf8"));
  stopped.push(() => {
    try {
      process.kill(watcher, "SIGKILL");
    } catch {}
  });
  return { claude, dir, watcher };
}

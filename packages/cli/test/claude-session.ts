import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, expect } from "vitest";
import type { World } from "./helpers.js";

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
 * The pid a pid file names, 0 while it is missing or not yet written: the watcher writes it with
 * writeFileSync, which truncates first, so a reader can find it empty (often, on a busy machine).
 */
export function pidIn(file: string): number {
  try {
    const pid = Number(readFileSync(file, "utf8"));
    return Number.isInteger(pid) && pid > 0 ? pid : 0;
  } catch {
    return 0;
  }
}

/** Kills a process when the test ends, if it still runs. */
export function killAtEnd(pid: number): void {
  // kill(0) would be the whole process group: this test run, vitest and whoever started it
  if (!(pid > 0)) throw new Error(`killAtEnd(${pid}): not a process id`);
  stopped.push(() => {
    try {
      process.kill(pid, "SIGKILL");
    } catch {}
  });
}

/** The installed hook command of an event (the last group's), as `baton hooks install --user` wrote it. */
export async function installedHook(w: World, event: string): Promise<string> {
  const file = join(w.home, ".claude", "settings.json");
  if (!existsSync(file)) expect((await w.run(["hooks", "install", "--user"])).code).toBe(0);
  const settings = JSON.parse(readFileSync(file, "utf8"));
  return settings.hooks[event].at(-1).hooks[0].command as string;
}

/** The user's hooks watcher, as its pid file names it (0 when none). */
export const watcherPid = (w: World): number => pidIn(join(w.home, ".cache", "baton", "hooks", ".watcher"));

/**
 * A Claude Code session as its hooks see it: a stand-in for Claude Code runs the installed
 * SessionStart line as Claude Code does (`sh -c`, the hook JSON on stdin, `CLAUDE_CODE_SESSION_ID`
 * set), then stays alive as that line's parent process until the test kills it. Waits until the
 * user's hooks watcher has taken the session.
 */
export async function startSession(
  w: World,
  id: string,
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
) {
  const { cwd = w.home } = options;
  const line = await installedHook(w, "SessionStart");
  const input = JSON.stringify({ session_id: id, cwd, hook_event_name: "SessionStart", source: "startup" });
  // The outer sh is Claude Code: the line's $PPID, and it goes on as `sleep` with the same pid.
  const claude = spawn("sh", ["-c", 'sh -c "$BATON_LINE"; exec sleep 600 </dev/null'], {
    env: { ...w.env, BATON_SESSION_ID: "", ...options.env, CLAUDE_CODE_SESSION_ID: id, BATON_LINE: line },
    cwd,
    stdio: ["pipe", "ignore", "ignore"],
  });
  claude.stdin!.end(input);
  stopped.push(() => claude.kill("SIGKILL"));
  const dir = join(w.home, ".cache", "baton", "hooks", id);
  expect(await until(() => pidIn(join(dir, "watcher")) > 0)).toBe(true);
  const watcher = pidIn(join(dir, "watcher"));
  killAtEnd(watcher);
  return { claude, dir, watcher };
}

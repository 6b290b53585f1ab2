import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { CONFIG_ENV_NAMES, isRecordedProcessGone } from "@agent-baton/core";
import type { Context } from "../context.js";
import { startDaemon } from "../heartbeat-daemon.js";
import { HOOK_FILES, hookDir, hooksRoot, isFolderName, WATCHER_FILES } from "../hooks/hook-dir.js";
import { readPid } from "./hooks-watcher.js";

/**
 * Hands the session to the user's hooks watcher, as the SessionStart line does, and starts the
 * watcher unless one runs: for `session start --hook` and for a hook whose gate found no watcher.
 * Only a session bound to a process (Claude Code's) gets one: nothing else would tell it when to
 * stop, and a watcher beating on its own would keep a gone session alive.
 */
export function ensureWatcher(ctx: Context, session: { pid: number | null } | null): void {
  const id = ctx.coordinator.sessionId;
  const claude = session?.pid ?? ctx.opts.claudePid ?? null;
  if (claude === null || !isFolderName(id)) {
    abandonWatcher(ctx);
    return;
  }
  const dir = hookDir(id);
  if (!isTaken(dir)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const hook = ctx.hook?.session_id === id ? ctx.hook : { session_id: id, cwd: ctx.coordinator.cwd };
    writeFileSync(join(dir, HOOK_FILES.start), JSON.stringify(hook));
    const env = CONFIG_ENV_NAMES.concat("HOME").flatMap((name) => {
      const value = process.env[name];
      return value === undefined ? [] : [`${name}=${value}\0`];
    });
    writeFileSync(join(dir, HOOK_FILES.env), env.join(""));
    // written last: the watcher takes a folder once this is there
    if (!existsSync(join(dir, HOOK_FILES.claude)))
      writeFileSync(join(dir, HOOK_FILES.starting), `${claude}\n`);
  }
  startWatcher();
}

/** Starts the user's hooks watcher (`baton hook watch`, detached) unless one runs. */
export function startWatcher(): void {
  const baton = createRequire(import.meta.url).resolve("@agent-baton/cli/bin/baton");
  startDaemon(join(hooksRoot(), WATCHER_FILES.daemon), "hooks", [process.execPath, baton, "hook", "watch"]);
}

/** Whether a running watcher took the session's folder. */
function isTaken(dir: string): boolean {
  const watcher = readPid(join(dir, HOOK_FILES.watcher));
  return watcher !== null && !isRecordedProcessGone(watcher, null);
}

/** Takes back the SessionStart line's word that a watcher is coming, when none will. */
export function abandonWatcher(ctx: Context): void {
  const id = ctx.coordinator.sessionId;
  if (!isFolderName(id)) return;
  const dir = hookDir(id);
  if (!isTaken(dir)) rmSync(join(dir, HOOK_FILES.starting), { force: true });
}

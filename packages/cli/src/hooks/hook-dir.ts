import { homedir } from "node:os";
import { join } from "node:path";

/**
 * A Claude Code session's hook folder: where its watcher (`baton hook watch`) leaves what the
 * hooks' POSIX sh gates read, so that a hook with nothing to do starts no process. Per user, under
 * `$XDG_CACHE_HOME/baton/hooks/<Claude Code session id>`; the sh form below names the same folder.
 */
export function hookDir(sessionId: string, env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_CACHE_HOME || join(env.HOME || homedir(), ".cache"), "baton", "hooks", sessionId);
}

/** The same folder as a POSIX sh word, from the variables every hook of the session has. */
export const SH_HOOK_DIR = '"${XDG_CACHE_HOME:-$HOME/.cache}/baton/hooks/$CLAUDE_CODE_SESSION_ID"';

/** What the folder holds: each file is a fact a gate reads with no process of its own. */
export const HOOK_FILES = {
  /** The watcher's pid, written once it watches; gone when it stops. */
  watcher: "watcher",
  /**
   * Claude Code's pid, written by the SessionStart line before the detached baton starts the
   * watcher: the prompt and stop gates take it for a watcher on its way (they only leave state for it).
   */
  starting: "starting",
  /** The watcher's pid file as `startDaemon` keeps it (pid and start time). */
  daemon: "watcher.json",
  /** Present while the session has notices waiting: the next hook fetches them. */
  notices: "notices",
  /** Present while another live session holds a reservation: edits are checked. */
  reserved: "reserved",
  /** `active` or `paused`, written by the prompt and stop gates; the watcher passes it on. */
  state: "state",
} as const;

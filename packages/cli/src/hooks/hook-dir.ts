import { homedir } from "node:os";
import { join } from "node:path";

/**
 * Where the hooks' watcher (`baton hook watch`) and the hooks' POSIX sh gates meet, per user:
 * `$XDG_CACHE_HOME/baton/hooks`. One folder per Claude Code session (its id), plus the watcher's
 * own files, whose names start with a dot so that no session id names them.
 */
export function hooksRoot(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_CACHE_HOME || join(env.HOME || homedir(), ".cache"), "baton", "hooks");
}

/** A Claude Code session's hook folder. */
export function hookDir(sessionId: string, env: NodeJS.ProcessEnv = process.env): string {
  return join(hooksRoot(env), sessionId);
}

/** Whether a session id can name a hook folder (Claude Code's are UUIDs); the sh lines check the same. */
export const isFolderName = (id: string): boolean => /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/.test(id);

/** The root as a POSIX sh word. */
export const SH_HOOKS_ROOT = '"${XDG_CACHE_HOME:-$HOME/.cache}/baton/hooks"';

/** The session's folder as a POSIX sh word, from the variables every hook of the session has. */
export const SH_HOOK_DIR = '"${XDG_CACHE_HOME:-$HOME/.cache}/baton/hooks/$CLAUDE_CODE_SESSION_ID"';

/** The watcher's files in the root. */
export const WATCHER_FILES = {
  /** Its pid alone, for the SessionStart line's `read`. */
  pid: ".watcher",
  /** Its pid file as `becomeDaemon` keeps it (pid and start time). */
  daemon: ".watcher.json",
} as const;

/** What a session's folder holds: each file is a fact a gate or the watcher reads with no process of its own. */
export const HOOK_FILES = {
  /** The SessionStart hook JSON, as Claude Code gave it. */
  start: "start",
  /** The config's environment variables as the session has them, `NAME=value` each ended by a NUL. */
  env: "env",
  /**
   * Claude Code's pid, written last by the SessionStart line: the session waits for the watcher to
   * take it. The prompt, stop and end gates take it for a watcher on its way (they only leave state).
   */
  starting: "starting",
  /** Claude Code's pid once the watcher took the session (a watcher started later takes it again). */
  claude: "claude",
  /** The pid of the watcher that took the session. */
  watcher: "watcher",
  /** Present while the session has notices waiting: the next hook fetches them. */
  notices: "notices",
  /** Present while another live session holds a reservation: edits are checked. */
  reserved: "reserved",
  /** `active`, `paused` or `ended`, written by the prompt, stop and end gates; the watcher passes it on. */
  state: "state",
} as const;

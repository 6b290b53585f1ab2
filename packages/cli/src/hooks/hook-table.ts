/**
 * One hook baton installs in Claude Code's settings.json. Each entry becomes a group of its own:
 * `{ matcher?, hooks: [{ type: "command", command, async?, asyncRewake?, timeout? }] }`.
 */
export interface BatonHook {
  /** Claude Code's hook event (`SessionStart`, `PreToolUse`, …). */
  event: string;
  /** The tool-name pattern, for tool events. */
  matcher?: string;
  /** What runs: baton's own arguments (run by absolute path), or a POSIX sh line that starts no process. */
  run: { baton: readonly string[] } | { sh: string };
  /** Claude Code runs it in the background and never waits for it (it is killed when the session exits). */
  async?: boolean;
  /** With `async`: an exit 2 wakes the model with the hook's stderr. */
  asyncRewake?: boolean;
  /** Seconds Claude Code allows a synchronous hook (SessionEnd gets 1.5 s without it). */
  timeout?: number;
  /** The hook returns at once and baton goes on alone, even past the session's exit. */
  detach?: boolean;
  /**
   * While the session's watcher runs, this POSIX sh line (`$d` is the session's hook folder) does
   * the hook's work instead of a Node start, unless the `unless` file of that folder is there.
   */
  watched?: {
    sh: string;
    unless?: "notices" | "reserved";
    /** Also while the watcher is still starting (`sh` only leaves state it reads when it starts). */
    early?: boolean;
  };
  /**
   * With `detach`: baton runs at a low priority (`nice`), bookkeeping that must not take the CPU
   * from the session it serves (on two busy cores, a Node start beside Claude Code's own slows it).
   */
  yields?: boolean;
  /**
   * The SessionStart line: leaves the session's folder to the user's hooks watcher with no process
   * of baton's, and runs baton (detached) only to start the watcher when none runs.
   */
  startsWatcher?: boolean;
  /** What earlier versions ran at this event in its place, so that an upgrade replaces it. */
  formerly?: readonly string[];
}

/**
 * Appends `export CLAUDE_SESSION_ID=<id>` to Claude Code's env file, so that the session's Bash
 * commands act as the session. Only SessionStart gets `CLAUDE_ENV_FILE`; every hook gets
 * `CLAUDE_CODE_SESSION_ID` (the hook JSON's `session_id`). An id that could change the meaning of
 * the sourced line is left out. POSIX sh, no process started: it costs the session nothing.
 */
export const EXPORT_SESSION_ID =
  'if [ -n "$CLAUDE_ENV_FILE" ]; then case "$CLAUDE_CODE_SESSION_ID" in ""|*[!A-Za-z0-9._:@%+=-]*) ;; *) echo "export CLAUDE_SESSION_ID=$CLAUDE_CODE_SESSION_ID" >> "$CLAUDE_ENV_FILE" ;; esac; fi';

/** The file-editing tools of Claude Code whose target a reservation guards. */
export const EDIT_TOOLS = "Edit|Write|MultiEdit|NotebookEdit";

/** How `baton hooks install` was asked to install. */
export interface HookTableOptions {
  /** The edit check only warns the model, never denies the edit. */
  warn?: boolean;
}

/**
 * The hooks baton installs, in order. A Node start beside Claude Code's own costs a session about
 * 0.1 s on two busy cores, so a session starts none while the user's hooks watcher runs (`baton
 * hook watch`, one for all sessions): SessionStart's sh line exports the session id for Bash and
 * leaves the session's hook JSON in its folder for the watcher, which registers it, beats, learns
 * of notices and reservations as they are recorded, and leaves files the other hooks' sh gates
 * read; the first session starts the watcher. A hook starts Node only when its gate finds work (a
 * notice waiting, a reservation to check against) or no watcher.
 * `pnpm bench claude-hooks` measures what they add. Adding a hook is adding a line; `hooks install`
 * upgrades every settings file to this table.
 */
export function batonHooks(options: HookTableOptions = {}): readonly BatonHook[] {
  return [
    {
      event: "SessionStart",
      run: { baton: ["hook", "watch"] },
      yields: true,
      startsWatcher: true,
      // earlier versions: the env-file line, and a detached `session start --hook` of its own
      formerly: ["export", "session start"],
    },
    {
      event: "UserPromptSubmit",
      run: { baton: ["hook", "prompt", "--hook"] },
      watched: { sh: 'echo active >"$d/state"', unless: "notices", early: true },
      formerly: ["heartbeat"],
    },
    {
      event: "PreToolUse",
      matcher: EDIT_TOOLS,
      run: { baton: ["reservations", "check", "--hook", ...(options.warn ? ["--warn"] : [])] },
      watched: { sh: ":", unless: "reserved" },
    },
    // Notices after each tool call, in the very next request: only a synchronous hook's answer got
    // there with the real claude; an async one's came a request late or was lost at the turn's end.
    {
      event: "PostToolUse",
      run: { baton: ["hook", "notices", "--hook"] },
      watched: { sh: ":", unless: "notices" },
    },
    {
      event: "Stop",
      run: { baton: ["session", "pause", "--hook"] },
      detach: true,
      yields: true,
      watched: { sh: 'echo paused >"$d/state"', early: true },
    },
    {
      event: "SessionEnd",
      run: { baton: ["session", "end", "--hook"] },
      detach: true,
      watched: { sh: 'echo ended >"$d/state"', early: true },
    },
  ];
}

/** The table as installed by default. */
export const BATON_HOOKS: readonly BatonHook[] = batonHooks();

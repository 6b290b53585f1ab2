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
}

/**
 * Appends `export CLAUDE_SESSION_ID=<id>` to Claude Code's env file, so that the session's Bash
 * commands act as the session. Only SessionStart gets `CLAUDE_ENV_FILE`; every hook gets
 * `CLAUDE_CODE_SESSION_ID` (the hook JSON's `session_id`). An id that could change the meaning of
 * the sourced line is left out. POSIX sh, no process started: it costs the session nothing.
 */
export const EXPORT_SESSION_ID =
  'if [ -n "$CLAUDE_ENV_FILE" ]; then case "$CLAUDE_CODE_SESSION_ID" in ""|*[!A-Za-z0-9._:@%+=-]*) ;; *) echo "export CLAUDE_SESSION_ID=$CLAUDE_CODE_SESSION_ID" >> "$CLAUDE_ENV_FILE" ;; esac; fi';

/**
 * The hooks baton installs, in order. A Node start costs a session 0.2-1 s, so no prompt waits for
 * one (`pnpm bench claude-hooks` measures it): the session id reaches Bash through the sh line;
 * registering, heartbeats and pauses run in the background; SessionEnd hands
 * the session's end to a detached baton, which Claude Code neither waits for nor cancels. The one
 * hook Claude Code waits for is the notices check after a tool call (one Node start per call).
 * Adding a hook is adding a line; `hooks install` upgrades every settings file to this table.
 */
export const BATON_HOOKS: readonly BatonHook[] = [
  { event: "SessionStart", run: { sh: EXPORT_SESSION_ID } },
  { event: "SessionStart", run: { baton: ["session", "start", "--hook"] }, async: true },
  { event: "UserPromptSubmit", run: { baton: ["heartbeat", "--hook"] }, async: true },
  // Notices after each tool call, in the very next request: only a synchronous hook's answer got
  // there with the real claude; an async one's came a request late or was lost at the turn's end.
  // None at a prompt: an async one there added ~300 ms to a one-prompt session (CPU on 2 cores),
  // an asyncRewake one more (claude -p waits for it at exit), a synchronous one a Node start.
  { event: "PostToolUse", run: { baton: ["hook", "notices", "--hook"] } },
  { event: "Stop", run: { baton: ["session", "pause", "--hook"] }, async: true },
  { event: "SessionEnd", run: { baton: ["session", "end", "--hook"] }, detach: true },
];

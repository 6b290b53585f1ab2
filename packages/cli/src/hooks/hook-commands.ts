import { realpathSync } from "node:fs";
import { CONFIG_ENV_NAMES } from "@agent-baton/core";
import { HOOK_FILES, SH_HOOK_DIR, SH_HOOKS_ROOT, WATCHER_FILES } from "./hook-dir.js";
import { type BatonHook, EXPORT_SESSION_ID } from "./hook-table.js";

/** How a hook starts baton: a Node binary and baton's bin, both absolute, so the hook's PATH does not matter. */
export interface BatonInvocation {
  node: string;
  bin: string;
}

/** The Node running now and the real path of the bin it runs (a global install's symlink resolved). */
export function currentInvocation(): BatonInvocation {
  const script = process.argv[1];
  return { node: process.execPath, bin: script ? realpathSync(script) : "baton" };
}

/** A word as POSIX sh reads it back unchanged: bare when it is plain, else single-quoted. */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_/.,:@%+=-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The `command` of a hook's settings entry. */
export function commandOf(hook: BatonHook, invocation: BatonInvocation): string {
  if ("sh" in hook.run) return hook.run.sh;
  const words = [invocation.node, invocation.bin, ...hook.run.baton].map(shellQuote).join(" ");
  // The hook JSON goes on through fd 3 (a background job's stdin would be /dev/null); output goes
  // nowhere, so that Claude Code, which waits for the hook's pipes to close, returns at once.
  // `exec`: Claude Code's SIGTERM to a hook still running at exit reaches Node itself; under a
  // shell that stays, Node would go on holding the pipes and Claude Code would wait for it.
  const background = hook.yields ? `nice -n 10 ${words}` : words;
  if (hook.startsWatcher) return `${HAND_OVER} ${background} </dev/null >/dev/null 2>&1 &`;
  const run = hook.detach ? `exec 3<&0; ${background} <&3 >/dev/null 2>&1 &` : `exec ${words}`;
  return hook.watched ? `${gate(hook.watched)} ${run}` : run;
}

/**
 * The SessionStart line: exports the session id, then leaves the session to the user's hooks
 * watcher with no process of baton's: the hook JSON (`cat`), the config's environment variables as
 * the session has them (a Redis URL may hold a password: only the user may read them), and Claude Code's pid last (the watcher takes a folder once it is there).
 * What follows it starts the watcher, only when none runs. An id that is not a plain file name
 * (Claude Code's are UUIDs) gets no folder: its gates then start baton.
 */
const HAND_OVER =
  `${EXPORT_SESSION_ID}; r=${SH_HOOKS_ROOT}; d="$r/$CLAUDE_CODE_SESSION_ID"; ` +
  `case "$CLAUDE_CODE_SESSION_ID" in ""|.*|*[!A-Za-z0-9._-]*) exit 0 ;; esac; umask 077; ` +
  `mkdir -p "$d" && cat >"$d/${HOOK_FILES.start}" || exit 0; ` +
  `for n in ${[...CONFIG_ENV_NAMES, "HOME"].join(" ")}; do ` +
  String.raw`eval "[ -n \"\${$n+1}\" ] && printf '%s=%s\\0' $n \"\$$n\""; ` +
  `done >"$d/${HOOK_FILES.env}"; ` +
  `echo "$PPID" >"$d/${HOOK_FILES.starting}"; ` +
  `read p 2>/dev/null <"$r/${WATCHER_FILES.pid}" && kill -0 "$p" 2>/dev/null && exit 0;`;

/**
 * The sh that does a watched hook's work with no process started: when the session's watcher runs
 * (its pid file names a live process) and the `unless` file is absent, run `sh` and exit 0; else
 * fall through to baton. Only builtins: `read`, `kill -0`, `[`, `echo`.
 */
function gate(watched: NonNullable<BatonHook["watched"]>): string {
  const read = (file: string) => `read p 2>/dev/null <"$d/${file}"`;
  const pid = watched.early
    ? `{ ${read(HOOK_FILES.watcher)} || ${read(HOOK_FILES.starting)}; }`
    : read(HOOK_FILES.watcher);
  const absent = watched.unless ? ` && [ ! -e "$d/${HOOK_FILES[watched.unless]}" ]` : "";
  return `d=${SH_HOOK_DIR}; if ${pid} && kill -0 "$p" 2>/dev/null${absent}; then ${watched.sh}; exit 0; fi;`;
}

/** One command hook as settings.json holds it. */
export interface CommandHook {
  type: "command";
  command: string;
  async?: boolean;
  asyncRewake?: boolean;
  timeout?: number;
}

/** A group of hooks under an event, as settings.json holds it. */
export interface HookGroup {
  matcher?: string;
  hooks: CommandHook[];
}

/** The settings.json group that installs this hook. */
export function groupOf(hook: BatonHook, invocation: BatonInvocation): HookGroup {
  const command: CommandHook = { type: "command", command: commandOf(hook, invocation) };
  if (hook.async) command.async = true;
  if (hook.asyncRewake) command.asyncRewake = true;
  if (hook.timeout !== undefined) command.timeout = hook.timeout;
  return hook.matcher === undefined ? { hooks: [command] } : { matcher: hook.matcher, hooks: [command] };
}

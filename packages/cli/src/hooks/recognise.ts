import type { BatonHook } from "./hook-table.js";

/** What a hook command in settings.json is, as far as baton is concerned. */
export type HookKind =
  /** One of baton's hooks, of this version or an earlier one: `call` names it (`session start`, `export`). */
  | { kind: "baton"; call: string }
  /** A hook of the original scripts (or of baton's drop-in bins) doing what baton's hooks do. */
  | { kind: "original"; call: string }
  | { kind: "other" };

/** `baton`, `baton.js` or a path ending in one of them, then subcommand words, then `--hook`. */
const BATON_CALL = /(?:^|[\s'"/\\])baton(?:\.[cm]?js)?['"]?((?:\s+[a-z][a-z-]*)+?)\s+--hook(?![\w-])/;

/** The original's session scripts (`.sh`, or baton's drop-in bins of the same names) run for a lifecycle verb. */
const ORIGINAL_CALL =
  /(?:^|[\s'"/\\])(session-register|session-heartbeat)(?:\.sh)?['"]?(?:\s+(start|pause|end|touch|daemon|stop))?(?=\s|$|[;&|)'"])/;
const ORIGINAL_VERBS: Record<string, readonly (string | undefined)[]> = {
  "session-register": ["start", "pause", "end"],
  "session-heartbeat": [undefined, "touch", "daemon", "stop"],
};

/** The words that name a hook: baton's subcommand without flags (`heartbeat touch` is `heartbeat`), or `export`. */
export function callOf(hook: BatonHook): string {
  if ("sh" in hook.run) return "export";
  return normalise(hook.run.baton.filter((w) => !w.startsWith("-")));
}

function normalise(words: string[]): string {
  return (words[0] === "heartbeat" && words[1] === "touch" ? ["heartbeat"] : words).join(" ");
}

/** Classifies one hook command of settings.json. */
export function kindOf(command: string): HookKind {
  // baton's line for the env file, in any version: it writes CLAUDE_SESSION_ID into CLAUDE_ENV_FILE.
  if (command.includes("CLAUDE_ENV_FILE") && command.includes("export CLAUDE_SESSION_ID="))
    return { kind: "baton", call: "export" };
  const baton = BATON_CALL.exec(command);
  if (baton) return { kind: "baton", call: normalise(baton[1]!.trim().split(/\s+/)) };
  const original = ORIGINAL_CALL.exec(command);
  if (original && ORIGINAL_VERBS[original[1]!]!.includes(original[2])) {
    return { kind: "original", call: `${original[1]} ${original[2] ?? "touch"}` };
  }
  return { kind: "other" };
}

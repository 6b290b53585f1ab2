import { readFile } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";
import { InvalidInputError } from "./errors.js";
import { ancestorPids, localHost, processStartTime } from "./platform/process-info.js";

const SESSION_ID = /^[A-Za-z0-9][A-Za-z0-9._:@%+=-]{0,127}$/;

/** Checks a session id: 1–128 of letters, digits and `. _ : @ % + = -`, starting with a letter or digit. */
export function validateSessionId(id: string, source = "session id"): string {
  if (typeof id !== "string" || !SESSION_ID.test(id)) {
    throw new InvalidInputError(
      `invalid ${source} ${JSON.stringify(id)}: use 1-128 letters, digits or . _ : @ % + = - (starting with a letter or digit)`,
      { field: "session_id" },
    );
  }
  return id;
}

/** Where the session id came from, in the order SPEC §2 resolves them. */
export type IdentitySource =
  | "explicit"
  | "hook"
  | "BATON_SESSION_ID"
  | "CLAUDE_SESSION_ID"
  | "CLAUDE_CODE_SESSION_ID"
  | "claude-process"
  | "registered-process"
  | "tmux"
  | "terminal"
  | "parent-process";

export interface SessionIdentity {
  id: string;
  source: IdentitySource;
  /** The process whose life bounds the session, when one is known (Claude Code, a registered process). */
  anchorPid: number | null;
}

export interface IdentityInputs {
  /** `--session` or a tool argument. */
  explicit?: string | undefined;
  env?: NodeJS.ProcessEnv;
  /** Parsed Claude Code hook JSON from stdin (`--hook`); its `session_id` beats every variable. */
  hook?: { session_id?: unknown } | undefined;
  /** This process's pid; ancestors are walked from it. */
  pid?: number;
  /**
   * The process that ran this one and is gone from its ancestry (Claude Code, for a hook that ran
   * baton in the background and exited): it and its ancestors are walked instead.
   */
  parentPid?: number;
  /** Folder of Claude Code's `<pid>.json` session files (default `~/.claude/sessions`). */
  claudeSessionsDir?: string;
  /** Looks up a baton session registered on this host for a pid. */
  registeredForPid?: (pid: number) => Promise<string | null>;
}

/** Reads `{pid, sessionId}` from Claude Code's file for a process, if it has one. */
async function claudeSessionFor(dir: string, pid: number): Promise<string | null> {
  try {
    const data = JSON.parse(await readFile(join(dir, `${pid}.json`), "utf8")) as { sessionId?: unknown };
    return typeof data.sessionId === "string" && SESSION_ID.test(data.sessionId) ? data.sessionId : null;
  } catch {
    return null;
  }
}

/** The nearest ancestor that is a Claude Code process with a session file, if any. */
export async function findClaudeAncestor(
  dir = join(homedir(), ".claude", "sessions"),
  pid = process.pid,
): Promise<{ pid: number; sessionId: string } | null> {
  for (const ancestor of ancestorPids(pid)) {
    const sessionId = await claudeSessionFor(dir, ancestor);
    if (sessionId) return { pid: ancestor, sessionId };
  }
  return null;
}

/**
 * Resolves who this caller is: explicit → hook JSON → BATON_SESSION_ID → CLAUDE_SESSION_ID →
 * CLAUDE_CODE_SESSION_ID → nearest ancestor that is Claude Code or a registered baton process →
 * tmux pane → terminal id → a stable id derived from the parent process.
 */
export async function resolveSessionIdentity(inputs: IdentityInputs = {}): Promise<SessionIdentity> {
  const env = inputs.env ?? process.env;
  const pid = inputs.pid ?? process.pid;
  const dir = inputs.claudeSessionsDir ?? join(homedir(), ".claude", "sessions");
  const ancestors =
    inputs.parentPid === undefined
      ? ancestorPids(pid)
      : [inputs.parentPid, ...ancestorPids(inputs.parentPid)];

  // The Claude Code process running this very session, else the nearest one (a nested `claude -p` sits between).
  const anchor = async (id: string): Promise<number | null> => {
    let nearest: number | null = null;
    for (const a of ancestors) {
      const claude = await claudeSessionFor(dir, a);
      if (claude === id) return a;
      if (claude && nearest === null) nearest = a;
    }
    return nearest;
  };
  const named = async (id: string, source: IdentitySource): Promise<SessionIdentity> => ({
    id: validateSessionId(id, source === "explicit" ? "session id" : `session id from ${source}`),
    source,
    anchorPid: await anchor(id),
  });

  if (inputs.explicit !== undefined && inputs.explicit !== "") return named(inputs.explicit, "explicit");
  // A hook speaks for the session in its JSON: a nested `claude -p` inherits its parent's variables.
  if (inputs.hook && typeof inputs.hook.session_id === "string" && inputs.hook.session_id !== "") {
    return named(inputs.hook.session_id, "hook");
  }
  for (const name of ["BATON_SESSION_ID", "CLAUDE_SESSION_ID", "CLAUDE_CODE_SESSION_ID"] as const) {
    const value = env[name];
    if (value) return named(value, name);
  }
  for (const a of ancestors) {
    const claude = await claudeSessionFor(dir, a);
    if (claude) return { id: claude, source: "claude-process", anchorPid: a };
    const registered = inputs.registeredForPid ? await inputs.registeredForPid(a) : null;
    if (registered) return { id: registered, source: "registered-process", anchorPid: a };
  }
  if (env.TMUX_PANE)
    return {
      id: validateSessionId(`tmux-${env.TMUX_PANE.replace(/^%/, "")}`),
      source: "tmux",
      anchorPid: null,
    };
  const term = env.TERM_SESSION_ID ?? env.WT_SESSION ?? env.KITTY_WINDOW_ID ?? env.WEZTERM_PANE;
  if (term) {
    return {
      id: validateSessionId(`term-${term.replace(/[^A-Za-z0-9._-]/g, "-")}`.slice(0, 128)),
      source: "terminal",
      anchorPid: null,
    };
  }
  const parent = ancestors[0] ?? process.ppid;
  const started = processStartTime(parent) ?? "0";
  return {
    id: validateSessionId(
      `proc-${localHost().replace(/[^A-Za-z0-9.-]/g, "-")}-${parent}-${started}`.slice(0, 128),
    ),
    source: "parent-process",
    anchorPid: parent,
  };
}

import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The probe: a command hook that logs its stdin and environment, then answers as told. */
export const PROBE_HOOK = fileURLToPath(new URL("../fixtures/probe-hook.mjs", import.meta.url));

/** What a probe hook does after logging, and how it is declared in settings.json. */
export interface ProbeBehaviour {
  /** Names its records (default: the event). */
  label?: string;
  /** Acts (sleeps, answers, exits) only when its stdin contains this; otherwise it just logs. */
  when?: string;
  /** Written to stdout (objects as JSON). */
  stdout?: unknown;
  stderr?: string;
  exit?: number;
  sleepMs?: number;
  /** Appended to `$CLAUDE_ENV_FILE` when Claude Code gives one. */
  envLine?: string;
  /** Settings keys of the hook entry beside `type` and `command` (`async`, `asyncRewake`, `timeout`). */
  entry?: Record<string, unknown>;
  /** The group's matcher (tool name pattern for tool events). */
  matcher?: string;
}

/** One probe invocation: `start` when it began; `end` when it acts, after its sleep, before it answers. */
export interface ProbeRecord {
  label: string;
  phase: "start" | "end";
  at: number;
  pid: number;
  ppid: number;
  /** The hook JSON Claude Code wrote to stdin. */
  input: Record<string, unknown>;
  /** The hook's variables whose names contain CLAUDE, ANTHROPIC or BATON. */
  env: Record<string, string>;
  /** `$CLAUDE_ENV_FILE`'s content when the hook started, if it had one. */
  envFileText: string | null;
}

/** Settings `hooks` with probe hooks per event, logging to `<dir>/probes.jsonl`, and a reader of that log. */
export function probeHooks(
  dir: string,
  events: Record<string, ProbeBehaviour | ProbeBehaviour[]>,
): { hooks: Record<string, unknown[]>; records(label?: string): ProbeRecord[] } {
  const log = join(dir, "probes.jsonl");
  const hooks: Record<string, unknown[]> = {};
  for (const [event, list] of Object.entries(events)) {
    hooks[event] = (Array.isArray(list) ? list : [list]).map((behaviour, i) => {
      const { entry, matcher, label = event, ...rest } = behaviour;
      const optionsFile = join(dir, `probe-${event}-${i}.json`);
      writeFileSync(optionsFile, JSON.stringify({ log, label, ...rest }));
      const command = `node ${JSON.stringify(PROBE_HOOK)} ${JSON.stringify(optionsFile)}`;
      return { ...(matcher ? { matcher } : {}), hooks: [{ type: "command", command, ...entry }] };
    });
  }
  return {
    hooks,
    records(label) {
      let text = "";
      try {
        text = readFileSync(log, "utf8");
      } catch {}
      return text
        .split("\n")
        .filter(Boolean)
        .map((line) => JSON.parse(line) as ProbeRecord)
        .filter((r) => label === undefined || r.label === label);
    },
  };
}

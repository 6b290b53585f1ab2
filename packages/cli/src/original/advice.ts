import { shellQuote } from "../hooks/hook-commands.js";
import type { HookLine } from "../hooks/settings.js";
import type { OriginalLeftovers } from "./leftovers.js";

/** The original scripts' hooks found in one settings file, and the command that replaces them. */
export interface OriginalHooks {
  settings: string;
  install: string;
  hooks: HookLine[];
}

/** Sessions with a heartbeat younger than this may still be at work under the original scripts. */
const RECENT_SECONDS = 3600;

const some = (items: string[], max = 3) =>
  items.length > max ? `${items.slice(0, max).join(", ")} and ${items.length - max} more` : items.join(", ");

/** `rm` for these files: by name when there are few, else pointing at the JSON report. */
const rm = (files: string[]) =>
  files.length <= 4
    ? `rm ${files.map(shellQuote).join(" ")}`
    : `remove the ${files.length} files listed under original in baton doctor --json`;

/** One line per finding: what of the original is still here, and what to do to finish the move. */
export function adviceLines(found: OriginalLeftovers, hooks: OriginalHooks[]): string[] {
  const lines: string[] = [];
  for (const h of hooks.filter((x) => x.hooks.length)) {
    const which = h.hooks.map((x) => `${x.event} ${JSON.stringify(x.command)}`);
    lines.push(
      `the original's hooks in ${h.settings} (${some(which, 4)}): run ${h.install}, which replaces them`,
    );
  }
  const live = found.locks.filter((l) => l.live);
  for (const l of live) {
    const holder = `${l.session_id ?? "an unknown session"}${l.pid ? ` (pid ${l.pid})` : ""}`;
    lines.push(
      `original lock ${l.name} held by ${holder}${l.worktree ? ` in ${l.worktree}` : ""} until ${l.expires_at}: let it be released (session-lock.sh release ${l.name}) or expire, then take it with baton`,
    );
  }
  const dead = found.locks.filter((l) => !l.live);
  if (dead.length) {
    const files = live.length ? rm(dead.map((l) => l.file)) : `rm ${shellQuote(`${found.dir}/locks`)}/*.lock`;
    lines.push(`${dead.length} expired original lock files (${some(dead.map((l) => l.name))}): ${files}`);
  }
  if (found.sessions.length) {
    const recent = found.sessions.filter(
      (s) => s.heartbeat_age_seconds !== null && s.heartbeat_age_seconds < RECENT_SECONDS,
    );
    const files = found.sessions.flatMap((s) => s.files);
    lines.push(
      recent.length
        ? `${found.sessions.length} original sessions, ${recent.length} with a heartbeat in the last hour (${some(recent.map((s) => s.session_id))}): restart those Claude Code sessions on baton's hooks, then ${rm(files)}`
        : `${found.sessions.length} original sessions, none active in the last hour: ${rm(files)}`,
    );
  }
  if (found.config) {
    lines.push(
      `the original's ${found.config}: baton does not read it; set lock_timeout_default as DEFAULT_LOCK_TIMEOUT and max_wait_seconds as MAX_WAIT_SECONDS (env or .claude/config.yml), then rm ${shellQuote(found.config)}`,
    );
  }
  return lines;
}

import { ConfigError } from "@agent-baton/core";

/** The hooks baton adds to Claude Code's settings.json: event → command. */
export const BATON_HOOKS = {
  SessionStart: "baton session start --hook",
  UserPromptSubmit: "baton heartbeat --hook",
  Stop: "baton session pause --hook",
  SessionEnd: "baton session end --hook",
  PreToolUse: "baton reservations check --hook",
} as const;

type Event = keyof typeof BATON_HOOKS;

/** Events whose hook runs for some tools only: Claude Code's matcher over tool names. */
const MATCHERS: Partial<Record<Event, string>> = { PreToolUse: "Edit|Write|MultiEdit|NotebookEdit" };

/** The `--warn` install mode's command, for the hooks that have one: it warns instead of refusing. */
const WARN_MODE: Partial<Record<Event, string>> = { PreToolUse: "baton reservations check --hook --warn" };

/** Every command baton may have installed for an event, in either mode. */
const variants = (event: Event): string[] => [
  BATON_HOOKS[event],
  ...(WARN_MODE[event] ? [WARN_MODE[event]] : []),
];

type HookCommand = { type?: string; command?: string; [key: string]: unknown };
type HookGroup = { matcher?: string; hooks?: HookCommand[]; [key: string]: unknown };
type Settings = { hooks?: Record<string, HookGroup[]>; [key: string]: unknown };

/** A settings.json edit: the new text, and the events it changed. */
export interface SettingsEdit {
  text: string;
  changed: string[];
}

function parse(text: string | null, path: string): Settings {
  if (text === null || text.trim() === "") return {};
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(
      `${path}: not valid JSON (${(error as Error).message}); fix it before installing hooks`,
      { cause: error },
    );
  }
  if (typeof data !== "object" || data === null || Array.isArray(data))
    throw new ConfigError(`${path}: expected a JSON object`);
  const hooks = (data as Settings).hooks;
  if (hooks !== undefined && (typeof hooks !== "object" || hooks === null || Array.isArray(hooks))) {
    throw new ConfigError(`${path}: hooks: expected an object of events`);
  }
  return data as Settings;
}

/** The file's own indentation, so that re-serialising keeps every untouched line as it was. */
function indentOf(text: string | null): string | number {
  const match = text ? /^\{\r?\n([ \t]+)\S/.exec(text) : null;
  return match ? match[1]! : 2;
}

function serialize(settings: Settings, original: string | null): string {
  const eol = original?.includes("\r\n") ? "\r\n" : "\n";
  const body = JSON.stringify(settings, null, indentOf(original)).replace(/\n/g, eol);
  return original === null || /\r?\n$/.test(original) ? body + eol : body;
}

const hasCommand = (groups: HookGroup[] | undefined, commands: string[]) =>
  (groups ?? []).some(
    (g) => Array.isArray(g.hooks) && g.hooks.some((h) => commands.includes(h.command ?? "")),
  );

/** The events whose baton hook is present. */
export function installedHooks(text: string | null, path = "settings.json"): string[] {
  const settings = parse(text, path);
  return (Object.keys(BATON_HOOKS) as Event[]).filter((event) =>
    hasCommand(settings.hooks?.[event], variants(event)),
  );
}

/** Drops the given commands from an event's groups, and the groups only they filled. */
function without(groups: HookGroup[], commands: string[]): HookGroup[] {
  return groups
    .map((g) =>
      Array.isArray(g.hooks) && g.hooks.some((h) => commands.includes(h.command ?? ""))
        ? { ...g, hooks: g.hooks.filter((h) => !commands.includes(h.command ?? "")) }
        : g,
    )
    .filter((g) => !Array.isArray(g.hooks) || g.hooks.length > 0);
}

/**
 * Adds each baton hook that is missing; everything else stays as it was. `warn`: the hooks that
 * have a warn mode install it (and a hook installed in the other mode is switched).
 */
export function installHooks(
  text: string | null,
  path = "settings.json",
  options: { warn?: boolean } = {},
): SettingsEdit {
  const settings = parse(text, path);
  const changed: string[] = [];
  for (const event of Object.keys(BATON_HOOKS) as Event[]) {
    const command = (options.warn && WARN_MODE[event]) || BATON_HOOKS[event];
    if (hasCommand(settings.hooks?.[event], [command])) continue;
    settings.hooks ??= {};
    const kept = without(settings.hooks[event] ?? [], variants(event));
    const matcher = MATCHERS[event];
    settings.hooks[event] = [
      ...kept,
      { ...(matcher ? { matcher } : {}), hooks: [{ type: "command", command }] },
    ];
    changed.push(event);
  }
  return { text: changed.length ? serialize(settings, text) : (text ?? ""), changed };
}

/** Removes exactly the baton hooks, and the groups and events only they filled. */
export function uninstallHooks(text: string | null, path = "settings.json"): SettingsEdit {
  const settings = parse(text, path);
  const changed: string[] = [];
  const hooks = settings.hooks;
  if (!hooks) return { text: text ?? "", changed };
  for (const event of Object.keys(BATON_HOOKS) as Event[]) {
    const groups = hooks[event];
    if (!hasCommand(groups, variants(event))) continue;
    const kept = without(groups!, variants(event));
    if (kept.length) hooks[event] = kept;
    else delete hooks[event];
    changed.push(event);
  }
  if (changed.length && Object.keys(hooks).length === 0) delete settings.hooks;
  return { text: changed.length ? serialize(settings, text) : (text ?? ""), changed };
}

import { type BatonInvocation, type CommandHook, groupOf } from "./hook-commands.js";
import { BATON_HOOKS, type BatonHook, batonHooks } from "./hook-table.js";
import { callOf, type HookKind, kindOf } from "./recognise.js";
import { parseSettings, type RawGroup, type RawHook, type Settings, SettingsText } from "./settings-text.js";

/** A hook command found in settings.json: where it is and what it is. */
export interface FoundHook {
  event: string;
  group: number;
  /** Its index in the group's `hooks`; null for a flat entry (the hook stands in the event's array itself). */
  index: number | null;
  matcher: unknown;
  hook: RawHook;
  command: string;
  kind: HookKind["kind"];
  /** The index in BATON_HOOKS of the entry it is (in this version's form or an earlier one), if any. */
  entry: number | null;
}

/** A hook named by its event and command, as reports show it. */
export interface HookLine {
  event: string;
  command: string;
}

const line = (f: FoundHook | { event: string; command: string }): HookLine => ({
  event: f.event,
  command: f.command,
});

/** Whether a hook of baton's, as `kindOf` names it, is this table entry (in its form now or an earlier one). */
const isEntry = (h: BatonHook, event: string, call: string | null) =>
  h.event === event && call !== null && (callOf(h) === call || (h.formerly?.includes(call) ?? false));

/** Every command hook in the settings, classified against a table of baton's hooks. */
export function findHooks(settings: Settings, table: readonly BatonHook[] = BATON_HOOKS): FoundHook[] {
  const found: FoundHook[] = [];
  for (const [event, groups] of Object.entries(settings.hooks ?? {})) {
    (groups as unknown[]).forEach((raw, group) => {
      if (typeof raw !== "object" || raw === null) return;
      const g = raw as RawGroup;
      const hooks: Array<[RawHook, number | null]> = Array.isArray(g.hooks)
        ? g.hooks.map((h, i) => [h as RawHook, i])
        : [[g as RawHook, null]];
      for (const [hook, index] of hooks) {
        if (typeof hook !== "object" || hook === null || typeof hook.command !== "string") continue;
        const kind = kindOf(hook.command);
        const call = kind.kind === "other" ? null : kind.call;
        const entry = table.findIndex((h) => isEntry(h, event, call));
        const ours = kind.kind === "baton" && entry !== -1;
        found.push({
          event,
          group,
          index,
          matcher: index === null ? undefined : g.matcher,
          hook,
          command: hook.command,
          // A baton call the table does not install there is the user's own hook.
          kind: kind.kind === "baton" && !ours ? "other" : kind.kind,
          entry: ours ? entry : null,
        });
      }
    });
  }
  return found;
}

/** Same keys, same values: a hook entry as this version writes it. */
function sameHook(found: RawHook, wanted: CommandHook): boolean {
  const want = Object.entries(wanted);
  return Object.keys(found).length === want.length && want.every(([k, v]) => found[k] === v);
}

/** What the settings hold of baton's hooks, compared with what this version installs. */
interface Plan {
  /** Per table entry, the hook that already is exactly as this version writes it. */
  current: Map<number, FoundHook>;
  /** baton's hooks that are not kept: earlier forms, duplicates. */
  stale: FoundHook[];
  original: FoundHook[];
  /** Table entries with no current hook. */
  missing: number[];
}

function plan(settings: Settings, invocation: BatonInvocation, table: readonly BatonHook[]): Plan {
  const found = findHooks(settings, table);
  const current = new Map<number, FoundHook>();
  for (const f of found) {
    if (f.entry === null || current.has(f.entry) || f.index === null) continue;
    const wanted = groupOf(table[f.entry]!, invocation);
    if (f.matcher === wanted.matcher && sameHook(f.hook, wanted.hooks[0]!)) current.set(f.entry, f);
  }
  const kept = new Set(current.values());
  return {
    current,
    stale: found.filter((f) => f.entry !== null && !kept.has(f)),
    original: found.filter((f) => f.kind === "original"),
    missing: table.map((_, i) => i).filter((i) => !current.has(i)),
  };
}

/**
 * Removes these hooks: a group left empty goes, and so does an event left empty unless it is in
 * `keepEvents` (baton adds to it next, where it was).
 */
function remove(text: SettingsText, settings: Settings, hooks: FoundHook[], keepEvents: Set<string>): void {
  const events = [...new Set(hooks.map((f) => f.event))];
  for (const event of events) {
    const groups = settings.hooks![event] as unknown[];
    const mine = hooks.filter((f) => f.event === event);
    const emptied = new Set<number>();
    for (let g = groups.length - 1; g >= 0; g--) {
      const inGroup = mine.filter((f) => f.group === g).sort((a, b) => (b.index ?? 0) - (a.index ?? 0));
      if (inGroup.length === 0) continue;
      const size = Array.isArray((groups[g] as RawGroup).hooks)
        ? ((groups[g] as RawGroup).hooks as []).length
        : 1;
      if (inGroup.length === size) {
        text.set(["hooks", event, g], undefined);
        emptied.add(g);
      } else {
        for (const f of inGroup) text.set(["hooks", event, g, "hooks", f.index!], undefined);
      }
    }
    if (emptied.size === groups.length && !keepEvents.has(event)) text.set(["hooks", event], undefined);
  }
}

/** A settings.json change: the new text, and what was added and removed. */
export interface SettingsEdit {
  text: string;
  added: HookLine[];
  /** Removed hooks, each baton's (an earlier form) or the original's. */
  removed: Array<HookLine & { kind: "baton" | "original" }>;
}

/** Whether an edit changes anything. */
export const settingsChanged = (edit: SettingsEdit) => edit.added.length + edit.removed.length > 0;

/**
 * Makes baton's hooks exactly this version's table: keeps those already current, replaces earlier
 * forms and the original scripts' lifecycle hooks, adds what is missing. Everything else stays.
 */
export function installHooks(
  before: string | null,
  invocation: BatonInvocation,
  path = "settings.json",
  table: readonly BatonHook[] = BATON_HOOKS,
): SettingsEdit {
  const settings = parseSettings(before, path);
  const p = plan(settings, invocation, table);
  const drop = [...p.stale, ...p.original];
  const edit: SettingsEdit = {
    text: before ?? "",
    added: p.missing.map((i) => ({
      event: table[i]!.event,
      command: groupOf(table[i]!, invocation).hooks[0]!.command,
    })),
    removed: drop.map((f) => ({ ...line(f), kind: f.kind === "original" ? "original" : "baton" })),
  };
  if (!settingsChanged(edit)) return edit;
  const text = new SettingsText(before === null || before.trim() === "" ? "{}\n" : before);
  remove(text, settings, drop, new Set(p.missing.map((i) => table[i]!.event)));
  for (const i of p.missing) {
    const hook = table[i]!;
    const now = JSON.parse(text.text) as Settings;
    if (now.hooks === undefined) text.set(["hooks"], {});
    if (now.hooks?.[hook.event] === undefined) text.set(["hooks", hook.event], [groupOf(hook, invocation)]);
    else text.set(["hooks", hook.event, -1], groupOf(hook, invocation), true);
  }
  return { ...edit, text: text.text };
}

/** Removes every hook of baton's (this version's and earlier forms), and what only they filled. */
export function uninstallHooks(before: string | null, path = "settings.json"): SettingsEdit {
  const settings = parseSettings(before, path);
  const ours = findHooks(settings).filter((f) => f.entry !== null);
  const edit: SettingsEdit = {
    text: before ?? "",
    added: [],
    removed: ours.map((f) => ({ ...line(f), kind: "baton" as const })),
  };
  if (!settingsChanged(edit)) return edit;
  const text = new SettingsText(before!);
  remove(text, settings, ours, new Set());
  const after = (JSON.parse(text.text) as Settings).hooks;
  if (after && Object.keys(after).length === 0) text.set(["hooks"], undefined);
  return { ...edit, text: text.text };
}

/** Whether the settings hold this version's hooks: each table entry's state, and what else is there. */
export interface HooksState {
  /** True when every entry is current and no earlier form or original hook is left. */
  current: boolean;
  entries: Array<HookLine & { state: "current" | "outdated" | "missing" }>;
  /** baton's hooks of an earlier form, or duplicates, which `baton hooks install` replaces. */
  stale: HookLine[];
  /** How many of `stale` duplicate an entry that is current. */
  duplicates: number;
  /** The original scripts' lifecycle hooks, replaced by `baton hooks install`. */
  original: HookLine[];
}

export function hooksState(
  text: string | null,
  invocation: BatonInvocation,
  path = "settings.json",
  table?: readonly BatonHook[],
): HooksState {
  const settings = parseSettings(text, path);
  // an install with `--warn` is current as such: compared with the table it was installed from
  const warn = findHooks(settings).some(
    (f) => f.entry !== null && f.event === "PreToolUse" && /\s--warn(?![\w-])/.test(f.command),
  );
  table ??= batonHooks({ warn });
  const p = plan(settings, invocation, table);
  const entries = table.map((hook, i) => {
    const command = groupOf(hook, invocation).hooks[0]!.command;
    if (p.current.has(i)) return { event: hook.event, command, state: "current" as const };
    const earlier = p.stale.some((f) => f.entry === i);
    return { event: hook.event, command, state: earlier ? ("outdated" as const) : ("missing" as const) };
  });
  return {
    current: p.missing.length === 0 && p.stale.length === 0 && p.original.length === 0,
    entries,
    stale: p.stale.map(line),
    duplicates: p.stale.filter((f) => p.current.has(f.entry!)).length,
    original: p.original.map(line),
  };
}

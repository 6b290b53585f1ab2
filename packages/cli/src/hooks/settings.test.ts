import { CONFIG_ENV_NAMES } from "@agent-baton/core";
import { describe, expect, it } from "vitest";
import type { BatonInvocation } from "./hook-commands.js";
import { BATON_HOOKS, batonHooks, EXPORT_SESSION_ID } from "./hook-table.js";
import { findHooks, hooksState, installHooks, uninstallHooks } from "./settings.js";

const me: BatonInvocation = { node: "/opt/node/bin/node", bin: "/opt/baton/dist/bin/baton.js" };
const BATON = "/opt/node/bin/node /opt/baton/dist/bin/baton.js";
/** The sh gate of a watched hook: only builtins while the session's watcher runs and `unless` is absent. */
const DIR = 'd="${XDG_CACHE_HOME:-$HOME/.cache}/baton/hooks/$CLAUDE_CODE_SESSION_ID";';
const gate = (then: string, unless?: string, early = false) => {
  const watcher = 'read p 2>/dev/null <"$d/watcher"';
  const pid = early ? `{ ${watcher} || read p 2>/dev/null <"$d/starting"; }` : watcher;
  return `${DIR} if ${pid} && kill -0 "$p" 2>/dev/null${unless ? ` && [ ! -e "$d/${unless}" ]` : ""}; then ${then}; exit 0; fi;`;
};
const NOTICES = `${gate(":", "notices")} exec ${BATON} hook notices --hook`;
const PROMPT = `${gate('echo active >"$d/state"', "notices", true)} exec ${BATON} hook prompt --hook`;
const PAUSE = `${gate('echo paused >"$d/state"', undefined, true)} exec 3<&0; nice -n 10 ${BATON} session pause --hook <&3 >/dev/null 2>&1 &`;
/** The previous version's SessionStart line: the watcher announced, then a detached baton of the session's own. */
const PREVIOUS_START =
  `${DIR} case "$CLAUDE_CODE_SESSION_ID" in ""|.*|*[!A-Za-z0-9._-]*) ;; *) mkdir -p "$d" && echo "$PPID" >"$d/starting" ;; esac; ` +
  `exec 3<&0; nice -n 10 ${BATON} session start --hook --claude-pid "$PPID" <&3 >/dev/null 2>&1 &`;
/**
 * The SessionStart line: the id exported for Bash, the session's hook JSON, environment and Claude
 * Code's pid left for the user's watcher, which is started only when none runs.
 */
const START =
  `${EXPORT_SESSION_ID}; r="\${XDG_CACHE_HOME:-$HOME/.cache}/baton/hooks"; d="$r/$CLAUDE_CODE_SESSION_ID"; ` +
  `case "$CLAUDE_CODE_SESSION_ID" in ""|.*|*[!A-Za-z0-9._-]*) exit 0 ;; esac; umask 077; ` +
  `mkdir -p "$d" && cat >"$d/start" || exit 0; ` +
  `for n in ${CONFIG_ENV_NAMES.join(" ")} HOME; do ` +
  String.raw`eval "[ -n \"\${$n+1}\" ] && printf '%s=%s\\0' $n \"\$$n\""; done >"$d/env"; ` +
  `echo "$PPID" >"$d/starting"; ` +
  `read p 2>/dev/null <"$r/.watcher" && kill -0 "$p" 2>/dev/null && exit 0; ` +
  `nice -n 10 ${BATON} hook watch </dev/null >/dev/null 2>&1 &`;
const END = `${gate('echo ended >"$d/state"', undefined, true)} exec 3<&0; ${BATON} session end --hook <&3 >/dev/null 2>&1 &`;

const existing = `{
  "model": "opus",
  "permissions": {
    "allow": [
      "Bash(git status)"
    ]
  },
  "hooks": {
    "UserPromptSubmit": [
      {
        "hooks": [
          {
            "type": "command",
            "command": "echo prompt >> /tmp/log"
          }
        ]
      }
    ],
    "PreToolUse": [
      {
        "matcher": "Bash",
        "hooks": [
          {
            "type": "command",
            "command": "guard.sh"
          }
        ]
      }
    ]
  }
}
`;

/** What the settings of baton before this version held: four synchronous hooks found on PATH. */
const oldStyle = `{
  "hooks": {
    "SessionStart": [
      { "hooks": [{ "type": "command", "command": "greet.sh" }] },
      { "hooks": [{ "type": "command", "command": "baton session start --hook" }] }
    ],
    "UserPromptSubmit": [{ "hooks": [{ "type": "command", "command": "baton heartbeat --hook" }] }],
    "Stop": [{ "hooks": [{ "type": "command", "command": "baton session pause --hook" }] }],
    "SessionEnd": [{ "hooks": [{ "type": "command", "command": "baton session end --hook" }] }]
  }
}
`;

/** The original project's hook lines: flat entries under SessionStart, groups shared with other scripts. */
const original = `{
  "hooks": {
    "SessionStart": [
      {
        "type": "command",
        "command": "~/.claude/scripts/session-register.sh start 2>/dev/null || true",
        "timeout": 5000
      },
      {
        "type": "command",
        "command": "~/.claude/scripts/conda-detect.sh --info 2>/dev/null || true",
        "timeout": 2000
      }
    ],
    "UserPromptSubmit": [
      {
        "hooks": [
          {
            "type": "command",
            "command": "~/.claude/scripts/terminal-label.sh restore 2>/dev/null || true",
            "timeout": 1000
          },
          {
            "type": "command",
            "command": "~/.claude/scripts/session-heartbeat.sh touch 2>/dev/null || true",
            "timeout": 500
          }
        ]
      }
    ],
    "Stop": [
      {
        "hooks": [
          {
            "type": "command",
            "command": "~/.claude/scripts/session-register.sh pause 2>/dev/null || true",
            "timeout": 1000
          }
        ]
      }
    ]
  }
}
`;

const commands = (text: string, event: string) =>
  (JSON.parse(text).hooks[event] ?? []).flatMap((g: { command?: string; hooks?: { command: string }[] }) =>
    g.hooks ? g.hooks.map((h) => h.command) : [g.command],
  );

describe("installing baton's hooks in settings.json", () => {
  it("adds every entry of the table, each a group of its own, keeping every other setting and hook", () => {
    const { text, added, removed } = installHooks(existing, me);
    expect(added.map((a) => a.event)).toEqual(BATON_HOOKS.map((h) => h.event));
    expect(removed).toEqual([]);
    const after = JSON.parse(text);
    const before = JSON.parse(existing);
    expect(after.model).toBe("opus");
    expect(after.permissions).toEqual(before.permissions);
    expect(after.hooks.PreToolUse).toEqual([
      before.hooks.PreToolUse[0],
      {
        matcher: "Edit|Write|MultiEdit|NotebookEdit",
        hooks: [
          { type: "command", command: `${gate(":", "reserved")} exec ${BATON} reservations check --hook` },
        ],
      },
    ]);
    expect(after.hooks.UserPromptSubmit).toEqual([
      before.hooks.UserPromptSubmit[0],
      { hooks: [{ type: "command", command: PROMPT }] },
    ]);
    expect(after.hooks.SessionStart).toEqual([{ hooks: [{ type: "command", command: START }] }]);
    expect(after.hooks.Stop).toEqual([{ hooks: [{ type: "command", command: PAUSE }] }]);
    expect(after.hooks.PostToolUse).toEqual([{ hooks: [{ type: "command", command: NOTICES }] }]);
    expect(after.hooks.SessionEnd).toEqual([{ hooks: [{ type: "command", command: END }] }]);
    expect(hooksState(text, me)).toMatchObject({ current: true, stale: [], original: [] });
  });

  it("is idempotent: a second install changes nothing", () => {
    const once = installHooks(existing, me).text;
    const twice = installHooks(once, me);
    expect(twice.added).toEqual([]);
    expect(twice.removed).toEqual([]);
    expect(twice.text).toBe(once);
  });

  it("upgrades an earlier baton's hooks in place of them, never beside them", () => {
    expect(hooksState(oldStyle, me).entries.map((e) => e.state)).toEqual([
      "outdated",
      "outdated",
      "missing",
      "missing",
      "outdated",
      "outdated",
    ]);
    const { text, removed } = installHooks(oldStyle, me);
    expect(removed.map((r) => [r.event, r.command, r.kind])).toEqual([
      ["SessionStart", "baton session start --hook", "baton"],
      ["UserPromptSubmit", "baton heartbeat --hook", "baton"],
      ["Stop", "baton session pause --hook", "baton"],
      ["SessionEnd", "baton session end --hook", "baton"],
    ]);
    expect(commands(text, "SessionStart")).toEqual(["greet.sh", START]);
    // the per-prompt heartbeat of earlier versions is the prompt hook now
    expect(commands(text, "UserPromptSubmit")).toEqual([PROMPT]);
    for (const event of ["PreToolUse", "PostToolUse", "Stop", "SessionEnd"])
      expect(commands(text, event)).toHaveLength(1);
    expect(hooksState(text, me).current).toBe(true);
  });

  it("puts the previous version's two SessionStart lines (env file, detached start) into one", () => {
    const previous = JSON.stringify({
      hooks: {
        SessionStart: [
          { hooks: [{ type: "command", command: "greet.sh" }] },
          { hooks: [{ type: "command", command: EXPORT_SESSION_ID }] },
          { hooks: [{ type: "command", command: PREVIOUS_START }] },
        ],
      },
    });
    expect(hooksState(previous, me).entries[0]!.state).toBe("outdated");
    const { text, removed } = installHooks(previous, me);
    expect(removed.map((r) => r.command)).toEqual([EXPORT_SESSION_ID, PREVIOUS_START]);
    expect(commands(text, "SessionStart")).toEqual(["greet.sh", START]);
    expect(hooksState(text, me).current).toBe(true);
  });

  it("replaces baton's hooks written for another node or bin path (a moved install)", () => {
    const moved = installHooks(null, { node: "/old/node", bin: "/old/baton.js" }).text;
    const { text, removed } = installHooks(moved, me);
    expect(removed).toHaveLength(BATON_HOOKS.length);
    expect(text).not.toContain("/old/");
    expect(hooksState(text, me).current).toBe(true);
  });

  it("replaces the original scripts' lifecycle hooks, keeping the other scripts in their groups", () => {
    const { text, removed } = installHooks(original, me);
    expect(removed.map((r) => [r.event, r.kind])).toEqual([
      ["SessionStart", "original"],
      ["UserPromptSubmit", "original"],
      ["Stop", "original"],
    ]);
    expect(commands(text, "SessionStart")[0]).toBe(
      "~/.claude/scripts/conda-detect.sh --info 2>/dev/null || true",
    );
    expect(commands(text, "UserPromptSubmit")).toEqual([
      "~/.claude/scripts/terminal-label.sh restore 2>/dev/null || true",
      PROMPT,
    ]);
    expect(commands(text, "Stop")).toEqual([PAUSE]);
    expect(text).not.toMatch(/session-(register|heartbeat)\.sh/);
  });

  it("recognises baton's drop-in bins run as hooks as the original's lines", () => {
    const dropIns = `{"hooks":{"SessionEnd":[{"hooks":[{"type":"command","command":"session-register end"}]}]}}`;
    expect(hooksState(dropIns, me).original).toEqual([
      { event: "SessionEnd", command: "session-register end" },
    ]);
  });

  it("leaves a user's own baton call on another event alone", () => {
    const own = `{"hooks":{"PostToolUse":[{"hooks":[{"type":"command","command":"baton heartbeat --hook"}]}]}}`;
    const { text } = installHooks(own, me);
    expect(commands(text, "PostToolUse")).toEqual(["baton heartbeat --hook", NOTICES]);
    expect(commands(uninstallHooks(text).text, "PostToolUse")).toEqual(["baton heartbeat --hook"]);
  });

  it("says what is missing, outdated or duplicated", () => {
    const installed = JSON.parse(installHooks(null, me).text);
    installed.hooks.Stop.push(installed.hooks.Stop[0]);
    delete installed.hooks.SessionEnd;
    const state = hooksState(JSON.stringify(installed), me);
    expect(state.current).toBe(false);
    expect(state.entries.map((e) => e.state)).toEqual([
      "current",
      "current",
      "current",
      "current",
      "current",
      "missing",
    ]);
    expect(state.duplicates).toBe(1);
  });

  it("installs the edit check to warn with --warn, and status takes such an install as current", () => {
    const warned = installHooks(null, me, "settings.json", batonHooks({ warn: true })).text;
    expect(commands(warned, "PreToolUse")).toEqual([
      `${gate(":", "reserved")} exec ${BATON} reservations check --hook --warn`,
    ]);
    expect(hooksState(warned, me).current).toBe(true);
    // installing again without --warn puts the denying check back in its place
    const denying = installHooks(warned, me);
    expect(denying.removed.map((r) => r.event)).toEqual(["PreToolUse"]);
    expect(commands(denying.text, "PreToolUse")).toEqual([
      `${gate(":", "reserved")} exec ${BATON} reservations check --hook`,
    ]);
  });

  it("finds hooks in both shapes: groups and the older flat entries", () => {
    const found = findHooks(JSON.parse(original));
    expect(found.map((f) => [f.event, f.group, f.index, f.kind])).toEqual([
      ["SessionStart", 0, null, "original"],
      ["SessionStart", 1, null, "other"],
      ["UserPromptSubmit", 0, 0, "other"],
      ["UserPromptSubmit", 0, 1, "original"],
      ["Stop", 0, 0, "original"],
    ]);
  });
});

describe("uninstalling baton's hooks", () => {
  it("gives back the original file byte for byte", () => {
    const removed = uninstallHooks(installHooks(existing, me).text);
    expect(removed.removed).toHaveLength(BATON_HOOKS.length);
    expect(removed.text).toBe(existing);
  });

  it("removes earlier forms too, and leaves the original scripts' hooks to the user", () => {
    const { text, removed } = uninstallHooks(oldStyle.replace('"SessionEnd"', '"Notification"'));
    expect(removed.map((r) => r.command)).toEqual([
      "baton session start --hook",
      "baton heartbeat --hook",
      "baton session pause --hook",
    ]);
    expect(Object.keys(JSON.parse(text).hooks)).toEqual(["SessionStart", "Notification"]);
    expect(uninstallHooks(original).removed).toEqual([]);
  });
});

describe("the formatting of settings.json", () => {
  it("keeps tab indentation, CRLF line ends, key order and a missing final newline", () => {
    const tabbed = '{\r\n\t"z": 1,\r\n\t"model": "opus",\r\n\t"a": [\r\n\t\t1\r\n\t]\r\n}';
    const { text } = installHooks(tabbed, me);
    expect(
      text.startsWith(
        '{\r\n\t"z": 1,\r\n\t"model": "opus",\r\n\t"a": [\r\n\t\t1\r\n\t],\r\n\t"hooks": {\r\n\t\t"SessionStart": [\r\n\t\t\t{',
      ),
    ).toBe(true);
    expect(text.endsWith("\r\n}")).toBe(true);
    expect(text.replace(/\r\n/g, "")).not.toContain("\n");
    expect(uninstallHooks(text).text).toBe(tabbed);
  });

  it("keeps 4-space indentation, and lines away from its edits as they were", () => {
    const four =
      '{\n    "permissions": { "allow": ["Bash(ls)", "Read"] },\n    "hooks": {\n        "Stop": [\n            {\n                "hooks": [\n                    {\n                        "type": "command",\n                        "command": "say done"\n                    }\n                ]\n            }\n        ]\n    }\n}\n';
    const { text } = installHooks(four, me);
    expect(text).toContain('\n    "permissions": { "allow": ["Bash(ls)", "Read"] },\n');
    expect(text).toContain(
      '\n        "Stop": [\n            {\n                "hooks": [\n                    {\n                        "type": "command",\n                        "command": "say done"\n                    }\n                ]\n            },\n            {\n                "hooks": [\n                    {\n                        "type": "command",\n                        "command": "d=\\"${XDG_CACHE_HOME',
    );
    expect(uninstallHooks(text).text).toBe(four);
  });

  it("re-indents a line its edit lands on: a one-line array it appends to", () => {
    const compact =
      '{\n  "hooks": { "Stop": [{ "hooks": [{ "type": "command", "command": "say done" }] }] }\n}\n';
    const { text } = installHooks(compact, me);
    expect(text).not.toContain('"hooks": { "Stop"');
    expect(JSON.parse(text).hooks.Stop[0]).toEqual({ hooks: [{ type: "command", command: "say done" }] });
  });

  it("creates settings from nothing", () => {
    const { text } = installHooks(null, me);
    expect(text.startsWith('{\n  "hooks": {\n    "SessionStart": [\n')).toBe(true);
    expect(hooksState(text, me).current).toBe(true);
    expect(JSON.parse(uninstallHooks(text).text)).toEqual({});
  });
});

describe("a settings.json baton cannot read", () => {
  it("is refused, naming the file and the fault", () => {
    expect(() => installHooks("{ nope", me, "/x/settings.json")).toThrow(
      /\/x\/settings.json: not valid JSON/,
    );
    expect(() => installHooks('{"hooks": []}', me, "/x/s.json")).toThrow(
      /hooks: expected an object of events/,
    );
    expect(() => installHooks('{"hooks": {"Stop": {}}}', me, "/x/s.json")).toThrow(
      /hooks.Stop: expected an array/,
    );
  });
});

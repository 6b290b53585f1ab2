import { describe, expect, it } from "vitest";
import { BATON_HOOKS, installedHooks, installHooks, uninstallHooks } from "./settings.js";

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

describe("settings.json hooks", () => {
  it("adds baton's hooks and keeps every other setting and hook", () => {
    const { text, changed } = installHooks(existing);
    expect(changed).toEqual(Object.keys(BATON_HOOKS));
    const after = JSON.parse(text);
    const before = JSON.parse(existing);
    expect(after.model).toBe("opus");
    expect(after.permissions).toEqual(before.permissions);
    expect(after.hooks.PreToolUse[0]).toEqual(before.hooks.PreToolUse[0]);
    expect(after.hooks.PreToolUse[1]).toEqual({
      matcher: "Edit|Write|MultiEdit|NotebookEdit",
      hooks: [{ type: "command", command: "baton reservations check --hook" }],
    });
    expect(after.hooks.UserPromptSubmit[0]).toEqual(before.hooks.UserPromptSubmit[0]);
    expect(after.hooks.UserPromptSubmit[1].hooks[0].command).toBe("baton heartbeat --hook");
    expect(installedHooks(text)).toEqual(Object.keys(BATON_HOOKS));
  });

  it("is idempotent: a second install changes nothing", () => {
    const once = installHooks(existing).text;
    const twice = installHooks(once);
    expect(twice.changed).toEqual([]);
    expect(twice.text).toBe(once);
  });

  it("uninstall gives back the original file byte for byte", () => {
    const removed = uninstallHooks(installHooks(existing).text);
    expect(removed.changed).toEqual(Object.keys(BATON_HOOKS));
    expect(removed.text).toBe(existing);
  });

  it("keeps the file's own indentation and line endings", () => {
    const tabbed = '{\r\n\t"model": "opus"\r\n}\r\n';
    const { text } = installHooks(tabbed);
    expect(text.startsWith('{\r\n\t"model": "opus",\r\n\t"hooks": {')).toBe(true);
    expect(uninstallHooks(text).text).toBe(tabbed);
  });

  it("creates settings from nothing", () => {
    const { text } = installHooks(null);
    expect(installedHooks(text)).toHaveLength(Object.keys(BATON_HOOKS).length);
    expect(uninstallHooks(text).text).toBe("{}\n");
  });

  it("--warn installs the edit-time hook in its warn mode, and switching modes replaces it", () => {
    const warned = installHooks(existing, "settings.json", { warn: true });
    const groups = JSON.parse(warned.text).hooks.PreToolUse;
    expect(groups).toHaveLength(2);
    expect(groups[1].hooks[0].command).toBe("baton reservations check --hook --warn");
    expect(installedHooks(warned.text)).toContain("PreToolUse");
    expect(installHooks(warned.text, "settings.json", { warn: true }).changed).toEqual([]);
    const denying = installHooks(warned.text);
    expect(denying.changed).toEqual(["PreToolUse"]);
    expect(
      JSON.parse(denying.text).hooks.PreToolUse.map(
        (g: { hooks: Array<{ command: string }> }) => g.hooks[0]!.command,
      ),
    ).toEqual(["guard.sh", "baton reservations check --hook"]);
    expect(uninstallHooks(warned.text).text).toBe(existing);
  });

  it("refuses to touch a file that is not JSON", () => {
    expect(() => installHooks("{ nope", "/x/settings.json")).toThrow(/\/x\/settings.json: not valid JSON/);
  });
});

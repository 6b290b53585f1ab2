import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { makeWorld } from "./helpers.js";

const settings = `{
  "env": {
    "FOO": "bar"
  },
  "hooks": {
    "SessionStart": [
      {
        "matcher": "startup",
        "hooks": [
          {
            "type": "command",
            "command": "~/bin/greet.sh",
            "timeout": 5
          }
        ]
      }
    ],
    "PostToolUse": [
      {
        "matcher": "Edit|Write",
        "hooks": [
          {
            "type": "command",
            "command": "prettier --write"
          }
        ]
      }
    ]
  },
  "statusLine": {
    "type": "command",
    "command": "status.sh"
  }
}
`;

describe("baton hooks install", () => {
  it("merges into an existing user settings.json, keeping unrelated hooks byte for byte, and writes a backup", async () => {
    const w = makeWorld();
    const file = join(w.home, ".claude", "settings.json");
    mkdirSync(join(w.home, ".claude"));
    writeFileSync(file, settings);

    const r = await w.run(["hooks", "install", "--json"]);
    expect(r.code).toBe(0);
    expect(r.json()).toMatchObject({
      settings: file,
      installed: ["SessionStart", "UserPromptSubmit", "Stop", "SessionEnd"],
    });
    expect(readFileSync(`${file}.baton-backup`, "utf8")).toBe(settings);

    const after = readFileSync(file, "utf8");
    const postToolUse = settings.slice(
      settings.indexOf('    "PostToolUse"'),
      settings.indexOf('\n  },\n  "statusLine"'),
    );
    expect(postToolUse).toMatch(/^ {4}"PostToolUse": \[[\s\S]+\]$/);
    expect(after).toContain(postToolUse);
    expect(after).toContain(
      '  "statusLine": {\n    "type": "command",\n    "command": "status.sh"\n  }\n}\n',
    );
    expect(after).toContain(
      '          {\n            "type": "command",\n            "command": "~/bin/greet.sh",\n            "timeout": 5\n          }',
    );
    const parsed = JSON.parse(after);
    expect(parsed.env).toEqual({ FOO: "bar" });
    expect(parsed.statusLine).toEqual({ type: "command", command: "status.sh" });
    expect(
      parsed.hooks.SessionStart.map((g: { hooks: { command: string }[] }) => g.hooks[0]!.command),
    ).toEqual(["~/bin/greet.sh", "baton session start --hook"]);
    expect(parsed.hooks.UserPromptSubmit[0].hooks[0].command).toBe("baton heartbeat --hook");
    expect(parsed.hooks.Stop[0].hooks[0].command).toBe("baton session pause --hook");
    expect(parsed.hooks.SessionEnd[0].hooks[0].command).toBe("baton session end --hook");

    const again = await w.run(["hooks", "install"]);
    expect(again.stdout).toMatch(/nothing to change/);
    expect(readFileSync(file, "utf8")).toBe(after);

    const status = await w.run(["hooks", "status", "--user", "--json"]);
    expect(status.json()[0].installed).toHaveLength(4);

    const removed = await w.run(["hooks", "uninstall"]);
    expect(removed.code).toBe(0);
    expect(readFileSync(file, "utf8")).toBe(settings);
  });

  it("--project writes ./.claude/settings.json, creating it", async () => {
    const w = makeWorld();
    const r = await w.run(["hooks", "install", "--project"]);
    expect(r.code).toBe(0);
    const file = join(w.home, ".claude", "settings.json");
    expect(existsSync(file)).toBe(true);
    expect(Object.keys(JSON.parse(readFileSync(file, "utf8")).hooks)).toHaveLength(4);
  });

  it("refuses a settings.json that is not JSON, exit 2, leaving it alone", async () => {
    const w = makeWorld();
    mkdirSync(join(w.home, ".claude"));
    const file = join(w.home, ".claude", "settings.json");
    writeFileSync(file, "{ broken");
    const r = await w.run(["hooks", "install"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/not valid JSON/);
    expect(readFileSync(file, "utf8")).toBe("{ broken");
  });
});

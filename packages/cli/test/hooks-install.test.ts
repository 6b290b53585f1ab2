import { existsSync, mkdirSync, readFileSync, realpathSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { makeWorld } from "./helpers.js";

/** How the installed hooks start baton: this Node and the real path of the built bin. */
const BIN = realpathSync(join(dirname(fileURLToPath(import.meta.url)), "..", "dist", "bin", "baton.js"));
const call = (args: string) => `${process.execPath} ${BIN} ${args}`;
/** A hook Claude Code waits for (or cancels): the shell gives way to Node, so a SIGTERM reaches it. */
const hook = (args: string) => `exec ${call(args)}`;

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

type Group = { matcher?: string; hooks: Array<{ command: string; async?: boolean; timeout?: number }> };
const commandsOf = (groups: Group[] | undefined) =>
  (groups ?? []).flatMap((g) => g.hooks.map((h) => h.command));

/** The original scripts' hook lines, as their install put them in ~/.claude/settings.json. */
const original = `{
  "permissions": { "allow": ["Bash(git status)"] },
  "hooks": {
    "SessionStart": [
      {
        "hooks": [
          { "type": "command", "command": "~/.claude/scripts/session-register.sh start 2>/dev/null || true", "timeout": 5000 },
          { "type": "command", "command": "~/.claude/scripts/conda-detect.sh --info 2>/dev/null || true", "timeout": 2000 }
        ]
      }
    ],
    "UserPromptSubmit": [
      {
        "hooks": [
          { "type": "command", "command": "~/.claude/scripts/session-heartbeat.sh touch 2>/dev/null || true", "timeout": 500 }
        ]
      }
    ],
    "Stop": [
      { "hooks": [{ "type": "command", "command": "~/.claude/scripts/session-register.sh pause 2>/dev/null || true" }] }
    ],
    "SessionEnd": [
      { "hooks": [{ "type": "command", "command": "~/.claude/scripts/session-register.sh end 2>/dev/null || true" }] }
    ]
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
    const result = r.json();
    expect(result).toMatchObject({ settings: file, removed: [], backup: `${file}.baton-backup` });
    expect(result.added.map((a: { event: string }) => a.event)).toEqual([
      "SessionStart",
      "UserPromptSubmit",
      "PreToolUse",
      "PostToolUse",
      "Stop",
      "SessionEnd",
    ]);
    expect(readFileSync(`${file}.baton-backup`, "utf8")).toBe(settings);

    const after = readFileSync(file, "utf8");
    const postToolUse = settings.slice(
      settings.indexOf('    "PostToolUse"'),
      settings.indexOf('\n  },\n  "statusLine"'),
    );
    expect(postToolUse).toMatch(/^ {4}"PostToolUse": \[[\s\S]+\]$/);
    expect(after).toContain(postToolUse.slice(0, postToolUse.lastIndexOf("}")));
    expect(after).toContain(
      '  "statusLine": {\n    "type": "command",\n    "command": "status.sh"\n  }\n}\n',
    );
    expect(after).toContain(
      '          {\n            "type": "command",\n            "command": "~/bin/greet.sh",\n            "timeout": 5\n          }',
    );
    const parsed = JSON.parse(after);
    expect(parsed.env).toEqual({ FOO: "bar" });
    expect(parsed.statusLine).toEqual({ type: "command", command: "status.sh" });
    const start = commandsOf(parsed.hooks.SessionStart);
    expect(start[0]).toBe("~/bin/greet.sh");
    expect(start).toHaveLength(2);
    expect(start[1]).toMatch(/CLAUDE_ENV_FILE/);
    // Nothing a prompt would wait for starts Node; baton is named by absolute path. SessionStart
    // leaves the session to the user's watcher, and starts one, detached, only when none runs.
    expect(start[1]).toMatch(
      /read p 2>\/dev\/null <"\$r\/\.watcher" && kill -0 "\$p" 2>\/dev\/null && exit 0; /,
    );
    expect(start[1]).toContain(`nice -n 10 ${call("hook watch")} </dev/null >/dev/null 2>&1 &`);
    expect(parsed.hooks.SessionStart[1].hooks[0].async).toBeUndefined();
    // The per-call and per-prompt hooks start Node only past their sh gate (no watcher, or work).
    const gated = (event: string, args: string) => {
      const command = parsed.hooks[event].at(-1).hooks[0].command as string;
      expect(command).toMatch(
        /^d="\$\{XDG_CACHE_HOME:-\$HOME\/\.cache\}\/baton\/hooks\/\$CLAUDE_CODE_SESSION_ID"; if /,
      );
      expect(command).toContain(call(args));
      return command;
    };
    expect(gated("UserPromptSubmit", "hook prompt --hook")).toContain('echo active >"$d/state"');
    expect(gated("PreToolUse", "reservations check --hook")).toContain('[ ! -e "$d/reserved" ]');
    expect(parsed.hooks.PreToolUse.at(-1).matcher).toBe("Edit|Write|MultiEdit|NotebookEdit");
    // Only a synchronous hook's answer reaches the request right after the tool call.
    expect(gated("PostToolUse", "hook notices --hook")).toContain('[ ! -e "$d/notices" ]');
    expect(parsed.hooks.PostToolUse.at(-1).hooks[0].async).toBeUndefined();
    expect(gated("Stop", "session pause --hook")).toContain('echo paused >"$d/state"');
    expect(gated("SessionEnd", "session end --hook")).toContain('echo ended >"$d/state"');

    const again = await w.run(["hooks", "install"]);
    expect(again.stdout).toMatch(/nothing to change/);
    expect(readFileSync(file, "utf8")).toBe(after);

    const status = await w.run(["hooks", "status", "--user", "--json"]);
    expect(status.json()[0]).toMatchObject({ settings: file, current: true, original: [] });

    const removed = await w.run(["hooks", "uninstall"]);
    expect(removed.code).toBe(0);
    expect(readFileSync(file, "utf8")).toBe(settings);
  });

  it("--project writes ./.claude/settings.json, creating it", async () => {
    const w = makeWorld();
    const project = join(w.home, "repo");
    mkdirSync(project);
    const r = await w.run(["hooks", "install", "--project"], { cwd: project });
    expect(r.code).toBe(0);
    const file = join(project, ".claude", "settings.json");
    expect(existsSync(file)).toBe(true);
    expect(Object.keys(JSON.parse(readFileSync(file, "utf8")).hooks)).toEqual([
      "SessionStart",
      "UserPromptSubmit",
      "PreToolUse",
      "PostToolUse",
      "Stop",
      "SessionEnd",
    ]);
    expect(existsSync(join(w.home, ".claude", "settings.json"))).toBe(false);
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

describe("moving from the original scripts' hooks", () => {
  it("doctor lists them and says what to do; install replaces them with one set of baton's, keeping a backup", async () => {
    const w = makeWorld({ COORDINATION_BACKEND: "file" });
    const file = join(w.home, ".claude", "settings.json");
    mkdirSync(join(w.home, ".claude"));
    writeFileSync(file, original);

    const before = await w.run(["doctor", "--json"]);
    expect(before.code).toBe(0);
    expect(before.json().original.hooks).toEqual([
      {
        settings: file,
        install: "baton hooks install",
        hooks: [
          {
            event: "SessionStart",
            command: "~/.claude/scripts/session-register.sh start 2>/dev/null || true",
          },
          {
            event: "UserPromptSubmit",
            command: "~/.claude/scripts/session-heartbeat.sh touch 2>/dev/null || true",
          },
          { event: "Stop", command: "~/.claude/scripts/session-register.sh pause 2>/dev/null || true" },
          { event: "SessionEnd", command: "~/.claude/scripts/session-register.sh end 2>/dev/null || true" },
        ],
      },
    ]);
    const human = await w.run(["doctor"]);
    expect(human.stdout).toContain(
      `the original's hooks in ${file} (SessionStart "~/.claude/scripts/session-register.sh start 2>/dev/null || true"`,
    );
    expect(human.stdout).toMatch(/: run baton hooks install, which replaces them/);
    expect(human.stdout).toMatch(/baton's hooks are not installed: run baton hooks install/);

    const r = await w.run(["hooks", "install"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/replaced the original's hook/);
    expect(readFileSync(`${file}.baton-backup`, "utf8")).toBe(original);
    const after = readFileSync(file, "utf8");
    expect(after).not.toMatch(/session-(register|heartbeat)/);
    const hooks = JSON.parse(after).hooks;
    expect(JSON.parse(after).permissions).toEqual({ allow: ["Bash(git status)"] });
    expect(commandsOf(hooks.SessionStart)).toEqual([
      "~/.claude/scripts/conda-detect.sh --info 2>/dev/null || true",
      expect.stringMatching(/CLAUDE_ENV_FILE[\s\S]+hook watch/),
    ]);
    for (const [event, args] of [
      ["UserPromptSubmit", "hook prompt --hook"],
      ["PostToolUse", "hook notices --hook"],
      ["Stop", "session pause --hook"],
      ["SessionEnd", "session end --hook"],
    ]) {
      const commands = commandsOf(hooks[event!]);
      expect(commands).toHaveLength(1);
      expect(commands[0]).toContain(call(args!));
    }

    const doctor = await w.run(["doctor", "--json"]);
    expect(doctor.json().original.hooks).toEqual([]);
    expect(Object.values(doctor.json().hooks)[0]).toMatchObject({ current: true, original: [] });
    expect((await w.run(["doctor"])).stdout).toContain(
      "nothing left of the original scripts (lock, session or heartbeat files, hooks)",
    );
    // A second install finds nothing of either to replace.
    expect((await w.run(["hooks", "install"])).stdout).toMatch(/nothing to change/);
  });

  it("doctor lists the original's lock, session and heartbeat files with the step that finishes the move", async () => {
    const w = makeWorld({ COORDINATION_BACKEND: "file" });
    const dir = join(w.home, "coordination");
    for (const sub of ["locks", "sessions", "heartbeat"]) mkdirSync(join(dir, sub), { recursive: true });
    const lock = (session: string, expires: number) =>
      JSON.stringify({
        session_id: session,
        worktree: "/src/api",
        operation: "pytest",
        acquired_at: new Date(Date.now() - 60_000).toISOString(),
        pid: 4242,
        expires_at: new Date(Date.now() + expires).toISOString(),
      });
    writeFileSync(join(dir, "locks", "pytest.lock"), lock("old-1", 600_000));
    writeFileSync(join(dir, "locks", "build.lock"), lock("old-2", -600_000));
    writeFileSync(
      join(dir, "sessions", "old-1.json"),
      JSON.stringify({ session_id: "old-1", status: "active" }),
    );
    writeFileSync(join(dir, "heartbeat", "old-1.heartbeat"), "");

    const r = await w.run(["doctor", "--json"]);
    const found = r.json().original;
    expect(found.locks.map((l: { name: string; live: boolean }) => [l.name, l.live])).toEqual([
      ["build", false],
      ["pytest", true],
    ]);
    expect(found.sessions).toEqual([
      {
        session_id: "old-1",
        // baton's file driver moves a record it cannot read aside; doctor finds it either way.
        files: [
          expect.stringMatching(/\/sessions\/old-1\.json(\.corrupt)?$/),
          join(dir, "heartbeat", "old-1.heartbeat"),
        ],
        heartbeat_age_seconds: expect.any(Number),
      },
    ]);
    const human = (await w.run(["doctor"])).stdout;
    expect(human).toMatch(
      /original lock pytest held by old-1 \(pid 4242\) in \/src\/api until .*: let it be released/,
    );
    expect(human).toContain(`1 expired original lock files (build): rm ${join(dir, "locks", "build.lock")}`);
    expect(human).toMatch(
      /1 original sessions, 1 with a heartbeat in the last hour \(old-1\): restart those/,
    );
  });
});

import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bash, type Conversation, type RunClaudeResult, text, toolResults } from "../src/index.js";
import { baton } from "./baton-bin.js";
import { type BatonHome, startBatonHome, WATCHER_LINE, waitUntil, watcherOf } from "./baton-home.js";

/** The original scripts' hook lines; each script here only records that it ran. */
const ORIGINAL_HOOKS = {
  SessionStart: [
    {
      hooks: [
        { type: "command", command: "~/.claude/scripts/session-register.sh start 2>/dev/null || true" },
      ],
    },
  ],
  UserPromptSubmit: [
    {
      hooks: [
        { type: "command", command: "~/.claude/scripts/session-heartbeat.sh touch 2>/dev/null || true" },
      ],
    },
  ],
  Stop: [
    {
      hooks: [
        { type: "command", command: "~/.claude/scripts/session-register.sh pause 2>/dev/null || true" },
      ],
    },
  ],
  SessionEnd: [
    {
      hooks: [{ type: "command", command: "~/.claude/scripts/session-register.sh end 2>/dev/null || true" }],
    },
  ],
};

/**
 * A HOME set up with the original scripts' hooks, moved to baton by `baton hooks install --user`
 * (baton not on PATH). One real `claude -p` session then runs a Bash call that takes lock x and
 * prints `baton session status`; after claude has exited, the test watches the session end.
 */
let fixture: BatonHome;
let talk: Conversation;
let run: RunClaudeResult;
const batonJson = (...args: string[]) => JSON.parse(fixture.baton([...args, "--json"]));

/** The session records baton holds, read (untimed) until `done` says so or 30 s pass. */
async function sessionsUntil(done: (ids: string[]) => boolean): Promise<string[]> {
  let ids: string[] = [];
  await waitUntil(() => {
    ids = batonJson("session", "status").sessions.map((s: { session_id: string }) => s.session_id);
    return done(ids);
  }, 30_000);
  return ids;
}

beforeAll(async () => {
  fixture = await startBatonHome({
    settings: { permissions: { allow: ["Bash(git status)"] }, hooks: ORIGINAL_HOOKS },
  });
  const scripts = join(fixture.home.home, ".claude", "scripts");
  mkdirSync(scripts);
  for (const name of ["session-register.sh", "session-heartbeat.sh"]) {
    writeFileSync(join(scripts, name), `#!/bin/sh\necho "${name} $*" >> "$HOME/original-ran.log"\n`);
    chmodSync(join(scripts, name), 0o755);
  }
  talk = fixture.api.conversation([
    // Registration runs in the background: the call waits (bounded) until the hook has registered.
    bash(
      `i=0; until ${baton} session status --json | grep -q '"source": "startup"' || [ $i -ge 100 ]; do i=$((i+1)); sleep 0.2; done; ` +
        WATCHER_LINE +
        `echo "ids=$CLAUDE_SESSION_ID|$CLAUDE_CODE_SESSION_ID"; ${baton} lock acquire x --json >/dev/null; ${baton} session status --json`,
    ),
    text("done"),
  ]);
  // SessionEnd hands off to a baton that outlives claude (the fixture keeps its group); the test watches it finish.
  run = await fixture.run({ prompt: "take lock x", conversation: talk });
}, 120_000);

afterAll(async () => {
  if (watcherPid() > 0 && alive(watcherPid())) process.kill(watcherPid(), "SIGKILL");
  await fixture?.close();
});

const bashOut = () => toolResults(talk.turns()[1]!)[0]!.content;
const ids = () => /ids=([^|\n]*)\|([^\n]*)/.exec(bashOut())!.slice(1);
const watcherPid = () => watcherOf(bashOut()).pid;
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
const statusInBash = () => JSON.parse(bashOut().slice(bashOut().indexOf("{")));

describe("baton's installed hooks in a real claude -p session (file backend)", () => {
  it("replaced the original scripts' hooks: one set of baton's, a backup, and the scripts never ran", () => {
    const settings = JSON.parse(readFileSync(fixture.installed.settings, "utf8"));
    expect(JSON.stringify(settings.hooks)).not.toMatch(/session-(register|heartbeat)/);
    expect(settings.permissions).toEqual({ allow: ["Bash(git status)"] });
    expect(Object.keys(settings.hooks)).toEqual([
      "SessionStart",
      "UserPromptSubmit",
      "Stop",
      "SessionEnd",
      "PreToolUse",
      "PostToolUse",
    ]);
    for (const event of [
      "SessionStart",
      "UserPromptSubmit",
      "PreToolUse",
      "PostToolUse",
      "Stop",
      "SessionEnd",
    ])
      expect(settings.hooks[event]).toHaveLength(1);
    expect(JSON.parse(readFileSync(fixture.installed.backup!, "utf8")).hooks).toEqual(ORIGINAL_HOOKS);
    expect(run).toMatchObject({ code: 0, timedOut: false });
    expect(talk.turns()).toHaveLength(2);
    expect(existsSync(join(fixture.home.home, "original-ran.log"))).toBe(false);
  });

  it("gives the session's Bash commands Claude Code's session id through CLAUDE_ENV_FILE", () => {
    const [exported, claudeCode] = ids();
    expect(claudeCode).toMatch(/^[0-9a-f-]{36}$/);
    expect(exported).toBe(claudeCode);
  });

  it("registered the session under that id, anchored to the claude process, and the Bash call acts as it", () => {
    const [, id] = ids();
    const status = statusInBash();
    expect(status.me).toBe(id);
    expect(status.sessions).toHaveLength(1);
    expect(status.sessions[0]).toMatchObject({
      session_id: id,
      pid: run.pid,
      metadata: { source: "startup" },
      locks: ["resource:x"],
    });
  });

  it("ran the user's hooks watcher while it worked, a process of its own beside claude", () => {
    expect(watcherPid()).toBeGreaterThan(0);
    expect(watcherPid()).not.toBe(run.pid);
  });

  it("ends the session after claude exits: the record is gone and lock x is free", async () => {
    // status lists a session whose process is gone (tier "dead"): only `session end` removes it.
    expect(await sessionsUntil((s) => s.length === 0)).toEqual([]);
    expect(batonJson("lock", "list")).toMatchObject({ count: 0 });
    expect(batonJson("lock", "check", "x")).toMatchObject({ available: true, locked: false });
  });

  it("the session's hook folder goes with the session; the watcher stays for the user's next one", async () => {
    const [, id] = ids();
    const dir = join(process.env.XDG_CACHE_HOME || join(fixture.home.home, ".cache"), "baton", "hooks", id!);
    await waitUntil(() => !existsSync(dir), 15_000);
    expect(existsSync(dir)).toBe(false);
    expect(alive(watcherPid())).toBe(true);
  });
});

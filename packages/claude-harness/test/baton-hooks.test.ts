import { execFileSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  bash,
  type ClaudeHome,
  type Conversation,
  killGroup,
  makeClaudeHome,
  type RunClaudeResult,
  runClaude,
  type StandIn,
  startStandIn,
  text,
  toolResults,
} from "../src/index.js";
import { BATON, baton } from "./baton-bin.js";

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
let api: StandIn;
let home: ClaudeHome;
let talk: Conversation;
let run: RunClaudeResult;
let installed: { settings: string; backup: string };
const coordination = () => join(home.home, "coordination");
const env = () => ({
  PATH: process.env.PATH,
  HOME: home.home,
  COORDINATION_BACKEND: "file",
  COORDINATION_DIR: coordination(),
  NO_COLOR: "1",
});
const batonJson = (...args: string[]) =>
  JSON.parse(execFileSync(process.execPath, [BATON, ...args, "--json"], { env: env(), encoding: "utf8" }));

/** The session records baton holds, read (untimed) until `done` says so or 30 s pass. */
async function sessionsUntil(done: (ids: string[]) => boolean): Promise<string[]> {
  let ids: string[] = [];
  for (const until = Date.now() + 30_000; Date.now() < until; await new Promise((r) => setTimeout(r, 200))) {
    ids = batonJson("session", "status").sessions.map((s: { session_id: string }) => s.session_id);
    if (done(ids)) break;
  }
  return ids;
}

beforeAll(async () => {
  api = await startStandIn();
  home = makeClaudeHome({ permissions: { allow: ["Bash(git status)"] }, hooks: ORIGINAL_HOOKS });
  const scripts = join(home.home, ".claude", "scripts");
  mkdirSync(scripts);
  for (const name of ["session-register.sh", "session-heartbeat.sh"]) {
    writeFileSync(join(scripts, name), `#!/bin/sh\necho "${name} $*" >> "$HOME/original-ran.log"\n`);
    chmodSync(join(scripts, name), 0o755);
  }
  const out = batonJson("hooks", "install", "--user");
  installed = { settings: out.settings, backup: out.backup };
  talk = api.conversation([
    // Registration runs in the background: the call waits (bounded) until the hook has registered.
    bash(
      `i=0; until ${baton} session status --json | grep -q '"source": "startup"' || [ $i -ge 100 ]; do i=$((i+1)); sleep 0.2; done; ` +
        `w="\${XDG_CACHE_HOME:-$HOME/.cache}/baton/hooks/$CLAUDE_CODE_SESSION_ID/watcher"; i=0; until [ -e "$w" ] || [ $i -ge 100 ]; do i=$((i+1)); sleep 0.2; done; ` +
        `echo "watcher=$(cat "$w")"; ` +
        `echo "ids=$CLAUDE_SESSION_ID|$CLAUDE_CODE_SESSION_ID"; ${baton} lock acquire x --json >/dev/null; ${baton} session status --json`,
    ),
    text("done"),
  ]);
  run = await runClaude({
    prompt: "take lock x",
    conversation: talk,
    home,
    allowedTools: ["Bash"],
    env: { COORDINATION_BACKEND: "file", COORDINATION_DIR: coordination() },
    // SessionEnd hands off to a baton that outlives claude; the test watches it finish.
    keepGroup: true,
    timeoutMs: 90_000,
  });
}, 120_000);

afterAll(async () => {
  if (run) killGroup(run.pid);
  if (watcherPid() > 0 && alive(watcherPid())) process.kill(watcherPid(), "SIGKILL");
  await api.close();
  home.dispose();
});

const bashOut = () => toolResults(talk.turns()[1]!)[0]!.content;
const ids = () => /ids=([^|\n]*)\|([^\n]*)/.exec(bashOut())!.slice(1);
const watcherPid = () => Number(/watcher=(\d+)/.exec(bashOut())?.[1]);
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
    const settings = JSON.parse(readFileSync(installed.settings, "utf8"));
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
    expect(JSON.parse(readFileSync(installed.backup, "utf8")).hooks).toEqual(ORIGINAL_HOOKS);
    expect(run).toMatchObject({ code: 0, timedOut: false });
    expect(talk.turns()).toHaveLength(2);
    expect(existsSync(join(home.home, "original-ran.log"))).toBe(false);
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
    const dir = join(process.env.XDG_CACHE_HOME || join(home.home, ".cache"), "baton", "hooks", id!);
    for (const until = Date.now() + 15_000; Date.now() < until && existsSync(dir); )
      await new Promise((r) => setTimeout(r, 100));
    expect(existsSync(dir)).toBe(false);
    expect(alive(watcherPid())).toBe(true);
  });
});

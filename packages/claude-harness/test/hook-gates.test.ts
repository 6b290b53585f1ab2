import { execFileSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readFileSync, realpathSync, writeFileSync } from "node:fs";
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
  systemMessages,
  text,
  tool,
  toolResults,
} from "../src/index.js";
import { BATON, baton } from "./baton-bin.js";

/** The session's hook folder as its Bash commands name it. */
const HOOK_DIR = '"${XDG_CACHE_HOME:-$HOME/.cache}/baton/hooks/$CLAUDE_CODE_SESSION_ID"';

/**
 * One real `claude -p` turn with baton's hooks as `baton hooks install` writes them, except that
 * each hook's Node is a wrapper logging its arguments: the log is every Node start a hook made.
 * The turn runs quiet Bash calls, edits while another session holds a reservation, and a Bash call
 * after another session broke its lock.
 */
let api: StandIn;
let home: ClaudeHome;
let talk: Conversation;
let run: RunClaudeResult;
/** A second session of the same user, run after the first. */
let talk2: Conversation;
let run2: RunClaudeResult;
/** The Node starts the hooks had made when the second session began. */
let startsBefore2 = 0;
let repo: string;
const coordination = () => join(home.home, "coordination");
const env = () => ({ COORDINATION_BACKEND: "file", COORDINATION_DIR: coordination(), NO_COLOR: "1" });
/** baton run by the test as another session (not through the hooks). */
const asOther = (session: string, ...args: string[]) =>
  execFileSync(process.execPath, [BATON, ...args], {
    cwd: repo,
    env: { PATH: process.env.PATH, HOME: home.home, ...env(), BATON_SESSION_ID: session },
    encoding: "utf8",
  });
/** The baton subcommands the hooks started Node for, in order (the bin path left out). */
const nodeStarts = () =>
  readFileSync(join(home.home, "node-starts.log"), "utf8")
    .trim()
    .split("\n")
    .map((line) => line.replace(/^\S+ /, "").replace(/ --claude-pid \d+$/, ""));

/** The A session's hook folder, from the id its first Bash call printed. */
let folder = "";
/** Waits (untimed, bounded) until the watcher has left `file` in A's hook folder. */
async function marked(file: string): Promise<boolean> {
  for (const until = Date.now() + 20_000; Date.now() < until; await new Promise((r) => setTimeout(r, 50)))
    if (existsSync(join(folder, file))) return true;
  return false;
}
const seen: Record<string, boolean> = {};

beforeAll(async () => {
  api = await startStandIn();
  home = makeClaudeHome();
  repo = join(realpathSync(home.home), "repo");
  execFileSync("git", ["init", "-q", "-b", "main", repo]);
  mkdirSync(join(repo, "src", "api"), { recursive: true });
  writeFileSync(join(repo, "src", "api", "x.ts"), "export const x = 1;\n");
  execFileSync(process.execPath, [BATON, "hooks", "install", "--user"], {
    env: { PATH: process.env.PATH, HOME: home.home },
  });
  const wrapper = join(home.home, "node-logged");
  writeFileSync(
    wrapper,
    `#!/bin/sh\necho "$*" >> "$HOME/node-starts.log"\nexec "${process.execPath}" "$@"\n`,
  );
  chmodSync(wrapper, 0o755);
  const settings = join(home.home, ".claude", "settings.json");
  writeFileSync(settings, readFileSync(settings, "utf8").replaceAll(`${process.execPath} `, `${wrapper} `));

  talk = api.conversation([
    bash(
      `w=${HOOK_DIR}/watcher; i=0; until [ -e "$w" ] || [ $i -ge 100 ]; do i=$((i+1)); sleep 0.2; done; ` +
        `echo "folder=$(dirname "$w") watcher=$(cat "$w")"; ${baton} lock acquire deploy --json`,
    ),
    async (request) => {
      folder = /folder=(\S+)/.exec(toolResults(request)[0]!.content)![1]!;
      return bash("echo quiet");
    },
    async () => {
      asOther("holder-1", "reserve", "src/api/**", "--reason", "auth refactor");
      seen.reserved = await marked("reserved");
      return tool("Write", { file_path: join(repo, "src", "api", "x.ts"), content: "overwritten\n" });
    },
    tool("Write", { file_path: join(repo, "notes.md"), content: "free\n" }),
    async () => {
      asOther("s-other", "lock", "force-release", "deploy");
      seen.notices = await marked("notices");
      return bash("echo after");
    },
    text("done"),
  ]);
  run = await runClaude({
    prompt: "deploy, then edit",
    conversation: talk,
    home,
    cwd: repo,
    allowedTools: ["Bash", "Write"],
    env: env(),
    keepGroup: true,
    timeoutMs: 90_000,
  });

  startsBefore2 = nodeStarts().length;
  talk2 = api.conversation([
    bash(
      `w=${HOOK_DIR}/watcher; i=0; until [ -e "$w" ] || [ $i -ge 100 ]; do i=$((i+1)); sleep 0.2; done; ` +
        `echo "watcher=$(cat "$w")"; ${baton} session status --json`,
    ),
    text("done"),
  ]);
  run2 = await runClaude({
    prompt: "look",
    conversation: talk2,
    home,
    cwd: repo,
    allowedTools: ["Bash"],
    env: env(),
    keepGroup: true,
    timeoutMs: 90_000,
  });
}, 180_000);

afterAll(async () => {
  if (run2) killGroup(run2.pid);
  if (run) killGroup(run.pid);
  await api.close();
  home.dispose();
});

describe("the installed hooks' sh gates in a real claude -p session (file backend)", () => {
  it("runs the turn as scripted, the watcher marking the reservation and the notice as they happen", () => {
    expect(run).toMatchObject({ code: 0, timedOut: false });
    expect(talk.turns()).toHaveLength(6);
    expect(talk.unscripted).toBe(0);
    expect(seen).toEqual({ reserved: true, notices: true });
  });

  it("starts Node for a hook only when its gate finds work: no prompt, pause or quiet tool call starts one", () => {
    const starts = nodeStarts();
    expect(starts.filter((s) => /hook (prompt|notices)|session pause|heartbeat/.test(s))).toEqual([
      "hook notices --hook",
    ]);
    // the two edits made while another session held a reservation, and nothing else
    expect(starts.filter((s) => s.includes("reservations check"))).toEqual([
      "reservations check --hook",
      "reservations check --hook",
    ]);
    // the first session of the user started the user's watcher, and nothing else started Node
    expect(starts[0]).toBe("hook watch");
    expect(starts).toHaveLength(4);
  });

  it("a second session of the same user starts no Node at all: the running watcher takes it", () => {
    expect(run2).toMatchObject({ code: 0, timedOut: false });
    const out = toolResults(talk2.turns()[1]!)[0]!.content;
    const first = /watcher=(\d+)/.exec(toolResults(talk.turns()[1]!)[0]!.content)![1];
    expect(/watcher=(\d+)/.exec(out)?.[1]).toBe(first);
    const status = JSON.parse(out.slice(out.indexOf("{")));
    expect(status.sessions.find((s: { session_id: string }) => s.session_id === status.me)).toMatchObject({
      pid: run2.pid,
    });
    expect(nodeStarts()).toHaveLength(startsBefore2);
  });

  it("denies the edit of a path another live session reserved, naming the holder; the file is unchanged", () => {
    const denied = toolResults(talk.turns()[3]!).at(-1)!;
    expect(denied.is_error).toBe(true);
    expect(denied.content).toMatch(/src\/api\/x\.ts is reserved by session holder-1 .*"auth refactor"/);
    expect(readFileSync(join(repo, "src", "api", "x.ts"), "utf8")).toBe("export const x = 1;\n");
  });

  it("lets the edit of a free path through", () => {
    expect(toolResults(talk.turns()[4]!).at(-1)!.is_error).toBe(false);
    expect(readFileSync(join(repo, "notes.md"), "utf8")).toBe("free\n");
  });

  it("tells the model of the broken lock in the request right after its next tool call, once", () => {
    const notice = /your lock resource:deploy was force-released by s-other/;
    expect(systemMessages(talk.turns()[4]!).some((m) => notice.test(m))).toBe(false);
    expect(systemMessages(talk.turns()[5]!).filter((m) => notice.test(m))).toHaveLength(1);
  });
});

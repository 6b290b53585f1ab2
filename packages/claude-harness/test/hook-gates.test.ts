import { execFileSync } from "node:child_process";
import { chmodSync, mkdirSync, readFileSync, realpathSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  bash,
  type Conversation,
  type RunClaudeResult,
  systemMessages,
  text,
  tool,
  toolResults,
} from "../src/index.js";
import { baton } from "./baton-bin.js";
import { appears, type BatonHome, startBatonHome, WATCHER_LINE, watcherOf } from "./baton-home.js";

/**
 * One real `claude -p` turn with baton's hooks as `baton hooks install` writes them, except that
 * each hook's Node is a wrapper logging its arguments: the log is every Node start a hook made.
 * The turn runs quiet Bash calls, edits while another session holds a reservation, and a Bash call
 * after another session broke its lock.
 */
let fixture: BatonHome;
let talk: Conversation;
let run: RunClaudeResult;
/** A second session of the same user, run after the first. */
let talk2: Conversation;
let run2: RunClaudeResult;
/** The Node starts the hooks had made when the second session began. */
let startsBefore2 = 0;
let repo: string;
/** baton run by the test as another session (not through the hooks). */
const asOther = (session: string, ...args: string[]) => fixture.baton(args, { session, cwd: repo });
/** The baton subcommands the hooks started Node for, in order (the bin path left out). */
const nodeStarts = () =>
  readFileSync(join(fixture.home.home, "node-starts.log"), "utf8")
    .trim()
    .split("\n")
    .map((line) => line.replace(/^\S+ /, "").replace(/ --claude-pid \d+$/, ""));

/** The A session's hook folder, from the id its first Bash call printed. */
let folder = "";
/** Waits (untimed, bounded) until the watcher has left `file` in A's hook folder. */
const marked = (file: string) => appears(join(folder, file));
const seen: Record<string, boolean> = {};

beforeAll(async () => {
  fixture = await startBatonHome({ env: { NO_COLOR: "1" } });
  const { home } = fixture;
  repo = join(realpathSync(home.home), "repo");
  execFileSync("git", ["init", "-q", "-b", "main", repo]);
  mkdirSync(join(repo, "src", "api"), { recursive: true });
  writeFileSync(join(repo, "src", "api", "x.ts"), "export const x = 1;\n");
  const wrapper = join(home.home, "node-logged");
  writeFileSync(
    wrapper,
    `#!/bin/sh\necho "$*" >> "$HOME/node-starts.log"\nexec "${process.execPath}" "$@"\n`,
  );
  chmodSync(wrapper, 0o755);
  const settings = join(home.home, ".claude", "settings.json");
  writeFileSync(settings, readFileSync(settings, "utf8").replaceAll(`${process.execPath} `, `${wrapper} `));

  talk = fixture.api.conversation([
    bash(`${WATCHER_LINE}${baton} lock acquire deploy --json`),
    async (request) => {
      folder = watcherOf(toolResults(request)[0]!.content).folder;
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
  run = await fixture.run({
    prompt: "deploy, then edit",
    conversation: talk,
    cwd: repo,
    allowedTools: ["Bash", "Write"],
  });

  startsBefore2 = nodeStarts().length;
  talk2 = fixture.api.conversation([bash(`${WATCHER_LINE}${baton} session status --json`), text("done")]);
  run2 = await fixture.run({ prompt: "look", conversation: talk2, cwd: repo });
}, 180_000);

afterAll(async () => {
  await fixture?.close();
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

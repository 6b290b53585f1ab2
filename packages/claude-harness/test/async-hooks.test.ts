import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  bash,
  type ClaudeHome,
  type Conversation,
  killGroup,
  type LoggedRequest,
  makeClaudeHome,
  type ProbeRecord,
  probeHooks,
  type RunClaudeResult,
  runClaude,
  type StandIn,
  startStandIn,
  systemMessages,
  text,
} from "../src/index.js";

/**
 * One `claude -p` session. Two async PostToolUse hooks: one returns additionalContext after Bash
 * commands containing "ctx-", one is `asyncRewake` and exits 2 after commands containing "rewake-".
 * Each Bash command waits until the hooks it expects have answered, so the next request can carry
 * what they said. At Stop, a plain async hook that would sleep 30 s and an `asyncRewake` one that
 * exits 2 after 2 s. The run leaves its process group alone so that what Claude Code ends itself shows.
 */
let api: StandIn;
let home: ClaudeHome;
let talk: Conversation;
let run: RunClaudeResult;
let probes: ReturnType<typeof probeHooks>;
let recordsAtExit: ProbeRecord[];
let plainLogAtExit: string;

beforeAll(async () => {
  api = await startStandIn();
  home = makeClaudeHome();
  const plainLog = join(home.home, "plain-async.log");
  probes = probeHooks(home.home, {
    PostToolUse: [
      {
        label: "async-context",
        when: "ctx-",
        sleepMs: 2000,
        entry: { async: true },
        stdout: {
          hookSpecificOutput: { hookEventName: "PostToolUse", additionalContext: "ASYNC-CONTEXT-3" },
        },
      },
      {
        label: "rewake",
        when: "rewake-",
        sleepMs: 500,
        entry: { async: true, asyncRewake: true },
        exit: 2,
        stderr: "REWAKE-NOTICE-5: your lock resource:deploy was force-released",
      },
    ],
    Stop: {
      label: "stop-rewake",
      sleepMs: 2000,
      entry: { async: true, asyncRewake: true },
      exit: 2,
      stderr: "STOP-REWAKE-8",
    },
  });
  const plain = `trap 'echo "term $$" >> ${plainLog}; exit 143' TERM; echo "start $$" >> ${plainLog}; sleep 30 & wait; echo "end $$" >> ${plainLog}`;
  probes.hooks.Stop!.push({ hooks: [{ type: "command", command: plain, async: true }] });
  home.writeSettings({ hooks: probes.hooks });
  const log = join(home.home, "probes.jsonl");
  // Waits (up to 30 s) until the hook has acted `n` times, then a second more for Claude Code to collect it.
  const after = (label: string, n: number) =>
    `for i in $(seq 150); do [ "$(grep -c '"label":"${label}","phase":"end"' ${log})" -ge ${n} ] && break; sleep 0.2; done; sleep 1`;
  talk = api.conversation([
    bash("echo ctx-1"),
    bash(`${after("async-context", 1)}; echo rewake-2`),
    bash(`${after("rewake", 1)}; echo three`),
    text("done"),
  ]);
  run = await runClaude({
    prompt: "async hooks",
    conversation: talk,
    home,
    allowedTools: ["Bash"],
    keepGroup: true,
  });
  recordsAtExit = probes.records();
  plainLogAtExit = readFileSync(plainLog, "utf8");
});

afterAll(async () => {
  if (run) killGroup(run.pid);
  await api.close();
  home.dispose();
});

const turnRequests = (): LoggedRequest[] => talk.requests.filter((r) => r.turn);
const ended = (label: string) => recordsAtExit.filter((r) => r.label === label && r.phase === "end");
const notes = (turn: number) => systemMessages(talk.turns()[turn]!);
const REWAKE =
  'Stop hook blocking error from command "PostToolUse:Bash": REWAKE-NOTICE-5: your lock resource:deploy was force-released';

describe('"async": true and "asyncRewake": true command hooks of claude -p (Claude Code 2.1.332)', () => {
  it("runs the session to the end", () => {
    expect(run).toMatchObject({ code: 0, timedOut: false });
    expect(talk.turns()).toHaveLength(4);
  });

  it("does not wait for an async PostToolUse hook: the next request leaves before the hook has answered", () => {
    const second = turnRequests()[1]!;
    expect(second.at).toBeLessThan(ended("async-context")[0]!.at);
    expect(notes(1).join("\n")).not.toContain("ASYNC-CONTEXT-3");
  });

  it("shows an async hook's additionalContext at a later request, as a system message of its own", () => {
    expect(notes(2)).toContain("ASYNC-CONTEXT-3");
  });

  it("shows the stderr of an asyncRewake hook that exits 2 at the next request, as a background-task notification", () => {
    const note = notes(3).find((m) => m.includes("REWAKE-NOTICE-5"))!;
    expect(note).toContain("[SYSTEM NOTIFICATION - NOT USER INPUT]");
    expect(note).toContain(REWAKE);
  });

  it("waits at exit for an asyncRewake hook still running, but its exit 2 after the last turn starts no new turn in -p", () => {
    expect(ended("stop-rewake")).toHaveLength(1);
    expect(talk.unscripted).toBe(0);
    expect(JSON.stringify(talk.requests.map((r) => r.body))).not.toContain("STOP-REWAKE-8");
  });

  it("sends SIGTERM at exit to a plain async hook still running", () => {
    const lines = plainLogAtExit.trim().split("\n");
    expect(lines.map((l) => l.split(" ")[0])).toEqual(["start", "term"]);
  });
});

import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  bash,
  type ClaudeHome,
  type Conversation,
  makeClaudeHome,
  type ProbeRecord,
  probeHooks,
  type RunClaudeResult,
  runClaude,
  type StandIn,
  startStandIn,
  systemMessages,
  text,
  toolResults,
} from "../src/index.js";

const MCP_ENV_SERVER = fileURLToPath(new URL("../fixtures/mcp-env-server.mjs", import.meta.url));
const context = (event: string, additionalContext: string) => ({
  hookSpecificOutput: { hookEventName: event, additionalContext },
});

/**
 * One `claude -p` session with a probe hook on each of the six events, a Bash call that prints
 * what a command sees, a Bash call that PreToolUse denies, and a stdio MCP server that records its
 * environment. Every test below reads this one run.
 */
let api: StandIn;
let home: ClaudeHome;
let talk: Conversation;
let run: RunClaudeResult;
let records: ProbeRecord[];
let mcp: { pid: number; ppid: number; env: Record<string, string> };
let sessionFilesAfter: Record<string, unknown>;

beforeAll(async () => {
  api = await startStandIn();
  home = makeClaudeHome();
  const probes = probeHooks(home.home, {
    SessionStart: { envLine: "export BATON_PROBE=from-env-file" },
    UserPromptSubmit: { stdout: context("UserPromptSubmit", "PROMPT-CONTEXT-7") },
    PreToolUse: {
      envLine: "export BATON_PROBE_PRE=from-pre-tool-use",
      when: "denied-marker",
      stdout: {
        hookSpecificOutput: {
          hookEventName: "PreToolUse",
          permissionDecision: "deny",
          permissionDecisionReason: "src/auth.ts is reserved by session s-7f3",
        },
      },
    },
    PostToolUse: { stdout: context("PostToolUse", "TOOL-CONTEXT-9") },
    Stop: {},
    SessionEnd: {},
  });
  home.writeSettings({ hooks: probes.hooks });
  const mcpOut = join(home.home, "mcp-env.json");
  talk = api.conversation([
    bash(
      'echo "probe=$BATON_PROBE pre=$BATON_PROBE_PRE"; echo "ids=$CLAUDE_SESSION_ID|$CLAUDE_CODE_SESSION_ID|$CLAUDE_PID|$PPID"; cat ~/.claude/sessions/$PPID.json',
    ),
    bash(`touch ${join(home.home, "denied-marker")}`),
    text("done"),
  ]);
  run = await runClaude({
    prompt: "probe the hooks",
    conversation: talk,
    home,
    allowedTools: ["Bash"],
    args: [
      "--mcp-config",
      JSON.stringify({ mcpServers: { probe: { command: "node", args: [MCP_ENV_SERVER, mcpOut] } } }),
    ],
  });
  records = probes.records().filter((r) => r.phase === "start");
  mcp = JSON.parse(readFileSync(mcpOut, "utf8"));
  sessionFilesAfter = home.sessionFiles();
});

afterAll(async () => {
  await api.close();
  home.dispose();
});

const input = (event: string) => records.find((r) => r.label === event)!.input;
const envOf = (event: string) => records.find((r) => r.label === event)!.env;

describe("hooks of claude -p (Claude Code 2.1.332)", () => {
  it("runs the session to the end", () => {
    expect(run).toMatchObject({ code: 0, timedOut: false });
    expect(talk.turns()).toHaveLength(3);
  });

  it("fires SessionStart, UserPromptSubmit, PreToolUse, PostToolUse, Stop and SessionEnd, with the session_id on stdin", () => {
    expect(records.map((r) => r.label)).toEqual([
      "SessionStart",
      "UserPromptSubmit",
      "PreToolUse",
      "PostToolUse",
      "PreToolUse",
      "Stop",
      "SessionEnd",
    ]);
    const sessionId = input("SessionStart").session_id;
    expect(sessionId).toMatch(/^[0-9a-f-]{36}$/);
    for (const r of records) {
      expect(r.input).toMatchObject({
        session_id: sessionId,
        hook_event_name: r.label,
        cwd: home.home,
        transcript_path: expect.stringContaining(String(sessionId)),
      });
    }
    expect(input("SessionStart")).toMatchObject({ source: "startup" });
    expect(input("UserPromptSubmit")).toMatchObject({ prompt: "probe the hooks" });
    expect(input("PreToolUse")).toMatchObject({
      tool_name: "Bash",
      tool_input: { command: expect.stringContaining("probe=") },
      tool_use_id: expect.stringMatching(/^toolu_/),
    });
    expect(input("PostToolUse")).toMatchObject({
      tool_name: "Bash",
      tool_response: { stdout: expect.stringContaining("probe="), stderr: "", interrupted: false },
    });
    expect(input("Stop")).toMatchObject({ stop_hook_active: false, last_assistant_message: "done" });
    expect(input("SessionEnd")).toMatchObject({ reason: "other" });
  });

  it("gives CLAUDE_ENV_FILE to SessionStart only, and an `export` written there reaches later Bash commands", () => {
    const withEnvFile = records.filter((r) => r.env.CLAUDE_ENV_FILE).map((r) => r.label);
    expect(withEnvFile).toEqual(["SessionStart"]);
    expect(envOf("SessionStart").CLAUDE_ENV_FILE).toContain(join(home.home, ".claude", "session-env"));
    expect(toolResults(talk.turns()[1]!)[0]!.content).toContain("probe=from-env-file pre=\n");
  });

  it("gives hooks CLAUDE_CODE_SESSION_ID (the JSON's session_id) and CLAUDE_PID, but no CLAUDE_SESSION_ID", () => {
    for (const r of records) {
      expect(r.env.CLAUDE_CODE_SESSION_ID).toBe(r.input.session_id);
      expect(r.env.CLAUDE_PID).toBe(String(run.pid));
      expect(r.env.CLAUDE_SESSION_ID).toBeUndefined();
    }
  });

  it("gives Bash commands CLAUDE_CODE_SESSION_ID and CLAUDE_PID, runs them as children of claude, and keeps ~/.claude/sessions/<pid>.json while it runs", () => {
    const sessionId = String(input("SessionStart").session_id);
    const out = toolResults(talk.turns()[1]!)[0]!.content;
    expect(out).toContain(`ids=|${sessionId}|${run.pid}|${run.pid}\n`);
    const file = JSON.parse(out.slice(out.indexOf("{")));
    expect(file).toMatchObject({ pid: run.pid, sessionId, cwd: home.home });
    expect(sessionFilesAfter).toEqual({});
  });

  it("starts a stdio MCP server as a child of claude with CLAUDE_CODE_SESSION_ID set to the session", () => {
    expect(mcp.ppid).toBe(run.pid);
    expect(mcp.env.CLAUDE_CODE_SESSION_ID).toBe(input("SessionStart").session_id);
    expect(mcp.env.CLAUDE_SESSION_ID).toBeUndefined();
  });

  it("shows UserPromptSubmit additionalContext to the model in the first request, as a system message", () => {
    const first = talk.turns()[0]!;
    expect(systemMessages(first).join("\n")).toContain(
      "UserPromptSubmit hook additional context: PROMPT-CONTEXT-7",
    );
  });

  it("shows PostToolUse additionalContext in the next request, as a system message after the tool_result", () => {
    const second = talk.turns()[1]!;
    expect(systemMessages(second)).toContain("PostToolUse:Bash hook additional context: TOOL-CONTEXT-9");
    const last = second.messages.at(-1)!;
    expect(last.role).toBe("system");
  });

  it("refuses a tool call on PreToolUse permissionDecision deny: the command does not run and the model gets the reason as an error result", () => {
    expect(existsSync(join(home.home, "denied-marker"))).toBe(false);
    const denied = toolResults(talk.turns()[2]!).at(-1)!;
    expect(denied).toMatchObject({
      is_error: true,
      content: "PreToolUse:Bash hook error: src/auth.ts is reserved by session s-7f3",
    });
  });
});

import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  bash,
  type ClaudeHome,
  type Conversation,
  makeClaudeHome,
  type RunClaudeResult,
  runClaude,
  type StandIn,
  startStandIn,
  systemMessages,
  text,
  toolResults,
} from "../src/index.js";

const EVENTS = ["SessionStart", "UserPromptSubmit", "PreToolUse", "PostToolUse", "Stop", "SessionEnd"];

/**
 * One `claude -p` session whose six hooks are all `"type": "http"` hooks pointing at the stand-in,
 * which answers UserPromptSubmit and PostToolUse with additionalContext and denies a Bash command
 * that touches `denied-marker`.
 */
let api: StandIn;
let home: ClaudeHome;
let talk: Conversation;
let run: RunClaudeResult;

beforeAll(async () => {
  api = await startStandIn();
  home = makeClaudeHome();
  const context = (event: string, additionalContext: string) => ({
    hookSpecificOutput: { hookEventName: event, additionalContext },
  });
  talk = api.conversation(
    [bash("echo one"), bash(`touch ${join(home.home, "denied-marker")}`), text("done")],
    {
      hookReplies: {
        UserPromptSubmit: context("UserPromptSubmit", "HTTP-PROMPT-CONTEXT"),
        PostToolUse: context("PostToolUse", "HTTP-TOOL-CONTEXT"),
        PreToolUse: (input: unknown) =>
          JSON.stringify(input).includes("denied-marker")
            ? {
                hookSpecificOutput: {
                  hookEventName: "PreToolUse",
                  permissionDecision: "deny",
                  permissionDecisionReason: "HTTP-DENY: reserved by s-7f3",
                },
              }
            : {},
      },
    },
  );
  home.writeSettings({
    hooks: Object.fromEntries(EVENTS.map((e) => [e, [{ hooks: [{ type: "http", url: talk.hookUrl(e) }] }]])),
  });
  run = await runClaude({ prompt: "http hooks", conversation: talk, home, allowedTools: ["Bash"] });
});

afterAll(async () => {
  await api.close();
  home.dispose();
});

const posts = () => talk.requests.filter((r) => r.path.startsWith("/hook/"));

describe('"type": "http" hooks of claude -p (Claude Code 2.1.332)', () => {
  it("runs the session to the end", () => {
    expect(run).toMatchObject({ code: 0, timedOut: false });
    expect(talk.turns()).toHaveLength(3);
  });

  it("POSTs the hook JSON to the URL for every event but SessionStart", () => {
    expect(posts().map((r) => r.path)).toEqual([
      "/hook/UserPromptSubmit",
      "/hook/PreToolUse",
      "/hook/PostToolUse",
      "/hook/PreToolUse",
      "/hook/Stop",
      "/hook/SessionEnd",
    ]);
    for (const post of posts()) {
      expect(post.method).toBe("POST");
      expect(post.body).toMatchObject({
        session_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        hook_event_name: post.path.slice("/hook/".length),
        cwd: home.home,
      });
    }
  });

  it("uses the response JSON as a command hook's stdout: additionalContext reaches the model", () => {
    expect(systemMessages(talk.turns()[0]!).join("\n")).toContain(
      "UserPromptSubmit hook additional context: HTTP-PROMPT-CONTEXT",
    );
    expect(systemMessages(talk.turns()[1]!)).toContain(
      "PostToolUse:Bash hook additional context: HTTP-TOOL-CONTEXT",
    );
  });

  it("uses the response JSON as a command hook's stdout: a PreToolUse deny stops the command", () => {
    expect(existsSync(join(home.home, "denied-marker"))).toBe(false);
    expect(toolResults(talk.turns()[2]!).at(-1)).toMatchObject({
      is_error: true,
      content: "PreToolUse:Bash hook error: HTTP-DENY: reserved by s-7f3",
    });
  });
});

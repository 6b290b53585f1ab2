import { symlinkSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bash, type Conversation, type RunClaudeResult, text, toolResults } from "../src/index.js";
import { BATON } from "./baton-bin.js";
import { type BatonHome, startBatonHome } from "./baton-home.js";

/**
 * Session P, with baton's hooks installed by `baton hooks install`, takes lock x and claims #42,
 * then its Bash tool runs a nested `claude -p` (N) with the same HOME and hooks. N inherits P's
 * CLAUDE_SESSION_ID (baton's SessionStart hook exported it through CLAUDE_ENV_FILE); N takes lock y.
 * After N has ended (its SessionEnd hook's baton finishes just after N exits), P looks at sessions,
 * locks and the claim.
 */
let fixture: BatonHome;
let parent: Conversation;
let nested: Conversation;
let run: RunClaudeResult;

beforeAll(async () => {
  fixture = await startBatonHome();
  symlinkSync(BATON, join(fixture.home.binDir, "baton"));
  nested = fixture.api.conversation([
    bash(
      'echo "nested=$CLAUDE_SESSION_ID|$CLAUDE_CODE_SESSION_ID"; baton lock acquire y --json >/dev/null; baton session status --json',
    ),
    text("nested done"),
  ]);
  parent = fixture.api.conversation([
    bash(
      'baton lock acquire x --json >/dev/null && baton claim 42 "nested sessions" --repo acme/api --json >/dev/null && echo "parent=$CLAUDE_SESSION_ID|$CLAUDE_CODE_SESSION_ID"',
    ),
    // N's SessionEnd hook hands the end to a baton that finishes a moment after N exits: wait (bounded) for it.
    bash(
      `ANTHROPIC_BASE_URL=${nested.baseUrl} claude -p "nested session" --allowedTools Bash; ` +
        `i=0; until baton session status --json | grep -q '"total": 1' || [ $i -ge 100 ]; do i=$((i+1)); sleep 0.2; done`,
    ),
    bash("baton session status --json"),
    bash("baton lock check x --json"),
    bash("baton lock check y --json"),
    bash("baton claim --check 42 --repo acme/api --json"),
    text("done"),
  ]);
  run = await fixture.run({
    prompt: "parent session",
    conversation: parent,
    keepGroup: false,
    timeoutMs: 170_000,
  });
}, 180_000);

afterAll(async () => {
  await fixture?.close();
});

/** The output of the parent's Bash call made at turn `i` (it comes back in request i + 1). */
const parentOut = (i: number) => toolResults(parent.turns()[i + 1]!).at(-1)!.content;
const json = (out: string) => JSON.parse(out.slice(out.indexOf("{")));
const ids = (out: string, who: string) => new RegExp(`${who}=([^|\\n]*)\\|([^\\n]*)`).exec(out)!.slice(1);

describe("a nested claude -p run from a session's Bash tool (baton hooks, real Claude Code)", () => {
  it("runs both sessions to the end", () => {
    expect(run).toMatchObject({ code: 0, timedOut: false });
    expect(parent.turns()).toHaveLength(7);
    expect(nested.turns()).toHaveLength(2);
    expect(parentOut(1).trim()).toBe("nested done");
  });

  it("gives the parent's Bash its own id through CLAUDE_ENV_FILE, and the nested session's Bash the nested id", () => {
    const [parentEnv, parentCode] = ids(parentOut(0), "parent");
    expect(parentEnv).toBe(parentCode);
    const nestedOut = toolResults(nested.turns()[1]!)[0]!.content;
    const [nestedEnv, nestedCode] = ids(nestedOut, "nested");
    expect(nestedCode).not.toBe(parentCode);
    expect(nestedEnv).toBe(nestedCode);
  });

  it("registers the nested session under its own id, beside the parent", () => {
    const [, parentId] = ids(parentOut(0), "parent");
    const nestedOut = toolResults(nested.turns()[1]!)[0]!.content;
    const [, nestedId] = ids(nestedOut, "nested");
    const status = json(nestedOut);
    expect(status.me).toBe(nestedId);
    const byId = Object.fromEntries(status.sessions.map((s: { session_id: string }) => [s.session_id, s]));
    expect(byId[nestedId!]).toMatchObject({ locks: ["resource:y"], claim: null });
    expect(byId[parentId!]).toMatchObject({ locks: ["resource:x"], claim: { number: 42 } });
  });

  it("ends the nested session under its own id: its lock is freed, the parent's session, lock and claim stay", () => {
    const [, parentId] = ids(parentOut(0), "parent");
    const status = json(parentOut(2));
    expect(status.sessions.map((s: { session_id: string }) => s.session_id)).toEqual([parentId]);
    expect(status.sessions[0]).toMatchObject({ locks: ["resource:x"], claim: { number: 42 } });
    expect(json(parentOut(3))).toMatchObject({ lock_name: "resource:x", mine: true, held_by: parentId });
    expect(json(parentOut(4))).toMatchObject({ lock_name: "resource:y", available: true, locked: false });
    expect(json(parentOut(5))).toMatchObject({ claimed: true, claim: { session_id: parentId } });
  });
});

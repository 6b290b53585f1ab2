import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { resolveSessionIdentity, validateSessionId } from "./identity.js";
import { ancestorPids } from "./platform/process-info.js";

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

function sessionsDir(entries: Record<number, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), "baton-claude-sessions-"));
  made.push(dir);
  mkdirSync(dir, { recursive: true });
  for (const [pid, sessionId] of Object.entries(entries)) {
    writeFileSync(join(dir, `${pid}.json`), JSON.stringify({ pid: Number(pid), sessionId }));
  }
  return dir;
}

const ALL = {
  BATON_SESSION_ID: "from-baton-env",
  CLAUDE_SESSION_ID: "from-claude-env",
  CLAUDE_CODE_SESSION_ID: "from-claude-code-env",
  TMUX_PANE: "%7",
  TERM_SESSION_ID: "w0t0p0:ABC",
};

describe("session identity, resolved in SPEC order", () => {
  const parent = ancestorPids()[0]!;

  it("takes an explicit id over everything", async () => {
    const id = await resolveSessionIdentity({
      explicit: "cli-flag",
      env: ALL,
      hook: { session_id: "hook" },
      claudeSessionsDir: sessionsDir(),
    });
    expect(id).toMatchObject({ id: "cli-flag", source: "explicit" });
  });

  it("then, with --hook, the session_id of hook JSON over every variable (a nested claude -p inherits its parent's)", async () => {
    const id = await resolveSessionIdentity({
      env: ALL,
      hook: { session_id: "abc-123" },
      claudeSessionsDir: sessionsDir(),
    });
    expect(id).toMatchObject({ id: "abc-123", source: "hook" });
  });

  it("hook JSON without a session_id falls through to the variables", async () => {
    const dir = sessionsDir();
    for (const hook of [{}, { session_id: "" }, { session_id: 42 }]) {
      expect(await resolveSessionIdentity({ env: ALL, hook, claudeSessionsDir: dir })).toMatchObject({
        id: "from-baton-env",
        source: "BATON_SESSION_ID",
      });
    }
  });

  it("then BATON_SESSION_ID, CLAUDE_SESSION_ID, CLAUDE_CODE_SESSION_ID in that order", async () => {
    const dir = sessionsDir();
    expect(await resolveSessionIdentity({ env: ALL, claudeSessionsDir: dir })).toMatchObject({
      id: "from-baton-env",
      source: "BATON_SESSION_ID",
    });
    const { BATON_SESSION_ID: _a, ...noBaton } = ALL;
    expect(await resolveSessionIdentity({ env: noBaton, claudeSessionsDir: dir })).toMatchObject({
      source: "CLAUDE_SESSION_ID",
    });
    const { CLAUDE_SESSION_ID: _b, ...noClaude } = noBaton;
    expect(await resolveSessionIdentity({ env: noClaude, claudeSessionsDir: dir })).toMatchObject({
      id: "from-claude-code-env",
      source: "CLAUDE_CODE_SESSION_ID",
    });
  });

  it("then the nearest ancestor that is Claude Code, anchoring the session to it", async () => {
    const dir = sessionsDir({ [parent]: "claude-uuid-1" });
    const id = await resolveSessionIdentity({ env: { TMUX_PANE: "%1" }, claudeSessionsDir: dir });
    expect(id).toEqual({ id: "claude-uuid-1", source: "claude-process", anchorPid: parent });
  });

  it("anchors an env-given id to the Claude Code ancestor too", async () => {
    const dir = sessionsDir({ [parent]: "claude-uuid-1" });
    const id = await resolveSessionIdentity({ env: { CLAUDE_SESSION_ID: "env-id" }, claudeSessionsDir: dir });
    expect(id).toEqual({ id: "env-id", source: "CLAUDE_SESSION_ID", anchorPid: parent });
  });

  it("anchors an id to the Claude Code process running that session, past a nearer (nested) one", async () => {
    const [nested, outer] = ancestorPids();
    const dir = sessionsDir({ [nested!]: "nested-session", [outer!]: "outer-session" });
    const id = await resolveSessionIdentity({
      env: { CLAUDE_SESSION_ID: "outer-session" },
      claudeSessionsDir: dir,
    });
    expect(id).toEqual({ id: "outer-session", source: "CLAUDE_SESSION_ID", anchorPid: outer });
    const hook = await resolveSessionIdentity({
      env: { CLAUDE_SESSION_ID: "outer-session" },
      hook: { session_id: "nested-session" },
      claudeSessionsDir: dir,
    });
    expect(hook).toEqual({ id: "nested-session", source: "hook", anchorPid: nested });
  });

  it("then a baton session registered for an ancestor process", async () => {
    const id = await resolveSessionIdentity({
      env: { TMUX_PANE: "%1" },
      claudeSessionsDir: sessionsDir(),
      registeredForPid: async (pid) => (pid === parent ? "registered-1" : null),
    });
    expect(id).toEqual({ id: "registered-1", source: "registered-process", anchorPid: parent });
  });

  it("then tmux-<pane>, then term-<id>", async () => {
    const dir = sessionsDir();
    expect(
      await resolveSessionIdentity({
        env: { TMUX_PANE: "%7", TERM_SESSION_ID: "x" },
        claudeSessionsDir: dir,
      }),
    ).toMatchObject({
      id: "tmux-7",
      source: "tmux",
    });
    expect(
      await resolveSessionIdentity({ env: { TERM_SESSION_ID: "w0t0p0:ABC" }, claudeSessionsDir: dir }),
    ).toMatchObject({
      id: "term-w0t0p0-ABC",
      source: "terminal",
    });
  });

  it("last, a stable id derived from the parent process", async () => {
    const dir = sessionsDir();
    const a = await resolveSessionIdentity({ env: {}, claudeSessionsDir: dir });
    const b = await resolveSessionIdentity({ env: {}, claudeSessionsDir: dir });
    expect(a.source).toBe("parent-process");
    expect(a.id).toBe(b.id);
    expect(a.id).toContain(`-${parent}-`);
    expect(a.anchorPid).toBe(parent);
  });

  it("ignores empty variables and rejects malformed ids from the environment", async () => {
    const dir = sessionsDir();
    expect(
      await resolveSessionIdentity({
        env: { BATON_SESSION_ID: "", CLAUDE_SESSION_ID: "ok-1" },
        claudeSessionsDir: dir,
      }),
    ).toMatchObject({
      id: "ok-1",
    });
    await expect(
      resolveSessionIdentity({ env: { BATON_SESSION_ID: "bad id" }, claudeSessionsDir: dir }),
    ).rejects.toThrow(/invalid session id from BATON_SESSION_ID "bad id"/);
  });

  it("validates ids: letters, digits and . _ : @ % + = -, at most 128", () => {
    expect(validateSessionId("a1b2-c3_d4.e5:f6@g%h+i=j")).toBeTruthy();
    for (const bad of ["", " x", "-lead", "a/b", "a b", "x".repeat(129), "é"])
      expect(() => validateSessionId(bad)).toThrow(/invalid session id/);
  });
});

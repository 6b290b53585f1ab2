import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, realpathSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startRedis } from "@agent-baton/driver-test-suite";
import { describe, expect, it } from "vitest";
import { startSession, until } from "./claude-session.js";
import { backends, isRunning, makeWorld, tempDir, type World } from "./helpers.js";

/** A git repository with one commit, for reservations. */
function repo(): string {
  const dir = join(realpathSync(tempDir("baton-watch-repo-")), "r");
  execFileSync("git", ["init", "-q", "-b", "main", dir]);
  writeFileSync(join(dir, "a.ts"), "a\n");
  return dir;
}

/**
 * The installed hook commands, with Node swapped for a path that does not exist: a gate that lets
 * the hook through fails with 127, so exit 0 proves no process was started.
 */
async function gates(w: World): Promise<Record<string, string>> {
  expect((await w.run(["hooks", "install", "--user"])).code).toBe(0);
  const settings = JSON.parse(readFileSync(join(w.home, ".claude", "settings.json"), "utf8"));
  const commandOf = (event: string) =>
    (settings.hooks[event].at(-1).hooks[0].command as string).replace(
      `${process.execPath} `,
      "/nonexistent/node ",
    );
  return Object.fromEntries(
    ["UserPromptSubmit", "PreToolUse", "PostToolUse", "Stop"].map((e) => [e, commandOf(e)]),
  );
}

/** Runs one hook command as Claude Code would: `sh -c`, the hook JSON on stdin, the session's id in the env. */
function runGate(w: World, command: string, id: string) {
  return spawnSync("sh", ["-c", command], {
    input: JSON.stringify({ session_id: id, cwd: w.home, hook_event_name: "PostToolUse" }),
    env: { ...w.env, CLAUDE_CODE_SESSION_ID: id },
    encoding: "utf8",
  });
}

const statusOf = async (w: World, id: string) =>
  (
    (await w.run(["session", "status", "--json"])).json().sessions as Array<{
      session_id: string;
      pid: number | null;
      paused: boolean;
    }>
  ).find((s) => s.session_id === id);

describe.each(backends())("a Claude Code session's watcher on the $name backend", ({ world }) => {
  it("registers the session anchored to Claude Code, and the quiet gates start no process", async () => {
    const w = world();
    const { claude, dir, watcher } = await startSession(w, "c-quiet");
    expect(isRunning(watcher)).toBe(true);
    expect(existsSync(join(dir, "starting"))).toBe(false);
    expect(await statusOf(w, "c-quiet")).toMatchObject({ pid: claude.pid });
    const hooks = await gates(w);
    for (const event of ["UserPromptSubmit", "PreToolUse", "PostToolUse", "Stop"]) {
      const ran = runGate(w, hooks[event]!, "c-quiet");
      expect([event, ran.status, ran.stdout]).toEqual([event, 0, ""]);
    }
    // with no watcher the gates let the hooks through (here to the missing Node)
    expect(runGate(w, hooks.PostToolUse!, "c-unwatched").status).toBe(127);
  });

  it("marks a notice as it is recorded; the hook hands it over once and clears the mark", async () => {
    const w = world();
    const { dir } = await startSession(w, "c-notice");
    const hooks = await gates(w);
    expect((await w.run(["lock", "acquire", "deploy", "--session", "c-notice"])).code).toBe(0);
    expect((await w.run(["lock", "force-release", "deploy", "--session", "s-admin"])).code).toBe(0);
    expect(await until(() => existsSync(join(dir, "notices")))).toBe(true);
    expect(runGate(w, hooks.PostToolUse!, "c-notice").status).toBe(127);
    const input = JSON.stringify({ session_id: "c-notice", cwd: w.home, hook_event_name: "PostToolUse" });
    const handed = await w.run(["hook", "notices", "--hook"], { input, env: { BATON_SESSION_ID: "" } });
    expect(handed.json().hookSpecificOutput.additionalContext).toMatch(
      /^baton: your lock resource:deploy was force-released by s-admin/,
    );
    expect(existsSync(join(dir, "notices"))).toBe(false);
    expect(runGate(w, hooks.PostToolUse!, "c-notice")).toMatchObject({ status: 0, stdout: "" });
  });

  it("finds a lock of the session that lapsed unseen and marks its notice (a paused session too)", async () => {
    const w = world();
    const { dir } = await startSession(w, "c-lapse");
    const hooks = await gates(w);
    expect(runGate(w, hooks.Stop!, "c-lapse").status).toBe(0);
    expect((await w.run(["lock", "acquire", "deploy", "--ttl", "1", "--session", "c-lapse"])).code).toBe(0);
    expect(await until(() => existsSync(join(dir, "notices")))).toBe(true);
    const input = JSON.stringify({ session_id: "c-lapse", cwd: w.home, hook_event_name: "PostToolUse" });
    const handed = await w.run(["hook", "notices", "--hook"], { input, env: { BATON_SESSION_ID: "" } });
    expect(handed.json().hookSpecificOutput.additionalContext).toMatch(
      /^baton: your lock resource:deploy expired/,
    );
  });

  it("marks another live session's reservation while it stands, so edits are checked only then", async () => {
    const w = world();
    const { dir } = await startSession(w, "c-edit");
    const hooks = await gates(w);
    const r = repo();
    expect((await w.run(["reserve", "a.ts"], { cwd: r, env: { BATON_SESSION_ID: "holder-1" } })).code).toBe(
      0,
    );
    expect(await until(() => existsSync(join(dir, "reserved")))).toBe(true);
    expect(runGate(w, hooks.PreToolUse!, "c-edit").status).toBe(127);
    const released = await w.run(["release-reservation", "a.ts"], {
      cwd: r,
      env: { BATON_SESSION_ID: "holder-1" },
    });
    expect(released.code).toBe(0);
    expect(await until(() => !existsSync(join(dir, "reserved")))).toBe(true);
    expect(runGate(w, hooks.PreToolUse!, "c-edit").status).toBe(0);
  });

  it("passes the stop and prompt gates' state on as a pause and a beat", async () => {
    const w = world();
    await startSession(w, "c-turns");
    const hooks = await gates(w);
    expect(runGate(w, hooks.Stop!, "c-turns").status).toBe(0);
    expect(await until(async () => (await statusOf(w, "c-turns"))?.paused === true)).toBe(true);
    expect(runGate(w, hooks.UserPromptSubmit!, "c-turns").status).toBe(0);
    expect(await until(async () => (await statusOf(w, "c-turns"))?.paused === false)).toBe(true);
  });

  it("ends the session when Claude Code's process is gone, then exits and removes the folder", async () => {
    const w = world();
    const { claude, dir, watcher } = await startSession(w, "c-gone");
    expect((await w.run(["lock", "acquire", "build", "--session", "c-gone"])).code).toBe(0);
    claude.kill("SIGKILL");
    expect(await until(async () => (await statusOf(w, "c-gone")) === undefined)).toBe(true);
    expect((await w.run(["lock", "check", "build", "--json"])).json()).toMatchObject({ available: true });
    expect(await until(() => !isRunning(watcher) && !existsSync(dir))).toBe(true);
  });

  it("without Claude Code's session file, goes by the process the hook named", async () => {
    const w = world();
    const { claude, dir, watcher } = await startSession(w, "c-unfiled", { sessionFile: false });
    expect(await statusOf(w, "c-unfiled")).toMatchObject({ pid: null });
    claude.kill("SIGKILL");
    expect(await until(async () => (await statusOf(w, "c-unfiled")) === undefined)).toBe(true);
    expect(await until(() => !isRunning(watcher) && !existsSync(dir))).toBe(true);
  });

  it("starts none for a session bound to no process: nothing would tell it when to stop", async () => {
    const w = world();
    const dir = join(w.home, ".cache", "baton", "hooks", "c-loose");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "starting"), `${process.pid}\n`);
    const input = JSON.stringify({ session_id: "c-loose", cwd: w.home, hook_event_name: "SessionStart" });
    const started = await w.run(["session", "start", "--hook"], { input, env: { BATON_SESSION_ID: "" } });
    expect(started.code).toBe(0);
    expect(await statusOf(w, "c-loose")).toMatchObject({ pid: null });
    // the SessionStart line's word is taken back, so the gates start baton themselves
    expect(existsSync(join(dir, "starting"))).toBe(false);
    expect(existsSync(join(dir, "watcher.json"))).toBe(false);
  });

  it("exits with the session when it is ended", async () => {
    const w = world();
    const { dir, watcher } = await startSession(w, "c-ended");
    expect((await w.run(["session", "end", "--session", "c-ended"])).code).toBe(0);
    expect(await until(() => !isRunning(watcher) && !existsSync(dir))).toBe(true);
    expect(await statusOf(w, "c-ended")).toBeUndefined();
  });
});

describe("a watcher whose backend is gone", () => {
  it("still goes with Claude Code's process, leaving the session to be found dead by it", async () => {
    const redis = await startRedis();
    try {
      const w = makeWorld({ COORDINATION_BACKEND: "redis", REDIS_URL: redis.url, BATON_KEY_PREFIX: "gone" });
      const { claude, dir, watcher } = await startSession(w, "c-offline");
      await redis.stop();
      claude.kill("SIGKILL");
      expect(await until(() => !isRunning(watcher) && !existsSync(dir))).toBe(true);
    } finally {
      await redis.stop();
    }
  }, 60_000);
});

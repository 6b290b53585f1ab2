import { execFileSync, spawn, spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startRedis } from "@agent-baton/driver-test-suite";
import { describe, expect, it } from "vitest";
import { installedHook, killAtEnd, pidIn, startSession, until, watcherPid } from "./claude-session.js";
import { backends, isRunning, makeWorld, tempDir, type World } from "./helpers.js";

const BATON = fileURLToPath(new URL("../dist/bin/baton.js", import.meta.url));

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
  const events = ["UserPromptSubmit", "PreToolUse", "PostToolUse", "Stop", "SessionEnd"];
  const commands = await Promise.all(events.map((e) => installedHook(w, e)));
  return Object.fromEntries(
    events.map((e, i) => [e, commands[i]!.replace(`${process.execPath} `, "/nonexistent/node ")]),
  );
}

function pidExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * The `baton hook watch` processes running with this world's HOME. A watcher's child between fork
 * and exec (git, looking up a session's branch) still shows the watcher's command line: a process
 * whose parent is a watcher is not one.
 */
function watchersOf(w: World): number[] {
  const watchers = new Map<number, number>();
  for (const pid of readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
      const env = readFileSync(`/proc/${pid}/environ`, "utf8").split("\0");
      // stat: "pid (comm) state ppid ..."; comm may hold spaces, the rest after its ')' does not
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (cmd.includes("watch") && cmd.includes("hook") && env.includes(`HOME=${w.home}`))
        watchers.set(Number(pid), ppid);
    } catch {}
  }
  return [...watchers].filter(([pid, ppid]) => !watchers.has(ppid) && isRunning(pid)).map(([pid]) => pid);
}

/** Another backend than the world's, on the same server: its own COORDINATION_DIR, or key prefix. */
const elsewhere = (w: World): NodeJS.ProcessEnv =>
  w.env.COORDINATION_BACKEND === "redis"
    ? { BATON_KEY_PREFIX: `${w.env.BATON_KEY_PREFIX}-elsewhere` }
    : { COORDINATION_DIR: join(w.home, "coordination-elsewhere") };

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
      worktree: string | null;
      branch: string | null;
    }>
  ).find((s) => s.session_id === id);

describe.each(backends())("a Claude Code session's watcher on the $name backend", ({ world }) => {
  it("registers the session anchored to Claude Code, and the quiet gates start no process", async () => {
    const w = world();
    const { claude, dir, watcher } = await startSession(w, "c-quiet");
    expect(isRunning(watcher)).toBe(true);
    expect(existsSync(join(dir, "starting"))).toBe(false);
    expect(readFileSync(join(dir, "claude"), "utf8").trim()).toBe(String(claude.pid));
    // the environment may hold a Redis password: the line writes it for the user only
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, "env")).mode & 0o777).toBe(0o600);
    expect(await statusOf(w, "c-quiet")).toMatchObject({ pid: claude.pid });
    const hooks = await gates(w);
    for (const event of ["UserPromptSubmit", "PreToolUse", "PostToolUse", "Stop"]) {
      const ran = runGate(w, hooks[event]!, "c-quiet");
      expect([event, ran.status, ran.stdout]).toEqual([event, 0, ""]);
    }
    // with no watcher the gates let the hooks through (here to the missing Node)
    expect(runGate(w, hooks.PostToolUse!, "c-unwatched").status).toBe(127);
  });

  it("registers a new session at once, and looks up its worktree and branch once Claude Code has started", async () => {
    const w = world();
    const repo = join(w.home, "repo");
    mkdirSync(repo);
    execFileSync("git", ["init", "-q", "-b", "feature/x", repo]);
    execFileSync(
      "git",
      ["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "--allow-empty", "-m", "0"],
      {
        cwd: repo,
      },
    );
    const { claude } = await startSession(w, "c-git", { cwd: repo });
    // the folder is trusted by the gates only once the session is on record
    expect(await statusOf(w, "c-git")).toMatchObject({ pid: claude.pid });
    expect(await until(async () => (await statusOf(w, "c-git"))?.branch === "feature/x")).toBe(true);
    expect(await statusOf(w, "c-git")).toMatchObject({ worktree: realpathSync(repo), paused: false });
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

  it("ends a session when its Claude Code is gone and removes its folder; the others go on", async () => {
    const w = world();
    const gone = await startSession(w, "c-gone");
    const stays = await startSession(w, "c-stays");
    expect(stays.watcher).toBe(gone.watcher);
    expect((await w.run(["lock", "acquire", "build", "--session", "c-gone"])).code).toBe(0);
    gone.claude.kill("SIGKILL");
    expect(await until(async () => (await statusOf(w, "c-gone")) === undefined)).toBe(true);
    expect((await w.run(["lock", "check", "build", "--json"])).json()).toMatchObject({ available: true });
    expect(await until(() => !existsSync(gone.dir))).toBe(true);
    expect(isRunning(gone.watcher)).toBe(true);
    expect(await statusOf(w, "c-stays")).toMatchObject({ pid: stays.claude.pid });
  });

  it("one watcher serves every session of the user, each on the backend its own environment names", async () => {
    const w = world();
    const here = await startSession(w, "c-here");
    const there = await startSession(w, "c-there", { env: elsewhere(w) });
    const third = await startSession(w, "c-third");
    expect(new Set([here.watcher, there.watcher, third.watcher, watcherPid(w)]).size).toBe(1);
    expect(watchersOf(w)).toEqual([here.watcher]);
    const ids = async (env: NodeJS.ProcessEnv) =>
      (
        (await w.run(["session", "status", "--json"], { env })).json().sessions as Array<{
          session_id: string;
        }>
      )
        .map((s) => s.session_id)
        .sort();
    expect(await ids({})).toEqual(["c-here", "c-third"]);
    expect(await ids(elsewhere(w))).toEqual(["c-there"]);
  });

  it("SessionEnd's gate ends the session through the watcher, starting no process", async () => {
    const w = world();
    const { dir, watcher } = await startSession(w, "c-end");
    const hooks = await gates(w);
    expect(runGate(w, hooks.SessionEnd!, "c-end")).toMatchObject({ status: 0, stdout: "" });
    expect(await until(async () => (await statusOf(w, "c-end")) === undefined)).toBe(true);
    expect(await until(() => !existsSync(dir))).toBe(true);
    expect(isRunning(watcher)).toBe(true);
  });

  it("a killed watcher is replaced by the next hook that finds it gone, which takes every session back", async () => {
    const w = world();
    const a = await startSession(w, "c-a");
    const b = await startSession(w, "c-b");
    process.kill(a.watcher, "SIGKILL");
    // gone as the gate's `kill -0` sees it: reaped, not only a zombie
    expect(await until(() => !pidExists(a.watcher))).toBe(true);
    const prompt = await installedHook(w, "UserPromptSubmit");
    const ran = runGate(w, prompt, "c-a");
    expect(ran.status).toBe(0);
    const watcherOf = (dir: string) => pidIn(join(dir, "watcher"));
    expect(
      await until(() => {
        const now = watcherOf(a.dir);
        return now > 0 && now !== a.watcher && watcherOf(b.dir) === now;
      }),
    ).toBe(true);
    const replaced = watcherOf(a.dir);
    killAtEnd(replaced);
    expect(isRunning(replaced)).toBe(true);
    expect(watchersOf(w)).toEqual([replaced]);
    b.claude.kill("SIGKILL");
    expect(await until(async () => (await statusOf(w, "c-b")) === undefined)).toBe(true);
    expect(await until(() => !existsSync(b.dir))).toBe(true);
    expect(await statusOf(w, "c-a")).toMatchObject({ pid: a.claude.pid });
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
    expect(watcherPid(w)).toBe(0);
  });

  it("drops a session ended elsewhere, and leaves once it has served no session for --linger", async () => {
    const w = world();
    // the hooks first, and a linger that outlasts the SessionStart hook on a busy machine: the
    // session must reach this watcher before it leaves for want of one
    await installedHook(w, "SessionStart");
    const early = spawn(process.execPath, [BATON, "hook", "watch", "--linger", "5"], {
      env: w.env,
      detached: true,
      stdio: "ignore",
    });
    early.unref();
    killAtEnd(early.pid!);
    expect(await until(() => watcherPid(w) === early.pid)).toBe(true);
    const { dir, watcher } = await startSession(w, "c-ended");
    expect(watcher).toBe(early.pid);
    expect((await w.run(["session", "end", "--session", "c-ended"])).code).toBe(0);
    expect(await until(() => !existsSync(dir))).toBe(true);
    expect(await statusOf(w, "c-ended")).toBeUndefined();
    expect(await until(() => !isRunning(watcher))).toBe(true);
    expect(watcherPid(w)).toBe(0);
    expect(existsSync(join(w.home, ".cache", "baton", "hooks", ".watcher.json"))).toBe(false);
  });
});

describe("a watcher whose backend is gone", () => {
  it("still goes with Claude Code's process, leaving the session to be found dead by it", async () => {
    const redis = await startRedis();
    try {
      const w = makeWorld({ COORDINATION_BACKEND: "redis", REDIS_URL: redis.url, BATON_KEY_PREFIX: "gone" });
      const { claude, dir } = await startSession(w, "c-offline");
      await redis.stop();
      claude.kill("SIGKILL");
      expect(await until(() => !existsSync(dir))).toBe(true);
    } finally {
      await redis.stop();
    }
  }, 60_000);
});

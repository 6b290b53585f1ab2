import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  CleanupResultSchema,
  EndResultSchema,
  HeartbeatResultSchema,
  RegisterResultSchema,
  SessionStatusEntrySchema,
  StatusResultSchema,
} from "@agent-baton/core";
import { describe, expect, it } from "vitest";
import { backends, isRunning } from "./helpers.js";

const hookJson = (event: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    session_id: "claude-abc",
    cwd: "/tmp",
    hook_event_name: event,
    transcript_path: "/tmp/t.jsonl",
    ...extra,
  });

describe.each(backends())("sessions and heartbeats on the $name backend", ({ world }) => {
  it("session start, heartbeat, pause, status, end: JSON shapes; end releases the session's locks", async () => {
    const w = world();
    const s1 = { env: { BATON_SESSION_ID: "s1" } };
    const started = await w.run(["session", "start", "--metadata", '{"task":"auth"}', "--json"], s1);
    expect(started.code).toBe(0);
    expect(RegisterResultSchema.parse(started.json())).toMatchObject({
      registered: true,
      session: { metadata: { task: "auth" } },
    });

    const beat = await w.run(["heartbeat", "--json"], s1);
    expect(HeartbeatResultSchema.parse(beat.json())).toMatchObject({ session_id: "s1", registered: false });
    const paused = await w.run(["session", "pause", "--json"], s1);
    expect(HeartbeatResultSchema.parse(paused.json()).paused).toBe(true);

    const status = await w.run(["session", "status", "--json"], s1);
    const parsed = StatusResultSchema.parse(status.json());
    expect(parsed.sessions).toHaveLength(1);
    expect(parsed.sessions[0]).toMatchObject({ session_id: "s1", me: true, tier: "active", paused: true });

    await w.run(["lock", "acquire", "suite"], s1);
    const ended = await w.run(["session", "end", "--json"], s1);
    expect(EndResultSchema.parse(ended.json())).toMatchObject({
      ended: true,
      released_locks: ["resource:suite"],
    });
    expect((await w.run(["lock", "check", "suite"], { env: { BATON_SESSION_ID: "s2" } })).code).toBe(0);

    const cleanup = await w.run(["session", "cleanup", "--json"], s1);
    expect(CleanupResultSchema.parse(cleanup.json()).success).toBe(true);
  });

  it("heartbeat check, age and list report this session; check fails for an unregistered one", async () => {
    const w = world();
    const s1 = { env: { BATON_SESSION_ID: "s1" } };
    expect((await w.run(["heartbeat", "check"], s1)).code).toBe(1);
    await w.run(["heartbeat", "touch"], s1);
    const check = await w.run(["heartbeat", "check", "--json"], s1);
    expect(check.code).toBe(0);
    expect(SessionStatusEntrySchema.parse(check.json()).tier).toBe("active");
    const age = await w.run(["heartbeat", "age"], s1);
    expect(age.stdout.trim()).toMatch(/^\d+$/);
    const list = await w.run(["heartbeat", "list", "--json"], s1);
    expect(StatusResultSchema.parse(list.json()).sessions.map((s) => s.session_id)).toEqual(["s1"]);
    const cleanup = await w.run(["heartbeat", "cleanup", "--json"], s1);
    expect(CleanupResultSchema.parse(cleanup.json()).removed).toEqual([]);
  });

  it("hook fixtures: SessionStart registers from hook JSON and exports the id, prompts beat, Stop pauses, SessionEnd ends", async () => {
    const w = world();
    const envFile = join(w.home, "claude-env");
    writeFileSync(envFile, "");
    const hook = (args: string[], event: string, extra = {}) =>
      w.run([...args, "--hook"], { input: hookJson(event, extra), env: { CLAUDE_ENV_FILE: envFile } });

    const start = await hook(["session", "start"], "SessionStart", { source: "startup" });
    expect(start).toMatchObject({ code: 0, stdout: "" });
    expect(readFileSync(envFile, "utf8")).toBe("export CLAUDE_SESSION_ID=claude-abc\n");

    const prompt = await hook(["heartbeat"], "UserPromptSubmit", { prompt: "hi" });
    expect(prompt).toMatchObject({ code: 0, stdout: "" });
    const stop = await hook(["session", "pause"], "Stop");
    expect(stop.code).toBe(0);

    const status = StatusResultSchema.parse(
      (await w.run(["session", "status", "--json", "--session", "claude-abc"])).json(),
    );
    expect(status.sessions[0]).toMatchObject({
      session_id: "claude-abc",
      paused: true,
      metadata: { source: "startup" },
    });

    const end = await hook(["session", "end"], "SessionEnd", { reason: "logout" });
    expect(end.code).toBe(0);
    const after = StatusResultSchema.parse(
      (await w.run(["session", "status", "--json", "--session", "x"])).json(),
    );
    expect(after.sessions).toEqual([]);
  });

  it("a hook with broken input says so in one line and exits 0; --strict exits 2", async () => {
    const w = world();
    const soft = await w.run(["heartbeat", "--hook"], { input: "not json" });
    expect(soft.code).toBe(0);
    expect(soft.stderr.trim().split("\n")).toHaveLength(1);
    const strict = await w.run(["heartbeat", "--hook", "--strict"], { input: "not json" });
    expect(strict.code).toBe(2);
  });

  it("heartbeat daemon: one per session, a second call says it runs, stop really stops it", async () => {
    const w = world();
    const s1 = { env: { BATON_SESSION_ID: "s1" } };
    const first = await w.run(["heartbeat", "daemon", "--json"], s1);
    expect(first.code).toBe(0);
    const { pid, started } = first.json<{ pid: number; started: boolean }>();
    expect(started).toBe(true);
    expect(isRunning(pid)).toBe(true);

    const second = await w.run(["heartbeat", "daemon"], s1);
    expect(second.stdout).toMatch(new RegExp(`already running \\(pid ${pid}\\)`));

    const stopped = await w.run(["heartbeat", "stop", "--json"], s1);
    expect(stopped.json()).toMatchObject({ stopped: true, pid });
    expect(isRunning(pid)).toBe(false);
    expect((await w.run(["heartbeat", "stop"], s1)).stdout).toMatch(/no heartbeat daemon running/);
  });
});

import type { ChildProcess } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { NoticesResultSchema, RequestReleaseResultSchema } from "@agent-baton/core";
import { describe, expect, it, vi } from "vitest";
import { backends, collect, isRunning, sleep } from "./helpers.js";

vi.setConfig({ testTimeout: 120_000 });

// two sessions told apart the two ways a shell carries its id
const alice = { env: { CLAUDE_SESSION_ID: "alice" } };
const bob = { env: { BATON_SESSION_ID: "bob" } };

/** Resolves once what the child wrote to `stream` matches `pattern`. */
function until(child: ChildProcess, stream: "stdout" | "stderr", pattern: RegExp): Promise<void> {
  return new Promise((resolve, reject) => {
    let text = "";
    child[stream]!.on("data", (d) => {
      text += d;
      if (pattern.test(text)) resolve();
    });
    child.once("exit", (code) => reject(new Error(`exited ${code} before ${pattern}:\n${text}`)));
  });
}

/** Waits until the file holds `text` (a command under the lock said it started). */
async function fileSays(path: string, text: string): Promise<void> {
  while (!(existsSync(path) && readFileSync(path, "utf8").includes(text))) await sleep(50);
}

describe.each(backends())("notices and release requests on the $name backend", ({ world }) => {
  it("baton notices tells the session what happened to its lock, once, and never another session", async () => {
    const w = world();
    await w.run(["lock", "acquire", "deploy"], alice);
    expect((await w.run(["lock", "force-release", "deploy"], bob)).code).toBe(0);
    const first = await w.run(["notices", "--json"], alice);
    expect(first.code).toBe(0);
    const taken = NoticesResultSchema.parse(first.json());
    expect(taken.session_id).toBe("alice");
    expect(taken.notices.map((n) => [n.type, n.name])).toEqual([["lock.force_released", "resource:deploy"]]);
    expect(taken.notices[0]!.text).toMatch(
      /^your lock resource:deploy was force-released by bob at \d\d:\d\d/,
    );
    expect(NoticesResultSchema.parse((await w.run(["notices", "--json"], alice)).json()).notices).toEqual([]);
    expect(NoticesResultSchema.parse((await w.run(["notices", "--json"], bob)).json()).notices).toEqual([]);

    await w.run(["lock", "acquire", "deploy"], alice);
    await w.run(["lock", "force-release", "deploy"], bob);
    const human = await w.run(["notices"], alice);
    expect(human.stdout).toMatch(/^notice: your lock resource:deploy was force-released by bob /m);
    expect((await w.run(["notices"], alice)).stdout).toBe("no notices for alice\n");
  });

  it("lock request: the holder is told who asks and why; check and status show the request", async () => {
    const w = world();
    await w.run(["lock", "acquire", "deploy"], alice);
    const asked = await w.run(["lock", "request", "deploy", "--reason", "hotfix for prod", "--json"], bob);
    expect(asked.code).toBe(0);
    expect(RequestReleaseResultSchema.parse(asked.json())).toMatchObject({
      requested: true,
      held_by: ["alice"],
    });
    const told = NoticesResultSchema.parse((await w.run(["notices", "--json"], alice)).json()).notices;
    expect(told.map((n) => n.type)).toEqual(["lock.release_requested"]);
    expect(told[0]!.text).toMatch(/^bob asks you to release resource:deploy .*\(hotfix for prod\)/);
    expect(NoticesResultSchema.parse((await w.run(["notices", "--json"], bob)).json()).notices).toEqual([]);
    expect((await w.run(["lock", "check", "deploy"], bob)).stdout).toMatch(
      /^ {2}release asked by bob: hotfix for prod at \d\d:\d\d:\d\d/m,
    );
    expect((await w.run(["status"], bob)).stdout).toMatch(/^ {6}release asked by bob: hotfix for prod /m);
    const nobody = await w.run(["lock", "request", "idle"], bob);
    expect(nobody.code).toBe(1);
    expect(nobody.stdout).toMatch(/^nobody holds resource:idle$/m);
  });

  it("lock request --wait joins the line and gets the lock when the holder releases it", async () => {
    const w = world();
    await w.run(["lock", "acquire", "deploy"], alice);
    const asking = w.spawn(
      ["lock", "request", "deploy", "--reason", "my turn", "--wait", "60", "--json"],
      bob,
    );
    const done = collect(asking);
    await until(asking, "stderr", /1st in line, held by alice/);
    await w.run(["lock", "release", "deploy"], alice);
    const r = await done;
    expect(r.code).toBe(0);
    expect(RequestReleaseResultSchema.parse(r.json()).acquire).toMatchObject({
      acquired: true,
      held_by: "bob",
    });
    expect((await w.run(["lock", "check", "deploy", "--json"], alice)).json()).toMatchObject({
      held_by: "bob",
    });
  });

  it("run --on-request release ends the command's group gracefully and hands the lock on; the default ignores", async () => {
    const w = world();
    const log = join(w.home, "log");
    const pids = join(w.home, "pids");
    // the command starts a child of its own: a request must end the whole group
    const script = `sleep 300 & echo $! > "${pids}"; trap 'echo term >> "${log}"; exit 0' TERM; echo started >> "${log}"; while true; do sleep 0.1; done`;
    const running = w.spawn(
      ["run", "--lock", "deploy", "--on-request", "release", "--", "sh", "-c", script],
      alice,
    );
    const ran = collect(running);
    await fileSays(log, "started");
    const asked = await w.run(
      ["lock", "request", "deploy", "--reason", "urgent", "--wait", "60", "--json"],
      bob,
    );
    expect(asked.code).toBe(0);
    expect(RequestReleaseResultSchema.parse(asked.json()).acquire).toMatchObject({
      acquired: true,
      held_by: "bob",
    });
    const r = await ran;
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^baton: bob asks for resource:deploy \(urgent\); ending the command/m);
    expect(readFileSync(log, "utf8")).toBe("started\nterm\n");
    // the command's own child got the group's SIGTERM too (the trap does not pass it on)
    const grandchild = Number(readFileSync(pids, "utf8"));
    while (isRunning(grandchild)) await sleep(50);

    // the default: the command runs on; the holder's session only gets the notice
    const stop = join(w.home, "stop");
    const keeps = w.spawn(
      [
        "run",
        "--lock",
        "build",
        "--",
        "sh",
        "-c",
        `echo started >> "${log}2"; until [ -e "${stop}" ]; do sleep 0.1; done`,
      ],
      alice,
    );
    const kept = collect(keeps);
    await fileSays(`${log}2`, "started");
    expect((await w.run(["lock", "request", "build"], bob)).code).toBe(0);
    const waited = await w.run(["lock", "request", "build", "--wait", "2"], bob);
    expect(waited.code).toBe(3);
    expect((await w.run(["lock", "check", "build", "--json"], bob)).json()).toMatchObject({
      held_by: "alice",
    });
    writeFileSync(stop, "");
    expect((await kept).code).toBe(0);
    const bad = await w.run(["run", "--lock", "x", "--on-request", "later", "--", "true"], alice);
    expect(bad.code).toBe(2);
  });
});

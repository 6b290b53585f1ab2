import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { AcquireResultSchema } from "@agent-baton/core";
import { describe, expect, it } from "vitest";
import { backends, collect, sleep, tempDir } from "./helpers.js";

const node = process.execPath;
const alice = { env: { BATON_SESSION_ID: "alice" } };
const bob = { env: { BATON_SESSION_ID: "bob" } };

describe.each(backends())("baton run on the $name backend", ({ world }) => {
  it("runs the command with the lock in its environment and exits 0, then the lock is free", async () => {
    const w = world();
    const r = await w.run(
      [
        "run",
        "--lock",
        "suite",
        "--",
        node,
        "-e",
        "console.log(process.env.BATON_LOCK_NAME, process.env.BATON_FENCING_TOKEN)",
      ],
      alice,
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^resource:suite \d+\n$/);
    expect((await w.run(["lock", "check", "suite"], bob)).code).toBe(0);
  });

  it("exits with a failing command's code and releases", async () => {
    const w = world();
    const r = await w.run(["run", "--lock", "suite", "--", node, "-e", "process.exit(5)"], alice);
    expect(r.code).toBe(5);
    expect((await w.run(["lock", "check", "suite"], bob)).code).toBe(0);
  });

  it("exits 128+N when the command is killed by signal N, and releases", async () => {
    const w = world();
    const r = await w.run(
      ["run", "--lock", "suite", "--", node, "-e", "process.kill(process.pid, 'SIGKILL')"],
      alice,
    );
    expect(r.code).toBe(137);
    expect((await w.run(["lock", "check", "suite"], bob)).code).toBe(0);
  });

  it("forwards SIGTERM to the command and releases the lock", async () => {
    const w = world();
    const child = w.spawn(
      [
        "run",
        "--lock",
        "suite",
        "--",
        node,
        "-e",
        "process.on('SIGTERM', () => { console.log('got TERM'); process.exit(9) }); console.log('up'); setInterval(() => {}, 1000)",
      ],
      alice,
    );
    const done = collect(child);
    // the command says "up" once its handler is in place: a fixed pause lost the race on a busy machine
    let out = "";
    child.stdout!.on("data", (d) => (out += d));
    for (let i = 0; i < 600 && !out.includes("up"); i++) await sleep(50);
    expect((await w.run(["lock", "check", "suite"], bob)).code).toBe(1);
    child.kill("SIGTERM");
    const r = await done;
    expect(r.stdout).toContain("got TERM");
    expect(r.code).toBe(9);
    expect((await w.run(["lock", "check", "suite"], bob)).code).toBe(0);
  });

  it("keeps a 2 s lock held while the command outlives its TTL several times", async () => {
    const w = world();
    const stop = join(tempDir("baton-run-end-"), "stop");
    // runs until the test has seen the lock held through more than three TTLs
    const script = `const fs = require("node:fs"); setInterval(() => fs.existsSync(${JSON.stringify(stop)}) && process.exit(0), 100)`;
    const child = w.spawn(["run", "--lock", "suite", "--ttl", "2", "--", node, "-e", script], alice);
    const done = collect(child);
    const seen: number[] = [];
    await sleep(800);
    const start = Date.now();
    while (Date.now() - start < 7_000 || seen.length < 4) {
      seen.push((await w.run(["lock", "check", "suite"], bob)).code ?? -1);
      await sleep(200);
    }
    writeFileSync(stop, "");
    const r = await done;
    expect(r.code).toBe(0);
    expect(seen.every((c) => c === 1)).toBe(true);
    expect(r.stderr).not.toMatch(/lost lock/);
  });

  it("says at once that the lock was lost and terminates the command", async () => {
    const w = world();
    const child = w.spawn(
      ["run", "--lock", "suite", "--ttl", "2", "--", node, "-e", "setInterval(() => {}, 1000)"],
      alice,
    );
    const done = collect(child);
    for (let i = 0; i < 100 && !(await w.run(["lock", "check", "suite"], bob)).code; i++) await sleep(100);
    await w.run(["lock", "force-release", "suite"], bob);
    const r = await done;
    expect(r.stderr).toMatch(/lost lock resource:suite/);
    expect(r.code).toBe(75);
  });

  it("exits 1 without running when the lock is held, 3 when --wait runs out", async () => {
    const w = world();
    await w.run(["lock", "acquire", "suite"], bob);
    const held = await w.run(["run", "--lock", "suite", "--", node, "-e", "console.log('ran')"], alice);
    expect(held.code).toBe(1);
    expect(held.stdout).toBe("");
    expect(held.stderr).toMatch(/held by bob/);
    const timedOut = await w.run(
      ["run", "--lock", "suite", "--wait", "1", "--json", "--", node, "-e", "console.log('ran')"],
      alice,
    );
    expect(timedOut.code).toBe(3);
    expect(AcquireResultSchema.parse(timedOut.json()).reason).toBe("timeout");
  });
});

import { execFileSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { backends, collect, isRunning, sleep } from "./helpers.js";

const node = process.execPath;
const ghost = { env: { BATON_SESSION_ID: "ghost" } };
const alice = { env: { BATON_SESSION_ID: "alice" } };
const bob = { env: { BATON_SESSION_ID: "bob" } };

// Says it got SIGTERM, then dies of it, as a command without cleanup of its own would.
const COMMAND = `
console.log("up");
process.on("SIGTERM", () => {
  console.log("got TERM");
  process.removeAllListeners("SIGTERM");
  process.kill(process.pid, "SIGTERM");
});
setInterval(() => {}, 1000);
`;

const all = backends();

describe.each(all)("long-running bins keep their own signal handling on the $name backend", ({ world }) => {
  it("baton run: after taking an expired lock (on file under a proper-lockfile guard), SIGTERM reaches the command, the lock is released, exit 143", async () => {
    const w = world();
    // an expired record is taken under the file driver's proper-lockfile guard, which installs signal-exit
    expect((await w.run(["lock", "acquire", "suite", "--ttl", "1"], ghost)).code).toBe(0);
    await sleep(1_300);
    const child = w.spawn(["run", "--lock", "suite", "--", node, "-e", COMMAND], alice);
    const done = collect(child);
    let out = "";
    child.stdout!.on("data", (d) => (out += d));
    for (let i = 0; i < 200 && !out.includes("up"); i++) await sleep(50);
    expect(out).toContain("up");
    const held = await w.run(["lock", "info", "suite", "--json"], bob);
    expect(held.json()).toMatchObject({ held_by: "alice" });

    child.kill("SIGTERM");
    const r = await done;
    expect(r.stdout).toContain("got TERM");
    expect(r.signal).toBeNull();
    expect(r.code).toBe(143);
    expect((await w.run(["lock", "check", "suite"], bob)).code).toBe(0);
  });
  it("the heartbeat daemon, once it has beaten (on file under a proper-lockfile guard), stops on SIGTERM by its own path, removing its pid file itself", async () => {
    const w = world();
    const env = { env: { BATON_SESSION_ID: "beater", HEARTBEAT_TTL: "5" } };
    const started = await w.run(["heartbeat", "daemon", "--json"], env);
    const { pid } = started.json<{ pid: number }>();
    const daemons = join(w.env.COORDINATION_DIR!, "daemons");
    // two beats: the first registers the session, the second updates it under the file driver's guard
    const beat = async () =>
      (await w.run(["session", "status", "--json"], env))
        .json()
        .sessions.find((s: { session_id: string }) => s.session_id === "beater")?.last_heartbeat;
    for (let i = 0; i < 100 && !(await beat()); i++) await sleep(100);
    const first = await beat();
    expect(first).toBeTruthy();
    for (let i = 0; i < 100 && (await beat()) === first; i++) await sleep(100);
    expect(await beat()).not.toBe(first);

    process.kill(pid, "SIGTERM");
    for (let i = 0; i < 100 && isRunning(pid); i++) await sleep(50);
    expect(isRunning(pid)).toBe(false);
    expect(existsSync(daemons) ? readdirSync(daemons) : []).toEqual([]);
  });
});

// Redis alone can stall its writes on purpose; a pass limited to other backends has none of these.
describe.each(all.filter((b) => b.name === "redis"))("baton run on the $name backend", ({ world }) => {
  it("a second SIGTERM while it releases does not cut the release short", async () => {
    const w = world();
    const child = w.spawn(["run", "--lock", "suite", "--", node, "-e", COMMAND], alice);
    const done = collect(child);
    let out = "";
    child.stdout!.on("data", (d) => (out += d));
    for (let i = 0; i < 200 && !out.includes("up"); i++) await sleep(50);
    expect(out).toContain("up");
    // writes stall for 2 s, so the release after the command's exit waits in plain sight
    execFileSync("redis-cli", ["-u", w.env.REDIS_URL!, "CLIENT", "PAUSE", "2000", "WRITE"]);
    child.kill("SIGTERM");
    for (let i = 0; i < 100 && !out.includes("got TERM"); i++) await sleep(20);
    await sleep(200);
    child.kill("SIGTERM");
    const r = await done;
    expect(r.stdout).toContain("got TERM");
    expect(r.signal).toBeNull();
    expect(r.code).toBe(143);
    expect((await w.run(["lock", "check", "suite"], bob)).code).toBe(0);
  });
});

import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { backends, collect, sleep } from "./helpers.js";

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

describe.each(all)("baton run keeps its own signal handling on the $name backend", ({ world }) => {
  it("after a guarded step loaded proper-lockfile (taking an expired lock), SIGTERM reaches the command, the lock is released, exit 143", async () => {
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
});

describe("baton run on the redis backend", () => {
  const { world } = all.find((b) => b.name === "redis")!;

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

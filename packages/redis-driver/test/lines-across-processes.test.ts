import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  ask,
  type LineLogEntry,
  lineOrder,
  type RedisServer,
  startRedis,
} from "@agent-baton/driver-test-suite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRedisDriver } from "../src/index.js";

const worker = fileURLToPath(new URL("./fixtures/line-worker.mjs", import.meta.url));
const LEASE_MS = 5_000;
const WAIT_MS = 1_500;

let server: RedisServer;
let dir: string;
beforeAll(async () => {
  server = await startRedis();
  dir = mkdtempSync(join(tmpdir(), "baton-lines-"));
});
afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

interface LogLine extends LineLogEntry {
  exclusive: number;
  shared: number;
}

interface WorkerConfig {
  id: string;
  cycles: number;
  mode?: "exclusive" | "shared";
  slots?: number;
  holdMs?: number;
  leaseMs?: number;
}

let runs = 0;

/** Starts one line-worker process per config on a fresh prefix and log; `done` resolves with their exits. */
function start(configs: WorkerConfig[], prefix = `lines-${process.pid}-${++runs}`) {
  const log = join(dir, `${prefix}.log`);
  writeFileSync(log, "");
  const children: ChildProcess[] = [];
  const exits = configs.map((config) => {
    const full = {
      url: server.url,
      prefix,
      name: "resource:line",
      log,
      mode: "exclusive",
      slots: 1,
      holdMs: 2,
      leaseMs: LEASE_MS,
      waitMs: WAIT_MS,
      ...config,
    };
    const child = spawn(process.execPath, [worker, JSON.stringify(full)], {
      stdio: ["ignore", "ignore", "pipe"],
    });
    children.push(child);
    let stderr = "";
    child.stderr!.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    return new Promise<{ id: string; code: number | null; signal: string | null; stderr: string }>(
      (resolve) => child.on("exit", (code, signal) => resolve({ id: config.id, code, signal, stderr })),
    );
  });
  const lines = () =>
    readFileSync(log, "utf8")
      .trim()
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line) as LogLine);
  return { prefix, children, done: Promise.all(exits), lines };
}

const workers = (count: number, config: Omit<WorkerConfig, "id">) =>
  Array.from({ length: count }, (_, i) => ({ id: `w${i}`, ...config }));

describe("lines across OS processes", () => {
  it("8 processes × 50 cycles on one name are granted in the order they began waiting, one at a time", async () => {
    const run = start(workers(8, { cycles: 50 }));
    for (const exit of await run.done) expect(exit, exit.stderr).toMatchObject({ code: 0 });
    const { grants, queued, faults } = lineOrder(run.lines());
    expect(grants).toHaveLength(400);
    expect(grants.every((g) => g.exclusive === 1)).toBe(true);
    // Most grants went through the line: the proof is about waiters, not lucky newcomers.
    expect(queued.length).toBeGreaterThan(300);
    // Nobody overtook a place ahead of it; each grant was released before the next; tokens rose.
    expect(faults).toEqual([]);
  }, 180_000);

  it("with 3 slots, 8 processes hold the name at most 3 at a time, and 3 at once does happen", async () => {
    const run = start(workers(8, { cycles: 30, slots: 3, holdMs: 20 }));
    for (const exit of await run.done) expect(exit, exit.stderr).toMatchObject({ code: 0 });
    const grants = run.lines().filter((l) => l.ev === "granted");
    expect(grants).toHaveLength(240);
    expect(Math.max(...grants.map((g) => g.exclusive))).toBe(3);
    expect(new Set(grants.map((g) => g.token)).size).toBe(240);
  }, 180_000);

  it("shared holders share; an exclusive holder is always alone", async () => {
    const run = start([
      ...Array.from({ length: 6 }, (_, i) => ({
        id: `r${i}`,
        cycles: 30,
        mode: "shared" as const,
        holdMs: 10,
      })),
      ...Array.from({ length: 2 }, (_, i) => ({ id: `x${i}`, cycles: 30, holdMs: 10 })),
    ]);
    for (const exit of await run.done) expect(exit, exit.stderr).toMatchObject({ code: 0 });
    const grants = run.lines().filter((l) => l.ev === "granted");
    expect(grants).toHaveLength(240);
    const exclusive = grants.filter((g) => g.id.startsWith("x"));
    const shared = grants.filter((g) => g.id.startsWith("r"));
    expect(exclusive.every((g) => g.exclusive === 1 && g.shared === 0)).toBe(true);
    expect(shared.every((g) => g.exclusive === 0)).toBe(true);
    expect(Math.max(...shared.map((g) => g.shared))).toBeGreaterThanOrEqual(2);
  }, 180_000);

  it("a SIGKILLed waiter at the head of the line holds up the next grant only until its lease lapses", async () => {
    const prefix = `killed-${process.pid}`;
    const holder = createRedisDriver({ url: server.url, keyPrefix: prefix });
    try {
      await holder.acquireLock("resource:line", ask("h"));
      const lineNow = async () => (await holder.getLock("resource:line"))?.waiters.map((w) => w.session_id);
      const head = start([{ id: "dead", cycles: 1, leaseMs: 2_000 }], prefix);
      await expect.poll(lineNow, { timeout: 20_000 }).toEqual(["dead"]);
      const next = start([{ id: "next", cycles: 1 }], prefix);
      await expect.poll(lineNow, { timeout: 20_000 }).toEqual(["dead", "next"]);
      head.children[0]!.kill("SIGKILL");
      expect((await head.done)[0]).toMatchObject({ signal: "SIGKILL" });
      await holder.releaseLock("resource:line", "h");
      for (const exit of await next.done) expect(exit, exit.stderr).toMatchObject({ code: 0 });

      const events = (await holder.readEvents({ name: "resource:line" })).events;
      const gaveUp = events.find((e) => e.type === "lock.gave_up");
      const released = events.find((e) => e.type === "lock.released" && e.session === "h");
      const granted = events.find((e) => e.type === "lock.acquired" && e.session === "next")!;
      expect(gaveUp).toMatchObject({ session: "dead", reason: "lease expired" });
      expect(released).toBeDefined();
      expect(events.indexOf(gaveUp!)).toBeLessThan(events.indexOf(granted));
      expect(events.some((e) => e.type === "lock.acquired" && e.session === "dead")).toBe(false);
      // The line moved on by itself: nobody took the dead waiter out, it left when its lease ran
      // out (the event is stamped with that time), and the next waiter was granted from the line.
      expect(Date.parse(gaveUp!.time)).toBeLessThanOrEqual(Date.parse(granted.time));
      expect(granted.waited_ms).toBeGreaterThan(0);
    } finally {
      await holder.close();
    }
  }, 60_000);
});

import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { events, type LineLogEntry, lineOrder, take } from "@agent-baton/driver-test-suite";
import { afterEach, describe, expect, it } from "vitest";
import { createFileDriver } from "../src/index.js";
import { tempDir, workerPath } from "./helpers.js";

const HOUR = 3_600_000;
const WAITERS = 4;
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill("SIGKILL");
});

/** A waiter process (test/workers/wait-in-line.mjs) and what it says, line by line. */
function startWaiter(dir: string, name: string, leaseMs: number, holdMs = 20) {
  const child = spawn(
    process.execPath,
    [workerPath("wait-in-line.mjs"), dir, name, String(leaseMs), String(holdMs)],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  children.push(child);
  const lines: string[] = [];
  const listeners: Array<() => void> = [];
  child.stdout!.on("data", (d: Buffer) => {
    lines.push(...String(d).trim().split("\n"));
    for (const listener of listeners) listener();
  });
  const said = (prefix: string) =>
    new Promise<number>((resolve, reject) => {
      const look = () => {
        const line = lines.find((l) => l.startsWith(`${prefix} `));
        if (line) resolve(Number(line.slice(prefix.length + 1)));
      };
      listeners.push(look);
      look();
      child.once("exit", (code, signal) => {
        look();
        reject(new Error(`waiter exited (${code ?? signal}) before saying "${prefix}"`));
      });
    });
  const exited = new Promise<number | null>((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once("exit", (code) => resolve(code));
  });
  const [queued, got] = [said("queued"), said("got")];
  // A waiter killed on purpose never says "got": only a test that awaits it sees that rejection.
  got.catch(() => {});
  return { child, session: `waiter-${child.pid}`, queued, got, exited };
}

describe("a lock's line across OS processes", () => {
  it(`${WAITERS} processes that join a held lock's line one after another are served in that order`, async () => {
    const dir = join(tempDir("fifo"), "coordination");
    const driver = createFileDriver({ dir });
    const held = await take(driver, "resource:fifo", "holder", { ttlMs: HOUR });
    const waiters = [];
    for (let i = 0; i < WAITERS; i++) {
      const waiter = startWaiter(dir, "resource:fifo", 5_000);
      expect(await waiter.queued).toBe(i + 1);
      waiters.push(waiter);
    }
    expect((await driver.getLock("resource:fifo"))?.waiters.map((w) => w.session_id)).toEqual(
      waiters.map((w) => w.session),
    );

    await driver.releaseLock("resource:fifo", "holder");
    const tokens = await Promise.all(waiters.map((w) => w.got));
    expect(await Promise.all(waiters.map((w) => w.exited))).toEqual(waiters.map(() => 0));
    expect(tokens[0]).toBeGreaterThan(held.fencing_token);
    for (let i = 1; i < WAITERS; i++) expect(tokens[i]).toBeGreaterThan(tokens[i - 1]!);

    // The history says the same, in the order the changes happened: each grant after the hold before it ended.
    const history = await events(driver, { name: "resource:fifo" });
    expect(history.map((e) => `${e.type} ${e.session} ${e.position ?? e.token}`)).toEqual([
      `lock.acquired holder ${held.fencing_token}`,
      ...waiters.map((w, i) => `lock.queued ${w.session} ${i + 1}`),
      `lock.released holder ${held.fencing_token}`,
      ...waiters.flatMap((w, i) => [
        `lock.acquired ${w.session} ${tokens[i]}`,
        `lock.released ${w.session} ${tokens[i]}`,
      ]),
    ]);
    for (const grant of history.filter((e) => e.type === "lock.acquired" && e.session !== "holder")) {
      expect(grant.waited_ms).toBeGreaterThan(0);
    }
    expect(await driver.getLock("resource:fifo")).toBeNull();
    await driver.close();
  }, 60_000);

  it("a waiter process killed in line loses its place once its lease lapses, and the one behind it is served", async () => {
    const dir = join(tempDir("fifo-killed"), "coordination");
    const driver = createFileDriver({ dir });
    await take(driver, "resource:k", "holder", { ttlMs: HOUR });
    const doomed = startWaiter(dir, "resource:k", 1_000);
    expect(await doomed.queued).toBe(1);
    const next = startWaiter(dir, "resource:k", 5_000);
    expect(await next.queued).toBe(2);
    doomed.child.kill("SIGKILL");
    await doomed.exited;

    await driver.releaseLock("resource:k", "holder");
    const token = await next.got;
    expect(await next.exited).toBe(0);
    const history = await events(driver, { name: "resource:k" });
    const gaveUp = history.find((e) => e.type === "lock.gave_up");
    expect(gaveUp).toMatchObject({ session: doomed.session, reason: "lease expired" });
    const grant = history.find((e) => e.type === "lock.acquired" && e.session === next.session);
    expect(grant?.token).toBe(token);
    expect(history.indexOf(gaveUp!)).toBeLessThan(history.indexOf(grant!));
    expect(history.some((e) => e.type === "lock.acquired" && e.session === doomed.session)).toBe(false);
    await driver.close();
  }, 60_000);

  it("8 processes × 50 cycles on one name are granted in the order they began waiting, one at a time", async () => {
    const dir = tempDir("line-cycles");
    const log = join(dir, "line.log");
    writeFileSync(log, "");
    const exits = Array.from({ length: 8 }, (_, i) => {
      const config = {
        dir,
        name: "resource:line",
        log,
        cycles: 50,
        id: `w${i}`,
        holdMs: 2,
        leaseMs: 5_000,
        waitMs: 1_500,
      };
      const child = spawn(process.execPath, [workerPath("line-cycles.mjs"), JSON.stringify(config)], {
        stdio: ["ignore", "ignore", "pipe"],
      });
      children.push(child);
      let stderr = "";
      child.stderr!.on("data", (chunk: Buffer) => {
        stderr += chunk;
      });
      return new Promise<{ code: number | null; stderr: string }>((resolve) =>
        child.on("exit", (code) => resolve({ code, stderr })),
      );
    });
    for (const exit of await Promise.all(exits)) expect(exit, exit.stderr).toMatchObject({ code: 0 });
    const { grants, queued, faults } = lineOrder(
      readFileSync(log, "utf8")
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l) as LineLogEntry),
    );
    expect(grants).toHaveLength(400);
    // Most grants went through the line: the proof is about waiters, not lucky newcomers.
    expect(queued.length).toBeGreaterThan(300);
    // Nobody overtook a place ahead of it; each grant was released before the next; tokens rose.
    expect(faults).toEqual([]);
  }, 180_000);
});

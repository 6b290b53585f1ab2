import { spawn } from "node:child_process";
import { join } from "node:path";
import { ManualClock } from "@agent-baton/core";
import { coordinatorFor } from "@agent-baton/driver-test-suite";
import { afterEach, describe, expect, it } from "vitest";
import { createFileDriver } from "../src/index.js";
import { tempDir, workerPath } from "./helpers.js";

const HOUR_MS = 3_600_000;
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

/** Starts a process that takes `name` and hangs; resolves with it and its token once it holds the lock. */
function startHolder(dir: string, name: string) {
  const child = spawn(process.execPath, [workerPath("hold-lock.mjs"), dir, name, String(HOUR_MS)], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  closers.push(async () => {
    child.kill("SIGKILL");
  });
  return new Promise<{ child: typeof child; token: number }>((resolve, reject) => {
    child.stdout.on("data", (d: Buffer) => {
      const m = /held (\d+)/.exec(String(d));
      if (m) resolve({ child, token: Number(m[1]) });
    });
    child.on("exit", (code) => reject(new Error(`holder exited early with ${code}`)));
  });
}

describe("a holder killed mid-critical-section", () => {
  it("is taken over at once through a Coordinator (pid gone), not after the TTL, with a greater token", async () => {
    const dir = join(tempDir("crash"), "coordination");
    const { child, token } = await startHolder(dir, "resource:crash");
    const driver = createFileDriver({ dir });
    closers.push(() => driver.close());
    const taker = coordinatorFor(driver, "taker", new ManualClock(Date.now()));

    // The holder's process lives and it is no registered session: refused, no tier judged.
    const refused = await taker.acquire("crash", { ttl: 60 });
    expect(refused).toMatchObject({ acquired: false, held_by: `holder-${child.pid}` });
    expect(refused.holder_tier).toBeUndefined();
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGKILL");
    await exited;

    const taken = await taker.acquire("crash", { ttl: 60 });
    expect(taken).toMatchObject({ acquired: true, held_by: "taker", took_over: { tier: "dead" } });
    expect(taken.fencing_token).toBeGreaterThan(token);
    expect(Date.parse(taken.expires_at!) - Date.now()).toBeLessThanOrEqual(60_000);
  });

  it("a waiter blocked on the holder gets the lock after the kill, long before the TTL", async () => {
    const dir = join(tempDir("crash-wait"), "coordination");
    const { child } = await startHolder(dir, "resource:crash");
    const driver = createFileDriver({ dir });
    closers.push(() => driver.close());
    const waiter = coordinatorFor(driver, "waiter", new ManualClock(Date.now()));
    const waiting = waiter.acquire("crash", { ttl: 60, wait: 600 });
    child.kill("SIGKILL");
    const r = await waiting;
    expect(r).toMatchObject({ acquired: true, took_over: { tier: "dead" } });
    // "woke rather than hung": the holder's TTL was an hour and the wait bound ten minutes.
    expect(r.waited_seconds).toBeLessThan(60);
  });
});

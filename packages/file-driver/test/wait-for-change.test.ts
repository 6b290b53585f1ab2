import { join } from "node:path";
import { ask, queue, take } from "@agent-baton/driver-test-suite";
import { describe, expect, it } from "vitest";
import { createFileDriver } from "../src/index.js";
import { runWorker, tempDir } from "./helpers.js";

const HOUR = 3_600_000;
const outcome = (p: Promise<void>) =>
  Promise.race([p.then(() => "woke"), new Promise((r) => setTimeout(() => r("still waiting"), 20_000))]);

describe("waitForChange", () => {
  it("wakes when another OS process releases the lock", async () => {
    const dir = join(tempDir("wait-xproc"), "coordination");
    const holder = createFileDriver({ dir });
    const waiter = createFileDriver({ dir });
    await take(holder, "resource:w", "worker-0", { ttlMs: HOUR });
    expect((await queue(waiter, "resource:w", "waiter")).acquired).toBe(false);
    const woke = outcome(waiter.waitForChange("resource:w", HOUR));
    const released = await runWorker("race.mjs", [dir, String(Date.now()), "force", "resource:w"]);
    expect(JSON.parse(released)).toEqual({ won: true });
    expect(await woke).toBe("woke");
    await Promise.all([holder.close(), waiter.close()]);
  }, 30_000);

  it("resolves at once when the name changed between the caller's attempt and its wait", async () => {
    const dir = join(tempDir("wait-missed"), "coordination");
    const driver = createFileDriver({ dir });
    const other = createFileDriver({ dir });
    await take(driver, "resource:m", "holder", { ttlMs: HOUR });
    expect((await queue(driver, "resource:m", "waiter")).acquired).toBe(false);
    await other.releaseLock("resource:m", "holder");
    expect(await outcome(driver.waitForChange("resource:m", HOUR))).toBe("woke");
    await Promise.all([driver.close(), other.close()]);
  });

  it("sleeps through a holder's extend and a waiter renewing its place, which change nothing for the line", async () => {
    const dir = join(tempDir("wait-quiet"), "coordination");
    const driver = createFileDriver({ dir });
    const waiter = createFileDriver({ dir });
    await take(driver, "resource:held", "s1", { ttlMs: HOUR });
    await queue(driver, "resource:held", "w1", { leaseMs: 1_000 });
    expect((await queue(waiter, "resource:held", "w2")).acquired).toBe(false);
    const waiting = waiter.waitForChange("resource:held", 600).then(() => Date.now());
    const started = Date.now();
    await driver.acquireLock("resource:held", ask("s1", { ttlMs: HOUR }));
    await driver.extendLock("resource:held", "s1", HOUR);
    await queue(driver, "resource:held", "w1", { leaseMs: 2_000 });
    expect((await waiting) - started).toBeGreaterThanOrEqual(500);
    await Promise.all([driver.close(), waiter.close()]);
  });

  it("wakes when a hold runs out, though no file changes", async () => {
    const dir = join(tempDir("wait-expiry"), "coordination");
    const driver = createFileDriver({ dir });
    await take(driver, "resource:lapse", "s1", { ttlMs: 300 });
    expect((await queue(driver, "resource:lapse", "w")).acquired).toBe(false);
    expect(await outcome(driver.waitForChange("resource:lapse", HOUR))).toBe("woke");
    expect((await queue(driver, "resource:lapse", "w")).acquired).toBe(true);
    await driver.close();
  });

  it("resolves, never rejects, on timeout, on abort and on close", async () => {
    const dir = join(tempDir("wait-end"), "coordination");
    const driver = createFileDriver({ dir });
    await take(driver, "resource:held", "s1", { ttlMs: HOUR });
    expect(await outcome(driver.waitForChange("resource:held", 50))).toBe("woke");
    const controller = new AbortController();
    const aborted = outcome(driver.waitForChange("resource:held", HOUR, controller.signal));
    controller.abort();
    expect(await aborted).toBe("woke");
    const closed = outcome(driver.waitForChange("resource:held", HOUR));
    await driver.close();
    expect(await closed).toBe("woke");
  });
});

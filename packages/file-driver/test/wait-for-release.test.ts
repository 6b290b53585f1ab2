import { join } from "node:path";
import { owner } from "@agent-baton/driver-test-suite";
import { describe, expect, it } from "vitest";
import { createFileDriver } from "../src/index.js";
import { runWorker, tempDir } from "./helpers.js";

const HOUR = 3_600_000;
const outcome = (p: Promise<void>) =>
  Promise.race([p.then(() => "woke"), new Promise((r) => setTimeout(() => r("still waiting"), 20_000))]);

describe("waitForRelease", () => {
  it("wakes when another OS process releases the lock", async () => {
    const dir = join(tempDir("wait-xproc"), "coordination");
    const holder = createFileDriver({ dir });
    const waiter = createFileDriver({ dir });
    await holder.acquireLock("resource:w", owner("worker-0"), HOUR);
    const woke = outcome(waiter.waitForRelease("resource:w", HOUR));
    const released = await runWorker("race.mjs", [dir, String(Date.now()), "force", "resource:w"]);
    expect(JSON.parse(released)).toEqual({ won: true });
    expect(await woke).toBe("woke");
    await Promise.all([holder.close(), waiter.close()]);
  }, 30_000);

  it("resolves at once when the lock is already free, and ignores a re-entrant extend", async () => {
    const dir = join(tempDir("wait-free"), "coordination");
    const driver = createFileDriver({ dir });
    expect(await outcome(driver.waitForRelease("resource:none", HOUR))).toBe("woke");
    await driver.acquireLock("resource:held", owner("s1"), HOUR);
    const waiting = driver.waitForRelease("resource:held", 400).then(() => Date.now());
    const started = Date.now();
    await driver.acquireLock("resource:held", owner("s1"), HOUR);
    expect((await waiting) - started).toBeGreaterThanOrEqual(300);
    await driver.close();
  });

  it("resolves, never rejects, on timeout, on abort and on close", async () => {
    const dir = join(tempDir("wait-end"), "coordination");
    const driver = createFileDriver({ dir });
    await driver.acquireLock("resource:held", owner("s1"), HOUR);
    expect(await outcome(driver.waitForRelease("resource:held", 50))).toBe("woke");
    const controller = new AbortController();
    const aborted = outcome(driver.waitForRelease("resource:held", HOUR, controller.signal));
    controller.abort();
    expect(await aborted).toBe("woke");
    const closed = outcome(driver.waitForRelease("resource:held", HOUR));
    await driver.close();
    expect(await closed).toBe("woke");
  });
});

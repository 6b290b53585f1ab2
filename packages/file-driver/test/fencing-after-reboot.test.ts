import { copyFileSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { owner } from "@agent-baton/driver-test-suite";
import { describe, expect, it } from "vitest";
import { createFileDriver, encodeName } from "../src/index.js";
import { tempDir } from "./helpers.js";

async function cycle(driver: ReturnType<typeof createFileDriver>, session: string): Promise<number> {
  const r = await driver.acquireLock("resource:f", owner(session), 60_000);
  if (!r.acquired) throw new Error("expected to acquire");
  await driver.releaseLock("resource:f", session);
  return r.lock.fencing_token;
}

describe("fencing tokens across restarts and reboots", () => {
  it("a new driver on the same directory (a restarted process) continues above the last token", async () => {
    const dir = join(tempDir("restart"), "coordination");
    const first = createFileDriver({ dir, bootId: "one" });
    const before = [await cycle(first, "a"), await cycle(first, "b")];
    await first.close();
    const second = createFileDriver({ dir, bootId: "one" });
    expect(before).toEqual([1, 2]);
    expect(await cycle(second, "c")).toBe(3);
    await second.close();
  });

  it("after a power loss rolled the counter back, the next boot still issues a greater token", async () => {
    const dir = join(tempDir("reboot"), "coordination");
    const counter = join(dir, "fencing", `${encodeName("resource:f")}.json`);
    const before = createFileDriver({ dir, bootId: "one" });
    await cycle(before, "a");
    copyFileSync(counter, `${counter}.old`);
    const last = Math.max(await cycle(before, "b"), await cycle(before, "c"));
    await before.close();
    // The unsynced counter reverts to an older version, as it may when the machine loses power.
    copyFileSync(`${counter}.old`, counter);

    const after = createFileDriver({ dir, bootId: "two" });
    expect(await cycle(after, "d")).toBeGreaterThan(last);
    const next = await cycle(after, "e");
    expect(next).toBeGreaterThan(last);
    await after.close();
    expect(
      readdirSync(dir)
        .filter((f) => f.startsWith("boot-"))
        .sort(),
    ).toEqual(["boot-one.json", "boot-two.json"]);
  });

  it("after a power loss, taking over a lock left from the previous boot also issues a greater token", async () => {
    const dir = join(tempDir("reboot-takeover"), "coordination");
    const counter = join(dir, "fencing", `${encodeName("resource:f")}.json`);
    const lock = join(dir, "locks", `${encodeName("resource:f")}.json`);
    const before = createFileDriver({ dir, bootId: "one" });
    await cycle(before, "a");
    copyFileSync(counter, `${counter}.old`);
    await cycle(before, "b");
    const left = await before.acquireLock("resource:f", owner("c"), 1);
    await before.close();
    // Both the counter and the record left behind revert to the first token.
    copyFileSync(`${counter}.old`, counter);
    const first = JSON.parse(readFileSync(`${counter}.old`, "utf8"));
    writeFileSync(lock, JSON.stringify({ ...first, held_by: "c", expires_at: new Date(0).toISOString() }));

    const after = createFileDriver({ dir, bootId: "two" });
    const taken = await after.acquireLock("resource:f", owner("d"), 60_000);
    expect(taken.acquired).toBe(true);
    if (!taken.acquired || !left.acquired) return;
    expect(taken.lock.fencing_token).toBeGreaterThan(left.lock.fencing_token);
    await after.close();
  });
});

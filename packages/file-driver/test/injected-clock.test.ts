import { join } from "node:path";
import { ManualClock } from "@agent-baton/core";
import { ask } from "@agent-baton/driver-test-suite";
import { describe, expect, it } from "vitest";
import { createFileDriver } from "../src/index.js";
import { tempDir } from "./helpers.js";

describe("expiry reads the injected clock", () => {
  it("a lock lapses exactly when the clock passes its TTL, and is then taken with a greater token", async () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 1));
    const driver = createFileDriver({ dir: join(tempDir("clock"), "coordination"), clock });
    const first = await driver.acquireLock("resource:c", ask("s1"));
    expect(first).toMatchObject({ acquired: true, lock: { expires_at: "2026-01-01T00:01:00.000Z" } });
    clock.advance(59_999);
    expect((await driver.getLock("resource:c"))?.holders[0]?.held_by).toBe("s1");
    expect((await driver.acquireLock("resource:c", ask("s2"))).acquired).toBe(false);
    clock.advance(1);
    expect(await driver.getLock("resource:c")).toBeNull();
    expect(await driver.listLocks("*")).toEqual([]);
    expect((await driver.releaseLock("resource:c", "s1")).outcome).toBe("not_found");
    const second = await driver.acquireLock("resource:c", ask("s2"));
    expect(second.acquired && first.acquired && second.lock.fencing_token > first.lock.fencing_token).toBe(
      true,
    );
    await driver.close();
  });
});

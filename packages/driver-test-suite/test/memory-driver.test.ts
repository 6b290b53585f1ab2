import { ManualClock } from "@agent-baton/core";
import { afterEach, describe, expect, it } from "vitest";
import { ask, createMemoryDriver, driverConformanceSuite } from "../src/index.js";

driverConformanceSuite({ describe, it, expect, afterEach }, "memory", (namespace) =>
  createMemoryDriver({ namespace }),
);

describe("the reference driver's fencing tokens", () => {
  it("are max(last + 1, clock in µs): above the clock, rising while the clock stands still, and above every earlier token after the store is lost", async () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 1));
    const first = createMemoryDriver({ clock });
    const tokens: number[] = [];
    for (let i = 0; i < 3; i++) {
      const got = await first.acquireLock("resource:a", ask(`s${i}`));
      if (!got.acquired) throw new Error("held");
      tokens.push(got.lock.fencing_token);
      await first.releaseLock("resource:a", `s${i}`);
    }
    expect(tokens[0]).toBe(clock.now() * 1000);
    expect(tokens).toEqual([tokens[0]!, tokens[0]! + 1, tokens[0]! + 2]);
    expect(tokens.every(Number.isSafeInteger)).toBe(true);

    clock.advance(1);
    const afterLoss = await createMemoryDriver({ clock }).acquireLock("resource:a", ask("s9"));
    expect(afterLoss.acquired && afterLoss.lock.fencing_token).toBeGreaterThan(tokens[2]!);
  });
});

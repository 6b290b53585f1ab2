import { ask, eventLines, holdersOf, lineOf, queue, take } from "../fixtures.js";
import type { SuiteContext } from "../suite-context.js";

/** Slots: up to N exclusive holds on one name, each with its own token, FIFO among waiters. */
export function slotsSuite({ describe, it, expect, open }: SuiteContext): void {
  describe("slots", () => {
    it("grants N exclusive holds at once, each with its own increasing token, and refuses the N+1th", async () => {
      const { driver } = await open();
      const holds = [];
      for (const s of ["a", "b", "c"]) holds.push(await take(driver, "resource:gpu", s, { slots: 3 }));
      const tokens = holds.map((h) => h.fencing_token);
      expect(tokens).toEqual([...tokens].sort((x, y) => x - y));
      expect(new Set(tokens).size).toBe(3);
      const fourth = await driver.acquireLock("resource:gpu", ask("d", { slots: 3 }));
      expect(fourth).toMatchObject({ acquired: false, position: null });
      expect(await driver.getLock("resource:gpu")).toMatchObject({ slots: 3, holders: holds, waiters: [] });
    });

    it("a freed slot goes to the first waiter, not to a newcomer", async () => {
      const { driver } = await open();
      for (const s of ["a", "b"]) await take(driver, "resource:gpu", s, { slots: 2 });
      await queue(driver, "resource:gpu", "w1", { slots: 2 });
      await queue(driver, "resource:gpu", "w2", { slots: 2 });
      await driver.releaseLock("resource:gpu", "a");
      expect((await driver.acquireLock("resource:gpu", ask("newcomer", { slots: 2 }))).acquired).toBe(false);
      expect((await queue(driver, "resource:gpu", "w2", { slots: 2 })).acquired).toBe(false);
      expect((await queue(driver, "resource:gpu", "w1", { slots: 2 })).acquired).toBe(true);
      expect(await holdersOf(driver, "resource:gpu")).toEqual(["b", "w1"]);
      expect(await lineOf(driver, "resource:gpu")).toEqual(["w2"]);
    });

    it("a caller asking with other slots than those in force gets slotsInForce and changes nothing", async () => {
      const { driver } = await open();
      await take(driver, "resource:gpu", "a", { slots: 3 });
      const before = await eventLines(driver);
      const state = await driver.getLock("resource:gpu");
      for (const request of [
        ask("b"),
        ask("b", { slots: 2, leaseMs: 60_000 }),
        ask("b", { mode: "shared" }),
      ]) {
        const r = await driver.acquireLock("resource:gpu", request);
        expect(r).toMatchObject({ acquired: false, slotsInForce: 3, position: null });
      }
      expect(await driver.getLock("resource:gpu")).toEqual(state);
      expect(await eventLines(driver)).toEqual(before);
    });

    it("the slots in force hold while only waiters remain, and are forgotten once the name is gone", async () => {
      const { driver } = await open();
      await take(driver, "resource:gpu", "a", { slots: 2 });
      await take(driver, "resource:gpu", "b", { slots: 2 });
      await queue(driver, "resource:gpu", "w", { slots: 2 });
      await driver.releaseLock("resource:gpu", "a");
      await driver.releaseLock("resource:gpu", "b");
      expect(await driver.acquireLock("resource:gpu", ask("x", { slots: 1 }))).toMatchObject({
        slotsInForce: 2,
      });
      await driver.leaveLine("resource:gpu", "w", "aborted");
      expect(await driver.getLock("resource:gpu")).toBeNull();
      const plain = await driver.acquireLock("resource:gpu", ask("x"));
      expect(plain).toMatchObject({ acquired: true, state: { slots: 1 } });
    });

    it("re-entrant acquire on a slotted name extends the caller's own hold only", async () => {
      const { driver } = await open();
      const a = await take(driver, "resource:gpu", "a", { slots: 2, ttlMs: 5_000 });
      const b = await take(driver, "resource:gpu", "b", { slots: 2 });
      const again = await driver.acquireLock("resource:gpu", ask("a", { slots: 2 }));
      expect(again).toMatchObject({
        acquired: true,
        extended: true,
        lock: { fencing_token: a.fencing_token },
      });
      const state = await driver.getLock("resource:gpu");
      expect(state?.holders.map((h) => h.fencing_token)).toEqual([a.fencing_token, b.fencing_token]);
      expect(state?.holders[1]).toEqual(b);
    });
  });
}

import { ask, eventLines, holdersOf, lineOf, queue, settlesWithin, sleep, take } from "../fixtures.js";
import type { SuiteContext } from "../suite-context.js";

/** Lines of waiters: first come, first served, without barging; a lease keeps each place. */
export function linesSuite({ describe, it, expect, open }: SuiteContext): void {
  describe("lines", () => {
    it("grants in the order callers joined, whatever order they try in", async () => {
      const { driver } = await open();
      await take(driver, "resource:l", "h");
      for (const [i, s] of ["w1", "w2", "w3"].entries()) {
        expect(await queue(driver, "resource:l", s)).toMatchObject({ acquired: false, position: i + 1 });
      }
      expect(await lineOf(driver, "resource:l")).toEqual(["w1", "w2", "w3"]);
      await driver.releaseLock("resource:l", "h");
      expect(await queue(driver, "resource:l", "w3")).toMatchObject({ acquired: false, position: 3 });
      expect(await queue(driver, "resource:l", "w2")).toMatchObject({ acquired: false, position: 2 });
      expect(await queue(driver, "resource:l", "w1")).toMatchObject({ acquired: true, extended: false });
      expect(await lineOf(driver, "resource:l")).toEqual(["w2", "w3"]);
      await driver.releaseLock("resource:l", "w1");
      expect((await queue(driver, "resource:l", "w3")).acquired).toBe(false);
      expect((await queue(driver, "resource:l", "w2")).acquired).toBe(true);
      await driver.releaseLock("resource:l", "w2");
      expect((await queue(driver, "resource:l", "w3")).acquired).toBe(true);
      expect(await driver.getLock("resource:l")).toMatchObject({ holders: [{ held_by: "w3" }], waiters: [] });
    });

    it("shows each waiter's place: session, mode, since, and a lease in the future", async () => {
      const { driver } = await open();
      await take(driver, "resource:l", "h");
      const before = Date.now();
      await queue(driver, "resource:l", "w1", { leaseMs: 5_000 });
      await queue(driver, "resource:l", "w2", { mode: "shared", leaseMs: 5_000 });
      const state = await driver.getLock("resource:l");
      expect(state?.waiters.map((w) => [w.session_id, w.mode, w.host])).toEqual([
        ["w1", "exclusive", state?.holders[0]?.host],
        ["w2", "shared", state?.holders[0]?.host],
      ]);
      for (const w of state?.waiters ?? []) {
        expect(Date.parse(w.since)).toBeGreaterThanOrEqual(before - 1_000);
        expect(Date.parse(w.lease_expires_at)).toBeGreaterThan(Date.parse(w.since));
      }
      expect(Date.parse(state!.waiters[0]!.since)).toBeLessThanOrEqual(Date.parse(state!.waiters[1]!.since));
    });

    it("refuses a wait-0 newcomer while anyone waits, even with nobody holding, and changes nothing", async () => {
      const { driver } = await open();
      await take(driver, "resource:l", "h");
      await queue(driver, "resource:l", "w1");
      await driver.releaseLock("resource:l", "h");
      const before = await eventLines(driver);
      const r = await driver.acquireLock("resource:l", ask("newcomer"));
      expect(r).toMatchObject({
        acquired: false,
        position: null,
        state: { holders: [], waiters: [{ session_id: "w1" }] },
      });
      expect(await lineOf(driver, "resource:l")).toEqual(["w1"]);
      expect(await eventLines(driver)).toEqual(before);
      expect((await queue(driver, "resource:l", "w1")).acquired).toBe(true);
    });

    it("a newcomer that joins goes to the end of the line, behind those already in it", async () => {
      const { driver } = await open();
      await take(driver, "resource:l", "h");
      await queue(driver, "resource:l", "w1");
      await driver.releaseLock("resource:l", "h");
      expect(await queue(driver, "resource:l", "late")).toMatchObject({ acquired: false, position: 2 });
      expect(await lineOf(driver, "resource:l")).toEqual(["w1", "late"]);
    });

    it("a re-entrant acquire by a holder is not a newcomer: it extends, never queues", async () => {
      const { driver } = await open();
      const held = await take(driver, "resource:l", "h");
      await queue(driver, "resource:l", "w1");
      const again = await driver.acquireLock("resource:l", ask("h"));
      expect(again).toMatchObject({
        acquired: true,
        extended: true,
        lock: { fencing_token: held.fencing_token },
      });
      const withLease = await queue(driver, "resource:l", "h");
      expect(withLease).toMatchObject({ acquired: true, extended: true });
      expect(await lineOf(driver, "resource:l")).toEqual(["w1"]);
    });

    it("a waiter whose lease lapsed leaves the line and never blocks it", async () => {
      const { driver } = await open();
      await take(driver, "resource:l", "h");
      await queue(driver, "resource:l", "gone", { leaseMs: 200 });
      await queue(driver, "resource:l", "w2");
      await driver.releaseLock("resource:l", "h");
      await sleep(400);
      expect(await lineOf(driver, "resource:l")).toEqual(["w2"]);
      expect((await queue(driver, "resource:l", "w2")).acquired).toBe(true);
      expect(await holdersOf(driver, "resource:l")).toEqual(["w2"]);
    });

    it("a lapsed waiter alone in line is no line at all: a wait-0 newcomer gets the lock", async () => {
      const { driver } = await open();
      await take(driver, "resource:l", "h");
      await queue(driver, "resource:l", "gone", { leaseMs: 200 });
      await driver.releaseLock("resource:l", "h");
      await sleep(400);
      expect(await driver.getLock("resource:l")).toBeNull();
      expect((await driver.acquireLock("resource:l", ask("newcomer"))).acquired).toBe(true);
    });

    it("renewing the lease keeps the same place and the same `since`, past the first lease", async () => {
      const { driver } = await open();
      await take(driver, "resource:l", "h");
      await queue(driver, "resource:l", "w1", { leaseMs: 400 });
      await queue(driver, "resource:l", "w2");
      const since = (await driver.getLock("resource:l"))?.waiters[0]?.since;
      await sleep(200);
      expect(await queue(driver, "resource:l", "w1", { leaseMs: 400 })).toMatchObject({ position: 1 });
      await sleep(300);
      const state = await driver.getLock("resource:l");
      expect(state?.waiters.map((w) => w.session_id)).toEqual(["w1", "w2"]);
      expect(state?.waiters[0]?.since).toBe(since);
    });

    it("leaveLine takes a waiter out and moves those behind it up; a session not in line changes nothing", async () => {
      const { driver } = await open();
      await take(driver, "resource:l", "h");
      await queue(driver, "resource:l", "w1");
      await queue(driver, "resource:l", "w2");
      await driver.leaveLine("resource:l", "w1", "timed out");
      expect(await lineOf(driver, "resource:l")).toEqual(["w2"]);
      expect(await queue(driver, "resource:l", "w2")).toMatchObject({ position: 1 });
      const before = await eventLines(driver);
      await driver.leaveLine("resource:l", "w1", "timed out");
      await driver.leaveLine("resource:none", "w1", "timed out");
      expect(await eventLines(driver)).toEqual(before);
      await driver.releaseLock("resource:l", "h");
      await driver.leaveLine("resource:l", "w2", "aborted");
      expect(await driver.getLock("resource:l")).toBeNull();
    });

    it("a waiter that leaves does not lose the holder its hold, and the next waiter is served", async () => {
      const { driver } = await open();
      await take(driver, "resource:l", "h");
      await queue(driver, "resource:l", "w1");
      await queue(driver, "resource:l", "w2");
      await driver.leaveLine("resource:l", "w1", "aborted");
      expect(await holdersOf(driver, "resource:l")).toEqual(["h"]);
      await driver.releaseLock("resource:l", "h");
      expect((await queue(driver, "resource:l", "w2")).acquired).toBe(true);
    });

    it("wakes waiters at once on a release, a waiter leaving, and a grant that leaves waiters", async () => {
      const { driver, namespace } = await open();
      const { driver: other } = await open(namespace);
      await take(driver, "resource:l", "h");
      await queue(driver, "resource:l", "w1");
      await queue(driver, "resource:l", "w2");
      const wake = async (change: () => Promise<unknown>) => {
        const woke = other.waitForChange("resource:l", 60_000);
        await sleep(50);
        await change();
        return settlesWithin(woke, 10_000);
      };
      expect(await wake(() => driver.releaseLock("resource:l", "h"))).toBe("settled");
      expect(await wake(() => queue(driver, "resource:l", "w1"))).toBe("settled");
      expect(await wake(() => driver.leaveLine("resource:l", "w2", "aborted"))).toBe("settled");
    });

    it("one session holds one place however often it asks", async () => {
      const { driver } = await open();
      await take(driver, "resource:l", "h");
      for (let i = 0; i < 3; i++) await queue(driver, "resource:l", "w1");
      await queue(driver, "resource:l", "w2");
      expect(await lineOf(driver, "resource:l")).toEqual(["w1", "w2"]);
    });
  });
}

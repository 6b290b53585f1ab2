import { claimFor, holdersOf, lineOf, queue, sessionRecord, sleep, take } from "../fixtures.js";
import type { SuiteContext } from "../suite-context.js";

const slots3 = { slots: 3 };
const shared = { mode: "shared" as const };

/** What a plain lock has works per hold on names with several: TTL, extend, release, force, evict, session end. */
export function multiHoldSuite({ describe, it, expect, open }: SuiteContext): void {
  describe("names with several holds", () => {
    it("each hold lapses on its own TTL, and its slot is free again", async () => {
      const { driver } = await open();
      await take(driver, "resource:m", "a", slots3);
      await take(driver, "resource:m", "short", { ...slots3, ttlMs: 200 });
      await take(driver, "resource:m", "c", slots3);
      await sleep(400);
      expect(await holdersOf(driver, "resource:m")).toEqual(["a", "c"]);
      expect((await queue(driver, "resource:m", "d", slots3)).acquired).toBe(true);
      expect((await driver.extendLock("resource:m", "short", 1_000)).outcome).toBe("not_owner");
    });

    it("extends only the caller's own hold, with its process patch, and leaves the others as they were", async () => {
      const { driver } = await open();
      await take(driver, "resource:m", "a", shared);
      const b = await take(driver, "resource:m", "b", { ...shared, ttlMs: 5_000 });
      await take(driver, "resource:m", "c", shared);
      const before = await driver.getLock("resource:m");
      const ext = await driver.extendLock("resource:m", "b", 120_000, { pgid: 777, pid: 55 });
      expect(ext).toMatchObject({
        outcome: "done",
        lock: { held_by: "b", pgid: 777, pid: 55, fencing_token: b.fencing_token },
      });
      const after = await driver.getLock("resource:m");
      expect(after?.holders[0]).toEqual(before?.holders[0]);
      expect(after?.holders[2]).toEqual(before?.holders[2]);
      expect(after?.holders[1]).toEqual(ext.lock);
      expect((await driver.extendLock("resource:m", "nobody", 1_000)).outcome).toBe("not_owner");
    });

    it("releases only the caller's own hold; a non-holder gets not_owner and nothing changes", async () => {
      const { driver } = await open();
      for (const s of ["a", "b", "c"]) await take(driver, "resource:m", s, slots3);
      const state = await driver.getLock("resource:m");
      expect((await driver.releaseLock("resource:m", "x")).outcome).toBe("not_owner");
      expect(await driver.getLock("resource:m")).toEqual(state);
      expect(await driver.releaseLock("resource:m", "b")).toMatchObject({
        outcome: "done",
        lock: { held_by: "b" },
      });
      expect(await holdersOf(driver, "resource:m")).toEqual(["a", "c"]);
      await driver.releaseLock("resource:m", "a");
      await driver.releaseLock("resource:m", "c");
      expect(await driver.getLock("resource:m")).toBeNull();
      expect((await driver.releaseLock("resource:m", "c")).outcome).toBe("not_found");
    });

    it("force-release breaks every hold, naming each, and keeps the line", async () => {
      const { driver } = await open();
      const holds = [];
      for (const s of ["a", "b"]) holds.push(await take(driver, "resource:m", s, shared));
      await queue(driver, "resource:m", "w");
      expect(await driver.forceReleaseLock("resource:m", { by: "admin", reason: "stuck" })).toEqual(holds);
      expect(await driver.getLock("resource:m")).toMatchObject({
        holders: [],
        waiters: [{ session_id: "w" }],
      });
      expect((await queue(driver, "resource:m", "w")).acquired).toBe(true);
    });

    it("force-release with a token breaks that hold only; an unknown token breaks none", async () => {
      const { driver } = await open();
      const a = await take(driver, "resource:m", "a", slots3);
      const b = await take(driver, "resource:m", "b", slots3);
      expect(
        await driver.forceReleaseLock("resource:m", { by: "admin", expectedToken: b.fencing_token + 99 }),
      ).toEqual([]);
      expect(
        await driver.forceReleaseLock("resource:m", { by: "admin", expectedToken: b.fencing_token }),
      ).toEqual([b]);
      expect(await driver.getLock("resource:m")).toMatchObject({ holders: [a] });
    });

    it("evicts exactly the named holds and grants the caller in the same step", async () => {
      const { driver } = await open();
      const a = await take(driver, "resource:m", "a", { slots: 2 });
      const b = await take(driver, "resource:m", "b", { slots: 2 });
      const r = await queue(driver, "resource:m", "c", {
        slots: 2,
        evict: [a.fencing_token],
        reason: "a is dead",
      });
      expect(r).toMatchObject({ acquired: true, extended: false });
      expect(await holdersOf(driver, "resource:m")).toEqual(["b", "c"]);
      expect((await driver.getLock("resource:m"))?.holders[0]).toEqual(b);
    });

    it("an eviction frees the place for the first waiter even when the evicting caller is behind it", async () => {
      const { driver } = await open();
      const h = await take(driver, "resource:m", "h");
      await queue(driver, "resource:m", "w1");
      const r = await queue(driver, "resource:m", "w2", { evict: [h.fencing_token], reason: "h is dead" });
      expect(r).toMatchObject({ acquired: false, position: 2, state: { holders: [] } });
      expect((await queue(driver, "resource:m", "w1")).acquired).toBe(true);
    });

    it("ending a session removes its holds on shared and slotted names and its places in lines, and nothing else", async () => {
      const { driver } = await open();
      await driver.putSession(sessionRecord("s1"));
      await take(driver, "resource:m", "s1", shared);
      await take(driver, "resource:m", "s2", shared);
      await take(driver, "resource:n", "s2", { slots: 2 });
      await take(driver, "resource:n", "s1", { slots: 2 });
      await take(driver, "resource:o", "s3");
      await queue(driver, "resource:o", "s1");
      await queue(driver, "resource:o", "s4");
      await driver.claimIssue(claimFor("s1", 5));
      const ended = await driver.endSession("s1", { event: "session.ended" });
      expect([...ended.locks].sort()).toEqual(["resource:m", "resource:n"]);
      expect(ended.claim).toMatchObject({ number: 5 });
      expect(await holdersOf(driver, "resource:m")).toEqual(["s2"]);
      expect(await holdersOf(driver, "resource:n")).toEqual(["s2"]);
      expect(await holdersOf(driver, "resource:o")).toEqual(["s3"]);
      expect(await lineOf(driver, "resource:o")).toEqual(["s4"]);
    });

    it("ending a session that only waited takes it out of the line, and the next waiter is served", async () => {
      const { driver } = await open();
      await take(driver, "resource:o", "h");
      await queue(driver, "resource:o", "w1");
      await queue(driver, "resource:o", "w2");
      expect(await driver.endSession("w1", { event: "session.ended" })).toMatchObject({ locks: [] });
      expect(await lineOf(driver, "resource:o")).toEqual(["w2"]);
      await driver.releaseLock("resource:o", "h");
      expect((await queue(driver, "resource:o", "w2")).acquired).toBe(true);
    });
  });
}

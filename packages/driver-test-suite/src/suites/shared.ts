import { ask, holdersOf, lineOf, queue, take } from "../fixtures.js";
import type { SuiteContext } from "../suite-context.js";

const shared = { mode: "shared" as const };

/** Shared holds: any number together, never beside an exclusive one; FIFO across both kinds. */
export function sharedSuite({ describe, it, expect, open }: SuiteContext): void {
  describe("shared holds", () => {
    it("shared holds coexist, each with its own increasing token", async () => {
      const { driver } = await open();
      const holds = [];
      for (const s of ["r1", "r2", "r3", "r4"]) holds.push(await take(driver, "resource:db", s, shared));
      expect(holds.every((h) => h.mode === "shared")).toBe(true);
      const tokens = holds.map((h) => h.fencing_token);
      for (let i = 1; i < tokens.length; i++) expect(tokens[i]).toBeGreaterThan(tokens[i - 1]!);
      expect(await driver.getLock("resource:db")).toMatchObject({ slots: 1, holders: holds });
    });

    it("an exclusive hold is alone: no shared hold beside it, and none beside shared holds", async () => {
      const { driver } = await open();
      await take(driver, "resource:db", "w");
      expect((await driver.acquireLock("resource:db", ask("r1", shared))).acquired).toBe(false);
      await driver.releaseLock("resource:db", "w");
      await take(driver, "resource:db", "r1", shared);
      expect((await driver.acquireLock("resource:db", ask("w"))).acquired).toBe(false);
      expect(await holdersOf(driver, "resource:db")).toEqual(["r1"]);
    });

    it("a writer waiting behind readers is not overtaken by readers arriving after it", async () => {
      const { driver } = await open();
      await take(driver, "resource:db", "r1", shared);
      expect(await queue(driver, "resource:db", "writer")).toMatchObject({ acquired: false, position: 1 });
      expect(await queue(driver, "resource:db", "r2", shared)).toMatchObject({
        acquired: false,
        position: 2,
      });
      expect((await driver.acquireLock("resource:db", ask("r3", shared))).acquired).toBe(false);
      await driver.releaseLock("resource:db", "r1");
      expect((await queue(driver, "resource:db", "r2", shared)).acquired).toBe(false);
      expect((await queue(driver, "resource:db", "writer")).acquired).toBe(true);
      expect((await queue(driver, "resource:db", "r2", shared)).acquired).toBe(false);
      await driver.releaseLock("resource:db", "writer");
      expect((await queue(driver, "resource:db", "r2", shared)).acquired).toBe(true);
    });

    it("readers waiting together behind a writer all get in once it leaves", async () => {
      const { driver } = await open();
      await take(driver, "resource:db", "writer");
      await queue(driver, "resource:db", "r1", shared);
      await queue(driver, "resource:db", "r2", shared);
      await queue(driver, "resource:db", "w2");
      await driver.releaseLock("resource:db", "writer");
      expect((await queue(driver, "resource:db", "r1", shared)).acquired).toBe(true);
      expect((await queue(driver, "resource:db", "r2", shared)).acquired).toBe(true);
      expect((await queue(driver, "resource:db", "w2")).acquired).toBe(false);
      expect(await holdersOf(driver, "resource:db")).toEqual(["r1", "r2"]);
      expect(await lineOf(driver, "resource:db")).toEqual(["w2"]);
    });

    it("a re-entrant acquire keeps the hold's mode", async () => {
      const { driver } = await open();
      const r = await take(driver, "resource:db", "r1", shared);
      const again = await driver.acquireLock("resource:db", ask("r1"));
      expect(again).toMatchObject({
        acquired: true,
        extended: true,
        lock: { mode: "shared", fencing_token: r.fencing_token },
      });
    });
  });
}

import { eventLines, queue, sleep, take } from "../fixtures.js";
import type { SuiteContext } from "../suite-context.js";

/** Release requests: kept on the lock for the holders to see, until their TTL or the last hold goes. */
export function requestsSuite({ describe, it, expect, open }: SuiteContext): void {
  describe("release requests", () => {
    it("keeps a request on the lock with who asks, why and until when", async () => {
      const { driver } = await open();
      await take(driver, "resource:r", "h");
      const before = Date.now();
      const state = await driver.requestRelease("resource:r", {
        by: "asker",
        reason: "need to deploy",
        ttlMs: 60_000,
      });
      expect(state?.requests).toEqual([
        { by: "asker", reason: "need to deploy", at: expect.any(String), expires_at: expect.any(String) },
      ]);
      const [request] = state!.requests;
      expect(Date.parse(request!.at)).toBeGreaterThanOrEqual(before - 1_000);
      expect(Date.parse(request!.expires_at) - Date.parse(request!.at)).toBeGreaterThanOrEqual(59_000);
      expect(await driver.getLock("resource:r")).toEqual(state);
    });

    it("nobody holding the name: null, and nothing is kept or recorded", async () => {
      const { driver } = await open();
      expect(
        await driver.requestRelease("resource:none", { by: "asker", reason: null, ttlMs: 60_000 }),
      ).toBeNull();
      await take(driver, "resource:r", "h");
      await queue(driver, "resource:r", "w");
      await driver.releaseLock("resource:r", "h");
      const before = await eventLines(driver);
      expect(
        await driver.requestRelease("resource:r", { by: "asker", reason: null, ttlMs: 60_000 }),
      ).toBeNull();
      expect((await driver.getLock("resource:r"))?.requests).toEqual([]);
      expect(await eventLines(driver)).toEqual(before);
    });

    it("a second request by the same session replaces its first; others' requests stay", async () => {
      const { driver } = await open();
      await take(driver, "resource:r", "h");
      await driver.requestRelease("resource:r", { by: "a", reason: "first", ttlMs: 60_000 });
      await driver.requestRelease("resource:r", { by: "b", reason: null, ttlMs: 60_000 });
      const state = await driver.requestRelease("resource:r", { by: "a", reason: "again", ttlMs: 60_000 });
      expect(state?.requests.map((r) => [r.by, r.reason]).sort()).toEqual([
        ["a", "again"],
        ["b", null],
      ]);
    });

    it("a request lapses after its TTL", async () => {
      const { driver } = await open();
      await take(driver, "resource:r", "h");
      await driver.requestRelease("resource:r", { by: "a", reason: null, ttlMs: 200 });
      await sleep(400);
      expect((await driver.getLock("resource:r"))?.requests).toEqual([]);
    });

    it("requests go with the name's last hold, and stay while a hold remains", async () => {
      const { driver } = await open();
      await take(driver, "resource:r", "h1", { mode: "shared" });
      await take(driver, "resource:r", "h2", { mode: "shared" });
      await queue(driver, "resource:r", "asker");
      await driver.requestRelease("resource:r", { by: "asker", reason: null, ttlMs: 60_000 });
      await driver.releaseLock("resource:r", "h1");
      expect((await driver.getLock("resource:r"))?.requests.map((r) => r.by)).toEqual(["asker"]);
      await driver.releaseLock("resource:r", "h2");
      expect((await driver.getLock("resource:r"))?.requests).toEqual([]);
      await queue(driver, "resource:r", "asker");
      expect((await driver.getLock("resource:r"))?.requests).toEqual([]);
    });
  });
}

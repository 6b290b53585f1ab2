import { queue, sleep, take } from "../fixtures.js";
import type { SuiteContext } from "../suite-context.js";

/** Fencing tokens: strictly increasing per name, forever, and never below the clock in µs. */
export function fencingSuite({ describe, it, expect, open }: SuiteContext): void {
  describe("fencing tokens", () => {
    it("rise strictly with every grant of a name, across release, expiry, force-release, eviction and vanishing", async () => {
      const { driver } = await open();
      const tokens: number[] = [];
      const grant = async (session: string, extra: Parameters<typeof take>[3] = {}) => {
        tokens.push((await take(driver, "resource:f", session, extra)).fencing_token);
      };
      await grant("s1");
      await driver.releaseLock("resource:f", "s1");
      await grant("s2", { ttlMs: 150 });
      await sleep(300);
      await grant("s3");
      await driver.forceReleaseLock("resource:f", { by: "admin" });
      await grant("s1");
      await grant("s2", { evict: [tokens.at(-1)!] });
      await driver.releaseLock("resource:f", "s2");
      await grant("r1", { mode: "shared" });
      await grant("r2", { mode: "shared" });
      await driver.forceReleaseLock("resource:f", { by: "admin" });
      await grant("a", { slots: 2 });
      await grant("b", { slots: 2 });
      await driver.forceReleaseLock("resource:f", { by: "admin" });
      await take(driver, "resource:f", "h");
      await queue(driver, "resource:f", "w");
      await driver.releaseLock("resource:f", "h");
      const waited = await queue(driver, "resource:f", "w");
      tokens.push(waited.acquired ? waited.lock.fencing_token : -1);
      for (let i = 1; i < tokens.length; i++) expect(tokens[i]).toBeGreaterThan(tokens[i - 1]!);
      expect(tokens.every(Number.isSafeInteger)).toBe(true);
    });

    it("are at least the clock in microseconds, and each name counts on its own", async () => {
      const { driver } = await open();
      const before = Date.now();
      const a = await take(driver, "resource:a", "s1");
      const b = await take(driver, "resource:b", "s1");
      expect(a.fencing_token).toBeGreaterThanOrEqual(before * 1000);
      expect(b.fencing_token).toBeGreaterThanOrEqual(before * 1000);
      const again = await take(driver, "resource:a", "s1");
      expect(again.fencing_token).toBe(a.fencing_token);
    });
  });
}

import { claimFor, owner } from "../fixtures.js";
import type { SuiteContext } from "../suite.js";

const RACERS = 12;

export function raceSuite({ describe, it, expect, open }: SuiteContext): void {
  describe("races", () => {
    it(`${RACERS} clients acquiring one name at once: exactly one wins`, async () => {
      const { namespace } = await open();
      const drivers = await Promise.all(Array.from({ length: RACERS }, () => open(namespace)));
      const results = await Promise.all(
        drivers.map(({ driver }, i) => driver.acquireLock("resource:race", owner(`racer-${i}`), 60_000)),
      );
      const winners = results.filter((r) => r.acquired);
      expect(winners).toHaveLength(1);
      const holder = await drivers[0]!.driver.getLock("resource:race");
      expect(winners[0]!.acquired && winners[0]!.lock.held_by).toBe(holder?.held_by);
    });

    it(`${RACERS} sessions claiming one issue at once: exactly one holds it`, async () => {
      const { namespace } = await open();
      const drivers = await Promise.all(Array.from({ length: RACERS }, () => open(namespace)));
      const results = await Promise.all(
        drivers.map(({ driver }, i) => driver.claimIssue(claimFor(`racer-${i}`, 77))),
      );
      expect(results.filter((r) => r.claimed)).toHaveLength(1);
    });
  });
}

import { ask, claimFor, lineOf, queue } from "../fixtures.js";
import type { SuiteContext } from "../suite-context.js";

const RACERS = 12;

/** Many clients on one name at the same instant: the atomic steps hold. */
export function raceSuite({ describe, it, expect, open }: SuiteContext): void {
  describe("races", () => {
    const racers = async () => {
      const { namespace } = await open();
      return Promise.all(Array.from({ length: RACERS }, () => open(namespace)));
    };

    it(`${RACERS} clients acquiring one name at once: exactly one wins`, async () => {
      const drivers = await racers();
      const results = await Promise.all(
        drivers.map(({ driver }, i) => driver.acquireLock("resource:race", ask(`racer-${i}`))),
      );
      const winners = results.filter((r) => r.acquired);
      expect(winners).toHaveLength(1);
      const state = await drivers[0]!.driver.getLock("resource:race");
      expect(state?.holders.map((h) => h.held_by)).toEqual([
        winners[0]!.acquired && winners[0]!.lock.held_by,
      ]);
    });

    it(`${RACERS} clients with 3 slots at once: exactly three win, with distinct tokens`, async () => {
      const drivers = await racers();
      const results = await Promise.all(
        drivers.map(({ driver }, i) => driver.acquireLock("resource:race", ask(`racer-${i}`, { slots: 3 }))),
      );
      const tokens = results.flatMap((r) => (r.acquired ? [r.lock.fencing_token] : []));
      expect(tokens).toHaveLength(3);
      expect(new Set(tokens).size).toBe(3);
      expect((await drivers[0]!.driver.getLock("resource:race"))?.holders).toHaveLength(3);
    });

    it(`${RACERS} clients joining one line at once: each gets its own place, and grants follow the line`, async () => {
      const drivers = await racers();
      const holder = drivers[0]!.driver;
      await holder.acquireLock("resource:race", ask("holder"));
      const results = await Promise.all(
        drivers.map(({ driver }, i) => queue(driver, "resource:race", `w${i}`)),
      );
      const positions = results.map((r) => (r.acquired ? 0 : r.position));
      expect([...positions].sort((a, b) => a! - b!)).toEqual(Array.from({ length: RACERS }, (_, i) => i + 1));
      const line = await lineOf(holder, "resource:race");
      expect(line.map((s) => positions[Number(s.slice(1))])).toEqual(
        positions.slice().sort((a, b) => a! - b!),
      );
      await holder.releaseLock("resource:race", "holder");
      const order: string[] = [];
      for (let round = 0; round < RACERS; round++) {
        const attempts = await Promise.all(
          drivers.map(({ driver }, i) =>
            order.includes(`w${i}`) ? null : queue(driver, "resource:race", `w${i}`),
          ),
        );
        const granted = attempts.flatMap((r) => (r?.acquired ? [r.lock.held_by] : []));
        expect(granted).toHaveLength(1);
        order.push(granted[0]!);
        await holder.releaseLock("resource:race", granted[0]!);
      }
      expect(order).toEqual(line);
    });

    it(`${RACERS} sessions claiming one issue at once: exactly one holds it`, async () => {
      const drivers = await racers();
      const results = await Promise.all(
        drivers.map(({ driver }, i) => driver.claimIssue(claimFor(`racer-${i}`, 77))),
      );
      expect(results.filter((r) => r.claimed)).toHaveLength(1);
    });
  });
}

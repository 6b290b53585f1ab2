import { coordinatorFor, deadPid, HOUR, lineOf, ManualClock, MINUTE, sleep, take } from "../fixtures.js";
import type { SuiteContext } from "../suite-context.js";

/** The Coordinator's policy on each driver: the wait loop, judging holders, takeover. */
export function coordinatorSuite({ describe, it, expect, open }: SuiteContext): void {
  describe("coordinator", () => {
    it("a waiting acquire gets the lock once the holder releases", async () => {
      const { driver, namespace } = await open();
      const { driver: other } = await open(namespace);
      const clock = new ManualClock(Date.now());
      const a = coordinatorFor(driver, "sa", clock);
      const b = coordinatorFor(other, "sb", clock);
      await a.acquire("handoff", { ttl: 60 });
      const waiting = b.acquire("handoff", { ttl: 60, wait: 20 });
      await expect.poll(() => lineOf(driver, "resource:handoff"), { timeout: 10_000 }).toEqual(["sb"]);
      await a.release("handoff");
      const r = await waiting;
      expect(r).toMatchObject({
        acquired: true,
        success: true,
        held_by: "sb",
        lock_name: "resource:handoff",
      });
      expect(r.waited_seconds).toBeLessThan(20);
    });

    it("waiting acquires are served in the order they began waiting", async () => {
      const { driver, namespace } = await open();
      const clock = new ManualClock(Date.now());
      const holder = coordinatorFor(driver, "holder", clock);
      await holder.acquire("fifo", { ttl: 60 });
      const order: string[] = [];
      const waits: Promise<unknown>[] = [];
      for (const id of ["w1", "w2", "w3"]) {
        const { driver: own } = await open(namespace);
        const c = coordinatorFor(own, id, clock);
        waits.push(
          c.acquire("fifo", { ttl: 60, wait: 60 }).then(async (r) => {
            if (!r.acquired) throw new Error(`${id} was refused`);
            order.push(id);
            await sleep(20);
            await c.release("fifo");
          }),
        );
        await expect.poll(() => lineOf(driver, "resource:fifo"), { timeout: 10_000 }).toContain(id);
      }
      await holder.release("fifo");
      await Promise.all(waits);
      expect(order).toEqual(["w1", "w2", "w3"]);
    });

    it("a wait that runs out leaves the line and says so", async () => {
      const { driver } = await open();
      const clock = new ManualClock(Date.now());
      await coordinatorFor(driver, "holder", clock).acquire("busy", { ttl: 60 });
      const r = await coordinatorFor(driver, "late", clock).acquire("busy", { wait: 0.5 });
      expect(r).toMatchObject({ acquired: false, reason: "timeout", held_by: "holder" });
      expect(await lineOf(driver, "resource:busy")).toEqual([]);
    });

    it("a lock whose holder process is gone on this host is taken at once", async () => {
      const { driver } = await open();
      const clock = new ManualClock(Date.now());
      await take(driver, "resource:crash", "ghost", { ttlMs: 3_600_000, owner: { pid: deadPid() } });
      const r = await coordinatorFor(driver, "sb", clock).acquire("crash", { ttl: 60 });
      expect(r).toMatchObject({ acquired: true, took_over: { held_by: "ghost", tier: "dead" } });
      expect(r.warning).toBeUndefined();
    });

    it("holder tiers decide takeover: idle refused, stale past 4h taken with a warning, abandoned taken", async () => {
      const { driver } = await open();
      const clock = new ManualClock(Date.now());
      const holder = coordinatorFor(driver, "holder", clock);
      const taker = coordinatorFor(driver, "taker", clock);
      await holder.sessions.register();
      await holder.acquire("x", { ttl: 86_400 });
      clock.advance(30 * MINUTE);
      expect(await taker.acquire("x")).toMatchObject({
        acquired: false,
        held_by: "holder",
        holder_tier: "idle",
      });
      clock.advance(2 * HOUR);
      expect(await taker.acquire("x")).toMatchObject({ acquired: false, holder_tier: "stale" });
      clock.advance(2 * HOUR);
      const stale = await taker.acquire("x", { ttl: 86_400 });
      expect(stale).toMatchObject({ acquired: true, took_over: { held_by: "holder", tier: "stale" } });
      expect(stale.warning).toMatch(/took over resource:x from stale session holder/);
      await taker.sessions.register();
      await holder.sessions.heartbeat();
      clock.advance(25 * HOUR);
      await holder.sessions.heartbeat();
      expect(await holder.check("x")).toMatchObject({ available: true, holder_tier: "abandoned" });
      const abandoned = await holder.acquire("x");
      expect(abandoned).toMatchObject({ acquired: true, took_over: { held_by: "taker", tier: "abandoned" } });
      expect(abandoned.warning).toBeUndefined();
    });

    it("a force-release reaches the holder as a notice worded for it, once", async () => {
      const { driver } = await open();
      const clock = new ManualClock(Date.now());
      const holder = coordinatorFor(driver, "holder", clock);
      await holder.acquire("deploy");
      await coordinatorFor(driver, "admin", clock).forceRelease("deploy");
      const { notices } = await holder.notices();
      expect(notices).toHaveLength(1);
      expect(notices[0]?.text).toMatch(/your lock resource:deploy was force-released by admin at \d\d:\d\d/);
      expect((await holder.notices()).notices).toEqual([]);
    });
  });
}

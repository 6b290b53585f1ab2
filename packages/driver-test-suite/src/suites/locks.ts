import { coordinatorFor, deadPid, HOUR, ManualClock, MINUTE, owner, sleep } from "../fixtures.js";
import type { SuiteContext } from "../suite.js";

export function locksSuite({ describe, it, expect, open }: SuiteContext): void {
  describe("locks", () => {
    it("acquires a free lock with a positive fencing token and the holder's details", async () => {
      const { driver } = await open();
      const r = await driver.acquireLock("resource:a", owner("s1", { pid: 123 }), 60_000);
      expect(r.acquired).toBe(true);
      if (!r.acquired) return;
      expect(r.extended).toBe(false);
      expect(r.lock).toMatchObject({
        lock_name: "resource:a",
        held_by: "s1",
        pid: 123,
        worktree: "/work/s1",
      });
      expect(r.lock.fencing_token).toBeGreaterThan(0);
      expect(Date.parse(r.lock.expires_at) - Date.parse(r.lock.acquired_at)).toBeGreaterThanOrEqual(59_000);
      expect(await driver.getLock("resource:a")).toEqual(r.lock);
    });

    it("refuses a held lock to another session and names the holder", async () => {
      const { driver } = await open();
      await driver.acquireLock("resource:a", owner("s1"), 60_000);
      const r = await driver.acquireLock("resource:a", owner("s2"), 60_000);
      expect(r.acquired).toBe(false);
      if (r.acquired) return;
      expect(r.holder.held_by).toBe("s1");
    });

    it("re-entrant acquire by the holder extends it and keeps the fencing token", async () => {
      const { driver } = await open();
      const first = await driver.acquireLock("resource:a", owner("s1"), 1_000);
      const again = await driver.acquireLock("resource:a", owner("s1"), 60_000);
      expect(first.acquired && again.acquired).toBe(true);
      if (!first.acquired || !again.acquired) return;
      expect(again.extended).toBe(true);
      expect(again.lock.fencing_token).toBe(first.lock.fencing_token);
      expect(Date.parse(again.lock.expires_at)).toBeGreaterThan(Date.parse(first.lock.expires_at));
    });

    it("releases only for the holder: not_owner keeps it, not_found when free", async () => {
      const { driver } = await open();
      await driver.acquireLock("resource:a", owner("s1"), 60_000);
      const other = await driver.releaseLock("resource:a", "s2");
      expect(other.outcome).toBe("not_owner");
      expect(other.lock?.held_by).toBe("s1");
      expect((await driver.getLock("resource:a"))?.held_by).toBe("s1");
      expect((await driver.releaseLock("resource:a", "s1")).outcome).toBe("done");
      expect(await driver.getLock("resource:a")).toBeNull();
      expect((await driver.releaseLock("resource:a", "s1")).outcome).toBe("not_found");
    });

    it("extends only for the holder", async () => {
      const { driver } = await open();
      const r = await driver.acquireLock("resource:a", owner("s1"), 1_000);
      const ext = await driver.extendLock("resource:a", "s1", 120_000);
      expect(ext.outcome).toBe("done");
      expect(Date.parse(ext.lock!.expires_at)).toBeGreaterThan(
        Date.parse(r.acquired ? r.lock.expires_at : ""),
      );
      expect((await driver.extendLock("resource:a", "s2", 120_000)).outcome).toBe("not_owner");
      expect((await driver.extendLock("resource:missing", "s1", 120_000)).outcome).toBe("not_found");
    });

    it("lets a lock lapse when its TTL has passed", async () => {
      const { driver } = await open();
      await driver.acquireLock("resource:a", owner("s1"), 200);
      await sleep(400);
      expect(await driver.getLock("resource:a")).toBeNull();
      expect(await driver.listLocks("*")).toEqual([]);
      const r = await driver.acquireLock("resource:a", owner("s2"), 60_000);
      expect(r.acquired).toBe(true);
      expect((await driver.extendLock("resource:a", "s1", 1_000)).outcome).toBe("not_owner");
    });

    it("force-releases whoever holds it, and honours an expected fencing token", async () => {
      const { driver } = await open();
      const r = await driver.acquireLock("resource:a", owner("s1"), 60_000);
      const token = r.acquired ? r.lock.fencing_token : -1;
      expect(await driver.forceReleaseLock("resource:a", { expectedToken: token + 1 })).toBeNull();
      expect((await driver.getLock("resource:a"))?.held_by).toBe("s1");
      const broke = await driver.forceReleaseLock("resource:a");
      expect(broke?.held_by).toBe("s1");
      expect(await driver.getLock("resource:a")).toBeNull();
      expect(await driver.forceReleaseLock("resource:a")).toBeNull();
    });

    it("takes a held lock with replaceToken only when the token still matches", async () => {
      const { driver } = await open();
      const r = await driver.acquireLock("resource:a", owner("s1"), 60_000);
      const token = r.acquired ? r.lock.fencing_token : -1;
      const wrong = await driver.acquireLock("resource:a", owner("s2"), 60_000, { replaceToken: token + 7 });
      expect(wrong.acquired).toBe(false);
      const right = await driver.acquireLock("resource:a", owner("s2"), 60_000, { replaceToken: token });
      expect(right.acquired).toBe(true);
      if (right.acquired) expect(right.lock.fencing_token).toBeGreaterThan(token);
    });

    it("issues strictly increasing fencing tokens across release, expiry and force-release", async () => {
      const { driver } = await open();
      const tokens: number[] = [];
      const take = async (session: string, ttl = 60_000) => {
        const r = await driver.acquireLock("resource:f", owner(session), ttl);
        if (!r.acquired) throw new Error("expected to acquire");
        tokens.push(r.lock.fencing_token);
      };
      await take("s1");
      await driver.releaseLock("resource:f", "s1");
      await take("s2", 150);
      await sleep(300);
      await take("s3");
      await driver.forceReleaseLock("resource:f");
      await take("s1");
      const other = await driver.acquireLock("resource:g", owner("s1"), 60_000);
      for (let i = 1; i < tokens.length; i++) expect(tokens[i]).toBeGreaterThan(tokens[i - 1]!);
      expect(other.acquired && other.lock.fencing_token).toBeGreaterThan(0);
    });

    it("lists unexpired locks by glob over stored names, sorted", async () => {
      const { driver } = await open();
      for (const name of [
        "resource:pytest-api",
        "resource:pytest-web",
        "resource:build",
        "issue:42",
        "wave:5c.1",
      ]) {
        await driver.acquireLock(name, owner("s1"), 60_000);
      }
      await driver.acquireLock("resource:short", owner("s1"), 100);
      await sleep(250);
      const names = async (p: string) => (await driver.listLocks(p)).map((l) => l.lock_name);
      expect(await names("*")).toEqual([
        "issue:42",
        "resource:build",
        "resource:pytest-api",
        "resource:pytest-web",
        "wave:5c.1",
      ]);
      expect(await names("resource:pytest-*")).toEqual(["resource:pytest-api", "resource:pytest-web"]);
      expect(await names("issue:*")).toEqual(["issue:42"]);
      expect(await names("resource:pytest-?e?")).toEqual(["resource:pytest-web"]);
      expect(await names("wave:5c.?")).toEqual(["wave:5c.1"]);
      expect(await names("nothing:*")).toEqual([]);
    });

    it("keeps names that differ only in case or by path-like characters distinct", async () => {
      const { driver } = await open();
      const names = [
        "resource:CON",
        "resource:con",
        "resource:../x",
        "resource:a/../../b",
        "resource:/etc/passwd",
        "resource:a%2Fb",
        "resource:a/b",
      ];
      for (const [i, name] of names.entries()) {
        const r = await driver.acquireLock(name, owner(`s${i}`), 60_000);
        expect(r.acquired).toBe(true);
      }
      for (const [i, name] of names.entries()) expect((await driver.getLock(name))?.held_by).toBe(`s${i}`);
      expect((await driver.listLocks("*")).map((l) => l.lock_name).sort()).toEqual([...names].sort());
    });

    it("wakes a waiter when the lock is released", async () => {
      const { driver, namespace } = await open();
      const { driver: other } = await open(namespace);
      await driver.acquireLock("resource:w", owner("s1"), 60_000);
      const woke = other.waitForRelease("resource:w", 30_000).then(() => "woke");
      await sleep(50);
      await driver.releaseLock("resource:w", "s1");
      expect(await Promise.race([woke, sleep(10_000).then(() => "still waiting")])).toBe("woke");
      expect((await other.acquireLock("resource:w", owner("s2"), 60_000)).acquired).toBe(true);
    });

    it("coordinator: a waiting acquire gets the lock once the holder releases", async () => {
      const { driver, namespace } = await open();
      const { driver: other } = await open(namespace);
      const clock = new ManualClock(Date.now());
      const a = coordinatorFor(driver, "sa", clock);
      const b = coordinatorFor(other, "sb", clock);
      await a.acquire("handoff", { ttl: 60 });
      const waiting = b.acquire("handoff", { ttl: 60, wait: 20 });
      await sleep(100);
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

    it("coordinator: a lock whose holder process is gone on this host is taken at once", async () => {
      const { driver } = await open();
      const clock = new ManualClock(Date.now());
      await driver.acquireLock("resource:crash", owner("ghost", { pid: deadPid() }), 3_600_000);
      const r = await coordinatorFor(driver, "sb", clock).acquire("crash", { ttl: 60 });
      expect(r).toMatchObject({ acquired: true, took_over: { held_by: "ghost", tier: "dead" } });
      expect(r.warning).toBeUndefined();
    });

    it("coordinator: holder tiers decide takeover: idle refused, stale past 4h taken with a warning, abandoned taken", async () => {
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
  });
}

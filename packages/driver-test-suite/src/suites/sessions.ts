import {
  claimFor,
  coordinatorFor,
  deadPid,
  HOUR,
  holdersOf,
  ManualClock,
  MINUTE,
  sessionRecord,
  settlesWithin,
  sleep,
  take,
} from "../fixtures.js";
import type { SuiteContext } from "../suite-context.js";

export function sessionsSuite({ describe, it, expect, open }: SuiteContext): void {
  describe("sessions", () => {
    it("stores, updates and lists session records", async () => {
      const { driver } = await open();
      await driver.putSession(sessionRecord("s1"));
      await driver.putSession(sessionRecord("s2", { metadata: { nested: { a: [1, 2] } } }));
      expect(await driver.getSession("s1")).toEqual(
        sessionRecord("s1", { started_at: expect.any(String), last_heartbeat: expect.any(String) }),
      );
      const later = new Date(Date.now() + 1000).toISOString();
      const updated = await driver.updateSession("s1", { last_heartbeat: later, paused: true });
      expect(updated).toMatchObject({ session_id: "s1", last_heartbeat: later, paused: true });
      expect(await driver.getSession("s1")).toMatchObject({
        last_heartbeat: later,
        paused: true,
        metadata: { tool: "test" },
      });
      expect(await driver.updateSession("nobody", { paused: true })).toBeNull();
      expect(await driver.getSession("nobody")).toBeNull();
      const ids = (await driver.listSessions()).map((s) => s.session_id).sort();
      expect(ids).toEqual(["s1", "s2"]);
      expect((await driver.getSession("s2"))?.metadata).toEqual({ nested: { a: [1, 2] } });
    });

    it("ending a session removes it with its locks and claim, and nothing else", async () => {
      const { driver } = await open();
      await driver.putSession(sessionRecord("s1"));
      await driver.putSession(sessionRecord("s2"));
      await take(driver, "resource:a", "s1");
      await take(driver, "issue:42", "s1");
      await take(driver, "resource:b", "s2");
      await driver.claimIssue(claimFor("s1", 42));
      await driver.claimIssue(claimFor("s2", 43));
      const waiter = driver.waitForChange("resource:a", 60_000);
      await sleep(50);
      const ended = await driver.endSession("s1", { event: "session.ended" });
      expect(ended.session?.session_id).toBe("s1");
      expect([...ended.locks].sort()).toEqual(["issue:42", "resource:a"]);
      expect(ended.claim).toMatchObject({ repo: "acme/api", number: 42 });
      expect(await settlesWithin(waiter, 10_000)).toBe("settled");
      expect(await driver.getSession("s1")).toBeNull();
      expect(await driver.getLock("resource:a")).toBeNull();
      expect(await holdersOf(driver, "resource:b")).toEqual(["s2"]);
      expect(await driver.getClaim("acme/api", 42)).toBeNull();
      expect((await driver.getClaim("acme/api", 43))?.session_id).toBe("s2");
      expect(await driver.endSession("s1", { event: "session.ended" })).toEqual({
        session: null,
        locks: [],
        claim: null,
      });
    });

    it("reaches every tier: active, idle, stale, abandoned, dead", async () => {
      const { driver } = await open();
      const clock = new ManualClock(Date.now());
      const me = coordinatorFor(driver, "me", clock);
      const tierOf = async (id: string) =>
        (await me.sessions.status()).sessions.find((s) => s.session_id === id)?.tier;
      await me.sessions.register({ purpose: "tiers" });
      expect(await tierOf("me")).toBe("active");
      clock.advance(5 * MINUTE - 1);
      expect(await tierOf("me")).toBe("active");
      clock.advance(1);
      expect(await tierOf("me")).toBe("idle");
      clock.advance(HOUR - 5 * MINUTE);
      expect(await tierOf("me")).toBe("stale");
      clock.advance(23 * HOUR - 1);
      expect(await tierOf("me")).toBe("stale");
      clock.advance(1);
      expect(await tierOf("me")).toBe("abandoned");
      await me.sessions.heartbeat();
      expect(await tierOf("me")).toBe("active");
      await driver.putSession(
        sessionRecord("gone", {
          host: (await import("node:os")).hostname(),
          pid: deadPid(),
          last_heartbeat: new Date(clock.now()).toISOString(),
        }),
      );
      expect(await tierOf("gone")).toBe("dead");
    });

    it("status marks me, ages, claims and locks; pause keeps the heartbeat", async () => {
      const { driver } = await open();
      const clock = new ManualClock(Date.now());
      const me = coordinatorFor(driver, "me", clock);
      const other = coordinatorFor(driver, "other", clock);
      await me.sessions.register();
      await other.sessions.register();
      await me.acquire("build");
      await me.claims.claim(7, { title: "Fix auth" });
      clock.advance(90_000);
      const paused = await other.sessions.pause();
      expect(paused).toMatchObject({ paused: true, registered: false });
      const status = await me.sessions.status();
      const mine = status.sessions.find((s) => s.me)!;
      expect(status.me).toBe("me");
      expect(mine).toMatchObject({
        session_id: "me",
        tier: "active",
        heartbeat_age_seconds: 90,
        locks: ["resource:build"],
      });
      expect(mine.claim).toMatchObject({
        repo: "acme/api",
        number: 7,
        title: "Fix auth",
        label: "API #7: Fix auth",
      });
      expect(status.sessions.find((s) => s.session_id === "other")).toMatchObject({
        me: false,
        paused: true,
        heartbeat_age_seconds: 90,
      });
      expect(status.counts.active).toBe(2);
    });

    it("heartbeat registers an unknown session", async () => {
      const { driver } = await open();
      const me = coordinatorFor(driver, "late", new ManualClock(Date.now()));
      expect(await me.sessions.heartbeat()).toMatchObject({ registered: true, session_id: "late" });
      expect(await me.sessions.heartbeat()).toMatchObject({ registered: false });
    });

    it("cleanup removes dead and abandoned sessions with their locks and claims, and keeps the rest", async () => {
      const { driver } = await open();
      const clock = new ManualClock(Date.now());
      const old = coordinatorFor(driver, "old", clock);
      await old.sessions.register();
      await old.acquire("old-lock");
      await old.claims.claim(1);
      clock.advance(25 * HOUR);
      const fresh = coordinatorFor(driver, "fresh", clock);
      await fresh.sessions.register();
      await fresh.acquire("fresh-lock");
      const stale = coordinatorFor(driver, "stale", clock);
      await stale.sessions.register();
      await driver.putSession(
        sessionRecord("dead", {
          host: (await import("node:os")).hostname(),
          pid: deadPid(),
          last_heartbeat: new Date(clock.now()).toISOString(),
        }),
      );
      await take(driver, "resource:dead-lock", "dead");
      await take(driver, "resource:orphan", "unregistered", { owner: { pid: deadPid() } });
      clock.advance(2 * HOUR);
      const result = await fresh.sessions.cleanup();
      const removed = Object.fromEntries(result.removed.map((r) => [r.session_id, r]));
      expect(Object.keys(removed).sort()).toEqual(["dead", "old"]);
      expect(removed.old).toMatchObject({
        tier: "abandoned",
        released_locks: ["resource:old-lock"],
        released_claim: { number: 1 },
      });
      expect(removed.dead).toMatchObject({ tier: "dead", released_locks: ["resource:dead-lock"] });
      expect(result.released_locks).toEqual(["resource:orphan"]);
      expect((await driver.listSessions()).map((s) => s.session_id).sort()).toEqual(["fresh", "stale"]);
      expect((await driver.listLocks("*")).map((l) => l.lock_name)).toEqual(["resource:fresh-lock"]);
    });

    it("coordinator end() says which locks and claim it released", async () => {
      const { driver } = await open();
      const me = coordinatorFor(driver, "ender", new ManualClock(Date.now()));
      await me.sessions.register();
      await me.acquire("one");
      await me.acquire("issue:9");
      await me.claims.claim(9, { title: "Nine" });
      const end = await me.sessions.end();
      expect(end).toMatchObject({ ended: true, released_claim: { number: 9, title: "Nine" } });
      expect([...end.released_locks].sort()).toEqual(["issue:9", "resource:one"]);
      expect((await me.sessions.end()).ended).toBe(false);
    });
  });
}

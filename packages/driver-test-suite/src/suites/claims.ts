import { claimFor, coordinatorFor, HOUR, ManualClock, MINUTE } from "../fixtures.js";
import type { SuiteContext } from "../suite-context.js";

export function claimsSuite({ describe, it, expect, open }: SuiteContext): void {
  describe("claims", () => {
    it("claims an unclaimed issue, and the same session may claim it again", async () => {
      const { driver } = await open();
      const first = await driver.claimIssue(claimFor("s1", 42));
      expect(first).toMatchObject({ claimed: true, replaced: null, previous: null });
      const again = await driver.claimIssue(claimFor("s1", 42));
      expect(again).toMatchObject({ claimed: true, replaced: null, previous: null });
      expect((await driver.getClaim("acme/api", 42))?.session_id).toBe("s1");
      expect((await driver.getSessionClaim("s1"))?.number).toBe(42);
    });

    it("refuses a claimed issue to another session unless replacing exactly that holder", async () => {
      const { driver } = await open();
      await driver.claimIssue(claimFor("s1", 42));
      const refused = await driver.claimIssue(claimFor("s2", 42));
      expect(refused).toMatchObject({ claimed: false, holder: { session_id: "s1" } });
      expect((await driver.claimIssue(claimFor("s2", 42), { replaceSession: "s3" })).claimed).toBe(false);
      const taken = await driver.claimIssue(claimFor("s2", 42), { replaceSession: "s1" });
      expect(taken).toMatchObject({ claimed: true, previous: { session_id: "s1" } });
      expect(await driver.getSessionClaim("s1")).toBeNull();
    });

    it("a new claim replaces the session's old one in the same step", async () => {
      const { driver } = await open();
      await driver.claimIssue(claimFor("s1", 1));
      const second = await driver.claimIssue(claimFor("s1", 2));
      expect(second).toMatchObject({ claimed: true, replaced: { number: 1 } });
      expect(await driver.getClaim("acme/api", 1)).toBeNull();
      expect((await driver.listClaims()).map((c) => c.number)).toEqual([2]);
      expect((await driver.claimIssue(claimFor("s2", 1))).claimed).toBe(true);
    });

    it("lists claims of one repository or all, and releases a session's claim", async () => {
      const { driver } = await open();
      await driver.claimIssue(claimFor("s1", 5, "acme/api"));
      await driver.claimIssue(claimFor("s2", 3, "acme/web"));
      await driver.claimIssue(claimFor("s3", 2, "acme/api"));
      expect((await driver.listClaims()).map((c) => `${c.repo}#${c.number}`)).toEqual([
        "acme/api#2",
        "acme/api#5",
        "acme/web#3",
      ]);
      expect((await driver.listClaims("acme/web")).map((c) => c.session_id)).toEqual(["s2"]);
      expect((await driver.releaseClaim("s1"))?.number).toBe(5);
      expect(await driver.releaseClaim("s1")).toBeNull();
      expect(await driver.getClaim("acme/api", 5)).toBeNull();
    });

    it("coordinator: conflicts follow the holder's tier", async () => {
      const { driver } = await open();
      const clock = new ManualClock(Date.now());
      const holder = coordinatorFor(driver, "holder", clock);
      const taker = coordinatorFor(driver, "taker", clock);
      expect(await holder.claims.claim(42, { title: "Fix auth" })).toMatchObject({
        claimed: true,
        label: "API #42: Fix auth",
        session_id: "holder",
      });
      expect(await taker.claims.claim(42)).toMatchObject({
        claimed: false,
        held_by: "holder",
        holder_tier: "active",
        holder_age_seconds: 0,
      });
      clock.advance(30 * MINUTE);
      expect(await taker.claims.claim(42)).toMatchObject({ claimed: false, holder_tier: "idle" });
      clock.advance(3 * HOUR);
      expect(await taker.claims.claim(42)).toMatchObject({ claimed: false, holder_tier: "stale" });
      clock.advance(HOUR);
      const stale = await taker.claims.claim(42);
      expect(stale).toMatchObject({ claimed: true, took_over: { session_id: "holder", tier: "stale" } });
      expect(stale.warning).toMatch(/took over #42 from stale session holder/);
      clock.advance(25 * HOUR);
      const abandoned = await holder.claims.claim(42);
      expect(abandoned).toMatchObject({
        claimed: true,
        took_over: { session_id: "taker", tier: "abandoned" },
      });
      expect(abandoned.warning).toBeUndefined();
    });

    it("coordinator: a claim whose session ended or vanished is taken", async () => {
      const { driver } = await open();
      const clock = new ManualClock(Date.now());
      await driver.claimIssue(claimFor("vanished", 8));
      const me = coordinatorFor(driver, "me", clock);
      expect(await me.claims.claim(8)).toMatchObject({
        claimed: true,
        took_over: { session_id: "vanished", tier: "dead" },
      });
    });

    it("coordinator: lists only active and idle holders, finds a claim with its holder's tier", async () => {
      const { driver } = await open();
      const clock = new ManualClock(Date.now());
      const old = coordinatorFor(driver, "old", clock);
      await old.claims.claim(1);
      clock.advance(2 * HOUR);
      const idle = coordinatorFor(driver, "idle", clock);
      await idle.claims.claim(2);
      clock.advance(10 * MINUTE);
      const active = coordinatorFor(driver, "active", clock);
      await active.claims.claim(3, { repo: "acme/web" });
      const listed = await active.claims.list(null);
      expect(listed.claims.map((c) => [c.number, c.holder_tier])).toEqual([
        [2, "idle"],
        [3, "active"],
      ]);
      expect((await active.claims.list("acme/web")).claims.map((c) => c.mine)).toEqual([true]);
      expect(await active.claims.find(1)).toMatchObject({
        claimed: true,
        claim: { session_id: "old", holder_tier: "stale" },
      });
      expect(await active.claims.find(99)).toMatchObject({ claimed: false, claim: null });
      expect(await idle.claims.release()).toMatchObject({ released: true, claim: { number: 2 } });
    });
  });
}

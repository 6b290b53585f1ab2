import { claimFor, events, queue, sessionRecord, sleep, take } from "../fixtures.js";
import type { SuiteContext } from "../suite-context.js";

/** Notices: what happens to a session by another's hand (or by time) reaches that session once, and no other. */
export function noticesSuite({ describe, it, expect, open }: SuiteContext): void {
  describe("notices", () => {
    it("a force-release is a notice for the holder only, handed out once, and is the very history event", async () => {
      const { driver, namespace } = await open();
      const { driver: other } = await open(namespace);
      await take(driver, "resource:n", "holder");
      await other.forceReleaseLock("resource:n", { by: "admin", reason: "stuck" });
      expect(await other.takeNotices("admin")).toEqual([]);
      expect(await other.takeNotices("bystander")).toEqual([]);
      const notices = await driver.takeNotices("holder");
      expect(notices).toHaveLength(1);
      expect(notices[0]).toMatchObject({
        type: "lock.force_released",
        name: "resource:n",
        session: "holder",
        by: "admin",
      });
      const [event] = (await events(driver)).filter((e) => e.type === "lock.force_released");
      expect(notices[0]).toEqual(event);
      expect(await driver.takeNotices("holder")).toEqual([]);
    });

    it("a takeover is a notice for the holder whose hold was evicted, not for the taker", async () => {
      const { driver } = await open();
      const a = await take(driver, "resource:n", "a");
      await take(driver, "resource:n", "b", { evict: [a.fencing_token], reason: "dead" });
      expect((await driver.takeNotices("a")).map((n) => [n.type, n.by, n.reason])).toEqual([
        ["lock.taken_over", "b", "dead"],
      ]);
      expect(await driver.takeNotices("b")).toEqual([]);
    });

    it("a release request is a notice for each holder, not for the asker", async () => {
      const { driver } = await open();
      await take(driver, "resource:n", "a", { mode: "shared" });
      await take(driver, "resource:n", "b", { mode: "shared" });
      await driver.requestRelease("resource:n", { by: "asker", reason: "my turn", ttlMs: 60_000 });
      for (const s of ["a", "b"]) {
        expect((await driver.takeNotices(s)).map((n) => [n.type, n.session, n.by, n.reason])).toEqual([
          ["lock.release_requested", s, "asker", "my turn"],
        ]);
      }
      expect(await driver.takeNotices("asker")).toEqual([]);
    });

    it("an overridden claim is a notice for the previous claimant", async () => {
      const { driver } = await open();
      await driver.claimIssue(claimFor("s1", 4));
      await driver.claimIssue(claimFor("s2", 4), { replaceSession: "s1" });
      expect((await driver.takeNotices("s1")).map((n) => [n.type, n.name, n.by])).toEqual([
        ["claim.overridden", "acme/api#4", "s2"],
      ]);
      expect(await driver.takeNotices("s2")).toEqual([]);
    });

    it("an expiry found by another's attempt is a notice for the holder, once; reaping later adds none", async () => {
      const { driver } = await open();
      await take(driver, "resource:n", "old", { ttlMs: 200 });
      await sleep(400);
      await take(driver, "resource:n", "new");
      await driver.reapSession("old");
      expect((await driver.takeNotices("old")).map((n) => n.type)).toEqual(["lock.expired"]);
      await driver.reapSession("old");
      expect(await driver.takeNotices("old")).toEqual([]);
      expect(await driver.takeNotices("new")).toEqual([]);
    });

    it("reapSession reports a hold that expired unseen exactly once, at its expiry", async () => {
      const { driver } = await open();
      await driver.putSession(sessionRecord("sleeper"));
      const hold = await take(driver, "resource:n", "sleeper", { ttlMs: 200 });
      await take(driver, "resource:kept", "sleeper");
      await sleep(400);
      await driver.reapSession("sleeper");
      const notices = await driver.takeNotices("sleeper");
      expect(notices.map((n) => [n.type, n.name, n.token])).toEqual([
        ["lock.expired", "resource:n", hold.fencing_token],
      ]);
      expect(Date.parse(notices[0]!.time)).toBe(Date.parse(hold.expires_at));
      await driver.reapSession("sleeper");
      await take(driver, "resource:n", "next");
      expect(await driver.takeNotices("sleeper")).toEqual([]);
      expect((await events(driver)).filter((e) => e.type === "lock.expired")).toHaveLength(1);
    });

    it("reapSession with nothing expired changes nothing and records nothing", async () => {
      const { driver } = await open();
      await take(driver, "resource:n", "s1");
      const before = await events(driver);
      await driver.reapSession("s1");
      await driver.reapSession("nobody");
      expect(await events(driver)).toEqual(before);
      expect(await driver.takeNotices("s1")).toEqual([]);
    });

    it("a session's own acts are never notices for it: acquire, extend, release, leave, end", async () => {
      const { driver } = await open();
      await driver.putSession(sessionRecord("me"));
      await take(driver, "resource:n", "me");
      await driver.extendLock("resource:n", "me", 60_000);
      await driver.releaseLock("resource:n", "me");
      await take(driver, "resource:m", "other");
      await queue(driver, "resource:m", "me");
      await driver.leaveLine("resource:m", "me", "aborted");
      await driver.claimIssue(claimFor("me", 1));
      await driver.claimIssue(claimFor("me", 2));
      await driver.endSession("me", { event: "session.ended" });
      expect(await driver.takeNotices("me")).toEqual([]);
      expect(await driver.takeNotices("other")).toEqual([]);
    });

    it("a grant after waiting is a notice for the caller only when it asked (notifyOnGrant)", async () => {
      const { driver } = await open();
      await take(driver, "resource:n", "h");
      await queue(driver, "resource:n", "told", { notifyOnGrant: true });
      await driver.releaseLock("resource:n", "h");
      await sleep(20);
      await queue(driver, "resource:n", "told", { notifyOnGrant: true });
      const [notice, ...rest] = await driver.takeNotices("told");
      expect(rest).toEqual([]);
      expect(notice).toMatchObject({ type: "lock.acquired", session: "told", name: "resource:n" });
      expect(notice?.waited_ms).toBeGreaterThanOrEqual(0);
      await driver.releaseLock("resource:n", "told");
      await take(driver, "resource:n", "h");
      await queue(driver, "resource:n", "quiet");
      await driver.releaseLock("resource:n", "h");
      await queue(driver, "resource:n", "quiet");
      expect(await driver.takeNotices("quiet")).toEqual([]);
      await driver.releaseLock("resource:n", "quiet");
      await take(driver, "resource:n", "direct", { notifyOnGrant: true });
      expect(await driver.takeNotices("direct")).toEqual([]);
    });

    it("notices wait for their session across clients, oldest first", async () => {
      const { driver, namespace } = await open();
      const { driver: later } = await open(namespace);
      await take(driver, "resource:a", "s1");
      await take(driver, "resource:b", "s1");
      await driver.forceReleaseLock("resource:a", { by: "admin" });
      await driver.requestRelease("resource:b", { by: "asker", reason: null, ttlMs: 60_000 });
      await driver.forceReleaseLock("resource:b", { by: "admin" });
      expect((await later.takeNotices("s1")).map((n) => `${n.type} ${n.name}`)).toEqual([
        "lock.force_released resource:a",
        "lock.release_requested resource:b",
        "lock.force_released resource:b",
      ]);
      expect(await driver.takeNotices("s1")).toEqual([]);
    });
  });
}

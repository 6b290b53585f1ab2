import { type HistoryEvent, HistoryEventSchema, localHost } from "@agent-baton/core";
import { ask, claimFor, eventLines, events, queue, sessionRecord, sleep, take } from "../fixtures.js";
import type { SuiteContext } from "../suite-context.js";

/** History: every change writes its event in the same step, with the right fields; reads filter and follow. */
export function historySuite({ describe, it, expect, open }: SuiteContext): void {
  const only = (list: HistoryEvent[], type: string) => list.filter((e) => e.type === type);

  describe("history", () => {
    it("records a plain lock's life in order, each event whole: name, session, host, token, time", async () => {
      const { driver } = await open();
      const before = Date.now();
      const held = await take(driver, "resource:h", "s1");
      await take(driver, "resource:h", "s1");
      await driver.extendLock("resource:h", "s1", 60_000);
      await driver.releaseLock("resource:h", "s1");
      const after = Date.now();
      const list = await events(driver);
      expect(list.map((e) => e.type)).toEqual([
        "lock.acquired",
        "lock.extended",
        "lock.extended",
        "lock.released",
      ]);
      for (const e of list) {
        expect(HistoryEventSchema.parse(e)).toEqual(e);
        expect(e).toMatchObject({
          name: "resource:h",
          session: "s1",
          host: localHost(),
          token: held.fencing_token,
          by: null,
          reason: null,
          waited_ms: null,
          position: null,
        });
        expect(Date.parse(e.time)).toBeGreaterThanOrEqual(before - 1_000);
        expect(Date.parse(e.time)).toBeLessThanOrEqual(after + 1_000);
      }
      expect(new Set(list.map((e) => e.id)).size).toBe(4);
    });

    it("records waiting: queued once with its position, acquired with how long it waited, gave_up with why", async () => {
      const { driver } = await open();
      await take(driver, "resource:h", "h");
      await queue(driver, "resource:h", "w1");
      await queue(driver, "resource:h", "w2");
      await queue(driver, "resource:h", "w1");
      await driver.leaveLine("resource:h", "w2", "timed out");
      await sleep(100);
      await driver.releaseLock("resource:h", "h");
      await queue(driver, "resource:h", "w1");
      const list = await events(driver);
      expect(list.map((e) => `${e.type} ${e.session}`)).toEqual([
        "lock.acquired h",
        "lock.queued w1",
        "lock.queued w2",
        "lock.gave_up w2",
        "lock.released h",
        "lock.acquired w1",
      ]);
      expect(list.map((e) => e.position)).toEqual([null, 1, 2, null, null, null]);
      expect(list[3]).toMatchObject({ reason: "timed out", token: null });
      expect(list[0]?.waited_ms).toBeNull();
      expect(list[5]?.waited_ms).toBeGreaterThanOrEqual(50);
    });

    it("records a lapsed lease as gave_up, lease expired, at the time the lease ran out", async () => {
      const { driver } = await open();
      await take(driver, "resource:h", "h");
      await queue(driver, "resource:h", "gone", { leaseMs: 200 });
      const lease = (await driver.getLock("resource:h"))?.waiters[0]?.lease_expires_at;
      await sleep(400);
      await driver.releaseLock("resource:h", "h");
      await take(driver, "resource:h", "next");
      const [gaveUp] = only(await events(driver), "lock.gave_up");
      expect(gaveUp).toMatchObject({ session: "gone", reason: "lease expired" });
      expect(Date.parse(gaveUp!.time)).toBe(Date.parse(lease!));
    });

    it("records an expiry found by another caller at the hold's expiry, before that caller's grant", async () => {
      const { driver } = await open();
      const old = await take(driver, "resource:h", "old", { ttlMs: 200 });
      await sleep(400);
      await take(driver, "resource:h", "new");
      const list = await events(driver);
      expect(list.map((e) => `${e.type} ${e.session}`)).toEqual([
        "lock.acquired old",
        "lock.expired old",
        "lock.acquired new",
      ]);
      expect(list[1]).toMatchObject({ token: old.fencing_token, by: null });
      expect(Date.parse(list[1]!.time)).toBe(Date.parse(old.expires_at));
    });

    it("records a takeover with whose hold it was, who took it and why", async () => {
      const { driver } = await open();
      const a = await take(driver, "resource:h", "a");
      await queue(driver, "resource:h", "b", { evict: [a.fencing_token], reason: "holder process gone" });
      const list = await events(driver);
      expect(list.map((e) => `${e.type} ${e.session}`)).toEqual([
        "lock.acquired a",
        "lock.taken_over a",
        "lock.acquired b",
      ]);
      expect(list[1]).toMatchObject({ token: a.fencing_token, by: "b", reason: "holder process gone" });
    });

    it("records a force-release per hold broken, by whom and why", async () => {
      const { driver } = await open();
      const a = await take(driver, "resource:h", "a", { mode: "shared" });
      const b = await take(driver, "resource:h", "b", { mode: "shared" });
      await driver.forceReleaseLock("resource:h", { by: "admin", reason: "stuck" });
      const forced = only(await events(driver), "lock.force_released");
      expect(forced.map((e) => [e.session, e.token, e.by, e.reason])).toEqual([
        ["a", a.fencing_token, "admin", "stuck"],
        ["b", b.fencing_token, "admin", "stuck"],
      ]);
    });

    it("records a release request once per holder", async () => {
      const { driver } = await open();
      const a = await take(driver, "resource:h", "a", { slots: 2 });
      const b = await take(driver, "resource:h", "b", { slots: 2 });
      await driver.requestRelease("resource:h", { by: "asker", reason: "my turn", ttlMs: 60_000 });
      const asked = only(await events(driver), "lock.release_requested");
      expect(asked.map((e) => [e.session, e.token, e.by, e.reason]).sort()).toEqual([
        ["a", a.fencing_token, "asker", "my turn"],
        ["b", b.fencing_token, "asker", "my turn"],
      ]);
    });

    it("records sessions: started once, paused when it pauses, ended with what it held", async () => {
      const { driver } = await open();
      await driver.putSession(sessionRecord("s1"));
      await driver.putSession(sessionRecord("s1", { metadata: { again: true } }));
      await driver.updateSession("s1", { last_heartbeat: new Date().toISOString() });
      await driver.updateSession("s1", { paused: true });
      await driver.updateSession("s1", { paused: true });
      await driver.updateSession("s1", { paused: false });
      await take(driver, "resource:x", "s1");
      await take(driver, "resource:y", "h");
      await queue(driver, "resource:y", "s1");
      await driver.claimIssue(claimFor("s1", 3));
      await driver.endSession("s1", { event: "session.ended", reason: "Claude Code exited" });
      const list = await events(driver);
      expect(list.slice(0, 2).map((e) => `${e.type} ${e.session}`)).toEqual([
        "session.started s1",
        "session.paused s1",
      ]);
      expect(list[0]).toMatchObject({ name: "s1", host: "test-host" });
      const ending = list.slice(-4);
      expect(
        ending
          .slice(0, 3)
          .map((e) => `${e.type} ${e.name}`)
          .sort(),
      ).toEqual(["claim.released acme/api#3", "lock.gave_up resource:y", "lock.released resource:x"]);
      expect(ending.every((e) => e.session === "s1" && e.reason === "Claude Code exited")).toBe(true);
      expect(ending[3]).toMatchObject({ type: "session.ended", name: "s1", by: null });
    });

    it("records a session found dead with who found it; an unknown session records nothing", async () => {
      const { driver } = await open();
      await driver.putSession(sessionRecord("ghost"));
      await driver.endSession("ghost", {
        event: "session.found_dead",
        by: "janitor",
        reason: "process gone",
      });
      const before = await eventLines(driver);
      await driver.endSession("nobody", { event: "session.ended" });
      expect(await eventLines(driver)).toEqual(before);
      expect((await events(driver)).at(-1)).toMatchObject({
        type: "session.found_dead",
        session: "ghost",
        by: "janitor",
        reason: "process gone",
      });
    });

    it("records claims: taken, replaced, overridden and released, named owner/repo#N", async () => {
      const { driver } = await open();
      await driver.claimIssue(claimFor("s1", 1));
      await driver.claimIssue(claimFor("s1", 1));
      await driver.claimIssue(claimFor("s1", 2));
      await driver.claimIssue(claimFor("s2", 2), { replaceSession: "s1" });
      await driver.releaseClaim("s2");
      await driver.releaseClaim("s2");
      const list = await events(driver);
      expect(list.map((e) => `${e.type} ${e.name} ${e.session}`)).toEqual([
        "claim.taken acme/api#1 s1",
        "claim.released acme/api#1 s1",
        "claim.taken acme/api#2 s1",
        "claim.overridden acme/api#2 s1",
        "claim.taken acme/api#2 s2",
        "claim.released acme/api#2 s2",
      ]);
      expect(list[1]?.reason).toBe("replaced by acme/api#2");
      expect(list[3]).toMatchObject({ by: "s2", host: null });
    });

    it("refusals, no-ops and reads record nothing", async () => {
      const { driver } = await open();
      const held = await take(driver, "resource:h", "h");
      const before = await eventLines(driver);
      await driver.acquireLock("resource:h", ask("other"));
      await driver.releaseLock("resource:h", "other");
      await driver.extendLock("resource:h", "other", 1_000);
      await driver.forceReleaseLock("resource:h", { by: "x", expectedToken: held.fencing_token + 1 });
      await driver.releaseLock("resource:none", "h");
      await driver.requestRelease("resource:none", { by: "x", reason: null, ttlMs: 1_000 });
      await driver.leaveLine("resource:h", "other", "aborted");
      await driver.releaseClaim("h");
      await driver.updateSession("nobody", { paused: true });
      await driver.getLock("resource:h");
      await driver.listLocks("*");
      await driver.listSessions();
      await driver.waitForChange("resource:h", 10);
      await driver.reapSession("h");
      expect(await eventLines(driver)).toEqual(before);
    });

    it("reads filter by name, by session (as subject or actor) and by time, and keep the newest `limit`", async () => {
      const { driver } = await open();
      await take(driver, "resource:a", "s1");
      await take(driver, "resource:b", "s2");
      await sleep(50);
      const mid = Date.now();
      await sleep(50);
      await driver.forceReleaseLock("resource:a", { by: "s2" });
      await take(driver, "resource:a", "s3");
      expect(await eventLines(driver, { name: "resource:a" })).toEqual([
        "lock.acquired s1",
        "lock.force_released s1",
        "lock.acquired s3",
      ]);
      expect(await eventLines(driver, { session: "s2" })).toEqual([
        "lock.acquired s2",
        "lock.force_released s1",
      ]);
      expect(await eventLines(driver, { sinceMs: mid })).toEqual([
        "lock.force_released s1",
        "lock.acquired s3",
      ]);
      const page = await driver.readEvents({ limit: 2 });
      expect(page.events.map((e) => `${e.type} ${e.session}`)).toEqual([
        "lock.force_released s1",
        "lock.acquired s3",
      ]);
      expect((await driver.readEvents({ name: "resource:none" })).events).toEqual([]);
    });

    it("a read's cursor continues with what is written after it, even from an empty log or an empty match", async () => {
      const { driver } = await open();
      const empty = await driver.readEvents({});
      expect(empty.events).toEqual([]);
      await take(driver, "resource:a", "s1");
      const first = await driver.readEvents({ after: empty.cursor });
      expect(first.events.map((e) => e.type)).toEqual(["lock.acquired"]);
      const none = await driver.readEvents({ name: "resource:b", after: first.cursor });
      expect(none.events).toEqual([]);
      await driver.releaseLock("resource:a", "s1");
      await take(driver, "resource:b", "s1");
      expect((await driver.readEvents({ after: first.cursor })).events.map((e) => e.type)).toEqual([
        "lock.released",
        "lock.acquired",
      ]);
      expect((await driver.readEvents({ name: "resource:b", after: none.cursor })).events).toHaveLength(1);
      const limited = await driver.readEvents({ after: empty.cursor, limit: 1 });
      expect(limited.events.map((e) => e.type)).toEqual(["lock.acquired"]);
      expect(limited.events[0]?.name).toBe("resource:b");
    });

    it("following delivers each new matching event in order, and stops when aborted", async () => {
      const { driver, namespace } = await open();
      const { driver: writer } = await open(namespace);
      await take(writer, "resource:a", "s1");
      const { cursor } = await driver.readEvents({});
      const seen: HistoryEvent[] = [];
      const controller = new AbortController();
      const following = driver.followEvents(
        { name: "resource:a", after: cursor },
        (e) => seen.push(e),
        controller.signal,
      );
      await writer.releaseLock("resource:a", "s1");
      await take(writer, "resource:b", "s2");
      await take(writer, "resource:a", "s2");
      await expect.poll(() => seen.length, { timeout: 10_000 }).toBe(2);
      expect(seen.map((e) => `${e.type} ${e.session}`)).toEqual(["lock.released s1", "lock.acquired s2"]);
      expect(seen).toEqual(await events(writer, { name: "resource:a", after: cursor }));
      controller.abort();
      await following;
      await writer.releaseLock("resource:a", "s2");
      await sleep(200);
      expect(seen).toHaveLength(2);
    });

    it("following without a cursor starts from now", async () => {
      const { driver, namespace } = await open();
      const { driver: writer } = await open(namespace);
      await take(writer, "resource:a", "old");
      const seen: string[] = [];
      const controller = new AbortController();
      const following = driver.followEvents(
        {},
        (e) => seen.push(`${e.type} ${e.session}`),
        controller.signal,
      );
      await sleep(300);
      await take(writer, "resource:b", "new");
      await expect.poll(() => seen, { timeout: 10_000 }).toEqual(["lock.acquired new"]);
      controller.abort();
      await following;
    });
  });
}

import { LockStateSchema } from "@agent-baton/core";
import { ask, holdersOf, settlesWithin, sleep, take } from "../fixtures.js";
import type { SuiteContext } from "../suite-context.js";

/** A plain lock: one exclusive hold at a time, as baton has always had it. */
export function locksSuite({ describe, it, expect, open }: SuiteContext): void {
  describe("locks", () => {
    it("acquires a free lock with a positive fencing token and the holder's details", async () => {
      const { driver } = await open();
      const r = await driver.acquireLock("resource:a", ask("s1", { owner: { pid: 123, pid_start: "x" } }));
      expect(r.acquired).toBe(true);
      if (!r.acquired) return;
      expect(r.extended).toBe(false);
      expect(r.lock).toMatchObject({
        lock_name: "resource:a",
        held_by: "s1",
        pid: 123,
        pid_start: "x",
        pgid: null,
        mode: "exclusive",
        worktree: "/work/s1",
      });
      expect(r.lock.fencing_token).toBeGreaterThan(0);
      expect(Date.parse(r.lock.expires_at) - Date.parse(r.lock.acquired_at)).toBeGreaterThanOrEqual(59_000);
      const state = await driver.getLock("resource:a");
      expect(LockStateSchema.parse(state)).toEqual({
        lock_name: "resource:a",
        slots: 1,
        holders: [r.lock],
        waiters: [],
        requests: [],
      });
      expect(r.state).toEqual(state);
    });

    it("refuses a held lock to another session, names the holder, and leaves everything as it was", async () => {
      const { driver } = await open();
      const held = await take(driver, "resource:a", "s1");
      const r = await driver.acquireLock("resource:a", ask("s2"));
      expect(r).toMatchObject({ acquired: false, position: null });
      if (r.acquired) return;
      expect(r.slotsInForce).toBeUndefined();
      expect(r.state.holders).toEqual([held]);
      expect(r.state.waiters).toEqual([]);
      expect(await driver.getLock("resource:a")).toEqual(r.state);
    });

    it("re-entrant acquire by the holder extends it and keeps the fencing token", async () => {
      const { driver } = await open();
      const first = await take(driver, "resource:a", "s1", { ttlMs: 1_000 });
      const again = await driver.acquireLock("resource:a", ask("s1", { ttlMs: 60_000 }));
      expect(again).toMatchObject({ acquired: true, extended: true });
      if (!again.acquired) return;
      expect(again.lock.fencing_token).toBe(first.fencing_token);
      expect(again.lock.acquired_at).toBe(first.acquired_at);
      expect(Date.parse(again.lock.expires_at)).toBeGreaterThan(Date.parse(first.expires_at));
      expect(await holdersOf(driver, "resource:a")).toEqual(["s1"]);
    });

    it("releases only for the holder: not_owner keeps it, not_found when free", async () => {
      const { driver } = await open();
      await take(driver, "resource:a", "s1");
      const other = await driver.releaseLock("resource:a", "s2");
      expect(other.outcome).toBe("not_owner");
      expect(other.lock?.held_by).toBe("s1");
      expect(await holdersOf(driver, "resource:a")).toEqual(["s1"]);
      const done = await driver.releaseLock("resource:a", "s1");
      expect(done).toMatchObject({ outcome: "done", lock: { held_by: "s1" } });
      expect(await driver.getLock("resource:a")).toBeNull();
      expect((await driver.releaseLock("resource:a", "s1")).outcome).toBe("not_found");
    });

    it("extends only for the holder, and records the holder's process facts when given", async () => {
      const { driver } = await open();
      const held = await take(driver, "resource:a", "s1", {
        ttlMs: 1_000,
        owner: { pid: 10, pid_start: "a" },
      });
      const ext = await driver.extendLock("resource:a", "s1", 120_000);
      expect(ext.outcome).toBe("done");
      expect(Date.parse(ext.lock!.expires_at)).toBeGreaterThan(Date.parse(held.expires_at));
      expect(ext.lock).toMatchObject({ fencing_token: held.fencing_token, pid: 10, pgid: null });
      const patched = await driver.extendLock("resource:a", "s1", 120_000, { pgid: 4242 });
      expect(patched.lock).toMatchObject({ pid: 10, pid_start: "a", pgid: 4242 });
      const moved = await driver.extendLock("resource:a", "s1", 120_000, { pid: 11, pid_start: "b" });
      expect(moved.lock).toMatchObject({ pid: 11, pid_start: "b", pgid: 4242 });
      expect((await driver.getLock("resource:a"))?.holders[0]).toEqual(moved.lock);
      expect((await driver.extendLock("resource:a", "s2", 120_000)).outcome).toBe("not_owner");
      expect((await driver.extendLock("resource:missing", "s1", 120_000)).outcome).toBe("not_found");
    });

    it("lets a lock lapse when its TTL has passed", async () => {
      const { driver } = await open();
      await take(driver, "resource:a", "s1", { ttlMs: 200 });
      await sleep(400);
      expect(await driver.getLock("resource:a")).toBeNull();
      expect(await driver.listLocks("*")).toEqual([]);
      expect((await driver.acquireLock("resource:a", ask("s2"))).acquired).toBe(true);
      expect((await driver.extendLock("resource:a", "s1", 1_000)).outcome).toBe("not_owner");
      expect((await driver.releaseLock("resource:a", "s1")).outcome).toBe("not_owner");
    });

    it("force-releases whoever holds it, and honours an expected fencing token", async () => {
      const { driver } = await open();
      const held = await take(driver, "resource:a", "s1");
      const token = held.fencing_token;
      expect(await driver.forceReleaseLock("resource:a", { expectedToken: token + 1, by: "admin" })).toEqual(
        [],
      );
      expect(await holdersOf(driver, "resource:a")).toEqual(["s1"]);
      const broke = await driver.forceReleaseLock("resource:a", { by: "admin" });
      expect(broke).toEqual([held]);
      expect(await driver.getLock("resource:a")).toBeNull();
      expect(await driver.forceReleaseLock("resource:a", { by: "admin" })).toEqual([]);
    });

    it("evicts a held lock's hold only when its token is named, and grants the caller in the same step", async () => {
      const { driver } = await open();
      const held = await take(driver, "resource:a", "s1");
      const token = held.fencing_token;
      const wrong = await driver.acquireLock("resource:a", ask("s2", { evict: [token + 7] }));
      expect(wrong.acquired).toBe(false);
      expect(await holdersOf(driver, "resource:a")).toEqual(["s1"]);
      const right = await driver.acquireLock(
        "resource:a",
        ask("s2", { evict: [token], reason: "holder is dead" }),
      );
      expect(right.acquired).toBe(true);
      if (right.acquired) expect(right.lock.fencing_token).toBeGreaterThan(token);
      expect(await holdersOf(driver, "resource:a")).toEqual(["s2"]);
    });

    it("lists existing names by glob over stored names, sorted", async () => {
      const { driver } = await open();
      for (const name of [
        "resource:pytest-api",
        "resource:pytest-web",
        "resource:build",
        "issue:42",
        "wave:5c.1",
      ]) {
        await take(driver, name, "s1");
      }
      await take(driver, "resource:short", "s1", { ttlMs: 100 });
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
      const listed = await driver.listLocks("issue:*");
      expect(listed).toEqual([await driver.getLock("issue:42")]);
    });

    it("lists a name that has only waiters, and shows its line", async () => {
      const { driver } = await open();
      await take(driver, "resource:q", "s1");
      await driver.acquireLock("resource:q", ask("s2", { leaseMs: 60_000 }));
      await driver.releaseLock("resource:q", "s1");
      const [state] = await driver.listLocks("resource:q");
      expect(state).toMatchObject({ lock_name: "resource:q", holders: [], waiters: [{ session_id: "s2" }] });
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
        expect((await driver.acquireLock(name, ask(`s${i}`))).acquired).toBe(true);
      }
      for (const [i, name] of names.entries()) expect(await holdersOf(driver, name)).toEqual([`s${i}`]);
      expect((await driver.listLocks("*")).map((l) => l.lock_name).sort()).toEqual([...names].sort());
    });

    it("wakes a waiter at once when the lock is released, and times out quietly when nothing happens", async () => {
      const { driver, namespace } = await open();
      const { driver: other } = await open(namespace);
      await take(driver, "resource:w", "s1");
      const quiet = other.waitForChange("resource:w", 100);
      expect(await settlesWithin(quiet, 10_000)).toBe("settled");
      const woke = other.waitForChange("resource:w", 60_000);
      await sleep(50);
      await driver.releaseLock("resource:w", "s1");
      expect(await settlesWithin(woke, 10_000)).toBe("settled");
      expect((await other.acquireLock("resource:w", ask("s2"))).acquired).toBe(true);
    });

    it("stops waiting for a change when the signal aborts", async () => {
      const { driver } = await open();
      await take(driver, "resource:w", "s1");
      const controller = new AbortController();
      const waiting = driver.waitForChange("resource:w", 60_000, controller.signal);
      await sleep(50);
      controller.abort();
      expect(await settlesWithin(waiting, 10_000)).toBe("settled");
    });

    it("keeps the owner's host and worktree as given", async () => {
      const { driver } = await open();
      const held = await take(driver, "resource:h", "s1", { owner: { host: "elsewhere", worktree: null } });
      expect(held).toMatchObject({ host: "elsewhere", worktree: null });
    });
  });
}

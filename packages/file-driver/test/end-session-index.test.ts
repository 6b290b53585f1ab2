import * as nodeFs from "node:fs";
import { join } from "node:path";
import { ask, claimFor, HOUR, queue, sessionRecord, sleep, take } from "@agent-baton/driver-test-suite";
import { describe, expect, it } from "vitest";
import { createFileDriver, encodeName, type FsLayer } from "../src/index.js";
import { runWorker, tempDir } from "./helpers.js";

const OTHER_LOCKS = 10_000;
const OTHER_SESSIONS = 1_000;
const ended = { event: "session.ended" } as const;

/** The real fs, counting every call by name. */
function countingFs() {
  const counts = new Map<string, number>();
  const fs = new Proxy(nodeFs, {
    get(target, key) {
      const value = Reflect.get(target, key);
      if (typeof value !== "function" || typeof key !== "string") return value;
      return (...args: unknown[]) => {
        counts.set(key, (counts.get(key) ?? 0) + 1);
        return value(...args);
      };
    },
  }) as unknown as FsLayer;
  const reads = () => ({
    files: (counts.get("readFileSync") ?? 0) + (counts.get("readSync") ?? 0),
    listings: counts.get("readdirSync") ?? 0,
  });
  return { fs, counts, reads };
}

/**
 * A directory where `others` locks (each with a session waiting in its line, and a claim per other
 * session) belong to other sessions, and "me" holds one lock, waits in one line and has a claim;
 * reaps and then ends "me" and says what each read.
 */
async function endMineAmong(others: number) {
  const dir = join(tempDir("index"), "coordination");
  const { fs, counts, reads } = countingFs();
  const driver = createFileDriver({ dir, fs });
  for (let i = 0; i < others; i++) {
    const session = `other-${i % OTHER_SESSIONS}`;
    await take(driver, `resource:other-${i}`, session, { ttlMs: HOUR });
    await queue(driver, `resource:other-${i}`, `waiter-${i % OTHER_SESSIONS}`);
    if (i < OTHER_SESSIONS) await driver.claimIssue(claimFor(session, i + 1));
  }
  await driver.putSession(sessionRecord("me"));
  await take(driver, "resource:mine", "me", { ttlMs: HOUR });
  await take(driver, "resource:theirs", "someone", { ttlMs: HOUR });
  await queue(driver, "resource:theirs", "me");
  await driver.claimIssue(claimFor("me", 99_999));
  counts.clear();
  await driver.reapSession("me");
  const reaped = reads();
  counts.clear();
  const outcome = await driver.endSession("me", ended);
  return { driver, outcome, reaped, reads: reads() };
}

describe("ending a session reads its own records, found through its index", () => {
  it(`with ${OTHER_LOCKS} locks, their lines and ${OTHER_SESSIONS} claims of other sessions, reaping and ending one that holds, waits and claims read as few files as with none`, async () => {
    const lone = await endMineAmong(0);
    const crowded = await endMineAmong(OTHER_LOCKS);
    for (const { outcome } of [lone, crowded]) {
      expect(outcome.locks).toEqual(["resource:mine"]);
      expect(outcome.claim?.number).toBe(99_999);
      expect(outcome.session?.session_id).toBe("me");
    }
    expect(crowded.reads).toEqual(lone.reads);
    expect(crowded.reaped).toEqual(lone.reaped);
    expect(crowded.reaped).toEqual({ files: 0, listings: 1 });
    expect(crowded.reads.files + crowded.reads.listings).toBeLessThanOrEqual(8);
    expect(await crowded.driver.listLocks("resource:other-*")).toHaveLength(OTHER_LOCKS);
    expect(await crowded.driver.listClaims()).toHaveLength(OTHER_SESSIONS);
    expect(await crowded.driver.getLock("resource:mine")).toBeNull();
    expect((await crowded.driver.getLock("resource:theirs"))?.waiters).toEqual([]);
    await Promise.all([lone.driver.close(), crowded.driver.close()]);
  }, 600_000);

  it("removes the holds and places a session has however they came and went: taken over, expired, retaken, force-released, left", async () => {
    const dir = join(tempDir("index-paths"), "coordination");
    const driver = createFileDriver({ dir });
    await take(driver, "resource:kept", "me", { ttlMs: HOUR });
    await take(driver, "resource:kept", "me", { ttlMs: HOUR });
    await take(driver, "resource:lapsed", "me", { ttlMs: 1 });
    await take(driver, "resource:given", "me", { ttlMs: HOUR });
    await driver.releaseLock("resource:given", "me");
    await take(driver, "resource:broken", "me", { ttlMs: HOUR });
    await driver.forceReleaseLock("resource:broken", { by: "admin" });
    const theirs = await take(driver, "resource:taken", "other", { ttlMs: HOUR });
    await take(driver, "resource:taken", "me", { ttlMs: HOUR, evict: [theirs.fencing_token] });
    await take(driver, "resource:line", "other", { ttlMs: HOUR });
    await queue(driver, "resource:line", "me");
    await take(driver, "resource:left", "other", { ttlMs: HOUR });
    await queue(driver, "resource:left", "me");
    await driver.leaveLine("resource:left", "me", "gave up");
    await sleep(5);
    await take(driver, "resource:lapsed", "me", { ttlMs: HOUR });

    expect((await driver.endSession("me", ended)).locks).toEqual([
      "resource:kept",
      "resource:lapsed",
      "resource:taken",
    ]);
    expect(
      (await driver.listLocks("*")).map((s) => [s.lock_name, s.holders.map((h) => h.held_by), s.waiters]),
    ).toEqual([
      ["resource:left", ["other"], []],
      ["resource:line", ["other"], []],
    ]);
    await driver.endSession("other", ended);
    expect(await driver.listLocks("*")).toEqual([]);
    expect(nodeFs.readdirSync(join(dir, "held"))).toEqual([]);
    await driver.close();
  });

  it("a directory written before the index existed: its locks and claims are indexed on first use", async () => {
    const dir = join(tempDir("index-upgrade"), "coordination");
    const before = createFileDriver({ dir });
    await before.claimIssue(claimFor("me", 5));
    const old = await take(before, "resource:old", "me", { ttlMs: HOUR });
    await before.close();
    // As an older version left it: one lock record per held lock, and no index of either.
    const { mode: _mode, pgid: _pgid, ...legacy } = old;
    nodeFs.writeFileSync(join(dir, "locks", `${encodeName("resource:old")}.json`), JSON.stringify(legacy));
    nodeFs.rmSync(join(dir, "held"), { recursive: true });
    nodeFs.rmSync(join(dir, "claim-of"), { recursive: true });

    const after = createFileDriver({ dir });
    expect((await after.getLock("resource:old"))?.holders).toEqual([
      { ...old, mode: "exclusive", pgid: null },
    ]);
    const outcome = await after.endSession("me", ended);
    expect(outcome.locks).toEqual(["resource:old"]);
    expect(outcome.claim?.number).toBe(5);
    expect((await after.acquireLock("resource:old", ask("next"))).acquired).toBe(true);
    await after.close();
  });

  it("processes of two sessions racing over six names: each session's end removes exactly what it holds and waits for, and nothing is left", async () => {
    const dir = join(tempDir("index-churn"), "coordination");
    const names = ["a", "b", "c", "d", "e", "f"].map((n) => `resource:${n}`);
    await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        runWorker("index-churn.mjs", [dir, i % 2 ? "s1" : "s2", "150", ...names]),
      ),
    );
    const driver = createFileDriver({ dir });
    const states = await driver.listLocks("*");
    for (const session of ["s1", "s2"]) {
      const mine = states.filter((s) => s.holders.some((h) => h.held_by === session)).map((s) => s.lock_name);
      expect((await driver.endSession(session, ended)).locks).toEqual(mine);
    }
    expect(await driver.listLocks("*")).toEqual([]);
    expect(nodeFs.readdirSync(join(dir, "held"))).toEqual([]);
    await driver.close();
  }, 120_000);
});

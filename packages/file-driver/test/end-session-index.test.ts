import * as nodeFs from "node:fs";
import { join } from "node:path";
import { claimFor, HOUR, owner, sessionRecord } from "@agent-baton/driver-test-suite";
import { describe, expect, it } from "vitest";
import { createFileDriver, type FsLayer } from "../src/index.js";
import { runWorker, tempDir } from "./helpers.js";

const OTHER_LOCKS = 10_000;
const OTHER_SESSIONS = 1_000;

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
  return { fs, counts };
}

/**
 * A directory where `others` locks (and a claim per other session) belong to other sessions, and
 * "me" holds one lock and one claim; ends "me" and says what that read.
 */
async function endMineAmong(others: number) {
  const dir = join(tempDir("index"), "coordination");
  const { fs, counts } = countingFs();
  const driver = createFileDriver({ dir, fs });
  for (let i = 0; i < others; i++) {
    const session = `other-${i % OTHER_SESSIONS}`;
    await driver.acquireLock(`resource:other-${i}`, owner(session), HOUR);
    if (i < OTHER_SESSIONS) await driver.claimIssue(claimFor(session, i + 1));
  }
  await driver.putSession(sessionRecord("me"));
  await driver.acquireLock("resource:mine", owner("me"), HOUR);
  await driver.claimIssue(claimFor("me", 99_999));
  counts.clear();
  const ended = await driver.endSession("me");
  const reads = { files: counts.get("readFileSync") ?? 0, listings: counts.get("readdirSync") ?? 0 };
  return { driver, ended, reads };
}

describe("ending a session reads its own records, found through its index", () => {
  it(`with ${OTHER_LOCKS} locks and ${OTHER_SESSIONS} claims of other sessions, ending one holding a lock and a claim reads as few files as with none`, async () => {
    const lone = await endMineAmong(0);
    const crowded = await endMineAmong(OTHER_LOCKS);
    for (const { ended } of [lone, crowded]) {
      expect(ended.locks).toEqual(["resource:mine"]);
      expect(ended.claim?.number).toBe(99_999);
      expect(ended.session?.session_id).toBe("me");
    }
    expect(crowded.reads).toEqual(lone.reads);
    expect(crowded.reads.files + crowded.reads.listings).toBeLessThanOrEqual(6);
    expect(await crowded.driver.listLocks("resource:other-*")).toHaveLength(OTHER_LOCKS);
    expect(await crowded.driver.listClaims()).toHaveLength(OTHER_SESSIONS);
    expect(await crowded.driver.getLock("resource:mine")).toBeNull();
    await Promise.all([lone.driver.close(), crowded.driver.close()]);
  }, 300_000);

  it("releases the locks a session holds however they came and went: taken over, expired, retaken, force-released", async () => {
    const dir = join(tempDir("index-paths"), "coordination");
    const driver = createFileDriver({ dir });
    await driver.acquireLock("resource:kept", owner("me"), HOUR);
    await driver.acquireLock("resource:kept", owner("me"), HOUR);
    await driver.acquireLock("resource:lapsed", owner("me"), 1);
    await driver.acquireLock("resource:given", owner("me"), HOUR);
    await driver.releaseLock("resource:given", "me");
    await driver.acquireLock("resource:broken", owner("me"), HOUR);
    await driver.forceReleaseLock("resource:broken");
    const theirs = await driver.acquireLock("resource:taken", owner("other"), HOUR);
    if (!theirs.acquired) throw new Error("expected to acquire");
    await driver.acquireLock("resource:taken", owner("me"), HOUR, {
      replaceToken: theirs.lock.fencing_token,
    });
    await new Promise((r) => setTimeout(r, 5));
    await driver.acquireLock("resource:lapsed", owner("me"), HOUR);

    expect((await driver.endSession("me")).locks).toEqual([
      "resource:kept",
      "resource:lapsed",
      "resource:taken",
    ]);
    expect(await driver.listLocks("*")).toEqual([]);
    expect((await driver.endSession("other")).locks).toEqual([]);
    expect(nodeFs.readdirSync(join(dir, "held"))).toEqual([]);
    await driver.close();
  });

  it("a directory written before the index existed: its locks and claims are indexed on first use", async () => {
    const dir = join(tempDir("index-upgrade"), "coordination");
    const before = createFileDriver({ dir });
    await before.acquireLock("resource:old", owner("me"), HOUR);
    await before.claimIssue(claimFor("me", 5));
    await before.close();
    // As an older version left it: no index of either.
    nodeFs.rmSync(join(dir, "held"), { recursive: true });
    nodeFs.rmSync(join(dir, "claim-of"), { recursive: true });

    const after = createFileDriver({ dir });
    const ended = await after.endSession("me");
    expect(ended.locks).toEqual(["resource:old"]);
    expect(ended.claim?.number).toBe(5);
    await after.close();
  });

  it("processes of two sessions racing over six names: each session's end releases exactly the locks it holds, and nothing is left", async () => {
    const dir = join(tempDir("index-churn"), "coordination");
    const names = ["a", "b", "c", "d", "e", "f"].map((n) => `resource:${n}`);
    await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        runWorker("index-churn.mjs", [dir, i % 2 ? "s1" : "s2", "150", ...names]),
      ),
    );
    const driver = createFileDriver({ dir });
    const held = await driver.listLocks("*");
    for (const session of ["s1", "s2"]) {
      const mine = held.filter((l) => l.held_by === session).map((l) => l.lock_name);
      expect((await driver.endSession(session)).locks).toEqual(mine);
    }
    expect(nodeFs.readdirSync(join(dir, "locks"))).toEqual([]);
    expect(nodeFs.readdirSync(join(dir, "held"))).toEqual([]);
    await driver.close();
  }, 120_000);
});

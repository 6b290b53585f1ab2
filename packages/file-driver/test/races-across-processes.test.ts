import { join } from "node:path";
import { ask } from "@agent-baton/driver-test-suite";
import { describe, expect, it } from "vitest";
import { createFileDriver } from "../src/index.js";
import { runWorker, tempDir } from "./helpers.js";

const RACERS = 8;

async function race(dir: string, op: "lock" | "claim" | "notices", arg: string) {
  const startAt = String(Date.now() + 1_500);
  const outs = await Promise.all(
    Array.from({ length: RACERS }, () => runWorker("race.mjs", [dir, startAt, op, arg])),
  );
  return outs.map((o) => JSON.parse(o) as { won: boolean; token?: number | null; taken?: string[] });
}

describe("races between OS processes", () => {
  it(`${RACERS} processes taking one free lock at the same moment: exactly one wins`, async () => {
    const dir = join(tempDir("race-free"), "coordination");
    const results = await race(dir, "lock", "resource:free");
    expect(results.filter((r) => r.won)).toHaveLength(1);
  }, 30_000);

  it(`${RACERS} processes taking over one expired lock at the same moment: exactly one wins, with a greater token`, async () => {
    const dir = join(tempDir("race-expired"), "coordination");
    const driver = createFileDriver({ dir });
    const old = await driver.acquireLock("resource:expired", ask("gone", { ttlMs: 1_000 }));
    const results = await race(dir, "lock", "resource:expired");
    const winners = results.filter((r) => r.won);
    expect(winners).toHaveLength(1);
    expect(winners[0]!.token).toBeGreaterThan(
      old.acquired ? old.lock.fencing_token : Number.POSITIVE_INFINITY,
    );
    await driver.close();
  }, 30_000);

  it(`${RACERS} processes taking one session's notices at the same moment: each notice is handed out once`, async () => {
    const dir = join(tempDir("race-notices"), "coordination");
    const driver = createFileDriver({ dir });
    await driver.acquireLock("resource:n", ask("holder"));
    for (let i = 0; i < 40; i++) {
      await driver.requestRelease("resource:n", { by: `asker-${i}`, reason: null, ttlMs: 60_000 });
    }
    const { events } = await driver.readEvents({ name: "resource:n" });
    const left = events.filter((e) => e.type === "lock.release_requested").map((e) => e.id);
    expect(left).toHaveLength(40);
    const taken = (await race(dir, "notices", "holder")).flatMap((r) => r.taken ?? []);
    expect(taken.sort()).toEqual([...left].sort());
    expect(await driver.takeNotices("holder")).toEqual([]);
    await driver.close();
  }, 30_000);

  it(`${RACERS} processes claiming one issue at the same moment: exactly one holds it`, async () => {
    const dir = join(tempDir("race-claim"), "coordination");
    const results = await race(dir, "claim", "77");
    expect(results.filter((r) => r.won)).toHaveLength(1);
    const driver = createFileDriver({ dir });
    expect(await driver.listClaims()).toHaveLength(1);
    await driver.close();
  }, 30_000);
});

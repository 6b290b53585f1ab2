import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { HistoryEvent } from "@agent-baton/core";
import { describe, expect, it } from "vitest";
import { createFileDriver } from "../src/index.js";
import { runWorker, tempDir } from "./helpers.js";

const PROCESSES = 8;
const CYCLES = 200;

interface Entry {
  name: string;
  token: number;
  enter: number;
  exit: number;
}

async function contend(
  names: string[],
): Promise<{ entries: Entry[]; counters: string; history: HistoryEvent[] }> {
  const dir = join(tempDir("mutex"), "coordination");
  const counters = tempDir("counters");
  for (const name of names) writeFileSync(join(counters, name.replace(/\W/g, "_")), "0");
  const outputs = await Promise.all(
    Array.from({ length: PROCESSES }, () =>
      runWorker("lock-cycles.mjs", [dir, counters, String(CYCLES), ...names]),
    ),
  );
  const entries = outputs.flatMap((o) =>
    o
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as Entry),
  );
  const driver = createFileDriver({ dir });
  const { events: history } = await driver.readEvents({});
  await driver.close();
  return { entries, counters, history };
}

/**
 * Within one name, the history written by all processes, in log order: every grant the workers
 * saw, each followed by its own release before the next grant, tokens rising.
 */
function expectHistoryInOrder(history: HistoryEvent[], entries: Entry[]): void {
  const holds = history.filter((e) => e.type === "lock.acquired" || e.type === "lock.released");
  expect(holds).toHaveLength(2 * entries.length);
  for (let i = 0; i < holds.length; i += 2) {
    const [grant, release] = [holds[i]!, holds[i + 1]!];
    expect(`${grant.type} ${release.type}`, `events ${i} and ${i + 1}`).toBe("lock.acquired lock.released");
    expect(release.token).toBe(grant.token);
    expect(release.session).toBe(grant.session);
    if (i > 0) expect(grant.token).toBeGreaterThan(holds[i - 2]!.token!);
  }
  const tokens = (list: Array<{ token: number | null }>) => list.map((e) => e.token).sort((a, b) => a! - b!);
  expect(tokens(holds.filter((e) => e.type === "lock.acquired"))).toEqual(
    tokens(entries.map((e) => ({ token: e.token }))),
  );
}

/** Within one name: sorted by entry, each holder left before the next entered, with a greater token. */
function expectSerialised(entries: Entry[]): void {
  const sorted = [...entries].sort((a, b) => a.enter - b.enter);
  for (let i = 1; i < sorted.length; i++) {
    const [prev, next] = [sorted[i - 1]!, sorted[i]!];
    expect(next.enter, `entry ${i} overlaps the one before`).toBeGreaterThanOrEqual(prev.exit);
    expect(next.token, `token of entry ${i}`).toBeGreaterThan(prev.token);
  }
}

describe("mutual exclusion across OS processes", () => {
  it(`${PROCESSES} processes × ${CYCLES} cycles on one lock: counter exact, no overlap, tokens rise in entry order, history in the same order`, async () => {
    const { entries, counters, history } = await contend(["resource:shared"]);
    expect(entries).toHaveLength(PROCESSES * CYCLES);
    expect(Number(readFileSync(join(counters, "resource_shared"), "utf8"))).toBe(PROCESSES * CYCLES);
    expectSerialised(entries);
    expectHistoryInOrder(history, entries);
  }, 180_000);

  it(`${PROCESSES} processes × ${CYCLES} cycles over 4 lock names in parallel: each name serialised, its history in order`, async () => {
    const names = ["resource:a", "resource:b", "issue:3", "wave:5c.1"];
    const { entries, counters, history } = await contend(names);
    expect(entries).toHaveLength(PROCESSES * CYCLES);
    let total = 0;
    for (const name of names) {
      const mine = entries.filter((e) => e.name === name);
      expect(mine.length).toBeGreaterThan(0);
      expect(Number(readFileSync(join(counters, name.replace(/\W/g, "_")), "utf8"))).toBe(mine.length);
      total += mine.length;
      expectSerialised(mine);
      expectHistoryInOrder(
        history.filter((e) => e.name === name),
        mine,
      );
    }
    expect(total).toBe(PROCESSES * CYCLES);
  }, 180_000);
});

import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { HistoryEvent } from "@agent-baton/core";
import { events, take } from "@agent-baton/driver-test-suite";
import { describe, expect, it } from "vitest";
import { createFileDriver, encodeName } from "../src/index.js";
import { tempDir } from "./helpers.js";

const HOUR = 3_600_000;

describe("the history log and the journals lock records keep", () => {
  it("rotates by size, keeping two files: reads span both, in order, each event once", async () => {
    const dir = join(tempDir("rotate"), "coordination");
    const driver = createFileDriver({ dir, history: { maxBytes: 4_000 } });
    for (let i = 0; i < 40; i++) {
      await take(driver, "resource:r", `s${i}`);
      await driver.releaseLock("resource:r", `s${i}`);
    }
    const log = join(dir, "events", "events.jsonl");
    expect(existsSync(join(dir, "events", "events.1.jsonl"))).toBe(true);
    expect(statSync(log).size).toBeLessThan(8_000);
    const kept = await events(driver);
    expect(new Set(kept.map((e) => e.id)).size).toBe(kept.length);
    expect(kept.length).toBeGreaterThan(10);
    expect(kept.length).toBeLessThan(80);
    expect(kept.at(-1)).toMatchObject({ type: "lock.released", session: "s39" });
    // Oldest first, each acquire followed by its release, across the two files.
    const pairs = kept.slice(kept[0]!.type === "lock.released" ? 1 : 0);
    for (let i = 0; i < pairs.length; i += 2) {
      expect([pairs[i]!.type, pairs[i + 1]!.type]).toEqual(["lock.acquired", "lock.released"]);
      expect(pairs[i]!.session).toBe(pairs[i + 1]!.session);
    }
    await driver.close();
  }, 60_000);

  it("a record whose journal keeps its events as objects (as first written) keeps its lock; the next step logs what the log lacks, once", async () => {
    const dir = join(tempDir("journal-objects"), "coordination");
    const warnings: string[] = [];
    const driver = createFileDriver({ dir, warn: (m) => warnings.push(m) });
    await take(driver, "resource:j", "holder", { ttlMs: HOUR });
    const path = join(dir, "locks", `${encodeName("resource:j")}.json`);
    const asEventsJournal = (events: HistoryEvent[], notify: string[]) => {
      const record = JSON.parse(readFileSync(path, "utf8"));
      record.journal = { log: record.journal.log, events, notify };
      writeFileSync(path, JSON.stringify(record, null, 2));
    };

    // Its events reached the log already: nothing is appended again.
    const [acquired] = await events(driver);
    asEventsJournal([acquired!], []);
    expect((await driver.getLock("resource:j"))?.holders).toMatchObject([{ held_by: "holder" }]);
    expect(await driver.extendLock("resource:j", "holder", HOUR)).toMatchObject({ outcome: "done" });
    expect((await events(driver)).map((e) => e.type)).toEqual(["lock.acquired", "lock.extended"]);

    // Its events did not: the next step appends them and leaves their notice.
    const asked = {
      ...acquired!,
      id: `${acquired!.id}-asked`,
      type: "lock.release_requested" as const,
      by: "asker",
    };
    asEventsJournal([asked], [asked.id]);
    expect(await driver.releaseLock("resource:j", "holder")).toMatchObject({ outcome: "done" });
    expect((await events(driver)).map((e) => e.type)).toEqual([
      "lock.acquired",
      "lock.extended",
      "lock.release_requested",
      "lock.released",
    ]);
    expect(warnings).toEqual([
      "baton file driver: recorded 1 event(s) of resource:j that an interrupted change had not logged",
    ]);
    expect(await driver.takeNotices("holder")).toEqual([asked]);
    await driver.close();
  }, 60_000);
});

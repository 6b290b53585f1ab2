import { spawn } from "node:child_process";
import { join } from "node:path";
import { events, take } from "@agent-baton/driver-test-suite";
import { describe, expect, it } from "vitest";
import { createFileDriver } from "../src/index.js";
import { tempDir, workerPath } from "./helpers.js";

const HOUR = 3_600_000;

/** Runs test/workers/crash-mid-step.mjs; resolves with the signal that ended it. */
function crashMidStep(dir: string, name: string, op: "force" | "request", point: "notice" | "log") {
  const child = spawn(process.execPath, [workerPath("crash-mid-step.mjs"), dir, name, op, point], {
    stdio: ["ignore", "ignore", "inherit"],
  });
  return new Promise<NodeJS.Signals | null>((resolve) =>
    child.once("exit", (_code, signal) => resolve(signal)),
  );
}

const summary = (e: { type: string; session: string | null; by: string | null }) =>
  `${e.type} ${e.session}${e.by ? ` by ${e.by}` : ""}`;

describe("history and notices of a change whose process was killed between its steps", () => {
  it.each([
    ["placing the holder's notice", "notice"],
    ["appending the events to the log", "log"],
  ] as const)(
    "a force-release killed while %s: the change stands, and the next change on the name records it and leaves its notice, once",
    async (_, point) => {
      const dir = join(tempDir(`crash-force-${point}`), "coordination");
      const warnings: string[] = [];
      const driver = createFileDriver({ dir, warn: (m) => warnings.push(m) });
      const victim = await take(driver, "resource:x", "victim", { ttlMs: HOUR });

      expect(await crashMidStep(dir, "resource:x", "force", point)).toBe("SIGKILL");
      expect(await driver.getLock("resource:x")).toBeNull();
      expect((await events(driver)).map(summary)).toEqual(["lock.acquired victim"]);

      // The next step on the name waits out the dead process's guard, then records what it missed.
      const next = await take(driver, "resource:x", "next", { ttlMs: HOUR });
      expect(next.fencing_token).toBeGreaterThan(victim.fencing_token);
      const history = await events(driver);
      expect(history.map(summary)).toEqual([
        "lock.acquired victim",
        "lock.force_released victim by admin",
        "lock.acquired next",
      ]);
      expect(history[1]).toMatchObject({ token: victim.fencing_token, reason: "stuck" });
      expect(warnings).toEqual([
        "baton file driver: recorded 1 event(s) of resource:x that an interrupted change had not logged",
      ]);
      expect(await driver.takeNotices("victim")).toEqual([history[1]]);
      expect(await driver.takeNotices("victim")).toEqual([]);
      await driver.close();
    },
    60_000,
  );

  it("a release request killed while logging: the request stands, and the holder's own release records both in order", async () => {
    const dir = join(tempDir("crash-request"), "coordination");
    const warnings: string[] = [];
    const driver = createFileDriver({ dir, warn: (m) => warnings.push(m) });
    await take(driver, "resource:y", "holder", { ttlMs: HOUR });

    expect(await crashMidStep(dir, "resource:y", "request", "log")).toBe("SIGKILL");
    expect((await driver.getLock("resource:y"))?.requests).toMatchObject([
      { by: "asker", reason: "my turn" },
    ]);

    expect(await driver.releaseLock("resource:y", "holder")).toMatchObject({ outcome: "done" });
    const history = await events(driver);
    expect(history.map(summary)).toEqual([
      "lock.acquired holder",
      "lock.release_requested holder by asker",
      "lock.released holder",
    ]);
    expect(warnings).toHaveLength(1);
    expect(await driver.takeNotices("holder")).toEqual([history[1]]);
    await driver.close();
  }, 60_000);
});

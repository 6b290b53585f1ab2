import { existsSync, mkdirSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { deadPid, owner } from "@agent-baton/driver-test-suite";
import { describe, expect, it } from "vitest";
import { createFileDriver, encodeName } from "../src/index.js";
import { tempDir } from "./helpers.js";

describe("what a crashed process leaves behind", () => {
  it("a guard left by a process killed inside it is broken once stale, and release goes through", async () => {
    const dir = join(tempDir("stale-guard"), "coordination");
    const driver = createFileDriver({ dir });
    await driver.acquireLock("resource:g", owner("s1"), 60_000);
    const guard = join(dir, "guards", `lock-${encodeName("resource:g")}.lock`);
    mkdirSync(guard);
    const longAgo = new Date(Date.now() - 60_000);
    utimesSync(guard, longAgo, longAgo);
    expect(await driver.releaseLock("resource:g", "s1")).toMatchObject({ outcome: "done" });
    expect(existsSync(guard)).toBe(false);
    await driver.close();
  });

  it("temp files of dead processes are swept on first use; a live process's are kept", async () => {
    const dir = join(tempDir("sweep"), "coordination");
    mkdirSync(join(dir, "tmp"), { recursive: true });
    const dead = join(dir, "tmp", `${deadPid()}-1-abc`);
    const live = join(dir, "tmp", `${process.ppid}-1-abc`);
    writeFileSync(dead, "{");
    writeFileSync(live, "{");
    const driver = createFileDriver({ dir });
    await driver.listLocks("*");
    expect(existsSync(dead)).toBe(false);
    expect(existsSync(live)).toBe(true);
    await driver.close();
  });
});

import { existsSync, mkdirSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ask, deadPid } from "@agent-baton/driver-test-suite";
import { describe, expect, it } from "vitest";
import { createFileDriver, encodeName } from "../src/index.js";
import { tempDir } from "./helpers.js";

describe("what a crashed process leaves behind", () => {
  it.each([
    ["a guard file (this version's form)", (path: string) => writeFileSync(path, "")],
    ["a guard directory (proper-lockfile's own form, older versions)", (path: string) => mkdirSync(path)],
  ])(
    "%s left by a process killed inside it is broken once stale, and release goes through",
    async (_, leave) => {
      const dir = join(tempDir("stale-guard"), "coordination");
      const driver = createFileDriver({ dir });
      await driver.acquireLock("resource:g", ask("s1"));
      const guard = join(dir, "guards", `lock-${encodeName("resource:g")}.lock`);
      leave(guard);
      const longAgo = new Date(Date.now() - 60_000);
      utimesSync(guard, longAgo, longAgo);
      expect(await driver.releaseLock("resource:g", "s1")).toMatchObject({ outcome: "done" });
      expect(existsSync(guard)).toBe(false);
      await driver.close();
    },
  );

  it.each([
    ["file", (path: string) => writeFileSync(path, "")],
    ["directory", (path: string) => mkdirSync(path)],
  ])("a fresh guard %s held by another process keeps a release waiting until it goes", async (_, leave) => {
    const dir = join(tempDir("live-guard"), "coordination");
    const driver = createFileDriver({ dir });
    await driver.acquireLock("resource:g", ask("s1"));
    const guard = join(dir, "guards", `lock-${encodeName("resource:g")}.lock`);
    leave(guard);
    let settled = false;
    const release = driver.releaseLock("resource:g", "s1").finally(() => {
      settled = true;
    });
    await new Promise((r) => setTimeout(r, 300));
    expect(settled).toBe(false);
    expect((await driver.getLock("resource:g"))?.holders[0]?.held_by).toBe("s1");
    rmSync(guard, { recursive: true });
    expect(await release).toMatchObject({ outcome: "done" });
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

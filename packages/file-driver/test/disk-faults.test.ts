import { execFileSync } from "node:child_process";
import fsModule, * as nodeFs from "node:fs";
import { join } from "node:path";
import { BackendUnavailableError, StorageError } from "@agent-baton/core";
import { ask, claimFor } from "@agent-baton/driver-test-suite";
import { afterEach, describe, expect, it } from "vitest";
import { createFileDriver, type FsLayer } from "../src/index.js";
import { tempDir } from "./helpers.js";

const mounts: string[] = [];
afterEach(() => {
  for (const dir of mounts.splice(0)) execFileSync("umount", [dir]);
});

const session = (id: string) => ({
  session_id: id,
  host: "h",
  pid: null,
  pid_start: null,
  cwd: "/",
  worktree: null,
  repo: null,
  branch: null,
  started_at: new Date().toISOString(),
  last_heartbeat: "2026-01-01T00:00:00.000Z",
  paused: false,
  metadata: {},
});

/** The real fs, except that calls named in `failing` throw `code` while `on` is true. */
function faultyFs(code: string, failing: Array<keyof FsLayer>) {
  const state = { on: false };
  const real = fsModule as unknown as Record<string, (...args: unknown[]) => unknown>;
  const fs: Record<string, unknown> = { ...real };
  for (const call of failing) {
    fs[call] = (...args: unknown[]) => {
      if (state.on) throw Object.assign(new Error(`${code}: injected`), { code });
      return real[call]!(...args);
    };
  }
  return { fs: fs as unknown as FsLayer, state };
}

describe("disk faults", () => {
  it("a read-only file system: writes fail with StorageError naming the path, reads still show the old state", async () => {
    const mount = tempDir("ro");
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=4m", "tmpfs", mount]);
    mounts.push(mount);
    const dir = join(mount, "coordination");
    // The writer closes first: its open history log would keep the file system from going read-only.
    const writer = createFileDriver({ dir });
    const held = await writer.acquireLock("resource:a", ask("s1"));
    await writer.putSession(session("s1"));
    await writer.close();
    execFileSync("mount", ["-o", "remount,ro", mount]);
    const driver = createFileDriver({ dir });

    const failure = driver.acquireLock("resource:b", ask("s1"));
    await expect(failure).rejects.toBeInstanceOf(StorageError);
    await expect(failure).rejects.toThrow(/EROFS.*read-only.*COORDINATION_DIR/);
    await expect(driver.acquireLock("resource:b", ask("s1"))).rejects.toThrow(dir);
    await expect(driver.extendLock("resource:a", "s1", 120_000)).rejects.toBeInstanceOf(StorageError);
    await expect(driver.updateSession("s1", { paused: true })).rejects.toBeInstanceOf(StorageError);
    await expect(driver.ping()).rejects.toThrow(`cannot use directory ${dir} (EROFS)`);
    expect((await driver.getLock("resource:a"))?.holders).toEqual(held.acquired ? [held.lock] : null);
    const reader = createFileDriver({ dir });
    expect((await reader.listLocks("*")).map((l) => l.lock_name)).toEqual(["resource:a"]);
    await reader.close();
    expect(await driver.getSession("s1")).toMatchObject({ paused: false });
    expect((await driver.listLocks("*")).map((l) => l.holders[0]?.held_by)).toEqual(["s1"]);
    expect((await driver.readEvents({})).events.map((e) => e.type)).toEqual([
      "lock.acquired",
      "session.started",
    ]);
    await driver.close();
  });

  it("a full disk (ENOSPC on write): StorageError, previous records intact, no temp files left", async () => {
    const dir = join(tempDir("enospc"), "coordination");
    const { fs, state } = faultyFs("ENOSPC", ["writeSync"]);
    const driver = createFileDriver({ dir, fs });
    const held = await driver.acquireLock("resource:a", ask("s1"));
    await driver.putSession(session("s1"));
    await driver.claimIssue(claimFor("s1", 7));
    state.on = true;

    await expect(driver.extendLock("resource:a", "s1", 120_000)).rejects.toThrow(
      /cannot write .*locks.* \(ENOSPC\): the disk is full; free some space/,
    );
    await expect(driver.acquireLock("resource:b", ask("s2"))).rejects.toBeInstanceOf(StorageError);
    await expect(
      driver.updateSession("s1", { last_heartbeat: new Date().toISOString() }),
    ).rejects.toBeInstanceOf(StorageError);
    await expect(driver.claimIssue(claimFor("s1", 8))).rejects.toBeInstanceOf(StorageError);

    state.on = false;
    expect((await driver.getLock("resource:a"))?.holders).toEqual(held.acquired ? [held.lock] : null);
    expect(await driver.getLock("resource:b")).toBeNull();
    expect(await driver.getSession("s1")).toMatchObject({ last_heartbeat: "2026-01-01T00:00:00.000Z" });
    expect((await driver.listClaims()).map((c) => c.number)).toEqual([7]);
    expect(nodeFs.readdirSync(join(dir, "tmp"))).toEqual([]);
    expect((await driver.acquireLock("resource:b", ask("s2"))).acquired).toBe(true);
    await driver.close();
  });

  it("a directory that cannot be created or read: BackendUnavailableError naming it and what to do", async () => {
    const dir = join(tempDir("eacces"), "coordination");
    const { fs, state } = faultyFs("EACCES", ["mkdirSync"]);
    state.on = true;
    const driver = createFileDriver({ dir, fs });
    const failure = driver.acquireLock("resource:a", ask("s1"));
    await expect(failure).rejects.toBeInstanceOf(BackendUnavailableError);
    await expect(failure).rejects.toThrow(`cannot use directory ${dir} (EACCES): permission denied`);
    await expect(driver.ping()).rejects.toBeInstanceOf(BackendUnavailableError);
    state.on = false;
    await driver.ping();
    expect((await driver.acquireLock("resource:a", ask("s1"))).acquired).toBe(true);
    await driver.close();
  });

  it("a file where the directory should be: BackendUnavailableError, nothing overwritten", async () => {
    const parent = tempDir("notdir");
    const dir = join(parent, "coordination");
    nodeFs.writeFileSync(dir, "precious");
    const driver = createFileDriver({ dir });
    await expect(driver.listLocks("*")).rejects.toBeInstanceOf(BackendUnavailableError);
    expect(nodeFs.readFileSync(dir, "utf8")).toBe("precious");
    await driver.close();
  });

  it.each([
    ["a path under /proc", () => "/proc/nope/coordination"],
    [
      "a path below a dangling symlink",
      () => {
        const parent = tempDir("dangling");
        nodeFs.symlinkSync(join(parent, "missing"), join(parent, "link"));
        return join(parent, "link", "coordination");
      },
    ],
  ])(
    "%s, where mkdir says ENOENT under a parent that exists: BackendUnavailableError, not a hang",
    async (_, make) => {
      const dir = make();
      const driver = createFileDriver({ dir });
      const failure = driver.acquireLock("resource:a", ask("s1"));
      await expect(failure).rejects.toBeInstanceOf(BackendUnavailableError);
      await expect(failure).rejects.toThrow(
        `cannot use directory ${dir} (ENOENT): no directory can be made there`,
      );
      await driver.close();
    },
  );
});

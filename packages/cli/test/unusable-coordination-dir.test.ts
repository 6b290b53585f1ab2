import { spawn } from "node:child_process";
import { chmodSync, chownSync, mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { collect, makeWorld, type Ran, tempDir } from "./helpers.js";

const baton = join(dirname(fileURLToPath(import.meta.url)), "..", "dist", "bin", "baton.js");
/** Root passes every permission check, so permission cases run as `nobody` when the tests run as root. */
const asUser = process.getuid?.() === 0 ? { uid: 65_534, gid: 65_534 } : {};

/** Runs the built `baton` with COORDINATION_DIR set to `dir`, as a user would (as `nobody` under root). */
function batonWith(dir: string, args: string[]): Promise<Ran> {
  const world = makeWorld({ COORDINATION_BACKEND: "file", COORDINATION_DIR: dir });
  chmodSync(world.home, 0o755);
  const child = spawn(process.execPath, [baton, ...args], {
    cwd: world.home,
    env: world.env,
    stdio: ["pipe", "pipe", "pipe"],
    ...asUser,
  });
  return collect(child);
}

/** A parent directory every user may enter, for cases built inside it. */
function openParent(): string {
  const parent = tempDir("baton-unusable-");
  chmodSync(parent, 0o755);
  return parent;
}

function expectUnavailable(ran: Ran, dir: string, advice: RegExp): void {
  expect(ran.code, ran.stderr).toBe(4);
  expect(ran.stdout).toBe("");
  const lines = ran.stderr.trimEnd().split("\n");
  expect(lines).toHaveLength(1);
  expect(lines[0]).toContain(dir);
  expect(lines[0]).toMatch(advice);
}

const cases: Array<[string, () => string, RegExp]> = [
  ["a path under /proc", () => "/proc/nope", /no directory can be made there; set COORDINATION_DIR/],
  ["a deeper path under /proc", () => "/proc/nope/a/b", /no directory can be made there/],
  [
    "a path below a dangling symlink",
    () => {
      const parent = openParent();
      symlinkSync(join(parent, "missing"), join(parent, "dangling"));
      return join(parent, "dangling", "coordination");
    },
    /no directory can be made there/,
  ],
  [
    "a regular file",
    () => {
      const file = join(openParent(), "coordination");
      writeFileSync(file, "precious");
      return file;
    },
    /a file stands where a directory should be; move it away or set COORDINATION_DIR/,
  ],
  [
    "a path below a regular file",
    () => {
      const file = join(openParent(), "file");
      writeFileSync(file, "");
      return join(file, "coordination");
    },
    /a file stands where a directory should be/,
  ],
  [
    "a read-only directory",
    () => {
      const dir = join(openParent(), "coordination");
      mkdirSync(dir, { mode: 0o555 });
      return dir;
    },
    /permission denied; fix its permissions or set COORDINATION_DIR/,
  ],
  [
    "a directory without permission",
    () => {
      const dir = join(openParent(), "coordination");
      mkdirSync(dir, { mode: 0o000 });
      return dir;
    },
    /permission denied/,
  ],
];

describe("a COORDINATION_DIR that cannot be created or used", () => {
  it.each(cases)(
    "%s: lock acquire exits 4 at once with one line naming it and what to do",
    async (_, make, advice) => {
      const dir = make();
      expectUnavailable(await batonWith(dir, ["lock", "acquire", "x"]), dir, advice);
    },
    20_000,
  );

  it.each([
    "lock check x",
    "lock list",
    "status",
    "session start",
    "session end",
    "heartbeat",
    "claim --list",
  ])(
    "/proc/nope: `baton %s` exits 4 too",
    async (command) => {
      const ran = await batonWith("/proc/nope", command.split(" "));
      expectUnavailable(ran, "/proc/nope", /no directory can be made there/);
    },
    20_000,
  );

  it("a directory made read-only after use: reads still answer, a write exits 4 naming the path", async () => {
    const dir = join(openParent(), "coordination");
    mkdirSync(dir, { mode: 0o700 });
    if (asUser.uid !== undefined) chownSync(dir, asUser.uid, asUser.gid);
    expect((await batonWith(dir, ["lock", "acquire", "kept"])).code).toBe(0);
    for (const sub of ["locks", "fencing", "held", "sessions", "claims", "claim-of", "guards", "tmp"]) {
      chmodSync(join(dir, sub), 0o555);
    }
    const listed = await batonWith(dir, ["lock", "list", "--json"]);
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.json().locks.map((l: { lock_name: string }) => l.lock_name)).toEqual(["resource:kept"]);
    const write = await batonWith(dir, ["lock", "acquire", "other"]);
    expect(write.code, write.stderr).toBe(4);
    expect(write.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(write.stderr).toContain(dir);
    expect(write.stderr).toMatch(/permission denied; fix its permissions or set COORDINATION_DIR/);
  }, 20_000);
});

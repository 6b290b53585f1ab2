import { existsSync, mkdtempSync, rmSync, statSync, unlinkSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type GuardFs, Guards, guardFs } from "./guard.js";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** guardFs with every call recorded, and every read of a member it lacks recorded apart. */
function recordingGuardFs() {
  const called = new Set<string>();
  const lacking = new Set<string>();
  const calls: Array<{ method: string; path: string }> = [];
  const wrapped = Object.fromEntries(
    Object.entries(guardFs).map(([method, fn]) => [
      method,
      (...args: unknown[]) => {
        called.add(method);
        calls.push({ method, path: String(args[0]) });
        return (fn as (...a: unknown[]) => unknown)(...args);
      },
    ]),
  );
  const fs = new Proxy(wrapped, {
    get(target, key) {
      if (typeof key === "string" && !(key in target)) lacking.add(key);
      return Reflect.get(target, key);
    },
  }) as unknown as GuardFs;
  return { fs, called, lacking, calls };
}

const until = async (done: () => boolean) => {
  while (!done()) await new Promise((r) => setTimeout(r, 20));
};

describe("Guards on proper-lockfile over guardFs (O_EXCL files)", () => {
  it("lock, wait, stale break, refresh and compromise use exactly guardFs's methods and no other fs member", async () => {
    const dir = mkdtempSync(join(tmpdir(), "baton-guard-test-"));
    dirs.push(dir);
    const warnings: string[] = [];
    const { fs, called, lacking, calls } = recordingGuardFs();
    const guards = new Guards(dir, (m) => warnings.push(m), fs);

    // Plain cycle: the guard is an empty file while held, gone after.
    await guards.with("plain", () => {
      expect(statSync(join(dir, "plain.lock")).isFile()).toBe(true);
    });
    expect(existsSync(join(dir, "plain.lock"))).toBe(false);

    // A fresh guard held elsewhere: the caller waits until it goes.
    writeFileSync(join(dir, "busy.lock"), "");
    let entered = false;
    const waiting = guards.with("busy", () => {
      entered = true;
    });
    await until(() => calls.some((c) => c.method === "statSync" && c.path.endsWith("busy.lock")));
    expect(entered).toBe(false);
    unlinkSync(join(dir, "busy.lock"));
    await waiting;
    expect(entered).toBe(true);

    // A stale guard (a crashed holder's) is broken.
    const stale = join(dir, "stale.lock");
    writeFileSync(stale, "");
    utimesSync(stale, new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
    expect(await guards.with("stale", () => "went through")).toBe("went through");

    // Held past proper-lockfile's refresh interval: its mtime is renewed; a guard removed under its
    // holder is reported compromised.
    const refreshed = guards.with("long", async () => {
      const path = join(dir, "long.lock");
      const first = statSync(path).mtimeMs;
      await until(() => statSync(path).mtimeMs !== first);
    });
    const compromised = guards.with("lost", async () => {
      unlinkSync(join(dir, "lost.lock"));
      await until(() => warnings.some((w) => w.includes("lost") && w.includes("compromised")));
    });
    await Promise.all([refreshed, compromised]);

    expect(lacking).toEqual(new Set());
    expect(called).toEqual(new Set(Object.keys(guardFs)));
  }, 30_000);
});

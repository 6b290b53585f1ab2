import { copyFileSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ManualClock } from "@agent-baton/core";
import { ask } from "@agent-baton/driver-test-suite";
import { describe, expect, it } from "vitest";
import { createFileDriver, encodeName } from "../src/index.js";
import { tempDir } from "./helpers.js";

type FileDriver = ReturnType<typeof createFileDriver>;

async function cycle(driver: FileDriver, session: string): Promise<number> {
  const r = await driver.acquireLock("resource:f", ask(session));
  if (!r.acquired) throw new Error("expected to acquire");
  await driver.releaseLock("resource:f", session);
  return r.lock.fencing_token;
}

async function cycles(driver: FileDriver, count: number): Promise<number[]> {
  const tokens: number[] = [];
  for (let i = 0; i < count; i++) tokens.push(await cycle(driver, `s${i}`));
  return tokens;
}

const rising = (tokens: number[]) => tokens.every((t, i) => i === 0 || t > tokens[i - 1]!);

describe("fencing tokens never go backwards", () => {
  it("after the whole directory is deleted, the next token is above every earlier one", async () => {
    const dir = join(tempDir("deleted"), "coordination");
    const before = createFileDriver({ dir });
    const tokens = await cycles(before, 5);
    await before.close();
    expect(rising(tokens)).toBe(true);
    rmSync(dir, { recursive: true, force: true });

    const after = createFileDriver({ dir });
    expect(await cycle(after, "again")).toBeGreaterThan(Math.max(...tokens));
    await after.close();
  });

  it("a restarted process on the same directory continues above the last token", async () => {
    const dir = join(tempDir("restart"), "coordination");
    const first = createFileDriver({ dir });
    const before = await cycles(first, 2);
    await first.close();
    const second = createFileDriver({ dir });
    expect(await cycle(second, "c")).toBeGreaterThan(Math.max(...before));
    await second.close();
  });

  it("with the clock far behind the last token (set back), tokens still rise by the counter", async () => {
    const dir = join(tempDir("clock-back"), "coordination");
    const now = createFileDriver({ dir });
    const last = await cycle(now, "a");
    await now.close();
    const past = createFileDriver({ dir, clock: new ManualClock(Date.UTC(2001, 0, 1)) });
    const later = await cycles(past, 3);
    expect(later[0]).toBeGreaterThan(last);
    expect(rising(later)).toBe(true);
    await past.close();
  });

  it("after a power loss rolled the counter back, the next token is still greater", async () => {
    const dir = join(tempDir("rollback"), "coordination");
    const counter = join(dir, "fencing", `${encodeName("resource:f")}.json`);
    const before = createFileDriver({ dir });
    await cycle(before, "a");
    copyFileSync(counter, `${counter}.old`);
    const last = Math.max(await cycle(before, "b"), await cycle(before, "c"));
    await before.close();
    // The unsynced counter reverts to an older version, as it may when the machine loses power.
    copyFileSync(`${counter}.old`, counter);

    const after = createFileDriver({ dir });
    const next = await cycles(after, 2);
    expect(next[0]).toBeGreaterThan(last);
    expect(rising(next)).toBe(true);
    await after.close();
  });

  it("after a power loss, taking over a lock left behind also issues a greater token", async () => {
    const dir = join(tempDir("rollback-takeover"), "coordination");
    const counter = join(dir, "fencing", `${encodeName("resource:f")}.json`);
    const lock = join(dir, "locks", `${encodeName("resource:f")}.json`);
    const before = createFileDriver({ dir });
    await cycle(before, "a");
    copyFileSync(counter, `${counter}.old`);
    await cycle(before, "b");
    const left = await before.acquireLock("resource:f", ask("c", { ttlMs: 1 }));
    await before.close();
    // Both the counter and the record left behind revert to the first token.
    copyFileSync(`${counter}.old`, counter);
    const first = JSON.parse(readFileSync(`${counter}.old`, "utf8"));
    if (!left.acquired) throw new Error("expected to acquire");
    const stale = { ...left.lock, fencing_token: first.last_token, expires_at: new Date(0).toISOString() };
    writeFileSync(lock, JSON.stringify({ ...first, holders: [stale] }));

    const after = createFileDriver({ dir });
    const taken = await after.acquireLock("resource:f", ask("d"));
    expect(taken.acquired).toBe(true);
    if (!taken.acquired || !left.acquired) return;
    expect(taken.lock.fencing_token).toBeGreaterThan(left.lock.fencing_token);
    await after.close();
  });
});

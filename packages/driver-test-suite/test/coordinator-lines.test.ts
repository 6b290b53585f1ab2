import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { Coordinator, InvalidInputError, ManualClock, type WaitProgress } from "@agent-baton/core";
import { afterAll, describe, expect, it } from "vitest";
import { createMemoryDriver, deadPid, lineOf, take, testConfig } from "../src/index.js";

/** Coordinators of several sessions on one fresh store, with one manual clock for tiers. */
function world() {
  const namespace = `lines-${randomUUID()}`;
  const clock = new ManualClock(Date.now());
  const driver = createMemoryDriver({ namespace });
  const as = (sessionId: string) =>
    new Coordinator({ driver: createMemoryDriver({ namespace }), config: testConfig(), sessionId, clock });
  return { driver, clock, as };
}

async function refusal(promise: Promise<unknown>): Promise<InvalidInputError> {
  try {
    await promise;
  } catch (error) {
    if (InvalidInputError.isInstance(error)) return error;
    throw error;
  }
  throw new Error("accepted");
}

const children: number[] = [];
afterAll(() => {
  for (const pid of children) {
    try {
      process.kill(-pid, "SIGKILL");
    } catch {}
  }
});

describe("Coordinator: modes, slots and lines", () => {
  it("refuses shared with slots > 1, an unknown mode and bad slots before touching storage", async () => {
    const { as, driver } = world();
    const me = as("me");
    expect((await refusal(me.acquire("x", { mode: "shared", slots: 2 }))).message).toMatch(
      /^invalid slots 2: a shared lock has no slots/,
    );
    expect((await refusal(me.acquire("x", { mode: "reader" }))).field).toBe("mode");
    for (const slots of [0, 1.5, "many", 1001])
      expect((await refusal(me.acquire("x", { slots }))).field).toBe("slots");
    expect(await driver.listLocks("*")).toEqual([]);
  });

  it("a caller that disagrees about slots gets INVALID_INPUT naming the slots in force, and is not left in line", async () => {
    const { as, driver } = world();
    await as("a").acquire("gpu", { slots: 3 });
    const error = await refusal(as("b").acquire("gpu", { wait: 5 }));
    expect(error).toMatchObject({ code: "INVALID_INPUT", field: "slots" });
    expect(error.message).toMatch(/^resource:gpu has 3 slots in force; ask with --slots 3/);
    expect(await lineOf(driver, "resource:gpu")).toEqual([]);
    expect(await as("b").acquire("gpu", { slots: "3" })).toMatchObject({ acquired: true });
  });

  it("slots: each holder gets its own token; the next is refused naming a holder and how many wait", async () => {
    const { as } = world();
    const a = await as("a").acquire("gpu", { slots: 2 });
    const b = await as("b").acquire("gpu", { slots: 2 });
    expect(a.fencing_token).not.toBe(b.fencing_token);
    const c = await as("c").acquire("gpu", { slots: 2 });
    expect(c).toMatchObject({ acquired: false, reason: "held", held_by: "a", waiting: 0 });
    expect(c.holders?.map((h) => h.held_by)).toEqual(["a", "b"]);
  });

  it("shared holders coexist; a writer waits for them and readers arriving later wait behind it", async () => {
    const { as, driver } = world();
    expect(await as("r1").acquire("db", { mode: "shared" })).toMatchObject({
      acquired: true,
      mode: "shared",
    });
    expect(await as("r2").acquire("db", { mode: "shared" })).toMatchObject({ acquired: true });
    const writer = as("w").acquire("db", { wait: 30 });
    await expect.poll(() => lineOf(driver, "resource:db")).toEqual(["w"]);
    expect(await as("r3").acquire("db", { mode: "shared" })).toMatchObject({ acquired: false, waiting: 1 });
    await as("r1").release("db");
    await as("r2").release("db");
    expect(await writer).toMatchObject({ acquired: true, held_by: "w", mode: "exclusive" });
  });

  it("onWait says the place in line, every holder with its tier, and the time waited", async () => {
    const { as, driver } = world();
    await as("h").sessions.register();
    await as("h").acquire("busy", { ttl: 60 });
    const first = as("w1").acquire("busy", { wait: 30 });
    await expect.poll(() => lineOf(driver, "resource:busy")).toEqual(["w1"]);
    const seen: WaitProgress[] = [];
    const second = as("w2").acquire("busy", { wait: 30, onWait: (p) => seen.push(p) });
    await expect.poll(() => seen.length).toBeGreaterThan(0);
    expect(seen[0]).toMatchObject({
      lock_name: "resource:busy",
      mode: "exclusive",
      position: 2,
      slots: 1,
      waiting: 2,
      holders: [{ held_by: "h", tier: "active", mine: false }],
    });
    expect(seen[0]!.waited_ms).toBeGreaterThanOrEqual(0);
    await as("h").release("busy");
    expect(await first).toMatchObject({ acquired: true, held_by: "w1" });
    await as("w1").release("busy");
    expect(await second).toMatchObject({ acquired: true, held_by: "w2" });
  });

  it("an aborted wait leaves the line at once and reports where it stood", async () => {
    const { as, driver } = world();
    await as("h").acquire("busy");
    const controller = new AbortController();
    const waiting = as("w").acquire("busy", { wait: 60, signal: controller.signal });
    await expect.poll(() => lineOf(driver, "resource:busy")).toEqual(["w"]);
    controller.abort();
    expect(await waiting).toMatchObject({ acquired: false, reason: "timeout", position: 1 });
    expect(await lineOf(driver, "resource:busy")).toEqual([]);
    const gaveUp = (await driver.readEvents({ name: "resource:busy" })).events.at(-1);
    expect(gaveUp).toMatchObject({ type: "lock.gave_up", session: "w", reason: "stopped waiting" });
  });

  it("check, info and list show holders, the line with positions, and requests; available means a newcomer gets it now", async () => {
    const { as, driver } = world();
    await as("h").acquire("busy");
    const waiting = as("w").acquire("busy", { wait: 30 });
    await expect.poll(() => lineOf(driver, "resource:busy")).toEqual(["w"]);
    await as("asker").requestRelease("busy", { reason: "my turn" });
    const check = await as("other").check("busy");
    expect(check).toMatchObject({
      available: false,
      locked: true,
      mine: false,
      held_by: "h",
      slots: 1,
      holders: [{ held_by: "h" }],
      waiters: [{ session_id: "w", position: 1, mine: false }],
      requests: [{ by: "asker", reason: "my turn" }],
    });
    const info = await as("w").info("busy");
    expect(info).toMatchObject({ held_by: "h", mine: false, waiters: [{ session_id: "w", mine: true }] });
    const listed = await as("h").list("busy");
    expect(listed.locks).toMatchObject([{ lock_name: "resource:busy", held_by: "h", mine: true }]);
    await as("h").release("busy");
    await waiting;
    expect(await as("other").check("free")).toMatchObject({ available: true, locked: false, holders: [] });
  });

  it("a hold whose holder process is gone but whose process group runs on stays; once the group ends it is taken", async () => {
    const { as, driver } = world();
    const group = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)"], {
      detached: true,
      stdio: "ignore",
    });
    children.push(group.pid!);
    await take(driver, "resource:run", "runner", {
      ttlMs: 3_600_000,
      owner: { pid: deadPid(), pgid: group.pid! },
    });
    expect(await as("b").acquire("run")).toMatchObject({ acquired: false, held_by: "runner" });
    group.kill("SIGKILL");
    await new Promise((resolve) => group.once("exit", resolve));
    expect(await as("b").acquire("run")).toMatchObject({
      acquired: true,
      took_over: { held_by: "runner", tier: "dead" },
    });
  });

  it("extend records the process facts it is given", async () => {
    const { as, driver } = world();
    await as("a").acquire("x");
    expect(await as("a").extend("x", 60, { pgid: 4242 })).toMatchObject({ extended: true });
    expect((await driver.getLock("resource:x"))?.holders[0]?.pgid).toBe(4242);
  });
});

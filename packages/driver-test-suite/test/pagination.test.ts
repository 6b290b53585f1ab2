import { Coordinator, type Driver, InvalidInputError, ManualClock } from "@agent-baton/core";
import { describe, expect, it } from "vitest";
import { ask, createMemoryDriver, sessionRecord, testConfig } from "../src/index.js";

/** The reference driver, counting the calls the Coordinator makes to it. */
function counted(namespace: string): { driver: Driver; calls: string[] } {
  const real = createMemoryDriver({ namespace });
  const calls: string[] = [];
  const driver = new Proxy(real, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver);
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        calls.push(String(key));
        return value.apply(target, args);
      };
    },
  });
  return { driver, calls };
}

const coordinator = (driver: Driver, sessionId = "me") =>
  new Coordinator({ driver, config: testConfig(), sessionId, clock: new ManualClock(Date.now()) });

async function refusal(promise: Promise<unknown>): Promise<InvalidInputError> {
  try {
    await promise;
  } catch (error) {
    if (InvalidInputError.isInstance(error)) return error;
    throw error;
  }
  throw new Error("accepted");
}

describe("Coordinator.list and sessions.status, a page at a time", () => {
  it("a bad pattern, limit or cursor is INVALID_INPUT naming it, and the driver is never asked", async () => {
    const { driver, calls } = counted("page-bad");
    const c = coordinator(driver);
    for (const [pattern, options, field] of [
      ["[z-a]", {}, "pattern"],
      ["a[", {}, "pattern"],
      ["x".repeat(201), {}, "pattern"],
      ["*", { limit: 0 }, "limit"],
      ["*", { limit: 1.5 }, "limit"],
      ["*", { cursor: "garbage!" }, "cursor"],
    ] as const) {
      expect((await refusal(c.list(pattern, options))).field).toBe(field);
    }
    expect((await refusal(c.sessions.status({ limit: 1001 }))).field).toBe("limit");
    expect(calls).toEqual([]);
  });

  it("a cursor of one list is refused by the other", async () => {
    const { driver } = counted("page-kinds");
    const c = coordinator(driver);
    for (const n of ["a", "b"]) await driver.acquireLock(`resource:${n}`, ask("x", { ttlMs: 60_000 }));
    for (const id of ["s1", "s2"]) await driver.putSession(sessionRecord(id));
    const locks = await c.list("*", { limit: 1 });
    const sessions = await c.sessions.status({ limit: 1 });
    expect((await refusal(c.sessions.status({ cursor: locks.next_cursor! }))).message).toMatch(
      /previous sessions reply/,
    );
    expect((await refusal(c.list("*", { cursor: sessions.next_cursor! }))).message).toMatch(
      /previous locks reply/,
    );
  });

  it("defaults to 100 and walks every lock present throughout exactly once while others come and go", async () => {
    const { driver } = counted("page-walk");
    const c = coordinator(driver);
    const name = (i: number) => `resource:job-${String(i).padStart(4, "0")}`;
    for (let i = 0; i < 1_000; i += 2) await driver.acquireLock(name(i), ask("filler", { ttlMs: 600_000 }));
    const first = await c.list();
    expect(first).toMatchObject({ pattern: "*", count: 100, total: 500 });

    const seen: string[] = [];
    let cursor: string | null = null;
    let i = 1;
    do {
      const page = await c.list("*", { limit: 37, cursor });
      seen.push(...page.locks.map((l) => l.lock_name));
      cursor = page.next_cursor;
      // between pages: an odd name appears, and one of the even names is taken away and put back
      await driver.acquireLock(name(i), ask("filler", { ttlMs: 600_000 }));
      await driver.forceReleaseLock(name(i + 1), { by: "test" });
      await driver.acquireLock(name(i + 1), ask("filler", { ttlMs: 600_000 }));
      i += 2;
    } while (cursor);
    const evens = Array.from({ length: 500 }, (_, k) => name(2 * k));
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.filter((n) => evens.includes(n))).toEqual(evens);
    expect(seen).toEqual([...seen].sort());
  });

  it("sessions come oldest first with tier counts over all; each shows its first 20 locks and how many it holds", async () => {
    const { driver } = counted("page-sessions");
    const c = coordinator(driver);
    const start = Date.parse("2026-01-01T00:00:00.000Z");
    for (let i = 0; i < 5; i++) {
      const at = new Date(start + i * 1000).toISOString();
      await driver.putSession(
        sessionRecord(`s${4 - i}`, { started_at: at, last_heartbeat: new Date().toISOString() }),
      );
    }
    for (let i = 0; i < 25; i++)
      await driver.acquireLock(`resource:l${String(i).padStart(2, "0")}`, ask("s4"));
    const page = await c.sessions.status({ limit: 2 });
    expect(page).toMatchObject({ count: 2, total: 5, counts: { active: 5 } });
    expect(page.sessions.map((s) => s.session_id)).toEqual(["s4", "s3"]);
    expect(page.sessions[0]).toMatchObject({ lock_count: 25 });
    expect(page.sessions[0]!.locks).toHaveLength(20);
    const rest = await c.sessions.status({ limit: 10, cursor: page.next_cursor });
    expect(rest.sessions.map((s) => s.session_id)).toEqual(["s2", "s1", "s0"]);
    expect(rest.next_cursor).toBeNull();
  });

  it("sessions.entry reads one session's entry without paging through the others", async () => {
    const { driver } = counted("page-entry");
    for (let i = 0; i < 150; i++) await driver.putSession(sessionRecord(`other-${i}`));
    const c = coordinator(driver, "me");
    expect(await c.sessions.entry()).toBeNull();
    await c.sessions.register({ task: "x" });
    await c.acquire("build");
    expect(await c.sessions.entry()).toMatchObject({
      session_id: "me",
      me: true,
      locks: ["resource:build"],
      lock_count: 1,
    });
  });
});

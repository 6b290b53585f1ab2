import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { Coordinator, type HistoryEvent, ManualClock, NoticesResultSchema } from "@agent-baton/core";
import { describe, expect, it } from "vitest";
import {
  claimFor,
  createMemoryDriver,
  deadPid,
  lineOf,
  sessionRecord,
  sleep,
  take,
  testConfig,
} from "../src/index.js";

function world() {
  const namespace = `history-${randomUUID()}`;
  const clock = new ManualClock(Date.now());
  const driver = createMemoryDriver({ namespace });
  const as = (sessionId: string) =>
    new Coordinator({
      driver: createMemoryDriver({ namespace }),
      config: testConfig(),
      sessionId,
      clock,
      repo: "acme/api",
      issueTitle: async () => null,
    });
  return { driver, clock, as };
}

describe("Coordinator: force-release, release requests, history and notices", () => {
  it("force-release breaks one hold by token or all, names each, and records who did it and why", async () => {
    const { as } = world();
    const a = await as("a").acquire("gpu", { slots: 2 });
    await as("b").acquire("gpu", { slots: 2 });
    const one = await as("admin").forceRelease("gpu", { token: a.fencing_token!, reason: "wedged" });
    expect(one).toMatchObject({ success: true, broke: { held_by: "a" }, broken: [{ held_by: "a" }] });
    const all = await as("admin").forceRelease("gpu");
    expect(all.broken.map((h) => h.held_by)).toEqual(["b"]);
    expect(await as("admin").forceRelease("gpu")).toMatchObject({
      success: false,
      reason: "lock_not_found",
      broken: [],
    });
    const forced = (await as("x").history({ lock: "gpu" })).events.filter(
      (e) => e.type === "lock.force_released",
    );
    expect(forced.map((e) => [e.session, e.by, e.reason])).toEqual([
      ["a", "admin", "wedged"],
      ["b", "admin", null],
    ]);
  });

  it("a release request tells each holder once, and with wait the asker then waits in line for it", async () => {
    const { as, driver } = world();
    await as("h").acquire("deploy");
    const asking = as("asker").requestRelease("deploy", { reason: "hotfix", wait: 30 });
    await expect.poll(() => lineOf(driver, "resource:deploy")).toEqual(["asker"]);
    const [notice] = (await as("h").notices()).notices;
    expect(notice?.type).toBe("lock.release_requested");
    expect(notice?.text).toMatch(
      /^asker asks you to release resource:deploy \(at \d\d:\d\d\) \(hotfix\) — release it when you can/,
    );
    await as("h").release("deploy");
    const result = await asking;
    expect(result).toMatchObject({
      success: true,
      requested: true,
      held_by: ["h"],
      acquire: { acquired: true },
    });
    expect((await as("asker").notices()).notices.map((n) => n.text)).toEqual([
      expect.stringMatching(
        /^you now hold resource:deploy \(granted at \d\d:\d\d after waiting \d+s\) — go ahead/,
      ),
    ]);
    expect(await as("asker").requestRelease("nobody-holds")).toMatchObject({
      requested: false,
      reason: "lock_not_found",
    });
  });

  it("a reason longer than one line is refused", async () => {
    const { as } = world();
    await expect(as("a").requestRelease("x", { reason: "two\nlines" })).rejects.toMatchObject({
      code: "INVALID_INPUT",
      field: "reason",
    });
  });

  it("notices are worded once per event for the session they happened to, and valid", async () => {
    const { as, driver, clock } = world();
    const me = as("me");
    await me.sessions.register();
    await me.claims.claim(7);
    await take(driver, "resource:lapsed", "me", { ttlMs: 100 });
    const taken = await me.acquire("taken");
    await me.acquire("forced");
    await as("admin").forceRelease("forced", { reason: "stuck" });
    await take(driver, "resource:taken", "thief", { evict: [taken.fencing_token!], reason: "me is stale" });
    clock.advance(5 * 3_600_000);
    await as("other").claims.claim(7);
    await sleep(200);
    const result = NoticesResultSchema.parse(await me.notices());
    const texts = Object.fromEntries(result.notices.map((n) => [n.type, n.text]));
    expect(texts["lock.force_released"]).toMatch(
      /^your lock resource:forced was force-released by admin at \d\d:\d\d \(stuck\) — stop work that needs it and re-acquire before going on$/,
    );
    expect(texts["lock.taken_over"]).toMatch(
      /^your lock resource:taken was taken over by thief at .* \(me is stale\) — /,
    );
    expect(texts["claim.overridden"]).toMatch(/^your claim on acme\/api#7 was taken over by other at /);
    expect(texts["lock.expired"]).toMatch(
      /^your lock resource:lapsed expired at \d\d:\d\d \(its TTL ran out\) — /,
    );
    expect(result.notices.every((n) => n.event_id === n.id)).toBe(true);
    expect((await me.notices()).notices).toEqual([]);
    expect((await as("admin").notices()).notices).toEqual([]);
  });

  it("history reads by lock name as the user writes it, by session and since a time, and follows", async () => {
    const { as } = world();
    const a = as("a");
    await a.acquire("build");
    await as("b").acquire("other");
    await sleep(20);
    const mid = Date.now();
    await sleep(20);
    await a.release("build");
    expect((await a.history({ lock: "build" })).events.map((e) => e.type)).toEqual([
      "lock.acquired",
      "lock.released",
    ]);
    expect((await a.history({ session: "b" })).events.map((e) => e.name)).toEqual(["resource:other"]);
    expect((await a.history({ sinceMs: mid })).events.map((e) => e.type)).toEqual(["lock.released"]);
    expect((await a.history({ limit: 1 })).events).toHaveLength(1);
    await expect(a.history({ limit: 0 })).rejects.toMatchObject({ field: "limit" });
    const { cursor } = await a.history();
    const seen: HistoryEvent[] = [];
    const controller = new AbortController();
    const following = a.followHistory(
      { lock: "build", after: cursor },
      (e) => seen.push(e),
      controller.signal,
    );
    await a.acquire("build");
    await expect.poll(() => seen.map((e) => e.type)).toEqual(["lock.acquired"]);
    controller.abort();
    await following;
  });

  it("cleanup records a gone session as found dead, by whom and why", async () => {
    const { as, driver } = world();
    await driver.putSession(sessionRecord("ghost", { host: hostname(), pid: deadPid() }));
    await take(driver, "resource:g", "ghost");
    await driver.claimIssue(claimFor("ghost", 3));
    const result = await as("janitor").sessions.cleanup();
    expect(result.removed).toMatchObject([
      { session_id: "ghost", tier: "dead", released_locks: ["resource:g"] },
    ]);
    const events = (await driver.readEvents({ session: "ghost" })).events;
    expect(events.map((e) => e.type)).toEqual([
      "session.started",
      "lock.acquired",
      "claim.taken",
      "lock.released",
      "claim.released",
      "session.found_dead",
    ]);
    expect(events.at(-1)).toMatchObject({ by: "janitor", reason: "dead: its process is gone" });
  });

  it("ending a session records session.ended with what it released", async () => {
    const { as, driver } = world();
    const me = as("me");
    await me.sessions.register();
    await me.acquire("x");
    expect(await me.sessions.end()).toMatchObject({ ended: true, released_locks: ["resource:x"] });
    expect((await driver.readEvents({ session: "me" })).events.map((e) => e.type).slice(-2)).toEqual([
      "lock.released",
      "session.ended",
    ]);
  });
});

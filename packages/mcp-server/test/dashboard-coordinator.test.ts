import { type BatonConfig, Coordinator, DEFAULTS } from "@agent-baton/core";
import { createMemoryDriver } from "@agent-baton/driver-test-suite";
import { afterEach, describe, expect, it } from "vitest";
import { backendSource } from "../src/dashboard/dashboard.js";
import { openEvents, serve } from "./dashboard-server.js";

const config: BatonConfig = { ...DEFAULTS, coordinationDir: "/nonexistent" };

describe("the dashboard over a real Coordinator (memory reference driver)", () => {
  const cleanups: Array<() => unknown> = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  it("follows acquire, line, release and force-release as the history records them", async () => {
    const namespace = `dash-${Math.random()}`;
    const driver = createMemoryDriver({ namespace });
    const as = (sessionId: string) => new Coordinator({ driver, config, sessionId });
    const alice = as("3f2a91c4-alice");
    const bob = as("77ab01d2-bob");
    await alice.sessions.register();
    await bob.sessions.register();
    const server = await serve(backendSource({ driver, config }), "s3cret");
    cleanups.push(server.close);
    const stream = await openEvents(server.url, { authorization: "Bearer s3cret" });
    cleanups.push(stream.close);

    const first = await stream.next();
    expect(first.snapshot.sessions.map((s) => [s.session_id, s.tier])).toEqual([
      ["3f2a91c4-alice", "active"],
      ["77ab01d2-bob", "active"],
    ]);
    expect(first.snapshot.short_ids).toMatchObject({ "3f2a91c4-alice": "3f2a91", "77ab01d2-bob": "77ab01" });

    await alice.acquire("deploy", { ttl: 600 });
    let change = await stream.next();
    expect(change.events.map((e) => e.type)).toEqual(["lock.acquired"]);
    expect(change.snapshot.locks).toMatchObject([
      { lock_name: "resource:deploy", holders: [{ held_by: "3f2a91c4-alice" }], waiters: [] },
    ]);
    expect(change.snapshot.sessions.find((s) => s.session_id === "3f2a91c4-alice")?.holds).toBe(1);

    const waiting = bob.acquire("deploy", { ttl: 600, wait: 60 });
    do change = await stream.next();
    while (!change.events.some((e) => e.type === "lock.queued"));
    expect(change.snapshot.locks[0]?.waiters).toMatchObject([{ session_id: "77ab01d2-bob", position: 1 }]);

    await alice.release("deploy");
    await waiting;
    do change = await stream.next();
    while (change.snapshot.locks[0]?.holders[0]?.held_by !== "77ab01d2-bob");
    const row = change.snapshot.timeline.rows.find((r) => r.lock_name === "resource:deploy");
    expect(row?.bars.map((b) => [b.session, b.to === null, b.end])).toEqual([
      ["3f2a91c4-alice", false, "lock.released"],
      ["77ab01d2-bob", true, null],
    ]);

    const token = change.snapshot.locks[0]!.holders[0]!.fencing_token;
    const res = await fetch(`${server.url}/api/force-release`, {
      method: "POST",
      headers: { authorization: "Bearer s3cret", "content-type": "application/json" },
      body: JSON.stringify({ lock_name: "resource:deploy", token, as: "ops" }),
    });
    expect(await res.json()).toMatchObject({ released: true, by: "dashboard:ops@127.0.0.1" });
    const history = await alice.history({ lock: "deploy" });
    expect(history.events.at(-1)).toMatchObject({
      type: "lock.force_released",
      session: "77ab01d2-bob",
      token,
      by: "dashboard:ops@127.0.0.1",
      reason: "force-released from the dashboard",
    });
    const notices = await bob.notices();
    expect(notices.notices.map((n) => n.text).join("\n")).toContain("dashboard:ops@127.0.0.1");
    do change = await stream.next();
    while (change.snapshot.locks.length > 0);
  });
});

import { describe, expect, it } from "vitest";
import { hold, lockState, ScriptedLiveSource, session } from "../../test/scripted-live-source.js";
import { type LiveChange, LiveFeed } from "./live-feed.js";

const now = () => new Date().toISOString();
const inAMinute = () => new Date(Date.now() + 60_000).toISOString();

/** Runs a feed over `source` and collects its changes; `stop` aborts it and waits for it to end. */
function running(source: ScriptedLiveSource, pollMs = 60_000) {
  const feed = new LiveFeed(source, { pollMs });
  const changes: LiveChange[] = [];
  feed.onChange((c) => changes.push(c));
  const abort = new AbortController();
  const done = feed.run(abort.signal);
  return {
    feed,
    changes,
    next: async (count: number) => {
      await expect.poll(() => changes.length).toBeGreaterThanOrEqual(count);
      return changes[count - 1]!;
    },
    stop: async () => {
      abort.abort();
      await done;
    },
  };
}

describe("LiveFeed", () => {
  it("shows the first read, then an acquired lock after reading only that lock again", async () => {
    const source = new ScriptedLiveSource("me");
    source.sessionList = [session("me", now())];
    const feed = running(source);
    const first = await feed.next(1);
    expect(first.snapshot.sessions.map((s) => s.session_id)).toEqual(["me"]);
    expect(first.snapshot.locks).toEqual([]);
    await expect.poll(() => source.following).toBe(1);

    const acquired = source.write(
      { type: "lock.acquired", name: "resource:deploy", session: "me", token: 1, time: now() },
      () =>
        source.lockMap.set(
          "resource:deploy",
          lockState("resource:deploy", [hold("resource:deploy", "me", 1, now(), inAMinute())]),
        ),
    );
    const second = await feed.next(2);
    expect(second.events).toEqual([acquired]);
    expect(second.snapshot.locks.map((l) => [l.lock_name, l.holders[0]?.held_by])).toEqual([
      ["resource:deploy", "me"],
    ]);
    expect(second.snapshot.events[0]).toEqual(acquired);
    expect(source.reads).toMatchObject({ locks: 1, sessions: 1, claims: 1, lock: ["resource:deploy"] });
    await feed.stop();
    expect(source.following).toBe(0);
  });

  it("answers a burst of events with one read per touched part and one change", async () => {
    const source = new ScriptedLiveSource();
    const feed = running(source);
    await feed.next(1);
    await expect.poll(() => source.following).toBe(1);
    source.write({ type: "lock.queued", name: "resource:a", session: "x", time: now() });
    source.write({ type: "lock.gave_up", name: "resource:a", session: "x", time: now() });
    source.write({ type: "claim.taken", name: "acme/api#1", session: "x", time: now() });
    const change = await feed.next(2);
    expect(change.events.map((e) => e.type)).toEqual(["lock.queued", "lock.gave_up", "claim.taken"]);
    expect(source.reads).toMatchObject({ lock: ["resource:a"], claims: 2, sessions: 1 });
    await feed.stop();
    expect(feed.changes).toHaveLength(2);
  });

  it("says why the backend failed, keeps polling, and clears the error once it answers again", async () => {
    const source = new ScriptedLiveSource();
    source.failing = new Error("redis://localhost:6390 is unreachable: ECONNREFUSED");
    const feed = running(source, 20);
    expect((await feed.next(1)).snapshot.error).toContain("ECONNREFUSED");
    source.failing = null;
    source.sessionList = [session("back", now())];
    await expect.poll(() => feed.changes.at(-1)?.snapshot.error).toBeNull();
    expect(feed.changes.at(-1)!.snapshot.sessions.map((s) => s.session_id)).toEqual(["back"]);
    await feed.stop();
  });

  it("the fallback poll reads everything again, catching what no event told", async () => {
    const source = new ScriptedLiveSource();
    const feed = running(source, 20);
    await feed.next(1);
    source.sessionList = [session("silent", now())];
    await expect.poll(() => feed.changes.at(-1)?.snapshot.sessions.length).toBe(1);
    await feed.stop();
  });

  it("load reads once for a one-off snapshot, history first", async () => {
    const source = new ScriptedLiveSource();
    source.write({ type: "session.started", name: "s", session: "s", time: now() });
    const feed = new LiveFeed(source);
    expect(await feed.load()).toBe("1");
    expect(feed.snapshot().events.map((e) => e.type)).toEqual(["session.started"]);
  });
});

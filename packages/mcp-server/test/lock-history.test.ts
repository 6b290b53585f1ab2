import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { describe, expect, it } from "vitest";
import { call } from "./in-memory-client.js";
import { realBackends } from "./real-backends.js";

type Event = { type: string; name: string; session: string | null; by: string | null; token: number | null };

describe.each(realBackends())("lock_history through the SDK client on the %s backend", (_name, open) => {
  it("events by lock, by session, since, newest limit; summary gives count, p50 and max hold per lock", async () => {
    const backend = await open();
    try {
      const a = await backend.link("hist-a");
      const b = await backend.link("hist-b");
      for (const client of [a.client, b.client, a.client]) {
        await call(client, "acquire_lock", { lock_name: "deploy", timeout_seconds: 600 });
        await call(client, "release_lock", { lock_name: "deploy" });
      }
      await call(b.client, "acquire_lock", { lock_name: "pytest-api", timeout_seconds: 600 });
      await b.connection.coordinator.forceRelease("pytest-api", { reason: "hung run" });
      await call(a.client, "acquire_lock", { lock_name: "still-held", timeout_seconds: 600 });

      const deploy = await call(a.client, "lock_history", { lock_name: "deploy" });
      const events = deploy.events as Event[];
      expect(events.map((e) => [e.type, e.session])).toEqual([
        ["lock.acquired", "hist-a"],
        ["lock.released", "hist-a"],
        ["lock.acquired", "hist-b"],
        ["lock.released", "hist-b"],
        ["lock.acquired", "hist-a"],
        ["lock.released", "hist-a"],
      ]);
      expect(events.every((e) => e.name === "resource:deploy" && typeof e.token === "number")).toBe(true);
      expect(deploy.cursor).toBeTypeOf("string");
      expect(deploy.summary).toBeUndefined();

      const ofB = (await call(a.client, "lock_history", { session_id: "hist-b" })).events as Event[];
      expect(ofB.length).toBeGreaterThan(0);
      expect(ofB.every((e) => e.session === "hist-b" || e.by === "hist-b")).toBe(true);
      expect(ofB.find((e) => e.type === "lock.force_released")).toMatchObject({
        name: "resource:pytest-api",
        by: "hist-b",
      });

      const newest = (await call(a.client, "lock_history", { lock_name: "deploy", limit: 2 })).events;
      expect(newest).toEqual(events.slice(-2));
      expect((await call(a.client, "lock_history", { lock_name: "deploy", since: "1h" })).events).toEqual(
        events,
      );
      const future = new Date(Date.now() + 3_600_000).toISOString();
      expect((await call(a.client, "lock_history", { since: future })).events).toEqual([]);

      const summary = await call(a.client, "lock_history", { since: "1h", summary: true, limit: 1 });
      expect((summary.events as Event[]).length).toBe(1);
      const rows = summary.summary as Array<{
        lock_name: string;
        count: number;
        p50_seconds: number;
        max_seconds: number;
      }>;
      // every hold of the hour counts, not only the one event of this page; the lock still held is not summed
      expect(rows.map((r) => [r.lock_name, r.count])).toEqual([
        ["resource:deploy", 3],
        ["resource:pytest-api", 1],
      ]);
      for (const r of rows) {
        expect(r.p50_seconds).toBeGreaterThanOrEqual(0);
        expect(r.max_seconds).toBeGreaterThanOrEqual(r.p50_seconds);
      }
    } finally {
      await backend.done();
    }
  });

  it("a bad since or limit is an error naming the argument, with what to write instead", async () => {
    const backend = await open();
    try {
      const { client } = await backend.link("hist-bad");
      const since = (await client.callTool({
        name: "lock_history",
        arguments: { since: "yesterday" },
      })) as CallToolResult;
      expect(since.isError).toBe(true);
      expect(JSON.stringify(since.content)).toMatch(
        /must be a duration such as 90s, 15m, 1h or 2d, or an ISO time such as [^"]* at since"/,
      );
      const limit = (await client.callTool({
        name: "lock_history",
        arguments: { limit: 0 },
      })) as CallToolResult;
      expect(limit.isError).toBe(true);
      expect(JSON.stringify(limit.content)).toMatch(/must be a whole number from 1 to 10000 at limit"/);
    } finally {
      await backend.done();
    }
  });
});

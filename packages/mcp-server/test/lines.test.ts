import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { describe, expect, it } from "vitest";
import { call } from "./in-memory-client.js";
import { realBackends } from "./real-backends.js";

type Waiter = { session_id: string; position: number; since: string; mode: string };
type Hold = { held_by: string; fencing_token: number; mode: string };

/** A waiting acquire_lock whose progress messages are collected as the client receives them. */
function waitFor(client: Client, args: Record<string, unknown>) {
  const progress: string[] = [];
  const result = client.callTool({ name: "acquire_lock", arguments: args }, undefined, {
    onprogress: (p) => progress.push(p.message ?? ""),
  }) as Promise<CallToolResult>;
  return { progress, result: result.then((r) => r.structuredContent as Record<string, unknown>) };
}

describe.each(realBackends())(
  "lines, slots and shared locks through the SDK client on the %s backend",
  (_name, open) => {
    it("slots 2: two sessions hold at once with their own fencing tokens, a third is refused naming both; slots 3 is bad input naming the 2 in force", async () => {
      const backend = await open();
      try {
        const [a, b, c] = await Promise.all(["gpu-a", "gpu-b", "gpu-c"].map((s) => backend.link(s)));
        const first = await call(a!.client, "acquire_lock", { lock_name: "gpu", slots: 2 });
        const second = await call(b!.client, "acquire_lock", { lock_name: "gpu", slots: 2 });
        expect(first).toMatchObject({ acquired: true, mode: "exclusive" });
        expect(second).toMatchObject({ acquired: true, mode: "exclusive" });
        expect(second.fencing_token).not.toBe(first.fencing_token);
        const refused = await call(c!.client, "acquire_lock", { lock_name: "gpu", slots: 2 });
        expect(refused).toMatchObject({ acquired: false, reason: "held", waiting: 0 });
        expect((refused.holders as Hold[]).map((h) => h.held_by)).toEqual(["gpu-a", "gpu-b"]);

        const mismatch = await c!.client.callTool({
          name: "acquire_lock",
          arguments: { lock_name: "gpu", slots: 3 },
        });
        expect(mismatch.isError).toBe(true);
        expect(JSON.stringify(mismatch.content)).toMatch(
          /Invalid argument slots: resource:gpu has 2 slots in force/,
        );
        const plain = await c!.client.callTool({ name: "acquire_lock", arguments: { lock_name: "gpu" } });
        expect(JSON.stringify(plain.content)).toMatch(/has 2 slots in force/);
        // nothing changed: still the same two holds, slots 2
        expect(await call(c!.client, "check_lock", { lock_name: "gpu" })).toMatchObject({
          slots: 2,
          holders: [{ held_by: "gpu-a" }, { held_by: "gpu-b" }],
          waiters: [],
        });
        const zero = await c!.client.callTool({
          name: "acquire_lock",
          arguments: { lock_name: "gpu", slots: 0 },
        });
        expect(JSON.stringify(zero.content)).toMatch(/slots/);
      } finally {
        await backend.done();
      }
    });

    it("shared holds coexist; an exclusive waiter is served before shared newcomers; shared with slots is refused", async () => {
      const backend = await open();
      try {
        const [r1, r2, w, r3] = await Promise.all(
          ["read-1", "read-2", "writer", "read-3"].map((s) => backend.link(s)),
        );
        expect(
          await call(r1!.client, "acquire_lock", { lock_name: "fixture-db", shared: true }),
        ).toMatchObject({
          acquired: true,
          mode: "shared",
        });
        expect(
          await call(r2!.client, "acquire_lock", { lock_name: "fixture-db", shared: true }),
        ).toMatchObject({
          acquired: true,
          mode: "shared",
        });
        expect(await call(w!.client, "acquire_lock", { lock_name: "fixture-db" })).toMatchObject({
          acquired: false,
          reason: "held",
        });
        const writer = waitFor(w!.client, { lock_name: "fixture-db", wait_seconds: 60 });
        await expect.poll(() => writer.progress.length, { timeout: 10_000 }).toBeGreaterThan(0);
        expect(writer.progress[0]).toMatch(
          /^waiting for resource:fixture-db: 1st in line, held by read-1 \(.*\) and 1 more, waited/,
        );
        // a reader arriving after the writer does not barge in ahead of it
        expect(
          await call(r3!.client, "acquire_lock", { lock_name: "fixture-db", shared: true }),
        ).toMatchObject({
          acquired: false,
          reason: "held",
          waiting: 1,
        });
        await call(r1!.client, "release_lock", { lock_name: "fixture-db" });
        await call(r2!.client, "release_lock", { lock_name: "fixture-db" });
        expect(await writer.result).toMatchObject({ acquired: true, mode: "exclusive", held_by: "writer" });

        const both = await r3!.client.callTool({
          name: "acquire_lock",
          arguments: { lock_name: "other", shared: true, slots: 2 },
        });
        expect(both.isError).toBe(true);
        expect(JSON.stringify(both.content)).toMatch(
          /Invalid argument slots: invalid slots 2: a shared lock has no slots/,
        );
      } finally {
        await backend.done();
      }
    });

    it("waiters are told their place in line and the holder; check_lock and list_locks show the line; the first waiter is served first", async () => {
      const backend = await open();
      try {
        const [a, b, c] = await Promise.all(["holder-a", "waiter-b", "waiter-c"].map((s) => backend.link(s)));
        await call(a!.client, "acquire_lock", { lock_name: "deploy" });
        const waitB = waitFor(b!.client, { lock_name: "deploy", wait_seconds: 60 });
        await expect.poll(() => waitB.progress.length, { timeout: 10_000 }).toBeGreaterThan(0);
        const waitC = waitFor(c!.client, { lock_name: "deploy", wait_seconds: 60 });
        await expect.poll(() => waitC.progress.length, { timeout: 10_000 }).toBeGreaterThan(0);
        expect(waitB.progress[0]).toMatch(
          /^waiting for resource:deploy: 1st in line, held by holder-a \((active, )?\d+s\), waited \d+s$/,
        );
        expect(waitC.progress[0]).toMatch(/^waiting for resource:deploy: 2nd in line, held by holder-a \(/);

        const check = await call(a!.client, "check_lock", { lock_name: "deploy" });
        expect(check).toMatchObject({ available: false, locked: true, mine: true, held_by: "holder-a" });
        const waiters = check.waiters as Waiter[];
        expect(waiters.map((w) => [w.session_id, w.position, w.mode])).toEqual([
          ["waiter-b", 1, "exclusive"],
          ["waiter-c", 2, "exclusive"],
        ]);
        expect(Date.parse(waiters[0]!.since)).toBeLessThanOrEqual(Date.parse(waiters[1]!.since));
        const list = await call(c!.client, "list_locks", { pattern: "deploy" });
        expect((list.locks as Array<{ waiters: Waiter[] }>)[0]!.waiters).toMatchObject([
          { session_id: "waiter-b", position: 1, mine: false },
          { session_id: "waiter-c", position: 2, mine: true },
        ]);

        await call(a!.client, "release_lock", { lock_name: "deploy" });
        const granted = await waitB.result;
        expect(granted).toMatchObject({ acquired: true, held_by: "waiter-b" });
        expect(granted.waited_seconds).toBeTypeOf("number");
        const seen = waitC.progress.length;
        await expect
          .poll(() => waitC.progress.slice(seen).join("\n"), { timeout: 10_000 })
          .toMatch(/1st in line, held by waiter-b/);
        await call(b!.client, "release_lock", { lock_name: "deploy" });
        expect(await waitC.result).toMatchObject({ acquired: true, held_by: "waiter-c" });
      } finally {
        await backend.done();
      }
    });
  },
);

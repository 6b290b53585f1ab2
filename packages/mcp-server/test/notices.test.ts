import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { describe, expect, it } from "vitest";
import { call } from "./in-memory-client.js";
import { realBackends } from "./real-backends.js";

type Notice = { type: string; name: string; text: string; event_id: string };

/** A tool call as the model gets it: the structured notices and the text it reads. */
async function seen(client: Client, name: string, args: Record<string, unknown> = {}) {
  const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
  const text = result.content.map((c) => (c.type === "text" ? c.text : "")).join("\n");
  const notices = ((result.structuredContent?.notices as Notice[] | undefined) ?? []) as Notice[];
  return { result, text, notices, lines: text.split("\n").filter((l) => l.startsWith("notice: ")) };
}

/** Every tool B calls in these tests, to show none of A's notices ever reaches B. */
async function quietFor(client: Client) {
  const { notices, lines } = await seen(client, "heartbeat");
  expect(notices).toEqual([]);
  expect(lines).toEqual([]);
}

describe.each(realBackends())(
  "notices between two SDK clients (two sessions) on the %s backend",
  (_name, open) => {
    it("B force-releases A's lock: A's next tool result tells it once, in notices and a text line; B is never told", async () => {
      const backend = await open();
      try {
        const a = await backend.link("sess-a");
        const b = await backend.link("sess-b");
        await call(a.client, "acquire_lock", { lock_name: "deploy", timeout_seconds: 600 });
        expect((await seen(a.client, "check_lock", { lock_name: "deploy" })).notices).toEqual([]);
        const broken = await b.connection.coordinator.forceRelease("deploy", { reason: "stuck deploy" });
        expect(broken).toMatchObject({ released: true, broke: { held_by: "sess-a" } });
        await quietFor(b.client);

        const next = await seen(a.client, "list_locks");
        expect(next.result.isError).toBeFalsy();
        expect(next.notices).toMatchObject([{ type: "lock.force_released", name: "resource:deploy" }]);
        expect(next.notices[0]!.text).toMatch(
          /^your lock resource:deploy was force-released by sess-b at \d\d:\d\d \(stuck deploy\) — stop work that needs it and re-acquire before going on$/,
        );
        expect(next.lines).toEqual([`notice: ${next.notices[0]!.text}`]);
        // the list itself is still the list, with the notice beside it
        expect(next.result.structuredContent).toMatchObject({ total: 0, locks: [] });

        // once: neither the next result nor the notices tool repeats it
        expect((await seen(a.client, "check_lock", { lock_name: "deploy" })).notices).toEqual([]);
        expect(await call(a.client, "notices")).toEqual({ session_id: "sess-a", notices: [] });
        await quietFor(b.client);
      } finally {
        await backend.done();
      }
    });

    it("B asks A to release (request_release with wait_seconds): A is told who asks and why; B gets the lock when A lets go", async () => {
      const backend = await open();
      try {
        const a = await backend.link("holder-a");
        const b = await backend.link("asker-b");
        await call(a.client, "acquire_lock", { lock_name: "staging-db", timeout_seconds: 600 });
        const asking = b.client.callTool({
          name: "request_release",
          arguments: {
            lock_name: "staging-db",
            reason: "need it for the hotfix migration",
            wait_seconds: 60,
          },
        }) as Promise<CallToolResult>;
        await expect
          .poll(async () => (await backend.driver.getLock("resource:staging-db"))?.requests.length, {
            timeout: 10_000,
          })
          .toBe(1);
        const check = await seen(a.client, "check_lock", { lock_name: "staging-db" });
        expect(check.result.structuredContent).toMatchObject({
          requests: [{ by: "asker-b", reason: "need it for the hotfix migration" }],
          waiters: [{ session_id: "asker-b", position: 1 }],
        });
        expect(check.notices).toMatchObject([
          { type: "lock.release_requested", name: "resource:staging-db" },
        ]);
        expect(check.lines).toEqual([
          expect.stringMatching(
            /^notice: asker-b asks you to release resource:staging-db \(at \d\d:\d\d\) \(need it for the hotfix migration\) — release it when you can/,
          ),
        ]);
        expect((await seen(a.client, "release_lock", { lock_name: "staging-db" })).notices).toEqual([]);

        const answer = await asking;
        expect(answer.structuredContent).toMatchObject({
          requested: true,
          held_by: ["holder-a"],
          acquire: { acquired: true, held_by: "asker-b" },
        });
        // B's own grant is told by its result, not again as a notice
        expect(answer.structuredContent?.notices).toBeUndefined();
        await quietFor(b.client);
        expect((await seen(a.client, "heartbeat")).notices).toEqual([]);
      } finally {
        await backend.done();
      }
    });

    it("B takes over A's stale claim: A is told at its next call, once; a request for a free lock asks nobody", async () => {
      const backend = await open();
      try {
        const a = await backend.link("claim-a");
        const b = await backend.link("claim-b");
        await call(a.client, "claim_issue", { issue_number: 7, title: "Fix auth", repo: "acme/api" });
        // A went quiet five hours ago: stale past the 4-hour threshold, so its claim may be taken
        const record = (await backend.driver.getSession("claim-a"))!;
        await backend.driver.putSession({
          ...record,
          last_heartbeat: new Date(Date.now() - 5 * 3_600_000).toISOString(),
        });
        const taken = await call(b.client, "claim_issue", {
          issue_number: 7,
          title: "Fix auth",
          repo: "acme/api",
        });
        expect(taken).toMatchObject({ claimed: true, took_over: { session_id: "claim-a" } });
        await quietFor(b.client);

        const next = await seen(a.client, "list_claims", { repo: "acme/api" });
        expect(next.notices).toMatchObject([{ type: "claim.overridden", name: "acme/api#7" }]);
        expect(next.lines[0]).toMatch(
          /^notice: your claim on acme\/api#7 was taken over by claim-b at \d\d:\d\d/,
        );
        expect((await seen(a.client, "list_claims", { repo: "acme/api" })).notices).toEqual([]);

        expect(
          await call(b.client, "request_release", { lock_name: "nobody-holds-this", reason: "just asking" }),
        ).toMatchObject({ requested: false, reason: "lock_not_found" });
      } finally {
        await backend.done();
      }
    });

    it("a lock that expired while its holder was away is told at its next call; the notices tool lists and takes", async () => {
      const backend = await open();
      try {
        const a = await backend.link("away-a");
        await call(a.client, "acquire_lock", { lock_name: "short", timeout_seconds: 1 });
        await expect.poll(() => backend.driver.getLock("resource:short"), { timeout: 10_000 }).toBeNull();
        const taken = await call(a.client, "notices");
        expect(taken).toMatchObject({
          session_id: "away-a",
          notices: [{ type: "lock.expired", name: "resource:short" }],
        });
        expect((taken.notices as Notice[])[0]!.text).toMatch(
          /^your lock resource:short expired at \d\d:\d\d/,
        );
        expect(await call(a.client, "notices")).toEqual({ session_id: "away-a", notices: [] });
      } finally {
        await backend.done();
      }
    });

    it("an error result carries the notices as text lines; a cancelled call leaves them for the next one", async () => {
      const backend = await open();
      try {
        const a = await backend.link("err-a");
        const b = await backend.link("err-b");
        await call(a.client, "acquire_lock", { lock_name: "one", timeout_seconds: 600 });
        await call(a.client, "acquire_lock", { lock_name: "two", timeout_seconds: 600 });
        await call(b.client, "acquire_lock", { lock_name: "gpu", slots: 2 });

        await b.connection.coordinator.forceRelease("one");
        const refused = await seen(a.client, "acquire_lock", { lock_name: "gpu", slots: 3 });
        expect(refused.result.isError).toBe(true);
        expect(refused.text).toMatch(/^Invalid argument slots: resource:gpu has 2 slots in force/);
        expect(refused.lines).toEqual([
          expect.stringMatching(/^notice: your lock resource:one was force-released by err-b/),
        ]);

        // A waits for gpu-exclusive in vain and cancels; the notice raised meanwhile is not lost with that result
        await call(b.client, "acquire_lock", { lock_name: "busy", timeout_seconds: 600 });
        const cancel = new AbortController();
        const waiting = a.client.callTool(
          { name: "acquire_lock", arguments: { lock_name: "busy", wait_seconds: 600 } },
          undefined,
          {
            signal: cancel.signal,
            onprogress: () => undefined,
          },
        );
        await expect
          .poll(async () => (await backend.driver.getLock("resource:busy"))?.waiters.length, {
            timeout: 10_000,
          })
          .toBe(1);
        await b.connection.coordinator.forceRelease("two");
        cancel.abort();
        await expect(waiting).rejects.toThrow();
        await expect
          .poll(async () => (await backend.driver.getLock("resource:busy"))?.waiters.length ?? 0, {
            timeout: 10_000,
          })
          .toBe(0);
        const next = await seen(a.client, "heartbeat");
        expect(next.notices).toMatchObject([{ type: "lock.force_released", name: "resource:two" }]);
        await quietFor(b.client);
      } finally {
        await backend.done();
      }
    });
  },
);

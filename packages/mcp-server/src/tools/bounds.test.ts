import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  type Driver,
  HistoryLimitSchema,
  LockNameSchema,
  LockPatternSchema,
  PageCursorSchema,
  PageLimitSchema,
  ReasonSchema,
  SinceSchema,
  SlotsSchema,
  TtlSecondsSchema,
  WaitSecondsSchema,
} from "@agent-baton/core";
import { createMemoryDriver, type RedisServer, startRedis } from "@agent-baton/driver-test-suite";
import { createFileDriver } from "@agent-baton/file-driver";
import { createRedisDriver } from "@agent-baton/redis-driver";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ZodType } from "zod";
import { call, type LinkedClient, linkedClient } from "../../test/in-memory-client.js";
import { acquireLockInput } from "./acquire-lock.js";
import { extendLockInput } from "./extend-lock.js";
import { listLocksInput } from "./list-locks.js";
import { lockHistoryInput } from "./lock-history.js";
import { requestReleaseInput } from "./request-release.js";
import { sessionStatusInput } from "./session-status.js";

/** The schema an optional argument wraps. */
const inner = (schema: ZodType) => (schema as unknown as { unwrap(): unknown }).unwrap();

it("the tools' bounds are core's own schema objects, the ones the CLI checks its flags with", () => {
  expect(inner(acquireLockInput.timeout_seconds)).toBe(TtlSecondsSchema);
  expect(inner(acquireLockInput.wait_seconds)).toBe(WaitSecondsSchema);
  expect(acquireLockInput.lock_name).toBe(LockNameSchema);
  expect(extendLockInput.timeout_seconds).toBe(TtlSecondsSchema);
  expect(inner(listLocksInput.pattern)).toBe(LockPatternSchema);
  expect(inner(listLocksInput.limit)).toBe(PageLimitSchema);
  expect(inner(listLocksInput.cursor)).toBe(PageCursorSchema);
  expect(inner(sessionStatusInput.limit)).toBe(PageLimitSchema);
  expect(inner(acquireLockInput.slots)).toBe(SlotsSchema);
  expect(inner(requestReleaseInput.wait_seconds)).toBe(WaitSecondsSchema);
  expect(requestReleaseInput.reason).toBe(ReasonSchema);
  expect(inner(lockHistoryInput.limit)).toBe(HistoryLimitSchema);
  expect(inner(lockHistoryInput.since)).toBe(SinceSchema);
  // and no tool file writes a bound of its own
  const dir = fileURLToPath(new URL(".", import.meta.url));
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"))) {
    expect(readFileSync(join(dir, file), "utf8"), file).not.toMatch(
      /\.(min|max|int|positive|length)\(|86_?400|3_?600/,
    );
  }
});

function errorText(result: CallToolResult): string {
  expect(result.isError).toBe(true);
  const text = result.content.map((c) => (c.type === "text" ? c.text : "")).join("");
  expect(text).not.toContain("\n");
  expect(text).not.toMatch(/INTERNAL_ERROR|unavailable/);
  return text;
}

const backends: Array<[string, () => Promise<{ driver: Driver; done: () => Promise<void> }>]> = [];
let redis: RedisServer | undefined;
beforeAll(async () => {
  redis = await startRedis();
}, 20_000);
afterAll(async () => {
  await redis?.stop();
});
backends.push(
  ["memory", async () => ({ driver: createMemoryDriver({}), done: async () => {} })],
  [
    "file",
    async () => {
      const dir = mkdtempSync(join(tmpdir(), "baton-mcp-bounds-"));
      return {
        driver: createFileDriver({ dir }),
        done: async () => rmSync(dir, { recursive: true, force: true }),
      };
    },
  ],
  [
    "redis",
    async () => ({
      driver: createRedisDriver({
        url: redis!.url,
        keyPrefix: `b${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`,
      }),
      done: async () => {},
    }),
  ],
);

describe.each(backends)("tool arguments through the SDK client on the %s backend", (_name, open) => {
  async function linked(): Promise<LinkedClient & { done(): Promise<void> }> {
    const { driver, done } = await open();
    const link = await linkedClient(driver, "s1");
    return {
      ...link,
      done: async () => {
        await link.close();
        await driver.close();
        await done();
      },
    };
  }

  const callRaw = (client: Client, name: string, args: Record<string, unknown>) =>
    client.callTool({ name, arguments: args }) as Promise<CallToolResult>;

  it("timeout_seconds 1.5 is refused as the CLI refuses --ttl 1.5; wait_seconds 1.5 is taken as --wait 1.5", async () => {
    const { client, done } = await linked();
    try {
      const refused = errorText(
        await callRaw(client, "acquire_lock", { lock_name: "a", timeout_seconds: 1.5 }),
      );
      expect(refused).toMatch(/must be whole seconds from 1 to 86400 at timeout_seconds/);
      expect(await call(client, "list_locks", {})).toMatchObject({ total: 0 });
      const taken = await call(client, "acquire_lock", {
        lock_name: "a",
        timeout_seconds: 60,
        wait_seconds: 1.5,
      });
      expect(taken).toMatchObject({ acquired: true, lock_name: "resource:a" });
      expect(
        errorText(await callRaw(client, "extend_lock", { lock_name: "a", timeout_seconds: 2.5 })),
      ).toMatch(/must be whole seconds from 1 to 86400 at timeout_seconds/);
    } finally {
      await done();
    }
  });

  it.each([
    ["[z-a]", /the range z-a is out of order; write it low to high, a-z at pattern/],
    ["pytest-[ab", /the "\[" at position 8 is never closed.* at pattern/],
    ["x".repeat(201), /201 characters is too long; use at most 200 printable ASCII characters at pattern/],
  ])(
    "list_locks pattern %# is refused as bad input naming the pattern, before the backend is asked",
    async (pattern, reason) => {
      const { client, done } = await linked();
      try {
        const text = errorText(await callRaw(client, "list_locks", { pattern }));
        expect(text).toMatch(reason);
        expect(text).not.toMatch(/lock_name|lock name/);
      } finally {
        await done();
      }
    },
  );

  it("list_locks and session_status page with limit and cursor and report the total", async () => {
    const { client, done } = await linked();
    try {
      for (const n of ["c", "a", "e", "b", "d"])
        await call(client, "acquire_lock", { lock_name: n, timeout_seconds: 60 });
      const first = await call(client, "list_locks", { limit: 2 });
      expect(first).toMatchObject({ count: 2, total: 5 });
      const names = (first.locks as Array<{ lock_name: string }>).map((l) => l.lock_name);
      let cursor = first.next_cursor as string | null;
      while (cursor) {
        const next = await call(client, "list_locks", { limit: 2, cursor });
        names.push(...(next.locks as Array<{ lock_name: string }>).map((l) => l.lock_name));
        cursor = next.next_cursor as string | null;
      }
      expect(names).toEqual(["a", "b", "c", "d", "e"].map((n) => `resource:${n}`));
      await call(client, "register_session", {});
      expect(await call(client, "session_status", { limit: 1 })).toMatchObject({
        count: 1,
        total: 1,
        next_cursor: null,
      });
      expect(errorText(await callRaw(client, "list_locks", { limit: 1001 }))).toMatch(
        /from 1 to 1000 at limit/,
      );
      expect(errorText(await callRaw(client, "list_locks", { cursor: "bm9wZQ" }))).toMatch(
        /^Invalid argument cursor: invalid cursor "bm9wZQ": pass the next_cursor of the previous locks reply$/,
      );
    } finally {
      await done();
    }
  });
});

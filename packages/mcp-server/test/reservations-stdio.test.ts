import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { type RedisServer, startRedis } from "@agent-baton/driver-test-suite";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { call } from "./in-memory-client.js";
import { BIN, removeDir, serverEnv, tempDir } from "./spawn-server.js";

let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedis();
}, 20_000);
afterAll(async () => {
  await redis?.stop();
});

const backends = [
  { name: "file", env: () => ({}) },
  {
    name: "redis",
    env: () => ({
      COORDINATION_BACKEND: "redis",
      REDIS_URL: redis.url,
      BATON_KEY_PREFIX: `mcp-reserve-${process.pid}-${Math.random().toString(36).slice(2, 8)}`,
    }),
  },
];

describe.each(backends)(
  "reservation tools of spawned baton-mcp --stdio servers ($name backend)",
  ({ env }) => {
    const cleanups: Array<() => unknown> = [];
    afterEach(async () => {
      for (const c of cleanups.splice(0).reverse()) await c();
    });

    it("a second session is refused naming the first; when the first's server ends, its paths are free", async () => {
      const dir = tempDir();
      cleanups.push(() => removeDir(dir));
      const repo = join(dir, "repo");
      execFileSync("git", ["init", "-q", "-b", "main", repo]);
      const backend = env();
      const client = async (session: string) => {
        const transport = new StdioClientTransport({
          command: process.execPath,
          args: [BIN, "--stdio"],
          env: serverEnv(dir, { ...backend, CLAUDE_CODE_SESSION_ID: session }) as Record<string, string>,
          cwd: repo,
          stderr: "pipe",
        });
        const c = new Client({ name: "test-reserve", version: "0.0.0" });
        await c.connect(transport);
        return c;
      };
      const a = await client("claude-a");
      const b = await client("claude-b");
      cleanups.push(() => b.close());

      expect(await call(a, "reserve_paths", { paths: ["src/**"], reason: "refactor" })).toMatchObject({
        reserved: true,
        patterns: ["src/**"],
      });
      expect(await call(b, "reserve_paths", { paths: ["src/app.ts"] })).toMatchObject({
        reserved: false,
        reason: "conflict",
        conflicts: [{ held_by: "claude-a", holder_pattern: "src/**", reason: "refactor" }],
      });
      expect(await call(b, "list_reservations")).toMatchObject({
        reservations: [{ session_id: "claude-a", pattern: "src/**", mine: false }],
      });
      expect(await call(b, "check_overlaps")).toMatchObject({ overlaps: [] });

      // stdin EOF ends the first server's session, and its reservations with it
      await a.close();
      await expect
        .poll(async () => (await call(b, "list_reservations")).reservations, { timeout: 10_000 })
        .toEqual([]);
      expect(await call(b, "reserve_paths", { paths: ["src/app.ts"] })).toMatchObject({ reserved: true });
    });
  },
);

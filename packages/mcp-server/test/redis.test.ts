import { type RedisServer, startRedis } from "@agent-baton/driver-test-suite";
import { createRedisDriver } from "@agent-baton/redis-driver";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sseClient, streamableClient } from "./clients.js";
import { call } from "./in-memory-client.js";
import { BIN, removeDir, serverEnv, spawnHttpServer, tempDir } from "./spawn-server.js";

describe("baton-mcp on the redis backend (private redis-server)", () => {
  let redis: RedisServer;
  const dir = tempDir();
  let prefixes = 0;
  const redisEnv = () => ({
    COORDINATION_BACKEND: "redis",
    REDIS_URL: redis.url,
    BATON_KEY_PREFIX: `mcp-test-${process.pid}-${++prefixes}`,
  });

  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis?.stop();
    removeDir(dir);
  });

  it("two HTTP clients (Streamable HTTP and SSE) are two sessions; disconnecting frees the lock", async () => {
    const env = redisEnv();
    const server = await spawnHttpServer(dir, [], env);
    try {
      const health = (await (await fetch(`${server.url}/health`)).json()) as Record<string, unknown>;
      expect(health).toMatchObject({ backend: "redis", reachable: true });
      const a = await streamableClient(server.url);
      const b = await sseClient(server.url);
      expect(await call(a.client, "acquire_lock", { lock_name: "pytest-api" })).toMatchObject({
        success: true,
      });
      expect(await call(b.client, "acquire_lock", { lock_name: "pytest-api" })).toMatchObject({
        success: false,
        reason: "held",
      });
      expect(await call(b.client, "release_lock", { lock_name: "pytest-api" })).toMatchObject({
        reason: "not_owner",
      });
      const waiting = call(b.client, "acquire_lock", { lock_name: "pytest-api", wait_seconds: 30 });
      await a.disconnect();
      expect(await waiting).toMatchObject({ success: true, acquired: true });
      await b.disconnect();
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });

  it("stdio: the session is CLAUDE_SESSION_ID, and EOF releases its locks in Redis", async () => {
    const env = redisEnv();
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [BIN, "--stdio"],
      env: serverEnv(dir, { ...env, CLAUDE_SESSION_ID: "redis-stdio" }) as Record<string, string>,
      stderr: "pipe",
    });
    const client = new Client({ name: "redis-stdio", version: "0" });
    await client.connect(transport);
    expect(await call(client, "acquire_lock", { lock_name: "deploy" })).toMatchObject({
      held_by: "redis-stdio",
    });
    const driver = createRedisDriver({ url: redis.url, keyPrefix: env.BATON_KEY_PREFIX });
    try {
      expect((await driver.getLock("resource:deploy"))?.holders[0]?.held_by).toBe("redis-stdio");
      await client.close();
      await expect.poll(() => driver.getLock("resource:deploy"), { timeout: 10_000 }).toBeNull();
    } finally {
      await driver.close();
    }
  });

  it("Redis going away gives isError results and an unhealthy /health, and the server serves again when it returns", async () => {
    const server = await spawnHttpServer(dir, [], redisEnv());
    const c = await streamableClient(server.url);
    try {
      expect(await call(c.client, "acquire_lock", { lock_name: "before" })).toMatchObject({ success: true });
      redis.signal("SIGSTOP");
      try {
        const failed = await c.client.callTool({ name: "acquire_lock", arguments: { lock_name: "during" } });
        expect(failed.isError).toBe(true);
        expect(JSON.stringify(failed.content)).toContain("BACKEND_UNAVAILABLE");
        expect((await fetch(`${server.url}/health`)).status).toBe(503);
      } finally {
        redis.signal("SIGCONT");
      }
      await expect
        .poll(
          async () =>
            (await c.client.callTool({ name: "check_lock", arguments: { lock_name: "before" } })).isError,
          {
            timeout: 15_000,
          },
        )
        .toBeFalsy();
      await c.disconnect();
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });
});

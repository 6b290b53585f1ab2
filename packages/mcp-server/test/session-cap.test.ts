import { Agent } from "node:http";
import { createFileDriver } from "@agent-baton/file-driver";
import { afterEach, describe, expect, it } from "vitest";
import { streamableClient } from "./clients.js";
import { call } from "./in-memory-client.js";
import { RawMcpClient } from "./raw-client.js";
import { removeDir, type SpawnedServer, spawnHttpServer, tempDir } from "./spawn-server.js";

interface Health {
  sessions: { streamable: number; sse: number; max: number };
}

describe("baton-mcp keeps its open MCP sessions bounded (spawned bin, file backend)", () => {
  const cleanups: Array<() => unknown> = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });
  const start = async (env: NodeJS.ProcessEnv) => {
    const dir = tempDir();
    const server = await spawnHttpServer(dir, [], env);
    const agent = new Agent({ keepAlive: true, maxSockets: 16 });
    cleanups.push(
      () => removeDir(dir),
      () => server.stop(),
      () => agent.destroy(),
    );
    return { dir, server, agent };
  };
  const health = async (server: SpawnedServer) => {
    const res = await fetch(`${server.url}/health`);
    return { status: res.status, body: (await res.json()) as Health };
  };

  it("5,000 initialize calls that never close: open sessions never exceed the cap, and the server keeps answering", async () => {
    const cap = 100;
    const { dir, server, agent } = await start({ BATON_MCP_MAX_SESSIONS: String(cap) });
    // a real client with its notification stream open: in use, so never evicted
    const busy = await streamableClient(server.url);
    cleanups.push(() => busy.client.close());
    await call(busy.client, "acquire_lock", { lock_name: "kept" });

    const statuses = new Map<number, number>();
    let most = 0;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const { body } = await health(server);
        most = Math.max(most, body.sessions.streamable + body.sessions.sse);
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    const url = new URL(`${server.url}/mcp`);
    let next = 0;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next < 5_000) {
          next += 1;
          const reply = await new RawMcpClient(url, agent).initialize();
          statuses.set(reply.status, (statuses.get(reply.status) ?? 0) + 1);
        }
      }),
    );
    sampling = false;
    await sampler;

    // every one was admitted by evicting an idle one; none refused
    expect(Object.fromEntries(statuses)).toEqual({ 200: 5_000 });
    expect(most).toBeGreaterThan(0);
    expect(most).toBeLessThanOrEqual(cap);
    const after = await health(server);
    expect(after.status).toBe(200);
    expect(after.body.sessions.streamable + after.body.sessions.sse).toBeLessThanOrEqual(cap);
    expect(after.body.sessions.max).toBe(cap);
    expect(await call(busy.client, "check_lock", { lock_name: "kept" })).toMatchObject({ mine: true });
    const driver = createFileDriver({ dir });
    cleanups.push(() => driver.close());
    expect((await driver.getLock("resource:kept"))?.holders[0]?.held_by).toMatch(/^mcp-/);
  }, 240_000);

  it("when every session is in use, a new initialize gets a 503 JSON-RPC error naming BATON_MCP_MAX_SESSIONS", async () => {
    const { server, agent } = await start({ BATON_MCP_MAX_SESSIONS: "2" });
    for (let i = 0; i < 2; i++) {
      const c = await streamableClient(server.url);
      cleanups.push(() => c.client.close());
      await call(c.client, "health_check");
    }
    // both hold their notification stream open once the server has seen it
    await expect.poll(async () => (await health(server)).body.sessions.streamable).toBe(2);
    const reply = await new RawMcpClient(new URL(`${server.url}/mcp`), agent).initialize();
    expect(reply.status).toBe(503);
    expect(reply.message).toMatchObject({
      jsonrpc: "2.0",
      error: { code: -32000, message: expect.stringContaining("raise BATON_MCP_MAX_SESSIONS") },
    });
    expect(reply.message?.error?.message).toMatch(/^Server is full: 2 MCP sessions are open/);
  });

  it("a session never used after initialize is closed after BATON_MCP_UNUSED_TIMEOUT", async () => {
    const { server, agent } = await start({ BATON_MCP_UNUSED_TIMEOUT: "1" });
    const url = new URL(`${server.url}/mcp`);
    const idle = new RawMcpClient(url, agent);
    expect((await idle.connect()).status).toBe(200);
    const used = new RawMcpClient(url, agent);
    await used.connect();
    expect((await used.callTool("acquire_lock", { lock_name: "used" })).structured).toMatchObject({
      success: true,
    });
    expect((await health(server)).body.sessions.streamable).toBe(2);
    await expect
      .poll(async () => (await health(server)).body.sessions.streamable, { timeout: 10_000 })
      .toBe(1);
    expect((await idle.callTool("check_lock", { lock_name: "used" })).status).toBe(404);
    expect((await used.callTool("check_lock", { lock_name: "used" })).structured).toMatchObject({
      mine: true,
    });
  });
});

import { createFileDriver } from "@agent-baton/file-driver";
import { afterEach, describe, expect, it } from "vitest";
import { type HttpClient, sseClient, streamableClient } from "./clients.js";
import { call } from "./in-memory-client.js";
import { removeDir, type SpawnedServer, spawnHttpServer, tempDir } from "./spawn-server.js";

describe("baton-mcp over HTTP (spawned bin, file backend)", () => {
  const cleanups: Array<() => unknown> = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });
  const start = async (): Promise<SpawnedServer> => {
    const dir = tempDir();
    const server = await spawnHttpServer(dir);
    cleanups.push(
      () => removeDir(dir),
      () => server.stop(),
    );
    return server;
  };
  const connect = async (make: () => Promise<HttpClient>) => {
    const c = await make();
    cleanups.push(() => c.client.close());
    return c;
  };

  for (const [label, make] of [
    ["Streamable HTTP", streamableClient],
    ["SSE", sseClient],
  ] as const) {
    it(`${label}: two clients are two sessions; A's lock blocks B, B cannot release it, A disconnecting frees it`, async () => {
      const server = await start();
      const a = await connect(() => make(server.url));
      const b = await connect(() => make(server.url));
      expect((await a.client.listTools()).tools).toHaveLength(20);

      const got = await call(a.client, "acquire_lock", { lock_name: "pytest-api" });
      expect(got).toMatchObject({ success: true, held_by: expect.stringMatching(/^mcp-/) });
      const blocked = await call(b.client, "acquire_lock", { lock_name: "pytest-api" });
      expect(blocked).toMatchObject({ success: false, reason: "held", held_by: got.held_by });
      const notOwner = await call(b.client, "release_lock", { lock_name: "pytest-api" });
      expect(notOwner).toMatchObject({ success: false, reason: "not_owner" });

      await a.disconnect();
      await expect
        .poll(async () => (await call(b.client, "acquire_lock", { lock_name: "pytest-api" })).success, {
          timeout: 10_000,
        })
        .toBe(true);
    });
  }

  it("GET / and GET /health answer JSON naming server, version and backend", async () => {
    const server = await start();
    for (const path of ["/", "/health"]) {
      const res = await fetch(`${server.url}${path}`);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({
        server: "baton-mcp",
        version: expect.any(String),
        backend: "file",
        reachable: true,
      });
    }
  });

  it("malformed JSON gets a JSON-RPC parse error, other junk a 4xx, and the server keeps serving", async () => {
    const server = await start();
    const res = await fetch(`${server.url}/mcp`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json, text/event-stream" },
      body: "{not json",
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ jsonrpc: "2.0", error: { code: -32700 }, id: null });
    const send = (path: string, body: string, headers: Record<string, string> = {}) =>
      fetch(`${server.url}${path}`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          accept: "application/json, text/event-stream",
          ...headers,
        },
        body,
      });
    expect((await send("/mcp", '{"jsonrpc":"2.0","id":1,"method":"tools/list"}')).status).toBe(400);
    expect((await send("/mcp", "[1, 2, 3]")).status).toBe(400);
    expect((await send("/mcp", "{}", { "mcp-session-id": "no-such-session" })).status).toBe(404);
    expect((await send("/messages?sessionId=nope", "{}")).status).toBe(404);
    expect((await fetch(`${server.url}/nowhere`)).status).toBe(404);
    const c = await connect(() => streamableClient(server.url));
    expect(await call(c.client, "health_check")).toMatchObject({ status: "healthy" });
  });

  it("a body over the size limit is refused with 413", async () => {
    const server = await start();
    const res = await fetch(`${server.url}/mcp`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json, text/event-stream" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "ping", params: { pad: "x".repeat(2_000_000) } }),
    });
    expect(res.status).toBe(413);
  });

  it("SIGTERM lets an in-flight call finish, ends the sessions (releasing locks) and exits 0", async () => {
    const server = await start();
    const a = await connect(() => streamableClient(server.url));
    const b = await connect(() => streamableClient(server.url));
    await call(a.client, "acquire_lock", { lock_name: "deploy" });
    const waiting = b.client.callTool({
      name: "acquire_lock",
      arguments: { lock_name: "deploy", wait_seconds: 600 },
    });
    await expect
      .poll(
        async () =>
          ((await (await fetch(`${server.url}/health`)).json()) as { calls_in_flight: number })
            .calls_in_flight,
      )
      .toBe(1);
    const code = await server.stop("SIGTERM");
    expect(code).toBe(0);
    const result = await waiting;
    expect(result.structuredContent).toMatchObject({ success: false, reason: "timeout" });
    expect(server.stderr()).toContain("released resource:deploy");
  });

  it("a Streamable HTTP session idle past BATON_MCP_IDLE_TIMEOUT is closed and its locks released", async () => {
    const dir = tempDir();
    const server = await spawnHttpServer(dir, [], { BATON_MCP_IDLE_TIMEOUT: "1" });
    cleanups.push(
      () => removeDir(dir),
      () => server.stop(),
    );
    const headers: Record<string, string> = {
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
    };
    const post = (body: unknown, extra: Record<string, string> = {}) =>
      fetch(`${server.url}/mcp`, {
        method: "POST",
        headers: { ...headers, ...extra },
        body: JSON.stringify(body),
      });
    // raw requests, so no GET stream keeps the session alive
    const init = await post({
      jsonrpc: "2.0",
      id: 1,
      method: "initialize",
      params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "raw", version: "0" } },
    });
    const session = {
      "mcp-session-id": init.headers.get("mcp-session-id")!,
      "mcp-protocol-version": "2025-06-18",
    };
    await init.text();
    await (await post({ jsonrpc: "2.0", method: "notifications/initialized" }, session)).text();
    const called = await post(
      {
        jsonrpc: "2.0",
        id: 2,
        method: "tools/call",
        params: { name: "acquire_lock", arguments: { lock_name: "idle" } },
      },
      session,
    );
    expect(await called.text()).toContain('\\"success\\":true');
    const driver = createFileDriver({ dir });
    cleanups.push(() => driver.close());
    expect(await driver.getLock("resource:idle")).not.toBeNull();
    await expect.poll(() => driver.getLock("resource:idle"), { timeout: 15_000, interval: 250 }).toBeNull();
    const late = await post({ jsonrpc: "2.0", id: 3, method: "tools/list" }, session);
    expect(late.status).toBe(404);
  });

  it("a Streamable HTTP client that drops its stream without DELETE is gone after the grace, freeing its locks", async () => {
    const dir = tempDir();
    const server = await spawnHttpServer(dir, [], { BATON_MCP_STREAM_GRACE: "1" });
    cleanups.push(
      () => removeDir(dir),
      () => server.stop(),
    );
    const a = await streamableClient(server.url);
    await call(a.client, "acquire_lock", { lock_name: "crashed" });
    const driver = createFileDriver({ dir });
    cleanups.push(() => driver.close());
    // the SDK client holds a GET stream open; wait until the server has seen it, then vanish without DELETE
    await expect
      .poll(
        async () =>
          ((await (await fetch(`${server.url}/health`)).json()) as { sessions: { streamable: number } })
            .sessions.streamable,
      )
      .toBe(1);
    await a.client.close();
    await expect
      .poll(() => driver.getLock("resource:crashed"), { timeout: 15_000, interval: 250 })
      .toBeNull();
    expect(server.stderr()).toContain("stream dropped");
  });
});

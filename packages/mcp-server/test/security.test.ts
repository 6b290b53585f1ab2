import { afterEach, describe, expect, it } from "vitest";
import { streamableClient } from "./clients.js";
import { call } from "./in-memory-client.js";
import {
  removeDir,
  runBin,
  type SpawnedServer,
  serverEnv,
  spawnHttpServer,
  tempDir,
} from "./spawn-server.js";

const INIT = JSON.stringify({
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "raw", version: "0" } },
});

/** A raw initialize POST with chosen headers (fetch cannot forge Host, so node:http does it). */
async function rawPost(port: number, headers: Record<string, string>): Promise<number> {
  const { request } = await import("node:http");
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: "127.0.0.1",
        port,
        path: "/mcp",
        method: "POST",
        headers: {
          "content-type": "application/json",
          accept: "application/json, text/event-stream",
          host: `127.0.0.1:${port}`,
          ...headers,
        },
      },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on("error", reject);
    req.end(INIT);
  });
}

describe("baton-mcp HTTP security (spawned bin)", () => {
  const cleanups: Array<() => unknown> = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });
  const start = async (args: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<SpawnedServer> => {
    const dir = tempDir();
    const server = await spawnHttpServer(dir, args, env);
    cleanups.push(
      () => removeDir(dir),
      () => server.stop(),
    );
    return server;
  };

  it("refuses DNS rebinding: a foreign Host or Origin gets 403, localhost names with our port pass", async () => {
    const server = await start();
    expect(await rawPost(server.port, { host: "evil.example" })).toBe(403);
    expect(await rawPost(server.port, { host: `evil.example:${server.port}` })).toBe(403);
    expect(await rawPost(server.port, { origin: "http://evil.example" })).toBe(403);
    expect(await rawPost(server.port, { origin: `http://evil.example:${server.port}` })).toBe(403);
    expect(await rawPost(server.port, { host: `localhost:${server.port}` })).toBe(200);
    expect(await rawPost(server.port, { origin: `http://localhost:${server.port}` })).toBe(200);
  });

  it("refuses to bind a non-loopback address without BATON_MCP_TOKEN, with a clear message", async () => {
    const dir = tempDir();
    cleanups.push(() => removeDir(dir));
    const { code, stderr } = await runBin(["--host", "0.0.0.0", "--port", "0"], serverEnv(dir));
    expect(code).toBe(2);
    expect(stderr).toContain("refusing to listen on 0.0.0.0");
    expect(stderr).toContain("BATON_MCP_TOKEN");
  });

  it("with a token, MCP requests need the right bearer (401 otherwise) while health stays open", async () => {
    const token = "s3cret-token";
    const server = await start(["--host", "0.0.0.0"], { BATON_MCP_TOKEN: token });
    const url = `http://127.0.0.1:${server.port}`;
    expect(await rawPost(server.port, {})).toBe(401);
    expect(await rawPost(server.port, { authorization: "Bearer wrong" })).toBe(401);
    expect((await fetch(`${url}/sse`)).status).toBe(401);
    expect(await rawPost(server.port, { authorization: `Bearer ${token}` })).toBe(200);
    expect((await fetch(`${url}/health`)).status).toBe(200);
    const c = await streamableClient(url, { authorization: `Bearer ${token}` });
    cleanups.push(() => c.client.close());
    expect(await call(c.client, "acquire_lock", { lock_name: "x" })).toMatchObject({ success: true });
  });

  it("bad flags and bad config exit 2 naming what was wrong; --help and --version answer", async () => {
    const dir = tempDir();
    cleanups.push(() => removeDir(dir));
    const bad = await runBin(["--backend", "mongo"], serverEnv(dir));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--backend");
    const badConfig = await runBin(["--port", "0"], serverEnv(dir, { COORDINATION_BACKEND: "mongo" }));
    expect(badConfig.code).toBe(2);
    expect(badConfig.stderr).toContain("COORDINATION_BACKEND");
    const help = await runBin(["--help"], serverEnv(dir));
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("claude mcp add --transport sse coordination http://127.0.0.1:8082/sse");
    const version = await runBin(["--version"], serverEnv(dir));
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });
});

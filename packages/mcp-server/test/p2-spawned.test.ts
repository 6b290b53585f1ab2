import { type RedisServer, startRedis } from "@agent-baton/driver-test-suite";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type HttpClient, streamableClient } from "./clients.js";
import { call } from "./in-memory-client.js";
import { BIN, removeDir, serverEnv, spawnHttpServer, tempDir } from "./spawn-server.js";

const TOKEN = "p2-http-token";
const auth = { authorization: `Bearer ${TOKEN}` };
type Notice = { type: string; name: string; text: string };

let redis: RedisServer | undefined;
beforeAll(async () => {
  redis = await startRedis();
}, 20_000);
afterAll(async () => {
  await redis?.stop();
});

const backends: Array<[string, () => NodeJS.ProcessEnv]> = [
  ["file", () => ({})],
  [
    "redis",
    () => ({
      COORDINATION_BACKEND: "redis",
      REDIS_URL: redis!.url,
      BATON_KEY_PREFIX: `p2-http-${process.pid}-${Math.random().toString(36).slice(2, 8)}`,
    }),
  ],
];

describe.each(backends)(
  "lines and notices through the spawned baton-mcp bin on the %s backend",
  (_name, env) => {
    const cleanups: Array<() => unknown> = [];
    afterEach(async () => {
      for (const c of cleanups.splice(0).reverse()) await c();
    });

    it("three Streamable HTTP sessions: a release request and a dashboard force-release reach the holder only, the waiter is told its place and served", async () => {
      const dir = tempDir();
      cleanups.push(() => removeDir(dir));
      const server = await spawnHttpServer(dir, [], { ...env(), BATON_MCP_TOKEN: TOKEN });
      cleanups.push(async () => expect(await server.stop()).toBe(0));
      const connect = async (): Promise<HttpClient> => {
        const c = await streamableClient(server.url, auth);
        cleanups.push(() => c.client.close());
        return c;
      };
      const [a, b, c] = [await connect(), await connect(), await connect()];
      const notices = async (client: HttpClient, name = "heartbeat") => {
        const result = (await client.client.callTool({ name, arguments: {} })) as CallToolResult;
        const lines = result.content.flatMap((x) => (x.type === "text" ? x.text.split("\n") : []));
        return {
          notices: (result.structuredContent?.notices as Notice[] | undefined) ?? [],
          lines: lines.filter((l) => l.startsWith("notice: ")),
        };
      };

      const held = await call(a.client, "acquire_lock", { lock_name: "deploy", timeout_seconds: 600 });
      const aId = held.held_by as string;
      const asked = await call(b.client, "request_release", { lock_name: "deploy", reason: "hotfix 1.2.1" });
      expect(asked).toMatchObject({ requested: true, held_by: [aId] });
      const bId = (await call(b.client, "heartbeat")).session_id as string;
      const told = await notices(a);
      expect(told.notices).toMatchObject([{ type: "lock.release_requested", name: "resource:deploy" }]);
      expect(told.lines).toEqual([expect.stringContaining(`${bId} asks you to release resource:deploy`)]);

      const progress: string[] = [];
      const waiting = c.client.callTool(
        { name: "acquire_lock", arguments: { lock_name: "deploy", wait_seconds: 60 } },
        undefined,
        { onprogress: (p) => progress.push(p.message ?? "") },
      ) as Promise<CallToolResult>;
      await expect.poll(() => progress.length, { timeout: 10_000 }).toBeGreaterThan(0);
      expect(progress[0]).toMatch(
        new RegExp(`^waiting for resource:deploy: 1st in line, held by ${aId} \\(`),
      );

      const token = held.fencing_token as number;
      const res = await fetch(`${server.url}/api/force-release`, {
        method: "POST",
        headers: { ...auth, "content-type": "application/json" },
        body: JSON.stringify({ lock_name: "resource:deploy", token, as: "ops" }),
      });
      expect(await res.json()).toMatchObject({ released: true, by: "dashboard:ops@127.0.0.1" });
      const granted = await waiting;
      expect(granted.structuredContent).toMatchObject({ acquired: true });
      expect(granted.structuredContent?.notices).toBeUndefined();

      const lost = await notices(a, "notices");
      expect(lost.notices).toMatchObject([{ type: "lock.force_released", name: "resource:deploy" }]);
      expect(lost.notices[0]!.text).toMatch(
        /^your lock resource:deploy was force-released by dashboard:ops@127\.0\.0\.1/,
      );
      expect((await notices(a)).notices).toEqual([]);
      expect((await notices(b)).notices).toEqual([]);
      expect((await notices(c)).notices).toEqual([]);

      const history = await call(b.client, "lock_history", {
        lock_name: "deploy",
        since: "1h",
        summary: true,
      });
      expect((history.events as Array<{ type: string }>).map((e) => e.type)).toEqual([
        "lock.acquired",
        "lock.release_requested",
        "lock.queued",
        "lock.force_released",
        "lock.acquired",
      ]);
      expect(history.summary).toMatchObject([{ lock_name: "resource:deploy", count: 1 }]);
    });

    it("two --stdio servers (two Claude Code sessions) on one backend: a caller disagreeing about slots is told the 2 in force; B's release request reaches A's next result only", async () => {
      const dir = tempDir();
      cleanups.push(() => removeDir(dir));
      const backendEnv = env();
      const stdio = async (sessionId: string) => {
        const transport = new StdioClientTransport({
          command: process.execPath,
          args: [BIN, "--stdio"],
          env: serverEnv(dir, { ...backendEnv, CLAUDE_SESSION_ID: sessionId }) as Record<string, string>,
          cwd: dir,
          stderr: "pipe",
        });
        const client = new Client({ name: sessionId, version: "0" });
        await client.connect(transport);
        cleanups.push(() => client.close());
        return client;
      };
      const a = await stdio("stdio-a");
      const b = await stdio("stdio-b");
      expect(await call(a, "acquire_lock", { lock_name: "gpu", slots: 2 })).toMatchObject({ acquired: true });
      const mismatch = (await b.callTool({
        name: "acquire_lock",
        arguments: { lock_name: "gpu", shared: true },
      })) as CallToolResult;
      expect(mismatch.isError).toBe(true);
      expect(JSON.stringify(mismatch.content)).toMatch(/resource:gpu has 2 slots in force/);
      expect(await call(b, "acquire_lock", { lock_name: "gpu", slots: 2 })).toMatchObject({ acquired: true });

      expect(await call(b, "request_release", { lock_name: "gpu", reason: "need both GPUs" })).toMatchObject({
        requested: true,
        held_by: ["stdio-a", "stdio-b"],
      });
      const told = (await a.callTool({ name: "list_locks", arguments: {} })) as CallToolResult;
      expect(told.structuredContent?.notices).toMatchObject([
        {
          type: "lock.release_requested",
          name: "resource:gpu",
          text: expect.stringContaining("stdio-b asks you to release resource:gpu"),
        },
      ]);
      expect(JSON.stringify(told.content)).toContain("notice: stdio-b asks you to release resource:gpu");
      // the asker holds gpu too, but a request of its own is not news to it
      for (const client of [b, a]) {
        const beat = (await client.callTool({ name: "heartbeat", arguments: {} })) as CallToolResult;
        expect(beat.structuredContent?.notices).toBeUndefined();
      }
    });
  },
);

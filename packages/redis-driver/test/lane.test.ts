import { createServer, type Server, type Socket } from "node:net";
import { owner, type RedisServer, startRedis } from "@agent-baton/driver-test-suite";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRedisDriver } from "../src/index.js";
import { Lane, ReplyError } from "../src/lane.js";
import { parseRedisUrl } from "../src/redis-url.js";

let server: RedisServer;
beforeAll(async () => {
  server = await startRedis();
});
afterAll(async () => {
  await server?.stop();
});

const lane = (url: string) => new Lane({ target: parseRedisUrl(url), commandTimeoutMs: 1_500 });

/** A loopback server that answers every command with `replies`, dribbled out one byte per write. */
async function dribbling(replies: string): Promise<{ url: string; close: () => void }> {
  const sockets = new Set<Socket>();
  const stub: Server = createServer((socket) => {
    sockets.add(socket);
    socket.setNoDelay(true);
    socket.once("data", async () => {
      for (const byte of Buffer.from(replies)) {
        socket.write(Buffer.of(byte));
        await new Promise((r) => setImmediate(r));
      }
    });
  });
  await new Promise<void>((r) => stub.listen(0, "127.0.0.1", r));
  const { port } = stub.address() as { port: number };
  return {
    url: `redis://127.0.0.1:${port}`,
    close: () => {
      for (const s of sockets) s.destroy();
      stub.close();
    },
  };
}

describe("the lock cycle's lean connection", () => {
  it("reads every reply type, split at every byte, in the order the commands went out", async () => {
    const text = "héllo, 日本\r\n";
    const bytes = Buffer.byteLength(text);
    const stub = await dribbling(
      `+OK\r\n-NOSCRIPT No matching script\r\n:42\r\n$-1\r\n$${bytes}\r\n${text}\r\n*3\r\n$1\r\na\r\n*1\r\n:7\r\n$-1\r\n`,
    );
    const l = lane(stub.url);
    try {
      const calls = ["a", "b", "c", "d", "e", "f"].map((x) =>
        l.call(["ECHO", x]).then(
          (reply) => ({ reply }),
          (error: Error) => ({ error }),
        ),
      );
      const [status, error, integer, nil, bulk, array] = await Promise.all(calls);
      expect(status).toEqual({ reply: "OK" });
      expect(error).toMatchObject({ error: { name: "ReplyError", message: "NOSCRIPT No matching script" } });
      expect((error as { error: Error }).error).toBeInstanceOf(ReplyError);
      expect(integer).toEqual({ reply: 42 });
      expect(nil).toEqual({ reply: null });
      expect(bulk).toEqual({ reply: text });
      expect(array).toEqual({ reply: ["a", [7], null] });
    } finally {
      l.close();
      stub.close();
    }
  });

  it("fails pending calls when closed, and connects again on the next call", async () => {
    const l = lane(server.url);
    try {
      expect(await l.call(["PING"])).toBe("PONG");
      const pending = l.call(["BLPOP", "lane:never", "5"]);
      l.close();
      await expect(pending).rejects.toThrow("connection closed");
      expect(await l.call(["ECHO", "again"])).toBe("again");
    } finally {
      l.close();
    }
  });

  it("selects the URL's database and carries non-ASCII owners both ways", async () => {
    const db3 = `${server.url}/3`;
    const driver = createRedisDriver({ url: db3, keyPrefix: "lane" });
    const inspect = new Redis(db3);
    const db0 = new Redis(server.url);
    const worktree = "/home/zoë/代码/baton";
    try {
      const taken = await driver.acquireLock("resource:ünïcode", { ...owner("sessión-1"), worktree }, 60_000);
      expect(taken).toMatchObject({ acquired: true, lock: { held_by: "sessión-1", worktree } });
      // The lane wrote into db 3, where the general connection reads it back.
      expect(await inspect.exists("{lane}:lock:resource:ünïcode")).toBe(1);
      expect(await driver.getLock("resource:ünïcode")).toMatchObject({ held_by: "sessión-1", worktree });
      expect(await db0.exists("{lane}:lock:resource:ünïcode")).toBe(0);
      expect(await driver.releaseLock("resource:ünïcode", "sessión-1")).toMatchObject({ outcome: "done" });
    } finally {
      inspect.disconnect();
      db0.disconnect();
      await driver.close();
    }
  });
});

import { BackendUnavailableError, type Driver } from "@agent-baton/core";
import { ask, type RedisServer, startRedis } from "@agent-baton/driver-test-suite";
import { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createRedisDriver } from "../src/index.js";

// Without persistence: startRedis runs redis-server with `--save "" --appendonly no`.
let server: RedisServer;
let admin: Redis;
beforeAll(async () => {
  server = await startRedis();
  admin = new Redis(server.url);
});
afterAll(async () => {
  admin?.disconnect();
  await server?.stop();
});

const drivers: Driver[] = [];
const servers: RedisServer[] = [];
afterEach(async () => {
  await Promise.all(drivers.splice(0).map((d) => d.close()));
  await Promise.all(servers.splice(0).map((s) => s.stop()));
});

function driver(url: string, reconnect = false): Driver {
  const d = createRedisDriver({ url, keyPrefix: "diagnose", reconnect });
  drivers.push(d);
  return d;
}

async function failure(call: () => Promise<unknown>): Promise<Error> {
  try {
    await call();
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected the call to fail");
}

describe("a database index the server lacks", () => {
  it("fails with BACKEND_UNAVAILABLE naming the URL and the missing database, before anything is written", async () => {
    const url = `${server.url}/99`;
    for (const reconnect of [false, true]) {
      const error = await failure(() => driver(url, reconnect).acquireLock("resource:a", ask("s1")));
      expect(error).toBeInstanceOf(BackendUnavailableError);
      expect(error.message).toMatch(
        new RegExp(
          `^Redis at redis://127\\.0\\.0\\.1:${server.port}/99: database 99 does not exist on that server`,
        ),
      );
    }
    // ioredis alone would have gone on in database 0.
    expect(await admin.keys("{diagnose}*")).toEqual([]);
  });

  it("is what diagnose reports, as an error", async () => {
    const findings = await driver(`${server.url}/16`).diagnose!();
    expect(findings).toEqual([
      { level: "error", message: expect.stringMatching(/database 16 does not exist/) },
    ]);
  });

  it("the last database a default server has works", async () => {
    const d = driver(`${server.url}/15`);
    expect((await d.acquireLock("resource:a", ask("s1"))).acquired).toBe(true);
    const db15 = new Redis(`${server.url}/15`);
    try {
      expect(await db15.exists("{diagnose}:lock:resource:a")).toBe(1);
    } finally {
      db15.disconnect();
    }
  });
});

describe("diagnose: persistence", () => {
  it("warns that fencing tokens rely on the server clock when the server keeps nothing across a restart", async () => {
    expect(await driver(server.url).diagnose!()).toEqual([
      {
        level: "warn",
        message: `Redis at ${server.url} has no persistence (no RDB save points and AOF off): fencing tokens rely on the server clock after a restart`,
      },
    ]);
  });

  it("says how the server keeps its data when it does", async () => {
    const persistent = await startRedis({ args: ["--appendonly", "yes", "--save", "3600 1"] });
    servers.push(persistent);
    expect(await driver(persistent.url).diagnose!()).toEqual([
      {
        level: "ok",
        message: `Redis at ${persistent.url} keeps its data across a restart (AOF on, RDB save points "3600 1")`,
      },
    ]);
  });

  it("says it cannot tell when an ACL refuses CONFIG GET", async () => {
    await admin.call("ACL", "SETUSER", "no-config", "on", ">pw", "~*", "&*", "+@all", "-config");
    const limited = `redis://no-config:pw@127.0.0.1:${server.port}`;
    const [finding] = await driver(limited).diagnose!();
    expect(finding).toEqual({
      level: "warn",
      message: expect.stringMatching(
        /^cannot tell whether Redis at redis:\/\/no-config:\*\*\*@127\.0\.0\.1:\d+ keeps its data across a restart \(CONFIG GET refused: NOPERM.*\); without persistence, fencing tokens rely on the server clock after a restart$/,
      ),
    });
  });
});

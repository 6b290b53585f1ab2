import { execFileSync } from "node:child_process";
import { type RedisServer, startRedis } from "@agent-baton/driver-test-suite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeWorld } from "./helpers.js";

// startRedis runs redis-server with `--save "" --appendonly no`: no persistence.
let server: RedisServer;
beforeAll(async () => {
  server = await startRedis();
}, 20_000);
afterAll(async () => {
  await server?.stop();
});

const redisWorld = (url: string) =>
  makeWorld({ COORDINATION_BACKEND: "redis", REDIS_URL: url, BATON_SESSION_ID: "s1" });

const NO_PERSISTENCE =
  "has no persistence (no RDB save points and AOF off): fencing tokens rely on the server clock after a restart";

describe("baton doctor on Redis", () => {
  it("warns when the server has no persistence, in --json and in the human lines, and still exits 0", async () => {
    const w = redisWorld(server.url);
    const json = await w.run(["doctor", "--json"]);
    expect(json.code).toBe(0);
    expect(json.json().diagnostics).toEqual([
      { level: "warn", message: `Redis at ${server.url} ${NO_PERSISTENCE}` },
    ]);
    const human = await w.run(["doctor"]);
    expect(human.code).toBe(0);
    expect(human.stdout).toContain(`! Redis at ${server.url} ${NO_PERSISTENCE}\n`);
  });

  it("a database index the server lacks: exit 4 naming the URL and that the database does not exist, nothing written", async () => {
    const url = `${server.url}/99`;
    const w = redisWorld(url);
    const json = await w.run(["doctor", "--json"]);
    expect(json.code).toBe(4);
    expect(json.json().health).toMatchObject({
      reachable: false,
      error: expect.stringContaining(`Redis at ${url}: database 99 does not exist on that server`),
    });
    const human = await w.run(["doctor"]);
    expect(human.code).toBe(4);
    expect(human.stdout).toMatch(/✗ backend redis at .*\/99: .*database 99 does not exist/);

    const acquire = await w.run(["lock", "acquire", "x"]);
    expect(acquire.code).toBe(4);
    expect(acquire.stderr.trim()).toMatch(
      new RegExp(`${url.replace(/\./g, "\\.")}.*database 99 does not exist`),
    );
    // ioredis alone would have written the lock into database 0.
    expect(
      execFileSync("redis-cli", ["-p", String(server.port), "dbsize"], { encoding: "utf8" }).trim(),
    ).toBe("0");
  });
});

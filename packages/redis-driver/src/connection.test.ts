import { Cluster, type Redis } from "ioredis";
import { describe, expect, it } from "vitest";
import { createClient } from "./connection.js";
import { createRedisDriver } from "./create-redis-driver.js";
import { parseRedisUrl } from "./redis-url.js";

const settings = (url: string, reconnect = false) => ({
  target: parseRedisUrl(url),
  commandTimeoutMs: 1_500,
  reconnect,
});

describe("createClient", () => {
  it("passes TLS with the URL's host as server name for rediss://, and none for redis://", () => {
    const tls = createClient(settings("rediss://:pw@cache.example.com:6380/2")) as Redis;
    expect(tls.options).toMatchObject({
      host: "cache.example.com",
      port: 6380,
      db: 2,
      password: "pw",
      tls: { servername: "cache.example.com" },
    });
    expect((createClient(settings("redis://h:1")) as Redis).options.tls).toBeUndefined();
    // RFC 6066: no IP address as SNI server name.
    expect((createClient(settings("rediss://127.0.0.1:1")) as Redis).options.tls).toEqual({});
  });

  it("one-shot: lazy, no offline queue, a bounded number of retries; reconnect: retries for ever", () => {
    const oneShot = (createClient(settings("redis://h:1")) as Redis).options;
    expect(oneShot).toMatchObject({ lazyConnect: true, enableOfflineQueue: false, commandTimeout: 1_500 });
    expect(oneShot.retryStrategy?.(1)).toBeTypeOf("number");
    expect(oneShot.retryStrategy?.(3)).toBeNull();
    const forever = (createClient(settings("redis://h:1", true)) as Redis).options;
    expect(forever.retryStrategy?.(1_000)).toBe(2_000);
  });

  it("makes a Cluster client for +cluster URLs", () => {
    const client = createClient(settings("rediss+cluster://:pw@seed:7000"));
    expect(client).toBeInstanceOf(Cluster);
    expect((client as unknown as { options: { redisOptions: object } }).options.redisOptions).toMatchObject({
      password: "pw",
      tls: { servername: "seed" },
    });
  });

  it("refuses a command timeout that is not a positive number of milliseconds", () => {
    for (const commandTimeoutMs of [0, -1, Number.NaN]) {
      expect(() => createRedisDriver({ url: "redis://h:1", commandTimeoutMs })).toThrow(
        /commandTimeoutMs .* must be a positive number/,
      );
    }
  });
});

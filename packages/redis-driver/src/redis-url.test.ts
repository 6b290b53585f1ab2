import { ConfigError } from "@agent-baton/core";
import { describe, expect, it } from "vitest";
import { parseRedisUrl, redactUrl } from "./redis-url.js";

describe("parseRedisUrl", () => {
  it("reads host, port, user, password and db, and redacts the password", () => {
    expect(parseRedisUrl("redis://ci:p%40ss@cache.internal:6380/3")).toEqual({
      host: "cache.internal",
      port: 6380,
      username: "ci",
      password: "p@ss",
      db: 3,
      tls: false,
      cluster: false,
      redacted: "redis://ci:***@cache.internal:6380/3",
    });
  });

  it("defaults to port 6379 and db 0, and takes a password without a user", () => {
    expect(parseRedisUrl("redis://:only-pass@localhost")).toMatchObject({
      port: 6379,
      db: 0,
      username: undefined,
      password: "only-pass",
      redacted: "redis://:***@localhost",
    });
  });

  it("turns TLS on for rediss:// and cluster mode for the +cluster schemes", () => {
    expect(parseRedisUrl("rediss://h:1")).toMatchObject({ tls: true, cluster: false });
    expect(parseRedisUrl("redis+cluster://h:1")).toMatchObject({ tls: false, cluster: true });
    expect(parseRedisUrl("rediss+cluster://h:1")).toMatchObject({ tls: true, cluster: true });
  });

  it("rejects other schemes, bad db numbers and db > 0 on a cluster, naming the URL without its password", () => {
    expect(() => parseRedisUrl("http://u:pw@h:1")).toThrow(ConfigError);
    expect(() => parseRedisUrl("http://u:pw@h:1")).toThrow(
      /^REDIS_URL http:\/\/u:\*\*\*@h:1 has scheme http:/,
    );
    expect(() => parseRedisUrl("redis://h:1/x")).toThrow(/names database "x"/);
    expect(() => parseRedisUrl("redis+cluster://h:1/2")).toThrow(/only database 0/);
    expect(() => parseRedisUrl("not a url :pw@")).toThrow(ConfigError);
  });
});

describe("redactUrl", () => {
  it("hides the password even in a URL that does not parse", () => {
    expect(redactUrl("redis://user:se cret@h:1")).toBe("redis://user:***@h:1");
    expect(redactUrl("redis://h:1")).toBe("redis://h:1");
  });
});

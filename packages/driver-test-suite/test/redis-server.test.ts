import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { startRedis } from "../src/index.js";

describe("startRedis", () => {
  it("starts a private server on a free port that answers, and stops it by pid", async () => {
    const server = await startRedis();
    expect(server.port).not.toBe(6379);
    expect(execFileSync("redis-cli", ["-p", String(server.port), "ping"], { encoding: "utf8" }).trim()).toBe(
      "PONG",
    );
    const pid = server.pid;
    await server.stop();
    expect(() => process.kill(pid, 0)).toThrow();
  });

  it("requires the password when one is set", async () => {
    const server = await startRedis({ password: "s3cret" });
    try {
      expect(server.url).toBe(`redis://:s3cret@127.0.0.1:${server.port}`);
      const denied = execFileSync("redis-cli", ["-p", String(server.port), "ping"], { encoding: "utf8" });
      expect(denied).toMatch(/NOAUTH/);
    } finally {
      await server.stop();
    }
  });
});

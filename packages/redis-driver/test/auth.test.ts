import { BackendUnavailableError } from "@agent-baton/core";
import { ask, type RedisServer, startRedis } from "@agent-baton/driver-test-suite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRedisDriver } from "../src/index.js";

const PASSWORD = "s3cret-pa55";
let server: RedisServer;
beforeAll(async () => {
  server = await startRedis({ password: PASSWORD });
});
afterAll(async () => {
  await server?.stop();
});

async function failure(url: string): Promise<unknown> {
  const driver = createRedisDriver({ url, keyPrefix: "auth" });
  try {
    await driver.acquireLock("resource:a", ask("s1"));
    return null;
  } catch (error) {
    return error;
  } finally {
    await driver.close();
  }
}

describe("AUTH", () => {
  it("works with the password in the URL, and hides it in the driver's location", async () => {
    expect(server.url).toContain(PASSWORD);
    const driver = createRedisDriver({ url: server.url, keyPrefix: "auth" });
    try {
      expect((await driver.acquireLock("resource:a", ask("s1"))).acquired).toBe(true);
      expect(driver.location).toBe(`redis://:***@127.0.0.1:${server.port}`);
    } finally {
      await driver.close();
    }
  });

  it("works with user default and the password", async () => {
    const driver = createRedisDriver({
      url: `redis://default:${PASSWORD}@127.0.0.1:${server.port}/0`,
      keyPrefix: "auth-user",
    });
    try {
      await driver.ping();
      // The lock cycle's own connection authenticates as the user too.
      expect((await driver.acquireLock("resource:u", ask("s1"))).acquired).toBe(true);
      expect(await driver.releaseLock("resource:u", "s1")).toMatchObject({ outcome: "done" });
    } finally {
      await driver.close();
    }
  });

  it("fails clearly without the password: BACKEND_UNAVAILABLE saying authentication is needed", async () => {
    const error = await failure(`redis://127.0.0.1:${server.port}`);
    expect(error).toBeInstanceOf(BackendUnavailableError);
    expect((error as Error).message).toMatch(
      new RegExp(`^Redis at redis://127\\.0\\.0\\.1:${server.port} refused authentication .*NOAUTH`),
    );
  });

  it("fails clearly with a wrong password, without printing it", async () => {
    const error = await failure(`redis://:not-the-password@127.0.0.1:${server.port}`);
    expect(error).toBeInstanceOf(BackendUnavailableError);
    expect((error as Error).message).toMatch(/refused authentication .*WRONGPASS/);
    expect((error as Error).message).toContain(":***@");
    expect((error as Error).message).not.toContain("not-the-password");
  });
});

import { spawn } from "node:child_process";
import { localHost, processStartTime } from "@agent-baton/core";
import {
  ask,
  createMemoryDriver,
  deadPid,
  HOUR,
  sessionRecord,
  testConfig,
} from "@agent-baton/driver-test-suite";
import { afterAll, describe, expect, it } from "vitest";
import { bindingFor } from "./session-owner.js";

const config = testConfig();
const host = localHost();
const nobody = async () => [] as number[];

describe("bindingFor: who may bind a connection to a session id", () => {
  // a live process that is not in this test's process tree
  const stranger = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });
  afterAll(() => {
    stranger.kill("SIGKILL");
  });
  const strangerPid = stranger.pid!;

  it("a name nothing live uses may be created, including one whose session is dead or abandoned", async () => {
    const driver = createMemoryDriver({});
    expect(await bindingFor(driver, config, "fresh", nobody)).toBe("create");
    await driver.putSession(sessionRecord("dead", { host, pid: deadPid() }));
    expect(await bindingFor(driver, config, "dead", nobody)).toBe("create");
    const old = new Date(Date.now() - 25 * HOUR).toISOString();
    await driver.putSession(sessionRecord("abandoned", { host, last_heartbeat: old }));
    expect(await bindingFor(driver, config, "abandoned", nobody)).toBe("create");
    await driver.acquireLock("resource:x", ask("gone", { owner: { pid: deadPid() } }));
    expect(await bindingFor(driver, config, "gone", nobody)).toBe("create");
  });

  it("a live session with no pid, or on another host, is joined, never refused", async () => {
    const driver = createMemoryDriver({});
    await driver.putSession(sessionRecord("elsewhere", { host: "other-host", pid: 4242 }));
    expect(await bindingFor(driver, config, "elsewhere", nobody)).toBe("join");
    await driver.acquireLock("resource:y", ask("shell"));
    expect(await bindingFor(driver, config, "shell", nobody)).toBe("join");
  });

  it("a live session of a process on this host is joined from that process's tree and refused from any other", async () => {
    const driver = createMemoryDriver({});
    const pid_start = processStartTime(strangerPid);
    await driver.acquireLock("resource:x", ask("claude-abc", { owner: { pid: strangerPid, pid_start } }));
    expect(await bindingFor(driver, config, "claude-abc", async () => [123, strangerPid])).toBe("join");
    await expect(bindingFor(driver, config, "claude-abc", async () => [process.pid])).rejects.toMatchObject({
      code: "NOT_OWNER",
      message: expect.stringContaining(`belongs to process ${strangerPid} on this host (lock resource:x)`),
    });

    await driver.putSession(sessionRecord("registered", { host, pid: strangerPid, pid_start }));
    await expect(bindingFor(driver, config, "registered", nobody)).rejects.toMatchObject({
      code: "NOT_OWNER",
    });
    expect(await bindingFor(driver, config, "registered", async () => [strangerPid])).toBe("join");
  });
});

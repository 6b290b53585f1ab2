import { randomUUID } from "node:crypto";
import { Coordinator, DEFAULTS, LOCK_LOST_EXIT_CODE, runUnderLock } from "@agent-baton/core";
import { describe, expect, it } from "vitest";
import { createMemoryDriver } from "../src/index.js";

const node = process.execPath;

function pair() {
  const namespace = `run-${randomUUID()}`;
  const make = (sessionId: string) =>
    new Coordinator({
      driver: createMemoryDriver({ namespace }),
      config: { ...DEFAULTS, coordinationDir: "/nonexistent" },
      sessionId,
    });
  return { me: make("runner"), other: make("other") };
}

const quiet = { stdio: "pipe" as const, log: () => {} };

describe("runUnderLock", () => {
  it("gives the command the lock name and fencing token, exits with its code, and releases", async () => {
    const { me, other } = pair();
    let out = "";
    const result = await runUnderLock(
      me,
      "suite",
      node,
      ["-e", "process.stdout.write(process.env.BATON_LOCK_NAME + ' ' + process.env.BATON_FENCING_TOKEN)"],
      { ...quiet, onStart: (child) => child.stdout?.on("data", (d) => (out += d)) },
    );
    expect(result).toMatchObject({ exitCode: 0, ran: true, signal: null, lockLost: false });
    expect(out).toBe(`resource:suite ${result.acquire.fencing_token}`);
    expect((await other.check("suite")).available).toBe(true);
  });

  it("passes on a failing command's exit code and still releases", async () => {
    const { me, other } = pair();
    const result = await runUnderLock(me, "suite", node, ["-e", "process.exit(7)"], quiet);
    expect(result.exitCode).toBe(7);
    expect((await other.check("suite")).available).toBe(true);
  });

  it("reports 128+N when the command dies of signal N", async () => {
    const { me } = pair();
    const result = await runUnderLock(
      me,
      "suite",
      node,
      ["-e", "process.kill(process.pid, 'SIGKILL')"],
      quiet,
    );
    expect(result).toMatchObject({ exitCode: 137, signal: "SIGKILL" });
  });

  it("keeps a 1 s lock held while the command runs for several TTLs", async () => {
    const { me, other } = pair();
    const seen: boolean[] = [];
    const probe = setInterval(async () => seen.push((await other.check("suite")).locked), 300);
    const result = await runUnderLock(me, "suite", node, ["-e", "setTimeout(() => {}, 3500)"], {
      ...quiet,
      ttl: 1,
    });
    clearInterval(probe);
    expect(result).toMatchObject({ exitCode: 0, lockLost: false });
    expect(seen.length).toBeGreaterThan(5);
    expect(seen.every(Boolean)).toBe(true);
    expect((await other.check("suite")).available).toBe(true);
  });

  it("terminates the command and says so when the lock is taken away", async () => {
    const { me, other } = pair();
    const lines: string[] = [];
    const result = await runUnderLock(me, "suite", node, ["-e", "setTimeout(() => {}, 60000)"], {
      stdio: "pipe",
      ttl: 1,
      log: (line) => lines.push(line),
      onStart: () => setTimeout(() => void other.forceRelease("suite"), 200),
    });
    expect(result).toMatchObject({ lockLost: true, signal: "SIGTERM", exitCode: LOCK_LOST_EXIT_CODE });
    expect(lines.join("\n")).toMatch(/lost lock resource:suite/);
  });

  it("does not run the command when the lock is held (1) or the wait runs out (3)", async () => {
    const { me, other } = pair();
    await other.acquire("suite");
    const held = await runUnderLock(me, "suite", node, ["-e", "process.exit(0)"], quiet);
    expect(held).toMatchObject({ ran: false, exitCode: 1 });
    const timedOut = await runUnderLock(me, "suite", node, ["-e", "process.exit(0)"], {
      ...quiet,
      wait: 0.3,
    });
    expect(timedOut).toMatchObject({ ran: false, exitCode: 3 });
    expect(timedOut.acquire.reason).toBe("timeout");
  });

  it("exits 127 and releases when the command does not exist", async () => {
    const { me, other } = pair();
    const result = await runUnderLock(me, "suite", "baton-no-such-command", [], quiet);
    expect(result.exitCode).toBe(127);
    expect((await other.check("suite")).available).toBe(true);
  });
});

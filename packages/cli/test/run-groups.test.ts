import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { backends, collect, isRunning, sleep, tempDir } from "./helpers.js";

const alice = { env: { BATON_SESSION_ID: "alice" } };
const bob = { env: { BATON_SESSION_ID: "bob" } };

/** A command whose real work is a grandchild: `sh` starts `sleep` in the background and waits. */
function grandchildScript(dir: string): string {
  const pidFile = join(dir, "grandchild.pid");
  const script = join(dir, "work.sh");
  writeFileSync(script, `sleep 60 &\necho $! > ${pidFile}\necho up\nwait\n`);
  return script;
}

async function grandchildPid(dir: string): Promise<number> {
  for (let i = 0; i < 200; i++) {
    try {
      const pid = Number(readFileSync(join(dir, "grandchild.pid"), "utf8"));
      if (pid > 0) return pid;
    } catch {
      // not written yet
    }
    await sleep(50);
  }
  throw new Error("the command never started its grandchild");
}

async function until(what: () => boolean | Promise<boolean>, tries = 200): Promise<boolean> {
  for (let i = 0; i < tries; i++) {
    if (await what()) return true;
    await sleep(50);
  }
  return false;
}

describe.each(backends())("baton run's process group on the $name backend", ({ world }) => {
  it("a lost lock ends the whole group, grandchildren too, and exits 75, not 143", async () => {
    const w = world();
    const dir = tempDir("baton-group-");
    const child = w.spawn(["run", "--lock", "suite", "--ttl", "3", "--", "sh", grandchildScript(dir)], alice);
    const done = collect(child);
    const sleeper = await grandchildPid(dir);
    expect(isRunning(sleeper)).toBe(true);
    await w.run(["lock", "force-release", "suite"], bob);
    const r = await done;
    expect(r.stderr).toMatch(/lost lock resource:suite/);
    expect(r.code).toBe(75);
    expect(await until(() => !isRunning(sleeper))).toBe(true);
  });

  it("a SIGTERM from outside reaches the group and exits 143", async () => {
    const w = world();
    const dir = tempDir("baton-group-");
    const child = w.spawn(["run", "--lock", "suite", "--", "sh", grandchildScript(dir)], alice);
    const done = collect(child);
    const sleeper = await grandchildPid(dir);
    child.kill("SIGTERM");
    const r = await done;
    expect(r.code).toBe(143);
    expect(await until(() => !isRunning(sleeper))).toBe(true);
    expect((await w.run(["lock", "check", "suite"], bob)).code).toBe(0);
  });

  it("what the command leaves running in its group is ended before the lock is released", async () => {
    const w = world();
    const dir = tempDir("baton-group-");
    const pidFile = join(dir, "left.pid");
    const r = await w.run(
      ["run", "--lock", "suite", "--", "sh", "-c", `sleep 60 & echo $! > ${pidFile}`],
      alice,
    );
    expect(r.code).toBe(0);
    const left = Number(readFileSync(pidFile, "utf8"));
    expect(isRunning(left)).toBe(false);
    expect((await w.run(["lock", "check", "suite"], bob)).code).toBe(0);
  });

  it("if baton run is SIGKILLed, the lock stays held while its command shuts down, then comes back once the group is gone", async () => {
    const w = world();
    const dir = tempDir("baton-group-");
    const termed = join(dir, "termed");
    const pidFile = join(dir, "command.pid");
    const script = join(dir, "slow-stop.sh");
    const go = join(dir, "go");
    // a command that takes its time to stop on SIGTERM, as a test runner finishing its teardown does:
    // until the test has seen the lock refused
    writeFileSync(
      script,
      `echo $$ > ${pidFile}\ntrap 'echo x > ${termed}; while [ ! -e ${go} ]; do sleep 0.1; done; exit 0' TERM\necho up\nwhile :; do sleep 0.2; done\n`,
    );
    const child = w.spawn(
      ["run", "--lock", "suite", "--ttl", "120", "--grace", "60", "--", "sh", script],
      alice,
    );
    const done = collect(child);
    let out = "";
    child.stdout!.on("data", (d) => (out += d));
    expect(await until(() => out.includes("up"))).toBe(true);
    const command = Number(readFileSync(pidFile, "utf8"));
    // the first renewal records the command's group on the hold
    await sleep(1_000);
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGKILL");
    // not `done`: the command still has baton's stdout open until it ends
    await exited;
    // the watchdog noticed baton is gone and asked the group to stop
    expect(await until(() => existsSync(termed))).toBe(true);
    const codes: number[] = [];
    for (let i = 0; i < 60 && codes.at(-1) !== 0; i++) {
      const r = await w.run(["lock", "acquire", "suite"], bob);
      // Never both: bob holding the lock while the command still runs.
      if (r.code === 0) expect(isRunning(command)).toBe(false);
      codes.push(r.code ?? -1);
      writeFileSync(go, "");
    }
    expect(codes[0]).toBe(1);
    expect(codes.at(-1)).toBe(0);
    await done;
  });

  it("a bad --grace is refused before anything is taken: exit 2, one line, the command never runs", async () => {
    const w = world();
    const r = await w.run(["run", "--lock", "suite", "--grace", "-1", "--", "sh", "-c", "echo ran"], alice);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/grace/);
    expect((await w.run(["lock", "check", "suite"], bob)).code).toBe(0);
  });
});

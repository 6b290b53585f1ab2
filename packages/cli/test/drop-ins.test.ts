import { spawn } from "node:child_process";
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { AcquireResultSchema, LockInfoSchema } from "@agent-baton/core";
import { describe, expect, it, vi } from "vitest";
import { backends, collect, type World } from "./helpers.js";

// Each test spawns up to twenty bins one after another; on a loaded machine a spawn on redis takes seconds.
vi.setConfig({ testTimeout: 120_000 });

const dist = join(dirname(fileURLToPath(import.meta.url)), "..", "dist", "bin");
const alice = { env: { BATON_SESSION_ID: "alice" } };
const bob = { env: { BATON_SESSION_ID: "bob" } };

/** Runs a bash script with the drop-in bins on PATH under their own names, as the original's users call them. */
function bash(w: World, script: string, env: NodeJS.ProcessEnv = {}) {
  const bin = join(w.home, "bin");
  mkdirSync(bin, { recursive: true });
  for (const name of ["session-lock", "session-register", "session-heartbeat", "claim-issue", "baton"]) {
    const file = join(bin, name);
    writeFileSync(file, `#!/bin/sh\nexec "${process.execPath}" "${join(dist, `${name}.js`)}" "$@"\n`);
    chmodSync(file, 0o755);
  }
  const child = spawn("bash", ["-c", script], {
    cwd: w.home,
    env: { ...w.env, PATH: `${bin}:${w.env.PATH}`, ...env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  return collect(child);
}

const lines = (text: string) => text.trim().split("\n");

describe.each(backends())(
  "session-lock as the original's usage text has it, on the $name backend",
  ({ world }) => {
    it("acquire NAME TIMEOUT gives the lock a lifetime of TIMEOUT seconds (default DEFAULT_LOCK_TIMEOUT)", async () => {
      const w = world();
      const lock = (args: string[], who = alice) => w.run(args, { ...who, bin: "session-lock" });
      const got = await lock(["acquire", "build", "3600"]);
      expect(got.code).toBe(0);
      expect(got.stdout).toMatch(/^acquired resource:build \(expires /);
      expect(got.stderr).toBe("");
      const info = await lock(["info", "build"], bob);
      expect(info.code).toBe(0);
      const record = LockInfoSchema.parse(info.json());
      const lifetime = (Date.parse(record.expires_at!) - Date.parse(record.acquired_at!)) / 1000;
      expect(lifetime).toBeGreaterThanOrEqual(3599);
      expect(lifetime).toBeLessThanOrEqual(3601);
      // the original's field names are there too
      expect(info.json()).toMatchObject({
        session_id: "alice",
        operation: "resource:build",
        held_by: "alice",
      });

      const plain = AcquireResultSchema.parse((await lock(["acquire", "deploy", "--json"])).json());
      expect((Date.parse(plain.expires_at!) - Date.now()) / 1000).toBeGreaterThan(250);
      expect((Date.parse(plain.expires_at!) - Date.now()) / 1000).toBeLessThanOrEqual(300);
    });

    it("check prints available or held by SESSION; info of a free lock exits 1; list and status", async () => {
      const w = world();
      const lock = (args: string[], who = alice) => w.run(args, { ...who, bin: "session-lock" });
      expect(await lock(["check", "build"])).toMatchObject({ code: 0, stdout: "available\n" });
      expect((await lock(["info", "build"])).code).toBe(1);
      await lock(["acquire", "build", "60"]);
      expect(await lock(["check", "build"], bob)).toMatchObject({ code: 1, stdout: "held by alice\n" });
      // baton's acquire is re-entrant, so the holder's own check says go ahead
      expect(await lock(["check", "build"])).toMatchObject({
        code: 0,
        stdout: "held by alice (this session)\n",
      });
      expect((await lock(["list"], bob)).stdout).toMatch(/resource:build\s+alice/);
      const status = await lock(["status"], bob);
      expect(status.code).toBe(0);
      expect(status.stdout).toMatch(/resource:build/);
    });

    it("release and force-release of a lock nobody holds exit 0; releasing another's lock exits 1", async () => {
      const w = world();
      const lock = (args: string[], who = alice) => w.run(args, { ...who, bin: "session-lock" });
      const free = await lock(["release", "build"]);
      expect(free).toMatchObject({ code: 0, stdout: "" });
      expect(free.stderr).toMatch(/^session-lock: resource:build is not held/);
      expect((await lock(["force-release", "build"])).code).toBe(0);
      await lock(["acquire", "build", "60"]);
      const other = await lock(["release", "build"], bob);
      expect(other).toMatchObject({ code: 1, stdout: "" });
      expect(other.stderr).toMatch(/cannot release resource:build: held by another session, alice/);
      expect(await lock(["release", "build"])).toMatchObject({
        code: 0,
        stdout: "released resource:build\n",
      });
      await lock(["acquire", "build", "60"]);
      const broke = await lock(["force-release", "build"], bob);
      expect(broke.code).toBe(0);
      expect(broke.stdout).toMatch(/force-released resource:build \(was held by alice/);
      expect((await lock(["check", "build"], bob)).stdout).toBe("available\n");
    });

    it("a blocked acquire says who holds the lock on stderr every 2 s and exits 3 after max_wait_seconds", async () => {
      const w = world();
      await w.run(["acquire", "build", "60"], { ...alice, bin: "session-lock" });
      const r = await w.run(["acquire", "build", "60"], {
        env: { BATON_SESSION_ID: "bob", MAX_WAIT_SECONDS: "4" },
        bin: "session-lock",
      });
      expect(r.code).toBe(3);
      expect(r.stdout).toBe("");
      const said = lines(r.stderr);
      expect(said[0]).toMatch(
        /^session-lock: waiting for build: 1st in line, held by alice \(\d+s\) in \S+ since \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ; waited 0s of 4s$/,
      );
      expect(said).toEqual(
        expect.arrayContaining([
          expect.stringMatching(
            /^session-lock: still waiting for build: 1st in line, held by alice .*; waited [23]s of 4s$/,
          ),
        ]),
      );
      expect(said.at(-1)).toMatch(
        /^session-lock: timed out after 4s waiting for resource:build: held by alice/,
      );
      // the waiter never took it
      expect((await w.run(["check", "build"], { ...bob, bin: "session-lock" })).stdout).toBe(
        "held by alice\n",
      );
    });

    it("a blocked acquire takes the lock as soon as its holder releases it", async () => {
      const w = world();
      await w.run(["acquire", "build", "60"], { ...alice, bin: "session-lock" });
      const child = w.spawn(["acquire", "build", "60"], {
        bin: "session-lock",
        env: { BATON_SESSION_ID: "bob", MAX_WAIT_SECONDS: "60" },
      });
      const waiting = collect(child);
      let stderr = "";
      await new Promise<void>((resolve) => {
        child.stderr!.on("data", (d) => {
          stderr += d;
          if (stderr.includes("waiting for build")) resolve();
        });
      });
      await w.run(["release", "build"], { ...alice, bin: "session-lock" });
      const r = await waiting;
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^acquired resource:build/);
      expect((await w.run(["check", "build"], { ...alice, bin: "session-lock" })).stdout).toBe(
        "held by bob\n",
      );
    });

    it("wait NAME [TIMEOUT] waits for a free lock without taking it, exit 3 when it stays held", async () => {
      const w = world();
      const lock = (args: string[], who = alice) => w.run(args, { ...who, bin: "session-lock" });
      expect(await lock(["wait", "build", "1"], bob)).toMatchObject({
        code: 0,
        stdout: "resource:build is available\n",
      });
      await lock(["acquire", "build", "60"]);
      const r = await lock(["wait", "build", "2"], bob);
      expect(r).toMatchObject({ code: 3, stdout: "" });
      expect(lines(r.stderr)[0]).toMatch(
        /^session-lock: waiting for build: held by alice \(\d+s\) .*; waited 0s of 2s$/,
      );
      expect(lines(r.stderr).at(-1)).toMatch(/timed out after 2s waiting for resource:build to be released/);
      expect((await lock(["check", "build"], bob)).code).toBe(1);
    });

    it("scripts written for the original run unchanged: set -e with a release in trap … EXIT", async () => {
      const w = world();
      const script = await bash(
        w,
        `set -euo pipefail
trap 'session-lock release deploy' EXIT
session-lock acquire deploy 600
session-lock check deploy
session-lock release deploy
session-lock force-release never-held
echo "deployed"`,
        { CLAUDE_SESSION_ID: "ci-job-7" },
      );
      expect(script.code).toBe(0);
      expect(script.stdout).toMatch(/deployed\n$/);
      // the trap's second release found the lock free and still exited 0
      expect(script.stderr).toMatch(/resource:deploy is not held \(already released\?\)/);
      expect((await w.run(["check", "deploy"], { ...bob, bin: "session-lock" })).stdout).toBe("available\n");

      const held = await bash(
        w,
        `set -e
trap 'session-lock release deploy' EXIT
session-lock acquire deploy 600
echo "inside"
exit 5`,
        { CLAUDE_SESSION_ID: "ci-job-8" },
      );
      expect(held.code).toBe(5);
      expect((await w.run(["check", "deploy"], { ...bob, bin: "session-lock" })).stdout).toBe("available\n");
    });

    it("bad usage exits 2 with one line on stderr; help describes session-lock on stdout", async () => {
      const w = world();
      const lock = (args: string[]) => w.run(args, { ...alice, bin: "session-lock" });
      for (const args of [[], ["acquire"], ["bogus"], ["acquire", "build", "soon"], ["release", "a", "b"]]) {
        const r = await lock(args);
        expect(r.code, args.join(" ")).toBe(2);
        expect(r.stdout).toBe("");
        expect(lines(r.stderr), args.join(" ")).toHaveLength(1);
        expect(r.stderr).toMatch(/^session-lock: /);
      }
      for (const args of [["help"], ["--help"], ["-h"]]) {
        const r = await lock(args);
        expect(r.code).toBe(0);
        expect(r.stdout).toMatch(/^Usage: session-lock COMMAND/);
        expect(r.stdout).toMatch(/acquire LOCK_NAME \[TIMEOUT\]/);
        expect(r.stdout).not.toMatch(/baton \[options\]/);
      }
    });
  },
);

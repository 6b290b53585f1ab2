import { spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it, vi } from "vitest";
import { backends, collect, makeWorld } from "./helpers.js";

// Each test spawns up to twenty bins one after another; on a loaded machine a spawn on redis takes seconds.
vi.setConfig({ testTimeout: 120_000 });

const baton = join(dirname(fileURLToPath(import.meta.url)), "..", "dist", "bin", "baton.js");
const node = process.execPath;
const alice = { env: { BATON_SESSION_ID: "alice" } };
const bob = { env: { BATON_SESSION_ID: "bob" } };
const lines = (text: string) => text.trim().split("\n");
const started =
  /^baton: waiting for suite: (1st in line, )?held by alice \(\d+s\) in \S+ since \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ; waited 0s of \d+s$/;

describe.each(backends())(
  "waiting without a terminal says why on stderr, on the $name backend",
  ({ world }) => {
    it("lock acquire --wait: a line when the wait starts, one every 10 s, then exit 3", async () => {
      const w = world();
      await w.run(["lock", "acquire", "suite", "--ttl", "120"], alice);
      const r = await w.run(["lock", "acquire", "suite", "--wait", "11"], bob);
      expect(r.code).toBe(3);
      const said = lines(r.stderr);
      expect(said[0]).toMatch(started);
      expect(said[1]).toMatch(
        /^baton: still waiting for suite: 1st in line, held by alice .*; waited 10s of 11s$/,
      );
      expect(said).toHaveLength(2);
      expect(r.stdout).toMatch(/^timed out: resource:suite is held by alice/);
    });

    it("lock wait and run --wait say who holds the lock when they start waiting", async () => {
      const w = world();
      await w.run(["lock", "acquire", "suite", "--ttl", "120"], alice);
      const waited = await w.run(["lock", "wait", "suite", "--wait", "1"], bob);
      expect(waited.code).toBe(3);
      expect(lines(waited.stderr)[0]).toMatch(started);
      const ran = await w.run(
        ["run", "--lock", "suite", "--wait", "1", "--", node, "-e", "console.log('ran')"],
        bob,
      );
      expect(ran.code).toBe(3);
      expect(ran.stdout).toBe("");
      expect(lines(ran.stderr)[0]).toMatch(started);
      expect(lines(ran.stderr).at(-1)).toMatch(/^baton: resource:suite is held by alice; gave up after 1/);
    });

    it("run -E/--conflict-exit-code N tells a held lock apart from the command's own failure", async () => {
      const w = world();
      const fails = ["--", node, "-e", "console.log('ran'); process.exit(1)"];
      expect((await w.run(["run", "--lock", "suite", "-E", "75", ...fails], bob)).code).toBe(1);
      await w.run(["lock", "acquire", "suite", "--ttl", "120"], alice);
      const held = await w.run(["run", "--lock", "suite", "-E", "75", ...fails], bob);
      expect(held).toMatchObject({ code: 75, stdout: "" });
      // no wait asked for, so no waiting line: only why it did not run
      expect(lines(held.stderr)).toEqual(["baton: resource:suite is held by alice"]);
      const timedOut = await w.run(
        ["run", "--lock", "suite", "--wait", "1", "--conflict-exit-code", "0", ...fails],
        bob,
      );
      expect(timedOut).toMatchObject({ code: 0, stdout: "" });
    });
  },
);

describe("baton run's conflict exit code and default wait", () => {
  it("refuses an exit code an exit status cannot carry, and --help says the default wait", async () => {
    const w = makeWorld();
    for (const code of ["x", "256", "-1", "1.5"]) {
      const r = await w.run(["run", "--lock", "suite", "-E", code, "--", node, "-e", ""], bob);
      expect(r.code, code).toBe(2);
      expect(lines(r.stderr), code).toHaveLength(1);
    }
    const help = await w.run(["run", "--help"]);
    expect(help.stdout).toMatch(/--wait <seconds> .*\(default: "0"\)/s);
    expect(help.stdout).toMatch(/-E, --conflict-exit-code <code>/);
  });

  it("on a terminal redraws one progress line in place instead of printing lines", async () => {
    const w = makeWorld();
    await w.run(["lock", "acquire", "suite", "--ttl", "120"], alice);
    const line = `exec ${JSON.stringify(node)} ${JSON.stringify(baton)} lock acquire suite --wait 2`;
    const term = spawn("script", ["-qfec", line, "/dev/null"], {
      env: { ...w.env, SHELL: "/bin/sh", BATON_SESSION_ID: "bob" },
      stdio: ["pipe", "pipe", "pipe"],
    });
    const r = await collect(term);
    expect(r.code).toBe(3);
    expect(r.stdout).toContain("\r\x1b[2Kbaton: waiting for suite: 1st in line, held by alice (");
    expect(r.stdout).toMatch(/held by alice \(\d+s\), waited \ds of 2s/);
    expect(r.stdout).not.toMatch(/ since /);
  });
});

import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { RegisterResultSchema } from "@agent-baton/core";
import { describe, expect, it, vi } from "vitest";
import { backends, type World } from "./helpers.js";

// Each test spawns up to twenty bins one after another; on a loaded machine a spawn on redis takes seconds.
vi.setConfig({ testTimeout: 120_000 });

const as = (id: string, env: NodeJS.ProcessEnv = {}) => ({ env: { BATON_SESSION_ID: id, ...env } });
const lastLine = (text: string) => text.trim().split("\n").at(-1);

/** A clone whose origin is github.com/acme/api, as the original's auto-detection expects. */
function clone(w: World): string {
  const dir = join(w.home, "api");
  mkdirSync(dir);
  execFileSync("git", ["init", "-q"], { cwd: dir });
  execFileSync("git", ["remote", "add", "origin", "https://github.com/acme/api.git"], { cwd: dir });
  return dir;
}

describe.each(backends())(
  "session-register, session-heartbeat and claim-issue on the $name backend",
  ({ world }) => {
    it("session-register start|pause|status|end|cleanup", async () => {
      const w = world();
      const reg = (args: string[], id = "alice") => w.run(args, { ...as(id), bin: "session-register" });
      const started = await reg(["start", '{"task":"x"}', "--json"]);
      expect(RegisterResultSchema.parse(started.json()).session.metadata).toEqual({ task: "x" });
      expect((await reg(["pause"])).code).toBe(0);
      expect((await reg(["status"])).stdout).toMatch(/alice \(me\)/);
      expect((await reg(["end"])).stdout).toMatch(/ended alice/);
      expect((await reg(["cleanup"])).code).toBe(0);
    });

    it("session-register claim OWNER/REPO NUM [TITLE] [PREFIX], release-claim, list-claims, find-claim", async () => {
      const w = world();
      const reg = (args: string[], id = "alice", env: NodeJS.ProcessEnv = {}) =>
        w.run(args, { ...as(id, env), bin: "session-register" });
      const claimed = await reg(["claim", "acme/api", "7", "Tidy up", "API"]);
      expect(claimed.code).toBe(0);
      expect(lastLine(claimed.stdout)).toBe("API #7: Tidy up");

      const refused = await reg(["claim", "acme/api", "7", "Tidy up"], "bob");
      expect(refused).toMatchObject({ code: 1, stdout: "" });
      expect(refused.stderr).toMatch(
        /^session-register: issue #7 of acme\/api is claimed by session alice \(active/,
      );
      // `claim "$REPO_INFO" …` with REPO_INFO unset in the caller's shell: the original fell back to REPO_INFO
      const fromEnv = await reg(["claim", "", "8", "Web"], "bob", { REPO_INFO: "acme/web" });
      expect(fromEnv.code).toBe(0);
      expect(lastLine(fromEnv.stdout)).toMatch(/#8: Web$/);

      const all = await reg(["list-claims"], "carol");
      expect(all.code).toBe(0);
      expect(all.json()).toEqual(
        expect.arrayContaining([
          {
            session_id: "alice",
            issue_number: 7,
            issue_title: "Tidy up",
            repo: "acme/api",
            claimed_at: expect.any(String),
            heartbeat_age: expect.any(Number),
            status: "active",
          },
          expect.objectContaining({ session_id: "bob", issue_number: 8, repo: "acme/web" }),
        ]),
      );
      expect(all.json()).toHaveLength(2);
      expect((await reg(["list-claims", "acme/web"], "carol")).json()).toHaveLength(1);

      expect(await reg(["find-claim", "acme", "api", "7"], "carol")).toMatchObject({
        code: 0,
        stdout: "alice\n",
      });
      expect(await reg(["find-claim", "acme", "api", "99"], "carol")).toMatchObject({
        code: 0,
        stdout: "\n",
      });
      expect((await reg(["release-claim"])).code).toBe(0);
      expect((await reg(["find-claim", "acme", "api", "7"], "carol")).stdout).toBe("\n");
    });

    it("session-register bad usage exits 2 with one line; help describes session-register", async () => {
      const w = world();
      const reg = (args: string[]) => w.run(args, { ...as("alice"), bin: "session-register" });
      for (const args of [
        [],
        ["bogus"],
        ["claim", "acme/api"],
        ["find-claim", "acme", "api"],
        ["pause", "now"],
      ]) {
        const r = await reg(args);
        expect(r.code, args.join(" ")).toBe(2);
        expect(r.stderr.trim().split("\n"), args.join(" ")).toHaveLength(1);
      }
      const help = await reg(["--help"]);
      expect(help.code).toBe(0);
      expect(help.stdout).toMatch(/^Usage: session-register COMMAND/);
      expect(help.stdout).toMatch(/find-claim OWNER REPO NUM/);
    });

    it("session-heartbeat touches silently; check and age take another session's id", async () => {
      const w = world();
      const hb = (args: string[], id = "alice") => w.run(args, { ...as(id), bin: "session-heartbeat" });
      expect(await hb([])).toMatchObject({ code: 0, stdout: "", stderr: "" });
      expect(await hb(["touch"])).toMatchObject({ code: 0, stdout: "" });
      const active = { code: 0, stdout: expect.stringMatching(/^active \(last heartbeat: \d+s\)\n$/) };
      expect(await hb(["check"])).toMatchObject(active);
      expect(await hb(["check", "alice"], "bob")).toMatchObject(active);
      expect(await hb(["check", "nobody"], "bob")).toMatchObject({
        code: 1,
        stdout: "dead (no heartbeat)\n",
      });
      expect((await hb(["age", "alice"], "bob")).stdout).toMatch(/^\d+\n$/);
      expect(await hb(["age", "nobody"], "bob")).toMatchObject({ code: 1, stdout: "-1\n" });
      expect(await hb(["check", "../etc"], "bob")).toMatchObject({ code: 2 });
      expect((await hb(["list"])).stdout).toMatch(/alice/);
      expect((await hb(["cleanup"])).code).toBe(0);
      expect((await hb(["daemon"])).stdout).toMatch(/started heartbeat daemon/);
      expect((await hb(["stop"])).stdout).toMatch(/stopped heartbeat daemon/);
      expect((await hb(["sprint"])).code).toBe(2);
      expect((await hb(["-h"])).stdout).toMatch(/^Usage: session-heartbeat/);
    });

    it("claim-issue NUM [TITLE] | --check NUM | --list | --status | --release, long and short, in a clone", async () => {
      const w = world();
      const cwd = clone(w);
      const ci = (args: string[], id = "alice") => w.run(args, { ...as(id), bin: "claim-issue", cwd });
      const claimed = await ci(["12", "Add retries"]);
      expect(claimed.code).toBe(0);
      expect(lastLine(claimed.stdout)).toBe("API #12: Add retries");
      const refused = await ci(["12", "Add retries"], "bob");
      expect(refused).toMatchObject({ code: 1, stdout: "" });
      expect(refused.stderr).toMatch(/claimed by session alice/);
      expect((await ci(["--check", "12"], "bob")).code).toBe(1);
      expect((await ci(["-c", "12"], "bob")).code).toBe(1);
      expect((await ci(["-c", "13"], "bob")).code).toBe(0);
      expect((await ci(["--check", "12"])).code).toBe(0);
      for (const list of ["--list", "-l"])
        expect((await ci([list], "bob")).stdout).toMatch(/API #12: Add retries/);
      for (const status of ["--status", "-s"])
        expect((await ci([status])).stdout).toMatch(/API #12: Add retries/);
      expect((await ci(["-r"])).stdout).toMatch(/released API #12/);
      expect((await ci(["--release"])).code).toBe(0);
      for (const args of [[], ["-x"], ["--check"], ["twelve"]]) {
        const r = await ci(args);
        expect(r.code, args.join(" ")).toBe(2);
        expect(r.stderr.trim().split("\n")).toHaveLength(1);
      }
      for (const help of ["--help", "-h"]) {
        const r = await ci([help]);
        expect(r.code).toBe(0);
        expect(r.stdout).toMatch(/^Usage:\n {2}claim-issue NUM \[TITLE\]/);
      }
    });
  },
);

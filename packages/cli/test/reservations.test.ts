import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, realpathSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  ListReservationsResultSchema,
  OverlapsResultSchema,
  ReleaseReservationsResultSchema,
  ReserveResultSchema,
  WorktreeCheckResultSchema,
} from "@agent-baton/core";
import { describe, expect, it } from "vitest";
import { backends, collect, isRunning, tempDir, type World } from "./helpers.js";

const bin = fileURLToPath(new URL("../dist/bin/baton.js", import.meta.url));

/** A repository with one commit (src/api/x.ts, docs/guide.md) and a linked worktree on a branch. */
function repoWithWorktree(): { main: string; linked: string; git: (...args: string[]) => string } {
  const base = realpathSync(tempDir("baton-reserve-repo-"));
  const main = join(base, "main");
  const linked = join(base, "linked");
  const git = (...args: string[]) =>
    execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@t", ...args], {
      cwd: base,
      encoding: "utf8",
      stdio: "pipe",
    });
  git("init", "-q", "-b", "main", main);
  mkdirSync(join(main, "src", "api"), { recursive: true });
  mkdirSync(join(main, "docs"));
  writeFileSync(join(main, "src", "api", "x.ts"), "export const x = 1;\n");
  writeFileSync(join(main, "docs", "guide.md"), "# guide\n");
  git("-C", main, "add", ".");
  git("-C", main, "commit", "-q", "-m", "first");
  git("-C", main, "worktree", "add", "-q", linked, "-b", "feature");
  return { main, linked, git };
}

const as = (session: string, cwd: string) => ({ env: { BATON_SESSION_ID: session }, cwd });

/**
 * A session whose process is a real one that the test can end: a shell that names itself a
 * Claude Code process (its `~/.claude/sessions/<pid>.json`), runs `baton ARGS` in `cwd`, then
 * becomes `sleep` under the same pid. Resolves once baton has answered.
 */
async function liveHolder(w: World, session: string, cwd: string, args: string[]) {
  mkdirSync(join(w.home, ".claude", "sessions"), { recursive: true });
  const script = `printf '{"pid":%s,"sessionId":"${session}"}' $$ > "$HOME/.claude/sessions/$$.json"
"$NODE" "$BATON" "$@" >"$HOME/holder-$$.out" 2>&1
echo "baton-exit $?"
exec sleep 600`;
  const child = spawn("sh", ["-c", script, "holder", ...args], {
    cwd,
    env: { ...w.env, NODE: process.execPath, BATON: bin },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const code = await new Promise<number>((resolve) => {
    let out = "";
    child.stdout.on("data", (d) => {
      out += d;
      const m = /baton-exit (\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
  });
  return {
    code,
    pid: child.pid!,
    kill: async () => {
      const closed = collect(child);
      child.kill("SIGKILL");
      await closed;
    },
  };
}

describe.each(backends())("baton reserve on the $name backend", ({ world }) => {
  it("refuses an overlapping reservation naming the holder, writes nothing, lets shared ones coexist", async () => {
    const w = world();
    const { main, linked } = repoWithWorktree();
    const first = await w.run(
      ["reserve", "src/api/**", "--reason", "auth refactor", "--json"],
      as("s1", main),
    );
    expect(first.code).toBe(0);
    expect(ReserveResultSchema.parse(first.json())).toMatchObject({
      reserved: true,
      patterns: ["src/api/**"],
    });

    // another worktree of the same repository, a glob relative to a subfolder
    const refused = await w.run(["reserve", "x.ts", "--json"], as("s2", join(linked, "src", "api")));
    expect(refused.code).toBe(1);
    const conflict = ReserveResultSchema.parse(refused.json());
    expect(conflict).toMatchObject({ reserved: false, reason: "conflict" });
    expect(conflict.conflicts?.[0]).toMatchObject({
      pattern: "src/api/x.ts",
      held_by: "s1",
      holder_pattern: "src/api/**",
      reason: "auth refactor",
    });
    const text = await w.run(["reserve", "src/api/x.ts", "--shared"], as("s2", linked));
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(
      /src\/api\/x\.ts overlaps src\/api\/\*\*, reserved by session s1 .*"auth refactor"/,
    );

    const listed = await w.run(["reservations", "--json"], as("s2", linked));
    expect(listed.code).toBe(0);
    expect(ListReservationsResultSchema.parse(listed.json()).reservations.map((r) => r.session_id)).toEqual([
      "s1",
    ]);

    expect((await w.run(["reserve", "docs/**", "--shared"], as("s1", main))).code).toBe(0);
    expect((await w.run(["reserve", "docs/**", "--shared"], as("s2", linked))).code).toBe(0);
    const exclusive = await w.run(["reserve", "docs/guide.md", "--json"], as("s3", main));
    expect(exclusive.code).toBe(1);
    expect(
      ReserveResultSchema.parse(exclusive.json())
        .conflicts?.map((c) => c.held_by)
        .sort(),
    ).toEqual(["s1", "s2"]);
    const all = ListReservationsResultSchema.parse(
      (await w.run(["reservations", "--json"], as("s3", main))).json(),
    );
    expect(all.reservations.map((r) => `${r.session_id} ${r.pattern} ${r.shared}`)).toEqual([
      "s1 docs/** true",
      "s2 docs/** true",
      "s1 src/api/** false",
    ]);

    const released = await w.run(["release-reservation", "--all", "--json"], as("s1", main));
    expect(ReleaseReservationsResultSchema.parse(released.json()).released.sort()).toEqual([
      "docs/**",
      "src/api/**",
    ]);
    expect((await w.run(["reserve", "src/api/x.ts"], as("s2", linked))).code).toBe(0);
  });

  it("rejects bad input with exit 2 and changes nothing", async () => {
    const w = world();
    const { main } = repoWithWorktree();
    const bad = await w.run(["reserve", "src/[a"], as("s1", main));
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split("\n")).toHaveLength(1);
    expect((await w.run(["reserve", "src/**", "--ttl", "0"], as("s1", main))).code).toBe(2);
    expect((await w.run(["release-reservation"], as("s1", main))).code).toBe(2);
    const outside = await w.run(["reserve", "src/**"], as("s1", w.home));
    expect(outside.code).toBe(2);
    const listed = await w.run(["reservations", "--all", "--json"], as("s1", main));
    expect(ListReservationsResultSchema.parse(listed.json()).reservations).toEqual([]);
  });

  it("releases a dead holder's reservations, and keeps its worktree locked in git while it lives", async () => {
    const w = world();
    const { main, linked, git } = repoWithWorktree();
    const holder = await liveHolder(w, "holder", linked, ["reserve", "src/**"]);
    expect(holder.code).toBe(0);
    try {
      expect(git("-C", main, "worktree", "list", "--porcelain")).toMatch(/locked baton: session holder \(/);
      expect(() => git("-C", main, "worktree", "remove", linked)).toThrow(/locked/);
      const inUse = await w.run(["worktree", "check", linked, "--json"], as("s2", main));
      expect(inUse.code).toBe(1);
      expect(WorktreeCheckResultSchema.parse(inUse.json()).sessions.map((s) => s.session_id)).toEqual([
        "holder",
      ]);
      expect((await w.run(["worktree", "check", linked], as("s2", main))).stdout).toMatch(/session holder/);
      expect((await w.run(["reserve", "src/api/x.ts"], as("s2", main))).code).toBe(1);
    } finally {
      await holder.kill();
    }
    expect(isRunning(holder.pid)).toBe(false);
    const free = await w.run(["worktree", "check", linked, "--json"], as("s2", main));
    expect(free.code).toBe(0);
    expect(WorktreeCheckResultSchema.parse(free.json())).toMatchObject({ in_use: false, lifted: "holder" });
    expect((await w.run(["reserve", "src/api/x.ts"], as("s2", main))).code).toBe(0);
    git("-C", main, "worktree", "remove", linked);
  });

  it("locks a live session's linked worktree in git and lifts the lock when the session ends", async () => {
    const w = world();
    const { main, linked, git } = repoWithWorktree();
    expect((await w.run(["session", "start"], as("s1", linked))).code).toBe(0);
    expect(() => git("-C", main, "worktree", "remove", linked)).toThrow(/locked/);
    const check = await w.run(["worktree", "check", join(linked, "src")], as("s2", main));
    expect(check.code).toBe(1);
    expect(check.stdout).toMatch(/by session s1/);
    expect((await w.run(["session", "end"], as("s1", linked))).code).toBe(0);
    expect((await w.run(["worktree", "check", linked], as("s2", main))).code).toBe(0);
    git("-C", main, "worktree", "remove", linked);
  });

  it("lists the files two live sessions' worktrees both changed", async () => {
    const w = world();
    const { main, linked } = repoWithWorktree();
    expect((await w.run(["session", "start"], as("s1", main))).code).toBe(0);
    expect((await w.run(["session", "start"], as("s2", linked))).code).toBe(0);
    writeFileSync(join(main, "src", "api", "x.ts"), "export const x = 2;\n");
    writeFileSync(join(linked, "src", "api", "x.ts"), "export const x = 3;\n");
    writeFileSync(join(linked, "docs", "guide.md"), "# changed only here\n");
    const result = await w.run(["overlaps", "--json"], as("s1", main));
    expect(result.code).toBe(0);
    const overlaps = OverlapsResultSchema.parse(result.json());
    expect(overlaps.overlaps.map((o) => [o.path, o.sessions.map((s) => s.session_id).sort()])).toEqual([
      ["src/api/x.ts", ["s1", "s2"]],
    ]);
    expect((await w.run(["overlaps"], as("s1", main))).stdout).toMatch(/overlap: src\/api\/x\.ts in s/);
  });
});

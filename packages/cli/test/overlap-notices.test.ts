import { execFileSync } from "node:child_process";
import { realpathSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import { pidIn, startSession, until } from "./claude-session.js";
import { backends, isRunning, tempDir, type World } from "./helpers.js";

/** A repository with a.ts and b.ts committed, and a linked worktree of it on branch `feature`. */
function repoWithWorktree(): { main: string; linked: string } {
  const base = realpathSync(tempDir("baton-overlap-repo-"));
  const main = join(base, "main");
  const linked = join(base, "linked");
  const git = (...args: string[]) => execFileSync("git", ["-C", main, ...args], { stdio: "pipe" });
  execFileSync("git", ["init", "-q", "-b", "main", main]);
  writeFileSync(join(main, "a.ts"), "a\n");
  writeFileSync(join(main, "b.ts"), "b\n");
  git("add", ".");
  git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "first");
  git("worktree", "add", "-q", linked, "-b", "feature");
  return { main, linked };
}

/** Checks overlaps every second instead of every 30. */
const QUICK = { BATON_OVERLAP_INTERVAL: "1" };

/** The hook notices of a Claude Code session, as the PostToolUse hook takes them: one line each. */
async function hookNotices(w: World, id: string, cwd: string): Promise<string[]> {
  const input = JSON.stringify({ session_id: id, cwd, hook_event_name: "PostToolUse" });
  const ran = await w.run(["hook", "notices", "--hook"], { input, env: { BATON_SESSION_ID: "" } });
  expect(ran.code).toBe(0);
  return ran.stdout ? (ran.json().hookSpecificOutput.additionalContext as string).split("\n") : [];
}

/** A plain session's notices, as `baton notices --json` takes them. */
async function notices(w: World, id: string): Promise<Array<{ type: string; text: string }>> {
  const ran = await w.run(["notices", "--json", "--session", id]);
  expect(ran.code).toBe(0);
  return ran.json().notices;
}

describe.each(backends())("overlap notices on the $name backend", ({ world }) => {
  it("a file two live sessions both changed is told to each of them once, a restarted watcher included", async () => {
    const w = world();
    const { main, linked } = repoWithWorktree();
    const { dir, watcher } = await startSession(w, "c-over", { cwd: main, env: QUICK });
    const other = await w.run(["session", "start"], { cwd: linked, env: { BATON_SESSION_ID: "s-other" } });
    expect(other.code).toBe(0);
    writeFileSync(join(main, "a.ts"), "a, by c-over\n");
    writeFileSync(join(linked, "a.ts"), "a, by s-other\n");

    let mine: string[] = [];
    expect(
      await until(async () => {
        mine.push(...(await hookNotices(w, "c-over", main)));
        return mine.length > 0;
      }),
    ).toBe(true);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatch(
      new RegExp(
        `^baton: \\S+:a\\.ts is also changed by session s-other \\(in ${linked} on feature\\) — coordinate with them before going on \\(baton overlaps\\)$`,
      ),
    );
    const theirs = await notices(w, "s-other");
    expect(theirs.map((n) => n.type)).toEqual(["overlap.found"]);
    expect(theirs[0]!.text).toMatch(
      new RegExp(`:a\\.ts is also changed by session c-over \\(in ${main} on main\\)`),
    );

    // a watcher started again knows nothing in memory: history tells it a.ts was told already
    process.kill(watcher, "SIGKILL");
    expect(await until(() => !isRunning(watcher))).toBe(true);
    const input = JSON.stringify({ session_id: "c-over", cwd: main, hook_event_name: "UserPromptSubmit" });
    const prompt = await w.run(["hook", "prompt", "--hook"], {
      input,
      env: { BATON_SESSION_ID: "", ...QUICK },
    });
    expect(prompt.code).toBe(0);
    const pidNow = () => pidIn(join(dir, "watcher"));
    expect(await until(() => pidNow() !== watcher && isRunning(pidNow()))).toBe(true);
    const restarted = pidNow();
    onTestFinished(() => {
      if (isRunning(restarted)) process.kill(restarted, "SIGKILL");
    });
    writeFileSync(join(main, "b.ts"), "b, by c-over\n");
    writeFileSync(join(linked, "b.ts"), "b, by s-other\n");

    mine = [];
    expect(
      await until(async () => {
        mine.push(...(await hookNotices(w, "c-over", main)));
        return mine.length > 0;
      }),
    ).toBe(true);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatch(/^baton: \S+:b\.ts is also changed by session s-other /);
    expect((await notices(w, "s-other")).map((n) => n.text.replace(/ is also .*/, ""))).toEqual([
      expect.stringMatching(/:b\.ts$/),
    ]);
    const history = (await w.run(["history", "--json", "--session", "c-over"])).json().events as Array<{
      type: string;
      session: string;
      by: string;
    }>;
    expect(history.filter((e) => e.type === "overlap.found").map((e) => `${e.session} by ${e.by}`)).toEqual([
      "c-over by s-other",
      "s-other by c-over",
      "c-over by s-other",
      "s-other by c-over",
    ]);
  });
});

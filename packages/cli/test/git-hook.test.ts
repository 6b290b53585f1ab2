import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, realpathSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { backends, makeWorld, tempDir, type World } from "./helpers.js";

vi.setConfig({ testTimeout: 120_000 });

/** A repository with src/api/x.ts and README.md committed, and a linked worktree. */
function repo(): { main: string; linked: string } {
  const base = realpathSync(tempDir("baton-git-hook-"));
  const main = join(base, "main");
  const linked = join(base, "linked");
  const git = (...args: string[]) =>
    execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@t", ...args], { cwd: base, stdio: "pipe" });
  git("init", "-q", "-b", "main", main);
  mkdirSync(join(main, "src", "api"), { recursive: true });
  writeFileSync(join(main, "src", "api", "x.ts"), "export const x = 1;\n");
  writeFileSync(join(main, "README.md"), "# r\n");
  git("-C", main, "add", ".");
  git("-C", main, "commit", "-q", "-m", "first");
  git("-C", main, "worktree", "add", "-q", linked, "-b", "feature");
  return { main, linked };
}

const as = (session: string, cwd: string) => ({ env: { BATON_SESSION_ID: session }, cwd });

/** Stages a change to `file` and commits it as `session` would, the hook seeing baton's world. */
function commit(w: World, cwd: string, session: string, file: string) {
  writeFileSync(join(cwd, file), `changed by ${session} at ${Date.now()}\n`);
  const env = { ...w.env, BATON_SESSION_ID: session };
  execFileSync("git", ["add", file], { cwd, env, stdio: "pipe" });
  return spawnSync("git", ["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", file], {
    cwd,
    env,
    encoding: "utf8",
  });
}

const subjects = (cwd: string) =>
  execFileSync("git", ["log", "--format=%s"], { cwd, encoding: "utf8" }).trim().split("\n");

describe.each(backends())("baton hooks install --git on the $name backend", ({ world }) => {
  it("installed from a linked worktree, refuses a commit of another live session's reserved path; free paths and ended holders commit", async () => {
    const w = world();
    const { main, linked } = repo();
    const hook = join(main, ".git", "hooks", "pre-commit");
    const installed = await w.run(["hooks", "install", "--git", "--json"], { cwd: linked });
    expect(installed.code).toBe(0);
    expect(installed.json()).toEqual({ git_hook: hook, action: "installed" });
    expect(statSync(hook).mode & 0o111).toBe(0o111);
    const text = readFileSync(hook, "utf8");
    expect(text).toMatch(/^#!\/bin\/sh\n/);
    expect(text).toContain(`exec ${process.execPath} `);
    expect(text).toMatch(/\/dist\/bin\/baton\.js reservations check --staged >\/dev\/null\n$/);

    expect(
      (await w.run(["reserve", "src/api/**", "--reason", "auth refactor"], as("holder-1", main))).code,
    ).toBe(0);
    const refused = commit(w, linked, "editor-2", "src/api/x.ts");
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(
      /commit refused: src\/api\/x\.ts is reserved by session holder-1 .*"auth refactor"/,
    );
    expect(subjects(linked)).toEqual(["first"]);

    execFileSync("git", ["reset", "-q", "HEAD", "src/api/x.ts"], { cwd: linked });
    expect(commit(w, linked, "editor-2", "README.md").status).toBe(0);
    expect(subjects(linked)).toEqual(["README.md", "first"]);

    expect((await w.run(["session", "end"], as("holder-1", main))).code).toBe(0);
    const after = commit(w, linked, "editor-2", "src/api/x.ts");
    expect(after.stderr).toBe("");
    expect(after.status).toBe(0);
    expect(subjects(linked)).toEqual(["src/api/x.ts", "README.md", "first"]);

    const again = await w.run(["hooks", "install", "--git", "--json"], { cwd: main });
    expect(again.json()).toEqual({ git_hook: hook, action: "unchanged" });
    expect(readFileSync(hook, "utf8")).toBe(text);
    const status = await w.run(["hooks", "status", "--git", "--json"], { cwd: linked });
    expect(status.json()).toEqual({ git_hook: hook, state: "current" });
    expect((await w.run(["hooks", "status"], { cwd: main })).stdout).toContain(
      `✓ git pre-commit hook in ${hook}: current`,
    );

    const removed = await w.run(["hooks", "uninstall", "--git", "--json"], { cwd: linked });
    expect(removed.json()).toEqual({ git_hook: hook, action: "removed" });
    expect(existsSync(hook)).toBe(false);
  });
});

describe("baton hooks --git beside hooks baton did not write", () => {
  it("leaves a foreign pre-commit hook intact: install refuses with what to do (exit 2), uninstall keeps it", async () => {
    const w = makeWorld({ COORDINATION_BACKEND: "file" });
    const { main } = repo();
    const hook = join(main, ".git", "hooks", "pre-commit");
    const foreign = "#!/bin/sh\nnpx lint-staged\n";
    writeFileSync(hook, foreign, { mode: 0o755 });

    const refused = await w.run(["hooks", "install", "--git"], { cwd: main });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(
      new RegExp(
        `^baton: ${hook} is a pre-commit hook baton did not write, so it is left as it is; add the line \`.+ reservations check --staged >/dev/null \\|\\| exit 1\` to it, or move it away and run baton hooks install --git again\\n$`,
      ),
    );
    expect(readFileSync(hook, "utf8")).toBe(foreign);

    const status = await w.run(["hooks", "status", "--git", "--json"], { cwd: main });
    expect(status.json()).toEqual({ git_hook: hook, state: "foreign" });
    const kept = await w.run(["hooks", "uninstall", "--git"], { cwd: main });
    expect(kept.code).toBe(0);
    expect(kept.stdout).toBe(`${hook} is not baton's; left as it is\n`);
    expect(readFileSync(hook, "utf8")).toBe(foreign);

    const mixed = await w.run(["hooks", "install", "--git", "--user"], { cwd: main });
    expect(mixed.code).toBe(2);
    const outside = await w.run(["hooks", "install", "--git"], { cwd: w.home });
    expect(outside.code).toBe(2);
    expect(outside.stderr).toMatch(/^baton: .* is not inside a git repository; .*\n$/);
  });

  it("honours core.hooksPath: the hook goes where git runs it, and it refuses there", async () => {
    const w = makeWorld({ COORDINATION_BACKEND: "file" });
    const { main } = repo();
    const hooksDir = join(realpathSync(tempDir("baton-hooks-path-")), "shared-hooks");
    execFileSync("git", ["config", "core.hooksPath", hooksDir], { cwd: main });
    const installed = await w.run(["hooks", "install", "--git", "--json"], { cwd: join(main, "src") });
    expect(installed.json()).toEqual({ git_hook: join(hooksDir, "pre-commit"), action: "installed" });
    expect(existsSync(join(main, ".git", "hooks", "pre-commit"))).toBe(false);

    expect((await w.run(["reserve", "README.md"], as("holder-1", main))).code).toBe(0);
    const refused = commit(w, main, "editor-2", "README.md");
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/commit refused: README\.md is reserved by session holder-1/);
    expect(subjects(main)).toEqual(["first"]);
    // the holder's own commit goes through
    expect(commit(w, main, "holder-1", "README.md").status).toBe(0);

    expect((await w.run(["hooks", "uninstall", "--git"], { cwd: main })).code).toBe(0);
    expect(existsSync(join(hooksDir, "pre-commit"))).toBe(false);
  });
});

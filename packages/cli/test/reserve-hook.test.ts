import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, realpathSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { backends, tempDir, type World } from "./helpers.js";

const bin = fileURLToPath(new URL("../dist/bin/baton.js", import.meta.url));

/** A repository with src/api/x.ts and README.md committed, and a linked worktree. */
function repo(): { main: string; linked: string } {
  const base = realpathSync(tempDir("baton-hook-repo-"));
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

/** Claude Code's PreToolUse JSON for a tool call of session `session` working in `cwd`. */
const preToolUse = (session: string, cwd: string, tool: string, input: Record<string, unknown>) =>
  JSON.stringify({
    session_id: session,
    transcript_path: join(cwd, "transcript.jsonl"),
    cwd,
    hook_event_name: "PreToolUse",
    tool_name: tool,
    tool_input: input,
    tool_use_id: "toolu_01",
  });

const hook = (w: World, input: string, extra: string[] = []) =>
  w.run(["reservations", "check", "--hook", ...extra], { input, env: { BATON_SESSION_ID: "" } });

describe.each(backends())("the edit-time reservation hook on the $name backend", ({ world }) => {
  it("denies another session's edit of a reserved path naming the holder, and allows the rest", async () => {
    const w = world();
    const { main, linked } = repo();
    const reserved = await w.run(["reserve", "src/api/**", "--reason", "auth refactor"], {
      env: { BATON_SESSION_ID: "holder-1" },
      cwd: main,
    });
    expect(reserved.code).toBe(0);

    for (const [tool, input] of [
      ["Edit", { file_path: join(linked, "src/api/x.ts"), old_string: "1", new_string: "2" }],
      ["Write", { file_path: join(linked, "src/api/new.ts"), content: "x" }],
      ["MultiEdit", { file_path: join(main, "src/api/x.ts"), edits: [] }],
      ["NotebookEdit", { notebook_path: join(linked, "src/api/n.ipynb"), new_source: "x" }],
    ] as const) {
      const denied = await hook(w, preToolUse("editor-2", linked, tool, input));
      expect(denied.code, tool).toBe(0);
      const answer = denied.json().hookSpecificOutput;
      expect(answer).toMatchObject({ hookEventName: "PreToolUse", permissionDecision: "deny" });
      expect(answer.permissionDecisionReason).toMatch(/reserved by session holder-1 .*"auth refactor"/);
      expect(answer.permissionDecisionReason).not.toMatch(/\n/);
    }

    // a free path, a read-only tool, and the holder's own edit: no answer, the edit goes ahead
    for (const input of [
      preToolUse("editor-2", linked, "Edit", { file_path: join(linked, "README.md") }),
      preToolUse("editor-2", linked, "Read", { file_path: join(linked, "src/api/x.ts") }),
      preToolUse("holder-1", main, "Edit", { file_path: join(main, "src/api/x.ts") }),
    ]) {
      const allowed = await hook(w, input);
      expect(allowed.code).toBe(0);
      expect(allowed.stdout).toBe("");
    }

    const warned = await hook(
      w,
      preToolUse("editor-2", linked, "Edit", { file_path: join(linked, "src/api/x.ts") }),
      ["--warn"],
    );
    expect(warned.json().hookSpecificOutput).toEqual({
      hookEventName: "PreToolUse",
      additionalContext: expect.stringMatching(
        /^baton warning: src\/api\/x\.ts is reserved by session holder-1/,
      ),
    });

    expect(
      (await w.run(["release-reservation", "--all"], { env: { BATON_SESSION_ID: "holder-1" }, cwd: main }))
        .code,
    ).toBe(0);
    const freed = await hook(
      w,
      preToolUse("editor-2", linked, "Edit", { file_path: join(linked, "src/api/x.ts") }),
    );
    expect(freed.stdout).toBe("");
  });

  it("a git pre-commit hook running check --staged refuses a commit of a path another session reserved", async () => {
    const w = world();
    const { main, linked } = repo();
    const as = (session: string, cwd: string) => ({ env: { BATON_SESSION_ID: session }, cwd });
    expect((await w.run(["reserve", "src/api/**"], as("holder-1", main))).code).toBe(0);
    const hooks = join(main, ".git", "hooks");
    mkdirSync(hooks, { recursive: true });
    writeFileSync(
      join(hooks, "pre-commit"),
      `#!/bin/sh\nexec "${process.execPath}" "${bin}" reservations check --staged\n`,
      { mode: 0o755 },
    );
    const commit = (cwd: string, session: string, file: string) => {
      writeFileSync(join(cwd, file), `changed by ${session}\n`);
      const env = { ...w.env, BATON_SESSION_ID: session };
      execFileSync("git", ["add", file], { cwd, env, stdio: "pipe" });
      return spawnSync("git", ["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", file], {
        cwd,
        env,
        encoding: "utf8",
      });
    };
    const refused = commit(linked, "editor-2", "src/api/x.ts");
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/commit refused: src\/api\/x\.ts is reserved by session holder-1/);
    expect(execFileSync("git", ["log", "--format=%s"], { cwd: linked, encoding: "utf8" })).toBe("first\n");

    execFileSync("git", ["reset", "-q", "HEAD", "src/api/x.ts"], { cwd: linked });
    expect(commit(linked, "editor-2", "README.md").status).toBe(0);
    expect(commit(main, "holder-1", "src/api/x.ts").status).toBe(0);
  });

  it("outside a repository and with no reservations anywhere it allows without a word", async () => {
    const w = world();
    const outside = await hook(
      w,
      preToolUse("editor-2", w.home, "Write", { file_path: join(w.home, "notes.md") }),
    );
    expect(outside.code).toBe(0);
    expect(outside.stdout).toBe("");
  });
});

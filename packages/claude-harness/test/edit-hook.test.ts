import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, realpathSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// baton's own end-to-end helpers: built bins in a temp HOME and COORDINATION_DIR
import { makeWorld, tempDir } from "../../cli/test/helpers.js";
import {
  type ClaudeHome,
  makeClaudeHome,
  runClaude,
  type StandIn,
  startStandIn,
  text,
  tool,
  toolResults,
} from "../src/index.js";

const bin = fileURLToPath(new URL("../../cli/dist/bin/baton.js", import.meta.url));

let api: StandIn;
let home: ClaudeHome;
beforeAll(async () => {
  api = await startStandIn();
});
afterAll(async () => {
  await api?.close();
  home?.dispose();
});

describe("the edit-time reservation hook in the real Claude Code", () => {
  it("denies a scripted Write to a path another session reserved (file unchanged) and lets one to a free path through", async () => {
    const w = makeWorld({ COORDINATION_BACKEND: "file" });
    const repo = join(realpathSync(tempDir("baton-claude-edit-")), "repo");
    execFileSync("git", ["init", "-q", "-b", "main", repo]);
    mkdirSync(join(repo, "src", "api"), { recursive: true });
    writeFileSync(join(repo, "src", "api", "x.ts"), "export const x = 1;\n");
    const reserved = await w.run(["reserve", "src/api/**", "--reason", "auth refactor"], {
      env: { BATON_SESSION_ID: "holder-1" },
      cwd: repo,
    });
    expect(reserved.code).toBe(0);

    home = makeClaudeHome({
      hooks: {
        PreToolUse: [
          {
            matcher: "Edit|Write|MultiEdit|NotebookEdit",
            hooks: [{ type: "command", command: `"${process.execPath}" "${bin}" reservations check --hook` }],
          },
        ],
      },
    });
    const talk = api.conversation([
      tool("Write", { file_path: join(repo, "src", "api", "x.ts"), content: "overwritten\n" }),
      tool("Write", { file_path: join(repo, "notes.md"), content: "free\n" }),
      text("done"),
    ]);
    const run = await runClaude({
      prompt: "edit the files",
      conversation: talk,
      home,
      cwd: repo,
      allowedTools: ["Write"],
      env: { COORDINATION_BACKEND: "file", COORDINATION_DIR: w.env.COORDINATION_DIR, NO_COLOR: "1" },
    });
    expect(run).toMatchObject({ code: 0, timedOut: false });

    const denied = toolResults(talk.turns()[1]!).at(-1)!;
    expect(denied.is_error).toBe(true);
    expect(denied.content).toMatch(
      /^PreToolUse:Write hook error: .*src\/api\/x\.ts is reserved by session holder-1 .*"auth refactor"/,
    );
    expect(readFileSync(join(repo, "src", "api", "x.ts"), "utf8")).toBe("export const x = 1;\n");

    const written = toolResults(talk.turns()[2]!).at(-1)!;
    expect(written.is_error).toBe(false);
    expect(existsSync(join(repo, "notes.md"))).toBe(true);
    expect(readFileSync(join(repo, "notes.md"), "utf8")).toBe("free\n");
  });
});

import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  bash,
  type ClaudeHome,
  type Conversation,
  killGroup,
  makeClaudeHome,
  type RunClaudeResult,
  runClaude,
  type StandIn,
  startStandIn,
  systemMessages,
  text,
  toolResults,
} from "../src/index.js";
import { BATON, baton } from "./baton-bin.js";

/**
 * Two prompts in one real Claude Code session (`claude -p --input-format stream-json`), baton's
 * hooks as installed: the first turn takes lock deploy; after its last tool call, before it ends,
 * another session breaks the lock. The second turn is text only: the notice must come with its prompt.
 */
let api: StandIn;
let home: ClaudeHome;
let talk: Conversation;
let run: RunClaudeResult;
let marked = false;
let folder = "";
const env = () => ({ COORDINATION_BACKEND: "file", COORDINATION_DIR: join(home.home, "coordination") });
const NOTICE =
  /^UserPromptSubmit hook additional context: baton: your lock resource:deploy was force-released by s-other/;

beforeAll(async () => {
  api = await startStandIn();
  home = makeClaudeHome();
  execFileSync(process.execPath, [BATON, "hooks", "install", "--user"], {
    env: { PATH: process.env.PATH, HOME: home.home },
  });
  talk = api.conversation([
    bash(
      `w="\${XDG_CACHE_HOME:-$HOME/.cache}/baton/hooks/$CLAUDE_CODE_SESSION_ID"; i=0; until [ -e "$w/watcher" ] || [ $i -ge 100 ]; do i=$((i+1)); sleep 0.2; done; ` +
        `echo "folder=$w"; ${baton} lock acquire deploy --json`,
    ),
    async (request) => {
      folder = /folder=(\S+)/.exec(toolResults(request)[0]!.content)![1]!;
      execFileSync(process.execPath, [BATON, "lock", "force-release", "deploy"], {
        env: { PATH: process.env.PATH, HOME: home.home, ...env(), BATON_SESSION_ID: "s-other" },
      });
      for (
        const until = Date.now() + 20_000;
        !marked && Date.now() < until;
        await new Promise((r) => setTimeout(r, 50))
      )
        marked = existsSync(join(folder, "notices"));
      return text("deployed");
    },
    text("done"),
  ]);
  const prompt = (content: string) =>
    `${JSON.stringify({ type: "user", message: { role: "user", content } })}\n`;
  /** The second prompt goes once the first turn is over (its Stop gate has left `paused` for the watcher). */
  async function* prompts() {
    yield prompt("deploy");
    const state = () => (folder ? readFileSync(join(folder, "state"), { encoding: "utf8", flag: "a+" }) : "");
    for (const until = Date.now() + 30_000; !state().includes("paused") && Date.now() < until; )
      await new Promise((r) => setTimeout(r, 50));
    yield prompt("anything new?");
  }
  run = await runClaude({
    prompt: null,
    stdin: prompts(),
    args: ["--input-format", "stream-json", "--output-format", "stream-json", "--verbose"],
    conversation: talk,
    home,
    allowedTools: ["Bash"],
    env: env(),
    keepGroup: true,
    timeoutMs: 90_000,
  });
}, 120_000);

afterAll(async () => {
  if (run) killGroup(run.pid);
  await api.close();
  home.dispose();
});

describe("a notice reaches a text-only turn with its prompt (real claude, two prompts)", () => {
  it("runs both turns as scripted, the watcher marking the notice before the first ends", () => {
    expect(run).toMatchObject({ code: 0, timedOut: false });
    expect(talk.turns()).toHaveLength(3);
    expect(talk.unscripted).toBe(0);
    expect(marked).toBe(true);
  });

  it("the second prompt's request tells the model, once; the first turn's requests did not", () => {
    expect(systemMessages(talk.turns()[1]!).some((m) => NOTICE.test(m))).toBe(false);
    expect(systemMessages(talk.turns()[2]!).filter((m) => NOTICE.test(m))).toHaveLength(1);
  });
});

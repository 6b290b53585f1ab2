import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  bash,
  type Conversation,
  type RunClaudeResult,
  systemMessages,
  text,
  toolResults,
} from "../src/index.js";
import { baton } from "./baton-bin.js";
import { appears, type BatonHome, startBatonHome, WATCHER_LINE, waitUntil, watcherOf } from "./baton-home.js";

/**
 * Two prompts in one real Claude Code session (`claude -p --input-format stream-json`), baton's
 * hooks as installed: the first turn takes lock deploy; after its last tool call, before it ends,
 * another session breaks the lock. The second turn is text only: the notice must come with its prompt.
 */
let fixture: BatonHome;
let talk: Conversation;
let run: RunClaudeResult;
let marked = false;
let folder = "";
const NOTICE =
  /^UserPromptSubmit hook additional context: baton: your lock resource:deploy was force-released by s-other/;

beforeAll(async () => {
  fixture = await startBatonHome();
  talk = fixture.api.conversation([
    bash(`${WATCHER_LINE}${baton} lock acquire deploy --json`),
    async (request) => {
      folder = watcherOf(toolResults(request)[0]!.content).folder;
      fixture.baton(["lock", "force-release", "deploy"], { session: "s-other" });
      marked = await appears(join(folder, "notices"));
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
    await waitUntil(() => state().includes("paused"), 30_000);
    yield prompt("anything new?");
  }
  run = await fixture.run({
    prompt: null,
    stdin: prompts(),
    args: ["--input-format", "stream-json", "--output-format", "stream-json", "--verbose"],
    conversation: talk,
  });
}, 120_000);

afterAll(async () => {
  await fixture?.close();
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

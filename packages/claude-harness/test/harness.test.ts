import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  bash,
  type ClaudeHome,
  makeClaudeHome,
  runClaude,
  type StandIn,
  startStandIn,
  text,
  toolResults,
} from "../src/index.js";

let api: StandIn;
const homes: ClaudeHome[] = [];
function home(): ClaudeHome {
  const h = makeClaudeHome();
  homes.push(h);
  return h;
}

beforeAll(async () => {
  api = await startStandIn();
});
afterAll(async () => {
  await api.close();
  for (const h of homes) h.dispose();
});

describe("the real claude -p against the stand-in Messages API", () => {
  it("runs a one-turn session: the prompt reaches the stand-in and the scripted text is the output", async () => {
    const talk = api.conversation([text("hello from the stand-in")]);
    const run = await runClaude({ prompt: "say hello", conversation: talk, home: home() });

    expect(run).toMatchObject({ code: 0, timedOut: false });
    expect(run.stdout.trim()).toBe("hello from the stand-in");
    expect(talk.turns()).toHaveLength(1);
    expect(talk.unscripted).toBe(0);
    const [turn] = talk.turns();
    expect(turn!.stream).toBe(true);
    expect(turn!.tools?.map((t) => t.name)).toContain("Bash");
    expect(JSON.stringify(turn!.messages[0]!.content)).toContain("say hello");
  });

  it("runs a Bash tool_use when Bash is allowed, and the next request carries its tool_result", async () => {
    const talk = api.conversation([bash("echo hi"), text("done")]);
    const run = await runClaude({
      prompt: "greet",
      conversation: talk,
      home: home(),
      allowedTools: ["Bash"],
    });

    expect(run).toMatchObject({ code: 0, timedOut: false });
    expect(run.stdout.trim()).toBe("done");
    const turns = talk.turns();
    expect(turns).toHaveLength(2);
    expect(toolResults(turns[0]!)).toEqual([]);
    expect(toolResults(turns[1]!)).toEqual([expect.objectContaining({ content: "hi", is_error: false })]);
  });

  it("kills the whole process group of a run that outlives its timeout", async () => {
    const talk = api.conversation([text("never reached in time")]);
    const run = await runClaude({ prompt: "x", conversation: talk, home: home(), timeoutMs: 200 });

    expect(run).toMatchObject({ timedOut: true, code: null, signal: "SIGKILL" });
    expect(() => process.kill(-run.pid, 0)).toThrow(/ESRCH/);
  });
});

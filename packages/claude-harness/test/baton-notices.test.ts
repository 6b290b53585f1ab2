import { type Coordinator, openCoordinatorWith } from "@agent-baton/core";
import { driverFromConfig } from "@agent-baton/file-driver";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  bash,
  type Conversation,
  type MessagesRequest,
  type RunClaudeResult,
  systemMessages,
  text,
  toolResults,
} from "../src/index.js";
import { baton } from "./baton-bin.js";
import { type BatonHome, startBatonHome } from "./baton-home.js";

const OTHER = "s-other";

/**
 * One real `claude -p` turn with baton's hooks as `baton hooks install` writes them (file backend).
 * Session A's Bash takes lock deploy; between A's model turns the test, as session s-other, breaks
 * it, then (once A has taken it back) asks A to release it; A claims an issue, and once A has been
 * silent past a (short) stale threshold, the test takes the claim over. Each time A runs one more
 * Bash command, and the request its Claude Code sends next is read for the notice.
 */
let fixture: BatonHome;
let talk: Conversation;
let run: RunClaudeResult;
let other: Coordinator;
let asA: Coordinator;
/** A's pending notices, read (and taken) between turns by the test as A, after each delivery. */
const leftForA: number[] = [];
/** What the other sessions were handed, read when A's turn is over. */
let otherGot: number;
let bystanderGot: number;
let thiefGot: number;

/** Tiers in seconds, for the session that takes A's claim over: A, silent for 3 s, is stale past its threshold. */
const QUICK_TIERS = {
  ACTIVE_THRESHOLD: "1",
  IDLE_THRESHOLD: "2",
  STALE_THRESHOLD: "3",
  ABANDONED_THRESHOLD: "3600",
};

async function open(session: string, tiers: Record<string, string> = {}): Promise<Coordinator> {
  const opened = await openCoordinatorWith({
    loadDriver: async (config) => driverFromConfig(config),
    env: { ...fixture.env(), HOME: fixture.home.home, ...tiers },
    home: fixture.home.home,
    session,
  });
  return opened.coordinator;
}

/** The id of A: its Bash output's first line (`ids=<CLAUDE_SESSION_ID>`). */
const idOfA = (request: MessagesRequest) => /ids=(\S+)/.exec(toolResults(request)[0]!.content)![1]!;

beforeAll(async () => {
  fixture = await startBatonHome();
  other = await open(OTHER);
  await other.sessions.register({ role: "breaks and asks" });
  const bystander = await open("s-bystander");
  await bystander.sessions.register({});
  talk = fixture.api.conversation([
    // Registration runs in the background: the call waits (bounded) until the hook has registered.
    bash(
      `i=0; until ${baton} session status --json | grep -q '"source": "startup"' || [ $i -ge 100 ]; do i=$((i+1)); sleep 0.2; done; ` +
        `echo "ids=$CLAUDE_SESSION_ID"; ${baton} lock acquire deploy --json`,
    ),
    async (request) => {
      asA = await open(idOfA(request));
      await other.forceRelease("deploy");
      return bash("echo two");
    },
    async () => {
      leftForA.push((await asA.notices()).notices.length);
      return bash(`${baton} lock acquire deploy --json`);
    },
    async () => {
      await other.requestRelease("deploy", { reason: "hotfix going out" });
      return bash("echo four");
    },
    bash(`${baton} claim 42 "deploy pipeline" --repo acme/app --json`),
    async () => {
      const thief = await open("s-thief", QUICK_TIERS);
      while (((await thief.sessions.entry(asA.sessionId))?.heartbeat_age_seconds ?? 0) <= 3)
        await new Promise((r) => setTimeout(r, 250));
      await thief.claims.claim(42, { repo: "acme/app" });
      thiefGot = (await thief.notices()).notices.length;
      await thief.close();
      return bash("echo six");
    },
    async () => {
      leftForA.push((await asA.notices()).notices.length);
      otherGot = (await other.notices()).notices.length;
      bystanderGot = (await bystander.notices()).notices.length;
      await bystander.close();
      return text("done");
    },
  ]);
  run = await fixture.run({ prompt: "deploy", conversation: talk });
}, 120_000);

afterAll(async () => {
  await asA?.close();
  await other?.close();
  await fixture?.close();
});

/** The system messages of the request that followed the `n`th tool call, holding `needle`. */
const notesWith = (turn: number, needle: string) =>
  systemMessages(talk.turns()[turn]!).filter((m) => m.includes(needle));
/** How often `needle` occurs in everything the model is shown at that request. */
const occurrences = (turn: number, needle: string) =>
  JSON.stringify(talk.turns()[turn]!.messages).split(needle).length - 1;

describe("notices reach the model of a real claude -p session through baton's hooks (file backend)", () => {
  it("runs the turn as scripted", () => {
    expect(run).toMatchObject({ code: 0, timedOut: false });
    expect(talk.turns()).toHaveLength(7);
    expect(talk.unscripted).toBe(0);
    expect(toolResults(talk.turns()[3]!).at(-1)!.content).toContain('"acquired": true');
  });

  it("a force-released lock: the request right after A's next Bash command tells the model who broke it and what to do", () => {
    expect(occurrences(1, "force-released")).toBe(0);
    expect(notesWith(2, "force-released")).toEqual([
      expect.stringMatching(
        /^PostToolUse:Bash hook additional context: baton: your lock resource:deploy was force-released by s-other at \d\d:\d\d — stop work that needs it and re-acquire before going on$/,
      ),
    ]);
  });

  it("a release request: the request right after A's next Bash command names who asks and why", () => {
    const asks = `${OTHER} asks you to release resource:deploy`;
    expect(occurrences(3, asks)).toBe(0);
    expect(notesWith(4, asks)).toEqual([
      expect.stringContaining("(hotfix going out) — release it when you can"),
    ]);
  });

  it("an overridden claim: the request right after A's next Bash command says who took it", () => {
    expect(toolResults(talk.turns()[5]!).at(-1)!.content).toContain('"claimed": true');
    expect(occurrences(5, "your claim on")).toBe(0);
    expect(notesWith(6, "your claim on acme/app#42 was taken over by s-thief")).toEqual([
      expect.stringContaining("— stop working on that issue or claim another"),
    ]);
  });

  it("delivers each notice once: later requests carry it only as the history they repeat, and nothing is left pending", () => {
    for (const turn of [3, 4, 5, 6]) expect(occurrences(turn, "force-released")).toBe(1);
    for (const turn of [5, 6]) expect(occurrences(turn, "asks you to release")).toBe(1);
    expect(leftForA).toEqual([0, 0]);
  });

  it("never hands A's notices to another session", () => {
    expect(otherGot).toBe(0);
    expect(bystanderGot).toBe(0);
    expect(thiefGot).toBe(0);
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type ClaudeHome,
  killGroup,
  makeClaudeHome,
  type ProbeRecord,
  probeHooks,
  type RunClaudeResult,
  runClaude,
  type StandIn,
  startStandIn,
  text,
} from "../src/index.js";

let api: StandIn;
const homes: ClaudeHome[] = [];
const runs: RunClaudeResult[] = [];

beforeAll(async () => {
  api = await startStandIn();
});
afterAll(async () => {
  for (const run of runs) killGroup(run.pid);
  await api.close();
  for (const h of homes) h.dispose();
});

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Whether `pid` is gone within `ms` (a killed process may take a moment to go). */
async function goneWithin(pid: number, ms: number): Promise<boolean> {
  for (const until = Date.now() + ms; Date.now() < until; await new Promise((r) => setTimeout(r, 100))) {
    if (!alive(pid)) return true;
  }
  return !alive(pid);
}

/** A one-turn session whose SessionEnd hook sleeps `sleepMs`; the run leaves its process group alone. */
async function slowSessionEnd(
  sleepMs: number,
  entry: Record<string, unknown>,
): Promise<{ run: RunClaudeResult; records: ProbeRecord[]; probes: ReturnType<typeof probeHooks> }> {
  const home = makeClaudeHome();
  homes.push(home);
  const probes = probeHooks(home.home, { SessionEnd: { sleepMs, entry } });
  home.writeSettings({ hooks: probes.hooks });
  const talk = api.conversation([text("done")]);
  const run = await runClaude({ prompt: "end slowly", conversation: talk, home, keepGroup: true });
  runs.push(run);
  return { run, records: probes.records(), probes };
}

describe("a slow SessionEnd hook of claude -p (Claude Code 2.1.332)", () => {
  it("is cancelled (killed) when it runs past the default budget, and claude says so on stderr", async () => {
    const { run, records, probes } = await slowSessionEnd(20_000, {});

    expect(run).toMatchObject({ code: 0, timedOut: false });
    const started = records.filter((r) => r.phase === "start");
    expect(started).toHaveLength(1);
    // It would sleep 20 s; it is gone at once and never gets to its end.
    expect(await goneWithin(started[0]!.pid, 5_000)).toBe(true);
    expect(probes.records().filter((r) => r.phase === "end")).toEqual([]);
    expect(run.stderr).toMatch(/SessionEnd hook \[.*probe-hook\.mjs.*\] failed: Hook cancelled/);
  });

  it('is waited for when its settings entry gives a longer "timeout" (seconds)', async () => {
    const { run, records } = await slowSessionEnd(3_000, { timeout: 30 });

    expect(run).toMatchObject({ code: 0, timedOut: false });
    expect(records.map((r) => r.phase)).toEqual(["start", "end"]);
    expect(run.stderr).not.toContain("Hook cancelled");
  });
});

import { execFileSync } from "node:child_process";
import { symlinkSync } from "node:fs";
import { createRequire } from "node:module";
import { loadavg } from "node:os";
import { dirname, join } from "node:path";
import { median, type SessionVariant, startStandIn, timeSessions } from "@agent-baton/claude-harness";
import type { Benchmark, BenchRatio } from "../types.js";

const ROUNDS = 7;
const EVENTS = ["SessionStart", "UserPromptSubmit", "Stop", "SessionEnd"];

/** The built `baton` bin, found through the cli package as an installed user would have it. */
function batonBin(): string {
  const pkg = createRequire(import.meta.url).resolve("@agent-baton/cli/package.json");
  return join(dirname(pkg), "dist", "bin", "baton.js");
}

const hooksOf = (events: string[], hook: (event: string) => Record<string, unknown>) =>
  Object.fromEntries(events.map((e) => [e, [{ hooks: [hook(e)] }]]));

function variants(baton: string): SessionVariant[] {
  return [
    { name: "no hooks", prepare: () => undefined },
    {
      name: "four no-op command hooks",
      prepare(home) {
        home.writeSettings({ hooks: hooksOf(EVENTS, () => ({ type: "command", command: "true" })) });
        return undefined;
      },
    },
    {
      name: "baton's four hooks",
      // As a user has them: `baton hooks install --user`, with `baton` on the PATH.
      prepare(home) {
        symlinkSync(baton, join(home.binDir, "baton"));
        execFileSync(process.execPath, [baton, "hooks", "install", "--user"], {
          env: { PATH: process.env.PATH, HOME: home.home },
        });
        return { COORDINATION_BACKEND: "file", COORDINATION_DIR: join(home.home, "coordination") };
      },
    },
    {
      name: "three http hooks",
      // SessionStart takes no http hook; the stand-in answers the others with {}.
      prepare(home, conversation) {
        home.writeSettings({
          hooks: hooksOf(EVENTS.slice(1), (e) => ({ type: "http", url: conversation.hookUrl(e) })),
        });
        return undefined;
      },
    },
  ];
}

/**
 * What hooks add to a one-prompt session of the real Claude Code (`claude -p`, one turn, against a
 * local stand-in of the Messages API), spawn to exit: the median of interleaved runs per variant.
 */
const bench: Benchmark = {
  name: "claude-hooks",
  async run() {
    const api = await startStandIn();
    const loadBefore = loadavg()[0]!;
    try {
      const times = await timeSessions(api, variants(batonBin()), { rounds: ROUNDS, warmup: 1 });
      const medians = Object.fromEntries(Object.entries(times).map(([name, t]) => [name, median(t)]));
      const none = medians["no hooks"]!;
      // Not a ratio: the milliseconds a variant's median adds to the no-hooks median.
      const added = (name: string, label: string, target?: string): BenchRatio => ({
        label: `ms added by ${label}`,
        value: medians[name]! - none,
        ...(target ? { target } : {}),
      });
      return {
        rows: Object.entries(medians).map(([subject, value]) => ({
          subject,
          metric: "one-prompt claude -p session",
          value,
          unit: "ms",
        })),
        ratios: [
          added("four no-op command hooks", "no-op command hooks"),
          added("baton's four hooks", "baton's hooks", "<= 100"),
          added("three http hooks", "http hooks"),
        ],
        notes: [
          `median of ${ROUNDS} interleaved runs per variant after a warm-up round; each run has a fresh HOME`,
          `load average ${loadBefore.toFixed(1)} before, ${loadavg()[0]!.toFixed(1)} after: each hook that starts Node costs more on a busy machine`,
        ],
      };
    } finally {
      await api.close();
    }
  },
};

export default bench;

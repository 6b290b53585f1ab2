import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { loadavg } from "node:os";
import { dirname, join } from "node:path";
import {
  bash,
  type ClaudeHome,
  median,
  type SessionVariant,
  startStandIn,
  text,
  timeSessions,
} from "@agent-baton/claude-harness";
import type { Benchmark, BenchRatio } from "../types.js";

const ROUNDS = 9;
const INSTALLED = "baton's hooks as installed";
const PREVIOUS = "the previous version's hooks (async Node per prompt, Node per tool call)";
const SYNC_END = "the same with a synchronous SessionEnd";
const BEFORE = "baton's four synchronous hooks (before)";
const BASH_NONE = "no hooks, one Bash call";
const BASH_INSTALLED = "baton's hooks as installed, one Bash call";
/** A turn with one tool call: what the synchronous notices check after each tool call costs. */
const ONE_BASH = [bash("true"), text("done")];

/** The built `baton` bin, found through the cli package as an installed user would have it. */
function batonBin(): string {
  const pkg = createRequire(import.meta.url).resolve("@agent-baton/cli/package.json");
  return join(dirname(pkg), "dist", "bin", "baton.js");
}

type Hooks = Record<string, Array<{ hooks: Array<Record<string, unknown>> }>>;

const coordination = (home: ClaudeHome) => join(home.home, "coordination");
const fileBackend = (home: ClaudeHome) => ({
  COORDINATION_BACKEND: "file",
  COORDINATION_DIR: coordination(home),
});

/** `baton hooks install --user` into the run's HOME, as a user runs it; the hooks name baton by absolute path. */
function install(baton: string, home: ClaudeHome): { hooks: Hooks } {
  execFileSync(process.execPath, [baton, "hooks", "install", "--user"], {
    env: { PATH: process.env.PATH, HOME: home.home },
  });
  return JSON.parse(readFileSync(join(home.home, ".claude", "settings.json"), "utf8"));
}

/** Whether a folder is empty or absent. */
function empty(dir: string): boolean {
  try {
    return readdirSync(dir).length === 0;
  } catch {
    return true;
  }
}

/**
 * Waits (untimed) until the detached SessionEnd has ended the session and its watcher has gone,
 * so that neither loads the next run.
 */
async function sessionsEnded(home: ClaudeHome): Promise<void> {
  const sessions = join(coordination(home), "sessions");
  const watchers = join(process.env.XDG_CACHE_HOME || join(home.home, ".cache"), "baton", "hooks");
  for (const until = Date.now() + 15_000; Date.now() < until; await new Promise((r) => setTimeout(r, 50)))
    if (empty(sessions) && empty(watchers)) return;
}

function variants(baton: string): SessionVariant[] {
  const call = (args: string) => `${process.execPath} ${baton} ${args}`;
  return [
    { name: "no hooks", prepare: () => undefined },
    {
      name: INSTALLED,
      prepare(home) {
        install(baton, home);
        return fileBackend(home);
      },
      settle: sessionsEnded,
    },
    {
      // What this version's watcher and sh gates replace: a Node start per prompt (async), per
      // stop (async) and per tool call (synchronous).
      name: PREVIOUS,
      prepare(home) {
        const settings = install(baton, home);
        const hook = (command: string, extra: Record<string, unknown> = {}) => [
          { hooks: [{ type: "command", command, ...extra }] },
        ];
        settings.hooks.SessionStart = [
          settings.hooks.SessionStart![0]!,
          ...hook(`exec ${call("session start --hook")}`, { async: true }),
        ];
        settings.hooks.UserPromptSubmit = hook(`exec ${call("heartbeat --hook")}`, { async: true });
        settings.hooks.PostToolUse = hook(`exec ${call("hook notices --hook")}`);
        settings.hooks.Stop = hook(`exec ${call("session pause --hook")}`, { async: true });
        delete settings.hooks.PreToolUse;
        home.writeSettings(settings);
        return fileBackend(home);
      },
      settle: sessionsEnded,
    },
    {
      // The alternative measured for SessionEnd: Claude Code waits for a Node start at exit.
      name: SYNC_END,
      prepare(home) {
        const settings = install(baton, home);
        settings.hooks.SessionEnd = [
          { hooks: [{ type: "command", command: call("session end --hook"), timeout: 30 }] },
        ];
        home.writeSettings(settings);
        return fileBackend(home);
      },
      settle: sessionsEnded,
    },
    { name: BASH_NONE, prepare: () => undefined, steps: ONE_BASH },
    {
      name: BASH_INSTALLED,
      prepare(home) {
        install(baton, home);
        return fileBackend(home);
      },
      settle: sessionsEnded,
      steps: ONE_BASH,
    },
    {
      name: BEFORE,
      prepare(home) {
        const sync = (args: string) => [{ hooks: [{ type: "command", command: call(args) }] }];
        home.writeSettings({
          hooks: {
            SessionStart: sync("session start --hook"),
            UserPromptSubmit: sync("heartbeat --hook"),
            Stop: sync("session pause --hook"),
            SessionEnd: sync("session end --hook"),
          },
        });
        return fileBackend(home);
      },
      settle: sessionsEnded,
    },
  ];
}

/**
 * What baton's hooks add to a one-prompt session of the real Claude Code (`claude -p`, one turn,
 * against a local stand-in of the Messages API), spawn to exit: the median of interleaved runs per
 * variant, beside the same session with no hooks.
 */
const bench: Benchmark = {
  name: "claude-hooks",
  async run() {
    const api = await startStandIn();
    const loadBefore = loadavg()[0]!;
    try {
      const times = await timeSessions(api, variants(batonBin()), { rounds: ROUNDS, warmup: 1 });
      const medians = Object.fromEntries(Object.entries(times).map(([name, t]) => [name, median(t)]));
      // Not a ratio: the milliseconds a variant's median adds to the no-hooks median.
      const added = (name: string, target?: string, base = "no hooks"): BenchRatio => ({
        label: `ms added by ${name}`,
        value: medians[name]! - medians[base]!,
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
          added(INSTALLED, "<= 100"),
          added(PREVIOUS),
          added(SYNC_END),
          added(BEFORE),
          added(BASH_INSTALLED, undefined, BASH_NONE),
        ],
        notes: [
          `median of ${ROUNDS} interleaved runs per variant after a warm-up round; each run has a fresh HOME and the file backend`,
          "one Bash call: the same turn with one tool call, beside it with no hooks; the notices check after the call is a POSIX sh gate, Node only when a notice waits",
          "as installed: the session id reaches Bash through a POSIX sh line; SessionStart hands off to a detached baton that registers the session and starts its watcher; the prompt, tool-call and stop hooks are sh gates reading the watcher's files; SessionEnd hands off to a detached baton (work after claude has exited is not counted; the next run waits for it)",
          `load average ${loadBefore.toFixed(1)} before, ${loadavg()[0]!.toFixed(1)} after: each Node start a session waits for costs more on a busy machine`,
        ],
      };
    } finally {
      await api.close();
    }
  },
};

export default bench;

import { execFileSync, spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
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
import { processCpuMs } from "@agent-baton/core";
import type { Benchmark, BenchRatio } from "../types.js";

const ROUNDS = Number(process.env.BENCH_CLAUDE_ROUNDS ?? 15);
const INSTALLED = "baton's hooks as installed, the user's watcher running";
const FIRST = "baton's hooks as installed, the user's first session (it starts the watcher)";
const BEFORE = "the first version's four synchronous hook lines (each a Node start), on this baton";
const NO_OP = "four no-op command hooks (true) at the events a one-prompt session fires";
const BASH_NONE = "no hooks, one Bash call";
const BASH_INSTALLED = "baton's hooks as installed, the user's watcher running, one Bash call";
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

/** The hooks root of a run's HOME: the sessions' folders and the watcher's pid files. */
const hooksRoot = (home: ClaudeHome) =>
  join(process.env.XDG_CACHE_HOME || join(home.home, ".cache"), "baton", "hooks");

/** The session folders in the hooks root (the watcher's own files start with a dot). */
function sessionFolders(dir: string): string[] {
  try {
    return readdirSync(dir).filter((name) => !name.startsWith("."));
  } catch {
    return [];
  }
}

const sleepSync = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * Starts the user's hooks watcher in the run's HOME, as the user's first session did, and waits
 * (untimed) until it runs and has settled: its CPU time stands still, as a watcher that has been
 * serving a user's sessions for a while does when the next one starts. The timed session is then
 * one of all those after the first, not one racing the watcher's own start.
 */
function startWatcher(baton: string, home: ClaudeHome): void {
  // as the SessionStart line starts it: at a low priority, so that its work yields to Claude Code's
  const watcher = spawn("nice", ["-n", "10", process.execPath, baton, "hook", "watch"], {
    env: { PATH: process.env.PATH, HOME: home.home },
    detached: true,
    stdio: "ignore",
  });
  watcher.unref();
  const pidFile = join(hooksRoot(home), ".watcher");
  const until = Date.now() + 15_000;
  while (Date.now() < until && !existsSync(pidFile)) sleepSync(20);
  const pid = Number(readFileSync(pidFile, "utf8"));
  for (let last = -1; Date.now() < until; sleepSync(250)) {
    const cpu = processCpuMs(pid);
    if (cpu === null || cpu === last) break;
    last = cpu;
  }
}

/**
 * Waits (untimed) until the session has ended and its folder is gone, then stops the user's
 * watcher, so that nothing of a run loads the next one.
 */
async function sessionsEnded(home: ClaudeHome): Promise<void> {
  const sessions = join(coordination(home), "sessions");
  const root = hooksRoot(home);
  for (const until = Date.now() + 15_000; Date.now() < until; await new Promise((r) => setTimeout(r, 50)))
    if (sessionFolders(sessions).length === 0 && sessionFolders(root).length === 0) break;
  let pid = 0;
  try {
    pid = Number(readFileSync(join(root, ".watcher"), "utf8"));
    process.kill(pid, "SIGTERM");
  } catch {
    return;
  }
  for (const until = Date.now() + 15_000; Date.now() < until; await new Promise((r) => setTimeout(r, 50))) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
  }
}

function variants(baton: string): SessionVariant[] {
  const call = (args: string) => `${process.execPath} ${baton} ${args}`;
  return [
    { name: "no hooks", prepare: () => undefined },
    {
      // the yardstick: what Claude Code itself spends on running four hooks that do nothing
      name: NO_OP,
      prepare(home) {
        const noOp = [{ hooks: [{ type: "command", command: "true" }] }];
        home.writeSettings({
          hooks: { SessionStart: noOp, UserPromptSubmit: noOp, Stop: noOp, SessionEnd: noOp },
        });
        return undefined;
      },
    },
    {
      name: INSTALLED,
      prepare(home) {
        install(baton, home);
        startWatcher(baton, home);
        return fileBackend(home);
      },
      settle: sessionsEnded,
    },
    {
      name: FIRST,
      prepare(home) {
        install(baton, home);
        return fileBackend(home);
      },
      settle: sessionsEnded,
    },
    { name: BASH_NONE, prepare: () => undefined, steps: ONE_BASH },
    {
      name: BASH_INSTALLED,
      prepare(home) {
        install(baton, home);
        startWatcher(baton, home);
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
      // Not a ratio: the milliseconds a variant adds to the same round's session with no hooks, the
      // median over rounds. A round's runs follow one another, so load that comes and goes over
      // minutes falls on both sides of each pair.
      const added = (name: string, target?: string, base = "no hooks"): BenchRatio => ({
        label: `ms added by ${name}`,
        value: median(times[name]!.map((t, round) => t - times[base]![round]!)),
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
          added(NO_OP),
          added(FIRST),
          added(BEFORE),
          added(BASH_INSTALLED, undefined, BASH_NONE),
        ],
        notes: [
          `${ROUNDS} rounds after a warm-up round, each running every variant once in turn; a session's time is the median of its runs, 'ms added' the median over rounds of the difference to the same round's session without hooks; each run has a fresh HOME and the file backend`,
          "four no-op hooks: what Claude Code spends on spawning and waiting for command hooks that do nothing, at the four events a one-prompt session fires; baton's own work is what the installed hooks add beyond it",
          "one Bash call: the same turn with one tool call, beside it with no hooks; the notices check after the call is a POSIX sh gate, Node only when a notice waits",
          "as installed: one hooks watcher per user serves every session; SessionStart's POSIX sh line exports the session id for Bash and leaves the hook JSON in the session's folder, where the watcher registers it; the prompt, tool-call, stop and end hooks are sh gates reading and writing that folder. 'watcher running' is every session of a user but the first (the watcher is started before the run and has settled: its CPU time stood still for 250 ms); 'first session' starts it from the SessionStart line (detached, nice)",
          `load average ${loadBefore.toFixed(1)} before, ${loadavg()[0]!.toFixed(1)} after: each Node start a session waits for costs more on a busy machine`,
        ],
      };
    } finally {
      await api.close();
    }
  },
};

export default bench;

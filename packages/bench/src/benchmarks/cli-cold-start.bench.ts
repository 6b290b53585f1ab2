import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { installUmbrella } from "../install-umbrella.js";
import type { Benchmark } from "../types.js";

const RUNS = Number(process.env.BENCH_COLD_RUNS ?? 40);
const WARMUP = 3;

interface Subject {
  label: string;
  command: string;
  args: string[];
  input?: string;
}

/** Wall time of running a command once to completion, stdin fed and closed as Claude Code does for a hook. */
function spawnMs(subject: Subject, env: NodeJS.ProcessEnv, cwd: string): number {
  const started = performance.now();
  const r = spawnSync(subject.command, subject.args, {
    cwd,
    env,
    input: subject.input ?? "",
    stdio: ["pipe", "ignore", "pipe"],
  });
  const elapsed = performance.now() - started;
  if (r.status !== 0) throw new Error(`${subject.label} exited ${r.status}: ${r.stderr}`);
  return elapsed;
}

/**
 * Median wall time of each subject. They take turns run by run, the order rotating each round, so
 * load on a shared machine falls on all of them alike and the ratios hold.
 */
function medianSpawnMs(subjects: Subject[], env: NodeJS.ProcessEnv, cwd: string): number[] {
  const times = subjects.map((): number[] => []);
  for (let round = 0; round < WARMUP + RUNS; round++) {
    for (let k = 0; k < subjects.length; k++) {
      const j = (k + round) % subjects.length;
      const elapsed = spawnMs(subjects[j]!, env, cwd);
      if (round >= WARMUP) times[j]!.push(elapsed);
    }
  }
  return times.map((t) => t.sort((a, b) => a - b)[Math.floor(t.length / 2)]!);
}

/**
 * Cold start of the bins `npm install -g agent-baton` puts on PATH, which Claude Code's hooks pay on
 * every prompt: the umbrella packed and installed into a temp prefix, then `baton heartbeat` and
 * `baton session pause --hook` (hook JSON on stdin) on the file backend against `node -e 0`. The
 * CLI package's own installed bin runs beside them, to show what the umbrella's stub adds.
 */
const bench: Benchmark = {
  name: "cli-cold-start",
  async run() {
    const root = mkdtempSync(join(tmpdir(), "baton-bench-cold-"));
    try {
      const prefix = join(root, "prefix");
      const installStarted = performance.now();
      await installUmbrella(prefix);
      const installSeconds = (performance.now() - installStarted) / 1000;
      const home = join(root, "home");
      const project = join(root, "project");
      mkdirSync(home);
      mkdirSync(project);
      const env = {
        PATH: `${join(prefix, "bin")}:${dirname(process.execPath)}:${process.env.PATH}`,
        HOME: home,
        COORDINATION_DIR: join(home, "coordination"),
        BATON_SESSION_ID: "bench",
      };
      const baton = join(prefix, "bin", "baton");
      const cliBaton = createRequire(
        join(prefix, "lib", "node_modules", "agent-baton", "package.json"),
      ).resolve("@agent-baton/cli/bin/baton");
      const hookInput = (event: string) =>
        JSON.stringify({ session_id: "bench-hook", cwd: project, hook_event_name: event });
      // the session a Stop hook pauses was started by the SessionStart hook
      spawnMs(
        {
          label: "session start",
          command: baton,
          args: ["session", "start", "--hook"],
          input: hookInput("SessionStart"),
        },
        env,
        project,
      );
      const subjects: Subject[] = [
        { label: "node -e 0", command: process.execPath, args: ["-e", "0"] },
        { label: "baton heartbeat", command: baton, args: ["heartbeat"] },
        {
          label: "baton session pause --hook",
          command: baton,
          args: ["session", "pause", "--hook"],
          input: hookInput("Stop"),
        },
        { label: "baton --version", command: baton, args: ["--version"] },
        { label: "@agent-baton/cli's baton heartbeat", command: cliBaton, args: ["heartbeat"] },
      ];
      const load = loadavg()[0]!;
      const medians = medianSpawnMs(subjects, env, project);
      const [node, heartbeat, pause, version, cliHeartbeat] = medians as [
        number,
        number,
        number,
        number,
        number,
      ];
      return {
        rows: subjects.map((s, i) => ({
          subject: s.label,
          metric: "median wall time",
          value: medians[i]!,
          unit: "ms",
        })),
        ratios: [
          { label: "baton heartbeat / node -e 0", value: heartbeat / node, target: "<= 2" },
          { label: "baton session pause --hook / node -e 0", value: pause / node, target: "<= 2" },
          { label: "baton --version / node -e 0 (load, no backend)", value: version / node },
          { label: "umbrella baton / the CLI's own bin (heartbeat)", value: heartbeat / cliHeartbeat },
        ],
        notes: [
          `agent-baton packed and installed with npm install -g into a temp prefix in ${installSeconds.toFixed(0)} s; bins run through their PATH links`,
          `${RUNS} runs after ${WARMUP} warm-up rounds, interleaved in rotating order; file backend, temp HOME and COORDINATION_DIR; load average ${load.toFixed(1)} → ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores`,
        ],
      };
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  },
};

export default bench;

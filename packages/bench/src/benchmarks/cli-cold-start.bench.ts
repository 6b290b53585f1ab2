import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { Benchmark, BenchRow } from "../types.js";

const RUNS = 25;
const WARMUP = 3;

/** The built `baton` bin, found through the cli package as an installed user would have it. */
function batonBin(): string {
  const pkg = createRequire(import.meta.url).resolve("@agent-baton/cli/package.json");
  return join(dirname(pkg), "dist", "bin", "baton.js");
}

/** Wall time of spawning `node args` once to completion. */
function spawnMs(args: string[], env: NodeJS.ProcessEnv): number {
  const started = performance.now();
  const r = spawnSync(process.execPath, args, { env, stdio: ["ignore", "ignore", "pipe"] });
  const elapsed = performance.now() - started;
  if (r.status !== 0) throw new Error(`node ${args.join(" ")} exited ${r.status}: ${r.stderr}`);
  return elapsed;
}

/**
 * Median wall time of each command, hyperfine-style (warm-up runs first, then RUNS). The commands
 * take turns run by run, so load on a shared machine falls on all of them alike and the ratios hold.
 */
function medianSpawnMs(commands: string[][], env: NodeJS.ProcessEnv): number[] {
  const times = commands.map((): number[] => []);
  for (let i = 0; i < WARMUP + RUNS; i++) {
    commands.forEach((args, j) => {
      const elapsed = spawnMs(args, env);
      if (i >= WARMUP) times[j]!.push(elapsed);
    });
  }
  return times.map((t) => t.sort((a, b) => a - b)[Math.floor(t.length / 2)]!);
}

/**
 * Cold start of the CLI, which Claude Code pays on every prompt (`baton heartbeat --hook`): a fresh
 * `baton heartbeat` and `baton lock check x` on the file backend against `node -e 0`, in the same run.
 */
const bench: Benchmark = {
  name: "cli-cold-start",
  async run() {
    const home = mkdtempSync(join(tmpdir(), "baton-bench-cli-"));
    const env = {
      PATH: process.env.PATH,
      HOME: home,
      COORDINATION_DIR: join(home, "coordination"),
      COORDINATION_BACKEND: "file",
      BATON_SESSION_ID: "bench",
    };
    try {
      const baton = batonBin();
      const [node, heartbeat, hook, check] = medianSpawnMs(
        [
          ["-e", "0"],
          [baton, "heartbeat"],
          [baton, "heartbeat", "--hook"],
          [baton, "lock", "check", "x"],
        ],
        env,
      ) as [number, number, number, number];
      const rows: BenchRow[] = [
        { subject: "node -e 0", metric: "median wall time", value: node, unit: "ms" },
        { subject: "baton heartbeat", metric: "median wall time", value: heartbeat, unit: "ms" },
        { subject: "baton heartbeat --hook", metric: "median wall time", value: hook, unit: "ms" },
        { subject: "baton lock check x", metric: "median wall time", value: check, unit: "ms" },
      ];
      return {
        rows,
        ratios: [
          { label: "baton heartbeat / node -e 0", value: heartbeat / node, target: "<= 2" },
          { label: "baton lock check x / node -e 0", value: check / node, target: "<= 2" },
        ],
        notes: [
          `${RUNS} runs after ${WARMUP} warm-up runs each, interleaved, file backend, temp COORDINATION_DIR, node ${process.version}`,
        ],
      };
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  },
};

export default bench;

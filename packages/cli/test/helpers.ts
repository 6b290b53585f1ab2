import { type SpawnOptions, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type RedisServer, startRedis } from "@agent-baton/driver-test-suite";
import { afterAll, beforeAll } from "vitest";

const dist = join(dirname(fileURLToPath(import.meta.url)), "..", "dist", "bin");

const made: string[] = [];
// Registered as each test file is collected (this module is loaded once per file): its
// directories go when its tests are done, so repeated runs leave nothing behind.
afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
});

/** A fresh directory under the OS temp dir, removed when the test file is done. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

export type Bin = "baton" | "session-lock" | "session-register" | "session-heartbeat" | "claim-issue";

export interface Ran {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** stdout parsed as JSON. */
  json: <T = any>() => T;
}

/** A temporary world: its own HOME and COORDINATION_DIR, and a backend (file, or redis with its own key prefix). */
export interface World {
  home: string;
  env: NodeJS.ProcessEnv;
  /** Spawns a built bin as a user would and collects its output. */
  run(
    args: string[],
    options?: { bin?: Bin; env?: NodeJS.ProcessEnv; input?: string; cwd?: string },
  ): Promise<Ran>;
  /** Spawns a built bin and returns the child, for signals and long runs. */
  spawn(args: string[], options?: { bin?: Bin; env?: NodeJS.ProcessEnv }): ReturnType<typeof spawn>;
}

export function collect(child: ReturnType<typeof spawn>, input?: string): Promise<Ran> {
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (d) => (stdout += d));
  child.stderr?.on("data", (d) => (stderr += d));
  if (input !== undefined) child.stdin?.end(input);
  else child.stdin?.end();
  return new Promise((resolve) => {
    child.on("close", (code, signal) =>
      resolve({
        code,
        signal,
        stdout,
        stderr,
        json: () => {
          try {
            return JSON.parse(stdout);
          } catch {
            throw new Error(`stdout is not JSON (exit ${code}):\n${stdout}\nstderr:\n${stderr}`);
          }
        },
      }),
    );
  });
}

export function makeWorld(backendEnv: NodeJS.ProcessEnv = {}): World {
  const home = tempDir("baton-cli-");
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: home,
    COORDINATION_DIR: join(home, "coordination"),
    NO_COLOR: "1",
    // scripts/test.sh runs these tests again with the portable probe forced; the bins must see it too.
    ...(process.env.BATON_PLATFORM_PROBE && { BATON_PLATFORM_PROBE: process.env.BATON_PLATFORM_PROBE }),
    ...backendEnv,
  };
  const spawnBin: World["spawn"] = (args, options = {}) =>
    spawn(process.execPath, [join(dist, `${options.bin ?? "baton"}.js`), ...args], {
      cwd: home,
      env: { ...env, ...options.env },
      stdio: ["pipe", "pipe", "pipe"],
    } satisfies SpawnOptions);
  return {
    home,
    env,
    spawn: spawnBin,
    run: (args, options = {}) => {
      const child = spawn(process.execPath, [join(dist, `${options.bin ?? "baton"}.js`), ...args], {
        cwd: options.cwd ?? home,
        env: { ...env, ...options.env },
        stdio: ["pipe", "pipe", "pipe"],
      });
      return collect(child, options.input);
    },
  };
}

/**
 * The backends every end-to-end test runs on: the file backend, and a private redis-server.
 * `BATON_TEST_BACKENDS=file` keeps one (scripts/test.sh's portable-probe pass: the probes judge
 * processes the same way on either backend).
 */
export function backends(): Array<{ name: "file" | "redis"; world: () => World }> {
  const only = process.env.BATON_TEST_BACKENDS?.split(",");
  let redis: RedisServer | undefined;
  if (!only || only.includes("redis")) {
    beforeAll(async () => {
      redis = await startRedis();
    }, 20_000);
    afterAll(async () => {
      await redis?.stop();
    });
  }
  const all = [
    { name: "file" as const, world: () => makeWorld({ COORDINATION_BACKEND: "file" }) },
    {
      name: "redis" as const,
      world: () =>
        makeWorld({
          COORDINATION_BACKEND: "redis",
          REDIS_URL: redis!.url,
          BATON_KEY_PREFIX: `t${randomUUID().slice(0, 8)}`,
        }),
    },
  ];
  return only ? all.filter((b) => only.includes(b.name)) : all;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Whether a process runs (a zombie waiting for its reaper does not). */
export function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z";
  } catch {
    return false;
  }
}

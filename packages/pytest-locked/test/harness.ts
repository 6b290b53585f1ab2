import { type ChildProcess, execFileSync, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Coordinator, openCoordinatorWith } from "@agent-baton/core";
import { loadDriver } from "../src/load-driver.js";

export const BIN = fileURLToPath(new URL("../dist/bin/pytest-locked.js", import.meta.url));
const FAKE_PYTEST = fileURLToPath(new URL("./fake-pytest.mjs", import.meta.url));
/** Where a python3 that may have pytest lives when BATON_TEST_PYTHON is not set: PATH, then Debian's. */
const CANDIDATES = ["python3", "/usr/bin/python3"];

/**
 * The Python interpreter with pytest that the tests run: the one scripts/test.sh picked (or installed)
 * and exported as BATON_TEST_PYTHON; run directly with vitest, the first of CANDIDATES that has pytest.
 * Its real executable, not a shim (pyenv's needs pyenv on PATH), so it also runs from a bare PATH.
 */
function testPython(): string {
  const chosen = process.env.BATON_TEST_PYTHON;
  for (const python of chosen ? [chosen] : CANDIDATES) {
    const probe = spawnSync(python, ["-c", "import sys, pytest; print(sys.executable)"], {
      encoding: "utf8",
      timeout: 30_000,
    });
    if (probe.status === 0) return probe.stdout.trim();
  }
  throw new Error(
    chosen
      ? `BATON_TEST_PYTHON=${chosen} cannot import pytest; run scripts/test.sh or install pytest for it`
      : `no python3 with pytest (tried ${CANDIDATES.join(", ")}); run scripts/test.sh or apt-get install python3-pytest`,
  );
}

let python: string | undefined;
/** The tests' Python with pytest (see testPython), found once per test file. */
export function realPython(): string {
  python ??= testPython();
  return python;
}

/** PYTEST_BIN running the tests' real pytest. */
export const realPytest = () => `${JSON.stringify(realPython())} -m pytest`;

/** A temp root with its own coordination dir and HOME, removed by `cleanup`. */
export interface Sandbox {
  root: string;
  coordDir: string;
  env: NodeJS.ProcessEnv;
  cleanup(): void;
}

export function sandbox(): Sandbox {
  const root = mkdtempSync(join(tmpdir(), "pytest-locked-"));
  const coordDir = join(root, "coord");
  const home = join(root, "home");
  mkdirSync(home);
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: home,
    COORDINATION_BACKEND: "file",
    COORDINATION_DIR: coordDir,
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_AUTHOR_NAME: "t",
    GIT_AUTHOR_EMAIL: "t@example.com",
    GIT_COMMITTER_NAME: "t",
    GIT_COMMITTER_EMAIL: "t@example.com",
  };
  return { root, coordDir, env, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

export function git(cwd: string, args: string[], env: NodeJS.ProcessEnv): string {
  return execFileSync("git", args, { cwd, env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

/** A bare "origin" holding a small Python project, and `clones` clones of it; returns their paths. */
export function pythonRepo(
  sb: Sandbox,
  name: string,
  files: Record<string, string>,
  clones: number,
): string[] {
  const seed = join(sb.root, `${name}-seed`);
  mkdirSync(seed, { recursive: true });
  for (const [file, text] of Object.entries(files)) writeFileSync(join(seed, file), text);
  git(seed, ["init", "-q", "-b", "main"], sb.env);
  git(seed, ["add", "."], sb.env);
  git(seed, ["commit", "-q", "-m", "seed"], sb.env);
  const origin = join(sb.root, "origins", `${name}.git`);
  git(sb.root, ["clone", "-q", "--bare", seed, origin], sb.env);
  return Array.from({ length: clones }, (_, i) => {
    const dir = join(sb.root, `${name}-clone-${i + 1}`);
    git(sb.root, ["clone", "-q", origin, dir], sb.env);
    return dir;
  });
}

/** PYTEST_BIN for the stand-in pytest (see fake-pytest.mjs for what it records and obeys). */
export const fakePytestBin = `${JSON.stringify(process.execPath)} ${JSON.stringify(FAKE_PYTEST)}`;

export interface Run {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** Resolves with the exit code (128+N for signal N); fails the test if it takes over 60 s. */
  done: Promise<number>;
}

/** Spawns the built bin as a user would. */
export function runBin(
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
  options: { ownGroup?: boolean } = {},
): Run {
  // ownGroup: its own process group, so a test can send SIGINT to the group as a terminal's Ctrl+C does
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd,
    env,
    stdio: ["ignore", "pipe", "pipe"],
    detached: options.ownGroup ?? false,
  });
  let out = "";
  let err = "";
  child.stdout?.on("data", (d) => {
    out += d;
  });
  child.stderr?.on("data", (d) => {
    err += d;
  });
  const done = new Promise<number>((resolve, reject) => {
    const guard = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`pytest-locked ${args.join(" ")} hung; stderr: ${err}`));
    }, 60_000);
    child.once("close", (code, signal) => {
      clearTimeout(guard);
      resolve(code ?? 128 + (signal === "SIGINT" ? 2 : 9));
    });
  });
  return { child, stdout: () => out, stderr: () => err, done };
}

/** Waits (polling, bounded) until a file exists: "the other process got this far". */
export async function waitForFile(file: string, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!existsSync(file)) {
    if (Date.now() > until) throw new Error(`${file} never appeared`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Waits (bounded) until `file` holds a pid and returns it: its writer creates it empty, then writes. */
export async function waitForPid(file: string, timeoutMs = 30_000): Promise<number> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const pid = existsSync(file) ? Number(readFileSync(file, "utf8")) : 0;
    if (Number.isInteger(pid) && pid > 0) return pid;
    if (Date.now() > until) throw new Error(`${file} never held a pid`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** [start, end] intervals the stand-in recorded in a log, keyed by its RUN_ID. */
export function intervals(log: string): Map<string, { start: number; end: number }> {
  const map = new Map<string, { start: number; end: number }>();
  for (const line of readFileSync(log, "utf8").trim().split("\n")) {
    const [id, what, at] = line.split(" ") as [string, string, string];
    const entry = map.get(id) ?? { start: Number.NaN, end: Number.NaN };
    entry[what as "start" | "end"] = Number(at);
    map.set(id, entry);
  }
  return map;
}

/** A coordinator for another session (the test itself), to probe the lock from outside. */
export async function intruder(sb: Sandbox, cwd: string): Promise<Coordinator> {
  const { coordinator } = await openCoordinatorWith({
    loadDriver,
    cwd,
    env: sb.env,
    home: sb.env.HOME,
    session: "intruder",
    anchorPid: process.pid,
  });
  return coordinator;
}

export const here = (url: string) => dirname(fileURLToPath(url));

/** Whether a process runs (a zombie waiting for its reaper does not). */
export function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z";
  } catch {
    return false;
  }
}

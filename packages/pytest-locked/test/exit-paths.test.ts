import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterEach, expect, it } from "vitest";
import {
  fakePytestBin,
  intruder,
  isRunning,
  pythonRepo,
  runBin,
  type Sandbox,
  sandbox,
  waitForFile,
  waitForPid,
} from "./harness.js";

let sb: Sandbox;
afterEach(() => sb?.cleanup());

const project = { "test_x.py": "def test_x():\n    pass\n" };

it.each([
  ["SIGINT", 130],
  ["SIGTERM", 143],
  ["SIGHUP", 129],
] as const)("on %s mid-run stops the command, exits %i and frees the lock", async (signal, code) => {
  sb = sandbox();
  const [clone] = pythonRepo(sb, "signal", project, 1) as [string];
  const started = join(sb.root, "started");
  const run = runBin([], clone, {
    ...sb.env,
    PYTEST_BIN: fakePytestBin,
    SLEEP_MS: "60000",
    STARTED: started,
  });
  await waitForFile(started);
  run.child.kill(signal);
  expect(await run.done).toBe(code);
  const other = await intruder(sb, clone);
  try {
    expect((await other.acquire("pytest-signal")).acquired).toBe(true);
  } finally {
    await other.close();
  }
});

it("killed outright (SIGKILL): its watchdog ends pytest, and only then the next session takes over, the holder being gone", async () => {
  sb = sandbox();
  const [clone] = pythonRepo(sb, "killed", project, 1) as [string];
  const started = join(sb.root, "started");
  const run = runBin([], clone, {
    ...sb.env,
    PYTEST_BIN: fakePytestBin,
    SLEEP_MS: "60000",
    STARTED: started,
  });
  const pytest = await waitForPid(started);
  const exited = new Promise((resolve) => run.child.once("exit", resolve));
  run.child.kill("SIGKILL");
  await exited; // not run.done: pytest holds the output pipes open until the watchdog ends it
  await run.done;
  expect(isRunning(pytest)).toBe(false);
  const other = await intruder(sb, clone);
  try {
    const taken = await other.acquire("pytest-killed");
    expect(taken).toMatchObject({ acquired: true, took_over: { tier: "dead" } });
  } finally {
    await other.close();
  }
});

it("a lost lock ends pytest's whole process group, what it started too, and exits 75", async () => {
  sb = sandbox();
  const [clone] = pythonRepo(sb, "lost", project, 1) as [string];
  const pidFile = join(sb.root, "worker.pid");
  const script = join(sb.root, "pytest-with-worker.sh");
  // a test run whose work happens in a child, as pytest-xdist's workers do
  writeFileSync(script, `sleep 60 &\necho $! > ${pidFile}\nwait\n`);
  const run = runBin([], clone, { ...sb.env, PYTEST_LOCK_TIMEOUT: "3", PYTEST_BIN: `sh ${script}` });
  const worker = await waitForPid(pidFile);
  const other = await intruder(sb, clone);
  try {
    await other.forceRelease("pytest-lost");
  } finally {
    await other.close();
  }
  expect(await run.done).toBe(75);
  expect(run.stderr()).toMatch(/lost lock/);
  expect(isRunning(worker)).toBe(false);
});

it("on SIGINT while waiting for the lock exits 130 without ever running the command", async () => {
  sb = sandbox();
  const [clone] = pythonRepo(sb, "waiting", project, 1) as [string];
  const other = await intruder(sb, clone);
  try {
    expect((await other.acquire("pytest-waiting", { ttl: 60 })).acquired).toBe(true);
    const ran = join(sb.root, "ran");
    const run = runBin([], clone, { ...sb.env, PYTEST_BIN: fakePytestBin, STARTED: ran });
    for (let i = 0; !/waiting for pytest-waiting: 1st in line, held by intruder/.test(run.stderr()); i++) {
      if (i > 600) throw new Error(`never said it was waiting: ${run.stderr()}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    run.child.kill("SIGINT");
    expect(await run.done).toBe(130);
    expect(() => readFileSync(ran)).toThrow();
    expect((await other.check("pytest-waiting")).mine).toBe(true);
  } finally {
    await other.close();
  }
});

it("with PYTEST_BIN naming a missing program says so in one line, exits 2 and leaves the lock free", async () => {
  sb = sandbox();
  const [clone] = pythonRepo(sb, "missing", project, 1) as [string];
  const run = runBin(["-q"], clone, { ...sb.env, PYTEST_BIN: "/nonexistent/bin/pytest -q" });
  expect(await run.done).toBe(2);
  expect(run.stderr().trim().split("\n")).toHaveLength(1);
  expect(run.stderr()).toMatch(/^pytest-locked: pytest is not installed: .*\/nonexistent\/bin\/pytest/);
  const other = await intruder(sb, clone);
  try {
    expect((await other.check("pytest-missing")).locked).toBe(false);
  } finally {
    await other.close();
  }
});

it("with neither pytest nor python3 on PATH says so in one line and exits 2", async () => {
  sb = sandbox();
  const [clone] = pythonRepo(sb, "nopath", project, 1) as [string];
  const run = runBin([], clone, { ...sb.env, PATH: join(sb.root, "empty-bin") });
  expect(await run.done).toBe(2);
  expect(run.stderr()).toBe(
    "pytest-locked: pytest is not installed: neither pytest nor python3 is on PATH; install pytest (pip install pytest) or set PYTEST_BIN (e.g. PYTEST_BIN='uv run pytest')\n",
  );
});

it("exits with the command's own code (5 stays 5, 1 stays 1)", async () => {
  sb = sandbox();
  const [clone] = pythonRepo(sb, "codes", project, 1) as [string];
  for (const code of [5, 1, 0]) {
    const run = runBin([], clone, { ...sb.env, PYTEST_BIN: fakePytestBin, EXIT: String(code) });
    expect(await run.done).toBe(code);
  }
});

it("passes every argument through untouched: spaces, quotes, --, empty strings, pytest's --help", async () => {
  sb = sandbox();
  const [clone] = pythonRepo(sb, "args", project, 1) as [string];
  const argsFile = join(sb.root, "args.json");
  const args = ["-k", "a and b", "--", "x y", "it's", '"quoted"', "", "--help", "-x", "$HOME", "*"];
  const run = runBin(args, clone, { ...sb.env, PYTEST_BIN: fakePytestBin, ARGS: argsFile });
  expect(await run.done).toBe(0);
  expect(JSON.parse(readFileSync(argsFile, "utf8"))).toEqual(args);

  const viaSeparator = runBin(["--", "--help"], clone, {
    ...sb.env,
    PYTEST_BIN: fakePytestBin,
    ARGS: argsFile,
  });
  expect(await viaSeparator.done).toBe(0);
  expect(JSON.parse(readFileSync(argsFile, "utf8"))).toEqual(["--help"]);
});

it("splits PYTEST_BIN like shell words, so a quoted path with spaces works", async () => {
  sb = sandbox();
  const [clone] = pythonRepo(sb, "words", project, 1) as [string];
  const argsFile = join(sb.root, "args.json");
  const lockSeen = join(sb.root, "lock.txt");
  const run = runBin(["tail"], clone, {
    ...sb.env,
    PYTEST_BIN: `${fakePytestBin} 'first word' --flag`,
    ARGS: argsFile,
    LOCK_SEEN: lockSeen,
  });
  expect(await run.done).toBe(0);
  expect(JSON.parse(readFileSync(argsFile, "utf8"))).toEqual(["first word", "--flag", "tail"]);
  expect(readFileSync(lockSeen, "utf8")).toMatch(/^resource:pytest-words \d+$/);
  expect(dirname(argsFile)).toBe(sb.root);
});

it("answers --help and --version itself without taking any lock", async () => {
  sb = sandbox();
  const [clone] = pythonRepo(sb, "help", project, 1) as [string];
  const help = runBin(["--help"], clone, { ...sb.env, PYTEST_BIN: "/nonexistent" });
  expect(await help.done).toBe(0);
  expect(help.stdout()).toMatch(/^Usage: pytest-locked \[pytest args…\]/);
  expect(help.stdout()).toContain("pytest-locked -- --help");
  const version = runBin(["--version"], clone, { ...sb.env, PYTEST_BIN: "/nonexistent" });
  expect(await version.done).toBe(0);
  expect(version.stdout()).toMatch(/^\d+\.\d+\.\d+\n$/);
});

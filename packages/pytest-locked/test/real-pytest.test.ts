import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { intruder, pythonRepo, realPytest, runBin, type Sandbox, sandbox, waitForFile } from "./harness.js";

const PROJECT = {
  "test_calc.py": [
    "import os",
    "",
    "def add(a, b):",
    "    return a + b",
    "",
    "def test_add():",
    "    assert add(2, 3) == 5",
    "",
    "def test_runs_under_the_repo_lock():",
    '    assert os.environ["BATON_LOCK_NAME"] == "resource:pytest-calc"',
    "",
    "def test_fails_on_request():",
    '    assert os.environ.get("MAKE_IT_FAIL") != "1"',
    "",
  ].join("\n"),
};

let sb: Sandbox;
afterEach(() => sb?.cleanup());

describe("pytest-locked with a real pytest", () => {
  let pytestBin: string;
  beforeAll(() => {
    pytestBin = realPytest();
  });

  it("runs the suite under resource:pytest-<repo> and exits 0 when it passes, then frees the lock", async () => {
    sb = sandbox();
    const [clone] = pythonRepo(sb, "calc", PROJECT, 1) as [string];
    const run = runBin(["-q", "-p", "no:cacheprovider"], clone, { ...sb.env, PYTEST_BIN: pytestBin });
    expect(await run.done).toBe(0);
    expect(run.stdout()).toMatch(/3 passed/);
    const other = await intruder(sb, clone);
    try {
      expect((await other.check("pytest-calc")).locked).toBe(false);
    } finally {
      await other.close();
    }
  });

  it("exits 1 when a test fails", async () => {
    sb = sandbox();
    const [clone] = pythonRepo(sb, "calc", PROJECT, 1) as [string];
    const run = runBin(["-q", "-p", "no:cacheprovider"], clone, {
      ...sb.env,
      PYTEST_BIN: pytestBin,
      MAKE_IT_FAIL: "1",
    });
    expect(await run.done).toBe(1);
    expect(run.stdout()).toMatch(/1 failed, 2 passed/);
  });

  it("keeps pytest's exit code 5 when no tests are collected", async () => {
    sb = sandbox();
    const [clone] = pythonRepo(sb, "calc", PROJECT, 1) as [string];
    const run = runBin(["-q", "-p", "no:cacheprovider", "-k", "no_such_test"], clone, {
      ...sb.env,
      PYTEST_BIN: pytestBin,
    });
    expect(await run.done).toBe(5);
  });

  it("passes -k with spaces through to pytest as one argument", async () => {
    sb = sandbox();
    const [clone] = pythonRepo(sb, "calc", PROJECT, 1) as [string];
    const run = runBin(["-q", "-p", "no:cacheprovider", "-k", "add and not fails"], clone, {
      ...sb.env,
      PYTEST_BIN: pytestBin,
    });
    expect(await run.done).toBe(0);
    expect(run.stdout()).toMatch(/1 passed, 2 deselected/);
  });

  it("on SIGINT mid-run lets pytest stop (its code 2) and frees the lock", async () => {
    sb = sandbox();
    const slow = {
      "test_slow.py":
        'import os, time\n\ndef test_slow():\n    open(os.environ["STARTED"], "w").close()\n    time.sleep(60)\n',
    };
    const [clone] = pythonRepo(sb, "slow", slow, 1) as [string];
    const started = join(sb.root, "started");
    const run = runBin(["-q", "-p", "no:cacheprovider"], clone, {
      ...sb.env,
      PYTEST_BIN: pytestBin,
      STARTED: started,
    });
    const other = await intruder(sb, clone);
    try {
      await waitForFile(started);
      expect((await other.check("pytest-slow")).locked).toBe(true);
      run.child.kill("SIGINT");
      const code = await run.done;
      expect([2, 130]).toContain(code);
      expect((await other.check("pytest-slow")).locked).toBe(false);
    } finally {
      await other.close();
    }
  });

  it("on Ctrl+C (SIGINT to the whole process group) pytest stops and the lock is freed", async () => {
    sb = sandbox();
    const slow = {
      "test_slow.py":
        'import os, time\n\ndef test_slow():\n    open(os.environ["STARTED"], "w").close()\n    time.sleep(60)\n',
    };
    const [clone] = pythonRepo(sb, "ctrlc", slow, 1) as [string];
    const started = join(sb.root, "started");
    const run = runBin(
      ["-q", "-p", "no:cacheprovider"],
      clone,
      { ...sb.env, PYTEST_BIN: pytestBin, STARTED: started },
      { ownGroup: true },
    );
    await waitForFile(started);
    process.kill(-(run.child.pid as number), "SIGINT");
    // pytest gets the group's SIGINT; pytest-locked passes its own on only if pytest still runs a
    // second later, so pytest stops with its code 2 (130 only if it took over a second to stop).
    expect([2, 130]).toContain(await run.done);
    const other = await intruder(sb, clone);
    try {
      expect((await other.acquire("pytest-ctrlc")).acquired).toBe(true);
    } finally {
      await other.close();
    }
  });
});

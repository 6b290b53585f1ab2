import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, expect, it } from "vitest";
import {
  fakePytestBin,
  intervals,
  intruder,
  pythonRepo,
  runBin,
  type Sandbox,
  sandbox,
  waitForFile,
} from "./harness.js";

let sb: Sandbox;
afterEach(() => sb?.cleanup());

const project = { "test_x.py": "def test_x():\n    pass\n" };

it("two runs in two clones of one repo never overlap, while a run in another repo does not wait", async () => {
  sb = sandbox();
  const [a, b] = pythonRepo(sb, "widget", project, 2) as [string, string];
  const [other] = pythonRepo(sb, "gadget", project, 1) as [string];
  const log = join(sb.root, "intervals.log");
  const otherStarted = join(sb.root, "other-started");
  // each widget run holds on until the gadget run has started: were gadget made to wait, this would stall and show
  const widgetEnv = {
    ...sb.env,
    PYTEST_BIN: fakePytestBin,
    LOG: log,
    WAIT_FOR: otherStarted,
    SLEEP_MS: "300",
  };
  const runA = runBin([], a, { ...widgetEnv, RUN_ID: "a", STARTED: join(sb.root, "a-started") });
  const runB = runBin([], b, { ...widgetEnv, RUN_ID: "b", STARTED: join(sb.root, "b-started") });
  await Promise.race([waitForFile(join(sb.root, "a-started")), waitForFile(join(sb.root, "b-started"))]);
  const runOther = runBin([], other, {
    ...sb.env,
    PYTEST_BIN: fakePytestBin,
    LOG: log,
    RUN_ID: "gadget",
    STARTED: otherStarted,
  });

  expect(await Promise.all([runA.done, runB.done, runOther.done])).toEqual([0, 0, 0]);
  const seen = intervals(log);
  const [first, second] = [seen.get("a"), seen.get("b")].sort(
    (x, y) => (x?.start ?? 0) - (y?.start ?? 0),
  ) as [{ start: number; end: number }, { start: number; end: number }];
  expect(second.start).toBeGreaterThanOrEqual(first.end);
  const gadget = seen.get("gadget") as { start: number; end: number };
  expect(gadget.start).toBeLessThan(first.end);
  const waiter = first === seen.get("a") ? runB : runA;
  expect(waiter.stderr()).toMatch(
    /waiting for pytest-widget: 1st in line, held by \S+:pytest-\d+ \(.*?\) in /,
  );
});

it("a run three times longer than the TTL keeps the lock from another session for its whole length", async () => {
  sb = sandbox();
  const [clone] = pythonRepo(sb, "longrun", project, 1) as [string];
  const started = join(sb.root, "started");
  const log = join(sb.root, "log");
  const run = runBin([], clone, {
    ...sb.env,
    PYTEST_BIN: fakePytestBin,
    PYTEST_LOCK_TIMEOUT: "2",
    SLEEP_MS: "6500",
    STARTED: started,
    LOG: log,
  });
  await waitForFile(started);
  const other = await intruder(sb, clone);
  try {
    let attempts = 0;
    let exited = false;
    run.done.then(() => {
      exited = true;
    });
    while (!exited) {
      const result = await other.acquire("pytest-longrun", { ttl: 30 });
      if (result.acquired) {
        // Legitimate only once pytest has finished and pytest-locked let go, just before it exits.
        expect(readFileSync(log, "utf8"), "another session got the lock while pytest ran").toMatch(
          / end \d+/,
        );
        break;
      }
      attempts++;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(await run.done).toBe(0);
    expect(attempts).toBeGreaterThan(10);
    expect((await other.acquire("pytest-longrun", { ttl: 30 })).acquired).toBe(true);
  } finally {
    await other.close();
  }
});

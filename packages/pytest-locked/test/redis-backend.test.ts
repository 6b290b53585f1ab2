import { join } from "node:path";
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { fakePytestBin, intervals, pythonRepo, runBin, type Sandbox, sandbox } from "./harness.js";
import { startPrivateRedis } from "./redis-server.js";

let redis: { url: string; stop: () => Promise<void> };
let sb: Sandbox;
beforeAll(async () => {
  redis = await startPrivateRedis();
});
afterAll(() => redis?.stop());
afterEach(() => sb?.cleanup());

it("on the redis backend two runs in two clones of one repo never overlap", async () => {
  sb = sandbox();
  const [a, b] = pythonRepo(sb, "shared", { "test_x.py": "def test_x():\n    pass\n" }, 2) as [
    string,
    string,
  ];
  const log = join(sb.root, "intervals.log");
  const env = {
    ...sb.env,
    COORDINATION_BACKEND: "redis",
    REDIS_URL: redis.url,
    BATON_KEY_PREFIX: `pytest-locked-${process.pid}`,
    PYTEST_BIN: fakePytestBin,
    LOG: log,
    SLEEP_MS: "500",
  };
  const runs = [runBin([], a, { ...env, RUN_ID: "a" }), runBin([], b, { ...env, RUN_ID: "b" })];
  expect(await Promise.all(runs.map((r) => r.done))).toEqual([0, 0]);
  const [first, second] = [...intervals(log).values()].sort((x, y) => x.start - y.start) as [
    { start: number; end: number },
    { start: number; end: number },
  ];
  expect(second.start).toBeGreaterThanOrEqual(first.end);
  expect(runs.some((r) => /waiting for pytest-shared: \d+\w\w in line, held by/.test(r.stderr()))).toBe(true);
});

it("with redis unreachable says so in one line naming the URL without its password, and exits 4", async () => {
  sb = sandbox();
  const [clone] = pythonRepo(sb, "down", { "test_x.py": "" }, 1) as [string];
  const run = runBin([], clone, {
    ...sb.env,
    COORDINATION_BACKEND: "redis",
    REDIS_URL: "redis://:hunter2@127.0.0.1:1",
    PYTEST_BIN: fakePytestBin,
  });
  expect(await run.done).toBe(4);
  expect(run.stderr()).toMatch(/^pytest-locked: .*127\.0\.0\.1:1/);
  expect(run.stderr()).not.toContain("hunter2");
});

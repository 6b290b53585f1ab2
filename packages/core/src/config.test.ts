import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DEFAULTS, loadConfig } from "./config.js";
import { BatonError } from "./errors.js";

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), "baton-config-"));
  made.push(root);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(root, path, ".."), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

function configError(fn: () => unknown): { code: string; message: string } {
  try {
    fn();
  } catch (error) {
    if (BatonError.isInstance(error)) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error("expected a ConfigError");
}

describe("config", () => {
  it("defaults to the file backend under ~/.claude/coordination", () => {
    const home = tree({});
    const config = loadConfig({ cwd: home, env: {}, home });
    expect(config).toMatchObject({ ...DEFAULTS, coordinationDir: join(home, ".claude", "coordination") });
  });

  it("precedence: flags > env > project file > user file > defaults", () => {
    const root = tree({
      "home/.claude/config.yml":
        "coordination: redis\nbaton:\n  redis_url: redis://user-file:6379\n  key_prefix: userp\n",
      "repo/.git/HEAD": "ref: refs/heads/main\n",
      "repo/.claude/config.yml": "coordination: local\nbaton:\n  key_prefix: projp\n",
      "repo/src/deep/.keep": "",
    });
    const home = join(root, "home");
    const cwd = join(root, "repo", "src", "deep");
    expect(loadConfig({ cwd: home, env: {}, home })).toMatchObject({
      backend: "redis",
      redisUrl: "redis://user-file:6379",
      keyPrefix: "userp",
    });
    expect(loadConfig({ cwd, env: {}, home })).toMatchObject({
      backend: "file",
      redisUrl: "redis://user-file:6379",
      keyPrefix: "projp",
    });
    expect(
      loadConfig({ cwd, env: { COORDINATION_BACKEND: "redis", BATON_KEY_PREFIX: "envp" }, home }),
    ).toMatchObject({
      backend: "redis",
      keyPrefix: "envp",
    });
    expect(
      loadConfig({ cwd, env: { COORDINATION_BACKEND: "redis" }, home, overrides: { backend: "file" } })
        .backend,
    ).toBe("file");
  });

  it("stops searching for a project file at the git root", () => {
    const root = tree({
      ".claude/config.yml": "coordination: redis\n",
      "repo/.git/HEAD": "x",
      "repo/a/.keep": "",
    });
    const home = tree({});
    expect(loadConfig({ cwd: join(root, "repo", "a"), env: {}, home }).backend).toBe("file");
  });

  it("reads the original's env names: thresholds, ports, timeouts", () => {
    const home = tree({});
    const config = loadConfig({
      cwd: home,
      home,
      env: {
        REDIS_URL: "rediss://u:p@h:6380/2",
        SERVER_PORT: "9000",
        MCP_SERVER_HOST: "0.0.0.0",
        DEFAULT_LOCK_TIMEOUT: "60",
        HEARTBEAT_TTL: "120",
        ACTIVE_THRESHOLD: "60",
        IDLE_THRESHOLD: "600",
        STALE_THRESHOLD: "1200",
        ABANDONED_THRESHOLD: "3600",
        LOG_LEVEL: "DEBUG",
        COORDINATION_DIR: "/tmp/coord",
        PYTEST_LOCK_TIMEOUT: "900",
      },
    });
    expect(config).toMatchObject({
      redisUrl: "rediss://u:p@h:6380/2",
      serverPort: 9000,
      mcpHost: "0.0.0.0",
      defaultLockTimeout: 60,
      heartbeatTtl: 120,
      activeThreshold: 60,
      idleThreshold: 600,
      staleThreshold: 1200,
      abandonedThreshold: 3600,
      logLevel: "debug",
      coordinationDir: "/tmp/coord",
      pytestLockTimeout: 900,
    });
  });

  it("reads max_wait_seconds from the file and MAX_WAIT_SECONDS from the environment (default 120)", () => {
    const root = tree({
      "repo/.git/HEAD": "x",
      "repo/.claude/config.yml": "baton:\n  max_wait_seconds: 30\n  default_lock_timeout: 600\n",
    });
    const home = tree({});
    expect(loadConfig({ cwd: home, env: {}, home }).maxWaitSeconds).toBe(120);
    const cwd = join(root, "repo");
    expect(loadConfig({ cwd, env: {}, home })).toMatchObject({ maxWaitSeconds: 30, defaultLockTimeout: 600 });
    expect(loadConfig({ cwd, env: { MAX_WAIT_SECONDS: "2.5" }, home }).maxWaitSeconds).toBe(2.5);
  });

  it.each([
    [
      "an unknown backend",
      "coordination: mongo\n",
      /config\.yml: coordination: must be local, file or redis \(got "mongo"\)$/,
    ],
    ["broken YAML", "coordination: [redis\n", /config\.yml: line \d+: /],
    ["a list instead of a mapping", "- redis\n", /config\.yml: must be a mapping of settings/],
    ["a scalar baton section", "baton: 5\n", /config\.yml: baton: must be a mapping of settings.*\(got 5\)$/],
    [
      "a typo in the baton section",
      "baton:\n  redis_ur: x\n",
      /config\.yml: baton\.redis_ur: unknown setting; the known ones are redis_url, key_prefix, coordination_dir, default_lock_timeout, max_wait_seconds, history, history_max_events, history_max_bytes, overlap_interval$/,
    ],
    [
      "a wrong type",
      "baton:\n  default_lock_timeout: soon\n",
      /config\.yml: baton\.default_lock_timeout: must be whole seconds from 1 to 86400 \(got "soon"\)$/,
    ],
    [
      "a fraction of a second as a lock timeout",
      "baton:\n  default_lock_timeout: 1.5\n",
      /config\.yml: baton\.default_lock_timeout: must be whole seconds from 1 to 86400 \(got 1\.5\)$/,
    ],
    [
      "a wait beyond an hour",
      "baton:\n  max_wait_seconds: 7200\n",
      /config\.yml: baton\.max_wait_seconds: must be seconds from 0 to 3600 \(got 7200\)$/,
    ],
    [
      "a key prefix with a space",
      "baton:\n  key_prefix: a b\n",
      /config\.yml: baton\.key_prefix: must be 1-64 letters/,
    ],
  ])("rejects %s with file, key as written, and reason", (_what, yaml, message) => {
    const root = tree({ "repo/.git/HEAD": "x", "repo/.claude/config.yml": yaml });
    const error = configError(() => loadConfig({ cwd: join(root, "repo"), env: {}, home: tree({}) }));
    expect(error.code).toBe("INVALID_CONFIG");
    expect(error.message).toMatch(message);
    expect(error.message).toContain(join(root, "repo", ".claude", "config.yml"));
    expect(error.message).not.toContain("\n");
    expect(error.message).not.toMatch(/defaultLockTimeout|maxWaitSeconds|keyPrefix/);
  });

  it("ignores keys that belong to other tools", () => {
    const root = tree({
      "repo/.git/HEAD": "x",
      "repo/.claude/config.yml": "coordination: redis\nmodel: opus\nhooks: {a: 1}\n",
    });
    expect(loadConfig({ cwd: join(root, "repo"), env: {}, home: tree({}) }).backend).toBe("redis");
  });

  it.each([
    [
      { COORDINATION_BACKEND: "mongo" },
      /^environment variable COORDINATION_BACKEND: must be file \(alias local\) or redis \(got "mongo"\)$/,
    ],
    [
      { STALE_THRESHOLD: "abc" },
      /^environment variable STALE_THRESHOLD: must be whole seconds from 1 to 31536000 \(got "abc"\)$/,
    ],
    [
      { DEFAULT_LOCK_TIMEOUT: "0" },
      /^environment variable DEFAULT_LOCK_TIMEOUT: must be whole seconds from 1 to 86400/,
    ],
    [{ DEFAULT_LOCK_TIMEOUT: "1.5" }, /^environment variable DEFAULT_LOCK_TIMEOUT: must be whole seconds/],
    [{ MAX_WAIT_SECONDS: "-1" }, /^environment variable MAX_WAIT_SECONDS: must be seconds from 0 to 3600/],
    [{ SERVER_PORT: "70000" }, /^environment variable SERVER_PORT: must be a port/],
    [
      { IDLE_THRESHOLD: "10" },
      /^environment variable IDLE_THRESHOLD: must not be below the active threshold \(300 s\).* \(got 10\)$/,
    ],
    [{ BATON_KEY_PREFIX: "has space" }, /^environment variable BATON_KEY_PREFIX: must be 1-64 letters/],
    [{ LOG_LEVEL: "loud" }, /^environment variable LOG_LEVEL: must be debug, info/],
  ])("rejects invalid environment %o naming the variable", (env, message) => {
    const home = tree({});
    const error = configError(() => loadConfig({ cwd: home, env, home }));
    expect(error.code).toBe("INVALID_CONFIG");
    expect(error.message).toMatch(message);
  });

  it("names a bad flag value by its option", () => {
    const home = tree({});
    const error = configError(() => loadConfig({ cwd: home, env: {}, home, overrides: { serverPort: -1 } }));
    expect(error.message).toMatch(/^option serverPort: must be a port from 0 to 65535 \(got -1\)$/);
  });
});

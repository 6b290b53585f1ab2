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

  it.each([
    [
      "an unknown backend",
      "coordination: mongo\n",
      /config\.yml: coordination: must be one of local, file, redis \(got "mongo"\)/,
    ],
    ["broken YAML", "coordination: [redis\n", /config\.yml: line \d+: /],
    ["a list instead of a mapping", "- redis\n", /config\.yml: expected a mapping/],
    [
      "a typo in the baton section",
      "baton:\n  redis_ur: x\n",
      /config\.yml: .*unknown setting baton\.redis_ur/,
    ],
    ["a wrong type", "baton:\n  default_lock_timeout: soon\n", /config\.yml: baton\.default_lock_timeout: /],
  ])("rejects %s with file, field and reason", (_what, yaml, message) => {
    const root = tree({ "repo/.git/HEAD": "x", "repo/.claude/config.yml": yaml });
    const error = configError(() => loadConfig({ cwd: join(root, "repo"), env: {}, home: tree({}) }));
    expect(error.code).toBe("INVALID_CONFIG");
    expect(error.message).toMatch(message);
    expect(error.message).toContain(join(root, "repo", ".claude", "config.yml"));
    expect(error.message).not.toContain("\n");
  });

  it("ignores keys that belong to other tools", () => {
    const root = tree({
      "repo/.git/HEAD": "x",
      "repo/.claude/config.yml": "coordination: redis\nmodel: opus\nhooks: {a: 1}\n",
    });
    expect(loadConfig({ cwd: join(root, "repo"), env: {}, home: tree({}) }).backend).toBe("redis");
  });

  it.each([
    [{ COORDINATION_BACKEND: "mongo" }, /environment variable COORDINATION_BACKEND/],
    [{ STALE_THRESHOLD: "abc" }, /environment variable STALE_THRESHOLD: expected whole seconds.*"abc"/],
    [{ DEFAULT_LOCK_TIMEOUT: "0" }, /environment variable DEFAULT_LOCK_TIMEOUT/],
    [{ SERVER_PORT: "70000" }, /environment variable SERVER_PORT/],
    [{ IDLE_THRESHOLD: "10" }, /thresholds out of order: activeThreshold/],
    [{ BATON_KEY_PREFIX: "has space" }, /environment variable BATON_KEY_PREFIX/],
  ])("rejects invalid environment %o naming the variable", (env, message) => {
    const home = tree({});
    const error = configError(() => loadConfig({ cwd: home, env, home }));
    expect(error.code).toBe("INVALID_CONFIG");
    expect(error.message).toMatch(message);
  });
});

import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listToolsOverStdio } from "./registry/mcp-stdio.js";
import { publishWorkspace, type WorkspacePackage } from "./registry/publish.js";
import { run } from "./registry/run.js";
import { type Registry, startRegistry } from "./registry/verdaccio.js";

const UPSTREAM = "https://registry.npmjs.org/";
let registry: Registry;
let published: WorkspacePackage[];
let root: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "baton-installs-"));
  registry = await startRegistry(UPSTREAM);
  published = await publishWorkspace(registry);
}, 600_000);

afterAll(async () => {
  await registry?.stop();
  if (root) rmSync(root, { recursive: true, force: true });
}, 60_000);

/** A fresh empty folder with its own HOME and coordination dir, npm pointed at the test registry. */
function freshFolder(name: string) {
  const dir = join(root, name);
  const home = join(root, `${name}-home`);
  mkdirSync(dir);
  mkdirSync(home);
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: home,
    npm_config_userconfig: registry.npmrc,
    npm_config_cache: process.env.npm_config_cache ?? join(process.env.HOME ?? home, ".npm"),
    BATON_SESSION_ID: `install-${name}`,
  };
  return { dir, home, env };
}

const npmInstall = (dir: string, env: NodeJS.ProcessEnv, ...args: string[]) =>
  run("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", ...args], {
    cwd: dir,
    env,
    timeoutMs: 300_000,
  });
const npx = (dir: string, env: NodeJS.ProcessEnv, ...args: string[]) =>
  run("npx", ["--no", "--", ...args], { cwd: dir, env, timeoutMs: 60_000 });
const installedNames = (dir: string) =>
  Object.keys(
    (JSON.parse(readFileSync(join(dir, "package-lock.json"), "utf8")) as { packages: object }).packages,
  );
const binsOf = (name: string) =>
  Object.keys(published.find((p) => p.manifest.name === name)?.manifest.bin ?? {});

// one install at a time: on two cores, concurrent installs through one verdaccio take longer in total
describe("each package installs and works alone from a registry", () => {
  it("@agent-baton/mcp-server alone: baton-mcp --stdio answers initialize and tools/list, without the CLI", async () => {
    const { dir, env } = freshFolder("mcp-server");
    await npmInstall(dir, env, "@agent-baton/mcp-server");
    const { serverName, tools } = await listToolsOverStdio("npx", ["--no", "--", "baton-mcp", "--stdio"], {
      cwd: dir,
      env,
    });
    expect(serverName).toMatch(/baton/);
    expect(tools).toEqual(expect.arrayContaining(["acquire_lock", "release_lock", "list_locks"]));
    expect(installedNames(dir)).not.toContain("node_modules/@agent-baton/cli");
    expect(existsSync(join(dir, "node_modules", "@agent-baton", "cli"))).toBe(false);
  });

  it("@agent-baton/cli alone: baton lock acquire and release work on the file backend", async () => {
    const { dir, home, env } = freshFolder("cli");
    await npmInstall(dir, env, "@agent-baton/cli");
    const acquired = JSON.parse((await npx(dir, env, "baton", "lock", "acquire", "x", "--json")).stdout);
    expect(acquired).toMatchObject({ acquired: true, lock_name: "resource:x" });
    const released = JSON.parse((await npx(dir, env, "baton", "lock", "release", "x", "--json")).stdout);
    expect(released).toMatchObject({ released: true, lock_name: "resource:x" });
    expect(existsSync(join(dir, "node_modules", "@agent-baton", "mcp-server"))).toBe(false);
    expect(existsSync(home)).toBe(true);
  });

  it("@agent-baton/pytest-locked alone: --help answers and a run takes and frees its lock", async () => {
    const { dir, env } = freshFolder("pytest-locked");
    await npmInstall(dir, env, "@agent-baton/pytest-locked");
    const help = await npx(dir, env, "pytest-locked", "--help");
    expect(help.stdout).toMatch(/^Usage: pytest-locked/);
    const ran = await npx(
      dir,
      { ...env, PYTEST_BIN: `${process.execPath} -e "process.exit(process.env.BATON_LOCK_NAME ? 0 : 9)"` },
      "pytest-locked",
    );
    expect(ran.code).toBe(0);
    expect(existsSync(join(dir, "node_modules", "@agent-baton", "cli"))).toBe(false);
  });

  it("agent-baton: every bin works and openCoordinator imports and takes a lock", async () => {
    const { dir, env } = freshFolder("umbrella");
    await npmInstall(dir, env, "agent-baton");
    const bins = binsOf("agent-baton");
    expect(bins.sort()).toEqual(
      [
        ...binsOf("@agent-baton/cli"),
        ...binsOf("@agent-baton/mcp-server"),
        ...binsOf("@agent-baton/pytest-locked"),
      ].sort(),
    );
    for (const bin of bins) {
      const version = await npx(dir, env, bin, "--version");
      expect(version.stdout.trim(), bin).toMatch(/^\d+\.\d+\.\d+$/);
    }
    expect(JSON.parse((await npx(dir, env, "baton", "lock", "acquire", "y", "--json")).stdout)).toMatchObject(
      {
        acquired: true,
      },
    );
    const script = [
      'import { openCoordinator, createFileDriver, createRedisDriver, Coordinator } from "agent-baton";',
      'const { coordinator } = await openCoordinator({ session: "api-user" });',
      'const held = await coordinator.acquire("y");',
      'const mine = await coordinator.acquire("z");',
      "await coordinator.close();",
      "console.log(JSON.stringify({ held: held.acquired, by: held.held_by, mine: mine.acquired,",
      "  types: [typeof createFileDriver, typeof createRedisDriver, typeof Coordinator] }));",
    ].join("\n");
    const api = await run(process.execPath, ["--input-type=module", "-e", script], {
      cwd: dir,
      env,
      timeoutMs: 30_000,
    });
    expect(JSON.parse(api.stdout)).toEqual({
      held: false,
      by: "install-umbrella",
      mine: true,
      types: ["function", "function", "function"],
    });
  });

  it("npm install -g agent-baton puts every bin on PATH", async () => {
    const { dir, env } = freshFolder("global");
    const prefix = join(dir, "prefix");
    await npmInstall(dir, env, "-g", "--prefix", prefix, "agent-baton");
    const pathEnv = { ...env, PATH: `${join(prefix, "bin")}:${env.PATH}` };
    for (const bin of binsOf("agent-baton")) {
      const where = await run("sh", ["-c", `command -v ${bin}`], { cwd: dir, env: pathEnv });
      expect(where.stdout.trim()).toBe(join(prefix, "bin", bin));
      const version = await run(bin, ["--version"], { cwd: dir, env: pathEnv, timeoutMs: 30_000 });
      expect(version.stdout.trim(), bin).toMatch(/^\d+\.\d+\.\d+$/);
    }
  });
});

import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { createFileDriver } from "@agent-baton/file-driver";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { afterEach, describe, expect, it } from "vitest";
import { streamableClient } from "./clients.js";
import { call } from "./in-memory-client.js";
import { BIN, removeDir, serverEnv, spawnHttpServer, tempDir } from "./spawn-server.js";

const BATON = join(
  dirname(createRequire(import.meta.url).resolve("@agent-baton/cli/package.json")),
  "dist/bin/baton.js",
);
const STDIO_CLIENT = join(import.meta.dirname, "fixtures/stdio-client.mjs");

describe("a connection never ends a session it did not create (spawned bins, file backend)", () => {
  const cleanups: Array<() => unknown> = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  /** `baton run --lock x -- CMD…` as the shell session `claude-abc`, with its output collected. */
  function batonRun(dir: string, command: string[]) {
    const child = spawn(process.execPath, [BATON, "run", "--lock", "x", "--", ...command], {
      env: serverEnv(dir, { BATON_SESSION_ID: "claude-abc" }),
      cwd: dir,
      stdio: ["pipe", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (c: Buffer) => (out += c.toString()));
    child.stderr.on("data", (c: Buffer) => (out += c.toString()));
    const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
    cleanups.push(() => {
      if (child.exitCode === null) child.kill("SIGKILL");
      return exited;
    });
    return { child, output: () => out, exited };
  }

  const heldBy = async (driver: ReturnType<typeof createFileDriver>, name: string) =>
    (await driver.getLock(`resource:${name}`))?.holders[0]?.held_by ?? null;

  function setup() {
    const dir = tempDir();
    const driver = createFileDriver({ dir });
    cleanups.push(
      () => removeDir(dir),
      () => driver.close(),
    );
    return { dir, driver };
  }

  const until = async (check: () => boolean | Promise<boolean>) => {
    await expect.poll(check, { timeout: 15_000, interval: 100 }).toBe(true);
  };

  it("an HTTP client naming a live session of another process tree is refused, and its lock stays", async () => {
    const { dir, driver } = setup();
    const run = batonRun(dir, ["sleep", "20"]);
    await until(async () => (await heldBy(driver, "x")) === "claude-abc");
    const server = await spawnHttpServer(dir);
    cleanups.push(() => server.stop());

    const c = await streamableClient(server.url);
    const refused = await c.client.callTool({
      name: "register_session",
      arguments: { session_id: "claude-abc" },
    });
    expect(refused.isError).toBe(true);
    const text = (refused.content as Array<{ text: string }>)[0]!.text;
    expect(text).toMatch(/^NOT_OWNER: session claude-abc is live and belongs to process \d+ on this host/);
    expect(text).not.toContain("\n");
    // the connection goes on as itself
    expect(await call(c.client, "acquire_lock", { lock_name: "mine" })).toMatchObject({
      success: true,
      held_by: expect.stringMatching(/^mcp-/),
    });
    await c.disconnect();
    await until(async () => (await heldBy(driver, "mine")) === null);
    expect(await heldBy(driver, "x")).toBe("claude-abc");
    expect(run.child.exitCode).toBeNull();
  });

  it("a stdio server spawned inside the session's process tree binds to it, and its EOF does not end it", async () => {
    const { dir, driver } = setup();
    const run = batonRun(dir, [process.execPath, STDIO_CLIENT, BIN, "y"]);
    await until(() => run.output().includes('"closed":true'));
    expect(run.output()).toContain('"held_by":"claude-abc"');
    // the server has exited on EOF; the session it joined kept both its locks
    expect(await heldBy(driver, "x")).toBe("claude-abc");
    expect(await heldBy(driver, "y")).toBe("claude-abc");
    run.child.stdin.end();
    expect(await run.exited).toBe(0);
    expect(await heldBy(driver, "x")).toBeNull();
  });

  it("a stdio server whose identity is a live session of another process tree answers NOT_OWNER until it binds another id", async () => {
    const { dir, driver } = setup();
    const run = batonRun(dir, ["sleep", "20"]);
    await until(async () => (await heldBy(driver, "x")) === "claude-abc");
    const client = new Client({ name: "outsider", version: "0.0.0" });
    await client.connect(
      new StdioClientTransport({
        command: process.execPath,
        args: [BIN, "--stdio"],
        env: serverEnv(dir, { BATON_SESSION_ID: "claude-abc" }) as Record<string, string>,
        cwd: dir,
        stderr: "pipe",
      }),
    );
    cleanups.push(() => client.close());
    const refused = await client.callTool({ name: "acquire_lock", arguments: { lock_name: "x" } });
    expect(refused.isError).toBe(true);
    expect((refused.content as Array<{ text: string }>)[0]!.text).toMatch(
      /^NOT_OWNER: session claude-abc is live/,
    );
    expect(await call(client, "register_session", { session_id: "outsider-1" })).toMatchObject({
      session_id: "outsider-1",
    });
    expect(await call(client, "acquire_lock", { lock_name: "own" })).toMatchObject({ held_by: "outsider-1" });
    await client.close();
    // it created outsider-1, so its EOF ends it; claude-abc's lock was never touched
    await until(async () => (await heldBy(driver, "own")) === null);
    expect(await heldBy(driver, "x")).toBe("claude-abc");
    expect(run.child.exitCode).toBeNull();
  });

  it("a session the connection created (a free name) is ended when it disconnects; a joined one with no pid is not", async () => {
    const { dir, driver } = setup();
    const server = await spawnHttpServer(dir);
    cleanups.push(() => server.stop());
    // a shell's lock with no process recorded: live, but nobody here can tell whose tree it is
    const shell = spawn(process.execPath, [BATON, "lock", "acquire", "shared", "--ttl", "600"], {
      env: serverEnv(dir, { BATON_SESSION_ID: "no-pid" }),
      cwd: dir,
      stdio: "ignore",
    });
    expect(await new Promise((r) => shell.once("exit", r))).toBe(0);

    const creator = await streamableClient(server.url);
    expect(await call(creator.client, "register_session", { session_id: "fresh-1" })).toMatchObject({
      session_id: "fresh-1",
      registered: true,
    });
    await call(creator.client, "acquire_lock", { lock_name: "z" });
    const joiner = await streamableClient(server.url);
    await call(joiner.client, "register_session", { session_id: "no-pid" });
    expect(await call(joiner.client, "acquire_lock", { lock_name: "w" })).toMatchObject({
      held_by: "no-pid",
    });

    await creator.disconnect();
    await joiner.disconnect();
    const open = async () =>
      ((await (await fetch(`${server.url}/health`)).json()) as { sessions: { streamable: number } }).sessions
        .streamable;
    await until(async () => (await open()) === 0);
    await until(async () => (await heldBy(driver, "z")) === null);
    expect(await heldBy(driver, "shared")).toBe("no-pid");
    expect(await heldBy(driver, "w")).toBe("no-pid");
  });
});

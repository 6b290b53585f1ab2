import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createFileDriver } from "@agent-baton/file-driver";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { afterEach, describe, expect, it } from "vitest";
import { call } from "./in-memory-client.js";
import { BIN, removeDir, serverEnv, tempDir } from "./spawn-server.js";

async function stdioClient(dir: string, env: NodeJS.ProcessEnv, args: string[] = []) {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [BIN, "--stdio", ...args],
    env: serverEnv(dir, env) as Record<string, string>,
    cwd: dir,
    stderr: "pipe",
  });
  const client = new Client({ name: "test-stdio", version: "0.0.0" });
  await client.connect(transport);
  return Object.assign(client, { serverPid: transport.pid! });
}

describe("baton-mcp --stdio (spawned bin, file backend)", () => {
  const cleanups: Array<() => unknown> = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });
  const dirFor = () => {
    const dir = tempDir();
    cleanups.push(() => removeDir(dir));
    return dir;
  };

  it("the session is CLAUDE_CODE_SESSION_ID, and stdin EOF ends it, releasing its locks", async () => {
    const dir = dirFor();
    const client = await stdioClient(dir, { CLAUDE_CODE_SESSION_ID: "claude-abc" });
    expect((await client.listTools()).tools).toHaveLength(20);
    expect(await call(client, "acquire_lock", { lock_name: "pytest-api" })).toMatchObject({
      success: true,
      held_by: "claude-abc",
    });
    expect(await call(client, "session_status")).toMatchObject({ me: "claude-abc" });
    const driver = createFileDriver({ dir });
    cleanups.push(() => driver.close());
    expect((await driver.getLock("resource:pytest-api"))?.holders[0]?.held_by).toBe("claude-abc");
    await client.close();
    await expect.poll(() => driver.getLock("resource:pytest-api"), { timeout: 10_000 }).toBeNull();
  });

  it("without env ids the session is the parent Claude Code process's (~/.claude/sessions/<pid>.json)", async () => {
    const dir = dirFor();
    mkdirSync(join(dir, ".claude", "sessions"), { recursive: true });
    writeFileSync(
      join(dir, ".claude", "sessions", `${process.pid}.json`),
      JSON.stringify({ pid: process.pid, sessionId: "claude-parent-7" }),
    );
    const client = await stdioClient(dir, {});
    cleanups.push(() => client.close());
    expect(await call(client, "heartbeat")).toMatchObject({ session_id: "claude-parent-7" });
  });

  it("with --keep-sessions a closed connection's locks stay until their TTL", async () => {
    const dir = dirFor();
    const client = await stdioClient(dir, { CLAUDE_SESSION_ID: "keeper" }, ["--keep-sessions"]);
    await call(client, "acquire_lock", { lock_name: "kept", timeout_seconds: 600 });
    await client.close();
    const driver = createFileDriver({ dir });
    cleanups.push(() => driver.close());
    expect((await driver.getLock("resource:kept"))?.holders[0]?.held_by).toBe("keeper");
  });

  it("--env-file supplies the environment (here the session id)", async () => {
    const dir = dirFor();
    const envFile = join(dir, ".env");
    writeFileSync(envFile, `# test\nCLAUDE_SESSION_ID="from-env-file"\nexport LOG_LEVEL=warn\n`);
    const client = await stdioClient(dir, {}, ["--env-file", envFile]);
    cleanups.push(() => client.close());
    expect(await call(client, "heartbeat")).toMatchObject({ session_id: "from-env-file" });
  });

  it("SIGTERM ends the stdio session, releasing its locks before the server goes", async () => {
    const dir = dirFor();
    const client = await stdioClient(dir, { CLAUDE_SESSION_ID: "terminated" });
    await call(client, "acquire_lock", { lock_name: "suite" });
    const closed = new Promise<void>((resolve) => {
      client.onclose = resolve;
    });
    process.kill(client.serverPid, "SIGTERM");
    await closed;
    const driver = createFileDriver({ dir });
    cleanups.push(() => driver.close());
    expect(await driver.getLock("resource:suite")).toBeNull();
  });
});

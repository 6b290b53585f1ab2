import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { BIN, removeDir, type SpawnedServer, serverEnv, spawnHttpServer, tempDir } from "./spawn-server.js";

// the launcher is the package's `inspector` bin; `--cli` hands the rest of the arguments to its CLI client
const INSPECTOR = join(
  dirname(createRequire(import.meta.url).resolve("@modelcontextprotocol/inspector/package.json")),
  "clients/launcher/build/index.js",
);

function inspector(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawn(process.execPath, [INSPECTOR, "--cli", ...args], {
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stdout.on("data", (c: Buffer) => (out += c.toString()));
  child.stderr.on("data", (c: Buffer) => (err += c.toString()));
  return new Promise((r) => child.once("exit", (code) => r({ code, out, err })));
}

describe("the MCP Inspector CLI as a third-party client", () => {
  const cleanups: Array<() => unknown> = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  const targets: Array<[string, (dir: string) => Promise<string[]>]> = [
    [
      "Streamable HTTP",
      async (dir) => {
        const s: SpawnedServer = await spawnHttpServer(dir);
        cleanups.push(() => s.stop());
        return [`${s.url}/mcp`];
      },
    ],
    [
      "SSE",
      async (dir) => {
        const s: SpawnedServer = await spawnHttpServer(dir);
        cleanups.push(() => s.stop());
        return [`${s.url}/sse`];
      },
    ],
    [
      "stdio",
      async (dir) => [
        process.execPath,
        BIN,
        "--stdio",
        "-e",
        `COORDINATION_DIR=${dir}`,
        "-e",
        "CLAUDE_SESSION_ID=inspector-1",
      ],
    ],
  ];

  for (const [label, target] of targets) {
    it(`${label}: tools/list shows every tool and tools/call acquire_lock returns structured content`, async () => {
      const dir = tempDir();
      cleanups.push(() => removeDir(dir));
      const env = serverEnv(dir);
      const args = await target(dir);
      const list = await inspector([...args, "--method", "tools/list"], env);
      expect(list.code, list.err).toBe(0);
      const names = (JSON.parse(list.out) as { tools: Array<{ name: string }> }).tools.map((t) => t.name);
      expect(names).toContain("acquire_lock");
      expect(names).toHaveLength(20);
      const acquired = await inspector(
        [
          ...args,
          "--method",
          "tools/call",
          "--tool-name",
          "acquire_lock",
          "--tool-arg",
          "lock_name=inspected",
          "--tool-arg",
          "timeout_seconds=60",
        ],
        env,
      );
      expect(acquired.code, acquired.err).toBe(0);
      expect(JSON.parse(acquired.out).structuredContent).toMatchObject({
        success: true,
        lock_name: "resource:inspected",
      });
      const bad = await inspector(
        [
          ...args,
          "--method",
          "tools/call",
          "--tool-name",
          "acquire_lock",
          "--tool-arg",
          "lock_name=has space",
        ],
        env,
      );
      expect(bad.out + bad.err).toContain("lock_name");
    });
  }
});

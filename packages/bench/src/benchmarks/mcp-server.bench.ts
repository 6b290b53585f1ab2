import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { processMemory } from "@agent-baton/core";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
// the private test harness's redis-server starter, from source: bench does not depend on that package
import { startRedis } from "../../../driver-test-suite/src/redis-server.js";
import type { Benchmark, BenchRow } from "../types.js";

const CLIENTS = Number(process.env.BENCH_MCP_CLIENTS ?? 50);
const CALLS_PER_CLIENT = Number(process.env.BENCH_MCP_CALLS ?? 200);
const LOCKS = 10;
const STDIO_CALLS = 500;

const MCP_PACKAGE = createRequire(import.meta.url).resolve("@agent-baton/mcp-server/package.json");
const BIN = join(dirname(MCP_PACKAGE), "dist/bin/baton-mcp.js");
// the echo server imports the same zod the MCP server uses (bench itself does not depend on zod)
const ZOD_URL = pathToFileURL(createRequire(MCP_PACKAGE).resolve("zod")).href;
const BENCH_DIR = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** The floor: an MCP server made of the SDK alone, one tool that echoes, over stdio. */
const ECHO_SERVER = `
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { z } from "${ZOD_URL}";
const server = new McpServer({ name: "echo", version: "0.0.0" });
server.registerTool("echo", { inputSchema: { lock_name: z.string() }, outputSchema: { lock_name: z.string() } },
  async ({ lock_name }) => ({ content: [{ type: "text", text: lock_name }], structuredContent: { lock_name } }));
await server.connect(new StdioServerTransport());
`;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

/** Resident and peak memory of a process, in MiB; the peak is the resident figure where the platform keeps none. */
function memoryOf(pid: number): { rss: number; peak: number } {
  const memory = processMemory(pid);
  if (!memory) return { rss: Number.NaN, peak: Number.NaN };
  return { rss: memory.rss / 2 ** 20, peak: (memory.peak ?? memory.rss) / 2 ** 20 };
}

function startHttpServer(
  dir: string,
  backendEnv: Record<string, string>,
): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [BIN, "--port", "0"], {
    env: { ...process.env, COORDINATION_DIR: dir, HOME: dir, LOG_LEVEL: "info", ...backendEnv },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let err = "";
  return new Promise((resolve, reject) => {
    child.stderr!.on("data", (c: Buffer) => {
      err += c.toString();
      const m = /listening on (http:\/\/\S+)/.exec(err);
      if (m) resolve({ child, url: m[1]! });
    });
    child.once("exit", (code) => reject(new Error(`baton-mcp exited ${code}: ${err}`)));
  });
}

async function httpLoad(url: string, pid: number) {
  const latencies: number[] = [];
  let protocolErrors = 0;
  let duplicates = 0;
  let acquisitions = 0;
  const owner = new Map<string, number>();
  const tokens = new Map<string, Set<number>>();
  let peakRss = 0;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, memoryOf(pid).rss);
  }, 100);

  const timed = async (client: Client, name: string, args: Record<string, unknown>) => {
    const started = performance.now();
    try {
      const result = await client.callTool({ name, arguments: args });
      latencies.push(performance.now() - started);
      if (result.isError) protocolErrors += 1;
      return result.structuredContent as Record<string, unknown> | undefined;
    } catch {
      protocolErrors += 1;
      return undefined;
    }
  };

  const clients = await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      const client = new Client({ name: "bench", version: "0.0.0" });
      const transport = new StreamableHTTPClientTransport(new URL(`${url}/mcp`));
      await client.connect(transport);
      return { client, transport };
    }),
  );
  const started = performance.now();
  await Promise.all(
    clients.map(async ({ client }, i) => {
      for (let n = 0; n < CALLS_PER_CLIENT / 2; n++) {
        const lock = `bench-${(i + n) % LOCKS}`;
        const got = await timed(client, "acquire_lock", { lock_name: lock, timeout_seconds: 60 });
        if (got?.success === true) {
          acquisitions += 1;
          if (owner.has(lock)) duplicates += 1;
          owner.set(lock, i);
          const seen = tokens.get(lock) ?? new Set<number>();
          if (seen.has(got.fencing_token as number)) duplicates += 1;
          seen.add(got.fencing_token as number);
          tokens.set(lock, seen);
          owner.delete(lock);
          await timed(client, "release_lock", { lock_name: lock });
        } else {
          await timed(client, "check_lock", { lock_name: lock });
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  for (const { client, transport } of clients) {
    await transport.terminateSession().catch(() => undefined);
    await client.close();
  }
  latencies.sort((a, b) => a - b);
  return { latencies, protocolErrors, duplicates, acquisitions, seconds, peakRss };
}

async function stdioRoundTrip(
  command: string,
  args: string[],
  tool: string,
  env: Record<string, string>,
  cwd: string,
) {
  const transport = new StdioClientTransport({ command, args, env, cwd, stderr: "ignore" });
  const client = new Client({ name: "bench-stdio", version: "0.0.0" });
  await client.connect(transport);
  for (let i = 0; i < 50; i++) await client.callTool({ name: tool, arguments: { lock_name: "warm" } });
  const samples: number[] = [];
  for (let i = 0; i < STDIO_CALLS; i++) {
    const started = performance.now();
    await client.callTool({ name: tool, arguments: { lock_name: "pytest-api" } });
    samples.push(performance.now() - started);
  }
  await client.close();
  samples.sort((a, b) => a - b);
  return { p50: percentile(samples, 50), p99: percentile(samples, 99) };
}

/** Runs the HTTP load against a fresh server on one backend, and its figures as rows. */
async function httpRows(dir: string, label: string, backendEnv: Record<string, string>) {
  const { child, url } = await startHttpServer(dir, backendEnv);
  const idle = memoryOf(child.pid!);
  const load = await httpLoad(url, child.pid!);
  const after = memoryOf(child.pid!);
  child.kill("SIGTERM");
  await new Promise((r) => child.once("exit", r));
  const subject = `baton-mcp http (${label})`;
  const rows: BenchRow[] = [
    { subject, metric: "tool calls", value: load.latencies.length, unit: "calls" },
    { subject, metric: "protocol errors", value: load.protocolErrors, unit: "calls" },
    { subject, metric: "duplicated lock ownership", value: load.duplicates, unit: "times" },
    { subject, metric: "acquisitions", value: load.acquisitions, unit: "locks" },
    { subject, metric: "throughput", value: (CLIENTS * CALLS_PER_CLIENT) / load.seconds, unit: "calls/s" },
    { subject, metric: "tool call p50", value: percentile(load.latencies, 50), unit: "ms" },
    { subject, metric: "tool call p99", value: percentile(load.latencies, 99), unit: "ms" },
    { subject, metric: "server RSS idle", value: idle.rss, unit: "MiB" },
    { subject, metric: "server RSS peak under load", value: Math.max(load.peakRss, after.peak), unit: "MiB" },
  ];
  return { rows, load };
}

const benchmark: Benchmark = {
  name: `mcp-server: ${CLIENTS} HTTP clients × ${CALLS_PER_CLIENT} tool calls; stdio round trip against an SDK-only echo server`,
  async run() {
    const dir = mkdtempSync(join(tmpdir(), "baton-bench-mcp-"));
    const redis = await startRedis();
    try {
      const file = await httpRows(dir, "file", { COORDINATION_BACKEND: "file" });
      const onRedis = await httpRows(dir, "redis", {
        COORDINATION_BACKEND: "redis",
        REDIS_URL: redis.url,
        BATON_KEY_PREFIX: "bench-mcp",
      });

      const env = {
        ...(process.env as Record<string, string>),
        COORDINATION_BACKEND: "file",
        COORDINATION_DIR: dir,
        HOME: dir,
        CLAUDE_SESSION_ID: "bench-stdio",
      };
      const baton = await stdioRoundTrip(process.execPath, [BIN, "--stdio"], "check_lock", env, dir);
      const echo = await stdioRoundTrip(
        process.execPath,
        ["--input-type=module", "-e", ECHO_SERVER],
        "echo",
        env,
        BENCH_DIR,
      );

      const total = CLIENTS * CALLS_PER_CLIENT;
      const rows: BenchRow[] = [
        ...file.rows,
        ...onRedis.rows,
        { subject: "baton-mcp stdio", metric: "check_lock round trip p50", value: baton.p50, unit: "ms" },
        { subject: "baton-mcp stdio", metric: "check_lock round trip p99", value: baton.p99, unit: "ms" },
        { subject: "sdk echo stdio", metric: "echo round trip p50", value: echo.p50, unit: "ms" },
        { subject: "sdk echo stdio", metric: "echo round trip p99", value: echo.p99, unit: "ms" },
      ];
      return {
        rows,
        ratios: [
          {
            label: "file: protocol errors / tool calls",
            value: file.load.protocolErrors / total,
            target: "<= 0",
          },
          { label: "file: duplicated ownerships", value: file.load.duplicates, target: "<= 0" },
          {
            label: "redis: protocol errors / tool calls",
            value: onRedis.load.protocolErrors / total,
            target: "<= 0",
          },
          { label: "redis: duplicated ownerships", value: onRedis.load.duplicates, target: "<= 0" },
          { label: "stdio p50: baton check_lock / SDK echo", value: baton.p50 / echo.p50, target: "<= 3" },
        ],
        notes: [
          `${CLIENTS} Streamable HTTP sessions on one server per backend, ${LOCKS} locks, each client alternating acquire_lock with release_lock (or check_lock when refused)`,
          "ownership is checked client-side between a successful acquire and its release, and fencing tokens must never repeat",
          "HTTP latency under load is concurrency / throughput: the server and the 50 clients share this machine's 2 cores",
        ],
      };
    } finally {
      await redis.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

export default benchmark;

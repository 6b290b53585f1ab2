import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { Agent } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
// the private test harness's redis-server starter and the MCP tests' thin client, from source
import { startRedis } from "../../../driver-test-suite/src/redis-server.js";
import { RawMcpClient } from "../../../mcp-server/test/raw-client.js";
import {
  BATON_MCP_BIN,
  canPin,
  cpuMs,
  FLOOR_DIR,
  FLOOR_HTTP_SERVER,
  FLOOR_STDIO_SERVER,
  type RunningServer,
  rssMiB,
  startServer,
} from "../mcp/servers.js";
import type { Benchmark, BenchRatio, BenchRow } from "../types.js";

const CLIENTS = Number(process.env.BENCH_MCP_CLIENTS ?? 50);
const ROUNDS = Number(process.env.BENCH_MCP_ROUNDS ?? 5);
const PHASE_MS = Number(process.env.BENCH_MCP_PHASE_MS ?? 3_000);
/** Unmeasured calls per workload first: on a busy machine the JIT needs seconds to settle. */
const WARMUP_MS = Number(process.env.BENCH_MCP_WARMUP_MS ?? 6_000);
const FLOOD = Number(process.env.BENCH_MCP_FLOOD ?? 5_000);
const STDIO_CALLS = 500;
/** The servers get one core, the clients (this process) the other. */
const SERVER_CPU = 1;
const CLIENT_CPU = 0;

type Workload = "floor" | "check_lock" | "acquire+release";

interface Phase {
  calls: number;
  errors: number;
  seconds: number;
  cpuMsPerCall: number;
}

/** 50 connected thin clients on one keep-alive agent. */
async function connectClients(url: string) {
  const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS });
  const endpoint = new URL(`${url}/mcp`);
  const clients = await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      const c = new RawMcpClient(endpoint, agent);
      const reply = await c.connect();
      if (reply.status !== 200) throw new Error(`initialize answered ${reply.status}`);
      return c;
    }),
  );
  return { clients, close: () => agent.destroy() };
}

/** Each client calls in a loop for `ms`; counts calls, errors and the server's CPU time over them. */
async function phase(
  server: RunningServer,
  clients: RawMcpClient[],
  workload: Workload,
  ms: number,
): Promise<Phase> {
  let calls = 0;
  let errors = 0;
  const cpuBefore = cpuMs(server.pid);
  const started = performance.now();
  const until = started + ms;
  await Promise.all(
    clients.map(async (c, i) => {
      while (performance.now() < until) {
        const steps: Array<[string, Record<string, unknown>]> =
          workload === "floor"
            ? [["echo", { lock_name: `bench-${i}` }]]
            : workload === "check_lock"
              ? [["check_lock", { lock_name: `bench-${i}` }]]
              : [
                  ["acquire_lock", { lock_name: `bench-${i}`, timeout_seconds: 60 }],
                  ["release_lock", { lock_name: `bench-${i}` }],
                ];
        for (const [name, args] of steps) {
          const r = await c.callTool(name, args);
          calls += 1;
          if (r.status !== 200 || r.isError || (name !== "echo" && r.structured?.success === false))
            errors += 1;
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { calls, errors, seconds, cpuMsPerCall: (cpuMs(server.pid) - cpuBefore) / calls };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/** Floor and baton-mcp on one backend: rounds of the three workloads in rotating order, then medians and paired ratios. */
async function costOn(label: string, dir: string, backendEnv: Record<string, string>) {
  mkdirSync(dir, { recursive: true });
  const env = { ...process.env, COORDINATION_DIR: dir, HOME: dir, LOG_LEVEL: "info", ...backendEnv };
  const floor = await startServer(["--input-type=module", "-e", FLOOR_HTTP_SERVER], {
    env,
    cwd: FLOOR_DIR,
    cpu: SERVER_CPU,
  });
  const baton = await startServer([BATON_MCP_BIN, "--port", "0"], { env, cwd: dir, cpu: SERVER_CPU });
  const floorClients = await connectClients(floor.url);
  const batonClients = await connectClients(baton.url);
  const run = (w: Workload, ms: number) =>
    w === "floor" ? phase(floor, floorClients.clients, w, ms) : phase(baton, batonClients.clients, w, ms);
  const order: Workload[] = ["floor", "check_lock", "acquire+release"];
  const results: Record<Workload, Phase[]> = { floor: [], check_lock: [], "acquire+release": [] };
  try {
    for (const w of order) await run(w, WARMUP_MS);
    for (let round = 0; round < ROUNDS; round++) {
      for (let k = 0; k < order.length; k++) {
        const w = order[(round + k) % order.length]!;
        results[w].push(await run(w, PHASE_MS));
      }
    }
  } finally {
    floorClients.close();
    batonClients.close();
    await floor.stop();
    await baton.stop();
  }
  const rate = (p: Phase) => p.calls / p.seconds;
  const rows: BenchRow[] = [];
  const subjectOf = (w: Workload) =>
    w === "floor" ? `SDK-only floor (${label})` : `baton-mcp ${w} (${label})`;
  for (const w of order) {
    rows.push(
      { subject: subjectOf(w), metric: "tool calls", value: median(results[w].map(rate)), unit: "calls/s" },
      {
        subject: subjectOf(w),
        metric: "server CPU per call",
        value: median(results[w].map((p) => p.cpuMsPerCall * 1000)),
        unit: "µs",
      },
    );
  }
  const paired = (w: Workload, f: (p: Phase, floorPhase: Phase) => number) =>
    median(results[w].map((p, i) => f(p, results.floor[i]!)));
  const ratios: BenchRatio[] = [
    {
      label: `${label}: check_lock calls/s / floor`,
      value: paired("check_lock", (p, f) => rate(p) / rate(f)),
      target: label === "file" ? ">= 0.8" : undefined,
    },
    {
      label: `${label}: check_lock CPU per call / floor`,
      value: paired("check_lock", (p, f) => p.cpuMsPerCall / f.cpuMsPerCall),
    },
    {
      label: `${label}: acquire+release calls/s / floor`,
      value: paired("acquire+release", (p, f) => rate(p) / rate(f)),
    },
    {
      label: `${label}: acquire+release CPU per call / floor`,
      value: paired("acquire+release", (p, f) => p.cpuMsPerCall / f.cpuMsPerCall),
    },
    {
      label: `${label}: failed calls`,
      value: [...results.check_lock, ...results["acquire+release"], ...results.floor].reduce(
        (n, p) => n + p.errors,
        0,
      ),
      target: "<= 0",
    },
  ];
  return { rows, ratios };
}

/** `initialize` calls that never close, against the default session cap: memory and open sessions before and after. */
async function flood(dir: string) {
  mkdirSync(dir, { recursive: true });
  const env = {
    ...process.env,
    COORDINATION_DIR: dir,
    HOME: dir,
    LOG_LEVEL: "info",
    COORDINATION_BACKEND: "file",
  };
  const server = await startServer([BATON_MCP_BIN, "--port", "0"], { env, cwd: dir, cpu: SERVER_CPU });
  const agent = new Agent({ keepAlive: true, maxSockets: 16 });
  try {
    const before = rssMiB(server.pid);
    const cpuBefore = cpuMs(server.pid);
    const endpoint = new URL(`${server.url}/mcp`);
    let next = 0;
    let refused = 0;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next < FLOOD) {
          next += 1;
          if ((await new RawMcpClient(endpoint, agent).initialize()).status !== 200) refused += 1;
        }
      }),
    );
    const cpuPerInit = (cpuMs(server.pid) - cpuBefore) / FLOOD;
    const after = rssMiB(server.pid);
    const health = (await (await fetch(`${server.url}/health`)).json()) as {
      sessions: { streamable: number; max: number };
    };
    const subject = `baton-mcp, ${FLOOD} initialize never closed`;
    const rows: BenchRow[] = [
      { subject, metric: "server RSS before", value: before, unit: "MiB" },
      { subject, metric: "server RSS after", value: after, unit: "MiB" },
      { subject, metric: "sessions open after", value: health.sessions.streamable, unit: "sessions" },
      { subject, metric: "session cap", value: health.sessions.max, unit: "sessions" },
      { subject, metric: "refused (503)", value: refused, unit: "calls" },
      { subject, metric: "server CPU per initialize", value: cpuPerInit * 1000, unit: "µs" },
    ];
    return rows;
  } finally {
    agent.destroy();
    await server.stop();
  }
}

/** Round trips of one tool over stdio, as Claude Code calls a stdio server. */
async function stdioRoundTrip(args: string[], tool: string, env: Record<string, string>, cwd: string) {
  const transport = new StdioClientTransport({ command: process.execPath, args, env, cwd, stderr: "ignore" });
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
  return median(samples);
}

const benchmark: Benchmark = {
  name: `mcp-server: cost per tool call over an SDK-only floor (${CLIENTS} thin HTTP clients, server on one core), a ${FLOOD}-initialize flood, stdio round trip`,
  async run() {
    const dir = mkdtempSync(join(tmpdir(), "baton-bench-mcp-"));
    const redis = await startRedis();
    // the clients (this process) on one core, each server pinned to the other
    if (canPin)
      execFileSync("taskset", ["-p", "-c", String(CLIENT_CPU), String(process.pid)], { stdio: "ignore" });
    try {
      const file = await costOn("file", join(dir, "file"), { COORDINATION_BACKEND: "file" });
      const onRedis = await costOn("redis", join(dir, "redis"), {
        COORDINATION_BACKEND: "redis",
        REDIS_URL: redis.url,
        BATON_KEY_PREFIX: "bench-mcp",
      });
      const flooded = await flood(join(dir, "flood"));
      const env = {
        ...(process.env as Record<string, string>),
        COORDINATION_BACKEND: "file",
        COORDINATION_DIR: dir,
        HOME: dir,
        CLAUDE_SESSION_ID: "bench-stdio",
      };
      const baton = await stdioRoundTrip([BATON_MCP_BIN, "--stdio"], "check_lock", env, dir);
      const echo = await stdioRoundTrip(
        ["--input-type=module", "-e", FLOOR_STDIO_SERVER],
        "echo",
        env,
        FLOOR_DIR,
      );
      return {
        rows: [
          ...file.rows,
          ...onRedis.rows,
          ...flooded,
          { subject: "baton-mcp stdio", metric: "check_lock round trip p50", value: baton, unit: "ms" },
          { subject: "SDK-only floor stdio", metric: "echo round trip p50", value: echo, unit: "ms" },
        ],
        ratios: [
          ...file.ratios,
          ...onRedis.ratios,
          { label: "stdio p50: baton check_lock / SDK echo", value: baton / echo, target: "<= 3" },
        ],
        notes: [
          `each server ${canPin ? `pinned to CPU ${SERVER_CPU} with taskset, the clients to CPU ${CLIENT_CPU}` : "unpinned (no taskset here)"}; ${CLIENTS} clients on node:http keep-alive, one Streamable HTTP session each, one request in flight each`,
          `${WARMUP_MS / 1000} s of warm-up per workload, then ${ROUNDS} rounds of ${PHASE_MS / 1000} s per workload in rotating order; figures are medians, ratios medians of per-round pairs with the floor`,
          "acquire+release: each client takes and releases its own lock, so every call succeeds; a call is one tool call",
          "server CPU per call is the server process's user+system time over the phase divided by its calls",
        ],
      };
    } finally {
      await redis.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

export default benchmark;

import { spawn } from "node:child_process";
import * as nodeFs from "node:fs";
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import {
  type AcquireRequest,
  Coordinator,
  type Driver,
  loadConfig,
  openCoordinatorWith,
} from "@agent-baton/core";
import { createFileDriver, type FsLayer } from "@agent-baton/file-driver";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { Redis } from "ioredis";
// The private test harness's redis-server starter, from source: bench does not depend on that package.
import { sessionRecord } from "../../../driver-test-suite/src/fixtures.js";
import { startRedis } from "../../../driver-test-suite/src/redis-server.js";
import { loadDriver } from "../../../pytest-locked/src/load-driver.js";
import { BATON_MCP_BIN, startServer } from "../mcp/servers.js";
import type { Benchmark, BenchRatio, BenchRow } from "../types.js";

const SESSIONS = 1_000;
const LOCKS = 10_000;
const RUNS = 5;
const BATON_BIN = join(
  dirname(createRequire(import.meta.url).resolve("@agent-baton/cli/package.json")),
  "dist/bin/baton.js",
);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** What one step cost: wall time, and what the backend read or sent for it. */
interface Cost {
  ms: number;
  /** File backend: bytes this process read (Linux rchar); redis: bytes the server sent. */
  bytes: number;
  /** Redis commands the server ran (null on the file backend). */
  commands: number | null;
}

/** Bytes the file driver of this process has read so far, through its fs layer. */
let bytesRead = 0;
const readBytes = () => bytesRead;

/** node:fs, adding up the bytes every read returns (files, and the names a listing returns). */
const countingFs = new Proxy(nodeFs, {
  get(target, key) {
    const value = Reflect.get(target, key);
    if (typeof value !== "function") return value;
    if (key === "readFileSync")
      return (...args: unknown[]) => {
        const out = value(...args) as string | Buffer;
        bytesRead += Buffer.byteLength(out);
        return out;
      };
    if (key === "readSync")
      return (...args: unknown[]) => {
        const n = value(...args) as number;
        bytesRead += n;
        return n;
      };
    if (key === "readdirSync")
      return (...args: unknown[]) => {
        const names = value(...args) as Array<string | { name: string }>;
        for (const n of names) bytesRead += Buffer.byteLength(typeof n === "string" ? n : n.name);
        return names;
      };
    return value;
  },
}) as unknown as FsLayer;

/** Commands a redis-server has run (INFO itself left out) and bytes it has sent. */
async function serverCounters(admin: Redis): Promise<{ commands: number; bytes: number }> {
  const stats = await admin.info("commandstats");
  let commands = 0;
  for (const [, command, count] of stats.matchAll(/^cmdstat_([\w|]+):calls=(\d+)/gm)) {
    if (command !== "info") commands += Number(count);
  }
  return { commands, bytes: Number(/total_net_output_bytes:(\d+)/.exec(await admin.info("stats"))?.[1]) };
}

interface Backend {
  name: "file" | "redis";
  env: NodeJS.ProcessEnv;
  admin: Redis | null;
  stop(): Promise<void>;
}

/** The cost of `step` on `backend`; for the file backend only steps in this process are counted. */
async function costOf(backend: Backend, step: () => Promise<unknown>): Promise<Cost> {
  const before = backend.admin ? await serverCounters(backend.admin) : { commands: 0, bytes: readBytes() };
  const idle = backend.admin ? await serverCounters(backend.admin) : before;
  const started = performance.now();
  await step();
  const ms = performance.now() - started;
  const after = backend.admin ? await serverCounters(backend.admin) : { commands: 0, bytes: readBytes() };
  // reading the counters costs one INFO pair: what `idle` shows between two reads
  const overhead = backend.admin
    ? { commands: idle.commands - before.commands, bytes: idle.bytes - before.bytes }
    : null;
  return {
    ms,
    bytes: after.bytes - idle.bytes - (overhead?.bytes ?? 0),
    commands: backend.admin ? after.commands - idle.commands - (overhead?.commands ?? 0) : null,
  };
}

/** The median of RUNS costs. */
async function medianCost(backend: Backend, step: () => Promise<unknown>): Promise<Cost> {
  const costs: Cost[] = [];
  for (let i = 0; i < RUNS; i++) costs.push(await costOf(backend, step));
  return {
    ms: median(costs.map((c) => c.ms)),
    bytes: median(costs.map((c) => c.bytes)),
    commands: costs[0]!.commands === null ? null : median(costs.map((c) => c.commands!)),
  };
}

/** Runs the installed-style CLI bin as a user would; resolves with its stdout's size. */
function cli(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BATON_BIN, ...args], { env, stdio: ["ignore", "pipe", "pipe"] });
    let bytes = 0;
    let err = "";
    child.stdout.on("data", (d: Buffer) => (bytes += d.length));
    child.stderr.on("data", (d: Buffer) => (err += d));
    child.once("exit", (code) =>
      code === 0 ? resolve(bytes) : reject(new Error(`baton ${args.join(" ")} exited ${code}: ${err}`)),
    );
  });
}

async function fill(driver: Driver, sessions: number, locks: number): Promise<void> {
  for (let start = 0; start < sessions; start += 100) {
    await Promise.all(
      Array.from({ length: Math.min(100, sessions - start) }, (_, i) =>
        driver.putSession(sessionRecord(`s${start + i}`, { host: "bench" })),
      ),
    );
  }
  const ask = (sessionId: string): AcquireRequest => ({
    owner: { held_by: sessionId, host: "bench", pid: null, pid_start: null, pgid: null, worktree: "/bench" },
    ttlMs: 3_600_000,
    mode: "exclusive",
    slots: 1,
  });
  for (let start = 0; start < locks; start += 200) {
    await Promise.all(
      Array.from({ length: Math.min(200, locks - start) }, (_, i) =>
        driver.acquireLock(`resource:l${start + i}`, ask(`s${(start + i) % sessions}`)),
      ),
    );
  }
}

/** A Coordinator in this process; on the file backend its driver reads through countingFs. */
async function coordinatorFor(env: NodeJS.ProcessEnv, session: string): Promise<Coordinator> {
  // outside any git repository, as the sessions filled in are: no worktree lock to hand on at the end
  const cwd = env.HOME!;
  const config = loadConfig({ env, cwd, home: env.HOME });
  if (config.backend === "file") {
    const driver = createFileDriver({ dir: config.coordinationDir, fs: countingFs });
    return new Coordinator({ driver, config, sessionId: session, anchorPid: null, cwd });
  }
  const { coordinator } = await openCoordinatorWith({ loadDriver, env, cwd, session, anchorPid: null });
  return coordinator;
}

/** Ends a session holding one lock: the ending alone is measured. */
async function endCost(backend: Backend): Promise<Cost> {
  const leaver = await coordinatorFor(backend.env, "leaver");
  try {
    const costs: Cost[] = [];
    for (let i = 0; i < RUNS; i++) {
      await leaver.sessions.register();
      await leaver.acquire("leaver-lock");
      costs.push(await costOf(backend, () => leaver.sessions.end()));
    }
    return {
      ms: median(costs.map((c) => c.ms)),
      bytes: median(costs.map((c) => c.bytes)),
      commands: costs[0]!.commands === null ? null : median(costs.map((c) => c.commands!)),
    };
  } finally {
    await leaver.close();
  }
}

async function openBackend(name: "file" | "redis", prefix: string): Promise<Backend> {
  const home = mkdtempSync(join(tmpdir(), "baton-scale-"));
  const base = { PATH: process.env.PATH, HOME: home, BATON_SESSION_ID: "viewer" };
  if (name === "file") {
    return {
      name,
      env: { ...base, COORDINATION_BACKEND: "file", COORDINATION_DIR: join(home, "coordination") },
      admin: null,
      stop: async () => rmSync(home, { recursive: true, force: true }),
    };
  }
  const server = await startRedis();
  return {
    name,
    env: { ...base, COORDINATION_BACKEND: "redis", REDIS_URL: server.url, BATON_KEY_PREFIX: prefix },
    admin: new Redis(server.url),
    stop: async () => {
      rmSync(home, { recursive: true, force: true });
      await server.stop();
    },
  };
}

/** Every figure for one backend with SESSIONS sessions and LOCKS locks, and ending a session on an empty one. */
async function measure(name: "file" | "redis"): Promise<{ rows: BenchRow[]; ratios: BenchRatio[] }> {
  const crowded = await openBackend(name, "crowded");
  const empty = await openBackend(name, "empty");
  const rows: BenchRow[] = [];
  const subject = `${name}, ${SESSIONS} sessions / ${LOCKS} locks`;
  const add = (what: string, c: Cost, out?: number) => {
    rows.push({ subject, metric: `${what} time`, value: c.ms, unit: "ms" });
    if (c.commands !== null)
      rows.push({ subject, metric: `${what} redis commands`, value: c.commands, unit: "commands" });
    // a spawned bin's or server's file reads are its own, not this process's: only redis counts them
    if (name === "redis" || !(what.includes("(process)") || what.startsWith("MCP")))
      rows.push({
        subject,
        metric: `${what} ${name === "file" ? "bytes read" : "bytes sent by redis"}`,
        value: c.bytes,
        unit: "bytes",
      });
    if (out !== undefined) rows.push({ subject, metric: `${what} output`, value: out, unit: "bytes" });
  };
  try {
    const filler = await coordinatorFor(crowded.env, "filler");
    await fill(filler.driver, SESSIONS, LOCKS);
    await filler.close();

    // The CLI as a user runs it: a whole process; on the file backend its reads are its own, so
    // bytes come from the in-process Coordinator calls below.
    let statusOut = 0;
    let listOut = 0;
    const cliStatus = await medianCost(
      crowded,
      async () => (statusOut = await cli(["status", "--json"], crowded.env)),
    );
    const cliList = await medianCost(
      crowded,
      async () => (listOut = await cli(["lock", "list", "--json"], crowded.env)),
    );
    add("baton status --json (process)", cliStatus, statusOut);
    add("baton lock list --json (process)", cliList, listOut);

    const viewer = await coordinatorFor(crowded.env, "viewer");
    add("Coordinator status()", await medianCost(crowded, () => viewer.sessions.status()));
    add("Coordinator list()", await medianCost(crowded, () => viewer.list("*")));
    await viewer.close();

    // MCP over Streamable HTTP, the SDK client as Claude Code's is
    const server = await startServer([BATON_MCP_BIN, "--port", "0"], { env: crowded.env });
    const client = new Client({ name: "scale-bench", version: "0.0.0" });
    await client.connect(new StreamableHTTPClientTransport(new URL("/mcp", server.url)));
    try {
      add(
        "MCP session_status",
        await medianCost(crowded, () => client.callTool({ name: "session_status", arguments: {} })),
      );
      add(
        "MCP list_locks",
        await medianCost(crowded, () => client.callTool({ name: "list_locks", arguments: {} })),
      );
    } finally {
      await client.close();
      await server.stop();
    }

    const endCrowded = await endCost(crowded);
    const endEmpty = await endCost(empty);
    add("session end (1 lock)", endCrowded);
    rows.push({
      subject: `${name}, empty`,
      metric: "session end (1 lock) time",
      value: endEmpty.ms,
      unit: "ms",
    });
    const ratios: BenchRatio[] = [
      {
        label: `${name}: session end among ${LOCKS} locks / on an empty backend, time`,
        value: endCrowded.ms / endEmpty.ms,
        target: "<= 1.5",
      },
      {
        label: `${name}: session end among ${LOCKS} locks / on an empty backend, ${name === "file" ? "bytes read" : "commands"}`,
        value:
          name === "file" ? endCrowded.bytes / endEmpty.bytes : endCrowded.commands! / endEmpty.commands!,
        target: "<= 1.5",
      },
    ];
    return { rows, ratios };
  } finally {
    await crowded.admin?.quit();
    await empty.admin?.quit();
    await crowded.stop();
    await empty.stop();
  }
}

const benchmark: Benchmark = {
  name: `scale: ${SESSIONS} sessions and ${LOCKS} locks — status, lock list, MCP session_status/list_locks, session end`,
  async run() {
    const file = await measure("file");
    const redis = await measure("redis");
    return {
      rows: [...file.rows, ...redis.rows],
      ratios: [...file.ratios, ...redis.ratios],
      notes: [
        `Each backend holds ${SESSIONS} registered sessions and ${LOCKS} locks (10 per session). Figures are medians of ${RUNS} runs. "(process)" rows spawn the built baton bin as a user does (node start included); status and lock list answer one page (100) with totals over everything.`,
        "Bytes: on the file backend, what the in-process Coordinator's driver read through its fs layer (file contents and directory listings); on redis, what the server sent (INFO total_net_output_bytes), with commands from INFO commandstats, less what reading the counters costs.",
        "Session end: a session holding one lock, outside any git repository, is ended; the same on an empty backend is the yardstick (the per-session index keeps it from reading others' records). A session whose linked git worktree baton had locked also looks through every session for another live one there to hand the worktree lock on to (a first run from inside a worktree read 361 KB on the file backend and 272 KB from redis at this scale).",
      ],
    };
  },
};

export default benchmark;

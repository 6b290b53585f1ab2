import { EventEmitter, once } from "node:events";
import type { Driver } from "@agent-baton/core";
import { createRedisDriver } from "@agent-baton/redis-driver";
import { Redis } from "ioredis";
import { Mutex } from "redis-semaphore";
// The private test harness's redis-server starter, from source: bench does not depend on that package.
import { startRedis } from "../../../driver-test-suite/src/redis-server.js";
import type { Benchmark, BenchRow } from "../types.js";

const CYCLES = 12_000;
const ROUNDS = 60;
const CONTENDERS = 8;
const HANDOFFS = 400;
const REDLOCK_HANDOFFS = 40;
const SEMAPHORE_HANDOFFS = 200;
const HOLD_MS = 1;
const TTL_MS = 30_000;
const OWNER = { host: "bench", pid: null, pid_start: null, worktree: null };

type Subject =
  | "baton redis-driver"
  | "raw SET NX PX + Lua CAD"
  | "scripted SET NX PX + Lua CAD"
  | "redlock"
  | "redis-semaphore Mutex";
const SUBJECTS: Subject[] = [
  "baton redis-driver",
  "raw SET NX PX + Lua CAD",
  "scripted SET NX PX + Lua CAD",
  "redlock",
  "redis-semaphore Mutex",
];

/** The part of redlock used here: its `exports` map carries no types, so TypeScript cannot see them. */
interface RedlockLike {
  acquire(resources: string[], duration: number): Promise<{ release(): Promise<unknown> }>;
}
const redlockModule = "redlock";
const { default: Redlock } = (await import(redlockModule)) as {
  default: new (clients: Redis[]) => RedlockLike;
};

const COMPARE_AND_DELETE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;
/** The floor's SET NX PX run as a script: the least an acquire that must be a Lua script can cost. */
const SCRIPTED_SET = `return redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2])`;

interface Contender {
  /** Takes the lock, waiting as this subject waits by design. */
  acquire(): Promise<void>;
  release(): Promise<void>;
  close(): Promise<void>;
}

/** One client of a subject on its own connection(s). */
function contender(subject: Subject, url: string, id: string): Contender {
  if (subject === "baton redis-driver") {
    const driver: Driver = createRedisDriver({ url, keyPrefix: "bench" });
    const owner = { ...OWNER, held_by: id };
    return {
      async acquire() {
        while (!(await driver.acquireLock("resource:bench", owner, TTL_MS)).acquired) {
          await driver.waitForRelease("resource:bench", 5_000);
        }
      },
      async release() {
        await driver.releaseLock("resource:bench", id);
      },
      close: () => driver.close(),
    };
  }
  const client = new Redis(url);
  if (subject === "raw SET NX PX + Lua CAD" || subject === "scripted SET NX PX + Lua CAD") {
    const scripted = subject === "scripted SET NX PX + Lua CAD";
    const key = scripted ? "scripted:bench" : "raw:bench";
    client.defineCommand("cad", { numberOfKeys: 1, lua: COMPARE_AND_DELETE });
    client.defineCommand("scriptedSet", { numberOfKeys: 1, lua: SCRIPTED_SET });
    const scripts = client as unknown as {
      cad(key: string, value: string): Promise<number>;
      scriptedSet(key: string, value: string, ttlMs: number): Promise<string | null>;
    };
    const set = scripted
      ? (value: string) => scripts.scriptedSet(key, value, TTL_MS)
      : (value: string) => client.set(key, value, "PX", TTL_MS, "NX");
    let value = "";
    return {
      async acquire() {
        value = `${id}:${Math.random()}`;
        if ((await set(value)) !== "OK") throw new Error("held");
      },
      async release() {
        await scripts.cad(key, value);
      },
      close: async () => client.disconnect(),
    };
  }
  if (subject === "redlock") {
    // Default settings: retryCount 10, retryDelay 200 ms, retryJitter 100 ms.
    const redlock = new Redlock([client]);
    let lock: Awaited<ReturnType<RedlockLike["acquire"]>> | undefined;
    return {
      async acquire() {
        for (;;) {
          try {
            lock = await redlock.acquire(["redlock:bench"], TTL_MS);
            return;
          } catch {
            // Out of retries while others held it: a caller would try again.
          }
        }
      },
      async release() {
        await lock!.release();
      },
      close: async () => client.disconnect(),
    };
  }
  const mutex = new Mutex(client, "semaphore:bench", { lockTimeout: TTL_MS, refreshInterval: 0 });
  return {
    acquire: () => mutex.acquire(),
    release: () => mutex.release(),
    close: async () => client.disconnect(),
  };
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]!;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

interface Solo {
  figures: Record<Subject, { rate: number; p50: number; p99: number }>;
  /** The median over rounds of a's cycles/s over b's in the same round. */
  paired(a: Subject, b: Subject): number;
}

/**
 * Cycles/s (median round) and per-cycle latency percentiles of one uncontended client per subject.
 * Subjects take short turns in many rounds, in an order that rotates every round, so load elsewhere
 * on the machine hits them alike; a ratio is the median of the per-round ratios, each of two
 * subjects measured within milliseconds of each other.
 */
async function single(url: string): Promise<Solo> {
  const clients = SUBJECTS.map((s) => contender(s, url, "solo"));
  const latencies = SUBJECTS.map(() => [] as number[]);
  const rates = SUBJECTS.map(() => [] as number[]);
  for (const c of clients) {
    for (let i = 0; i < 200; i++) {
      await c.acquire();
      await c.release();
    }
  }
  for (let round = 0; round < ROUNDS; round++) {
    for (let turn = 0; turn < clients.length; turn++) {
      const i = (round + turn) % clients.length;
      const c = clients[i]!;
      const roundStart = performance.now();
      for (let n = 0; n < CYCLES / ROUNDS; n++) {
        const started = performance.now();
        await c.acquire();
        await c.release();
        latencies[i]!.push(performance.now() - started);
      }
      rates[i]!.push((CYCLES / ROUNDS / (performance.now() - roundStart)) * 1000);
    }
  }
  await Promise.all(clients.map((c) => c.close()));
  const at = (s: Subject) => SUBJECTS.indexOf(s);
  const figures = Object.fromEntries(
    SUBJECTS.map((s, i) => {
      const sorted = latencies[i]!.sort((a, b) => a - b);
      return [s, { rate: median(rates[i]!), p50: percentile(sorted, 50), p99: percentile(sorted, 99) }];
    }),
  ) as Solo["figures"];
  const paired = (a: Subject, b: Subject) =>
    median(rates[at(a)]!.map((rate, round) => rate / rates[at(b)]![round]!));
  return { figures, paired };
}

/**
 * Handoff latency: from the moment a holder starts releasing to the moment a waiting contender
 * holds the lock, with CONTENDERS clients all wanting it and each holding it for HOLD_MS. A client
 * that released waits for the next holder before it competes again, so every sample is a handoff.
 */
async function handoff(subject: Subject, url: string, handoffs: number): Promise<number[]> {
  const clients = Array.from({ length: CONTENDERS }, (_, i) => contender(subject, url, `c${i}`));
  const samples: number[] = [];
  const acquired = new EventEmitter().setMaxListeners(0);
  let releasedAt: number | undefined;
  await Promise.all(
    clients.map(async (c) => {
      while (samples.length < handoffs) {
        await c.acquire();
        if (releasedAt !== undefined) samples.push(performance.now() - releasedAt);
        acquired.emit("holder");
        await new Promise((r) => setTimeout(r, HOLD_MS));
        const next = once(acquired, "holder");
        releasedAt = performance.now();
        await c.release();
        if (samples.length < handoffs) await next;
      }
    }),
  );
  await Promise.all(clients.map((c) => c.close()));
  return samples.slice(0, handoffs).sort((a, b) => a - b);
}

const benchmark: Benchmark = {
  name: "redis-driver: acquire+release and handoff on a local redis-server",
  async run() {
    const server = await startRedis();
    try {
      const { figures: solo, paired } = await single(server.url);
      const baton = await handoff("baton redis-driver", server.url, HANDOFFS);
      const redlock = await handoff("redlock", server.url, REDLOCK_HANDOFFS);
      const semaphore = await handoff("redis-semaphore Mutex", server.url, SEMAPHORE_HANDOFFS);
      const rows: BenchRow[] = SUBJECTS.flatMap((subject) => [
        {
          subject,
          metric: "acquire+release, 1 client",
          value: Math.round(solo[subject].rate),
          unit: "cycles/s",
        },
        { subject, metric: "cycle p50", value: solo[subject].p50, unit: "ms" },
        { subject, metric: "cycle p99", value: solo[subject].p99, unit: "ms" },
      ]);
      const handoffs: [Subject, number[]][] = [
        ["baton redis-driver", baton],
        ["redlock", redlock],
        ["redis-semaphore Mutex", semaphore],
      ];
      for (const [subject, samples] of handoffs) {
        for (const p of [50, 99]) {
          const metric = `handoff p${p}, ${CONTENDERS} clients`;
          rows.push({ subject, metric, value: percentile(samples, p), unit: "ms" });
        }
      }
      const pairedWithBaton = (peer: Subject) => paired("baton redis-driver", peer);
      return {
        rows,
        ratios: [
          {
            label: "baton / raw floor, cycles/s",
            value: pairedWithBaton("raw SET NX PX + Lua CAD"),
            target: ">= 0.9",
          },
          {
            label: "scripted floor / raw floor, cycles/s",
            value: paired("scripted SET NX PX + Lua CAD", "raw SET NX PX + Lua CAD"),
          },
          {
            label: "baton / scripted floor, cycles/s",
            value: pairedWithBaton("scripted SET NX PX + Lua CAD"),
          },
          {
            label: "baton / redlock, cycles/s",
            value: pairedWithBaton("redlock"),
            target: ">= 1",
          },
          {
            label: "baton / redis-semaphore, cycles/s",
            value: pairedWithBaton("redis-semaphore Mutex"),
            target: ">= 1",
          },
          { label: "baton handoff p50, ms", value: percentile(baton, 50), target: "<= 5" },
          {
            label: "redlock / baton handoff p50",
            value: percentile(redlock, 50) / percentile(baton, 50),
            target: ">= 1",
          },
          {
            label: "redis-semaphore / baton handoff p50",
            value: percentile(semaphore, 50) / percentile(baton, 50),
            target: ">= 1",
          },
        ],
        notes: [
          `${CYCLES} cycles per subject in ${ROUNDS} rounds of ${CYCLES / ROUNDS}, the subjects' order rotating each round; cycles/s is the median round, a cycles/s ratio the median of the per-round ratios.`,
          `Handoff: release start → next holder, ${CONTENDERS} clients in one process each on its own connection, ${HOLD_MS} ms hold; baton ${HANDOFFS} handoffs, redlock ${REDLOCK_HANDOFFS} (its 200 ms retry delay makes more slow), redis-semaphore ${SEMAPHORE_HANDOFFS} (it polls every 10 ms by default).`,
          "baton's cycle does more than the floor: an owner record and a fencing HINCRBY in one Lua script, where the floor sends a bare SET NX PX. redis-semaphore's Mutex is that same floor (SET NX PX, then a compare-and-delete script).",
          "The scripted floor sends the floor's SET NX PX inside a one-line Lua script: what running the acquire as a script costs by itself, before any of baton's work.",
        ],
      };
    } finally {
      await server.stop();
    }
  },
};

export default benchmark;

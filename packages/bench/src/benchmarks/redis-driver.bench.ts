import { EventEmitter, once } from "node:events";
import { Redis } from "ioredis";
// The private test harness's redis-server starter, from source: bench does not depend on that package.
import { startRedis } from "../../../driver-test-suite/src/redis-server.js";
import { contender, type Subject, WAITERS } from "../redis/contenders.js";
import type { Benchmark, BenchRow } from "../types.js";

const CYCLES = 12_000;
const ROUNDS = 60;
const CONTENDERS = 8;
const HANDOFFS = 400;
const REDLOCK_HANDOFFS = 40;
const SEMAPHORE_HANDOFFS = 200;
const WORK_MS = 1;
const CONTENDED_MS = 3_000;
/** Holders at once in the slots round (`--slots 4` against redis-semaphore's Semaphore of 4). */
const SLOTS = 4;

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]!;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const work = () => new Promise((r) => setTimeout(r, WORK_MS));

interface Solo {
  rate: number;
  p50: number;
  p99: number;
  rates: number[];
  /** CPU µs per cycle in this process and in redis-server: steadier than time on a busy machine. */
  clientCpu: number;
  serverCpu: number;
}

/** redis-server's CPU time so far, in µs (INFO cpu). */
async function serverCpu(admin: Redis): Promise<number> {
  const info = await admin.info("cpu");
  const seconds = (field: string) => Number(new RegExp(`${field}:([\\d.]+)`).exec(info)?.[1]);
  return (seconds("used_cpu_user") + seconds("used_cpu_sys")) * 1e6;
}

/**
 * Cycles/s (median round) and per-cycle latency percentiles of one uncontended client per subject.
 * Subjects take short turns in many rounds, in an order that alternates every round, so load
 * elsewhere on the machine hits them alike; the ratio is the median of the per-round ratios.
 */
async function single(url: string, subjects: Subject[]): Promise<Solo[]> {
  const clients = subjects.map((s) => contender(s, url, "solo"));
  const latencies = subjects.map(() => [] as number[]);
  const rates = subjects.map(() => [] as number[]);
  const cpu = subjects.map(() => ({ client: 0, server: 0 }));
  const admin = new Redis(url);
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
      const serverBefore = await serverCpu(admin);
      const clientBefore = process.cpuUsage();
      const roundStart = performance.now();
      for (let n = 0; n < CYCLES / ROUNDS; n++) {
        const started = performance.now();
        await c.acquire();
        await c.release();
        latencies[i]!.push(performance.now() - started);
      }
      rates[i]!.push((CYCLES / ROUNDS / (performance.now() - roundStart)) * 1000);
      const client = process.cpuUsage(clientBefore);
      cpu[i]!.client += client.user + client.system;
      cpu[i]!.server += (await serverCpu(admin)) - serverBefore;
    }
  }
  await Promise.all(clients.map((c) => c.close()));
  admin.disconnect();
  return subjects.map((_, i) => {
    const sorted = latencies[i]!.sort((a, b) => a - b);
    return {
      rate: median(rates[i]!),
      p50: percentile(sorted, 50),
      p99: percentile(sorted, 99),
      rates: rates[i]!,
      clientCpu: cpu[i]!.client / CYCLES,
      serverCpu: cpu[i]!.server / CYCLES,
    };
  });
}

/**
 * Handoff latency: from the moment a holder starts releasing to the moment a waiting contender
 * holds what it freed, with CONTENDERS clients all wanting one of `slots` holds and each holding it
 * for WORK_MS. A client that released waits for the next holder before it competes again, so every
 * grant after the first `slots` is a handoff; it is matched with the oldest release not yet taken.
 */
async function handoff(subject: Subject, url: string, handoffs: number, slots = 1): Promise<number[]> {
  const clients = Array.from({ length: CONTENDERS }, (_, i) => contender(subject, url, `c${i}`, slots));
  const samples: number[] = [];
  const acquired = new EventEmitter().setMaxListeners(0);
  const released: number[] = [];
  await Promise.all(
    clients.map(async (c) => {
      while (samples.length < handoffs) {
        await c.acquire();
        const freed = released.shift();
        if (freed !== undefined) samples.push(performance.now() - freed);
        acquired.emit("holder");
        await work();
        const next = once(acquired, "holder");
        released.push(performance.now());
        await c.release();
        if (samples.length < handoffs) await next;
      }
    }),
  );
  await Promise.all(clients.map((c) => c.close()));
  return samples.slice(0, handoffs).sort((a, b) => a - b);
}

/** The p50 and p99 rows of each subject's handoff samples (sorted), under `setting`. */
function handoffRows(handoffs: Map<Subject, number[]>, setting: string): BenchRow[] {
  return [...handoffs].flatMap(([subject, samples]) =>
    [50, 99].map((p) => ({
      subject,
      metric: `handoff p${p}, ${setting}`,
      value: percentile(samples, p),
      unit: "ms",
    })),
  );
}

interface Contended {
  rate: number;
  fewest: number;
  /** Jain's fairness index over cycles per client: 1 when every client got the same. */
  jain: number;
  /** The most grants in a row to one client (1: nobody was served twice while others waited). */
  longestRun: number;
}

/**
 * Contended throughput: CONTENDERS clients loop acquire → WORK_MS of work → release on one key for
 * CONTENDED_MS, `slots` at a time. Besides cycles/s, how evenly the grants went round: Jain's index
 * over cycles per client and the longest run of grants to one client.
 */
async function contended(subject: Subject, url: string, slots = 1): Promise<Contended> {
  const clients = Array.from({ length: CONTENDERS }, (_, i) => contender(subject, url, `t${i}`, slots));
  const grants: number[] = [];
  const started = performance.now();
  const deadline = started + CONTENDED_MS;
  const counts = await Promise.all(
    clients.map(async (c, i) => {
      let cycles = 0;
      while (performance.now() < deadline) {
        await c.acquire();
        grants.push(i);
        await work();
        await c.release();
        cycles++;
      }
      return cycles;
    }),
  );
  const elapsed = performance.now() - started;
  await Promise.all(clients.map((c) => c.close()));
  const total = counts.reduce((a, b) => a + b, 0);
  const squares = counts.reduce((a, b) => a + b * b, 0);
  let longestRun = 0;
  for (let i = 0, run = 0; i < grants.length; i++) {
    run = i > 0 && grants[i] === grants[i - 1] ? run + 1 : 1;
    longestRun = Math.max(longestRun, run);
  }
  return {
    rate: (total / elapsed) * 1000,
    fewest: Math.min(...counts),
    jain: (total * total) / (counts.length * squares),
    longestRun,
  };
}

/** What the work alone allows: one client doing WORK_MS of work back to back, no lock. */
async function workCeiling(): Promise<number> {
  const started = performance.now();
  let cycles = 0;
  while (performance.now() - started < 1_000) {
    await work();
    cycles++;
  }
  return (cycles / (performance.now() - started)) * 1000;
}

const benchmark: Benchmark = {
  name: "redis-driver: lock cycle, handoff and contended throughput on a local redis-server",
  async run() {
    const server = await startRedis();
    try {
      const [baton, floor] = await single(server.url, ["baton redis-driver", "raw floor"]);
      const rows: BenchRow[] = [];
      for (const [subject, solo] of [
        ["baton redis-driver", baton!],
        ["raw floor", floor!],
      ] as const) {
        rows.push(
          { subject, metric: "acquire+release, 1 client", value: Math.round(solo.rate), unit: "cycles/s" },
          { subject, metric: "cycle p50", value: solo.p50, unit: "ms" },
          { subject, metric: "cycle p99", value: solo.p99, unit: "ms" },
          { subject, metric: "client CPU per cycle", value: solo.clientCpu, unit: "µs" },
          { subject, metric: "redis-server CPU per cycle", value: solo.serverCpu, unit: "µs" },
        );
      }
      const handoffs = new Map<Subject, number[]>([
        ["baton redis-driver", await handoff("baton redis-driver", server.url, HANDOFFS)],
        ["redlock", await handoff("redlock", server.url, REDLOCK_HANDOFFS)],
        ["redis-semaphore Mutex", await handoff("redis-semaphore Mutex", server.url, SEMAPHORE_HANDOFFS)],
      ]);
      rows.push(...handoffRows(handoffs, `${CONTENDERS} clients`));
      const throughput = new Map<Subject, Contended>();
      for (const subject of WAITERS) throughput.set(subject, await contended(subject, server.url));
      for (const [subject, t] of throughput) {
        const metric = `${CONTENDERS} clients, acquire → ${WORK_MS} ms → release`;
        rows.push({ subject, metric, value: t.rate, unit: "cycles/s" });
        rows.push({ subject, metric: "fewest cycles of one client", value: t.fewest, unit: "cycles" });
        rows.push({ subject, metric: "Jain's fairness index", value: t.jain, unit: "" });
        rows.push({
          subject,
          metric: "longest run of grants to one client",
          value: t.longestRun,
          unit: "grants",
        });
      }
      const slotted = new Map<Subject, Contended>([
        ["baton redis-driver", await contended("baton redis-driver", server.url, SLOTS)],
        ["redis-semaphore Semaphore", await contended("redis-semaphore Semaphore", server.url, SLOTS)],
      ]);
      for (const [subject, t] of slotted) {
        const metric = `${CONTENDERS} clients, ${SLOTS} slots, acquire → ${WORK_MS} ms → release`;
        rows.push({ subject, metric, value: t.rate, unit: "cycles/s" });
        rows.push({ subject, metric: `Jain's fairness index, ${SLOTS} slots`, value: t.jain, unit: "" });
        rows.push({
          subject,
          metric: `longest run of grants to one client, ${SLOTS} slots`,
          value: t.longestRun,
          unit: "grants",
        });
      }
      const slotHandoffs = new Map<Subject, number[]>([
        ["baton redis-driver", await handoff("baton redis-driver", server.url, HANDOFFS, SLOTS)],
        [
          "redis-semaphore Semaphore",
          await handoff("redis-semaphore Semaphore", server.url, SEMAPHORE_HANDOFFS, SLOTS),
        ],
      ]);
      rows.push(...handoffRows(slotHandoffs, `${CONTENDERS} clients, ${SLOTS} slots`));
      rows.push({
        subject: "work alone",
        metric: `${WORK_MS} ms work back to back, no lock`,
        value: await workCeiling(),
        unit: "cycles/s",
      });
      const batonHandoff = percentile(handoffs.get("baton redis-driver")!, 50);
      const batonRate = throughput.get("baton redis-driver")!.rate;
      return {
        rows,
        ratios: [
          {
            label: "baton / raw floor, cycles/s (1 client)",
            value: median(baton!.rates.map((rate, round) => rate / floor!.rates[round]!)),
            target: ">= 0.75",
          },
          { label: "baton / raw floor, client CPU per cycle", value: baton!.clientCpu / floor!.clientCpu },
          {
            label: "baton / raw floor, redis-server CPU per cycle",
            value: baton!.serverCpu / floor!.serverCpu,
          },
          { label: "baton handoff p50, ms", value: batonHandoff, target: "< 1" },
          {
            label: "baton Jain's fairness index, 8 clients",
            value: throughput.get("baton redis-driver")!.jain,
            target: ">= 0.99",
          },
          {
            label: "baton longest run of grants to one client",
            value: throughput.get("baton redis-driver")!.longestRun,
            target: "<= 1",
          },
          {
            label: `redis-semaphore Semaphore / baton handoff p50, ${SLOTS} slots`,
            value:
              percentile(slotHandoffs.get("redis-semaphore Semaphore")!, 50) /
              percentile(slotHandoffs.get("baton redis-driver")!, 50),
            target: "> 1",
          },
          {
            label: `baton / redis-semaphore Semaphore, ${SLOTS} slots, contended cycles/s`,
            value: slotted.get("baton redis-driver")!.rate / slotted.get("redis-semaphore Semaphore")!.rate,
          },
          {
            label: "redlock / baton handoff p50",
            value: percentile(handoffs.get("redlock")!, 50) / batonHandoff,
          },
          {
            label: "redis-semaphore / baton handoff p50",
            value: percentile(handoffs.get("redis-semaphore Mutex")!, 50) / batonHandoff,
          },
          {
            label: "baton / redlock, contended cycles/s",
            value: batonRate / throughput.get("redlock")!.rate,
          },
          {
            label: "baton / redis-semaphore, contended cycles/s",
            value: batonRate / throughput.get("redis-semaphore Mutex")!.rate,
          },
        ],
        notes: [
          `Cycle: ${CYCLES} acquire+release per subject in ${ROUNDS} rounds, the subjects alternating; cycles/s is the median round, the ratio the median of per-round ratios. The raw floor is SET NX PX + DEL through ioredis: no script, no owner record, no fencing token, no index.`,
          `Handoff: release start → next holder, ${CONTENDERS} clients in one process each on its own connection, ${WORK_MS} ms hold; baton ${HANDOFFS} handoffs, redlock ${REDLOCK_HANDOFFS} (its 200 ms retry delay makes more slow), redis-semaphore ${SEMAPHORE_HANDOFFS} (it polls every 10 ms by default).`,
          `Contended: ${CONTENDERS} clients loop on one key for ${CONTENDED_MS / 1000} s; baton grants its line in arrival order, while with redlock and redis-semaphore a client that releases may take the lock again before a waiter wakes, so "fewest cycles of one client" shows how evenly the lock went round.`,
          `Slots: ${SLOTS} holders at once, the same ${CONTENDERS} clients. Handoff is release start → a waiter holds the freed slot. A Semaphore client that releases may take a slot again at once (there is no line) while waiting clients find a freed slot only at their next 10 ms poll: its cycles/s come near what the work allows, and its waiters wait the poll (its handoff). baton grants each freed slot to the head of its line at once, a handoff per grant, so its cycles/s pay a handoff on every cycle.`,
        ],
      };
    } finally {
      await server.stop();
    }
  },
};

export default benchmark;

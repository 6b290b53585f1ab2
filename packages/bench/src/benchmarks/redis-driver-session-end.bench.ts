import type { AcquireRequest, Driver } from "@agent-baton/core";
import { createRedisDriver } from "@agent-baton/redis-driver";
import { Redis } from "ioredis";
// The private test harness's redis-server starter, from source: bench does not depend on that package.
import { startRedis } from "../../../driver-test-suite/src/redis-server.js";
import type { Benchmark, BenchRow } from "../types.js";

const OTHER_LOCKS = 10_000;
const OTHER_SESSIONS = 100;
const ENDS = 300;
const HISTORY_ROUNDS = 40;
const HISTORY_CYCLES = 250;
const OWNER = { host: "bench", pid: null, pid_start: null, pgid: null, worktree: "/bench" };
const SESSION = {
  session_id: "leaver",
  host: "bench",
  pid: null,
  pid_start: null,
  cwd: "/bench",
  worktree: "/bench",
  repo: null,
  branch: null,
  started_at: new Date().toISOString(),
  last_heartbeat: new Date().toISOString(),
  paused: false,
  metadata: {},
};

const ask = (sessionId: string): AcquireRequest => ({
  owner: { ...OWNER, held_by: sessionId },
  ttlMs: 600_000,
  mode: "exclusive",
  slots: 1,
});
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Commands redis-server has run so far (INFO commandstats), without INFO itself, and bytes it has sent. */
async function serverCounters(admin: Redis): Promise<{ commands: number; bytes: number }> {
  const stats = await admin.info("commandstats");
  let commands = 0;
  for (const [, command, count] of stats.matchAll(/^cmdstat_([\w|]+):calls=(\d+)/gm)) {
    if (command !== "info") commands += Number(count);
  }
  const bytes = Number(/total_net_output_bytes:(\d+)/.exec(await admin.info("stats"))?.[1]);
  return { commands, bytes };
}

/** Commands redis-server runs and bytes it sends during `step`, less what reading its counters costs. */
async function serverWork(
  admin: Redis,
  step: () => Promise<unknown>,
): Promise<{ commands: number; bytes: number }> {
  const before = await serverCounters(admin);
  await step();
  const after = await serverCounters(admin);
  return { commands: after.commands - before.commands, bytes: after.bytes - before.bytes };
}

interface Ending {
  p50: number;
  commands: number;
  bytes: number;
}

/** Ends one session that holds one lock and has a record: the ending alone is timed and counted. */
async function ending(
  driver: Driver,
  admin: Redis,
): Promise<{ ms: number; commands: number; bytes: number }> {
  await driver.putSession(SESSION);
  await driver.acquireLock("resource:leaver", ask("leaver"));
  // The INFO replies are sent while the counters are read: reading them with nothing between measures that.
  const idle = await serverWork(admin, async () => {});
  let released = 0;
  let ms = 0;
  const work = await serverWork(admin, async () => {
    const started = performance.now();
    released = (await driver.endSession("leaver", { event: "session.ended" })).locks.length;
    ms = performance.now() - started;
  });
  if (released !== 1) throw new Error(`ending released ${released} locks, not 1`);
  return { ms, commands: work.commands - idle.commands, bytes: work.bytes - idle.bytes };
}

/** ENDS endings on each driver, the drivers taking turns in an order that alternates. */
async function endings(drivers: Driver[], admin: Redis): Promise<Ending[]> {
  const samples = drivers.map(() => ({ times: [] as number[], commands: 0, bytes: 0 }));
  for (let i = 0; i < ENDS; i++) {
    for (let turn = 0; turn < drivers.length; turn++) {
      const d = (i + turn) % drivers.length;
      const { ms, commands, bytes } = await ending(drivers[d]!, admin);
      samples[d]!.times.push(ms);
      samples[d]!.commands += commands;
      samples[d]!.bytes += bytes;
    }
  }
  return samples.map((s) => ({ p50: median(s.times), commands: s.commands / ENDS, bytes: s.bytes / ENDS }));
}

/** Single-client acquire+release cycles/s per round, history on and off taking turns each round. */
async function historyCost(url: string): Promise<{ on: number[]; off: number[] }> {
  const on = createRedisDriver({ url, keyPrefix: "history-on" });
  const off = createRedisDriver({ url, keyPrefix: "history-off", history: { enabled: false } });
  const rates = { on: [] as number[], off: [] as number[] };
  const cycle = async (driver: Driver) => {
    await driver.acquireLock("resource:cycle", ask("solo"));
    await driver.releaseLock("resource:cycle", "solo");
  };
  for (let i = 0; i < 200; i++) await Promise.all([cycle(on), cycle(off)]);
  for (let round = 0; round < HISTORY_ROUNDS; round++) {
    const order = round % 2 === 0 ? (["on", "off"] as const) : (["off", "on"] as const);
    for (const which of order) {
      const driver = which === "on" ? on : off;
      const started = performance.now();
      for (let n = 0; n < HISTORY_CYCLES; n++) await cycle(driver);
      rates[which].push((HISTORY_CYCLES / (performance.now() - started)) * 1000);
    }
  }
  await Promise.all([on.close(), off.close()]);
  return rates;
}

const benchmark: Benchmark = {
  name: "redis-driver: ending a session among 10,000 locks, and what history costs a lock cycle",
  async run() {
    const server = await startRedis();
    const admin = new Redis(server.url);
    const crowded = createRedisDriver({ url: server.url, keyPrefix: "crowded", commandTimeoutMs: 30_000 });
    const alone = createRedisDriver({ url: server.url, keyPrefix: "alone" });
    try {
      for (let start = 0; start < OTHER_LOCKS; start += 1_000) {
        await Promise.all(
          Array.from({ length: 1_000 }, (_, i) =>
            crowded.acquireLock(`resource:l${start + i}`, ask(`s${(start + i) % OTHER_SESSIONS}`)),
          ),
        );
      }
      const [amongMany, amongNone] = (await endings([crowded, alone], admin)) as [Ending, Ending];
      const history = await historyCost(server.url);
      const rows: BenchRow[] = [];
      for (const [subject, e] of [
        [`end among ${OTHER_LOCKS} others' locks`, amongMany],
        ["end with no other locks", amongNone],
      ] as const) {
        rows.push(
          { subject, metric: "endSession p50", value: e.p50, unit: "ms" },
          { subject, metric: "redis commands per end", value: e.commands, unit: "commands" },
          { subject, metric: "bytes sent per end", value: e.bytes, unit: "bytes" },
        );
      }
      for (const which of ["on", "off"] as const) {
        rows.push({
          subject: `history ${which}`,
          metric: "acquire+release, 1 client",
          value: Math.round(median(history[which])),
          unit: "cycles/s",
        });
      }
      return {
        rows,
        ratios: [
          {
            label: `end p50 among ${OTHER_LOCKS} locks / among none`,
            value: amongMany.p50 / amongNone.p50,
            target: "<= 1.5",
          },
          {
            label: `commands per end among ${OTHER_LOCKS} locks / among none`,
            value: amongMany.commands / amongNone.commands,
            target: "<= 1",
          },
          {
            label: "history on / off, cycles/s (1 client)",
            value: median(history.on.map((rate, round) => rate / history.off[round]!)),
          },
        ],
        notes: [
          `Ending: a session with a record and one lock is ended ${ENDS} times among ${OTHER_LOCKS} locks of ${OTHER_SESSIONS} other sessions, and as often on a prefix with no other locks, the two taking turns; the ending alone is timed. Commands and bytes come from INFO commandstats and total_net_output_bytes around each ending, less what reading them costs.`,
          `History: ${HISTORY_ROUNDS} rounds of ${HISTORY_CYCLES} acquire+release cycles, history on (an XADD per step) and off taking turns; the ratio is the median of per-round ratios.`,
        ],
      };
    } finally {
      await Promise.all([crowded.close(), alone.close()]);
      admin.disconnect();
      await server.stop();
    }
  },
};

export default benchmark;

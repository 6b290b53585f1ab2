// The contenders of `pnpm bench redis-driver`: baton's driver and its peers, each on its own
// connection(s) and waiting for a held lock as it does by design.
import type { Driver } from "@agent-baton/core";
import { createRedisDriver } from "@agent-baton/redis-driver";
import { Redis } from "ioredis";
import { Mutex, Semaphore } from "redis-semaphore";

const TTL_MS = 30_000;
const OWNER = { host: "bench", pid: null, pid_start: null, pgid: null, worktree: null };

export type Subject =
  | "baton redis-driver"
  | "raw floor"
  | "redlock"
  | "redis-semaphore Mutex"
  | "redis-semaphore Semaphore";
/** The subjects that wait for a held lock, each as it does by design. */
export const WAITERS: Subject[] = ["baton redis-driver", "redlock", "redis-semaphore Mutex"];

/** The part of redlock used here: its `exports` map carries no types, so TypeScript cannot see them. */
interface RedlockLike {
  acquire(resources: string[], duration: number): Promise<{ release(): Promise<unknown> }>;
}
const redlockModule = "redlock";
const { default: Redlock } = (await import(redlockModule)) as {
  default: new (clients: Redis[]) => RedlockLike;
};

export interface Contender {
  /** Takes the lock, waiting as this subject waits by design. */
  acquire(): Promise<void>;
  release(): Promise<void>;
  close(): Promise<void>;
}

/** One client of a subject on its own connection(s); `slots` holders at once (baton, Semaphore). */
export function contender(subject: Subject, url: string, id: string, slots = 1): Contender {
  if (subject === "baton redis-driver") {
    const driver: Driver = createRedisDriver({ url, keyPrefix: "bench" });
    const name = slots === 1 ? "resource:bench" : `resource:bench-${slots}`;
    // waits in line as the Coordinator does: an attempt with a lease, then a wait for a change
    const request = {
      owner: { ...OWNER, held_by: id },
      ttlMs: TTL_MS,
      mode: "exclusive",
      slots,
      leaseMs: 5_000,
    } as const;
    return {
      async acquire() {
        while (!(await driver.acquireLock(name, request)).acquired) {
          await driver.waitForChange(name, 1_500);
        }
      },
      async release() {
        await driver.releaseLock(name, id);
      },
      close: () => driver.close(),
    };
  }
  const client = new Redis(url);
  if (subject === "raw floor") {
    // The least a lock cycle can be on ioredis: two plain commands, no script, no waiting.
    return {
      async acquire() {
        if ((await client.set("floor:bench", id, "PX", TTL_MS, "NX")) !== "OK") throw new Error("held");
      },
      async release() {
        await client.del("floor:bench");
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
  if (subject === "redis-semaphore Semaphore") {
    const semaphore = new Semaphore(client, "semaphore:bench-slots", slots, {
      lockTimeout: TTL_MS,
      refreshInterval: 0,
    });
    return {
      acquire: () => semaphore.acquire(),
      release: () => semaphore.release(),
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

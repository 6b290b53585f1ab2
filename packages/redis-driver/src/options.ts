import type { HistoryOptions } from "@agent-baton/core";

/** How to reach Redis and name baton's keys there. */
export interface RedisDriverOptions {
  /**
   * `redis://[user:password@]host[:port][/db]`, `rediss://` for TLS, and `redis+cluster://` or
   * `rediss+cluster://` with any node of a Redis Cluster as the seed.
   */
  url: string;
  /** Namespace of every key, inside a cluster hash tag: `{baton}:lock:NAME`. Default `baton`. */
  keyPrefix?: string;
  /**
   * A command without an answer in this time fails with BACKEND_UNAVAILABLE (ioredis's own
   * `commandTimeout`). Default 1,500 ms.
   */
  commandTimeoutMs?: number;
  /** Reconnect for ever after a lost connection (long-running servers). Default false: fail fast. */
  reconnect?: boolean;
  /** Treat the URL's host as a Redis Cluster seed node, as the `+cluster` schemes do. */
  cluster?: boolean;
  /**
   * How long a session record outlives its last update, and with it a session's index and notice
   * list and a lock name's state its last hold. Default 25 h: past the 24 h abandoned threshold,
   * so every tier is seen before Redis forgets the session.
   */
  sessionTtlMs?: number;
  /**
   * Whether every change is recorded in the history stream (default on; notices are made from
   * events, so none are made with it off), and about how many events the stream keeps (MAXLEN ~,
   * default 200,000).
   */
  history?: Partial<Pick<HistoryOptions, "enabled" | "maxEvents">>;
}

export const DEFAULT_KEY_PREFIX = "baton";
export const DEFAULT_SESSION_TTL_MS = 25 * 60 * 60 * 1000;
export const DEFAULT_HISTORY_MAX_EVENTS = 200_000;

import { isIP } from "node:net";
import { Cluster, type ClusterOptions, Redis, type RedisOptions } from "ioredis";
import { missingDatabase } from "./backend-errors.js";
import type { RedisTarget } from "./redis-url.js";

/** One-shot calls must give up within 5 s in all: connect budget plus one command. */
const CONNECT_BUDGET_MS = 3_000;
export const DEFAULT_COMMAND_TIMEOUT_MS = 1_500;

/** How Redis refuses `SELECT n` for a database it does not have (7.x, then older servers). */
const NO_SUCH_DATABASE = /DB index is out of range|invalid DB index/i;

export type Client = Redis | Cluster;

export interface ConnectionSettings {
  target: RedisTarget;
  commandTimeoutMs: number;
  /** Keep reconnecting for ever (long-running servers); otherwise give up after a few tries. */
  reconnect: boolean;
}

/** One-shot: three quick tries then stop; long-running: back off up to 2 s and never stop. */
function retryStrategy(reconnect: boolean) {
  return (times: number): number | null => {
    if (reconnect) return Math.min(50 * 2 ** times, 2_000);
    return times <= 2 ? 100 * times : null;
  };
}

function nodeOptions({ target, commandTimeoutMs, reconnect }: ConnectionSettings): RedisOptions {
  return {
    username: target.username,
    password: target.password,
    // SNI names the URL's host; RFC 6066 forbids an IP address there, so those go without.
    tls: target.tls ? (isIP(target.host) ? {} : { servername: target.host }) : undefined,
    lazyConnect: true,
    // Fail at once while disconnected instead of queueing commands that may run much later.
    enableOfflineQueue: false,
    connectTimeout: CONNECT_BUDGET_MS,
    commandTimeout: commandTimeoutMs,
    maxRetriesPerRequest: 0,
    autoResubscribe: true,
    retryStrategy: retryStrategy(reconnect),
  };
}

/** A lazily connecting client for the target: a Cluster client for `+cluster` URLs. */
export function createClient(settings: ConnectionSettings): Client {
  const { target, reconnect } = settings;
  const options = nodeOptions(settings);
  if (!target.cluster) return new Redis({ ...options, host: target.host, port: target.port, db: target.db });
  const { retryStrategy: _nodeRetries, enableOfflineQueue: _queue, ...nodeOnly } = options;
  const clusterOptions: ClusterOptions = {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRedirections: 8,
    clusterRetryStrategy: retryStrategy(reconnect),
    redisOptions: nodeOnly,
  };
  return new Cluster([{ host: target.host, port: target.port }], clusterOptions);
}

/**
 * One ioredis client and its readiness: connects on first use within a budget, and refuses every
 * call once the server has refused the URL's database (ioredis would carry on in database 0).
 */
export class Connection {
  readonly client: Client;
  private lastError: Error | undefined;
  /** A refusal no reconnect can cure: set when the server lacks the URL's database. */
  private fatal: Error | undefined;
  /** The one wait for readiness that concurrent callers share while the client is not ready. */
  private pendingReady: Promise<void> | undefined;

  constructor(private readonly settings: ConnectionSettings) {
    const client = createClient(settings);
    this.client = client;
    // Errors are reported through the calls that meet them; without a listener ioredis prints them.
    client.on("error", (error: Error) => {
      this.lastError = error;
      // ioredis reports a refused SELECT here, before "ready", and would go on in database 0.
      if (NO_SUCH_DATABASE.test(error.message)) {
        this.fatal = missingDatabase(settings.target, error);
        client.disconnect();
      }
    });
    client.on("ready", () => {
      this.lastError = undefined;
    });
  }

  /**
   * Resolves when the client is ready, connecting it when idle or ended; rejects with the last
   * connection error when the client gives up or the budget runs out.
   */
  ready(): Promise<void> {
    if (this.fatal) return Promise.reject(this.fatal);
    if (this.client.status === "ready") return Promise.resolve();
    this.pendingReady ??= this.waitReady().finally(() => {
      this.pendingReady = undefined;
    });
    return this.pendingReady;
  }

  private waitReady(): Promise<void> {
    const { client } = this;
    if (client.status === "wait" || client.status === "end" || client.status === "close") {
      // Failures surface through the events below; this promise would only repeat them.
      client.connect().catch(() => {});
    }
    const budgetMs = this.settings.reconnect ? this.settings.commandTimeoutMs : CONNECT_BUDGET_MS;
    return new Promise<void>((resolve, reject) => {
      const finish = (error?: Error) => {
        clearTimeout(timer);
        client.off("ready", onReady);
        client.off("end", onEnd);
        if (error) reject(error);
        else resolve();
      };
      const onReady = () => finish(this.fatal);
      const onEnd = () => finish(this.fatal ?? this.lastError ?? new Error("connection closed"));
      const timer = setTimeout(() => {
        const cause = this.lastError;
        // A one-shot client stops trying; a long-running one keeps reconnecting in the background.
        if (!this.settings.reconnect) client.disconnect();
        finish(new Error(`no answer within ${budgetMs} ms${cause ? ` (${cause.message})` : ""}`));
      }, budgetMs);
      client.on("ready", onReady);
      client.on("end", onEnd);
    });
  }

  /** Drops the connection at once; pending calls fail. */
  close(): void {
    this.client.disconnect();
  }
}

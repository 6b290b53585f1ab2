import { isIP } from "node:net";
import { Cluster, type ClusterOptions, Redis, type RedisOptions } from "ioredis";
import type { RedisTarget } from "./redis-url.js";
import { Watchdog } from "./watchdog.js";

/** One-shot calls must give up within 5 s in all: connect budget plus one command. */
export const CONNECT_BUDGET_MS = 3_000;
export const DEFAULT_COMMAND_TIMEOUT_MS = 1_500;

export type Client = Redis | Cluster;

export interface ConnectionSettings {
  target: RedisTarget;
  commandTimeoutMs: number;
  /** Keep reconnecting for ever (long-running servers); otherwise give up after a few tries. */
  reconnect: boolean;
  /**
   * Enforce commandTimeoutMs with one watchdog per connection instead of a timer per command
   * (standalone servers only; see Connection). Otherwise ioredis times each command itself.
   */
  watchdog?: boolean;
}

/** One-shot: three quick tries then stop; long-running: back off up to 2 s and never stop. */
function retryStrategy(reconnect: boolean) {
  return (times: number): number | null => {
    if (reconnect) return Math.min(50 * 2 ** times, 2_000);
    return times <= 2 ? 100 * times : null;
  };
}

function nodeOptions({ target, commandTimeoutMs, reconnect, watchdog }: ConnectionSettings): RedisOptions {
  return {
    username: target.username,
    password: target.password,
    // SNI names the URL's host; RFC 6066 forbids an IP address there, so those go without.
    tls: target.tls ? (isIP(target.host) ? {} : { servername: target.host }) : undefined,
    lazyConnect: true,
    // Fail at once while disconnected instead of queueing commands that may run much later.
    enableOfflineQueue: false,
    connectTimeout: CONNECT_BUDGET_MS,
    commandTimeout: watchdog ? undefined : commandTimeoutMs,
    maxRetriesPerRequest: 0,
    autoResubscribe: true,
    retryStrategy: retryStrategy(reconnect),
  };
}

/** A lazily connecting client for the target: a Cluster client for `+cluster` URLs. */
export function createClient(settings: ConnectionSettings): Client {
  const { target, reconnect } = settings;
  const options = nodeOptions({ ...settings, watchdog: settings.watchdog && !target.cluster });
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
 * One client and its readiness. With `watchdog`, the command timeout is a Watchdog per connection
 * rather than ioredis's timer per command: a stalled connection is dropped, which fails every
 * pending call with a timeout error, and the next call connects again (a long-running client
 * reconnects by itself).
 */
export class Connection {
  readonly client: Client;
  private lastError: Error | undefined;
  private watchdog: Watchdog | undefined;
  /** Why pending calls failed: set when the watchdog dropped the connection, until it is ready again. */
  private stalled: Error | undefined;
  /** The one wait for readiness that concurrent callers share while the client is not ready. */
  private pendingReady: Promise<void> | undefined;

  constructor(private readonly settings: ConnectionSettings) {
    this.client = createClient(settings);
    // Errors are reported through the calls that meet them; without a listener ioredis prints them.
    this.client.on("error", (error: Error) => {
      this.lastError = error;
    });
    this.client.on("ready", () => {
      this.lastError = undefined;
      this.stalled = undefined;
    });
    if (settings.watchdog && this.client instanceof Redis) this.watchCommands(this.client);
  }

  private watchCommands(client: Redis): void {
    const watchdog = new Watchdog(this.settings.commandTimeoutMs, (error) => {
      this.stalled = error;
      client.disconnect(this.settings.reconnect);
      // disconnect() ends the socket politely and waits up to 2 s for a server that cannot answer.
      client.stream?.destroy();
    });
    this.watchdog = watchdog;
    const send = client.sendCommand;
    const answer = () => watchdog.answer();
    client.sendCommand = (command, stream) => {
      watchdog.sent();
      command.promise.then(answer, answer);
      return send.call(client, command, stream);
    };
  }

  /** The error a failed call reports: the watchdog's timeout when it dropped the connection. */
  explain(error: unknown): unknown {
    return this.stalled ?? error;
  }

  isReady(): boolean {
    return this.client.status === "ready";
  }

  /**
   * Resolves when the client is ready, connecting it when idle or ended; rejects with the last
   * connection error when the client gives up or the budget runs out.
   */
  ready(): Promise<void> {
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
      const onReady = () => finish();
      const onEnd = () => finish(this.lastError ?? new Error("connection closed"));
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
    this.watchdog?.stop();
    this.client.disconnect();
  }
}

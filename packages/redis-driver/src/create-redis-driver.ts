import { type Driver, type DriverFactory, InvalidInputError } from "@agent-baton/core";
import { toBatonError } from "./backend-errors.js";
import { ChangeWatcher } from "./change-watcher.js";
import { claimSteps } from "./claims.js";
import { Connection, DEFAULT_COMMAND_TIMEOUT_MS } from "./connection.js";
import type { DriverContext } from "./context.js";
import { diagnosePersistence } from "./diagnose.js";
import { historySteps } from "./history.js";
import { keyLayout } from "./keys.js";
import { lockSteps } from "./locks.js";
import {
  DEFAULT_HISTORY_MAX_EVENTS,
  DEFAULT_KEY_PREFIX,
  DEFAULT_SESSION_TTL_MS,
  type RedisDriverOptions,
} from "./options.js";
import { diagnoseOriginal, ORIGINAL_LOCK_KEYS } from "./original-keys.js";
import { reservationSteps } from "./redis-reservations.js";
import { parseRedisUrl } from "./redis-url.js";
import { defineScripts } from "./scripts.js";
import { sessionSteps } from "./sessions.js";

/**
 * The Redis backend on one ioredis client (plus a subscriber for waiters): every change to a lock
 * name, session or claim is one Lua script that also records its history event, lock expiry runs
 * on Redis's clock, each session's holds and places are indexed so ending it reads only those, and
 * waiters wake on a pub/sub message. Connects on first use.
 */
export const createRedisDriver: DriverFactory<RedisDriverOptions> = (options) => {
  const target = parseRedisUrl(options.url);
  if (options.cluster) target.cluster = true;
  const keys = keyLayout(options.keyPrefix ?? DEFAULT_KEY_PREFIX);
  const sessionTtlMs = options.sessionTtlMs ?? DEFAULT_SESSION_TTL_MS;
  const commandTimeoutMs = options.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS;
  if (!(Number.isFinite(commandTimeoutMs) && commandTimeoutMs > 0)) {
    throw new InvalidInputError(
      `commandTimeoutMs ${commandTimeoutMs} must be a positive number of milliseconds, e.g. 1500`,
      { field: "commandTimeoutMs" },
    );
  }
  const history = options.history?.enabled ?? true;
  const maxEvents = options.history?.maxEvents ?? DEFAULT_HISTORY_MAX_EVENTS;
  const settings = { target, commandTimeoutMs, reconnect: options.reconnect ?? false };
  const location = target.redacted;
  // A cluster script may touch only its own slot, and the original never ran on a cluster.
  const originalKeys = target.cluster ? "" : ORIGINAL_LOCK_KEYS;
  const connection = new Connection(settings);
  const { client } = connection;
  let watcher: ChangeWatcher | undefined;

  const batonError = (error: unknown) => toBatonError(error, location, commandTimeoutMs);
  const ctx: DriverContext = {
    client,
    keys,
    scripts: defineScripts(client),
    settings,
    connection,
    common: [keys.base, history ? maxEvents : 0, sessionTtlMs, originalKeys],
    originalKeys,
    sessionTtlMs,
    run: (step) =>
      connection
        .ready()
        .then(step)
        .catch((error: unknown) => {
          throw batonError(error);
        }),
    batonError,
    watcher: () => {
      watcher ??= new ChangeWatcher(
        new Connection(settings),
        keys.releaseChannel,
        keys.wakeChannel,
        (name, ms) => ctx.run(() => ctx.scripts.watch(keys.watched(name), ms)),
      );
      return watcher;
    },
    openWatcher: () => watcher,
  };

  return {
    name: "redis",
    location,
    ...lockSteps(ctx),
    ...sessionSteps(ctx),
    ...claimSteps(ctx),
    ...historySteps(ctx),
    ...reservationSteps(ctx),

    ping: () =>
      ctx.run(async () => {
        await client.ping();
      }),

    async diagnose() {
      try {
        await connection.ready();
      } catch (error) {
        return [{ level: "error" as const, message: batonError(error).message }];
      }
      return [await diagnosePersistence(client, location), ...(await diagnoseOriginal(client, originalKeys))];
    },

    async close() {
      watcher?.close();
      connection.close();
    },
  } satisfies Driver;
};

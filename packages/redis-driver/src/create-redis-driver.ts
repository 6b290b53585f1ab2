import {
  type ClaimRecord,
  type Driver,
  type DriverFactory,
  globToRegExp,
  InvalidInputError,
  type LockRecord,
} from "@agent-baton/core";
import { toBatonError } from "./backend-errors.js";
import { Connection, DEFAULT_COMMAND_TIMEOUT_MS } from "./connection.js";
import { diagnosePersistence } from "./diagnose.js";
import { escapeGlob, issueId, keyLayout, literalHead } from "./keys.js";
import { DEFAULT_KEY_PREFIX, DEFAULT_SESSION_TTL_MS, type RedisDriverOptions } from "./options.js";
import {
  decodeClaim,
  decodeLock,
  decodeSession,
  encodeSession,
  holderField,
  orNull,
  ownerDetails,
} from "./records.js";
import { redisReservations } from "./redis-reservations.js";
import { parseRedisUrl } from "./redis-url.js";
import { ReleaseWatcher } from "./release-watcher.js";
import { getMany, scanKeys } from "./scan.js";
import { defineScripts, type LockChangeReply } from "./scripts.js";

const byName = (a: LockRecord, b: LockRecord) => a.lock_name.localeCompare(b.lock_name);
const byIssue = (a: ClaimRecord, b: ClaimRecord) => a.repo.localeCompare(b.repo) || a.number - b.number;

/**
 * The Redis backend on one ioredis client (plus a subscriber for waits): every multi-step change is
 * one Lua script, lock expiry runs on Redis's clock, each session's locks are indexed so ending it
 * reads only those, and waiters wake on a pub/sub release event. Connects on first use.
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
  const settings = {
    target,
    commandTimeoutMs,
    reconnect: options.reconnect ?? false,
  };
  const location = target.redacted;
  const connection = new Connection(settings);
  const { client } = connection;
  const scripts = defineScripts(client);
  let watcher: ReleaseWatcher | undefined;

  /** Whatever a call threw, as core's error naming the URL. */
  const batonError = (error: unknown) => toBatonError(error, location, commandTimeoutMs);
  /** Runs one driver step on a ready client. */
  const run = <T>(step: () => Promise<T>): Promise<T> =>
    connection
      .ready()
      .then(step)
      .catch((error: unknown) => {
        throw batonError(error);
      });

  const lockChange = ([outcome, value]: LockChangeReply, name: string) => ({
    outcome,
    lock: value === undefined ? null : decodeLock(value, name),
  });

  const claimOfSession = async (sessionId: string) => {
    const id = await client.get(keys.claimOf(sessionId));
    return id ? orNull(await client.get(keys.claim(id)), decodeClaim) : null;
  };

  return {
    name: "redis",
    location,

    acquireLock: (name, owner, ttlMs, opts) =>
      run(async () => {
        const [status, value] = await scripts.acquire(
          keys.lock(name),
          keys.fences,
          keys.held(owner.held_by),
          name,
          holderField(owner.held_by),
          ownerDetails(owner),
          Math.ceil(ttlMs),
          opts?.replaceToken ?? "",
          keys.base,
        );
        const lock = decodeLock(value, name);
        return status === "held"
          ? { acquired: false as const, holder: lock }
          : { acquired: true as const, lock, extended: status === "extended" };
      }),

    releaseLock: (name, sessionId) =>
      run(async () => {
        const reply = await scripts.release(
          keys.lock(name),
          keys.waiting(name),
          keys.held(sessionId),
          holderField(sessionId),
          keys.releaseChannel,
          name,
        );
        return lockChange(reply, name);
      }),

    extendLock: (name, sessionId, ttlMs) =>
      run(async () => {
        const reply = await scripts.extend(
          keys.lock(name),
          keys.held(sessionId),
          holderField(sessionId),
          Math.ceil(ttlMs),
          name,
        );
        return lockChange(reply, name);
      }),

    forceReleaseLock: (name, opts) =>
      run(async () => {
        const expected = opts?.expectedToken ?? "";
        const value = await scripts.forceRelease(
          keys.lock(name),
          expected,
          keys.releaseChannel,
          name,
          keys.base,
        );
        return value ? decodeLock(value, name) : null;
      }),

    getLock: (name) =>
      run(async () => {
        const value = await client.get(keys.lock(name));
        return value ? decodeLock(value, name) : null;
      }),

    listLocks: (pattern) =>
      run(async () => {
        const match = `${escapeGlob(keys.lock(literalHead(pattern)))}*`;
        const wanted = globToRegExp(pattern);
        const names = (await scanKeys(client, match))
          .map((key) => key.slice(keys.lock("").length))
          .filter((name) => wanted.test(name));
        const values = await getMany(client, names.map(keys.lock));
        return names.flatMap((name, i) => (values[i] ? [decodeLock(values[i], name)] : [])).sort(byName);
      }),

    waitForRelease(name, timeoutMs, signal) {
      watcher ??= new ReleaseWatcher(new Connection(settings), keys.releaseChannel);
      // Marks the lock as waited for (so its release publishes) until this wait's deadline.
      const isFree = () =>
        run(
          async () =>
            (await scripts.watch(keys.lock(name), keys.waiting(name), Math.ceil(timeoutMs) + 1_000)) === 0,
        );
      return watcher.wait(name, timeoutMs, isFree, signal).catch((error: unknown) => {
        throw batonError(error);
      });
    },

    putSession: (session) =>
      run(async () => {
        await client.set(keys.session(session.session_id), encodeSession(session), "PX", sessionTtlMs);
      }),

    getSession: (sessionId) =>
      run(async () => orNull(await client.get(keys.session(sessionId)), decodeSession)),

    updateSession: (sessionId, patch) =>
      run(async () => {
        const paused = patch.paused === undefined ? "" : patch.paused ? "1" : "0";
        const raw = await scripts.updateSession(
          keys.session(sessionId),
          patch.last_heartbeat ?? "",
          paused,
          sessionTtlMs,
        );
        return orNull(raw, decodeSession);
      }),

    listSessions: () =>
      run(async () => {
        const found = await scanKeys(client, `${escapeGlob(keys.session(""))}*`);
        return (await getMany(client, found)).flatMap((raw) => (raw ? [decodeSession(raw)] : []));
      }),

    endSession: (sessionId) =>
      run(async () => {
        const [session, claim, ...locks] = await scripts.endSession(
          keys.session(sessionId),
          keys.claimOf(sessionId),
          keys.held(sessionId),
          keys.base,
          sessionId,
          keys.releaseChannel,
          holderField(sessionId),
        );
        return {
          session: orNull(session, decodeSession),
          locks: locks.sort(),
          claim: orNull(claim, decodeClaim),
        };
      }),

    claimIssue: (claim, opts) =>
      run(async () => {
        const id = issueId(claim.repo, claim.number);
        const [status, raw, replaced, previous] = await scripts.claim(
          keys.claim(id),
          keys.claimOf(claim.session_id),
          JSON.stringify(claim),
          opts?.replaceSession ?? "",
          keys.base,
          id,
          claim.session_id,
        );
        if (status === 0) return { claimed: false, holder: decodeClaim(raw) };
        return {
          claimed: true,
          claim: decodeClaim(raw),
          replaced: orNull(replaced, decodeClaim),
          previous: orNull(previous, decodeClaim),
        };
      }),

    releaseClaim: (sessionId) =>
      run(async () =>
        orNull(await scripts.releaseClaim(keys.claimOf(sessionId), keys.base, sessionId), decodeClaim),
      ),

    getClaim: (repo, issue) =>
      run(async () => orNull(await client.get(keys.claim(issueId(repo, issue))), decodeClaim)),

    getSessionClaim: (sessionId) => run(() => claimOfSession(sessionId)),

    listClaims: (repo) =>
      run(async () => {
        const head = repo === undefined ? "" : `${repo}#`;
        const found = await scanKeys(client, `${escapeGlob(keys.claim(head))}*`);
        return (await getMany(client, found))
          .flatMap((raw) => (raw ? [decodeClaim(raw)] : []))
          .filter((claim) => repo === undefined || claim.repo === repo)
          .sort(byIssue);
      }),

    ...redisReservations(client, keys, scripts, run),

    ping: () =>
      run(async () => {
        await client.ping();
      }),

    async diagnose() {
      try {
        await connection.ready();
      } catch (error) {
        return [{ level: "error" as const, message: batonError(error).message }];
      }
      return [await diagnosePersistence(client, location)];
    },

    async close() {
      watcher?.close();
      connection.close();
    },
  } satisfies Driver;
};

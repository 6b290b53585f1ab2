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
import { parseRedisUrl } from "./redis-url.js";
import { ReleaseWatcher } from "./release-watcher.js";
import { getMany, scanKeys } from "./scan.js";
import { clientRunner, defineScripts, type Scripts } from "./scripts.js";

/** The outcome letter that release and extend put before the lock's value (see lua/release-2.lua). */
const LOCK_OUTCOMES = { d: "done", o: "not_owner", n: "not_found" } as const;

const byName = (a: LockRecord, b: LockRecord) => a.lock_name.localeCompare(b.lock_name);
const byIssue = (a: ClaimRecord, b: ClaimRecord) => a.repo.localeCompare(b.repo) || a.number - b.number;

/**
 * The Redis backend: every multi-step change is one Lua script, lock expiry runs on Redis's clock,
 * and waiters wake on a pub/sub release event. Connects on first use.
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
  const scripts: Scripts = defineScripts(clientRunner(client));
  let watcher: ReleaseWatcher | undefined;

  /** Runs one driver step on a ready client, with failures as core's errors naming the URL. */
  const fail = (error: unknown): never => {
    throw toBatonError(error, location);
  };
  /** Runs `step` on a ready client; connected is the common case, so it goes straight to the command. */
  const whenReady = <T>(step: () => Promise<T>): Promise<T> =>
    connection.isReady() ? step() : connection.ready().then(step);
  const run = <T>(step: () => Promise<T>): Promise<T> => whenReady(step).catch(fail);

  const lockChange = (reply: string, name: string) => ({
    outcome: LOCK_OUTCOMES[reply[0] as keyof typeof LOCK_OUTCOMES],
    lock: reply.length > 1 ? decodeLock(reply.slice(1), name) : null,
  });
  const lockOrNull = (raw: string | null, name: string) => (raw ? decodeLock(raw, name) : null);

  const claimOfSession = async (sessionId: string) => {
    const id = await client.get(keys.claimOf(sessionId));
    return id ? orNull(await client.get(keys.claim(id)), decodeClaim) : null;
  };

  return {
    name: "redis",
    location,

    // The two calls of every lock cycle go straight to their script: one promise on top of the
    // command's, no async step.
    acquireLock(name, owner, ttlMs, opts) {
      const args: (string | number)[] = [
        keys.lock(name),
        keys.fences,
        name,
        holderField(owner.held_by),
        ownerDetails(owner),
        Math.ceil(ttlMs),
      ];
      if (opts?.replaceToken !== undefined) args.push(opts.replaceToken);
      return whenReady(() => scripts.acquire(...args)).then((reply) => {
        const lock = decodeLock(reply.slice(1), name);
        return reply[0] === "0"
          ? { acquired: false as const, holder: lock }
          : { acquired: true as const, lock, extended: reply[0] === "2" };
      }, fail);
    },

    releaseLock(name, sessionId) {
      const call = () =>
        scripts.release(
          keys.lock(name),
          keys.waiting(name),
          holderField(sessionId),
          keys.releaseChannel,
          name,
        );
      return whenReady(call).then((reply) => lockChange(reply, name), fail);
    },

    extendLock: (name, sessionId, ttlMs) =>
      run(async () =>
        lockChange(await scripts.extend(keys.lock(name), holderField(sessionId), Math.ceil(ttlMs)), name),
      ),

    forceReleaseLock: (name, opts) =>
      run(async () =>
        lockOrNull(
          await scripts.forceRelease(keys.lock(name), opts?.expectedToken ?? "", keys.releaseChannel, name),
          name,
        ),
      ),

    getLock: (name) => run(async () => lockOrNull(await client.get(keys.lock(name)), name)),

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
        throw toBatonError(error, location);
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
        const holder = `${holderField(sessionId)}\n`;
        const names = (await scanKeys(client, `${escapeGlob(keys.lock(""))}*`)).map((key) =>
          key.slice(keys.lock("").length),
        );
        const values = await getMany(client, names.map(keys.lock));
        const held = names.filter((_, i) => values[i]?.startsWith(holder));
        const [session, claim, ...locks] = await scripts.endSession(
          keys.session(sessionId),
          keys.claimOf(sessionId),
          keys.base,
          sessionId,
          keys.releaseChannel,
          holderField(sessionId),
          ...held,
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

    ping: () =>
      run(async () => {
        await client.ping();
      }),

    async close() {
      watcher?.close();
      connection.close();
    },
  } satisfies Driver;
};

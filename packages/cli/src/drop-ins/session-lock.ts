import { type BatonConfig, parseTtl, parseWait } from "@agent-baton/core";
import { lockWaitNotice, untilFree } from "../commands/lock.js";
import type { Context } from "../context.js";
import { EXIT } from "../exit-codes.js";
import { atMost, type DropInArgs, jsonOnly, type Route, usageError } from "./route.js";

const BIN = "session-lock";
/** The original printed a progress line every 2 s while it waited. */
const NOTICE_EVERY_SECONDS = 2;
const DEFAULT_MAX_WAIT_SECONDS = 120;

/**
 * `max_wait_seconds`: how long `acquire` blocks, and `wait`'s default (the original's config, 120 s).
 * Core's config carries it as `maxWaitSeconds` (env MAX_WAIT_SECONDS); where it does not, the
 * environment variable is read here.
 */
export function maxWaitSeconds(config: BatonConfig, env: NodeJS.ProcessEnv = process.env): number {
  const configured = (config as { maxWaitSeconds?: number }).maxWaitSeconds;
  if (configured !== undefined) return configured;
  const raw = env.MAX_WAIT_SECONDS;
  return raw === undefined || raw === "" ? DEFAULT_MAX_WAIT_SECONDS : parseWait(raw, "MAX_WAIT_SECONDS");
}

/** `session-lock COMMAND [ARGS]` as the original's usage text has it, plus baton's `extend` and `cleanup`. */
export function sessionLockRoute({ words, flags, opts }: DropInArgs): Route {
  const [command, name, arg] = words;
  const own = (run: (ctx: Context) => Promise<number>): Route => ({ own: run, opts });
  if (command === undefined) throw usageError(BIN, "no command given");
  const named = (form: string, args = 0) => {
    if (!name) throw usageError(BIN, `lock name required: ${BIN} ${form}`);
    atMost(BIN, words, 1 + args, form);
    return name;
  };
  switch (command) {
    case "acquire": {
      const lock = named("acquire LOCK_NAME [TIMEOUT]", 1);
      const lifetime = arg === undefined ? undefined : parseTtl(arg, "TIMEOUT");
      return own((ctx) => acquire(ctx, lock, lifetime));
    }
    case "wait": {
      const lock = named("wait LOCK_NAME [TIMEOUT]", 1);
      const wait = arg === undefined ? undefined : parseWait(arg, "TIMEOUT");
      return own((ctx) => waitFree(ctx, lock, wait));
    }
    case "release":
    case "check":
    case "info":
    case "force-release": {
      const lock = named(`${command} LOCK_NAME`);
      return own((ctx) => ONE_NAME[command](ctx, lock));
    }
    case "list":
      atMost(BIN, words, 1, "list [PATTERN]");
      return { baton: ["lock", "list", ...(name ? [name] : []), ...flags] };
    case "status":
      atMost(BIN, words, 0, "status");
      return { baton: ["status", ...flags] };
    case "extend":
      return {
        baton: [
          "lock",
          "extend",
          named("extend LOCK_NAME [TTL]", 1),
          ...(arg ? ["--ttl", arg] : []),
          ...flags,
        ],
      };
    case "cleanup":
      atMost(BIN, words, 0, "cleanup");
      return { baton: ["session", "cleanup", ...flags] };
    default:
      throw usageError(BIN, `unknown command ${JSON.stringify(command)}`);
  }
}

/** The commands that take just a lock name. */
const ONE_NAME = { release, check, info, "force-release": forceRelease };

/** Takes the lock for TIMEOUT seconds, blocking while it is held for up to max_wait_seconds (then exit 3). */
async function acquire(ctx: Context, name: string, timeout: number | undefined): Promise<number> {
  const { coordinator, out } = ctx;
  const wait = maxWaitSeconds(coordinator.config);
  const result = await coordinator.acquire(name, {
    ttl: timeout ?? coordinator.config.defaultLockTimeout,
    wait,
    onWait: lockWaitNotice(out, name, {
      prefix: BIN,
      everySeconds: NOTICE_EVERY_SECONDS,
      limitSeconds: wait,
    }),
  });
  out.endProgress();
  if (result.warning) out.note(`${BIN}: warning: ${result.warning}`);
  if (!result.acquired) {
    jsonOnly(out, result);
    const where = result.worktree ? ` (${result.worktree})` : "";
    out.note(
      `${BIN}: timed out after ${wait}s waiting for ${result.lock_name}: held by ${result.held_by}${where}`,
    );
    return EXIT.timeout;
  }
  out.result(
    result,
    () =>
      `acquired ${result.lock_name} (expires ${result.expires_at}, token ${result.fencing_token}${result.extended ? ", extended" : ""})`,
  );
  return EXIT.ok;
}

/** Releases this session's lock; a lock nobody holds is already released (exit 0), another's is refused (1). */
async function release(ctx: Context, name: string): Promise<number> {
  const { coordinator, out } = ctx;
  const result = await coordinator.release(name);
  if (result.reason === "not_owner") {
    jsonOnly(out, result);
    out.note(`${BIN}: cannot release ${result.lock_name}: held by another session, ${result.held_by}`);
    return EXIT.refused;
  }
  if (result.released) out.result(result, () => `released ${result.lock_name}`);
  else {
    jsonOnly(out, result);
    out.note(`${BIN}: ${result.lock_name} is not held (already released?)`);
  }
  return EXIT.ok;
}

/** Prints `available` (exit 0) or `held by SESSION` (exit 1), as the original; this session's own lock exits 0. */
async function check(ctx: Context, name: string): Promise<number> {
  const { coordinator, out } = ctx;
  const result = await coordinator.check(name);
  out.result(result, () =>
    result.available
      ? "available"
      : result.held_by === undefined
        ? `awaited by ${result.waiters.length} in line`
        : `held by ${result.held_by}${result.mine ? " (this session)" : ""}`,
  );
  return result.available || result.mine ? EXIT.ok : EXIT.refused;
}

/** Waits until the lock is free, without taking it, for TIMEOUT seconds (default max_wait_seconds). */
async function waitFree(ctx: Context, name: string, timeout: number | undefined): Promise<number> {
  const { coordinator, out } = ctx;
  const wait = timeout ?? maxWaitSeconds(coordinator.config);
  const notice = lockWaitNotice(out, name, {
    prefix: BIN,
    everySeconds: NOTICE_EVERY_SECONDS,
    limitSeconds: wait,
  });
  const { result, free } = await untilFree(ctx, name, wait, notice);
  out.endProgress();
  if (free) {
    out.result(result, () => `${result.lock_name} is available`);
    return EXIT.ok;
  }
  jsonOnly(out, result);
  out.note(
    `${BIN}: timed out after ${wait}s waiting for ${result.lock_name} to be released: held by ${result.held_by}`,
  );
  return EXIT.timeout;
}

/**
 * The lock's record as JSON, with the original's `session_id` and `operation` beside baton's fields;
 * exit 1 when nobody holds it.
 */
async function info(ctx: Context, name: string): Promise<number> {
  const { coordinator, out } = ctx;
  const lock = await coordinator.info(name);
  if (!lock || lock.held_by === undefined) {
    out.note(`${BIN}: ${await coordinator.resolveLockName(name)} is not held`);
    return EXIT.refused;
  }
  process.stdout.write(
    `${JSON.stringify({ session_id: lock.held_by, operation: lock.lock_name, ...lock }, null, 2)}\n`,
  );
  return EXIT.ok;
}

/** Breaks the lock whoever holds it; a lock nobody holds needs no breaking (exit 0). */
async function forceRelease(ctx: Context, name: string): Promise<number> {
  const { coordinator, out } = ctx;
  const result = await coordinator.forceRelease(name);
  if (result.broke) {
    const { held_by, acquired_at } = result.broke;
    out.result(
      result,
      () => `force-released ${result.lock_name} (was held by ${held_by} since ${acquired_at})`,
    );
  } else {
    jsonOnly(out, result);
    out.note(`${BIN}: ${result.lock_name} is not held`);
  }
  return EXIT.ok;
}

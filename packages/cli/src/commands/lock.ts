import { formatAge, type LockRecord, NotFoundError, type PageOptions } from "@agent-baton/core";
import type { Context } from "../context.js";
import { EXIT } from "../exit-codes.js";
import type { Output } from "../output.js";
import { morePages, shellQuote } from "./more-pages.js";

/** Draws "waiting for X: held by S for …, waited Ns" on a TTY while a lock is awaited. */
export function waitProgress(out: Output, lockName: string) {
  return (holder: LockRecord, waitedMs: number) => {
    const heldFor = formatAge(Date.now() - Date.parse(holder.acquired_at));
    out.progress(
      `waiting for ${out.bold(lockName)}: held by ${holder.held_by} for ${heldFor}, waited ${formatAge(waitedMs)}`,
    );
  };
}

function until(iso: string | undefined): string {
  return iso ? new Date(iso).toLocaleTimeString() : "?";
}

export async function acquire(
  ctx: Context,
  name: string,
  o: { ttl?: number; wait?: number },
): Promise<number> {
  const { coordinator, out } = ctx;
  const result = await coordinator.acquire(name, {
    ttl: o.ttl,
    wait: o.wait,
    onWait: waitProgress(out, name),
  });
  out.endProgress();
  if (result.warning) out.note(out.yellow(`warning: ${result.warning}`));
  out.result(result, () =>
    result.acquired
      ? `${out.green("acquired")} ${result.lock_name} (token ${result.fencing_token}${result.extended ? ", extended" : ""}, expires ${until(result.expires_at)})`
      : `${out.red(result.reason === "timeout" ? "timed out" : "held")}: ${result.lock_name} is held by ${result.held_by}${result.worktree ? ` (${result.worktree})` : ""} until ${until(result.expires_at)}`,
  );
  if (result.acquired) return EXIT.ok;
  return result.reason === "timeout" ? EXIT.timeout : EXIT.refused;
}

export async function release(ctx: Context, name: string): Promise<number> {
  const { coordinator, out } = ctx;
  const result = await coordinator.release(name);
  out.result(result, () =>
    result.released
      ? `${out.green("released")} ${result.lock_name}`
      : `${out.red("not released")}: ${result.lock_name} ${result.reason === "not_owner" ? `is held by ${result.held_by}` : "is not held"}`,
  );
  return result.released ? EXIT.ok : EXIT.refused;
}

export async function check(ctx: Context, name: string): Promise<number> {
  const { coordinator, out } = ctx;
  const result = await coordinator.check(name);
  out.result(result, () =>
    result.available
      ? `${out.green("free")}: ${result.lock_name}`
      : `${result.mine ? out.green("mine") : out.red("held")}: ${result.lock_name} by ${result.held_by}${result.holder_tier ? ` (${result.holder_tier})` : ""}, ${result.ttl_remaining_seconds}s left`,
  );
  return result.available || result.mine ? EXIT.ok : EXIT.refused;
}

/** Waits until the lock is free (without taking it): exit 0 when free, 3 when the wait runs out. */
export async function waitFree(ctx: Context, name: string, o: { wait?: number }): Promise<number> {
  const { coordinator, out } = ctx;
  const waitMs = (o.wait ?? 120) * 1000;
  const lockName = await coordinator.resolveLockName(name);
  const started = Date.now();
  for (;;) {
    const result = await coordinator.check(name);
    const waited = Date.now() - started;
    if (result.available || result.mine || waited >= waitMs) {
      out.endProgress();
      const free = result.available || result.mine;
      out.result(result, () =>
        free
          ? `${out.green("free")}: ${result.lock_name}${waited > 0 ? ` after ${formatAge(waited)}` : ""}`
          : `${out.red("timed out")}: ${result.lock_name} still held by ${result.held_by} after ${formatAge(waited)}`,
      );
      return free ? EXIT.ok : EXIT.timeout;
    }
    const lock = await coordinator.driver.getLock(lockName);
    if (lock) waitProgress(out, name)(lock, waited);
    const untilExpiry = lock ? Date.parse(lock.expires_at) - Date.now() + 5 : 1_000;
    await coordinator.driver.waitForRelease(
      lockName,
      Math.max(5, Math.min(1_000, waitMs - waited, untilExpiry)),
    );
  }
}

/** One page of the locks matching a glob (default 100); says how to get the next one. */
export async function list(ctx: Context, pattern: string | undefined, o: PageOptions = {}): Promise<number> {
  const { coordinator, out } = ctx;
  const result = await coordinator.list(pattern ?? "*", o);
  out.result(result, () =>
    result.total === 0
      ? out.dim(`no locks match ${result.pattern}`)
      : [
          ...result.locks.map(
            (l) =>
              `${l.mine ? out.green(l.lock_name) : l.lock_name}  ${l.held_by}  ${l.ttl_remaining_seconds}s left  token ${l.fencing_token}${l.worktree ? `  ${out.dim(l.worktree)}` : ""}`,
          ),
          ...morePages(out, result, `baton lock list ${shellQuote(pattern ?? "*")}`, o),
        ],
  );
  return EXIT.ok;
}

export async function info(ctx: Context, name: string): Promise<number> {
  const { coordinator, out } = ctx;
  const result = await coordinator.info(name);
  if (!result && !out.json)
    throw new NotFoundError(
      `no lock named ${await coordinator.resolveLockName(name)} is held; list them with: baton lock list`,
    );
  out.result(result, () =>
    Object.entries(result ?? {}).map(([k, v]) => `${k.padEnd(22)} ${v === null ? out.dim("-") : String(v)}`),
  );
  return result ? EXIT.ok : EXIT.refused;
}

export async function extend(ctx: Context, name: string, o: { ttl?: number }): Promise<number> {
  const { coordinator, out } = ctx;
  const result = await coordinator.extend(name, o.ttl);
  out.result(result, () =>
    result.extended
      ? `${out.green("extended")} ${result.lock_name} until ${until(result.expires_at)}`
      : `${out.red("not extended")}: ${result.lock_name} ${result.reason === "not_owner" ? `is held by ${result.held_by}` : "is not held"}`,
  );
  return result.extended ? EXIT.ok : EXIT.refused;
}

export async function forceRelease(ctx: Context, name: string): Promise<number> {
  const { coordinator, out } = ctx;
  const result = await coordinator.forceRelease(name);
  out.result(result, () =>
    result.released
      ? `${out.yellow("broke")} ${result.lock_name}, held by ${result.broke?.held_by} since ${result.broke?.acquired_at}`
      : `${out.red("not released")}: ${result.lock_name} is not held`,
  );
  return result.released ? EXIT.ok : EXIT.refused;
}

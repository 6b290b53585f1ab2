import {
  type CheckResult,
  formatAge,
  type LockInfo,
  NotFoundError,
  type PageOptions,
  type WaitProgress,
  waitNotice,
} from "@agent-baton/core";
import type { Context } from "../context.js";
import { EXIT } from "../exit-codes.js";
import type { Output } from "../output.js";
import { lineDetail, underRow } from "./lock-view.js";
import { morePages, shellQuote } from "./more-pages.js";

/** How a command says why it is blocked: who waits, how often it says so, and the wait's limit. */
export interface WaitNoticeSpec {
  prefix?: string;
  everySeconds?: number;
  limitSeconds?: number;
}

/**
 * The onWait of a command waiting for `name`: one line redrawn in place when a person watches
 * stderr on a terminal, else a line on stderr when the wait starts, when the holder changes and
 * every `everySeconds` (default 10), so an agent's transcript or a CI log shows why it is blocked.
 */
export function lockWaitNotice(out: Output, name: string, spec: WaitNoticeSpec = {}) {
  return waitNotice(name, {
    prefix: spec.prefix ?? "baton",
    log: (line) => out.note(line),
    redraw: out.interactive ? (line) => out.progress(line) : undefined,
    everySeconds: spec.everySeconds,
    limitSeconds: spec.limitSeconds,
  });
}

/** A wait's limit in seconds, when the text is one (core validates it before anyone waits). */
export function secondsOf(text: string | number | undefined): number | undefined {
  const n = Number(text);
  return text !== undefined && Number.isFinite(n) ? n : undefined;
}

function until(iso: string | undefined): string {
  return iso ? new Date(iso).toLocaleTimeString() : "?";
}

/** `--shared` and `--slots N` as core's acquire options. */
export interface HoldKind {
  shared?: boolean;
  slots?: number | string;
}

export function holdKind(o: HoldKind): { mode: "shared" | "exclusive"; slots?: number | string } {
  return { mode: o.shared ? "shared" : "exclusive", ...(o.slots === undefined ? {} : { slots: o.slots }) };
}

export async function acquire(
  ctx: Context,
  name: string,
  o: { ttl?: number; wait?: number } & HoldKind,
): Promise<number> {
  const { coordinator, out } = ctx;
  const result = await coordinator.acquire(name, {
    ttl: o.ttl,
    wait: o.wait,
    ...holdKind(o),
    onWait: lockWaitNotice(out, name, { limitSeconds: secondsOf(o.wait) }),
  });
  out.endProgress();
  if (result.warning) out.note(out.yellow(`warning: ${result.warning}`));
  out.result(result, () =>
    result.acquired
      ? `${out.green("acquired")} ${result.lock_name} (${result.mode === "shared" ? "shared, " : ""}token ${result.fencing_token}${result.extended ? ", extended" : ""}, expires ${until(result.expires_at)})`
      : result.held_by === undefined
        ? `${out.red(result.reason === "timeout" ? "timed out" : "held")}: ${result.lock_name} has ${result.waiting ?? 0} waiting ahead`
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

/** `, 3 slots` when the name allows more than one holder. */
function slotsNote(slots: number): string {
  return slots > 1 ? `, ${slots} slots` : "";
}

/** `N waiting` after a lock's holder, when anyone waits. */
function waitingNote(waiters: readonly unknown[]): string {
  return waiters.length > 0 ? `, ${waiters.length} waiting` : "";
}

export async function check(ctx: Context, name: string): Promise<number> {
  const { coordinator, out } = ctx;
  const result = await coordinator.check(name);
  out.result(result, () => [
    result.available
      ? `${out.green("free")}: ${result.lock_name}${result.holders.length > 0 ? `, ${result.holders.length} of ${result.slots} slots held` : ""}`
      : result.held_by === undefined
        ? `${out.red("awaited")}: ${result.lock_name}${waitingNote(result.waiters)}`
        : `${result.mine ? out.green("mine") : out.red("held")}: ${result.lock_name} by ${result.held_by}${result.holder_tier ? ` (${result.holder_tier})` : ""}, ${result.ttl_remaining_seconds}s left${slotsNote(result.slots)}${waitingNote(result.waiters)}`,
    ...lineDetail(out, result).map((l) => `  ${l}`),
  ]);
  return result.available || result.mine ? EXIT.ok : EXIT.refused;
}

/** How a wait for a free lock ended: the last look at the lock, whether it was free, and how long it took. */
export interface FreeWait {
  result: CheckResult;
  free: boolean;
  waitedMs: number;
}

/** Waits until `name` is free or this session's, without taking it, for up to `waitSeconds`. */
export async function untilFree(
  ctx: Context,
  name: string,
  waitSeconds: number,
  onWait: (progress: WaitProgress) => void,
): Promise<FreeWait> {
  const { coordinator } = ctx;
  const waitMs = waitSeconds * 1000;
  const lockName = await coordinator.resolveLockName(name);
  const started = Date.now();
  for (;;) {
    const result = await coordinator.check(name);
    const waitedMs = Date.now() - started;
    const free = result.available || result.mine;
    if (free || waitedMs >= waitMs) return { result, free, waitedMs };
    onWait({
      lock_name: lockName,
      mode: "exclusive",
      position: null,
      waited_ms: waitedMs,
      slots: result.slots,
      holders: result.holders,
      waiting: result.waiters.length,
    });
    const untilExpiry = result.holders.map((h) => Date.parse(h.expires_at) - Date.now() + 5);
    await coordinator.driver.waitForChange(
      lockName,
      Math.max(5, Math.min(1_000, waitMs - waitedMs, ...untilExpiry)),
    );
  }
}

/** `baton lock wait`: exit 0 when the lock is free, 3 when the wait runs out. */
export async function waitFree(ctx: Context, name: string, o: { wait?: number }): Promise<number> {
  const { out } = ctx;
  const wait = o.wait ?? 120;
  const { result, free, waitedMs } = await untilFree(
    ctx,
    name,
    wait,
    lockWaitNotice(out, name, { limitSeconds: wait }),
  );
  out.endProgress();
  out.result(result, () =>
    free
      ? `${out.green("free")}: ${result.lock_name}${waitedMs > 0 ? ` after ${formatAge(waitedMs)}` : ""}`
      : `${out.red("timed out")}: ${result.lock_name} still ${result.held_by === undefined ? "awaited" : `held by ${result.held_by}`} after ${formatAge(waitedMs)}`,
  );
  return free ? EXIT.ok : EXIT.timeout;
}

/** One page of the locks matching a glob (default 100); says how to get the next one. */
export async function list(ctx: Context, pattern: string | undefined, o: PageOptions = {}): Promise<number> {
  const { coordinator, out } = ctx;
  const result = await coordinator.list(pattern ?? "*", o);
  out.result(result, () =>
    result.total === 0
      ? out.dim(`no locks match ${result.pattern}`)
      : [
          ...result.locks.flatMap((l) => [
            `${l.mine ? out.green(l.lock_name) : l.lock_name}  ${lockLine(out, l)}`,
            ...underRow(out, l).map((u) => `    ${u}`),
          ]),
          ...morePages(out, result, `baton lock list ${shellQuote(pattern ?? "*")}`, o),
        ],
  );
  return EXIT.ok;
}

/** A lock's holders (the first, and how many more), time left, token and line, for one row of a list. */
export function lockLine(out: Output, l: LockInfo): string {
  const more = l.holders.length > 1 ? ` +${l.holders.length - 1}` : "";
  const held =
    l.held_by === undefined
      ? out.dim("(between holders)")
      : `${l.held_by}${more}  ${l.ttl_remaining_seconds}s left  token ${l.fencing_token}${l.worktree ? `  ${out.dim(l.worktree)}` : ""}`;
  return `${held}${slotsNote(l.slots)}${waitingNote(l.waiters)}`;
}

export async function info(ctx: Context, name: string): Promise<number> {
  const { coordinator, out } = ctx;
  const result = await coordinator.info(name);
  if (!result && !out.json)
    throw new NotFoundError(
      `no lock named ${await coordinator.resolveLockName(name)} is held; list them with: baton lock list`,
    );
  const detail = new Set(["holders", "waiters", "requests"]);
  out.result(result, () => [
    ...Object.entries(result ?? {})
      .filter(([k]) => !detail.has(k))
      .map(
        ([k, v]) =>
          `${k.padEnd(22)} ${v === null ? out.dim("-") : typeof v === "object" ? JSON.stringify(v) : String(v)}`,
      ),
    ...(result ? lineDetail(out, result) : []),
  ]);
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

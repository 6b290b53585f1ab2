import {
  type AcquireRequest,
  type DriverAcquireOutcome,
  type DriverLockChange,
  globToRegExp,
  type LockRecord,
  type LockState,
} from "@agent-baton/core";
import type { ChangeWatcher } from "./change-watcher.js";
import { encodeName } from "./file-names.js";
import * as rule from "./grant-rule.js";
import { HeldIndex } from "./held-index.js";
import { liveOrNull, liveState, type NameRecord } from "./name-record.js";
import type { NameSteps } from "./name-steps.js";
import type { RecordFiles } from "./record-files.js";

/** A waiter renews its place once less than this share of its lease is left (not on every wake). */
const RENEW_BELOW = 0.7;

/**
 * The lock half of the Driver on name records (name-steps.ts). Changes are steps under the name's
 * guard; answers that change nothing (a refusal while others hold or wait ahead, a release of a
 * name that does not exist) come from one unguarded read of the record, which is replaced whole.
 */
export class FileLocks {
  /**
   * Per name, the generation this process's last attempt left or saw: a wait compares against it,
   * so a change between that attempt and the wait is not missed. (Two sessions of one process
   * waiting on one name share it; the other's attempt may hide a change from the first, which then
   * looks again at its timeout.)
   */
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly steps: NameSteps,
    private readonly files: RecordFiles,
    private readonly locksDir: string,
    private readonly index: HeldIndex,
    private readonly watcher: ChangeWatcher,
  ) {}

  private see(name: string, record: NameRecord | null): void {
    this.seen.set(name, record ? record.gen : -1);
  }

  async acquire(name: string, request: AcquireRequest): Promise<DriverAcquireOutcome> {
    const seen = this.steps.peek(encodeName(name));
    if (seen.state === "ok") {
      const refused = this.refusal(seen.record, request);
      if (refused) {
        this.see(name, seen.record);
        return refused;
      }
    }
    const { result, record } = await this.steps.byName(name, (c) => rule.attempt(c, request));
    this.see(name, record);
    const state = liveState(record, this.steps.now());
    return { ...result, state };
  }

  /** The refusal a step would give, when one read shows it without changing anything; null otherwise. */
  private refusal(record: NameRecord, request: AcquireRequest): DriverAcquireOutcome | null {
    const now = this.steps.now();
    const state = liveState(record, now);
    const session = request.owner.held_by;
    if (!state.holders.length && !state.waiters.length) return null;
    // Something lapsed: the step prunes it (and records that) even when it then refuses.
    if (state.holders.length < record.holders.length || state.waiters.length < record.waiters.length)
      return null;
    if (request.evict?.some((token) => record.holders.some((h) => h.fencing_token === token))) return null;
    if (state.holders.some((h) => h.held_by === session)) return null;
    const place = state.waiters.findIndex((w) => w.session_id === session);
    const position = place >= 0 ? place + 1 : null;
    if (record.slots !== request.slots)
      return { acquired: false, state, position, slotsInForce: record.slots };
    if (rule.fits(state, request.mode) && rule.eligible(state, session)) return null;
    if (request.leaseMs === undefined) return { acquired: false, state, position };
    if (place < 0) return null;
    const left = Date.parse(state.waiters[place]!.lease_expires_at) - now;
    return left < request.leaseMs * RENEW_BELOW ? null : { acquired: false, state, position };
  }

  async leaveLine(name: string, sessionId: string, reason: string): Promise<void> {
    const seen = this.steps.peek(encodeName(name));
    if (seen.state === "absent") return;
    if (seen.state === "ok" && !seen.record.waiters.some((w) => w.session_id === sessionId)) return;
    await this.steps.byName(name, (c) => {
      rule.leave(c, sessionId, reason);
      rule.prune(c);
    });
  }

  async release(name: string, sessionId: string): Promise<DriverLockChange> {
    const seen = this.steps.peek(encodeName(name));
    if (seen.state === "absent") return { outcome: "not_found", lock: null };
    if (seen.state === "ok") {
      const { holders } = liveState(seen.record, this.steps.now());
      if (!holders.some((h) => h.held_by === sessionId)) {
        return holders[0] ? { outcome: "not_owner", lock: holders[0] } : { outcome: "not_found", lock: null };
      }
    }
    return (await this.steps.byName(name, (c) => rule.release(c, sessionId))).result;
  }

  async extend(
    name: string,
    sessionId: string,
    ttlMs: number,
    patch?: Partial<Pick<LockRecord, "pid" | "pid_start" | "pgid">>,
  ): Promise<DriverLockChange> {
    if (this.steps.peek(encodeName(name)).state === "absent") return { outcome: "not_found", lock: null };
    return (await this.steps.byName(name, (c) => rule.extend(c, sessionId, ttlMs, patch))).result;
  }

  async forceRelease(
    name: string,
    options: { expectedToken?: number; by: string; reason?: string },
  ): Promise<LockRecord[]> {
    if (this.steps.peek(encodeName(name)).state === "absent") return [];
    return (await this.steps.byName(name, (c) => rule.forceRelease(c, options))).result;
  }

  async requestRelease(
    name: string,
    request: { by: string; reason: string | null; ttlMs: number },
  ): Promise<LockState | null> {
    if (this.steps.peek(encodeName(name)).state === "absent") return null;
    const { result, record } = await this.steps.byName(name, (c) => rule.requestRelease(c, request));
    return result ? liveState(record, this.steps.now()) : null;
  }

  /** The record as a reader sees it; a corrupt one is moved aside under its guard. */
  private async read(key: string): Promise<NameRecord | null> {
    const seen = this.steps.peek(key);
    if (seen.state !== "corrupt") return seen.state === "ok" ? seen.record : null;
    return (await this.steps.run(key, null, () => {})).record;
  }

  async get(name: string): Promise<LockState | null> {
    const key = encodeName(name);
    // A free name has no record: a stat says so far more cheaply than the error a failed read throws.
    if (this.steps.stamp(key) === "absent") return null;
    return liveOrNull(await this.read(key), this.steps.now());
  }

  async list(pattern: string): Promise<LockState[]> {
    const re = globToRegExp(pattern);
    const now = this.steps.now();
    const out: LockState[] = [];
    for (const file of this.files.list(this.locksDir)) {
      const state = liveOrNull(await this.read(file.slice(0, -".json".length)), now);
      if (state && re.test(state.lock_name)) out.push(state);
    }
    return out.sort((a, b) => a.lock_name.localeCompare(b.lock_name));
  }

  /**
   * Resolves once the name's generation differs from the one this process's attempts saw (a hold
   * or place came or went), at the next expiry of a hold or lease, or after `timeoutMs`.
   */
  waitForChange(name: string, timeoutMs: number, signal?: AbortSignal): Promise<void> {
    const key = encodeName(name);
    const gen = () => {
      const seen = this.steps.peek(key);
      return seen.state === "ok" ? seen.record.gen : seen.state === "absent" ? -1 : Number.NaN;
    };
    const now = this.steps.now();
    const current = this.steps.peek(key);
    const baseline = this.seen.get(name) ?? gen();
    this.seen.delete(name);
    let wait = timeoutMs;
    if (current.state === "ok") {
      const { holders, waiters } = current.record;
      const times = [...holders.map((h) => h.expires_at), ...waiters.map((w) => w.lease_expires_at)];
      const next = Math.min(...times.map(Date.parse).filter((t) => t > now));
      if (Number.isFinite(next)) wait = Math.min(wait, next - now + 1);
    }
    let stamp = "";
    const changed = () => {
      const now = this.steps.stamp(key);
      if (now === stamp) return false;
      stamp = now;
      return gen() !== baseline;
    };
    return this.watcher.wait(this.steps.recordPath(key), changed, wait, signal);
  }

  /**
   * Removes every hold and place of the session, found through its index and each checked under
   * its name's guard; the names of the live holds it released, sorted.
   */
  async endSession(sessionId: string, reason: string | null): Promise<string[]> {
    const released: string[] = [];
    const entries = this.index.entries(sessionId);
    for (const key of new Set(entries.map((e) => e.key))) {
      const { result, record } = await this.steps.run(key, null, (c) => rule.endOnName(c, sessionId, reason));
      if (result && record) released.push(record.lock_name);
      for (const entry of entries) if (entry.key === key) this.index.remove(sessionId, entry.file);
    }
    this.index.drop(sessionId);
    return released.sort();
  }

  /** Prunes the names where the session's index says one of its holds is past its expiry. */
  async reapSession(sessionId: string): Promise<void> {
    const now = this.steps.now();
    for (const entry of this.index.entries(sessionId)) {
      if (entry.kind !== "hold" || entry.expiresMs > now) continue;
      const { record } = await this.steps.run(entry.key, null, (c) => rule.prune(c));
      const hold = record?.holders.find((h) => h.held_by === sessionId && h.fencing_token === entry.token);
      if (hold) {
        // Extended by a step that died before renaming its entry: the entry learns the new expiry.
        const file = HeldIndex.holdFile(entry.key, entry.token, Date.parse(hold.expires_at));
        this.index.move(sessionId, entry.file, file);
      } else this.index.remove(sessionId, entry.file);
    }
  }

  /** Enters every stored hold in its session's index: once, when a directory older than the index is first used. */
  async indexExisting(): Promise<void> {
    for (const file of this.files.list(this.locksDir)) {
      const key = file.slice(0, -".json".length);
      const seen = this.steps.peek(key);
      if (seen.state !== "ok") continue;
      for (const hold of seen.record.holders) {
        this.index.add(
          hold.held_by,
          HeldIndex.holdFile(key, hold.fencing_token, Date.parse(hold.expires_at)),
        );
      }
    }
  }
}

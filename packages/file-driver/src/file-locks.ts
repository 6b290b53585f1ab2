import { join } from "node:path";
import {
  type Clock,
  type DriverAcquireOutcome,
  type DriverLockChange,
  globToRegExp,
  type LockOwner,
  type LockRecord,
  LockRecordSchema,
} from "@agent-baton/core";
import { tokenAfter } from "./fencing-tokens.js";
import { encodeName } from "./file-names.js";
import type { Guards } from "./guard.js";
import type { HeldIndex } from "./held-index.js";
import type { Layout } from "./layout.js";
import type { ReadOutcome, RecordFiles } from "./record-files.js";

function ownerOf(lock: LockRecord): LockOwner {
  const { held_by, host, pid, pid_start, worktree } = lock;
  return { held_by, host, pid, pid_start, worktree };
}

/**
 * Locks on disk. A held lock is `locks/<key>.json`, `<key>` being its encoded name. It is created
 * without a guard by an exclusive link() (the fast path: absent means free); every change to an
 * existing record (extend, takeover, delete) happens under the name's proper-lockfile guard.
 * Deleting first hard-links the record to `fencing/<key>.json`, so the last token survives release,
 * expiry and restarts. Each acquisition is entered in its session's index before its record can be
 * seen, and leaves it once the record is gone (held-index.ts).
 */
export class FileLocks {
  constructor(
    private readonly layout: Layout,
    private readonly files: RecordFiles,
    private readonly guards: Guards,
    private readonly clock: Clock,
    private readonly index: HeldIndex,
  ) {}

  lockPath(name: string): string {
    return this.pathOf(encodeName(name));
  }

  private pathOf(key: string): string {
    return join(this.layout.locks, `${key}.json`);
  }

  private counterOf(key: string): string {
    return join(this.layout.fencing, `${key}.json`);
  }

  private guarded<T>(key: string, fn: () => T | Promise<T>): Promise<T> {
    return this.guards.with(`lock-${key}`, fn);
  }

  private live(lock: LockRecord | null): LockRecord | null {
    return lock && Date.parse(lock.expires_at) > this.clock.now() ? lock : null;
  }

  private record(name: string, owner: LockOwner, ttlMs: number, token: number): LockRecord {
    const now = this.clock.now();
    return {
      lock_name: name,
      ...owner,
      acquired_at: new Date(now).toISOString(),
      expires_at: new Date(now + ttlMs).toISOString(),
      fencing_token: token,
    };
  }

  private extended(lock: LockRecord, ttlMs: number): LockRecord {
    return { ...lock, expires_at: new Date(this.clock.now() + ttlMs).toISOString() };
  }

  private peek(path: string): ReadOutcome<LockRecord> {
    return this.files.peek(path, LockRecordSchema);
  }

  /** The record, with a corrupt one moved aside under its guard. */
  private async read(key: string): Promise<LockRecord | null> {
    const seen = this.peek(this.pathOf(key));
    if (seen.state !== "corrupt") return seen.state === "ok" ? seen.value : null;
    return this.guarded(key, () => this.readGuarded(key));
  }

  /** The record under its guard; a corrupt one is moved aside and counts as absent. */
  private readGuarded(key: string): LockRecord | null {
    const path = this.pathOf(key);
    const seen = this.peek(path);
    if (seen.state === "corrupt") this.files.quarantine(path);
    return seen.state === "ok" ? seen.value : null;
  }

  /** A token above every one this name ever had (see fencing-tokens.ts). Under the guard. */
  private nextToken(key: string, current: LockRecord | null): number {
    const path = this.counterOf(key);
    const counter = this.peek(path);
    if (counter.state === "corrupt") this.files.quarantine(path);
    const last = Math.max(
      counter.state === "ok" ? counter.value.fencing_token : 0,
      current?.fencing_token ?? 0,
    );
    return tokenAfter(last);
  }

  /** Replaces the record under its guard (held locks are not fsynced: a power loss ends every holder). */
  private overwrite(key: string, lock: LockRecord): true {
    this.files.write(this.pathOf(key), lock, false);
    return true;
  }

  /** Deletes the record under its guard: its token kept as the name's counter first, its index entry after. */
  private deleteGuarded(key: string, lock: LockRecord): void {
    // Unlink + link rather than rename-over: ext4 flushes a file renamed over another (~150 µs).
    // Should we crash in between, the lock record is still there and still carries the token.
    const counter = this.counterOf(key);
    this.files.remove(counter);
    this.files.linkExisting(this.pathOf(key), counter);
    this.files.remove(this.pathOf(key));
    this.index.remove(lock.held_by, key, lock.fencing_token);
  }

  async acquire(
    name: string,
    owner: LockOwner,
    ttlMs: number,
    options?: { replaceToken?: number },
  ): Promise<DriverAcquireOutcome> {
    const key = encodeName(name);
    const path = this.pathOf(key);
    let seen = this.peek(path);
    if (seen.state === "absent") {
      const counter = this.peek(this.counterOf(key));
      const base = counter.state === "ok" ? counter.value.fencing_token : 0;
      const lock = this.record(name, owner, ttlMs, tokenAfter(base));
      const link = () => this.files.create(path, lock, false);
      // Entered in the index before the record can be seen. A corrupt counter, or an entry another
      // attempt of this session made with the same token, is settled under the guard.
      if (counter.state !== "corrupt" && this.index.add(owner.held_by, key, lock.fencing_token)) {
        if (this.index.placing(owner.held_by, key, lock.fencing_token, link)) {
          const after = this.peek(this.counterOf(key));
          if (after.state === "absent" || (after.state === "ok" && after.value.fencing_token <= base)) {
            return { acquired: true, lock, extended: false };
          }
          // The counter moved between our read and our link: our token may repeat an earlier one.
          return this.retoken(key, lock, ttlMs);
        }
        // Another process linked first: usually a plain "held", which needs no guard.
        seen = this.peek(path);
      }
    }
    if (seen.state === "ok") {
      const held = this.live(seen.value);
      if (held && held.held_by !== owner.held_by && held.fencing_token !== options?.replaceToken) {
        return { acquired: false, holder: held };
      }
    }
    return this.guarded(key, () => this.acquireGuarded(key, name, owner, ttlMs, options));
  }

  private acquireGuarded(
    key: string,
    name: string,
    owner: LockOwner,
    ttlMs: number,
    options?: { replaceToken?: number },
  ): DriverAcquireOutcome {
    const path = this.pathOf(key);
    const current = this.readGuarded(key);
    const held = this.live(current);
    if (held && held.held_by === owner.held_by) {
      const lock = this.extended(held, ttlMs);
      this.overwrite(key, lock);
      return { acquired: true, lock, extended: true };
    }
    if (held && held.fencing_token !== options?.replaceToken) return { acquired: false, holder: held };
    const token = this.index.addFrom(owner.held_by, key, this.nextToken(key, current));
    const lock = this.record(name, owner, ttlMs, token);
    if (current) {
      this.index.placing(owner.held_by, key, token, () => this.overwrite(key, lock));
      this.index.remove(current.held_by, key, current.fencing_token);
      return { acquired: true, lock, extended: false };
    }
    if (this.index.placing(owner.held_by, key, token, () => this.files.create(path, lock, false))) {
      return { acquired: true, lock, extended: false };
    }
    const winner = this.peek(path);
    if (winner.state === "ok") return { acquired: false, holder: winner.value };
    // Taken and released again by fast-path acquirers while we looked: look once more.
    return this.acquireGuarded(key, name, owner, ttlMs, options);
  }

  private retoken(key: string, mine: LockRecord, ttlMs: number): Promise<DriverAcquireOutcome> {
    return this.guarded(key, () => {
      const still = this.readGuarded(key);
      if (!still || still.held_by !== mine.held_by || still.fencing_token !== mine.fencing_token) {
        // Replaced or deleted meanwhile; whoever did it removed our index entry.
        const holder = this.live(still);
        if (holder) return { acquired: false, holder };
        return this.acquireGuarded(key, mine.lock_name, ownerOf(mine), ttlMs);
      }
      const token = this.index.addFrom(mine.held_by, key, this.nextToken(key, still));
      const lock = { ...mine, fencing_token: token };
      this.index.placing(mine.held_by, key, token, () => this.overwrite(key, lock));
      this.index.remove(mine.held_by, key, mine.fencing_token);
      return { acquired: true, lock, extended: false };
    });
  }

  async release(name: string, sessionId: string): Promise<DriverLockChange> {
    const key = encodeName(name);
    const seen = this.peek(this.pathOf(key));
    if (seen.state === "absent") return { outcome: "not_found", lock: null };
    if (seen.state === "ok") {
      const held = this.live(seen.value);
      if (!held) return { outcome: "not_found", lock: null };
      if (held.held_by !== sessionId) return { outcome: "not_owner", lock: held };
    }
    return this.guarded(key, () => {
      const held = this.live(this.readGuarded(key));
      if (!held) return { outcome: "not_found", lock: null };
      if (held.held_by !== sessionId) return { outcome: "not_owner", lock: held };
      this.deleteGuarded(key, held);
      return { outcome: "done", lock: held };
    });
  }

  extend(name: string, sessionId: string, ttlMs: number): Promise<DriverLockChange> {
    const key = encodeName(name);
    return this.guarded(key, () => {
      const held = this.live(this.readGuarded(key));
      if (!held) return { outcome: "not_found", lock: null };
      if (held.held_by !== sessionId) return { outcome: "not_owner", lock: held };
      const lock = this.extended(held, ttlMs);
      this.overwrite(key, lock);
      return { outcome: "done", lock };
    });
  }

  async forceRelease(name: string, options?: { expectedToken?: number }): Promise<LockRecord | null> {
    const key = encodeName(name);
    if (this.peek(this.pathOf(key)).state === "absent") return null;
    return this.guarded(key, () => {
      const held = this.live(this.readGuarded(key));
      if (!held || (options?.expectedToken !== undefined && held.fencing_token !== options.expectedToken)) {
        return null;
      }
      this.deleteGuarded(key, held);
      return held;
    });
  }

  /**
   * Deletes every lock the session holds, expired or not, found through its index and each checked
   * under its guard; the names of those that were still live, sorted.
   */
  async releaseSession(sessionId: string): Promise<string[]> {
    const released: string[] = [];
    for (const key of this.index.keys(sessionId)) {
      const lock = await this.guarded(key, () => {
        const current = this.readGuarded(key);
        if (current?.held_by !== sessionId) return null;
        this.deleteGuarded(key, current);
        return this.live(current);
      });
      if (lock) released.push(lock.lock_name);
    }
    this.index.drop(sessionId);
    return released.sort();
  }

  /** Enters every stored record in its session's index: once, when a directory older than the index is first used. */
  async indexExisting(): Promise<void> {
    for (const lock of await this.all()) {
      this.index.add(lock.held_by, encodeName(lock.lock_name), lock.fencing_token);
    }
  }

  async get(name: string): Promise<LockRecord | null> {
    return this.live(await this.read(encodeName(name)));
  }

  /** Every stored record, expired or not. */
  async all(): Promise<LockRecord[]> {
    const out: LockRecord[] = [];
    for (const file of this.files.list(this.layout.locks)) {
      const key = file.slice(0, -".json".length);
      const path = this.pathOf(key);
      const seen = this.peek(path);
      if (seen.state === "ok") out.push(seen.value);
      else if (seen.state === "corrupt") {
        await this.guarded(key, () => {
          if (this.peek(path).state === "corrupt") this.files.quarantine(path);
        });
      }
    }
    return out;
  }

  async list(pattern: string): Promise<LockRecord[]> {
    const re = globToRegExp(pattern);
    return (await this.all())
      .filter((lock) => re.test(lock.lock_name) && this.live(lock))
      .sort((a, b) => a.lock_name.localeCompare(b.lock_name));
  }
}

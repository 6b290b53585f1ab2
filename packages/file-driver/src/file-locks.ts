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
import { wallClockMicros } from "./boot-epoch.js";
import { encodeName } from "./file-names.js";
import type { Guards } from "./guard.js";
import type { Layout } from "./layout.js";
import type { ReadOutcome, RecordFiles } from "./record-files.js";

function ownerOf(lock: LockRecord): LockOwner {
  const { held_by, host, pid, pid_start, worktree } = lock;
  return { held_by, host, pid, pid_start, worktree };
}

/** A lock record as read under its guard; `corrupt` means one was moved aside, so its token is unknown. */
interface Current {
  lock: LockRecord | null;
  corrupt: boolean;
}

/**
 * Locks on disk. A held lock is `locks/<enc>.json`. It is created without a guard by an exclusive
 * link() (the fast path: absent means free); every change to an existing record (extend, takeover,
 * delete) happens under the name's proper-lockfile guard. Deleting first hard-links the record to
 * `fencing/<enc>.json`, so the last token survives release, expiry and restarts.
 */
export class FileLocks {
  constructor(
    private readonly layout: Layout,
    private readonly files: RecordFiles,
    private readonly guards: Guards,
    private readonly clock: Clock,
    /** The lowest token this boot may issue (see boot-epoch.ts). */
    private readonly floor: () => number,
  ) {}

  lockPath(name: string): string {
    return join(this.layout.locks, `${encodeName(name)}.json`);
  }

  private counterPath(name: string): string {
    return join(this.layout.fencing, `${encodeName(name)}.json`);
  }

  private guarded<T>(name: string, fn: () => T | Promise<T>): Promise<T> {
    return this.guards.with(`lock-${encodeName(name)}`, fn);
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

  private peek(path: string): ReadOutcome<LockRecord> {
    return this.files.peek(path, LockRecordSchema);
  }

  /** The record, with a corrupt one moved aside under its guard. */
  private async read(name: string): Promise<LockRecord | null> {
    const seen = this.peek(this.lockPath(name));
    if (seen.state !== "corrupt") return seen.state === "ok" ? seen.value : null;
    return (await this.guarded(name, () => this.readGuarded(name))).lock;
  }

  private readGuarded(name: string): Current {
    const path = this.lockPath(name);
    const seen = this.peek(path);
    if (seen.state === "corrupt") this.files.quarantine(path);
    return { lock: seen.state === "ok" ? seen.value : null, corrupt: seen.state === "corrupt" };
  }

  /** A token above every one this name ever had. Under the guard. */
  private nextToken(name: string, current: Current): number {
    const path = this.counterPath(name);
    const counter = this.peek(path);
    if (counter.state === "corrupt") this.files.quarantine(path);
    let last = Math.max(
      counter.state === "ok" ? counter.value.fencing_token : 0,
      current.lock?.fencing_token ?? 0,
      this.floor(),
    );
    // A lost counter could hide any number of earlier tokens; the clock in µs is above them all.
    if (counter.state === "corrupt" || current.corrupt) last = Math.max(last, wallClockMicros());
    return last + 1;
  }

  /** Deletes the record under its guard, keeping its token as the name's counter first. */
  private deleteGuarded(name: string): void {
    // Unlink + link rather than rename-over: ext4 flushes a file renamed over another (~150 µs).
    // Should we crash in between, the lock record is still there and still carries the token.
    const counter = this.counterPath(name);
    this.files.remove(counter);
    this.files.linkExisting(this.lockPath(name), counter);
    this.files.remove(this.lockPath(name));
  }

  async acquire(
    name: string,
    owner: LockOwner,
    ttlMs: number,
    options?: { replaceToken?: number },
  ): Promise<DriverAcquireOutcome> {
    const path = this.lockPath(name);
    let seen = this.peek(path);
    if (seen.state === "absent") {
      const counter = this.peek(this.counterPath(name));
      if (counter.state !== "corrupt") {
        const base = Math.max(counter.state === "ok" ? counter.value.fencing_token : 0, this.floor());
        const lock = this.record(name, owner, ttlMs, base + 1);
        if (this.files.create(path, lock, false)) {
          const after = this.peek(this.counterPath(name));
          if (after.state === "absent" || (after.state === "ok" && after.value.fencing_token <= base)) {
            return { acquired: true, lock, extended: false };
          }
          // The counter moved between our read and our link: our token may repeat an earlier one.
          return this.retoken(name, lock, ttlMs);
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
    return this.guarded(name, () => this.acquireGuarded(name, owner, ttlMs, options));
  }

  private acquireGuarded(
    name: string,
    owner: LockOwner,
    ttlMs: number,
    options?: { replaceToken?: number },
  ): DriverAcquireOutcome {
    const path = this.lockPath(name);
    const current = this.readGuarded(name);
    const held = this.live(current.lock);
    if (held && held.held_by === owner.held_by) {
      const lock = { ...held, expires_at: new Date(this.clock.now() + ttlMs).toISOString() };
      this.files.write(path, lock, false);
      return { acquired: true, lock, extended: true };
    }
    if (held && held.fencing_token !== options?.replaceToken) return { acquired: false, holder: held };
    const lock = this.record(name, owner, ttlMs, this.nextToken(name, current));
    if (current.lock) this.files.write(path, lock, false);
    else if (!this.files.create(path, lock, false)) {
      const winner = this.peek(path);
      if (winner.state === "ok") return { acquired: false, holder: winner.value };
      // Taken and released again by fast-path acquirers while we looked: look once more.
      return this.acquireGuarded(name, owner, ttlMs, options);
    }
    return { acquired: true, lock, extended: false };
  }

  private retoken(name: string, mine: LockRecord, ttlMs: number): Promise<DriverAcquireOutcome> {
    return this.guarded(name, () => {
      const current = this.readGuarded(name);
      const still = current.lock;
      if (!still || still.held_by !== mine.held_by || still.fencing_token !== mine.fencing_token) {
        const holder = this.live(still);
        if (holder) return { acquired: false, holder };
        return this.acquireGuarded(name, ownerOf(mine), ttlMs);
      }
      const lock = { ...mine, fencing_token: this.nextToken(name, current) };
      this.files.write(this.lockPath(name), lock, false);
      return { acquired: true, lock, extended: false };
    });
  }

  async release(name: string, sessionId: string): Promise<DriverLockChange> {
    const seen = this.peek(this.lockPath(name));
    if (seen.state === "absent") return { outcome: "not_found", lock: null };
    if (seen.state === "ok") {
      const held = this.live(seen.value);
      if (!held) return { outcome: "not_found", lock: null };
      if (held.held_by !== sessionId) return { outcome: "not_owner", lock: held };
    }
    return this.guarded(name, () => {
      const held = this.live(this.readGuarded(name).lock);
      if (!held) return { outcome: "not_found", lock: null };
      if (held.held_by !== sessionId) return { outcome: "not_owner", lock: held };
      this.deleteGuarded(name);
      return { outcome: "done", lock: held };
    });
  }

  extend(name: string, sessionId: string, ttlMs: number): Promise<DriverLockChange> {
    return this.guarded(name, () => {
      const held = this.live(this.readGuarded(name).lock);
      if (!held) return { outcome: "not_found", lock: null };
      if (held.held_by !== sessionId) return { outcome: "not_owner", lock: held };
      const lock = { ...held, expires_at: new Date(this.clock.now() + ttlMs).toISOString() };
      this.files.write(this.lockPath(name), lock, false);
      return { outcome: "done", lock };
    });
  }

  async forceRelease(name: string, options?: { expectedToken?: number }): Promise<LockRecord | null> {
    if (this.peek(this.lockPath(name)).state === "absent") return null;
    return this.guarded(name, () => {
      const current = this.readGuarded(name);
      const held = this.live(current.lock);
      if (!held || (options?.expectedToken !== undefined && held.fencing_token !== options.expectedToken)) {
        return null;
      }
      this.deleteGuarded(name);
      return held;
    });
  }

  /** Deletes `name` if `sessionId` holds it, whether or not expired; the live record it deleted, or null. */
  async releaseForSession(name: string, sessionId: string): Promise<LockRecord | null> {
    return this.guarded(name, () => {
      const current = this.readGuarded(name).lock;
      if (!current || current.held_by !== sessionId) return null;
      this.deleteGuarded(name);
      return this.live(current);
    });
  }

  async get(name: string): Promise<LockRecord | null> {
    return this.live(await this.read(name));
  }

  /** Every stored record, expired or not. */
  async all(): Promise<LockRecord[]> {
    const out: LockRecord[] = [];
    for (const file of this.files.list(this.layout.locks)) {
      const path = join(this.layout.locks, file);
      const seen = this.peek(path);
      if (seen.state === "ok") out.push(seen.value);
      else if (seen.state === "corrupt") {
        const key = `lock-${file.slice(0, -".json".length)}`;
        await this.guards.with(key, () => {
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

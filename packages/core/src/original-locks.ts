import {
  mkdirSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import * as z from "zod/mini";
import { isPidAlive } from "./platform/signals.js";
import type { LockRecord, LockState } from "./schemas/lock.js";

/**
 * The original scripts' lock file, `locks/NAME.lock` in the shared COORDINATION_DIR, as their
 * `session-lock.sh acquire` writes it. `baton` marks the copies baton writes itself.
 */
const OriginalLockFileSchema = z.object({
  session_id: z.string(),
  worktree: z.optional(z.nullable(z.string())),
  acquired_at: z.optional(z.string()),
  expires_at: z.string(),
  pid: z.optional(z.nullable(z.number())),
  baton: z.optional(z.boolean()),
});
type OriginalLockFile = z.infer<typeof OriginalLockFileSchema>;

/** The original's name for a stored name: `resource:X` was plain `X` there. */
function originalName(lockName: string): string | null {
  const name = lockName.startsWith("resource:") ? lockName.slice("resource:".length) : lockName;
  // a name that would leave locks/ or hide as a dot file was never one of the original's files
  return name.includes("/") || name.startsWith(".") ? null : name;
}

const isoOf = (text: string | undefined, fallback: number) => {
  const ms = text ? Date.parse(text) : Number.NaN;
  return new Date(Number.isNaN(ms) ? fallback : ms).toISOString();
};

/** The host baton shows for a hold of the original scripts. */
export const ORIGINAL_HOST = "original scripts";

/** What the original scripts recorded about a hold, in their lock files and Redis keys alike. */
export interface OriginalHoldFields {
  session_id: string;
  worktree?: string | null;
  acquired_at?: string;
  expires_at?: string;
  pid?: number | null;
}

/**
 * A hold the original scripts took, as baton shows a holder: host `original scripts`, exclusive,
 * no fencing token (0). Times the original wrote that do not parse read as `now`.
 */
export function originalHold(lockName: string, lock: OriginalHoldFields, now: number): LockRecord {
  return {
    lock_name: lockName,
    held_by: lock.session_id,
    host: ORIGINAL_HOST,
    pid: lock.pid ?? null,
    pid_start: null,
    pgid: null,
    worktree: lock.worktree ?? null,
    mode: "exclusive",
    acquired_at: isoOf(lock.acquired_at, now),
    expires_at: isoOf(lock.expires_at, now),
    fencing_token: 0,
  };
}

/**
 * The value of the original's Redis lock key, `claude:locks:NAME` (its coordination server's
 * SET NX EX); `baton` (the key base) marks the copies baton writes there itself.
 */
const OriginalKeyValueSchema = z.object({
  session_id: z.string(),
  worktree: z.optional(z.nullable(z.string())),
  acquired_at: z.optional(z.string()),
  expires_at: z.optional(z.string()),
  baton: z.optional(z.string()),
});

/**
 * The hold a value of the original's Redis lock key stands for, expiring at `expiresMs` (the
 * key's TTL; null: never, then its own `expires_at`); a value it cannot read holds the name for
 * an unknown session, as the key's existence does for the original. Null for baton's own copy.
 */
export function originalKeyHold(
  lockName: string,
  raw: string,
  expiresMs: number | null,
  now: number,
): LockRecord | null {
  let value: z.infer<typeof OriginalKeyValueSchema> = { session_id: "unknown" };
  try {
    const parsed = OriginalKeyValueSchema.safeParse(JSON.parse(raw));
    if (parsed.success) value = parsed.data;
  } catch {
    // not JSON: still a key that holds the name
  }
  if (value.baton !== undefined) return null;
  const expires = expiresMs === null ? value.expires_at : new Date(expiresMs).toISOString();
  return originalHold(lockName, { ...value, ...(expires === undefined ? {} : { expires_at: expires }) }, now);
}

/**
 * A team moving from the original scripts shares one COORDINATION_DIR between sessions on the old
 * hooks and sessions on baton (file backend). A live original lock file makes baton treat the name
 * as held by the original's session, and every lock baton holds is mirrored as such a file, so the
 * original's `acquire` waits for it too. Each side still decides on its own (the original's check
 * and write are two steps), so baton writes its copy, reads it back and gives its hold up if an
 * original acquire overwrote it.
 */
export class OriginalLocks {
  constructor(
    private readonly dir: string,
    /** Seconds of heartbeat silence after which the original counts a session as gone (its stale threshold). */
    private readonly staleSeconds: number,
  ) {}

  private file(lockName: string): string | null {
    const name = originalName(lockName);
    return name === null ? null : join(this.dir, "locks", `${name}.lock`);
  }

  private read(lockName: string): OriginalLockFile | null {
    const file = this.file(lockName);
    // without the original beside baton there is no file: a stat is far cheaper than a failed read's error
    if (!file || !statSync(file, { throwIfNoEntry: false })) return null;
    try {
      const parsed = OriginalLockFileSchema.safeParse(JSON.parse(readFileSync(file, "utf8")));
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  }

  /** Whether the original would call this session alive: a fresh heartbeat file, or else its pid running. */
  private alive(lock: OriginalLockFile, now: number): boolean {
    try {
      const beat = statSync(join(this.dir, "heartbeat", `${lock.session_id}.heartbeat`)).mtimeMs;
      if (now - beat < this.staleSeconds * 1000) return true;
    } catch {
      // no heartbeat file: the original then asks the pid
    }
    return typeof lock.pid === "number" && lock.pid > 0 && isPidAlive(lock.pid);
  }

  /** The hold of a live lock file the original wrote for this name, as baton shows a holder; null when none. */
  holder(lockName: string, now = Date.now()): LockRecord | null {
    const lock = this.read(lockName);
    if (!lock || lock.baton || Date.parse(lock.expires_at) <= now || !this.alive(lock, now)) return null;
    return originalHold(lockName, lock, now);
  }

  /** The lock as the original holds it, for a name with no baton state: one holder, nobody in line. */
  state(lockName: string, now = Date.now()): LockState | null {
    const hold = this.holder(lockName, now);
    return hold ? { lock_name: lockName, slots: 1, holders: [hold], waiters: [], requests: [] } : null;
  }

  /**
   * Writes baton's hold as an original lock file (and the session's heartbeat file the original
   * checks), then reads it back: false when a live original lock file is there, or an original
   * acquire overwrote the copy meanwhile.
   */
  mirror(hold: LockRecord): boolean {
    const file = this.file(hold.lock_name);
    if (!file) return true;
    const theirs = this.holder(hold.lock_name);
    if (theirs && theirs.held_by !== hold.held_by) return false;
    mkdirSync(join(this.dir, "locks"), { recursive: true });
    const body: OriginalLockFile & { operation: string } = {
      session_id: hold.held_by,
      worktree: hold.worktree,
      operation: originalName(hold.lock_name) ?? hold.lock_name,
      acquired_at: hold.acquired_at,
      pid: hold.pid,
      expires_at: hold.expires_at,
      baton: true,
    };
    const tmp = `${file}.baton-${process.pid}`;
    writeFileSync(tmp, `${JSON.stringify(body, null, 2)}\n`);
    renameSync(tmp, file);
    const beat = join(this.dir, "heartbeat", `${hold.held_by}.heartbeat`);
    mkdirSync(join(this.dir, "heartbeat"), { recursive: true });
    const now = new Date();
    try {
      utimesSync(beat, now, now);
    } catch {
      writeFileSync(beat, "");
    }
    const back = this.read(hold.lock_name);
    return back?.baton === true && back.session_id === hold.held_by;
  }

  /**
   * Removes baton's copy of this session's hold, and never a file the original wrote. Called while
   * the hold still stands where the name is known beforehand (release, force-release): once the
   * driver frees the name, the next holder may write its own copy between this read and this
   * unlink, and would lose it. A session's end learns its names from the driver, so it calls this after.
   */
  unmirror(lockName: string, sessionId: string): void {
    const file = this.file(lockName);
    const lock = this.read(lockName);
    if (!file || !lock?.baton || lock.session_id !== sessionId) return;
    try {
      unlinkSync(file);
    } catch {
      // already gone
    }
  }
}

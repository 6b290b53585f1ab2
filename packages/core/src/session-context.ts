import type { Clock } from "./clock.js";
import type { Driver } from "./driver.js";
import type { OriginalLocks } from "./original-locks.js";
import type { BatonConfig } from "./schemas/config.js";
import type { LockOwner } from "./schemas/lock.js";

/** What the Coordinator's sub-APIs (sessions, claims) work with: one session on one driver. */
export interface SessionContext {
  readonly driver: Driver;
  readonly config: BatonConfig;
  /** This caller's session id. */
  readonly sessionId: string;
  /** This caller as a holder: session id, host, anchor pid, worktree. */
  readonly owner: LockOwner;
  readonly clock: Clock;
  /** The directory the caller works in. */
  readonly cwd: string;
  /**
   * The original scripts' lock files sharing the coordination directory (file backend), else null
   * (the Redis driver honours the original's `claude:locks:*` keys inside its own acquire script).
   */
  readonly original: OriginalLocks | null;
}

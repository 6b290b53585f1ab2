import type { ClaimRecord, HistoryEvent, LockRecord, LockState, Thresholds } from "../src/index.js";
import type { LiveSource } from "../src/live/live-source.js";
import type { LiveSessionInput } from "../src/live/live-state.js";

export const THRESHOLDS: Thresholds = {
  activeThreshold: 300,
  idleThreshold: 3600,
  staleThreshold: 14_400,
  abandonedThreshold: 86_400,
};

/**
 * A LiveSource over records a test sets by hand: `write` changes them and publishes the event,
 * as a driver writes both in one step. Counts every read, so a test can say what was read again.
 */
export class ScriptedLiveSource implements LiveSource {
  readonly backend = "scripted";
  readonly location = "memory";
  readonly thresholds = THRESHOLDS;
  sessionList: LiveSessionInput[] = [];
  lockMap = new Map<string, LockState>();
  claimList: ClaimRecord[] = [];
  history: HistoryEvent[] = [];
  reads = { sessions: 0, locks: 0, lock: [] as string[], claims: 0, events: 0 };
  failing: Error | null = null;
  broken: Array<{ name: string; token: number; by: string; reason: string }> = [];
  private followers = new Set<(event: HistoryEvent) => void>();
  private nextId = 1;

  constructor(readonly me: string | null = null) {}

  private check(): void {
    if (this.failing) throw this.failing;
  }

  async sessions() {
    this.check();
    this.reads.sessions += 1;
    return structuredClone(this.sessionList);
  }
  async locks() {
    this.check();
    this.reads.locks += 1;
    return structuredClone([...this.lockMap.values()]);
  }
  async lock(name: string) {
    this.check();
    this.reads.lock.push(name);
    return structuredClone(this.lockMap.get(name) ?? null);
  }
  async claims() {
    this.check();
    this.reads.claims += 1;
    return structuredClone(this.claimList);
  }
  async events(limit: number) {
    this.check();
    this.reads.events += 1;
    const events = this.history.slice(-limit);
    return { events, cursor: String(this.history.length) };
  }
  follow(after: string, onEvent: (e: HistoryEvent) => void, signal: AbortSignal) {
    for (const e of this.history.slice(Number(after))) onEvent(e);
    this.followers.add(onEvent);
    return new Promise<void>((resolve) => {
      signal.addEventListener("abort", () => {
        this.followers.delete(onEvent);
        resolve();
      });
    });
  }
  async forceRelease(name: string, token: number, by: string, reason: string): Promise<LockRecord[]> {
    this.broken.push({ name, token, by, reason });
    const lock = this.lockMap.get(name);
    const gone = lock?.holders.filter((h) => h.fencing_token === token) ?? [];
    if (lock) lock.holders = lock.holders.filter((h) => h.fencing_token !== token);
    return gone;
  }

  get following(): number {
    return this.followers.size;
  }

  /** Applies `change` to the records, then records and publishes the event. */
  write(
    event: Omit<Partial<HistoryEvent>, "id"> & Pick<HistoryEvent, "type" | "name" | "time">,
    change = () => {},
  ) {
    change();
    const full: HistoryEvent = {
      id: String(this.nextId++),
      session: null,
      host: "box",
      token: null,
      by: null,
      reason: null,
      waited_ms: null,
      position: null,
      ...event,
    };
    this.history.push(full);
    for (const f of this.followers) f(full);
    return full;
  }
}

export function session(
  id: string,
  heartbeat: string,
  extra: Partial<LiveSessionInput> = {},
): LiveSessionInput {
  return {
    session_id: id,
    host: "box",
    pid: null,
    pid_start: null,
    cwd: "/w",
    worktree: "/w",
    repo: "acme/api",
    branch: "main",
    started_at: heartbeat,
    last_heartbeat: heartbeat,
    paused: false,
    metadata: {},
    gone: false,
    ...extra,
  };
}

export function hold(name: string, by: string, token: number, acquired: string, expires: string): LockRecord {
  return {
    lock_name: name,
    held_by: by,
    host: "box",
    pid: null,
    pid_start: null,
    pgid: null,
    worktree: "/w",
    mode: "exclusive",
    acquired_at: acquired,
    expires_at: expires,
    fencing_token: token,
  };
}

export function lockState(name: string, holders: LockRecord[], extra: Partial<LockState> = {}): LockState {
  return { lock_name: name, slots: 1, holders, waiters: [], requests: [], ...extra };
}

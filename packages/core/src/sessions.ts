import { checkInput, SessionMetadataSchema } from "./bounds.js";
import { formatAge } from "./format-age.js";
import { currentBranch, detectGitHubRepo, worktreeRoot } from "./git.js";
import { isHoldGroupAlive, sessionTier } from "./holder-policy.js";
import { type PageOptions, pageRequest, takePage } from "./pagination.js";
import { isHolderProcessGone } from "./platform/process-info.js";
import { releaseSessionReservations, sweepReservations } from "./reservation-store.js";
import type { ClaimRecord } from "./schemas/claim.js";
import type { LockRecord } from "./schemas/lock.js";
import type {
  CleanupResult,
  EndResult,
  HeartbeatResult,
  RegisterResult,
  SessionRecord,
  SessionStatusEntry,
  StatusResult,
} from "./schemas/session.js";
import type { SessionContext } from "./session-context.js";
import { isGone, TIERS, type Tier } from "./tiers.js";
import { holdWorktreeLock, liftWorktreeLock } from "./worktree-locks.js";

/** Lock names shown per session in status; `lock_count` says how many it holds. */
const LOCKS_SHOWN = 20;

function claimSummary(claim: ClaimRecord | null) {
  return claim ? { repo: claim.repo, number: claim.number, title: claim.title, label: claim.label } : null;
}

/** Session lifecycle and status: register, heartbeat, pause, end, status, cleanup. */
export class SessionsApi {
  constructor(private readonly c: SessionContext) {}

  private now(): string {
    return new Date(this.c.clock.now()).toISOString();
  }

  /**
   * Registers (or re-registers) this session, recording host, pid, worktree, repo and branch.
   * `lookups: false` asks git nothing: worktree, repo and branch stay as recorded (null for a new
   * session). The hooks' watcher registers a new session so at once, and `refresh`es it with the
   * lookups once Claude Code has started (three git runs beside its start-up would delay the
   * first prompt).
   */
  async register(
    metadata: Record<string, unknown> = {},
    options: { lookups?: boolean } = {},
  ): Promise<RegisterResult> {
    return (await this.record(metadata, { lookups: options.lookups !== false, onlyRegistered: false }))!;
  }

  /**
   * Looks up worktree, repo and branch again and records them, only while the session is on
   * record: null once it has ended, so a late refresh never brings an ended session back. (The
   * record is read again after the lookups; a session ended in the one round trip between that
   * read and the write is recorded again, and is found dead once its process is gone.)
   */
  refresh(metadata: Record<string, unknown> = {}): Promise<RegisterResult | null> {
    return this.record(metadata, { lookups: true, onlyRegistered: true });
  }

  private async record(
    metadata: Record<string, unknown>,
    { lookups, onlyRegistered }: { lookups: boolean; onlyRegistered: boolean },
  ): Promise<RegisterResult | null> {
    checkInput(SessionMetadataSchema, metadata, "metadata");
    const existing = await this.c.driver.getSession(this.c.sessionId);
    if (onlyRegistered && !existing) return null;
    const [worktree, repo, branch] = lookups
      ? await Promise.all([worktreeRoot(this.c.cwd), detectGitHubRepo(this.c.cwd), currentBranch(this.c.cwd)])
      : [existing?.worktree ?? null, existing?.repo ?? null, existing?.branch ?? null];
    const now = this.now();
    // read again after the git lookups: a hook registering the same session meanwhile (SessionStart
    // beside a first prompt's heartbeat, both in the background) keeps what it recorded; without
    // lookups nothing came between, and the first read stands
    const read = lookups ? await this.c.driver.getSession(this.c.sessionId) : existing;
    if (onlyRegistered && !read) return null;
    const latest = read ?? existing;
    const session: SessionRecord = {
      session_id: this.c.sessionId,
      host: this.c.owner.host,
      pid: this.c.owner.pid,
      pid_start: this.c.owner.pid_start,
      cwd: this.c.cwd,
      worktree,
      repo,
      branch,
      started_at: latest?.started_at ?? now,
      last_heartbeat: now,
      paused: false,
      // what is stored, the earlier facts with the new ones, is what the bound limits
      metadata: checkInput(SessionMetadataSchema, { ...latest?.metadata, ...metadata }, "metadata"),
    };
    await this.c.driver.putSession(session);
    await holdWorktreeLock(this.c, session);
    return { success: true, session_id: session.session_id, registered: existing === null, session };
  }

  /** This session's record, or null when it is not registered. */
  get(): Promise<SessionRecord | null> {
    return this.c.driver.getSession(this.c.sessionId);
  }

  /** Marks activity now; registers the session first when it is not registered. */
  async heartbeat(): Promise<HeartbeatResult> {
    return this.touch({ last_heartbeat: this.now(), paused: false });
  }

  /**
   * Marks activity now (or, `paused`, that Claude Code stopped answering), only while the session
   * is registered: null once it has ended, so a watcher never brings an ended session back.
   */
  keepAlive(paused: boolean): Promise<SessionRecord | null> {
    return this.c.driver.updateSession(
      this.c.sessionId,
      paused ? { paused: true } : { last_heartbeat: this.now(), paused: false },
    );
  }

  /** Marks the session paused (Claude Code stopped answering); its heartbeat is kept. */
  async pause(): Promise<HeartbeatResult> {
    return this.touch({ paused: true });
  }

  private async touch(patch: { last_heartbeat?: string; paused: boolean }): Promise<HeartbeatResult> {
    let session = await this.c.driver.updateSession(this.c.sessionId, patch);
    let registered = false;
    if (!session) {
      await this.register();
      registered = true;
      session = (await this.c.driver.updateSession(this.c.sessionId, patch))!;
    }
    return {
      success: true,
      session_id: session.session_id,
      last_heartbeat: session.last_heartbeat,
      registered,
      paused: session.paused,
    };
  }

  /**
   * Ends a session (default this one): removes it with its holds, places in lines and claim, saying
   * which. `foundDead`: cleanup judged it gone, and history says so, with why.
   */
  async end(
    sessionId = this.c.sessionId,
    options: { foundDead?: string; reason?: string } = {},
  ): Promise<EndResult> {
    const removed = await this.c.driver.endSession(
      sessionId,
      options.foundDead === undefined
        ? { event: "session.ended", ...(options.reason ? { reason: options.reason } : {}) }
        : { event: "session.found_dead", by: this.c.sessionId, reason: options.foundDead },
    );
    // The names are known only once the driver has freed them, so unlike release this comes after:
    // a holder granted in between may lose its copy (its read-back then gives the lock back).
    for (const name of removed.locks) this.c.original?.unmirror(name, sessionId);
    const reservations = await releaseSessionReservations(
      this.c,
      sessionId,
      options.foundDead === undefined
        ? { ...(options.reason ? { reason: options.reason } : {}) }
        : { by: this.c.sessionId, reason: options.foundDead },
    );
    if (removed.session) await liftWorktreeLock(this.c, removed.session);
    return {
      success: true,
      session_id: sessionId,
      ended: removed.session !== null,
      released_locks: removed.locks,
      released_claim: claimSummary(removed.claim),
      released_reservations: reservations.map(({ repo, pattern }) => ({ repo, pattern })),
    };
  }

  /**
   * One page of sessions, oldest first (by started_at, then id), each with its tier, heartbeat
   * age, claim and locks, "me" marked; `counts` are by tier over every session.
   */
  async status(options: PageOptions = {}): Promise<StatusResult> {
    const request = pageRequest("sessions", options);
    const [sessions, claims, locks] = await Promise.all([
      this.c.driver.listSessions(),
      this.c.driver.listClaims(),
      this.c.driver.listLocks("*"),
    ]);
    const counts = Object.fromEntries(TIERS.map((t) => [t, 0])) as Record<Tier, number>;
    const now = this.c.clock.now();
    const tierOf = new Map(sessions.map((s) => [s.session_id, sessionTier(s, now, this.c.config)]));
    for (const { tier } of tierOf.values()) counts[tier] += 1;
    const claimOf = new Map(claims.map((c) => [c.session_id, c]));
    const locksOf = new Map<string, LockRecord[]>();
    for (const lock of locks.flatMap((l) => l.holders)) {
      const held = locksOf.get(lock.held_by);
      if (held) held.push(lock);
      else locksOf.set(lock.held_by, [lock]);
    }
    const { items, ...page } = takePage(sessions, (s) => `${s.started_at}\n${s.session_id}`, request);
    return {
      me: this.c.sessionId,
      backend: this.c.driver.name,
      ...page,
      sessions: items.map((s) =>
        this.entryOf(
          s,
          tierOf.get(s.session_id)!,
          claimOf.get(s.session_id) ?? null,
          locksOf.get(s.session_id) ?? [],
        ),
      ),
      counts,
    };
  }

  /** One session's status entry (default: this one), or null when it is not registered. */
  async entry(sessionId = this.c.sessionId): Promise<SessionStatusEntry | null> {
    const [session, claim, locks] = await Promise.all([
      this.c.driver.getSession(sessionId),
      this.c.driver.getSessionClaim(sessionId),
      this.c.driver.listLocks("*"),
    ]);
    if (!session) return null;
    const held = locks.flatMap((l) => l.holders).filter((h) => h.held_by === sessionId);
    return this.entryOf(session, sessionTier(session, this.c.clock.now(), this.c.config), claim, held);
  }

  private entryOf(
    session: SessionRecord,
    { tier, ageMs }: { tier: Tier; ageMs: number },
    claim: ClaimRecord | null,
    locks: LockRecord[],
  ): SessionStatusEntry {
    const names = locks.map((l) => l.lock_name).sort();
    return {
      ...session,
      tier,
      heartbeat_age_seconds: Math.round(ageMs / 1000),
      me: session.session_id === this.c.sessionId,
      claim: claimSummary(claim),
      locks: names.slice(0, LOCKS_SHOWN),
      lock_count: names.length,
    };
  }

  /**
   * Removes dead and abandoned sessions with their locks and claims (history: found dead), and
   * releases holds whose holder process is gone on this host but that have no session record.
   */
  async cleanup(): Promise<CleanupResult> {
    const now = this.c.clock.now();
    const removed: CleanupResult["removed"] = [];
    for (const s of await this.c.driver.listSessions()) {
      const { tier, ageMs } = sessionTier(s, now, this.c.config);
      if (!isGone(tier)) continue;
      const why = tier === "dead" ? "its process is gone" : `no heartbeat for ${formatAge(ageMs)}`;
      const end = await this.end(s.session_id, { foundDead: `${tier}: ${why}` });
      removed.push({
        session_id: s.session_id,
        tier,
        released_locks: end.released_locks,
        released_claim: end.released_claim,
      });
    }
    const reservations = await sweepReservations(this.c);
    const released: string[] = [];
    for (const hold of (await this.c.driver.listLocks("*")).flatMap((l) => l.holders)) {
      if (!isHolderProcessGone(hold) || isHoldGroupAlive(hold)) continue;
      const broken = await this.c.driver.forceReleaseLock(hold.lock_name, {
        expectedToken: hold.fencing_token,
        by: this.c.sessionId,
        reason: "its holder process is gone",
      });
      if (broken.length > 0) released.push(hold.lock_name);
    }
    return {
      success: true,
      removed,
      released_locks: released,
      released_reservations: reservations.map(({ repo, pattern, session_id }) => ({
        repo,
        pattern,
        session_id,
      })),
    };
  }
}

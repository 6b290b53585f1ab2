import { join } from "node:path";
import {
  type ClaimRecord,
  ClaimRecordSchema,
  type Clock,
  type DriverClaimOutcome,
  type EventType,
  type HistoryEvent,
} from "@agent-baton/core";
import { encodeName } from "./file-names.js";
import type { Guards } from "./guard.js";
import type { History } from "./history.js";
import { historyEvent, isNoticeType } from "./history-events.js";
import type { Layout } from "./layout.js";
import type { ReadOutcome, RecordFiles } from "./record-files.js";

const GUARD = "claims";
const keyOf = (repo: string, issue: number) => `${repo}#${issue}`;

/**
 * Issue claims, one file per issue, plus one per session that holds a claim (`claim-of/`, a copy
 * of it), so that finding or ending a session's claim reads its own records and no others. Every
 * change takes one guard for all claims: a claim touches two issues (the new one and the session's
 * old one) and claims are rare.
 */
export class FileClaims {
  constructor(
    private readonly layout: Layout,
    private readonly files: RecordFiles,
    private readonly guards: Guards,
    private readonly history: History,
    private readonly clock: Clock,
  ) {}

  private event(
    type: EventType,
    claim: ClaimRecord,
    fields: { session: string; by?: string; reason?: string },
  ): HistoryEvent {
    return historyEvent(type, keyOf(claim.repo, claim.number), this.clock.now(), fields);
  }

  private record(events: HistoryEvent[]): void {
    this.history.record(
      events,
      events.filter((e) => isNoticeType(e.type)).map((e) => e.id),
    );
  }

  private path(repo: string, issue: number): string {
    return join(this.layout.claims, `${encodeName(keyOf(repo, issue))}.json`);
  }

  private pointerPath(sessionId: string): string {
    return join(this.layout.claimOf, `${encodeName(sessionId)}.json`);
  }

  guarded<T>(fn: () => T | Promise<T>): Promise<T> {
    return this.guards.with(GUARD, fn);
  }

  private peek(path: string): ReadOutcome<ClaimRecord> {
    return this.files.peek(path, ClaimRecordSchema);
  }

  /** Reads under the guard: a corrupt record is moved aside and counts as absent. */
  private readGuarded(path: string): ClaimRecord | null {
    const seen = this.peek(path);
    if (seen.state === "corrupt") this.files.quarantine(path);
    return seen.state === "ok" ? seen.value : null;
  }

  /** Every claim; corrupt records are moved aside when `guarded` (the caller holds the guard). */
  private scan(guarded: boolean): { claims: ClaimRecord[]; corrupt: boolean } {
    const claims: ClaimRecord[] = [];
    let corrupt = false;
    for (const file of this.files.list(this.layout.claims)) {
      const path = join(this.layout.claims, file);
      const seen = this.peek(path);
      if (seen.state === "ok") claims.push(seen.value);
      else if (seen.state === "corrupt") {
        corrupt = true;
        if (guarded) this.files.quarantine(path);
      }
    }
    return { claims, corrupt };
  }

  private async all(): Promise<ClaimRecord[]> {
    const seen = this.scan(false);
    return seen.corrupt ? this.guarded(() => this.scan(true).claims) : seen.claims;
  }

  /** The session's claim, under the guard: the issue its pointer names, if that issue's record agrees. */
  private mineGuarded(sessionId: string): ClaimRecord | null {
    const pointer = this.pointerPath(sessionId);
    const seen = this.peek(pointer);
    if (seen.state === "corrupt") {
      this.files.quarantine(pointer);
      return this.scan(true).claims.find((c) => c.session_id === sessionId) ?? null;
    }
    if (seen.state === "absent") return null;
    const claim = this.readGuarded(this.path(seen.value.repo, seen.value.number));
    return claim?.session_id === sessionId ? claim : null;
  }

  /** Removes the session's pointer if it names this issue. Under the guard. */
  private dropPointer(sessionId: string, repo: string, issue: number): void {
    const pointer = this.pointerPath(sessionId);
    const seen = this.peek(pointer);
    if (seen.state !== "ok" || keyOf(seen.value.repo, seen.value.number) === keyOf(repo, issue)) {
      this.files.remove(pointer);
    }
  }

  claim(claim: ClaimRecord, options?: { replaceSession?: string }): Promise<DriverClaimOutcome> {
    return this.guarded(() => {
      const key = keyOf(claim.repo, claim.number);
      const current = this.readGuarded(this.path(claim.repo, claim.number));
      if (
        current &&
        current.session_id !== claim.session_id &&
        current.session_id !== options?.replaceSession
      ) {
        return { claimed: false, holder: current };
      }
      const mine = this.mineGuarded(claim.session_id);
      const replaced = mine && keyOf(mine.repo, mine.number) !== key ? mine : null;
      const kept =
        current && current.session_id === claim.session_id
          ? { ...claim, claimed_at: current.claimed_at }
          : claim;
      // The pointer first: it may name a claim the session lost, never miss one it holds.
      this.files.write(this.pointerPath(claim.session_id), kept);
      this.files.write(this.path(claim.repo, claim.number), kept);
      if (replaced) this.files.remove(this.path(replaced.repo, replaced.number));
      const previous = current && current.session_id !== claim.session_id ? current : null;
      if (previous) this.dropPointer(previous.session_id, previous.repo, previous.number);
      const events: HistoryEvent[] = [];
      if (replaced) {
        const reason = `replaced by ${key}`;
        events.push(this.event("claim.released", replaced, { session: claim.session_id, reason }));
      }
      if (previous) {
        events.push(
          this.event("claim.overridden", previous, { session: previous.session_id, by: claim.session_id }),
        );
      }
      if (current?.session_id !== claim.session_id) {
        events.push(this.event("claim.taken", kept, { session: claim.session_id }));
      }
      this.record(events);
      return { claimed: true, claim: kept, replaced, previous };
    });
  }

  /** Removes the session's claim under the guard the caller holds (`claim.released`). */
  releaseGuarded(sessionId: string, reason?: string): ClaimRecord | null {
    const claim = this.mineGuarded(sessionId);
    if (claim) this.files.remove(this.path(claim.repo, claim.number));
    this.files.remove(this.pointerPath(sessionId));
    if (claim) this.record([this.event("claim.released", claim, { session: sessionId, reason })]);
    return claim;
  }

  release(sessionId: string): Promise<ClaimRecord | null> {
    return this.guarded(() => this.releaseGuarded(sessionId));
  }

  /** Gives every stored claim its session's pointer: once, when a directory older than the pointers is first used. */
  indexExisting(): Promise<void> {
    return this.guarded(() => {
      for (const claim of this.scan(true).claims) this.files.write(this.pointerPath(claim.session_id), claim);
    });
  }

  async get(repo: string, issue: number): Promise<ClaimRecord | null> {
    const seen = this.peek(this.path(repo, issue));
    if (seen.state === "ok") return seen.value;
    if (seen.state === "absent") return null;
    return (await this.all()).find((c) => c.repo === repo && c.number === issue) ?? null;
  }

  async ofSession(sessionId: string): Promise<ClaimRecord | null> {
    const seen = this.peek(this.pointerPath(sessionId));
    if (seen.state === "absent") return null;
    if (seen.state === "ok") {
      const claim = this.peek(this.path(seen.value.repo, seen.value.number));
      if (claim.state === "absent") return null;
      if (claim.state === "ok") return claim.value.session_id === sessionId ? claim.value : null;
    }
    return this.guarded(() => this.mineGuarded(sessionId));
  }

  async list(repo?: string): Promise<ClaimRecord[]> {
    return (await this.all())
      .filter((c) => repo === undefined || c.repo === repo)
      .sort((a, b) => a.repo.localeCompare(b.repo) || a.number - b.number);
  }
}

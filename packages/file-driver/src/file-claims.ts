import { join } from "node:path";
import { type ClaimRecord, ClaimRecordSchema, type DriverClaimOutcome } from "@agent-baton/core";
import { encodeName } from "./file-names.js";
import type { Guards } from "./guard.js";
import type { Layout } from "./layout.js";
import type { RecordFiles } from "./record-files.js";

const GUARD = "claims";
const keyOf = (repo: string, issue: number) => `${repo}#${issue}`;

/**
 * Issue claims, one file per issue. Every change takes one guard for all claims: a claim touches
 * two issues (the new one and the session's old one) and claims are rare.
 */
export class FileClaims {
  constructor(
    private readonly layout: Layout,
    private readonly files: RecordFiles,
    private readonly guards: Guards,
  ) {}

  private path(repo: string, issue: number): string {
    return join(this.layout.claims, `${encodeName(keyOf(repo, issue))}.json`);
  }

  guarded<T>(fn: () => T | Promise<T>): Promise<T> {
    return this.guards.with(GUARD, fn);
  }

  /** Every claim; corrupt records are moved aside when `guarded` (the caller holds the guard). */
  private scan(guarded: boolean): { claims: ClaimRecord[]; corrupt: boolean } {
    const claims: ClaimRecord[] = [];
    let corrupt = false;
    for (const file of this.files.list(this.layout.claims)) {
      const path = join(this.layout.claims, file);
      const seen = this.files.peek(path, ClaimRecordSchema);
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

  claim(claim: ClaimRecord, options?: { replaceSession?: string }): Promise<DriverClaimOutcome> {
    return this.guarded(() => {
      const { claims } = this.scan(true);
      const key = keyOf(claim.repo, claim.number);
      const current = claims.find((c) => keyOf(c.repo, c.number) === key) ?? null;
      if (
        current &&
        current.session_id !== claim.session_id &&
        current.session_id !== options?.replaceSession
      ) {
        return { claimed: false, holder: current };
      }
      const mine = claims.find((c) => c.session_id === claim.session_id) ?? null;
      const replaced = mine && keyOf(mine.repo, mine.number) !== key ? mine : null;
      const kept =
        current && current.session_id === claim.session_id
          ? { ...claim, claimed_at: current.claimed_at }
          : claim;
      this.files.write(this.path(claim.repo, claim.number), kept);
      if (replaced) this.files.remove(this.path(replaced.repo, replaced.number));
      const previous = current && current.session_id !== claim.session_id ? current : null;
      return { claimed: true, claim: kept, replaced, previous };
    });
  }

  /** Removes the session's claim under the guard the caller holds. */
  releaseGuarded(sessionId: string): ClaimRecord | null {
    const claim = this.scan(true).claims.find((c) => c.session_id === sessionId) ?? null;
    if (claim) this.files.remove(this.path(claim.repo, claim.number));
    return claim;
  }

  release(sessionId: string): Promise<ClaimRecord | null> {
    return this.guarded(() => this.releaseGuarded(sessionId));
  }

  async get(repo: string, issue: number): Promise<ClaimRecord | null> {
    const seen = this.files.peek(this.path(repo, issue), ClaimRecordSchema);
    if (seen.state === "ok") return seen.value;
    if (seen.state === "absent") return null;
    return (await this.all()).find((c) => c.repo === repo && c.number === issue) ?? null;
  }

  async ofSession(sessionId: string): Promise<ClaimRecord | null> {
    return (await this.all()).find((c) => c.session_id === sessionId) ?? null;
  }

  async list(repo?: string): Promise<ClaimRecord[]> {
    return (await this.all())
      .filter((c) => repo === undefined || c.repo === repo)
      .sort((a, b) => a.repo.localeCompare(b.repo) || a.number - b.number);
  }
}

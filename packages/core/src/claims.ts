import { checkInput, checkNumberInput, IssueNumberSchema, RepoSchema } from "./bounds.js";
import { claimLabel, ghIssueTitle } from "./claim-label.js";
import { InvalidInputError } from "./errors.js";
import { formatAge } from "./format-age.js";
import { detectGitHubRepo } from "./git.js";
import { judgeHolder, sessionTier } from "./holder-policy.js";
import type {
  ClaimInfo,
  ClaimRecord,
  ClaimResult,
  FindClaimResult,
  ListClaimsResult,
  ReleaseClaimResult,
} from "./schemas/claim.js";
import type { SessionRecord } from "./schemas/session.js";
import type { SessionContext } from "./session-context.js";
import type { SessionsApi } from "./sessions.js";

/** An issue number: a positive whole number, or text such as `42` or `#42`. */
export function parseIssueNumber(value: unknown): number {
  return checkNumberInput(
    IssueNumberSchema,
    typeof value === "string" ? value.trim().replace(/^#/, "") : value,
    "issue_number",
  );
}

/** Issue claims: one claim per issue, one per session, conflicts decided by the holder's tier. */
export class ClaimsApi {
  private repoPromise: Promise<string | null> | undefined;

  constructor(
    private readonly c: SessionContext,
    private readonly sessions: SessionsApi,
    repo: string | undefined,
    private readonly issueTitle: (repo: string, issue: number) => Promise<string | null> = ghIssueTitle,
  ) {
    if (repo !== undefined) this.repoPromise = Promise.resolve(repo);
  }

  /** `owner/name`: the given one, else detected from git `origin`; a clear error when neither works. */
  async repo(given?: string): Promise<string> {
    const repo = given ?? (await this.detectedRepo());
    if (!repo) {
      throw new InvalidInputError(
        `cannot tell the repository: ${this.c.cwd} has no GitHub origin; run inside a clone or give the repo as owner/name`,
        { field: "repo" },
      );
    }
    return checkInput(RepoSchema, repo, "repo");
  }

  /** Claims an issue for this session, replacing its previous claim; refused while a live session holds it. */
  async claim(issue: number | string, options: { repo?: string; title?: string } = {}): Promise<ClaimResult> {
    const number = parseIssueNumber(issue);
    const repo = await this.repo(options.repo);
    const title = options.title?.trim() || (await this.issueTitle(repo, number)) || `Issue ${number}`;
    await this.sessions.heartbeat();
    const record: ClaimRecord = {
      repo,
      number,
      title,
      label: claimLabel(repo, number, title),
      session_id: this.c.sessionId,
      claimed_at: new Date(this.c.clock.now()).toISOString(),
    };
    const first = await this.c.driver.claimIssue(record);
    if (first.claimed)
      return { success: true, claimed: true, ...claimFields(first.claim), replaced: first.replaced };

    const holder = first.holder;
    const judged = judgeHolder(
      null,
      await this.c.driver.getSession(holder.session_id),
      this.c.clock.now(),
      this.c.config,
      true,
    );
    const age = judged.ageMs === null ? undefined : Math.round(judged.ageMs / 1000);
    if (judged.takeable) {
      const second = await this.c.driver.claimIssue(record, { replaceSession: holder.session_id });
      if (second.claimed) {
        const tier = judged.tier ?? "dead";
        return {
          success: true,
          claimed: true,
          ...claimFields(second.claim),
          replaced: second.replaced,
          took_over: { session_id: holder.session_id, tier },
          ...(judged.warn
            ? {
                warning: `took over #${number} from ${tier} session ${holder.session_id} (no heartbeat for ${formatAge(judged.ageMs ?? 0)})`,
              }
            : {}),
        };
      }
    }
    return {
      success: false,
      claimed: false,
      repo,
      number,
      title: holder.title,
      label: holder.label,
      reason: "held",
      held_by: holder.session_id,
      ...(judged.tier ? { holder_tier: judged.tier } : {}),
      ...(age === undefined ? {} : { holder_age_seconds: age }),
    };
  }

  /** Releases this session's claim. */
  async release(): Promise<ReleaseClaimResult> {
    const claim = await this.c.driver.releaseClaim(this.c.sessionId);
    return { success: true, released: claim !== null, claim };
  }

  /** This session's claim, or null. */
  mine(): Promise<ClaimRecord | null> {
    return this.c.driver.getSessionClaim(this.c.sessionId);
  }

  /** Claims whose holders are active or idle, of one repository or all (`repo: null`). */
  async list(repo?: string | null): Promise<ListClaimsResult> {
    const scope =
      repo === null ? undefined : repo === undefined ? await this.repoOrNull() : await this.repo(repo);
    const [claims, sessions] = await Promise.all([
      this.c.driver.listClaims(scope),
      this.c.driver.listSessions(),
    ]);
    const byId = new Map(sessions.map((s) => [s.session_id, s]));
    const live = claims.map((claim) => this.info(claim, byId.get(claim.session_id) ?? null));
    return {
      repo: scope ?? null,
      claims: live.filter((c) => c.holder_tier === "active" || c.holder_tier === "idle"),
    };
  }

  /** The claim on one issue, whoever holds it, with the holder's tier. */
  async find(issue: number | string, repo?: string): Promise<FindClaimResult> {
    const number = parseIssueNumber(issue);
    const scope = await this.repo(repo);
    const claim = await this.c.driver.getClaim(scope, number);
    const info = claim ? this.info(claim, await this.c.driver.getSession(claim.session_id)) : null;
    return { repo: scope, number, claimed: info !== null, claim: info };
  }

  private async repoOrNull(): Promise<string | undefined> {
    return (await this.detectedRepo()) ?? undefined;
  }

  private detectedRepo(): Promise<string | null> {
    if (!this.repoPromise) this.repoPromise = detectGitHubRepo(this.c.cwd);
    return this.repoPromise;
  }

  private info(claim: ClaimRecord, session: SessionRecord | null): ClaimInfo {
    const judged = session ? sessionTier(session, this.c.clock.now(), this.c.config) : null;
    return {
      ...claim,
      holder_tier: judged?.tier ?? "dead",
      holder_age_seconds: judged ? Math.round(judged.ageMs / 1000) : null,
      mine: claim.session_id === this.c.sessionId,
    };
  }
}

function claimFields(claim: ClaimRecord) {
  return {
    repo: claim.repo,
    number: claim.number,
    title: claim.title,
    label: claim.label,
    session_id: claim.session_id,
  };
}

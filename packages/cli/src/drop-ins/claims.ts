import { formatAge } from "@agent-baton/core";
import type { Context } from "../context.js";
import { EXIT } from "../exit-codes.js";
import { type DropIn, jsonOnly } from "./route.js";

/**
 * Claims an issue as the original `session-register claim` did: on stdout a line and then the
 * terminal label (scripts take the last line); refused (another live session holds it) on stderr, exit 1.
 */
export async function claimIssue(
  bin: DropIn,
  ctx: Context,
  issue: string,
  o: { repo?: string; title?: string },
): Promise<number> {
  const { coordinator, out } = ctx;
  const result = await coordinator.claims.claim(issue, { repo: o.repo, title: o.title || undefined });
  if (result.warning) out.note(`${bin}: warning: ${result.warning}`);
  if (result.claimed) {
    out.result(result, () => [`claimed issue #${result.number}: ${result.title}`, result.label ?? ""]);
    return EXIT.ok;
  }
  jsonOnly(out, result);
  const age =
    result.holder_age_seconds === undefined
      ? ""
      : `, last beat ${formatAge(result.holder_age_seconds * 1000)} ago`;
  out.note(
    `${bin}: issue #${result.number} of ${result.repo} is claimed by session ${result.held_by} (${result.holder_tier ?? "unknown"}${age})`,
  );
  return EXIT.refused;
}

/** `list-claims [OWNER/REPO]`: live claims (of every repository unless one is given) as the original's JSON array. */
export async function listClaims(ctx: Context, repo: string | undefined): Promise<number> {
  const { claims } = await ctx.coordinator.claims.list(repo ?? null);
  const entries = claims.map((c) => ({
    session_id: c.session_id,
    issue_number: c.number,
    issue_title: c.title,
    repo: c.repo,
    claimed_at: c.claimed_at,
    heartbeat_age: c.holder_age_seconds ?? -1,
    status: c.holder_tier,
  }));
  process.stdout.write(`${JSON.stringify(entries, null, 2)}\n`);
  return EXIT.ok;
}

/** `find-claim OWNER REPO NUM`: the session holding the issue's claim, or an empty line; exit 0 either way. */
export async function findClaim(ctx: Context, repo: string, issue: string): Promise<number> {
  const result = await ctx.coordinator.claims.find(issue, repo);
  ctx.out.result(result, () => result.claim?.session_id ?? "");
  return EXIT.ok;
}

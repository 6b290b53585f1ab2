import type { ClaimRecord, Driver } from "@agent-baton/core";
import type { DriverContext } from "./context.js";
import { escapeGlob, issueId } from "./keys.js";
import { decodeClaim, orNull } from "./records.js";
import { getMany, scanKeys } from "./scan.js";

type ClaimSteps = Pick<Driver, "claimIssue" | "releaseClaim" | "getClaim" | "getSessionClaim" | "listClaims">;

const byIssue = (a: ClaimRecord, b: ClaimRecord) => a.repo.localeCompare(b.repo) || a.number - b.number;

/** Claim steps: one claim per issue and per session, kept by two keys changed together in one script. */
export function claimSteps(ctx: DriverContext): ClaimSteps {
  const { client, keys, scripts, common, run } = ctx;
  return {
    claimIssue: (claim, options) =>
      run(async () => {
        const id = issueId(claim.repo, claim.number);
        const [status, raw, replaced, previous] = await scripts.claim(
          keys.claim(id),
          keys.claimOf(claim.session_id),
          keys.events,
          ...common,
          JSON.stringify(claim),
          options?.replaceSession ?? "",
          id,
          claim.session_id,
        );
        if (status === 0) return { claimed: false, holder: decodeClaim(raw) };
        return {
          claimed: true,
          claim: decodeClaim(raw),
          replaced: orNull(replaced, decodeClaim),
          previous: orNull(previous, decodeClaim),
        };
      }),

    releaseClaim: (sessionId) =>
      run(async () =>
        orNull(
          await scripts.releaseClaim(keys.claimOf(sessionId), keys.events, ...common, sessionId),
          decodeClaim,
        ),
      ),

    getClaim: (repo, issue) =>
      run(async () => orNull(await client.get(keys.claim(issueId(repo, issue))), decodeClaim)),

    getSessionClaim: (sessionId) =>
      run(async () => {
        const id = await client.get(keys.claimOf(sessionId));
        return id ? orNull(await client.get(keys.claim(id)), decodeClaim) : null;
      }),

    listClaims: (repo) =>
      run(async () => {
        const head = repo === undefined ? "" : `${repo}#`;
        const found = await scanKeys(client, `${escapeGlob(keys.claim(head))}*`);
        return (await getMany(client, found))
          .flatMap((raw) => (raw ? [decodeClaim(raw)] : []))
          .filter((claim) => repo === undefined || claim.repo === repo)
          .sort(byIssue);
      }),
  };
}

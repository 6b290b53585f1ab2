import { formatAge, InvalidInputError } from "@agent-baton/core";
import type { Context } from "../context.js";
import { EXIT } from "../exit-codes.js";

export interface ClaimOptions {
  release?: boolean;
  list?: boolean;
  check?: string;
  status?: boolean;
  repo?: string;
  all?: boolean;
}

/** `baton claim NUM [TITLE] | --release | --list | --check NUM | --status`, like the original claim-issue. */
export async function claim(
  ctx: Context,
  issue: string | undefined,
  title: string | undefined,
  o: ClaimOptions,
): Promise<number> {
  const modes = [issue !== undefined, o.release, o.list, o.check !== undefined, o.status].filter(
    Boolean,
  ).length;
  if (modes !== 1) {
    throw new InvalidInputError(
      "give exactly one of: an issue number, --release, --list, --check NUM, --status",
    );
  }
  if (o.release) return release(ctx);
  if (o.list) return list(ctx, o);
  if (o.check !== undefined) return check(ctx, o.check, o.repo);
  if (o.status) return status(ctx);
  return take(ctx, issue!, title, o.repo);
}

async function take(
  ctx: Context,
  issue: string,
  title: string | undefined,
  repo: string | undefined,
): Promise<number> {
  const { coordinator, out } = ctx;
  const result = await coordinator.claims.claim(issue, { title, repo });
  if (result.warning) out.note(out.yellow(`warning: ${result.warning}`));
  out.result(result, () =>
    result.claimed
      ? `${out.green("claimed")} ${result.label}${result.replaced ? ` (released ${result.replaced.label})` : ""}`
      : `${out.red("refused")}: ${result.repo}#${result.number} is claimed by ${result.held_by}${result.holder_tier ? ` (${result.holder_tier}` : ""}${result.holder_age_seconds !== undefined ? `, last beat ${formatAge(result.holder_age_seconds * 1000)} ago)` : result.holder_tier ? ")" : ""}`,
  );
  return result.claimed ? EXIT.ok : EXIT.refused;
}

async function release(ctx: Context): Promise<number> {
  const { coordinator, out } = ctx;
  const result = await coordinator.claims.release();
  out.result(result, () =>
    result.claim ? `${out.green("released")} ${result.claim.label}` : out.dim("this session holds no claim"),
  );
  return EXIT.ok;
}

async function list(ctx: Context, o: ClaimOptions): Promise<number> {
  const { coordinator, out } = ctx;
  const result = await coordinator.claims.list(o.all ? null : o.repo);
  out.result(result, () =>
    result.claims.length === 0
      ? out.dim(`no live claims${result.repo ? ` in ${result.repo}` : ""}`)
      : result.claims.map(
          (c) => `${c.mine ? out.green(c.label) : c.label}  ${c.session_id} (${c.holder_tier})`,
        ),
  );
  return EXIT.ok;
}

/** Exit 0 when the issue is free or this session's, 1 when another session holds it. */
async function check(ctx: Context, issue: string, repo: string | undefined): Promise<number> {
  const { coordinator, out } = ctx;
  const result = await coordinator.claims.find(issue, repo);
  const c = result.claim;
  out.result(result, () =>
    c
      ? `${c.mine ? out.green("mine") : out.red("claimed")}: ${c.label} by ${c.session_id} (${c.holder_tier})`
      : `${out.green("free")}: ${result.repo}#${result.number}`,
  );
  return !c || c.mine ? EXIT.ok : EXIT.refused;
}

async function status(ctx: Context): Promise<number> {
  const { coordinator, out } = ctx;
  const claim = await coordinator.claims.mine();
  out.result(claim, () => (claim ? claim.label : out.dim(`${coordinator.sessionId} holds no claim`)));
  return EXIT.ok;
}

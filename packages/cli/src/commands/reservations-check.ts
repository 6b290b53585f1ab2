import { findRepository, gitOutput, InvalidInputError, type PathCheck } from "@agent-baton/core";
import type { Context } from "../context.js";
import { EXIT } from "../exit-codes.js";
import { editPaths } from "../hooks/edit-paths.js";

export interface CheckOptions {
  /** Read Claude Code's PreToolUse JSON and answer as its hook. */
  hook?: boolean;
  /** With `--hook`: warn the model instead of denying the edit. */
  warn?: boolean;
  /** Check the paths staged for commit (the git pre-commit hook). */
  staged?: boolean;
}

const clock = (iso: string | undefined) => (iso ? `${iso.slice(11, 16)} UTC` : "?");

/** One line naming who reserved a path and how to get it. */
export function reservedLine(p: PathCheck): string {
  const holder = `session ${p.held_by} (${p.holder_tier}${p.worktree ? `, in ${p.worktree}` : ""})`;
  return `${p.relative} is reserved${p.shared ? " shared" : ""} by ${holder}${p.reason ? ` for "${p.reason}"` : ""} as ${p.pattern} until ${clock(p.expires_at)}; ask that session to run \`baton release-reservation '${p.pattern}'\` (\`baton reservations\` lists who holds what), or change another file`;
}

/** The paths staged for commit in the repository of `cwd`, absolute; deletions and both sides of a rename count. */
async function stagedPaths(cwd: string): Promise<string[]> {
  const repo = await findRepository(cwd);
  if (!repo) throw new InvalidInputError(`${cwd} is not inside a git repository; --staged checks a commit`);
  // in a pre-commit hook git names the index being committed (GIT_INDEX_FILE): `commit -a` uses a temporary one
  const names = await gitOutput(cwd, ["diff", "--cached", "--name-only", "-z", "--no-renames"], {
    hookEnv: true,
  });
  return (names ?? "")
    .split("\0")
    .filter(Boolean)
    .map((name) => `${repo.root}/${name}`);
}

/**
 * `baton reservations check [PATH…] [--staged] [--hook [--warn]]`: exit 1 when another live
 * session reserved a path. As Claude Code's PreToolUse hook it always exits 0 and answers on
 * stdout: a `deny` (or with `--warn`, context for the model) naming the holder; nothing when free.
 */
export async function check(ctx: Context, paths: string[], o: CheckOptions): Promise<number> {
  const { coordinator, out } = ctx;
  if (o.hook) return answerHook(ctx, o.warn === true);
  if (o.warn) throw new InvalidInputError("--warn goes with --hook: it softens the edit-time answer");
  if (o.staged === paths.length > 0)
    throw new InvalidInputError("give the paths to check, or --staged, not both");
  const result = await coordinator.reservations.check(o.staged ? await stagedPaths(coordinator.cwd) : paths);
  const taken = result.paths.filter((p) => !p.free);
  if (o.staged && taken.length > 0 && !out.json) {
    for (const p of taken) process.stderr.write(`baton: commit refused: ${reservedLine(p)}\n`);
    return EXIT.refused;
  }
  out.result(result, () =>
    o.staged
      ? out.dim("no staged path is reserved by another session")
      : result.paths.map((p) =>
          p.free ? `${out.green("free")}: ${p.path}` : `${out.red("reserved")}: ${reservedLine(p)}`,
        ),
  );
  return result.free ? EXIT.ok : EXIT.refused;
}

async function answerHook(ctx: Context, warn: boolean): Promise<number> {
  const paths = ctx.hook ? editPaths(ctx.hook) : [];
  if (paths.length === 0) return EXIT.ok;
  const taken = (await ctx.coordinator.reservations.check(paths)).paths.find((p) => !p.free);
  if (!taken) return EXIT.ok;
  const line = reservedLine(taken);
  const answer = warn
    ? { hookEventName: "PreToolUse", additionalContext: `baton warning: ${line}` }
    : { hookEventName: "PreToolUse", permissionDecision: "deny", permissionDecisionReason: line };
  process.stdout.write(`${JSON.stringify({ hookSpecificOutput: answer })}\n`);
  return EXIT.ok;
}

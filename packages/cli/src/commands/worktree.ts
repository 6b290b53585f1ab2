import type { Context } from "../context.js";
import { EXIT } from "../exit-codes.js";

/** `baton worktree check PATH`: exit 0 when no live session of this host works there, 1 naming them. */
export async function check(ctx: Context, path: string): Promise<number> {
  const { coordinator, out } = ctx;
  const result = await coordinator.worktrees.check(path);
  if (result.lifted) out.note(out.dim(`lifted baton's git lock of gone session ${result.lifted}`));
  out.result(result, () =>
    result.in_use
      ? result.sessions.map(
          (s) =>
            `${out.red("in use")}: ${result.worktree} by session ${s.session_id} (${s.tier}${s.pid === null ? "" : `, pid ${s.pid}`})${s.me ? " (this session)" : ""}`,
        )
      : `${out.green("free")}: no live session works in ${result.worktree}${result.git_lock ? out.dim(` (git lock: ${result.git_lock.reason})`) : ""}`,
  );
  return result.in_use ? EXIT.refused : EXIT.ok;
}

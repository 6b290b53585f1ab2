import type { Context } from "../context.js";
import { EXIT } from "../exit-codes.js";

/** `baton overlaps`: each live session's changed files, and the paths two or more of them changed. */
export async function overlaps(ctx: Context): Promise<number> {
  const { coordinator, out } = ctx;
  const result = await coordinator.worktrees.overlaps();
  out.result(result, () => {
    const lines = result.sessions.map((s) => {
      const who = `${s.me ? out.green(s.session_id) : s.session_id} (${s.tier})`;
      if (!s.inspected)
        return `${who}: ${out.dim(s.worktree ? `${s.worktree} not inspected (another host, or gone)` : "no worktree")}`;
      return `${who}: ${s.changed.length} changed in ${s.worktree}${s.base ? out.dim(` (against ${s.base})`) : ""}`;
    });
    if (result.overlaps.length === 0)
      return [...lines, out.dim("no file is changed in two live sessions' worktrees")];
    return [
      ...lines,
      ...result.overlaps.map(
        (o) =>
          `${out.yellow("overlap")}: ${o.path} in ${o.sessions
            .map(
              (s) =>
                `${s.session_id}${s.since ? ` since ${s.since.slice(0, 16).replace("T", " ")} UTC` : ""}`,
            )
            .join(", ")}`,
      ),
    ];
  });
  return EXIT.ok;
}

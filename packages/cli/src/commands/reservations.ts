import type { Context } from "../context.js";
import { EXIT } from "../exit-codes.js";

/** `baton reservations [--all]`: live reservations of this repository (or of every one). */
export async function list(ctx: Context, o: { all?: boolean }): Promise<number> {
  const { coordinator, out } = ctx;
  const result = await coordinator.reservations.list({ all: o.all });
  out.result(result, () =>
    result.reservations.length === 0
      ? out.dim(`no reservations${result.repo ? ` in ${result.repo}` : ""}`)
      : result.reservations.map(
          (r) =>
            `${r.mine ? out.green(r.pattern) : r.pattern}${r.shared ? " (shared)" : ""}  ${r.session_id} (${r.holder_tier})${o.all ? `  ${r.repo}` : ""}  ${Math.ceil(r.expires_in_seconds / 60)} min left${r.reason ? `  "${r.reason}"` : ""}`,
        ),
  );
  return EXIT.ok;
}

import type { Context } from "../context.js";
import { EXIT } from "../exit-codes.js";

/** `baton notices`: what happened to this session's locks and claims since it last asked, each told once. */
export async function notices(ctx: Context): Promise<number> {
  const { coordinator, out } = ctx;
  const result = await coordinator.notices();
  out.result(result, () =>
    result.notices.length === 0
      ? out.dim(`no notices for ${result.session_id}`)
      : result.notices.map((n) => `${out.yellow("notice")}: ${n.text}`),
  );
  return EXIT.ok;
}

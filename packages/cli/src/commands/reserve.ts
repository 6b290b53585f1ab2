import { InvalidInputError, type ReservationConflict } from "@agent-baton/core";
import type { Context } from "../context.js";
import { EXIT } from "../exit-codes.js";
import type { Output } from "../output.js";

export interface ReserveOptions {
  ttl?: number;
  shared?: boolean;
  reason?: string;
}

const clock = (iso: string) => `${iso.slice(11, 16)} UTC`;

/** One refused glob: who holds what overlaps it, and how to ask for it. */
export function conflictLine(out: Output, c: ReservationConflict): string {
  return `${out.red("refused")}: ${c.pattern} overlaps ${c.holder_pattern}, reserved${c.shared ? " shared" : ""} by session ${c.held_by} (${c.holder_tier}${c.worktree ? `, in ${c.worktree}` : ""})${c.reason ? ` for "${c.reason}"` : ""} until ${clock(c.expires_at)}`;
}

/** `baton reserve GLOB… [--ttl S] [--shared] [--reason TEXT]`: all or none; exit 1 naming the holder when refused. */
export async function reserve(ctx: Context, globs: string[], o: ReserveOptions): Promise<number> {
  const { coordinator, out } = ctx;
  const result = await coordinator.reservations.reserve(globs, o);
  if (result.warning) out.note(out.yellow(`warning: ${result.warning}`));
  out.result(result, () =>
    result.reserved
      ? `${out.green("reserved")}${result.shared ? " shared" : ""} ${result.patterns.join(" ")} in ${result.repo} until ${clock(result.expires_at!)}`
      : [
          ...(result.conflicts ?? []).map((c) => conflictLine(out, c)),
          out.dim(
            "nothing was reserved; ask the holder to release, wait for it to expire, or reserve other paths",
          ),
        ],
  );
  return result.reserved ? EXIT.ok : EXIT.refused;
}

/** `baton release-reservation GLOB…|--all`: exit 1 when a glob was not this session's. */
export async function releaseReservation(
  ctx: Context,
  globs: string[],
  o: { all?: boolean },
): Promise<number> {
  const { coordinator, out } = ctx;
  if (globs.length > 0 === (o.all === true)) {
    throw new InvalidInputError("give the globs to release (as reserved), or --all, not both");
  }
  const result = await coordinator.reservations.release(o.all ? "all" : globs);
  out.result(result, () => [
    ...(result.released.length
      ? [`${out.green("released")} ${result.released.join(" ")}`]
      : [out.dim(`this session holds no reservation${o.all ? "" : " of those"} in ${result.repo}`)]),
    ...(result.not_held.length ? [`${out.red("not held")}: ${result.not_held.join(" ")}`] : []),
  ]);
  return result.success ? EXIT.ok : EXIT.refused;
}

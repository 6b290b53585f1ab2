import type { Command } from "commander";
import type { Context } from "./context.js";
import { numberFlag } from "./number-flags.js";

type Handler = (
  ctx: Context,
  args: string[],
  opts: Record<string, string | number | boolean | undefined>,
) => Promise<number>;
type Leaf = (
  parent: Command,
  spec: string,
  description: string,
  handler: Handler,
  o?: { hook?: boolean; isDefault?: boolean },
) => Command;

/**
 * reserve, release-reservation, reservations (list, check), overlaps and worktree check: the
 * commands of issue 18, on the program's own leaf and group builders.
 */
export function reservationCommands(
  program: Command,
  leaf: Leaf,
  group: (spec: string, description: string) => Command,
): void {
  const reserveMod = () => import("./commands/reserve.js");
  leaf(
    program,
    "reserve <globs...>",
    "reserve paths (globs from here, or the repository root) for this session; refused (exit 1) while another live session's reservation overlaps",
    async (c, [globs], o) => (await reserveMod()).reserve(c, globs as unknown as string[], o as never),
  )
    .option(
      "--ttl <seconds>",
      "whole seconds until it expires, 1-86400 (default 3600); reserving again renews it",
      numberFlag("ttl"),
    )
    .option("--shared", "a read intent: others may reserve these shared too, no one may edit them")
    .option("--reason <text>", "why, shown to sessions that are refused");
  leaf(
    program,
    "release-reservation [globs...]",
    "release this session's reservations of these globs (as reserved), or --all",
    async (c, [globs], o) =>
      (await reserveMod()).releaseReservation(
        c,
        (globs as unknown as string[] | undefined) ?? [],
        o as never,
      ),
  ).option("--all", "every reservation of this session in this repository");
  const reservations = group("reservations", "path reservations: list (default), check");
  leaf(
    reservations,
    "list",
    "live reservations of this repository",
    async (c, _a, o) => (await import("./commands/reservations.js")).list(c, o as never),
    { isDefault: true },
  ).option("--all", "of every repository");
  leaf(
    reservations,
    "check [paths...]",
    "exit 1 when another live session reserved a path; --staged for a commit, --hook for Claude Code's PreToolUse",
    async (c, [paths], o) =>
      (await import("./commands/reservations-check.js")).check(
        c,
        (paths as unknown as string[] | undefined) ?? [],
        o as never,
      ),
    { hook: true },
  )
    .option("--staged", "check the paths staged for commit (the git pre-commit hook)")
    .option("--warn", "with --hook: warn the model instead of denying the edit");
  leaf(program, "overlaps", "files changed in two or more live sessions' worktrees", async (c) =>
    (await import("./commands/overlaps.js")).overlaps(c),
  );
  const worktree = group("worktree", "worktrees of live sessions");
  leaf(
    worktree,
    "check <path>",
    "exit 0 when no live session works in that worktree, 1 naming it",
    async (c, [p]) => (await import("./commands/worktree.js")).check(c, p!),
  );
}

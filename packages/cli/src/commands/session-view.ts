import { formatAge, type StatusResult } from "@agent-baton/core";
import type { Output } from "../output.js";

/** One line per session: tier, id ("me" marked), heartbeat age, worktree, claim, locks. */
export function sessionLines(out: Output, status: StatusResult): string[] {
  if (status.sessions.length === 0) return [out.dim("no sessions")];
  const tierColor = {
    active: out.green,
    idle: out.green,
    stale: out.yellow,
    abandoned: out.red,
    dead: out.red,
  };
  return status.sessions.map((s) => {
    const parts = [
      tierColor[s.tier](s.tier.padEnd(9)),
      s.me ? out.bold(`${s.session_id} (me)`) : s.session_id,
      `beat ${formatAge(s.heartbeat_age_seconds * 1000)} ago${s.paused ? " (paused)" : ""}`,
      out.dim(s.worktree ?? s.cwd),
    ];
    if (s.claim) parts.push(s.claim.label);
    if (s.locks.length > 0) parts.push(`locks: ${s.locks.join(", ")}`);
    return parts.join("  ");
  });
}

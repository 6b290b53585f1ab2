import { readdirSync } from "node:fs";
import { procPids, procStat, STAT } from "./proc-fs.js";
import { linuxProcessStatus } from "./process-status.js";
import { ps } from "./ps-command.js";
import { hasGroupMembers } from "./signals.js";

/**
 * Linux: the leader when it still runs (one read), else kill(-pgid, 0) for "no member at all", else a
 * scan of /proc for a member that is not a zombie.
 */
export function linuxGroupAlive(pgid: number): boolean {
  const leader = linuxProcessStatus(pgid);
  if (leader && leader.pgid === pgid && !leader.zombie) return true;
  if (!hasGroupMembers(pgid)) return false;
  let pids: number[];
  try {
    pids = procPids(readdirSync("/proc"));
  } catch {
    return true;
  }
  return pids.some((pid) => {
    const fields = procStat(pid);
    return fields !== null && Number(fields[STAT.pgrp]) === pgid && fields[STAT.state] !== "Z";
  });
}

/** Portable: kill(-pgid, 0) for "no member at all", else one `ps -A -o pgid= -o stat=`. */
export function portableGroupAlive(pgid: number): boolean {
  if (!hasGroupMembers(pgid)) return false;
  const out = ps(["pgid", "stat"], ["-A"]);
  // kill(2) says a member exists; without ps to tell a zombie apart, it counts.
  if (out === null) return true;
  return out.split("\n").some((line) => {
    const [group, stat] = line.trim().split(/\s+/);
    return Number(group) === pgid && stat !== undefined && !stat.startsWith("Z");
  });
}

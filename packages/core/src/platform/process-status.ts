import type { ProcessStatus } from "./probe.js";
import { bootEpochSeconds, procStat, STAT, TICKS_PER_SECOND } from "./proc-fs.js";
import { LSTART, lstartSeconds, ps } from "./ps-command.js";
import { isValidPid } from "./signals.js";
import { procStartToken, psStartToken } from "./start-token.js";

const parent = (ppid: number): number | null => (isValidPid(ppid) ? ppid : null);

/** Linux: one read of /proc/PID/stat. */
export function linuxProcessStatus(pid: number): ProcessStatus | null {
  const fields = isValidPid(pid) ? procStat(pid) : null;
  if (!fields) return null;
  const ticks = Number(fields[STAT.starttime]);
  const pgid = Number(fields[STAT.pgrp]);
  if (!Number.isInteger(ticks) || !Number.isInteger(pgid)) return null;
  return {
    ppid: parent(Number(fields[STAT.ppid])),
    pgid,
    start: procStartToken(bootEpochSeconds() + Math.floor(ticks / TICKS_PER_SECOND), ticks),
    zombie: fields[STAT.state] === "Z",
  };
}

/** Portable: one `ps -o lstart= -o ppid= -o stat= -o pgid= -p PID`. */
export function portableProcessStatus(pid: number): ProcessStatus | null {
  const out = isValidPid(pid) ? ps(["lstart", "ppid", "stat", "pgid"], ["-p", String(pid)]) : null;
  const lstart = out ? LSTART.exec(out) : null;
  const started = lstart ? lstartSeconds(lstart) : null;
  if (!out || !lstart || started === null) return null;
  const [ppid, stat, pgid] = out.slice(lstart[0].length).trim().split(/\s+/);
  if (!stat || !Number.isInteger(Number(pgid))) return null;
  return {
    ppid: parent(Number(ppid)),
    pgid: Number(pgid),
    start: psStartToken(started),
    zombie: stat.startsWith("Z"),
  };
}

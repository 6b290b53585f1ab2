import { readFileSync } from "node:fs";
import { ps } from "./ps-command.js";
import { isValidPid } from "./signals.js";

/** Linux reports CPU times in USER_HZ ticks, which the kernel fixes at 100 a second for user space. */
const MS_PER_TICK = 10;

/** Linux: utime + stime from /proc/PID/stat. */
export function linuxProcessCpuMs(pid: number): number | null {
  let stat: string;
  try {
    if (!isValidPid(pid)) return null;
    stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return null;
  }
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const ticks = Number(fields[11]) + Number(fields[12]);
  return Number.isFinite(ticks) ? ticks * MS_PER_TICK : null;
}

/** `[[DD-]HH:]MM:SS[.cc]`, as ps prints `time` (whole seconds on procps, hundredths on BSD). */
export function parsePsTime(text: string): number | null {
  const m = /^\s*(?:(\d+)-)?(?:(\d+):)?(\d+):(\d+(?:\.\d+)?)\s*$/.exec(text);
  if (!m) return null;
  const [, days = "0", hours = "0", minutes, seconds] = m;
  return ((Number(days) * 24 + Number(hours)) * 60 + Number(minutes)) * 60_000 + Number(seconds) * 1000;
}

/** Portable: `ps -o time=`, the CPU time it has used (coarser than Linux's ticks). */
export function portableProcessCpuMs(pid: number): number | null {
  const out = isValidPid(pid) ? ps(["time"], ["-p", String(pid)]) : null;
  return out === null ? null : parsePsTime(out);
}

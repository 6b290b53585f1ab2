import { readFileSync } from "node:fs";

/**
 * Linux's USER_HZ, the unit of /proc's clock ticks: 100 on every architecture Node runs on (the
 * kernel keeps it fixed for user space whatever its internal HZ).
 */
export const TICKS_PER_SECOND = 100;

/** The fields of /proc/PID/stat after the command name (which may itself hold spaces and parens). */
export function procStat(pid: number): string[] | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  } catch {
    return null;
  }
}

/** Indexes into procStat's fields (proc(5) numbers them from 1, with pid and comm first). */
export const STAT = { state: 0, ppid: 1, pgrp: 2, starttime: 19 } as const;

let bootSeconds: number | undefined;

/** When this machine booted, in epoch seconds (/proc/stat's `btime`); read once per process. */
export function bootEpochSeconds(): number {
  if (bootSeconds === undefined) {
    const line = /^btime (\d+)$/m.exec(readFileSync("/proc/stat", "utf8"));
    bootSeconds = line ? Number(line[1]) : 0;
  }
  return bootSeconds;
}

/** The numeric entries of /proc: every pid this process may see. */
export function procPids(names: string[]): number[] {
  return names.filter((n) => /^\d+$/.test(n)).map(Number);
}

import { readFileSync } from "node:fs";
import type { ProcessMemory } from "./probe.js";
import { ps } from "./ps-command.js";
import { isValidPid } from "./signals.js";

/** Linux: VmRSS and its high-water mark VmHWM from /proc/PID/status. */
export function linuxProcessMemory(pid: number): ProcessMemory | null {
  let status: string;
  try {
    if (!isValidPid(pid)) return null;
    status = readFileSync(`/proc/${pid}/status`, "utf8");
  } catch {
    return null;
  }
  const kib = (field: string) =>
    Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? Number.NaN);
  const rss = kib("VmRSS");
  const peak = kib("VmHWM");
  return Number.isFinite(rss) ? { rss: rss * 1024, peak: Number.isFinite(peak) ? peak * 1024 : null } : null;
}

/** Portable: `ps -o rss=` (KiB on procps and BSD alike); ps keeps no high-water mark. */
export function portableProcessMemory(pid: number): ProcessMemory | null {
  const rss = Number((isValidPid(pid) ? ps(["rss"], ["-p", String(pid)]) : null)?.trim() ?? Number.NaN);
  return Number.isFinite(rss) ? { rss: rss * 1024, peak: null } : null;
}

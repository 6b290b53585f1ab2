import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { hostname } from "node:os";

/** This machine's name, as recorded in locks and sessions. */
export function localHost(): string {
  return hostname();
}

/** Whether a process with this pid exists (EPERM means it exists but is not ours). */
export function isPidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Fields of /proc/PID/stat after the command name (which may itself contain spaces and parens). */
function procStat(pid: number): string[] | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  } catch {
    return null;
  }
}

function psField(pid: number, field: string): string | null {
  try {
    // Loaded on first use (only off Linux): child_process costs every short CLI run a few ms.
    const { execFileSync } = createRequire(import.meta.url)(
      "node:child_process",
    ) as typeof import("node:child_process");
    const out = execFileSync("ps", ["-o", `${field}=`, "-p", String(pid)], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    }).trim();
    return out || null;
  } catch {
    return null;
  }
}

/**
 * A token for when the process started: with the pid it names one process, so a reused pid is
 * told apart from the one that took a lock. Null when the process does not exist.
 */
export function processStartTime(pid: number): string | null {
  if (process.platform === "linux") {
    const fields = procStat(pid);
    return fields ? (fields[19] ?? null) : null;
  }
  return psField(pid, "lstart");
}

/** The parent of a process, or null when unknown. */
export function parentPid(pid: number): number | null {
  if (process.platform === "linux") {
    const fields = procStat(pid);
    const ppid = fields ? Number(fields[1]) : Number.NaN;
    return Number.isInteger(ppid) && ppid > 0 ? ppid : null;
  }
  const out = psField(pid, "ppid");
  const ppid = out ? Number(out) : Number.NaN;
  return Number.isInteger(ppid) && ppid > 0 ? ppid : null;
}

/** The ancestors of a process, nearest first, stopping before pid 1. */
export function ancestorPids(pid: number = process.pid, max = 32): number[] {
  const out: number[] = [];
  let current = parentPid(pid);
  while (current !== null && current > 1 && out.length < max && !out.includes(current)) {
    out.push(current);
    current = parentPid(current);
  }
  return out;
}

/**
 * Whether a holder recorded as (host, pid, pid_start) is known to be gone: only decidable on its
 * own host, and only when a pid was recorded.
 */
export function isHolderProcessGone(holder: {
  host: string;
  pid: number | null;
  pid_start: string | null;
}): boolean {
  if (holder.pid === null || holder.host !== localHost()) return false;
  if (!isPidAlive(holder.pid)) return true;
  if (holder.pid_start === null) return false;
  const started = processStartTime(holder.pid);
  return started !== null && started !== holder.pid_start;
}

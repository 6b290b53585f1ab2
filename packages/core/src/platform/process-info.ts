import { hostname } from "node:os";
import type { PlatformProbe, ProcessMemory, TcpConnection } from "./probe.js";
import { platformProbe } from "./select.js";
import { isPidAlive } from "./signals.js";
import { sameProcessStart } from "./start-token.js";

export { isPidAlive };

/** This machine's name, as recorded in locks and sessions. */
export function localHost(): string {
  return hostname();
}

/**
 * A token for when the process started: with the pid it names one process, so a reused pid is
 * told apart from the one that took a lock (compare two with `sameProcessStart`). Null when the
 * process does not exist.
 */
export function processStartTime(pid: number): string | null {
  return platformProbe().processStatus(pid)?.start ?? null;
}

/** The parent of a process, or null when unknown. */
export function parentPid(pid: number): number | null {
  return platformProbe().processStatus(pid)?.ppid ?? null;
}

/** The ancestors of a process, nearest first, stopping before pid 1. */
export function ancestorPids(pid: number = process.pid, max = 32): number[] {
  return platformProbe().ancestors(pid, max);
}

/** Whether a process runs: it exists and is not a zombie waiting for its parent to reap it. */
export function isProcessRunning(pid: number, probe: PlatformProbe = platformProbe()): boolean {
  if (!isPidAlive(pid)) return false;
  const status = probe.processStatus(pid);
  // kill(2) found it; if the probe cannot (it just exited, or ps failed), kill's answer stands.
  return status === null || !status.zombie;
}

/** Whether any process of the group runs (zombies do not count). */
export function isProcessGroupAlive(pgid: number): boolean {
  return platformProbe().isGroupAlive(pgid);
}

/** The process on the other end of a loopback TCP connection this host accepted, or null. */
export function peerProcess(connection: TcpConnection): Promise<number | null> {
  return platformProbe().peerProcess(connection);
}

/** A process's resident memory (and its peak where the platform keeps it), or null. */
export function processMemory(pid: number): ProcessMemory | null {
  return platformProbe().processMemory(pid);
}

/** The CPU time a process has used so far, in ms, or null. */
export function processCpuMs(pid: number): number | null {
  return platformProbe().processCpuMs(pid);
}

/**
 * Whether the process recorded as (pid, pid_start) has ended on this host: not there, a zombie, or
 * its pid now names a later process. One look at the process (one /proc read or one `ps`).
 */
export function isRecordedProcessGone(
  pid: number,
  pidStart: string | null,
  probe: PlatformProbe = platformProbe(),
): boolean {
  if (!isPidAlive(pid)) return true;
  const status = probe.processStatus(pid);
  if (status === null) return false;
  return status.zombie || (pidStart !== null && !sameProcessStart(pidStart, status.start));
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
  return isRecordedProcessGone(holder.pid, holder.pid_start);
}

import { linuxProcessStatus } from "./process-status.js";
import { ps } from "./ps-command.js";

/** Follows `parentOf` from pid: nearest first, stopping before pid 1, at a cycle or after `max`. */
function walk(pid: number, max: number, parentOf: (pid: number) => number | null | undefined): number[] {
  const out: number[] = [];
  let current = parentOf(pid);
  while (current != null && current > 1 && out.length < max && !out.includes(current)) {
    out.push(current);
    current = parentOf(current);
  }
  return out;
}

/** Linux: one /proc/PID/stat read per ancestor (microseconds each). */
export function linuxAncestors(pid: number, max: number): number[] {
  return walk(pid, max, (p) => linuxProcessStatus(p)?.ppid);
}

/**
 * Portable: one `ps -A -o pid= -o ppid=` snapshot, walked in memory. Identity walks ancestors on
 * every hook, and a `ps` per ancestor would cost a spawn each.
 */
export function portableAncestors(pid: number, max: number): number[] {
  const parents = new Map<number, number>();
  for (const line of (ps(["pid", "ppid"], ["-A"]) ?? "").split("\n")) {
    const [child, parent] = line.trim().split(/\s+/).map(Number);
    if (Number.isInteger(child) && Number.isInteger(parent)) parents.set(child!, parent!);
  }
  return walk(pid, max, (p) => parents.get(p));
}

import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { afterEach } from "vitest";
import { linuxProbe, portableProbe } from "../src/platform/select.js";

/** Both implementations, by name: every platform test runs each of them explicitly. */
export const PROBES = [linuxProbe, portableProbe] as const;

// Every shell leads a process group of its own, so the whole group goes when the test ends:
// a backgrounded sleep would otherwise outlive its shell and keep the test run's pipes open.
const groups: number[] = [];
afterEach(() => {
  for (const pgid of groups.splice(0)) signal(-pgid);
});

function signal(target: number): void {
  try {
    process.kill(target, "SIGKILL");
  } catch {
    // already gone
  }
}

/** The state letter of a process from /proc, the tests' own oracle (null when it does not exist). */
export function stateOf(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2)[0] ?? null;
  } catch {
    return null;
  }
}

/** Whether a process runs, by the tests' own oracle: it exists and is not a zombie. */
export function runs(pid: number): boolean {
  const state = stateOf(pid);
  return state !== null && state !== "Z";
}

export async function waitFor(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (condition()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`gave up waiting until ${what}`);
}

/**
 * Runs a shell line as the leader of a new process group (killed, whole, after the test); resolves
 * once it printed `lines` lines of pids.
 */
export async function shell(
  line: string,
  lines: number,
  shellName = "sh",
): Promise<{ child: ChildProcess; pids: number[] }> {
  const child = spawn(shellName, ["-c", line], { detached: true, stdio: ["ignore", "pipe", "inherit"] });
  groups.push(child.pid!);
  let out = "";
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on("data", (d) => {
      out += d;
      if (out.split("\n").length > lines) resolve();
    });
    child.once("exit", () => reject(new Error(`${line} exited before printing ${lines} pids: ${out}`)));
    if (lines === 0) resolve();
  });
  return { child, pids: out.trim().split("\n").filter(Boolean).map(Number) };
}

/** A child that sleeps until the test ends. */
export async function sleeper(): Promise<ChildProcess> {
  return (await shell("exec sleep 60", 0)).child;
}

/**
 * A zombie: bash with job control puts `sleep 0` in a process group of its own, then becomes
 * `sleep 60`, which never reaps it. Resolves once the kernel shows it as a zombie.
 */
export async function zombie(): Promise<{ pid: number; parent: ChildProcess }> {
  const { child, pids } = await shell("set -m; sleep 0 & echo $!; exec sleep 60", 1, "bash");
  const pid = pids[0]!;
  await waitFor(() => stateOf(pid) === "Z", `${pid} is a zombie`);
  return { pid, parent: child };
}

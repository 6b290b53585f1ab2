import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { isRecordedProcessGone, processStartTime } from "@agent-baton/core";

/** What a daemon's pid file records: the pid and its start time, so a reused pid is not mistaken for it. */
export interface DaemonRecord {
  pid: number;
  pid_start: string | null;
  session_id: string;
}

/** The pid file of a session's heartbeat daemon, under the coordination dir's `daemons/`. */
export function pidFile(stateDir: string, sessionId: string): string {
  return join(stateDir, "daemons", `heartbeat-${encodeURIComponent(sessionId)}.pid`);
}

/** The running daemon recorded in the pid file, or null (absent, unreadable, or its process is gone). */
export function runningDaemon(file: string): DaemonRecord | null {
  let record: DaemonRecord;
  try {
    record = JSON.parse(readFileSync(file, "utf8")) as DaemonRecord;
  } catch {
    return null;
  }
  return Number.isInteger(record.pid) && isSameProcess(record) ? record : null;
}

/** Whether the recorded process still runs (a zombie awaiting its reaper, or a reused pid, counts as gone). */
function isSameProcess(record: DaemonRecord): boolean {
  return !isRecordedProcessGone(record.pid, record.pid_start);
}

/**
 * Makes this process's `become()` the session's daemon unless one runs: the pid file is created
 * exclusively, so two calls at once make one daemon. Returns the running daemon and whether this
 * call made it.
 */
function claimDaemon(
  file: string,
  become: () => Omit<DaemonRecord, "pid_start">,
): { record: DaemonRecord; started: boolean } {
  mkdirSync(join(file, ".."), { recursive: true, mode: 0o700 });
  for (let attempt = 0; ; attempt++) {
    let fd: number;
    try {
      fd = openSync(file, "wx", 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST" || attempt > 2) throw error;
      const running = runningDaemon(file);
      if (running) return { record: running, started: false };
      // A claimant may be between creating the file and writing it; give it a moment before calling the file stale.
      if (attempt === 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
      else rmSync(file, { force: true });
      continue;
    }
    const made = become();
    const record = { ...made, pid_start: processStartTime(made.pid) };
    writeFileSync(fd, JSON.stringify(record));
    closeSync(fd);
    return { record, started: true };
  }
}

/** Starts the session's daemon, `command` run detached, unless one runs. */
export function startDaemon(
  file: string,
  sessionId: string,
  command: string[],
): { record: DaemonRecord; started: boolean } {
  return claimDaemon(file, () => {
    const [cmd, ...args] = command as [string, ...string[]];
    // Loaded here only: child_process costs every other short CLI run a few ms.
    const { spawn } = createRequire(import.meta.url)(
      "node:child_process",
    ) as typeof import("node:child_process");
    const child = spawn(cmd, args, { detached: true, stdio: "ignore" });
    child.unref();
    return { pid: child.pid!, session_id: sessionId };
  });
}

/** Records this very process as the session's daemon unless one runs; false when another does. */
export function becomeDaemon(file: string, sessionId: string): boolean {
  return claimDaemon(file, () => ({ pid: process.pid, session_id: sessionId })).started;
}

/** Stops the session's daemon and waits until it is gone; null when none was running. */
export async function stopDaemon(file: string): Promise<DaemonRecord | null> {
  const running = runningDaemon(file);
  if (running) {
    process.kill(running.pid, "SIGTERM");
    const deadline = Date.now() + 5_000;
    while (isSameProcess(running)) {
      if (Date.now() > deadline) {
        process.kill(running.pid, "SIGKILL");
        break;
      }
      await new Promise((r) => setTimeout(r, 25));
    }
  }
  rmSync(file, { force: true });
  return running;
}

import type { ChildProcess, SpawnOptions } from "node:child_process";
import { isProcessGroupAlive } from "./platform/process-info.js";

/**
 * Ends a group when the process that watches it dies: `read` returns at end of input, which comes
 * when baton writes `done` (the command is over) or when baton is gone and the kernel closes the
 * pipe. Hangups and Ctrl+C of baton's terminal are not the watchdog's to obey.
 */
const WATCHDOG_SCRIPT = `trap '' INT HUP
read -r line
[ "$line" = done ] && exit 0
kill -TERM -"$1" 2>/dev/null || exit 0
i=0
while [ "$i" -lt "$2" ] && kill -0 -"$1" 2>/dev/null; do sleep 0.1; i=$((i + 1)); done
kill -KILL -"$1" 2>/dev/null
exit 0`;

/** A command started as the leader of its own process group, so that what it starts can be ended with it. */
export interface CommandGroup {
  child: ChildProcess;
  /** The group's id (the command's pid); null when the command could not be started. */
  pgid: number | null;
  /** Sends `sig` to every process of the group still there. */
  signal(sig: NodeJS.Signals): void;
  /** Whether any process of the group is left (the command's own children included). */
  alive(): boolean;
  /** SIGTERM to the group, SIGKILL to what is left after `graceMs`; resolves once the group is empty. */
  end(graceMs: number): Promise<void>;
  /** Tells the watchdog the group ended under baton's eye, so it lets it be. */
  dismissWatchdog(): void;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Starts `command args` in a process group of its own, with a watchdog that ends the whole group if
 * this process dies without ending it first (SIGKILL, OOM): the command never outlives the one who
 * holds its lock.
 */
export function spawnCommandGroup(
  spawn: typeof import("node:child_process").spawn,
  command: string,
  args: string[],
  options: SpawnOptions,
  watchdogGraceMs: number,
): CommandGroup {
  const child = spawn(command, args, { ...options, detached: true });
  const pgid = child.pid ?? null;
  const watchdog =
    pgid === null
      ? null
      : spawn(
          "sh",
          ["-c", WATCHDOG_SCRIPT, "baton-watchdog", String(pgid), String(Math.ceil(watchdogGraceMs / 100))],
          {
            stdio: ["pipe", "ignore", "ignore"],
            detached: true,
          },
        );
  // Neither keeps this process alive: the command's exit and baton's own flow decide when it ends.
  watchdog?.unref();
  watchdog?.on("error", () => undefined);
  watchdog?.stdin?.on("error", () => undefined);
  (watchdog?.stdin as unknown as { unref?: () => void } | undefined)?.unref?.();

  const signal = (sig: NodeJS.Signals) => {
    if (pgid === null) return;
    try {
      process.kill(-pgid, sig);
    } catch {
      // the group is already empty
    }
  };
  const alive = () => pgid !== null && isProcessGroupAlive(pgid);
  return {
    child,
    pgid,
    signal,
    alive,
    async end(graceMs) {
      if (!alive()) return;
      signal("SIGTERM");
      const deadline = Date.now() + graceMs;
      while (alive() && Date.now() < deadline) await sleep(50);
      if (!alive()) return;
      signal("SIGKILL");
      // SIGKILL cannot be caught; only a process stuck in the kernel outlasts this
      for (let i = 0; i < 100 && alive(); i++) await sleep(20);
    },
    dismissWatchdog() {
      if (watchdog?.stdin?.writable) watchdog.stdin.end("done\n");
    },
  };
}

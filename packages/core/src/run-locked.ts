import type { ChildProcess, StdioOptions } from "node:child_process";
import { constants } from "node:os";
import { parseGrace, parseTtl } from "./bounds.js";
import { spawnCommandGroup } from "./command-group.js";
import type { Coordinator } from "./coordinator.js";
import type { AcquireResult, WaitProgress } from "./schemas/lock.js";
import { onTerminationSignals, TERMINATION_SIGNALS } from "./termination-signals.js";

/** Signals a locked run passes on to its command instead of dying of them. */
export const FORWARDED_SIGNALS = TERMINATION_SIGNALS;

export interface RunUnderLockOptions {
  /** Lock TTL in seconds (default the config's DEFAULT_LOCK_TIMEOUT); renewed every third of it. */
  ttl?: number | string;
  /** Seconds to wait in line for the lock (0–3 600; default 0). */
  wait?: number | string;
  /** `exclusive` (default) or `shared`. */
  mode?: string;
  /** Holders the name allows at once (default 1). */
  slots?: number | string;
  /** The command's environment before BATON_LOCK_NAME and BATON_FENCING_TOKEN are added (default process.env). */
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** The command's stdio (default "inherit"). */
  stdio?: StdioOptions;
  /** Called while waiting, with the place in line, the holders and the time waited so far. */
  onWait?: (progress: WaitProgress) => void;
  /** One-line messages for a person (lock lost, renewal trouble); default stderr. */
  log?: (line: string) => void;
  /**
   * When another session asks for the lock (`baton lock request`): `ignore` it (default; the
   * holder's session still gets the notice), or `release`: the command runs in a process group of
   * its own, and a request ends it gracefully (SIGTERM to the group, SIGKILL after the grace), so
   * the lock goes to the next in line.
   */
  onRequest?: "release" | "ignore";
  /** When the lock is lost: terminate the command (default) or let it run on unprotected. */
  onLockLost?: "terminate" | "continue";
  /** How often to renew, in ms (default a third of the TTL). */
  renewEveryMs?: number;
  /** Seconds between SIGTERM and SIGKILL to the command's group (lock lost, leftovers at exit, baton gone; default 5). */
  grace?: number | string;
  /** Called with the child once it is running. */
  onStart?: (child: ChildProcess) => void;
}

export interface RunUnderLockResult {
  /**
   * The command's exit code, 128+N when it died of signal N, LOCK_LOST_EXIT_CODE when it was
   * terminated because the lock was lost; 1 (held) or 3 (timed out) when it never ran.
   */
  exitCode: number;
  /** Whether the command was started. */
  ran: boolean;
  /** The signal the command died of, if any. */
  signal: NodeJS.Signals | null;
  acquire: AcquireResult;
  /** True when renewal failed and the lock was no longer held while the command ran. */
  lockLost: boolean;
  /** With onRequest `release`: the session whose request ended the command, if one did. */
  releasedFor?: string;
}

/**
 * What a locked run exits with when its lock was lost and the command terminated for it (75, the
 * sysexits "temporary failure: try again"): distinct from the command's own codes and from 128+N of
 * a signal sent from outside.
 */
export const LOCK_LOST_EXIT_CODE = 75;

/** Seconds a command's group gets between SIGTERM and SIGKILL unless told otherwise. */
const DEFAULT_GRACE_SECONDS = 5;

const signalNumber = (sig: NodeJS.Signals): number => constants.signals[sig] ?? 0;

/**
 * Runs `command args` while holding `name`: waits for the lock, passes BATON_LOCK_NAME and
 * BATON_FENCING_TOKEN in the command's environment, runs the command as the leader of a process group
 * of its own, renews the lock well before it expires for as long as the command runs (the hold names
 * the group, so it stays alive while any of it runs), forwards SIGINT/SIGTERM/SIGHUP to the group, and
 * releases the lock on every exit path once the group is empty. When the lock is lost, says so at
 * once and (by default) ends the whole group: SIGTERM, SIGKILL after a grace. A watchdog ends the
 * group too if baton itself dies.
 */
export async function runUnderLock(
  coordinator: Coordinator,
  name: string,
  command: string,
  args: string[],
  options: RunUnderLockOptions = {},
): Promise<RunUnderLockResult> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const ttl = parseTtl(options.ttl ?? coordinator.config.defaultLockTimeout);
  const graceMs = parseGrace(options.grace ?? DEFAULT_GRACE_SECONDS) * 1000;
  const abort = new AbortController();
  let caught: NodeJS.Signals | null = null;
  // One listener from the first wait to the last release; each phase says what a signal means.
  let onSignal = (sig: NodeJS.Signals) => {
    caught = sig;
    abort.abort();
  };
  const stopSignals = onTerminationSignals((sig) => onSignal(sig));
  try {
    const acquire = await coordinator.acquire(name, {
      ttl,
      wait: options.wait ?? 0,
      mode: options.mode,
      slots: options.slots,
      signal: abort.signal,
      onWait: options.onWait,
      // the command's session learns that the lock it waited for is now its own
      notifyOnGrant: true,
    });
    if (caught) {
      if (acquire.acquired) await coordinator.release(acquire.lock_name);
      return { exitCode: 128 + signalNumber(caught), ran: false, signal: caught, acquire, lockLost: false };
    }
    if (!acquire.acquired) {
      return {
        exitCode: acquire.reason === "timeout" ? 3 : 1,
        ran: false,
        signal: null,
        acquire,
        lockLost: false,
      };
    }
    // Until the command has started, a signal means: do not start it.
    onSignal = (sig) => {
      caught ??= sig;
    };
    try {
      // Loaded only when a command runs: it costs every other short CLI run a few ms.
      const { spawn } = await import("node:child_process");
      if (caught) {
        return { exitCode: 128 + signalNumber(caught), ran: false, signal: caught, acquire, lockLost: false };
      }
      const route = (handler: typeof onSignal) => {
        onSignal = handler;
      };
      return await runHolding(
        coordinator,
        acquire,
        { ttl, graceMs },
        spawn,
        command,
        args,
        options,
        log,
        route,
      );
    } finally {
      // The command is gone: a signal now only waits for the release.
      onSignal = () => undefined;
      await coordinator.release(acquire.lock_name).catch((error: Error) => {
        log(`baton: could not release ${acquire.lock_name}: ${error.message}`);
      });
    }
  } finally {
    stopSignals();
  }
}

function runHolding(
  coordinator: Coordinator,
  acquire: AcquireResult,
  { ttl, graceMs }: { ttl: number; graceMs: number },
  spawn: typeof import("node:child_process").spawn,
  command: string,
  args: string[],
  options: RunUnderLockOptions,
  log: (line: string) => void,
  /** Routes the termination signals to the run's handler: runUnderLock keeps the one listener. */
  routeSignals: (handler: (sig: NodeJS.Signals) => void) => void,
): Promise<RunUnderLockResult> {
  const lockName = acquire.lock_name;
  let expiresAt = Date.parse(acquire.expires_at ?? "") || Date.now() + ttl * 1000;
  let lockLost = false;
  return new Promise((resolve) => {
    const group = spawnCommandGroup(
      spawn,
      command,
      args,
      {
        stdio: options.stdio ?? "inherit",
        cwd: options.cwd,
        env: {
          ...(options.env ?? process.env),
          BATON_LOCK_NAME: lockName,
          BATON_FENCING_TOKEN: String(acquire.fencing_token),
        },
      },
      graceMs,
    );
    const { child } = group;
    // The command is not in the terminal's foreground group, so every signal reaches it through baton.
    routeSignals((sig) => group.signal(sig));
    let killTimer: NodeJS.Timeout | undefined;
    let done = false;
    const lost = (why: string) => {
      if (lockLost || done) return;
      lockLost = true;
      const terminate = (options.onLockLost ?? "terminate") === "terminate";
      log(`baton: lost lock ${lockName} (${why})${terminate ? "; terminating the command" : ""}`);
      if (!terminate) return;
      group.signal("SIGTERM");
      killTimer = setTimeout(() => group.signal("SIGKILL"), graceMs);
      killTimer.unref();
    };
    let renewing = false;
    const renew = async (patch?: { pgid: number }) => {
      if (renewing || lockLost) return;
      renewing = true;
      try {
        const result = await coordinator.extend(lockName, ttl, patch);
        if (result.success && result.expires_at) expiresAt = Date.parse(result.expires_at);
        else lost(result.reason === "not_owner" ? `now held by ${result.held_by}` : "it no longer exists");
      } catch (error) {
        if (Date.now() >= expiresAt) lost(`renewal failed past expiry: ${(error as Error).message}`);
        else log(`baton: renewing ${lockName} failed, retrying: ${(error as Error).message}`);
      } finally {
        renewing = false;
      }
    };
    // The hold names the command's group: while any of it runs, the hold is alive even if baton is not.
    if (group.pgid !== null) void renew({ pgid: group.pgid });
    const timer = setInterval(renew, options.renewEveryMs ?? Math.max(250, (ttl * 1000) / 3));
    let releasedFor: string | undefined;
    const requested = (by: string, reason: string | null) => {
      if (releasedFor !== undefined || done) return;
      releasedFor = by;
      log(
        `baton: ${by} asks for ${lockName}${reason ? ` (${reason})` : ""}; ending the command to hand it on (--on-request release)`,
      );
      group.signal("SIGTERM");
      killTimer = setTimeout(() => group.signal("SIGKILL"), graceMs);
      killTimer.unref();
    };
    const watching = new AbortController();
    if (options.onRequest === "release") watchRequests(coordinator, acquire, requested, log, watching.signal);
    const finish = async (exitCode: number, signal: NodeJS.Signals | null) => {
      if (done) return;
      done = true;
      clearInterval(timer);
      // What the command left running in its group must not outlive the lock released next.
      await group.end(graceMs);
      clearTimeout(killTimer);
      group.dismissWatchdog();
      watching.abort();
      const code =
        lockLost && (options.onLockLost ?? "terminate") === "terminate" ? LOCK_LOST_EXIT_CODE : exitCode;
      resolve({
        exitCode: code,
        ran: true,
        signal,
        acquire,
        lockLost,
        ...(releasedFor ? { releasedFor } : {}),
      });
    };
    child.once("error", (error: NodeJS.ErrnoException) => {
      log(`baton: cannot run ${command}: ${error.message}`);
      void finish(error.code === "ENOENT" ? 127 : 126, null);
    });
    child.once("exit", (code, signal) => {
      void finish(signal ? 128 + signalNumber(signal) : (code ?? 1), signal);
    });
    options.onStart?.(child);
  });
}

/**
 * Calls `onRequest` when another session asks for this hold: a request standing already, or one
 * recorded while the command runs (the history the requests are written to, followed live).
 */
function watchRequests(
  coordinator: Coordinator,
  acquire: AcquireResult,
  onRequest: (by: string, reason: string | null) => void,
  log: (line: string) => void,
  signal: AbortSignal,
): void {
  const lockName = acquire.lock_name;
  const failed = (error: Error) => {
    if (!signal.aborted) log(`baton: cannot watch ${lockName} for release requests: ${error.message}`);
  };
  coordinator
    .followHistory(
      { lock: lockName },
      (e) => {
        if (e.type === "lock.release_requested" && e.token === acquire.fencing_token) {
          onRequest(e.by ?? "another session", e.reason);
        }
      },
      signal,
    )
    .catch(failed);
  // a request made during this hold but before the follow began is on the lock already
  const since = Date.parse(acquire.acquired_at ?? "") || 0;
  coordinator
    .check(lockName)
    .then(({ requests }) => {
      const standing = requests.find((r) => Date.parse(r.at) >= since);
      if (standing && !signal.aborted) onRequest(standing.by, standing.reason);
    })
    .catch(failed);
}

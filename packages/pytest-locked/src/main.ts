import {
  BatonError,
  exitCodeOf,
  openCoordinatorWith,
  resolveSessionIdentity,
  runUnderLock,
  waitNotice,
} from "@agent-baton/core";
import { HELP, VERSION } from "./help.js";
import { loadDriver } from "./load-driver.js";
import { pytestLockName } from "./lock-name.js";
import { resolvePytestCommand } from "./pytest-command.js";

/** The longest a run waits for the lock (core's wait bound). */
export const MAX_WAIT_SECONDS = 3_600;

export interface MainOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Lines for a person; default stderr. */
  log?: (line: string) => void;
}

/** `pytest-locked [pytest args…]`: resolves to pytest's exit code (see HELP for the others). */
export async function main(argv: string[], options: MainOptions = {}): Promise<number> {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const first = argv[0];
  if (first === "-h" || first === "--help") {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  if (first === "-V" || first === "--version") {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  const pytestArgs = first === "--" ? argv.slice(1) : argv;
  try {
    const pytest = resolvePytestCommand(env, cwd);
    const lockName = await pytestLockName(cwd);
    const { coordinator } = await openCoordinatorWith({
      loadDriver,
      cwd,
      env,
      session: await runHolderId(env),
      // the lock is bounded by this process: if it is killed outright, the next waiter takes over at once
      anchorPid: process.pid,
    });
    try {
      const result = await runUnderLock(
        coordinator,
        lockName,
        pytest.command,
        [...pytest.args, ...pytestArgs],
        {
          cwd,
          env,
          ttl: coordinator.config.pytestLockTimeout,
          wait: MAX_WAIT_SECONDS,
          onWait: waitNotice(lockName, { prefix: "pytest-locked", log }),
          log,
        },
      );
      if (!result.ran && !result.acquire.acquired) {
        const why = result.signal
          ? `interrupted by ${result.signal}`
          : `gave up after ${result.acquire.waited_seconds}s`;
        log(`pytest-locked: ${lockName} is held by ${result.acquire.held_by}; ${why}`);
      }
      return result.exitCode;
    } finally {
      await coordinator.close();
    }
  } catch (error) {
    if (!BatonError.isInstance(error)) throw error;
    log(`pytest-locked: ${error.message}`);
    return exitCodeOf(error);
  }
}

/**
 * Each run holds the lock as its own holder, `<session>:pytest-<pid>`, so two runs started from one
 * session (say two background shells of one agent) still never overlap.
 */
async function runHolderId(env: NodeJS.ProcessEnv): Promise<string> {
  const { id } = await resolveSessionIdentity({ env });
  const suffix = `:pytest-${process.pid}`;
  return `${id.slice(0, 128 - suffix.length)}${suffix}`;
}

import { EXIT_CODES, exitCodeOf } from "@agent-baton/core";

/** The CLI's exit codes, SPEC §4, named from core's one table so they cannot drift from it. */
export const EXIT = {
  ok: 0,
  refused: EXIT_CODES.LOCK_HELD,
  usage: EXIT_CODES.INVALID_INPUT,
  timeout: EXIT_CODES.TIMEOUT,
  backend: EXIT_CODES.BACKEND_UNAVAILABLE,
} as const;

/** The exit code for anything thrown by a command. */
export function exitCodeFor(error: unknown): number {
  return exitCodeOf(error);
}

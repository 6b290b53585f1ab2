import {
  checkNumberInput,
  PageLimitSchema,
  PidSchema,
  SlotsSchema,
  TtlSecondsSchema,
  WaitSecondsSchema,
} from "@agent-baton/core";

/**
 * The schema each numeric flag is checked with: core's own objects, the very ones the MCP tools'
 * arguments use, so `--ttl 1.5` is refused here exactly as `timeout_seconds: 1.5` is there.
 */
export const FLAG_SCHEMAS = {
  ttl: TtlSecondsSchema,
  wait: WaitSecondsSchema,
  limit: PageLimitSchema,
  slots: SlotsSchema,
  "claude-pid": PidSchema,
  linger: WaitSecondsSchema,
} as const;

/** A commander argument parser: the flag's text read as a number, then checked; bad input is INVALID_INPUT (exit 2). */
export function numberFlag(flag: keyof typeof FLAG_SCHEMAS): (text: string) => number {
  return (text) => checkNumberInput(FLAG_SCHEMAS[flag], text, `--${flag}`);
}

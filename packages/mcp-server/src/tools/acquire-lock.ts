import {
  AcquireResultSchema,
  LockNameSchema,
  TtlSecondsSchema,
  type WaitProgress,
  WaitSecondsSchema,
} from "@agent-baton/core";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import { runTool, type ToolDeps } from "../tool-result.js";

const name = "acquire_lock";

/** The arguments, with core's bounds: the CLI's --ttl and --wait are checked by the same schema objects. */
export const acquireLockInput = {
  lock_name: LockNameSchema,
  timeout_seconds: z
    .optional(TtlSecondsSchema)
    .describe("Whole seconds until the lock expires unless extended (default DEFAULT_LOCK_TIMEOUT, 300)"),
  wait_seconds: z
    .optional(WaitSecondsSchema)
    .describe("Seconds to wait for a held lock to be released (default 0: do not wait)"),
};

const config = {
  title: "Acquire lock",
  description:
    "Take a named lock for this session, e.g. before running a test suite or opening a PR. Re-acquiring a lock you hold extends it. With wait_seconds, waits for the holder to release it. A name without ':' is a resource lock; 'work' means the current git branch's lock.",
  inputSchema: acquireLockInput,
  outputSchema: AcquireResultSchema,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
};

/** `waiting for resource:x: 2nd in line, held by s-1 (active)`: a progress line a client can show. */
function waitMessage(p: WaitProgress): string {
  const holder = p.holders[0];
  const place = p.position === null ? "" : ` ${ordinal(p.position)} in line,`;
  const held = holder
    ? ` held by ${holder.held_by}${holder.tier ? ` (${holder.tier})` : ""}`
    : " between holders";
  return `waiting for ${p.lock_name}:${place}${held}`;
}

/** 1st, 2nd, 3rd, 4th, 11th, 21st… */
function ordinal(n: number): string {
  const teen = n % 100 >= 11 && n % 100 <= 13;
  return `${n}${teen ? "th" : (["th", "st", "nd", "rd"][n % 10] ?? "th")}`;
}

export function registerAcquireLockTool(server: McpServer, deps: ToolDeps): void {
  server.registerTool(name, config, ({ lock_name, timeout_seconds, wait_seconds }, extra) => {
    const progressToken = extra._meta?.progressToken;
    // progress while waiting tells the client who holds the lock, and keeps its request timeout from firing
    const onWait =
      progressToken === undefined
        ? undefined
        : (p: WaitProgress) =>
            void extra
              .sendNotification({
                method: "notifications/progress",
                params: {
                  progressToken,
                  progress: Math.round(p.waited_ms / 100) / 10,
                  total: wait_seconds ?? 0,
                  message: waitMessage(p),
                },
              })
              .catch(() => undefined);
    return runTool(deps, () =>
      deps.connection.coordinator.acquire(lock_name, {
        ttl: timeout_seconds,
        wait: wait_seconds,
        signal: AbortSignal.any([extra.signal, deps.inFlight.shutdown.signal]),
        onWait,
        // a grant after waiting is also told to the session, with its next tool result
        notifyOnGrant: true,
      }),
    );
  });
}

import {
  AcquireResultSchema,
  LockNameSchema,
  type Notice,
  SlotsSchema,
  TtlSecondsSchema,
  WaitSecondsSchema,
} from "@agent-baton/core";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import { withNotices } from "../pending-notices.js";
import { runTool, type ToolDeps } from "../tool-result.js";
import { waitProgress } from "./wait-progress.js";

const name = "acquire_lock";

/** The arguments, with core's bounds: the CLI's --ttl, --wait and --slots are checked by the same schema objects. */
export const acquireLockInput = {
  lock_name: LockNameSchema,
  timeout_seconds: z
    .optional(TtlSecondsSchema)
    .describe("Whole seconds until the lock expires unless extended (default DEFAULT_LOCK_TIMEOUT, 300)"),
  wait_seconds: z
    .optional(WaitSecondsSchema)
    .describe(
      "Seconds to wait in line for a held lock (default 0: do not wait). Waiters are served first come, first served",
    ),
  slots: z
    .optional(SlotsSchema)
    .describe(
      "How many sessions may hold this name at once (default 1), e.g. 2 for two GPU test runs. Every caller of one name must pass the same slots; a mismatch is refused naming the slots in force",
    ),
  shared: z
    .optional(z.boolean())
    .describe(
      "true for a shared (read) hold: any number of shared holders together, never beside an exclusive holder. Use it to read what an exclusive holder changes (e.g. a fixture database); default false",
    ),
};

const config = {
  title: "Acquire lock",
  description:
    "Take a named lock for this session, e.g. before running a test suite or opening a PR; release_lock it when done. Re-acquiring a lock you hold extends it. With wait_seconds, waits in line (first come, first served) and reports its place in line and the holder as progress. A refusal lists the holders and how many wait; check_lock shows the line. A name without ':' is a resource lock; 'work' means the current git branch's lock.",
  inputSchema: acquireLockInput,
  outputSchema: withNotices(AcquireResultSchema),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
};

/** A grant this very call waited for is told by its result; its notice is not repeated. */
export function toldGrant(data: Record<string, unknown>, notice: Notice): boolean {
  return data.acquired === true && notice.type === "lock.acquired" && notice.name === data.lock_name;
}

export function registerAcquireLockTool(server: McpServer, deps: ToolDeps): void {
  server.registerTool(name, config, (args, extra) =>
    runTool(
      deps,
      () =>
        deps.connection.coordinator.acquire(args.lock_name, {
          ttl: args.timeout_seconds,
          wait: args.wait_seconds,
          slots: args.slots,
          mode: args.shared ? "shared" : "exclusive",
          signal: AbortSignal.any([extra.signal, deps.inFlight.shutdown.signal]),
          onWait: waitProgress(extra, args.wait_seconds),
          // a grant the client no longer waits for (its request timed out) reaches it with its next call
          notifyOnGrant: true,
        }),
      { signal: extra.signal, told: toldGrant },
    ),
  );
}

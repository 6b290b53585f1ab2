import {
  LockNameSchema,
  ReasonSchema,
  RequestReleaseResultSchema,
  WaitSecondsSchema,
} from "@agent-baton/core";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import { withNotices } from "../pending-notices.js";
import { runTool, type ToolDeps } from "../tool-result.js";
import { acquireLockInput, toldGrant } from "./acquire-lock.js";
import { waitProgress } from "./wait-progress.js";

const name = "request_release";

/** The arguments: the lock, why, and (as acquire_lock's) how to wait for it afterwards. */
export const requestReleaseInput = {
  lock_name: LockNameSchema,
  reason: ReasonSchema,
  wait_seconds: z
    .optional(WaitSecondsSchema)
    .describe("Then wait in line for the lock up to this many seconds (default 0: only ask)"),
  timeout_seconds: acquireLockInput.timeout_seconds,
  slots: acquireLockInput.slots,
  shared: acquireLockInput.shared,
};

const config = {
  title: "Request release",
  description:
    "Ask the sessions holding a lock to release it, saying why: each holder is told once, with its next tool call or prompt, who asks and why; the request shows on the lock (check_lock's requests) until the lock goes or 10 minutes pass. Holders decide; this never takes the lock. With wait_seconds, then waits in line for it as acquire_lock does (result in acquire).",
  inputSchema: requestReleaseInput,
  outputSchema: withNotices(RequestReleaseResultSchema),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
};

export function registerRequestReleaseTool(server: McpServer, deps: ToolDeps): void {
  server.registerTool(name, config, (args, extra) =>
    runTool(
      deps,
      () =>
        deps.connection.coordinator.requestRelease(args.lock_name, {
          reason: args.reason,
          wait: args.wait_seconds,
          ttl: args.timeout_seconds,
          slots: args.slots,
          mode: args.shared ? "shared" : "exclusive",
          signal: AbortSignal.any([extra.signal, deps.inFlight.shutdown.signal]),
          onWait: waitProgress(extra, args.wait_seconds),
        }),
      {
        signal: extra.signal,
        told: (data, notice) =>
          typeof data.acquire === "object" && toldGrant(data.acquire as Record<string, unknown>, notice),
      },
    ),
  );
}

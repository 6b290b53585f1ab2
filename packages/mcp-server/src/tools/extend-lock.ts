import { ExtendResultSchema, LockNameSchema, TtlSecondsSchema } from "@agent-baton/core";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { withNotices } from "../pending-notices.js";
import { runTool, type ToolDeps } from "../tool-result.js";

const name = "extend_lock";

/** The arguments, with core's bounds (the CLI's `lock extend --ttl` uses the same TTL schema object). */
export const extendLockInput = { lock_name: LockNameSchema, timeout_seconds: TtlSecondsSchema };

const config = {
  title: "Extend lock",
  description: "Reset a held lock's expiry to timeout_seconds from now. Only the holder can extend it.",
  inputSchema: extendLockInput,
  outputSchema: withNotices(ExtendResultSchema),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
};

export function registerExtendLockTool(server: McpServer, deps: ToolDeps): void {
  server.registerTool(name, config, ({ lock_name, timeout_seconds }, extra) =>
    runTool(deps, () => deps.connection.coordinator.extend(lock_name, timeout_seconds), {
      signal: extra.signal,
    }),
  );
}

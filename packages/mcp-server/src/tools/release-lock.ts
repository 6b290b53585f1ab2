import { LockNameSchema, ReleaseResultSchema } from "@agent-baton/core";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { withNotices } from "../pending-notices.js";
import { runTool, type ToolDeps } from "../tool-result.js";

const name = "release_lock";
const config = {
  title: "Release lock",
  description:
    "Release a lock this session holds. Another session's lock is not released (reason not_owner).",
  inputSchema: { lock_name: LockNameSchema },
  outputSchema: withNotices(ReleaseResultSchema),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
};

export function registerReleaseLockTool(server: McpServer, deps: ToolDeps): void {
  server.registerTool(name, config, ({ lock_name }, extra) =>
    runTool(deps, () => deps.connection.coordinator.release(lock_name), { signal: extra.signal }),
  );
}

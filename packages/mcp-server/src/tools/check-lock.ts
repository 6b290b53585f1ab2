import { CheckResultSchema, LockNameSchema } from "@agent-baton/core";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { runTool, type ToolDeps } from "../tool-result.js";

const name = "check_lock";
const config = {
  title: "Check lock",
  description: "Whether a lock is available, and if not who holds it and until when.",
  inputSchema: { lock_name: LockNameSchema },
  outputSchema: CheckResultSchema,
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
};

export function registerCheckLockTool(server: McpServer, deps: ToolDeps): void {
  server.registerTool(name, config, ({ lock_name }) =>
    runTool(deps, () => deps.connection.coordinator.check(lock_name)),
  );
}

import { StatusResultSchema } from "@agent-baton/core";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { runTool, type ToolDeps } from "../tool-result.js";

const name = "session_status";
const config = {
  title: "Session status",
  description:
    "Every session with its tier (active, idle, stale, abandoned, dead), heartbeat age, worktree, claim and locks; yours is marked me.",
  inputSchema: {},
  outputSchema: StatusResultSchema,
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
};

export function registerSessionStatusTool(server: McpServer, deps: ToolDeps): void {
  server.registerTool(name, config, () => runTool(deps, () => deps.connection.coordinator.sessions.status()));
}

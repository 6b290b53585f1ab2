import { HeartbeatResultSchema } from "@agent-baton/core";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { runTool, type ToolDeps } from "../tool-result.js";

const name = "heartbeat";
const config = {
  title: "Heartbeat",
  description: "Mark this session active now (registers it first when it is not registered).",
  inputSchema: {},
  outputSchema: HeartbeatResultSchema,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
};

export function registerHeartbeatTool(server: McpServer, deps: ToolDeps): void {
  server.registerTool(name, config, () =>
    runTool(deps, () => deps.connection.coordinator.sessions.heartbeat()),
  );
}

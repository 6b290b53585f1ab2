import { HeartbeatResultSchema } from "@agent-baton/core";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { withNotices } from "../pending-notices.js";
import { runTool, type ToolDeps } from "../tool-result.js";

const name = "heartbeat";
const config = {
  title: "Heartbeat",
  description: "Mark this session active now (registers it first when it is not registered).",
  inputSchema: {},
  outputSchema: withNotices(HeartbeatResultSchema),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
};

export function registerHeartbeatTool(server: McpServer, deps: ToolDeps): void {
  server.registerTool(name, config, (_args, extra) =>
    runTool(deps, () => deps.connection.coordinator.sessions.heartbeat(), { signal: extra.signal }),
  );
}

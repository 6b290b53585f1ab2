import { HealthResultSchema } from "@agent-baton/core";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { withNotices } from "../pending-notices.js";
import { runTool, type ToolDeps } from "../tool-result.js";
import { VERSION } from "../version.js";

const name = "health_check";
const config = {
  title: "Health check",
  description: "Whether the coordination backend (file directory or Redis) answers, and how fast.",
  inputSchema: {},
  outputSchema: withNotices(HealthResultSchema),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
};

export function registerHealthCheckTool(server: McpServer, deps: ToolDeps): void {
  server.registerTool(name, config, (_args, extra) =>
    runTool(deps, async () => ({ ...(await deps.connection.coordinator.health()), version: VERSION }), {
      signal: extra.signal,
    }),
  );
}

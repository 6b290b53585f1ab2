import { HealthResultSchema } from "@agent-baton/core";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { runTool, type ToolDeps } from "../tool-result.js";
import { VERSION } from "../version.js";

const name = "health_check";
const config = {
  title: "Health check",
  description: "Whether the coordination backend (file directory or Redis) answers, and how fast.",
  inputSchema: {},
  outputSchema: HealthResultSchema,
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
};

export function registerHealthCheckTool(server: McpServer, deps: ToolDeps): void {
  server.registerTool(name, config, () =>
    runTool(deps, async () => ({ ...(await deps.connection.coordinator.health()), version: VERSION })),
  );
}

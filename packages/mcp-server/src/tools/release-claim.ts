import { ReleaseClaimResultSchema } from "@agent-baton/core";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { runTool, type ToolDeps } from "../tool-result.js";

const name = "release_claim";
const config = {
  title: "Release claim",
  description: "Release this session's issue claim, if it has one.",
  inputSchema: {},
  outputSchema: ReleaseClaimResultSchema,
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
};

export function registerReleaseClaimTool(server: McpServer, deps: ToolDeps): void {
  server.registerTool(name, config, () => runTool(deps, () => deps.connection.coordinator.claims.release()));
}

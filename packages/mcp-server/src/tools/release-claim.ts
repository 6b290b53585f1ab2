import { ReleaseClaimResultSchema } from "@agent-baton/core";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { withNotices } from "../pending-notices.js";
import { runTool, type ToolDeps } from "../tool-result.js";

const name = "release_claim";
const config = {
  title: "Release claim",
  description: "Release this session's issue claim, if it has one.",
  inputSchema: {},
  outputSchema: withNotices(ReleaseClaimResultSchema),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
};

export function registerReleaseClaimTool(server: McpServer, deps: ToolDeps): void {
  server.registerTool(name, config, (_args, extra) =>
    runTool(deps, () => deps.connection.coordinator.claims.release(), { signal: extra.signal }),
  );
}

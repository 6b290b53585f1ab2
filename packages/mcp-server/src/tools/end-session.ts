import { EndResultSchema } from "@agent-baton/core";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { withNotices } from "../pending-notices.js";
import { runTool, type ToolDeps } from "../tool-result.js";

const name = "end_session";
const config = {
  title: "End session",
  description: "End this session: remove it and release every lock and claim it holds, saying which.",
  inputSchema: {},
  outputSchema: withNotices(EndResultSchema),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
};

export function registerEndSessionTool(server: McpServer, deps: ToolDeps): void {
  server.registerTool(name, config, (_args, extra) =>
    runTool(deps, () => deps.connection.coordinator.sessions.end(), { signal: extra.signal }),
  );
}

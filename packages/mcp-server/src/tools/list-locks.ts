import { ListLocksResultSchema } from "@agent-baton/core";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import { runTool, type ToolDeps } from "../tool-result.js";

const name = "list_locks";
const config = {
  title: "List locks",
  description:
    "Every held lock whose name matches a glob (* ? [...]). A pattern without ':' matches resource locks; 'issue:*' the issue locks.",
  inputSchema: { pattern: z.string().default("*").describe("Glob over lock names (default *)") },
  outputSchema: ListLocksResultSchema,
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
};

export function registerListLocksTool(server: McpServer, deps: ToolDeps): void {
  server.registerTool(name, config, ({ pattern }) =>
    runTool(deps, () => deps.connection.coordinator.list(pattern)),
  );
}

import { ListClaimsResultSchema, RepoSchema } from "@agent-baton/core";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import { withNotices } from "../pending-notices.js";
import { runTool, type ToolDeps } from "../tool-result.js";

const name = "list_claims";
const config = {
  title: "List claims",
  description:
    "Issue claims held by active or idle sessions, of one repository (default: the server's git origin, else all).",
  inputSchema: { repo: z.optional(RepoSchema).describe("owner/name; omit for the default") },
  outputSchema: withNotices(ListClaimsResultSchema),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
};

export function registerListClaimsTool(server: McpServer, deps: ToolDeps): void {
  server.registerTool(name, config, ({ repo }, extra) =>
    runTool(deps, () => deps.connection.coordinator.claims.list(repo), { signal: extra.signal }),
  );
}

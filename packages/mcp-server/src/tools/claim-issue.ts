import { ClaimResultSchema, IssueNumberSchema, RepoSchema } from "@agent-baton/core";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import { withNotices } from "../pending-notices.js";
import { runTool, type ToolDeps } from "../tool-result.js";

const name = "claim_issue";
const config = {
  title: "Claim issue",
  description:
    "Claim a GitHub issue for this session so no other session works on it. Refused while a live session holds it; a session holds one claim, a new one replaces the old.",
  inputSchema: {
    issue_number: IssueNumberSchema,
    title: z.string().optional().describe("Issue title (default: from gh, else 'Issue N')"),
    repo: z.optional(RepoSchema).describe("owner/name (default: the server's git origin)"),
  },
  outputSchema: withNotices(ClaimResultSchema),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
};

export function registerClaimIssueTool(server: McpServer, deps: ToolDeps): void {
  server.registerTool(name, config, ({ issue_number, title, repo }, extra) =>
    runTool(deps, () => deps.connection.coordinator.claims.claim(issue_number, { title, repo }), {
      signal: extra.signal,
    }),
  );
}

import { OverlapsResultSchema } from "@agent-baton/core";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { withNotices } from "../pending-notices.js";
import { runTool, type ToolDeps } from "../tool-result.js";

const name = "check_overlaps";
const config = {
  title: "Check overlaps",
  description:
    "For each live session working on this machine, the files its worktree changed (staged, unstaged, untracked, and in commits not on its upstream), and every path changed in two or more live sessions' worktrees of one repository, with who and since when.",
  inputSchema: {},
  outputSchema: withNotices(OverlapsResultSchema),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
};

export function registerCheckOverlapsTool(server: McpServer, deps: ToolDeps): void {
  server.registerTool(name, config, (_args, extra) =>
    runTool(deps, () => deps.connection.coordinator.worktrees.overlaps(), { signal: extra.signal }),
  );
}
